//! Bulk writes: the page cache a large import works with, taken for the
//! import and given back after it.

use super::{Cache, CacheError};

/// The page cache a bulk import may grow to, in KiB (1 GiB): enough for
/// the keys and indexes of a million-order cache to stay in memory through
/// a batch.
const BULK_CACHE_KIB: i64 = 1 << 20;

/// The words the full-text index holds in memory before writing them out
/// as a new segment, during a bulk import (64 MiB) and otherwise (FTS5's
/// default, 1 MiB). At the default a large import writes a small segment
/// every thousand or so orders and merges them again and again; at this
/// size it writes about one per batch.
const BULK_TEXT_HASH: i64 = 64 << 20;
const TEXT_HASH: i64 = 1 << 20;

/// See [`Cache::bulk_writes`].
pub struct BulkWrites<'a> {
    cache: &'a Cache,
    before: i64,
}

impl Drop for BulkWrites<'_> {
    fn drop(&mut self) {
        let conn = self.cache.connection();
        let _ = text_hash(&conn, TEXT_HASH);
        // Shrinking the cache also frees the pages it held.
        let _ = conn.pragma_update(None, "cache_size", self.before);
    }
}

impl Cache {
    /// A larger page cache for the duration of a bulk import, given back
    /// when the guard drops. A batch inserts keys (barcodes, ids) all over
    /// the keys' B-tree; with SQLite's default 2 MB cache those pages are
    /// written out and read back many times within one transaction. The
    /// memory is taken only as pages are touched.
    pub fn bulk_writes(&self) -> Result<BulkWrites<'_>, CacheError> {
        let conn = self.connection();
        let before: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        text_hash(&conn, BULK_TEXT_HASH)?;
        Ok(BulkWrites {
            cache: self,
            before,
        })
    }
}

/// Sets the full-text index's in-memory size. FTS5 keeps it in the index's
/// own configuration table, so it outlives the connection: a crashed
/// import leaves the larger size behind, which costs memory only while a
/// transaction writes that many words.
fn text_hash(conn: &rusqlite::Connection, bytes: i64) -> Result<(), CacheError> {
    conn.execute(
        "INSERT INTO order_text (order_text, rank) VALUES ('hashsize', ?1)",
        [bytes],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_cache_is_given_back() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open_in(dir.path()).unwrap();
        let size = |c: &Cache| -> i64 {
            c.connection()
                .query_row("PRAGMA cache_size", [], |r| r.get(0))
                .unwrap()
        };
        let hash = |c: &Cache| -> Option<i64> {
            c.connection()
                .query_row(
                    "SELECT v FROM order_text_config WHERE k = 'hashsize'",
                    [],
                    |r| r.get(0),
                )
                .ok()
        };
        let before = size(&c);
        {
            let _bulk = c.bulk_writes().unwrap();
            assert_eq!(size(&c), -BULK_CACHE_KIB);
            assert_eq!(hash(&c), Some(BULK_TEXT_HASH));
        }
        assert_eq!(size(&c), before);
        assert_eq!(hash(&c), Some(TEXT_HASH));
    }
}
