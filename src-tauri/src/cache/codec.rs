//! How a cached order is kept on disk: its JSON document, compressed with
//! zstd (a document with its platform's raw answer is a few kilobytes of
//! JSON, which compresses four- to eightfold). Rows written before schema 5
//! hold the JSON as text; both read back the same.

use rusqlite::types::ValueRef;

use super::CacheError;
use crate::domain::Order;

/// zstd's fastest useful level: imports write tens of thousands of orders a
/// second, and reading back is fast at any level.
const LEVEL: i32 = 1;

pub fn encode(order: &Order) -> Result<Vec<u8>, CacheError> {
    let json = serde_json::to_vec(order)?;
    zstd::bulk::compress(&json, LEVEL).map_err(CacheError::Codec)
}

pub fn decode(stored: ValueRef<'_>) -> Result<Order, CacheError> {
    match stored {
        ValueRef::Text(t) => Ok(serde_json::from_slice(t)?),
        ValueRef::Blob(b) => {
            let json = zstd::stream::decode_all(b).map_err(CacheError::Codec)?;
            Ok(serde_json::from_slice(&json)?)
        }
        _ => Err(CacheError::Codec(std::io::Error::other(
            "a cached order is neither text nor a compressed document",
        ))),
    }
}
