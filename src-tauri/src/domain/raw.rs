//! A platform's JSON kept exactly as received: the text itself, not a parsed
//! tree, so money written as JSON numbers never passes through a float and
//! support sees byte for byte what the platform sent.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

#[derive(Debug, Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// Wraps JSON text, checking that it is JSON.
    pub fn from_text(text: impl Into<String>) -> Result<RawJson, serde_json::Error> {
        RawValue::from_string(text.into()).map(RawJson)
    }

    /// Serialises `value` and keeps the text.
    pub fn from_serialize<T: Serialize>(value: &T) -> Result<RawJson, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(RawJson)
    }

    pub fn text(&self) -> &str {
        self.0.get()
    }

    /// Parses the text into `T` (a typed view; the text stays the record).
    pub fn parse<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

impl Eq for RawJson {}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(d).map(RawJson)
    }
}

impl schemars::JsonSchema for RawJson {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RawJson".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The platform's JSON exactly as received (any JSON value)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_numbers_as_written() {
        let r = RawJson::from_text(r#"{"paid": 104.10, "n": 1.0000000000000001}"#).unwrap();
        #[derive(Serialize, Deserialize)]
        struct W {
            raw: RawJson,
        }
        let text = serde_json::to_string(&W { raw: r }).unwrap();
        assert!(text.contains("104.10") && text.contains("1.0000000000000001"));
        let back: W = serde_json::from_str(&text).unwrap();
        assert!(back.raw.text().contains("104.10"));
        assert!(RawJson::from_text("{not json").is_err());
    }
}
