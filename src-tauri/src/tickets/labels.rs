//! The words printed on tickets, in Russian for Russian-locale orders and in
//! English for every other locale (the two languages of the venues Box
//! Office serves); dates and times are written the way each reader expects.

use chrono::{DateTime, Datelike, TimeZone, Timelike};

/// Everything a ticket or an order form labels.
pub(crate) struct Labels {
    pub row: &'static str,
    pub place: &'static str,
    pub section: &'static str,
    pub general_admission: &'static str,
    pub unassigned: &'static str,
    pub level: &'static str,
    pub category: &'static str,
    pub price: &'static str,
    pub fee: &'static str,
    pub total: &'static str,
    pub order: &'static str,
    pub ticket: &'static str,
    pub transaction: &'static str,
    pub customer: &'static str,
    pub visitor: &'static str,
    pub access_id: &'static str,
    pub order_form: &'static str,
    pub seats: &'static str,
    pub continued: &'static str,
    pub all_day: &'static str,
    pub child: &'static str,
    pub accessible: &'static str,
    /// Printed before `REPRINT n` (which is always printed, so gate staff of
    /// any language recognise it).
    pub reprint_word: Option<&'static str>,
    months: [&'static str; 12],
    weekdays: [&'static str; 7],
    style: DateStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateStyle {
    /// `ср, 26 ноября 2025, 19:30`
    Russian,
    /// `Wed, Nov 26, 2025, 7:30 PM`
    UnitedStates,
    /// `Wed, 26 Nov 2025, 19:30`
    English,
}

const RU: Labels = Labels {
    row: "Ряд",
    place: "Место",
    section: "Сектор",
    general_admission: "Входной",
    unassigned: "Без места",
    level: "Уровень",
    category: "Категория",
    price: "Цена",
    fee: "Сбор",
    total: "Итого",
    order: "Заказ",
    ticket: "Билет",
    transaction: "Транзакция",
    customer: "Покупатель",
    visitor: "Зритель",
    access_id: "Код доступа",
    order_form: "БЛАНК ЗАКАЗА",
    seats: "Места",
    continued: "продолжение",
    all_day: "весь день",
    child: "Детский",
    accessible: "Для людей с ОВЗ",
    reprint_word: Some("ДУБЛИКАТ"),
    months: [
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
    ],
    weekdays: ["пн", "вт", "ср", "чт", "пт", "сб", "вс"],
    style: DateStyle::Russian,
};

const EN: Labels = Labels {
    row: "Row",
    place: "Seat",
    section: "Section",
    general_admission: "General admission",
    unassigned: "Unassigned",
    level: "Level",
    category: "Category",
    price: "Price",
    fee: "Fee",
    total: "Total",
    order: "Order",
    ticket: "Ticket",
    transaction: "Transaction",
    customer: "Customer",
    visitor: "Visitor",
    access_id: "Access ID",
    order_form: "ORDER FORM",
    seats: "Seats",
    continued: "continued",
    all_day: "all day",
    child: "Child",
    accessible: "Accessible seat",
    reprint_word: None,
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    style: DateStyle::English,
};

const EN_US: Labels = Labels {
    style: DateStyle::UnitedStates,
    ..EN
};

/// The labels for a BCP 47 locale (`ru-RU`, `ru-KZ`, `en-US`, `de-DE`).
pub(crate) fn labels(locale: &str) -> &'static Labels {
    let mut parts = locale.split(['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let region = parts.next().unwrap_or("").to_ascii_uppercase();
    match (lang.as_str(), region.as_str()) {
        ("ru", _) => &RU,
        ("en", "US") => &EN_US,
        _ => &EN,
    }
}

impl Labels {
    /// The session's date and time; the date alone for all-day events.
    pub fn session_time<Tz: TimeZone>(&self, t: &DateTime<Tz>, all_day: bool) -> String {
        let date = self.long_date(t);
        if all_day {
            return match self.style {
                DateStyle::Russian => format!("{date}, {}", self.all_day),
                _ => format!("{date} ({})", self.all_day),
            };
        }
        format!("{date}, {}", self.clock(t))
    }

    /// A compact timestamp, for the reprint mark.
    pub fn timestamp<Tz: TimeZone>(&self, t: &DateTime<Tz>) -> String {
        match self.style {
            DateStyle::Russian => {
                format!(
                    "{:02}.{:02}.{} {}",
                    t.day(),
                    t.month(),
                    t.year(),
                    self.clock(t)
                )
            }
            DateStyle::UnitedStates => format!(
                "{} {}, {} {}",
                self.month(t),
                t.day(),
                t.year(),
                self.clock(t)
            ),
            DateStyle::English => format!(
                "{} {} {} {}",
                t.day(),
                self.month(t),
                t.year(),
                self.clock(t)
            ),
        }
    }

    fn month<Tz: TimeZone>(&self, t: &DateTime<Tz>) -> &'static str {
        self.months[t.month0() as usize % 12]
    }

    fn long_date<Tz: TimeZone>(&self, t: &DateTime<Tz>) -> String {
        let wd = self.weekdays[t.weekday().num_days_from_monday() as usize % 7];
        match self.style {
            DateStyle::Russian => format!("{wd}, {} {} {}", t.day(), self.month(t), t.year()),
            DateStyle::UnitedStates => format!("{wd}, {} {}, {}", self.month(t), t.day(), t.year()),
            DateStyle::English => format!("{wd}, {} {} {}", t.day(), self.month(t), t.year()),
        }
    }

    fn clock<Tz: TimeZone>(&self, t: &DateTime<Tz>) -> String {
        match self.style {
            DateStyle::UnitedStates => {
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

    /// What a non-regular price type is called on the ticket; `None` for the
    /// regular price, which goes without saying.
    pub fn price_type(&self, kind: &str) -> Option<String> {
        match kind.trim() {
            "" | "REGULAR" => None,
            "CHILD" => Some(self.child.to_owned()),
            "PERSON_WITH_SPECIAL_NEEDS" => Some(self.accessible.to_owned()),
            other => Some(other.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use chrono_tz::Tz;

    fn at(zone: &str, rfc3339: &str) -> DateTime<Tz> {
        let tz: Tz = zone.parse().unwrap();
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .with_timezone(&Utc)
            .with_timezone(&tz)
    }

    #[test]
    fn dates_read_as_each_locale_writes_them() {
        let moscow = at("Europe/Moscow", "2025-11-26T16:30:00Z");
        assert_eq!(
            labels("ru-RU").session_time(&moscow, false),
            "ср, 26 ноября 2025, 19:30"
        );
        assert_eq!(
            labels("ru-KZ").session_time(&moscow, true),
            "ср, 26 ноября 2025, весь день"
        );
        let la = at("America/Los_Angeles", "2025-11-27T04:15:00Z");
        assert_eq!(
            labels("en-US").session_time(&la, false),
            "Wed, Nov 26, 2025, 8:15\u{a0}PM"
        );
        let berlin = at("Europe/Berlin", "2025-11-26T19:15:00Z");
        assert_eq!(
            labels("de-DE").session_time(&berlin, false),
            "Wed, 26 Nov 2025, 20:15"
        );
        assert_eq!(labels("ru-RU").timestamp(&moscow), "26.11.2025 19:30");
        assert_eq!(labels("en-US").timestamp(&la), "Nov 26, 2025 8:15\u{a0}PM");
    }

    #[test]
    fn russian_for_russian_locales_english_otherwise() {
        assert_eq!(labels("ru-RU").row, "Ряд");
        assert_eq!(labels("ru").general_admission, "Входной");
        assert_eq!(labels("en-US").general_admission, "General admission");
        assert_eq!(labels("kk-KZ").row, "Row");
        assert_eq!(labels("").row, "Row");
        assert_eq!(
            labels("ru-RU").price_type("CHILD").as_deref(),
            Some("Детский")
        );
        assert_eq!(labels("en-US").price_type("REGULAR"), None);
        assert_eq!(
            labels("en-US").price_type("Adult").as_deref(),
            Some("Adult")
        );
    }
}
