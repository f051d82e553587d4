//! Reading leniently what the counter does not depend on. A platform's
//! answer to a sale must never become unreadable because a field that
//! printing does not need came in an unexpected shape (a number where text
//! was expected, a count beyond 32 bits, a null): such a field is read as
//! text where it can be, and otherwise left out, and the body is kept as
//! received. Fields the sale depends on stay strict.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Text, a number written as text, or a boolean; `None` for null or
/// anything else.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(as_text(Value::deserialize(d)?))
}

/// A list of texts, each read as [`text`]; what cannot be read is dropped.
pub fn texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items.into_iter().filter_map(as_text).collect(),
        _ => Vec::new(),
    })
}

/// A whole number that fits `u32`; `None` for anything else.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

fn as_text(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Anything at all, or nothing: for an object the counter does not need
/// whose shape may differ (it stays in the raw body).
pub fn any<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).ok())
}

/// A list whose items are each read as `T` or dropped.
pub fn any_list<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct W {
        #[serde(default, deserialize_with = "text")]
        t: Option<String>,
        #[serde(default, deserialize_with = "count")]
        n: Option<u32>,
        #[serde(default, deserialize_with = "texts")]
        l: Vec<String>,
    }

    #[test]
    fn odd_shapes_are_read_or_left_out_never_refused() {
        let w: W =
            serde_json::from_str(r#"{"t": 12, "n": 4294967296, "l": ["a", 2, null]}"#).unwrap();
        assert_eq!(
            (w.t.as_deref(), w.n, w.l),
            (Some("12"), None, vec!["a".into(), "2".into()])
        );
        let w: W = serde_json::from_str(r#"{"t": {"x": 1}, "n": "7", "l": "x"}"#).unwrap();
        assert_eq!((w.t, w.n, w.l.len()), (None, Some(7), 0));
        let w: W = serde_json::from_str("{}").unwrap();
        assert_eq!((w.t, w.n), (None, None));
    }
}
