//! Money as the counter handles it: integer minor units plus an ISO 4217 code.
//!
//! No amount ever passes through a float. The platforms send money in two
//! shapes: Afisha as a string of minor units (`"150000"` kopecks), Paciolan as
//! a JSON number in major units (`52.5` dollars). Both are parsed here from
//! their exact decimal text, and rejected when they carry more precision than
//! the currency has, because rounding a price silently is how tills drift.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// Why an amount or a currency code could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("“{0}” is not an ISO 4217 currency code")]
    UnknownCurrency(String),
    #[error("“{0}” is not a whole number of minor units")]
    NotMinorUnits(String),
    #[error("“{value}” has more decimals than {currency} allows ({exponent})")]
    TooPrecise {
        value: String,
        currency: String,
        exponent: u32,
    },
    #[error("“{0}” is not a decimal amount")]
    NotDecimal(String),
    #[error("the amount “{0}” is too large")]
    Overflow(String),
    #[error("cannot add {0} to {1}: different currencies")]
    CurrencyMismatch(String, String),
}

/// An ISO 4217 alphabetic code, validated against the standard's list.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(into = "String")]
pub struct Currency(#[specta(type = String)] iso_currency::Currency);

impl Currency {
    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// Digits after the decimal point (2 for RUB and USD, 0 for JPY, 3 for KWD).
    pub fn exponent(&self) -> u32 {
        self.0.exponent().map(u32::from).unwrap_or(0)
    }

    /// The sign a cashier expects to see (`₽`, `$`, `€`), falling back to the code.
    pub fn symbol(&self) -> String {
        match self.code() {
            "RUB" => "₽".to_owned(),
            "USD" => "$".to_owned(),
            "EUR" => "€".to_owned(),
            "GBP" => "£".to_owned(),
            "JPY" => "¥".to_owned(),
            "KZT" => "₸".to_owned(),
            "UAH" => "₴".to_owned(),
            "TRY" => "₺".to_owned(),
            "ILS" => "₪".to_owned(),
            "INR" => "₹".to_owned(),
            code => code.to_owned(),
        }
    }
}

impl From<iso_currency::Currency> for Currency {
    fn from(c: iso_currency::Currency) -> Self {
        Currency(c)
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        iso_currency::Currency::from_code(s.trim())
            .map(Currency)
            .ok_or_else(|| MoneyError::UnknownCurrency(s.to_owned()))
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_owned()
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Currency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Currency".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": "ISO 4217 alphabetic currency code"
        })
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount of money: integer minor units and the currency they count.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, specta::Type,
)]
pub struct Money {
    /// Minor units (kopecks, cents). Negative for refunds. Shown to the UI
    /// as a JS number: exact up to 2^53 minor units, far beyond any order.
    #[specta(type = specta_typescript::Number)]
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Money { minor: 0, currency }
    }

    /// Parses the Afisha form: a string of minor units (`"150000"`) and a code.
    pub fn from_minor_str(value: &str, currency: &str) -> Result<Self, MoneyError> {
        let currency: Currency = currency.parse()?;
        let v = value.trim();
        let digits = v.strip_prefix('-').unwrap_or(v);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::NotMinorUnits(value.to_owned()));
        }
        let minor = v
            .parse::<i64>()
            .map_err(|_| MoneyError::Overflow(value.to_owned()))?;
        Ok(Money { minor, currency })
    }

    /// Parses a decimal in major units (`"52.5"`, `"104"`, `"1e2"` is refused)
    /// exactly, as Paciolan's JSON numbers are written.
    pub fn from_major_decimal(text: &str, currency: Currency) -> Result<Self, MoneyError> {
        let exponent = currency.exponent();
        let t = text.trim();
        let (negative, body) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int_part.is_empty() || !is_digits(int_part) || !is_digits(frac_part) {
            return Err(MoneyError::NotDecimal(text.to_owned()));
        }
        if body.contains('.') && frac_part.is_empty() {
            return Err(MoneyError::NotDecimal(text.to_owned()));
        }
        let significant = frac_part.trim_end_matches('0');
        if significant.len() > exponent as usize {
            return Err(MoneyError::TooPrecise {
                value: text.to_owned(),
                currency: currency.code().to_owned(),
                exponent,
            });
        }
        let overflow = || MoneyError::Overflow(text.to_owned());
        let scale = 10i128.checked_pow(exponent).ok_or_else(overflow)?;
        let whole: u64 = int_part.parse().map_err(|_| overflow())?;
        let mut frac: i128 = 0;
        for i in 0..exponent as usize {
            let digit = significant
                .as_bytes()
                .get(i)
                .map_or(0, |b| i128::from(b - b'0'));
            frac = frac * 10 + digit;
        }
        // The magnitude is worked out wide and the sign applied before the
        // range check, so the most negative amount (`i64::MIN` minor units,
        // which `to_major_decimal` writes) reads back instead of overflowing.
        let magnitude = i128::from(whole)
            .checked_mul(scale)
            .and_then(|w| w.checked_add(frac))
            .ok_or_else(overflow)?;
        let minor =
            i64::try_from(if negative { -magnitude } else { magnitude }).map_err(|_| overflow())?;
        Ok(Money { minor, currency })
    }

    /// The amount in major units as exact decimal text (`"52.50"`), the way a
    /// JSON number is written for Paciolan.
    pub fn to_major_decimal(&self) -> String {
        let exponent = self.currency.exponent() as usize;
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if exponent == 0 {
            return format!("{sign}{abs}");
        }
        let scale = 10u64.pow(exponent as u32);
        format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = exponent
        )
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(
                other.currency.to_string(),
                self.currency.to_string(),
            ));
        }
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or_else(|| MoneyError::Overflow(format!("{} + {}", self.minor, other.minor)))?;
        Ok(Money::new(minor, self.currency))
    }

    /// Formats for a cashier in the venue's locale: `1 234,56 ₽`, `$1,234.56`,
    /// `1.234,56 €`.
    pub fn format(&self, locale: &str) -> String {
        let style = LocaleStyle::for_locale(locale);
        let exponent = self.currency.exponent() as usize;
        let abs = self.minor.unsigned_abs();
        let scale = 10u64.pow(exponent as u32);
        let whole = group_digits(abs / scale, style.group);
        let mut number = whole;
        if exponent > 0 {
            number.push(style.decimal);
            number.push_str(&format!("{:0width$}", abs % scale, width = exponent));
        }
        let sign = if self.minor < 0 { "-" } else { "" };
        let symbol = self.currency.symbol();
        if style.symbol_first {
            format!("{sign}{symbol}{number}")
        } else {
            format!("{sign}{number}\u{a0}{symbol}")
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_major_decimal(), self.currency)
    }
}

struct LocaleStyle {
    group: &'static str,
    decimal: char,
    symbol_first: bool,
}

impl LocaleStyle {
    fn for_locale(locale: &str) -> LocaleStyle {
        let lang = locale
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase();
        match lang.as_str() {
            // Narrow no-break space, as CLDR groups Russian and French digits.
            "ru" | "uk" | "kk" | "be" | "fr" | "cs" | "pl" | "sv" | "fi" | "nb" => LocaleStyle {
                group: "\u{202f}",
                decimal: ',',
                symbol_first: false,
            },
            "de" | "es" | "it" | "nl" | "pt" | "tr" | "da" => LocaleStyle {
                group: ".",
                decimal: ',',
                symbol_first: false,
            },
            _ => LocaleStyle {
                group: ",",
                decimal: '.',
                symbol_first: true,
            },
        }
    }
}

fn group_digits(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

/// Price, fee and total of a ticket or an order, as the platforms break it down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Cost {
    pub price: Option<Money>,
    pub fee: Option<Money>,
    pub total: Option<Money>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rub() -> Currency {
        "RUB".parse().unwrap()
    }

    #[test]
    fn afisha_minor_strings_parse_exactly() {
        let m = Money::from_minor_str("150000", "RUB").unwrap();
        assert_eq!(m.minor, 150_000);
        assert_eq!(m.to_major_decimal(), "1500.00");
        assert_eq!(Money::from_minor_str("-250", "USD").unwrap().minor, -250);
        assert_eq!(
            Money::from_minor_str("9223372036854775807", "RUB")
                .unwrap()
                .minor,
            i64::MAX
        );
    }

    #[test]
    fn afisha_minor_strings_reject_what_is_not_an_integer() {
        for bad in [
            "",
            "12.5",
            "1e3",
            " ",
            "-",
            "12a",
            "+5",
            "99999999999999999999",
        ] {
            assert!(Money::from_minor_str(bad, "RUB").is_err(), "{bad:?}");
        }
        assert_eq!(
            Money::from_minor_str("1", "XXY"),
            Err(MoneyError::UnknownCurrency("XXY".into()))
        );
    }

    #[test]
    fn paciolan_decimals_parse_without_floats() {
        let usd: Currency = "USD".parse().unwrap();
        assert_eq!(Money::from_major_decimal("52.5", usd).unwrap().minor, 5250);
        assert_eq!(Money::from_major_decimal("104", usd).unwrap().minor, 10400);
        assert_eq!(Money::from_major_decimal("0.10", usd).unwrap().minor, 10);
        assert_eq!(
            Money::from_major_decimal("19.990", usd).unwrap().minor,
            1999
        );
        // 0.1 + 0.2 in floats is 0.30000000000000004; here it is exact.
        let a = Money::from_major_decimal("0.1", usd).unwrap();
        let b = Money::from_major_decimal("0.2", usd).unwrap();
        assert_eq!(a.checked_add(b).unwrap().minor, 30);
    }

    #[test]
    fn paciolan_decimals_refuse_rounding_and_junk() {
        let usd: Currency = "USD".parse().unwrap();
        assert!(matches!(
            Money::from_major_decimal("1.005", usd),
            Err(MoneyError::TooPrecise { .. })
        ));
        for bad in ["1e2", "", ".5", "5.", "1,5", "NaN", "--1"] {
            assert!(Money::from_major_decimal(bad, usd).is_err(), "{bad:?}");
        }
        let jpy: Currency = "JPY".parse().unwrap();
        assert_eq!(Money::from_major_decimal("1500", jpy).unwrap().minor, 1500);
        assert!(Money::from_major_decimal("1500.5", jpy).is_err());
        let kwd: Currency = "KWD".parse().unwrap();
        assert_eq!(Money::from_major_decimal("1.234", kwd).unwrap().minor, 1234);
    }

    /// Fuzzing (`fuzz/`, target `money`): `i64::MIN` minor units, which
    /// Afisha's int64 strings can carry, were written by `to_major_decimal`
    /// as text that `from_major_decimal` refused as an overflow.
    #[test]
    fn the_extreme_amounts_round_trip_through_major_decimals() {
        for code in ["RUB", "JPY", "KWD", "CLF"] {
            for minor in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
                let m = Money::new(minor, code.parse().unwrap());
                let text = m.to_major_decimal();
                assert_eq!(
                    Money::from_major_decimal(&text, m.currency),
                    Ok(m),
                    "{text}"
                );
            }
        }
        let rub = rub();
        let min = Money::from_minor_str("-9223372036854775808", "RUB").unwrap();
        assert_eq!(min.to_major_decimal(), "-92233720368547758.08");
        for over in ["92233720368547758.08", "-92233720368547758.09"] {
            assert!(
                matches!(
                    Money::from_major_decimal(over, rub),
                    Err(MoneyError::Overflow(_))
                ),
                "{over}"
            );
        }
    }

    #[test]
    fn formats_for_the_venue_locale() {
        assert_eq!(
            Money::new(123_456, rub()).format("ru-RU"),
            "1\u{202f}234,56\u{a0}₽"
        );
        let usd: Currency = "USD".parse().unwrap();
        assert_eq!(Money::new(123_456, usd).format("en-US"), "$1,234.56");
        let eur: Currency = "EUR".parse().unwrap();
        assert_eq!(Money::new(1250, eur).format("de-DE"), "12,50\u{a0}€");
        let jpy: Currency = "JPY".parse().unwrap();
        assert_eq!(Money::new(1500, jpy).format("en-US"), "¥1,500");
        assert_eq!(Money::new(-500, usd).format("en-US"), "-$5.00");
    }

    #[test]
    fn adding_different_currencies_is_an_error() {
        let usd: Currency = "USD".parse().unwrap();
        assert!(
            Money::new(1, usd)
                .checked_add(Money::new(1, rub()))
                .is_err()
        );
    }

    #[test]
    fn money_round_trips_through_json() {
        let m = Money::new(150_000, rub());
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"minor":150000,"currency":"RUB"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        assert!(serde_json::from_str::<Money>(r#"{"minor":1,"currency":"ZZZ"}"#).is_err());
    }
}
