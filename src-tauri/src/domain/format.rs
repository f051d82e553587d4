//! Dates and times as a reader expects them: in the venue's time zone, in
//! Russian for Russian-locale venues and English otherwise (US style for
//! `en-US`). The counter screen and the printed ticket use these same
//! functions, so both say exactly the same thing about when a showing starts.

use chrono::{DateTime, Datelike, TimeZone, Timelike};

use super::order::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `ср, 26 ноября 2025, 19:30`
    Russian,
    /// `Wed, Nov 26, 2025, 7:30 PM`
    UnitedStates,
    /// `Wed, 26 Nov 2025, 19:30`
    English,
}

const RU_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const RU_DAYS: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn style(locale: &str) -> Style {
    let mut parts = locale.split(['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let region = parts.next().unwrap_or("").to_ascii_uppercase();
    match (lang.as_str(), region.as_str()) {
        ("ru", _) => Style::Russian,
        ("en", "US") => Style::UnitedStates,
        _ => Style::English,
    }
}

fn month<Tz: TimeZone>(s: Style, t: &DateTime<Tz>) -> &'static str {
    let m = t.month0() as usize % 12;
    if s == Style::Russian {
        RU_MONTHS[m]
    } else {
        EN_MONTHS[m]
    }
}

fn clock<Tz: TimeZone>(s: Style, t: &DateTime<Tz>) -> String {
    match s {
        Style::UnitedStates => {
            let (pm, h) = t.hour12();
            format!(
                "{h}:{:02}\u{a0}{}",
                t.minute(),
                if pm { "PM" } else { "AM" }
            )
        }
        _ => format!("{:02}:{:02}", t.hour(), t.minute()),
    }
}

/// `ср, 26 ноября 2025`, `Wed, Nov 26, 2025`, `Wed, 26 Nov 2025`.
pub fn date<Tz: TimeZone>(t: &DateTime<Tz>, locale: &str) -> String {
    let s = style(locale);
    let wd = t.weekday().num_days_from_monday() as usize % 7;
    let m = month(s, t);
    match s {
        Style::Russian => format!("{}, {} {m} {}", RU_DAYS[wd], t.day(), t.year()),
        Style::UnitedStates => format!("{}, {m} {}, {}", EN_DAYS[wd], t.day(), t.year()),
        Style::English => format!("{}, {} {m} {}", EN_DAYS[wd], t.day(), t.year()),
    }
}

/// When a session takes place, as printed on its ticket: date and time in
/// the session's zone; for all-day events the date and "all day".
pub fn session(s: &Session, locale: &str) -> String {
    let start = s.local_start();
    let st = style(locale);
    let day = date(&start, locale);
    match (s.all_day, st) {
        (true, Style::Russian) => format!("{day}, весь день"),
        (true, _) => format!("{day} (all day)"),
        (false, _) => format!("{day}, {}", clock(st, &start)),
    }
}

/// The same, with the zone's short name, for the counter screen, where the
/// till may be in another zone than the venue: `…, 19:30 MSK`.
pub fn session_with_zone(s: &Session, locale: &str) -> String {
    if s.all_day {
        return session(s, locale);
    }
    format!("{} {}", session(s, locale), zone_name(s))
}

/// The venue zone's short name at the session's start (`MSK`, `PST`; `+05`
/// where the tz database has no name), the same in every language.
pub fn zone_name(s: &Session) -> String {
    s.local_start().format("%Z").to_string()
}

/// A compact moment, for marks such as a reprint's: `26.11.2025 19:30`,
/// `Nov 26, 2025 8:15 PM`, `26 Nov 2025 19:30`.
pub fn timestamp<Tz: TimeZone>(t: &DateTime<Tz>, locale: &str) -> String {
    let s = style(locale);
    let m = month(s, t);
    let c = clock(s, t);
    match s {
        Style::Russian => format!("{:02}.{:02}.{} {c}", t.day(), t.month(), t.year()),
        Style::UnitedStates => format!("{m} {}, {} {c}", t.day(), t.year()),
        Style::English => format!("{} {m} {} {c}", t.day(), t.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn sess(zone: &str, rfc3339: &str, all_day: bool) -> Session {
        Session {
            id: None,
            start: DateTime::parse_from_rfc3339(rfc3339)
                .unwrap()
                .with_timezone(&Utc),
            end: None,
            time_zone: zone.to_owned(),
            all_day,
        }
    }

    #[test]
    fn dates_read_as_each_locale_writes_them_in_the_venue_zone() {
        let moscow = sess("Europe/Moscow", "2025-11-26T16:30:00Z", false);
        assert_eq!(session(&moscow, "ru-RU"), "ср, 26 ноября 2025, 19:30");
        assert_eq!(
            session_with_zone(&moscow, "ru-RU"),
            "ср, 26 ноября 2025, 19:30 MSK"
        );
        let la = sess("America/Los_Angeles", "2025-11-27T04:15:00Z", false);
        assert_eq!(session(&la, "en-US"), "Wed, Nov 26, 2025, 8:15\u{a0}PM");
        assert_eq!(
            session_with_zone(&la, "en-US"),
            "Wed, Nov 26, 2025, 8:15\u{a0}PM PST"
        );
        let berlin = sess("Europe/Berlin", "2025-11-26T19:15:00Z", false);
        assert_eq!(session(&berlin, "de-DE"), "Wed, 26 Nov 2025, 20:15");
        let t = moscow.local_start();
        assert_eq!(timestamp(&t, "ru-RU"), "26.11.2025 19:30");
        assert_eq!(
            timestamp(&la.local_start(), "en-US"),
            "Nov 26, 2025 8:15\u{a0}PM"
        );
    }

    #[test]
    fn all_day_sessions_have_no_time() {
        let almaty = sess("Asia/Almaty", "2025-11-26T05:00:00Z", true);
        assert_eq!(session(&almaty, "ru-KZ"), "ср, 26 ноября 2025, весь день");
        assert_eq!(
            session_with_zone(&almaty, "ru-KZ"),
            "ср, 26 ноября 2025, весь день"
        );
        assert_eq!(session(&almaty, "en-GB"), "Wed, 26 Nov 2025 (all day)");
    }
}
