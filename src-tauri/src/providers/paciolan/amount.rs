//! Paciolan writes money as bare JSON numbers in major units (`52.5`). An
//! [`Amount`] keeps such a number as its exact text, so it is never read into
//! a float, and converts to [`Money`] once the profile's currency is known.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::domain::{Currency, Money, MoneyError};

/// A JSON number in major units, exactly as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount(String);

impl Amount {
    /// The amount as exact decimal text in major units.
    pub fn from_money(m: Money) -> Amount {
        Amount(m.to_major_decimal())
    }

    pub fn to_money(&self, currency: Currency) -> Result<Money, MoneyError> {
        Money::from_major_decimal(&self.0, currency)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A JSON number as an exact amount, exponent form included (`5.25e1`
    /// is `52.5`): the digits are moved, never converted through a float.
    /// For answers, where a platform's serialiser may choose that form.
    pub fn from_json_number(text: &str) -> Result<Amount, MoneyError> {
        let t = text.trim();
        let Some(at) = t.find(['e', 'E']) else {
            return t.parse();
        };
        let bad = || MoneyError::NotDecimal(text.to_owned());
        let (mantissa, exp) = (&t[..at], &t[at + 1..]);
        let exp: i32 = exp.parse().map_err(|_| bad())?;
        let m: Amount = mantissa.parse().map_err(|_| bad())?;
        let (neg, body) = match m.0.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, m.0.as_str()),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits = format!("{int}{frac}");
        // Where the decimal point falls in `digits` after the shift.
        let point = i64::try_from(int.len()).map_err(|_| bad())? + i64::from(exp);
        if !(-40..=40).contains(&point) || digits.len() > 60 {
            return Err(bad());
        }
        let padded;
        let (int, frac) = if point <= 0 {
            padded = format!("{}{digits}", "0".repeat(point.unsigned_abs() as usize));
            ("0", padded.as_str())
        } else if point as usize >= digits.len() {
            padded = format!("{digits}{}", "0".repeat(point as usize - digits.len()));
            (padded.as_str(), "")
        } else {
            digits.split_at(point as usize)
        };
        let int = int.trim_start_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        let text = match (neg, frac.is_empty()) {
            (false, true) => int.to_owned(),
            (false, false) => format!("{int}.{frac}"),
            (true, true) => format!("-{int}"),
            (true, false) => format!("-{int}.{frac}"),
        };
        text.parse()
    }
}

impl std::str::FromStr for Amount {
    type Err = MoneyError;
    /// Accepts what a JSON number may be, except exponents (no price is
    /// written as `1e2`, and accepting them would invite float conversion).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let body = t.strip_prefix('-').unwrap_or(t);
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        let ok = !int.is_empty()
            && digits(int)
            && digits(frac)
            && !(body.contains('.') && frac.is_empty());
        if ok {
            Ok(Amount(t.to_owned()))
        } else {
            Err(MoneyError::NotDecimal(s.to_owned()))
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        let text = raw.get();
        if text.starts_with('"') {
            return Err(serde::de::Error::custom(format!(
                "expected a JSON number for an amount, found the string {text}"
            )));
        }
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Wrap {
        paid: Amount,
    }

    #[test]
    fn keeps_the_exact_text_both_ways() {
        let w: Wrap = serde_json::from_str(r#"{"paid": 104.10}"#).unwrap();
        assert_eq!(w.paid.as_str(), "104.10");
        assert_eq!(serde_json::to_string(&w).unwrap(), r#"{"paid":104.10}"#);
        let usd = "USD".parse().unwrap();
        assert_eq!(w.paid.to_money(usd).unwrap().minor, 10_410);
    }

    #[test]
    fn refuses_strings_exponents_and_junk() {
        for bad in [
            r#"{"paid":"104"}"#,
            r#"{"paid":1e2}"#,
            r#"{"paid":null}"#,
            r#"{"paid":true}"#,
        ] {
            assert!(serde_json::from_str::<Wrap>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn exponent_forms_are_read_exactly() {
        let usd = "USD".parse().unwrap();
        for (text, minor) in [
            ("5.25e1", 5_250),
            ("1.0425E2", 10_425),
            ("104", 10_400),
            ("5e-1", 50),
            ("1e2", 10_000),
            ("-2.5e0", -250),
            ("0.00000001e8", 100),
        ] {
            let a = Amount::from_json_number(text).unwrap();
            assert_eq!(
                a.to_money(usd).unwrap().minor,
                minor,
                "{text} read as {}",
                a.as_str()
            );
        }
        for bad in ["1e", "e2", "1e999", "x"] {
            assert!(Amount::from_json_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn from_money_writes_major_units() {
        let m = Money::new(5_250, "USD".parse().unwrap());
        assert_eq!(Amount::from_money(m).as_str(), "52.50");
    }
}
