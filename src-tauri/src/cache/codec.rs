//! How a cached order is kept on disk: its JSON document, compressed with
//! zstd and the order documents' dictionary (`dictionary`). Rows written
//! before schema 5 hold the JSON as text, and rows written before schema 8
//! are compressed without the dictionary; all of them read back the same.

use std::io::Read;

use rusqlite::types::ValueRef;

use super::{CacheError, dictionary};
use crate::domain::Order;

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
                None => c.insert(
                    zstd::bulk::Compressor::with_prepared_dictionary(dictionary::encoder())
                        .map_err(CacheError::Codec)?,
                ),
            };
            c.compress(json).map_err(CacheError::Codec)
        })
    })
}

pub fn decode(stored: ValueRef<'_>) -> Result<Order, CacheError> {
    match stored {
        ValueRef::Text(t) => Ok(serde_json::from_slice(t)?),
        ValueRef::Blob(b) => {
            let json = match zstd::zstd_safe::get_dict_id_from_frame(b) {
                None => zstd::stream::decode_all(b).map_err(CacheError::Codec)?,
                Some(id) if Some(id) == dictionary::id() => {
                    let mut json = Vec::with_capacity(b.len() * 8);
                    zstd::stream::Decoder::with_prepared_dictionary(b, dictionary::decoder())
                        .and_then(|mut d| d.read_to_end(&mut json))
                        .map_err(CacheError::Codec)?;
                    json
                }
                Some(id) => {
                    return Err(CacheError::Codec(std::io::Error::other(format!(
                        "a cached order is compressed with a dictionary this version does not have ({id})"
                    ))));
                }
            };
            Ok(serde_json::from_slice(&json)?)
        }
        _ => Err(CacheError::Codec(std::io::Error::other(
            "a cached order is neither text nor a compressed document",
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{OrderStatus, Platform};

    fn order() -> Order {
        let mut o = Order::new(Platform::Afisha, "AF-1", OrderStatus::Completed);
        o.ids.code_word = Some("ЁЛКА".into());
        o
    }

    #[test]
    fn a_document_reads_back_as_it_was_written() {
        let stored = encode(&order()).unwrap();
        assert_eq!(
            zstd::zstd_safe::get_dict_id_from_frame(&stored),
            dictionary::id()
        );
        assert_eq!(decode(ValueRef::Blob(&stored)).unwrap(), order());
    }

    #[test]
    fn documents_of_earlier_schemas_still_read() {
        let json = serde_json::to_vec(&order()).unwrap();
        // Schema 5 to 7: zstd without a dictionary.
        let plain = zstd::bulk::compress(&json, dictionary::LEVEL).unwrap();
        assert_eq!(zstd::zstd_safe::get_dict_id_from_frame(&plain), None);
        assert_eq!(decode(ValueRef::Blob(&plain)).unwrap(), order());
        // Before schema 5: the JSON as text.
        assert_eq!(decode(ValueRef::Text(&json)).unwrap(), order());
    }

    #[test]
    fn an_order_cached_by_schema_7_reads_after_the_upgrade_and_is_rewritten_with_the_dictionary() {
        use super::super::{Cache, FILE_NAME, migrations};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrations::up_to(7).to_latest(&mut conn).unwrap();
        let json = serde_json::to_vec(&order()).unwrap();
        conn.execute(
            "INSERT INTO orders (platform, id, status, number, document, fetched_at, cached_at,
                                 updated_at, key_list)
             VALUES ('afisha', 'AF-1', 'completed', 'AF-1', ?1, 'then', 'then', 'then', '[]')",
            [zstd::bulk::compress(&json, dictionary::LEVEL).unwrap()],
        )
        .unwrap();
        drop(conn);
        let cache = Cache::open(&path).unwrap();
        assert_eq!(
            cache.schema_version().unwrap(),
            crate::cache::latest_version()
        );
        assert_eq!(
            cache.get_order(Platform::Afisha, "AF-1").unwrap(),
            Some(order())
        );
        cache.put_order(&order(), None).unwrap();
        let stored: Vec<u8> = cache
            .connection()
            .query_row("SELECT document FROM orders", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            zstd::zstd_safe::get_dict_id_from_frame(&stored),
            dictionary::id()
        );
        assert_eq!(
            cache.get_order(Platform::Afisha, "AF-1").unwrap(),
            Some(order())
        );
    }

    #[test]
    fn a_dictionary_this_version_lacks_is_named() {
        let other = zstd::dict::from_samples(
            &(0..200)
                .map(|i| format!("{{\"n\":{i},\"other\":\"shape {i}\"}}"))
                .collect::<Vec<_>>(),
            1024,
        )
        .unwrap();
        let mut c = zstd::bulk::Compressor::with_dictionary(1, &other).unwrap();
        let frame = c.compress(&serde_json::to_vec(&order()).unwrap()).unwrap();
        let err = decode(ValueRef::Blob(&frame)).unwrap_err().to_string();
        assert!(
            err.contains("dictionary this version does not have"),
            "{err}"
        );
    }
}
