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
    thread_local! {
        // One compression context per thread: making one costs more than
        // compressing a small document with it.
        static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
            const { std::cell::RefCell::new(None) };
        static JSON: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    JSON.with_borrow_mut(|json| {
        json.clear();
        serde_json::to_writer(&mut *json, order)?;
        COMPRESSOR.with_borrow_mut(|c| {
            let c = match c {
                Some(c) => c,
                None => c.insert(zstd::bulk::Compressor::new(LEVEL).map_err(CacheError::Codec)?),
            };
            c.compress(json).map_err(CacheError::Codec)
        })
    })
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
