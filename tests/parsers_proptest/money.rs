//! Money.

use super::*;
use crate::afisha_answer::reference_minor_units;

pub(crate) static CURRENCIES: LazyLock<Vec<Currency>> = LazyLock::new(|| {
    ["RUB", "USD", "JPY", "KWD", "CLF", "XAU", "KZT", "EUR"]
        .map(currency)
        .to_vec()
});

pub(crate) fn any_currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(CURRENCIES.clone())
}

/// Minor units of every size, the extremes most often.
pub(crate) fn minor() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => any::<i64>(),
        2 => -100_000i64..100_000,
        1 => prop::sample::select(vec![i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX - 1, i64::MAX]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn money_round_trips_in_minor_units(m in minor(), c in any_currency()) {
        let money = Money::new(m, c);
        let text = money.to_major_decimal();
        prop_assert_eq!(reference_minor(&text, c.exponent()), Some(m), "{}", text);
        prop_assert_eq!(Money::from_major_decimal(&text, c), Ok(money));
        let amount = Amount::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(amount.to_money(c), Ok(money));
        let back = Amount::from_money(money);
        prop_assert_eq!(back.as_str(), text.as_str());
        // As a Paciolan JSON number, and back.
        let a: Amount = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), text.clone());
        // As Afisha's minor-unit string.
        prop_assert_eq!(Money::from_minor_str(&m.to_string(), c.code()), Ok(money));
        prop_assert_eq!(Money::from_minor_str(&format!(" {m}\t"), c.code()), Ok(money));
        // As the order document writes it.
        let json = serde_json::to_string(&money).unwrap();
        prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
        for locale in ["ru-RU", "en-US", "de-DE"] {
            let shown = money.format(locale);
            prop_assert!(shown.starts_with('-') == (m < 0), "{}", shown);
        }
        prop_assert_eq!(money.to_string(), format!("{text} {c}"));
    }

    #[test]
    fn decimal_text_reads_to_exactly_its_value(
        t in prop_oneof![
            4 => decimal(),
            1 => "[ -]?[0-9.]{0,8}[ a-z]?",
            1 => "\\PC{0,10}",
        ],
        c in any_currency(),
    ) {
        let expected = reference_minor(&t, c.exponent());
        let got = Money::from_major_decimal(&t, c);
        prop_assert_eq!(got.as_ref().ok().map(|m| m.minor), expected, "{:?} in {}", t, c);
        if let Ok(m) = got {
            prop_assert_eq!(m.currency, c);
        }
        if let Ok(a) = Amount::from_str(&t) {
            prop_assert_eq!(a.to_money(c).ok().map(|m| m.minor), expected);
        }
        if let Ok(a) = serde_json::from_str::<Amount>(&t) {
            let json = serde_json::to_string(&a).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(serde_json::from_str::<Amount>(&json).ok(), Some(a));
        }
    }

    #[test]
    fn minor_unit_strings_read_exactly(
        t in prop_oneof![
            3 => minor().prop_map(|m| m.to_string()),
            1 => "[ +-]?[0-9]{0,21}[ .e]?",
            1 => "\\PC{0,8}",
        ],
        code in prop::sample::select(vec!["RUB", "USD", "JPY", "KWD", "XXY", ""]),
    ) {
        let got = Money::from_minor_str(&t, code);
        let known = code.parse::<Currency>().is_ok();
        let expected = reference_minor_units(&t).filter(|_| known);
        prop_assert_eq!(got.as_ref().ok().map(|m| m.minor), expected, "{:?} {}", t, code);
    }
}
