//! The local SQLite database: the order cache the counter searches (also when
//! the network is down) and, through later migrations, the rest of the
//! terminal's durable state.
//!
//! One file in the data directory, in WAL mode so the window and a CLI command
//! can use it at once, with a busy timeout instead of "database is locked"
//! errors at the counter. A database written by a newer Box Office is refused
//! rather than half-understood.

mod bulk;
mod codec;
mod dictionary;
pub mod fold;
mod hygiene;
mod index;
mod indexing;
mod migrations;
mod orders;
mod profiles;
mod reindex;
mod search;
mod till;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use bulk::BulkWrites;
pub use fold::normalise_key;
pub use hygiene::{CacheStats, CachedRow};
pub use index::{KeyKind, Prepared};
pub use migrations::latest_version;
pub use orders::{PreparedBatch, Refusal, Replace, Stored, replaces};
pub use search::{Day, Filter, Found, MatchedBy, OrderSummary};
pub use till::TillKind;

/// The database file's name inside the data directory.
pub const FILE_NAME: &str = "box-office.sqlite3";

/// How long a writer waits for another (the window, a CLI run) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the database at {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "the database at {path} was written by a newer Box Office (schema {found}, this version knows {supported}); install the newer version or use another data directory"
    )]
    TooNew {
        path: PathBuf,
        found: usize,
        supported: usize,
    },
    #[error(
        "the database at {path} belongs to the {owner} till, not this one: training keeps its own folder; use the data directory of this till"
    )]
    OtherTill { path: PathBuf, owner: String },
    #[error("cannot bring the database schema up to date: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "a cached order could not be read back ({0}); it may have been written by another version"
    )]
    Corrupt(#[from] serde_json::Error),
    #[error("a cached order could not be compressed or uncompressed: {0}")]
    Codec(std::io::Error),
}

/// The open database. Cheap operations only: every call holds the connection
/// for the duration of one statement or transaction.
pub struct Cache {
    conn: Mutex<Connection>,
    path: PathBuf,
    /// False: orders are stored without the customer's e-mail and phone.
    keep_contacts: AtomicBool,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache").field("path", &self.path).finish()
    }
}

impl Cache {
    /// Opens (creating if needed) the database in `data_dir`.
    pub fn open_in(data_dir: &Path) -> Result<Cache, CacheError> {
        std::fs::create_dir_all(data_dir).map_err(|source| CacheError::DataDir {
            path: data_dir.to_owned(),
            source,
        })?;
        Cache::open(&data_dir.join(FILE_NAME))
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Cache, CacheError> {
        let open_err = |source| CacheError::Open {
            path: path.to_owned(),
            source,
        };
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // WAL lets readers proceed while a completion is being journalled.
        // FULL sync makes every commit reach the disk before it returns:
        // "about to send" must be on disk before money moves, and a print
        // must be logged before paper comes out, even across a power cut.
        // Bulk writes batch many rows per commit, so they pay it rarely.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;

        let found = user_version(&conn)?;
        let supported = latest_version();
        if found > supported {
            return Err(CacheError::TooNew {
                path: path.to_owned(),
                found,
                supported,
            });
        }
        migrations::all().to_latest(&mut conn)?;
        // Fresh statistics for the planner on a long-lived connection.
        conn.execute_batch("PRAGMA optimize = 0x10002;")
            .map_err(open_err)?;
        Ok(Cache {
            conn: Mutex::new(conn),
            path: path.to_owned(),
            keep_contacts: AtomicBool::new(true),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether customer e-mail and phone are kept (the till's setting).
    pub fn set_keep_contacts(&self, keep: bool) {
        self.keep_contacts
            .store(keep, std::sync::atomic::Ordering::Relaxed);
    }

    /// The folder the database lives in, where the other files of this
    /// installation (lock files, the print log's anchor) go beside it.
    pub fn data_dir(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new("."))
    }

    /// The connection, for the domains that keep their own tables here.
    pub fn connection(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent
        // (statements are atomic), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<usize, CacheError> {
        user_version(&self.connection())
    }
}

fn user_version(conn: &Connection) -> Result<usize, CacheError> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // SQLite's user_version is a signed 32-bit field; a negative one was not
    // written by Box Office and counts as "newer than anything we know".
    Ok(usize::try_from(v).unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use migrations::LOOKUP;

    #[test]
    fn opens_in_wal_mode_with_the_latest_schema() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_in(dir.path()).unwrap();
        let mode: String = cache
            .connection()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(cache.schema_version().unwrap(), latest_version());
        assert!(dir.path().join(FILE_NAME).exists());
    }

    #[test]
    fn refuses_a_database_from_a_newer_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        drop(Cache::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest_version() as i64 + 1)
            .unwrap();
        drop(conn);
        let err = Cache::open(&path).unwrap_err();
        assert!(
            matches!(err, CacheError::TooNew { found, .. } if found == latest_version() + 1),
            "{err}"
        );
        assert!(err.to_string().contains("newer Box Office"));
    }

    #[test]
    fn upgrades_a_version_1_database_and_keeps_its_orders() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut conn = Connection::open(&path).unwrap();
        migrations::up_to(1).to_latest(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO orders (platform, id, status, document, fetched_at, updated_at)
             VALUES ('afisha', 'OLD', 'completed', '{}', 'then', 'then')",
            [],
        )
        .unwrap();
        drop(conn);
        let cache = Cache::open(&path).unwrap();
        assert_eq!(cache.schema_version().unwrap(), latest_version());
        assert_eq!(cache.order_count().unwrap(), 1);
        let tables: i64 = cache
            .connection()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('profiles', 'completions')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 2);
    }

    #[test]
    fn upgrades_the_schema_before_lookup_and_finds_its_orders_by_every_key() {
        use crate::domain::{Order, Platform};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut conn = Connection::open(&path).unwrap();
        migrations::up_to(LOOKUP - 1).to_latest(&mut conn).unwrap();
        // An order as schema 4 stored it: the JSON document as text.
        let seeded = crate::sandbox::Catalogue::seeded(chrono::Utc::now());
        let order: Order = seeded
            .find(Platform::Afisha, "AF-1001")
            .unwrap()
            .order
            .clone();
        conn.execute(
            "INSERT INTO orders (platform, id, profile, status, event_name, document, fetched_at, updated_at)
             VALUES ('afisha', 'AF-1001', 'training', 'completed', 'x', ?1, 'then', 'then')",
            [serde_json::to_string(&order).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO order_keys (key, kind, platform, order_id)
             VALUES ('10015521', 'order_number', 'afisha', 'AF-1001')",
            [],
        )
        .unwrap();
        drop(conn);
        let cache = Cache::open(&path).unwrap();
        assert_eq!(cache.schema_version().unwrap(), latest_version());
        assert_eq!(
            cache.get_order(Platform::Afisha, "AF-1001").unwrap(),
            Some(order)
        );
        for q in ["1001-5521", "елка", "Щербакова", "4601234500111"] {
            let hits = cache.find_orders(q, 5).unwrap();
            assert_eq!(hits.len(), 1, "{q}");
            assert_eq!(hits[0].number, "1001-5521", "{q}");
            assert_eq!(hits[0].profile.as_deref(), Some("training"));
        }
    }

    #[test]
    fn upgrades_schema_6_rebuilding_the_keys_with_their_kinds_as_numbers() {
        use crate::domain::{Order, Platform};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut conn = Connection::open(&path).unwrap();
        migrations::up_to(migrations::REINDEX - 1)
            .to_latest(&mut conn)
            .unwrap();
        let seeded = crate::sandbox::Catalogue::seeded(chrono::Utc::now());
        let mut order: Order = seeded
            .find(Platform::Afisha, "AF-1001")
            .unwrap()
            .order
            .clone();
        // The order as schema 6 held it: its row (without the key list of
        // an order cached before schema 6), one key with its kind as a word,
        // and its words.
        conn.execute(
            "INSERT INTO orders (rid, platform, id, profile, status, number, document,
                                 fetched_at, cached_at, updated_at)
             VALUES (7, 'afisha', 'AF-1001', 'training', 'completed', '1001-5521', ?1,
                     'then', 'then', 'then')",
            [serde_json::to_string(&order).unwrap()],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO lookup_keys (key, rid, kind) VALUES ('10015521', 7, 'number');
             INSERT INTO order_text (rowid, names) VALUES (7, 'stale words');",
        )
        .unwrap();
        drop(conn);
        let cache = Cache::open(&path).unwrap();
        assert_eq!(cache.schema_version().unwrap(), latest_version());
        for q in ["1001-5521", "елка", "Щербакова", "4601234500111"] {
            assert_eq!(cache.find_orders(q, 5).unwrap().len(), 1, "{q}");
        }
        assert!(cache.find_orders("stale", 5).unwrap().is_empty());
        let count =
            |sql: &str| -> i64 { cache.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
        let keys = count("SELECT count(*) FROM lookup_keys");
        assert_eq!(
            count("SELECT count(*) FROM lookup_keys WHERE typeof(kind) <> 'integer'"),
            0
        );
        assert_eq!(
            keys,
            count("SELECT json_array_length(key_list) FROM orders WHERE rid = 7"),
            "the row lists exactly the keys indexed"
        );

        // A new copy with another barcode: the old one no longer finds it.
        let ticket = &mut order.tickets[0];
        let old_barcode = ticket.barcode.as_ref().unwrap().value.clone();
        ticket.barcode.as_mut().unwrap().value = "4600000000017".into();
        cache.put_order(&order, None).unwrap();
        let barcode_keys = |b: &str| {
            count(&format!(
                "SELECT count(*) FROM lookup_keys WHERE key = '{b}' AND kind = {}",
                index::KeyKind::Barcode.code()
            ))
        };
        assert_eq!(barcode_keys(&old_barcode), 0);
        assert_eq!(barcode_keys("4600000000017"), 1);
        assert_eq!(cache.find_orders("4600000000017", 5).unwrap().len(), 1);
        assert_eq!(count("SELECT count(*) FROM lookup_keys"), keys);

        // A removed connection takes the order and every key and word of it.
        assert_eq!(cache.delete_orders_of("training").unwrap(), 1);
        assert_eq!(count("SELECT count(*) FROM lookup_keys"), 0);
        assert!(cache.find_orders("Щербакова", 5).unwrap().is_empty());
    }

    #[test]
    fn reopening_keeps_data_and_does_not_migrate_twice() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_in(dir.path()).unwrap();
        let o = crate::domain::Order::new(
            crate::domain::Platform::Vista,
            "X",
            crate::domain::OrderStatus::Completed,
        );
        cache.put_order(&o, None).unwrap();
        drop(cache);
        let cache = Cache::open_in(dir.path()).unwrap();
        let n: i64 = cache
            .connection()
            .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }
}
