//! The order document: Box Office's own JSON form of an order, written by
//! `box-office orders export` and read by `box-office render`.
//!
//! It wraps the provider-neutral [`Order`] with a format marker and version so
//! a file can be recognised and refused when a newer release wrote it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::order::Order;

/// The value of the `format` field; anything else is not an order document.
pub const FORMAT: &str = "box-office/order";
/// The document version this build writes and the newest it reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrderDocument {
    /// Always `box-office/order`.
    pub format: String,
    /// Document version; this build reads versions up to 1.
    pub version: u32,
    pub order: Order,
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("this file is not a Box Office order document (format is “{0}”)")]
    NotAnOrderDocument(String),
    #[error(
        "this order document is version {0}, newer than this Box Office reads ({VERSION}); update Box Office"
    )]
    TooNew(u32),
    #[error("the order document is not valid: {0}")]
    Invalid(#[from] serde_json::Error),
    #[error("“{0}” is not a tz-database time zone; the session's times cannot be shown correctly")]
    UnknownZone(String),
}

impl OrderDocument {
    pub fn new(order: Order) -> Self {
        OrderDocument {
            format: FORMAT.to_owned(),
            version: VERSION,
            order,
        }
    }

    pub fn from_json(text: &str) -> Result<Self, DocumentError> {
        let doc: OrderDocument = serde_json::from_str(text)?;
        if doc.format != FORMAT {
            return Err(DocumentError::NotAnOrderDocument(doc.format));
        }
        if doc.version > VERSION {
            return Err(DocumentError::TooNew(doc.version));
        }
        // A wrong zone would print every time wrong; refuse it here rather
        // than fall back to UTC on the ticket.
        if let Some(s) = doc.order.session()
            && s.time_zone.parse::<chrono_tz::Tz>().is_err()
        {
            return Err(DocumentError::UnknownZone(s.time_zone.clone()));
        }
        Ok(doc)
    }

    pub fn to_json(&self) -> String {
        // An order holds only strings, numbers and maps with string keys, so
        // serialisation cannot fail; a failure here is a programming error.
        serde_json::to_string_pretty(self).expect("an order document always serialises")
    }

    /// The JSON Schema of the document, published in `docs/`.
    pub fn schema() -> serde_json::Value {
        let schema = schemars::schema_for!(OrderDocument);
        serde_json::to_value(schema).expect("a schema always serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Event, OrderStatus, Platform, Session};

    #[test]
    fn refuses_other_formats_newer_versions_and_unknown_zones() {
        let mut o = Order::new(Platform::Afisha, "A", OrderStatus::Completed);
        o.event = Some(Event {
            id: None,
            name: "x".into(),
            rating: None,
            session: Some(Session {
                id: None,
                start: chrono::Utc::now(),
                end: None,
                time_zone: "Europe/Moscow".into(),
                all_day: false,
            }),
        });
        let text = OrderDocument::new(o.clone()).to_json();
        assert_eq!(OrderDocument::from_json(&text).unwrap().order, o);
        let newer = text.replace("\"version\": 1", "\"version\": 2");
        assert!(matches!(
            OrderDocument::from_json(&newer),
            Err(DocumentError::TooNew(2))
        ));
        let other = text.replace("box-office/order", "something/else");
        assert!(matches!(
            OrderDocument::from_json(&other),
            Err(DocumentError::NotAnOrderDocument(_))
        ));
        let bad_zone = text.replace("Europe/Moscow", "Mars/Olympus_Mons");
        assert!(matches!(
            OrderDocument::from_json(&bad_zone),
            Err(DocumentError::UnknownZone(_))
        ));
    }
}
