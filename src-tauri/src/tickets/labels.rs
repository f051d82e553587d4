//! The words printed on tickets, in Russian for Russian-locale orders and in
//! English for every other locale (the two languages of the venues Box
//! Office serves). Dates and times come from [`crate::domain::format`], the
//! same words the counter screen shows.

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
    pub child: &'static str,
    pub accessible: &'static str,
    /// Printed before `REPRINT n` (which is always printed, so gate staff of
    /// any language recognise it).
    pub reprint_word: Option<&'static str>,
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
    child: "Детский",
    accessible: "Для людей с ОВЗ",
    reprint_word: Some("ДУБЛИКАТ"),
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
    child: "Child",
    accessible: "Accessible seat",
    reprint_word: None,
};

/// The labels for a BCP 47 locale (`ru-RU`, `ru-KZ`, `en-US`, `de-DE`).
pub(crate) fn labels(locale: &str) -> &'static Labels {
    let mut parts = locale.split(['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let region = parts.next().unwrap_or("").to_ascii_uppercase();
    match (lang.as_str(), region.as_str()) {
        ("ru", _) => &RU,
        _ => &EN,
    }
}

impl Labels {
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
