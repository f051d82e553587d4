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
