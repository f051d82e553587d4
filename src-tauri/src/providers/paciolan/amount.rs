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
    fn from_money_writes_major_units() {
        let m = Money::new(5_250, "USD".parse().unwrap());
        assert_eq!(Amount::from_money(m).as_str(), "52.50");
    }
}
