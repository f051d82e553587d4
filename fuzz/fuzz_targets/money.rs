//! The money parsers, property-style: whatever `Money::from_minor_str`, `Money::from_major_decimal` or `paciolan::Amount` (FromStr and Deserialize) accept, `to_major_decimal()` re-parses to the same value, and formatting never panics.
#![no_main]

use std::str::FromStr;
use std::sync::LazyLock;

use box_office::domain::{Currency, Money};
use box_office::providers::paciolan::Amount;
use libfuzzer_sys::fuzz_target;

/// Currencies of every exponent ISO 4217 has: 0 (JPY, and XAU with none),
/// 2 (RUB, USD, KZT), 3 (KWD), 4 (CLF).
static CURRENCIES: LazyLock<Vec<Currency>> = LazyLock::new(|| {
    ["RUB", "USD", "JPY", "KWD", "CLF", "XAU", "KZT", "EUR"]
        .iter()
        .map(|c| c.parse().expect("an ISO 4217 code"))
        .collect()
});

/// The value must survive `to_major_decimal` and back, and format.
fn round_trips(m: Money) {
    let text = m.to_major_decimal();
    assert_eq!(
        Money::from_major_decimal(&text, m.currency),
        Ok(m),
        "{m:?} written as {text:?}"
    );
    let amount = Amount::from_str(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    assert_eq!(amount.to_money(m.currency), Ok(m), "{text:?}");
    for locale in ["ru-RU", "en-US", "de-DE"] {
        let _ = m.format(locale);
    }
    let _ = m.to_string();
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let currency = CURRENCIES[usize::from(pick) % CURRENCIES.len()];

    // Afisha: minor units with a known code, and "value|code" with any code.
    if let Ok(m) = Money::from_minor_str(text, currency.code()) {
        assert_eq!(m.currency, currency);
        round_trips(m);
    }
    if let Some((value, code)) = text.split_once('|')
        && let Ok(m) = Money::from_minor_str(value, code)
    {
        round_trips(m);
    }

    // Paciolan: major units as exact decimal text.
    if let Ok(m) = Money::from_major_decimal(text, currency) {
        round_trips(m);
    }
    if let Ok(a) = Amount::from_str(text) {
        assert_eq!(
            a.to_money(currency).ok(),
            Money::from_major_decimal(text, currency).ok()
        );
        if let Ok(m) = a.to_money(currency) {
            round_trips(m);
            assert_eq!(Amount::from_money(m).to_money(currency), Ok(m));
        }
    }
    if let Ok(a) = serde_json::from_str::<Amount>(text) {
        let json = serde_json::to_string(&a).expect("a deserialized amount serializes");
        assert_eq!(serde_json::from_str::<Amount>(&json).ok(), Some(a.clone()));
        if let Ok(m) = a.to_money(currency) {
            round_trips(m);
        }
    }
});
