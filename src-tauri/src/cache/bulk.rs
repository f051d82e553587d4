//! Bulk writes: the page cache a large import works with, taken for the
//! import and given back after it.

use super::{Cache, CacheError};

/// The page cache a bulk import may grow to, in KiB (1 GiB): enough for
/// the keys and indexes of a million-order cache to stay in memory through
/// a batch.
const BULK_CACHE_KIB: i64 = 1 << 20;

/// See [`Cache::bulk_writes`].
pub struct BulkWrites<'a> {
    cache: &'a Cache,
    before: i64,
}

impl Drop for BulkWrites<'_> {
    fn drop(&mut self) {
        // Shrinking the cache also frees the pages it held.
        let _ = self
            .cache
            .connection()
            .pragma_update(None, "cache_size", self.before);
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
        Ok(BulkWrites {
            cache: self,
            before,
        })
    }
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
        let before = size(&c);
        {
            let _bulk = c.bulk_writes().unwrap();
            assert_eq!(size(&c), -BULK_CACHE_KIB);
        }
        assert_eq!(size(&c), before);
    }
}
