//! Dates and times as a cashier reads them: in the venue's time zone and
//! language. The same text goes on the counter screen and on the ticket, so
//! both say exactly the same thing about when a showing starts.

use chrono::{DateTime, Datelike, Timelike};
use chrono_tz::Tz;

use super::order::Session;

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
const DE_DAYS: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];

fn lang(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or("en")
}

/// The date of `t` as the locale writes it: `ср, 25 ноября 2026`,
/// `Wed, Nov 25, 2026`, `Mi, 25.11.2026`.
pub fn date(t: &DateTime<Tz>, locale: &str) -> String {
    let wd = t.weekday().num_days_from_monday() as usize;
    let m = t.month0() as usize;
    match lang(locale) {
        "ru" | "kk" | "uk" | "be" => {
            format!("{}, {} {} {}", RU_DAYS[wd], t.day(), RU_MONTHS[m], t.year())
        }
        "de" => format!(
            "{}, {:02}.{:02}.{}",
            DE_DAYS[wd],
            t.day(),
            t.month(),
            t.year()
        ),
        _ => format!(
            "{}, {} {}, {}",
            EN_DAYS[wd],
            EN_MONTHS[m],
            t.day(),
            t.year()
        ),
    }
}

/// The time of day: 24-hour except in English, which uses 12-hour.
pub fn time(t: &DateTime<Tz>, locale: &str) -> String {
    if locale.eq_ignore_ascii_case("en-US") || lang(locale) == "en" && locale.len() == 2 {
        let (pm, h) = t.hour12();
        format!("{h}:{:02} {}", t.minute(), if pm { "PM" } else { "AM" })
    } else {
        format!("{:02}:{:02}", t.hour(), t.minute())
    }
}

/// When the session takes place, in its own zone, with the zone's short
/// name so a cashier in another zone is not misled: `ср, 25 ноября 2026,
/// 19:30 MSK`. All-day sessions give the date only.
pub fn session(s: &Session, locale: &str) -> String {
    let start = s.local_start();
    if s.all_day {
        return date(&start, locale);
    }
    format!(
        "{}, {} {}",
        date(&start, locale),
        time(&start, locale),
        start.format("%Z")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn sess(zone: &str, all_day: bool) -> Session {
        Session {
            id: None,
            start: Utc.with_ymd_and_hms(2026, 11, 25, 16, 30, 0).unwrap(),
            end: None,
            time_zone: zone.to_owned(),
            all_day,
        }
    }

    #[test]
    fn shows_the_venue_zone_not_the_till_zone() {
        assert_eq!(
            session(&sess("Europe/Moscow", false), "ru-RU"),
            "ср, 25 ноября 2026, 19:30 MSK"
        );
        assert_eq!(
            session(&sess("America/Los_Angeles", false), "en-US"),
            "Wed, Nov 25, 2026, 8:30 AM PST"
        );
        assert_eq!(
            session(&sess("Europe/Berlin", false), "de-DE"),
            "Mi, 25.11.2026, 17:30 CET"
        );
    }

    #[test]
    fn all_day_sessions_have_no_time() {
        assert_eq!(
            session(&sess("Asia/Almaty", true), "ru-KZ"),
            "ср, 25 ноября 2026"
        );
    }
}
