//! The database schema history: numbered SQL files embedded in the binary and
//! applied in order by `rusqlite_migration`, which records the schema version
//! in SQLite's `user_version`.
//!
//! Files are never edited once released; a change is a new numbered file.

use std::sync::LazyLock;

use rusqlite_migration::{M, Migrations};

/// Every schema step, oldest first. The schema version is the position in
/// this list, so adding a file here is all a new migration needs.
const FILES: &[&str] = &[
    include_str!("migrations/0001_orders.sql"),
    include_str!("migrations/0002_profiles_and_completions.sql"),
    include_str!("migrations/0003_completion_safety.sql"),
    include_str!("migrations/0004_operators_and_print_log.sql"),
    include_str!("migrations/0005_lookup.sql"),
    include_str!("migrations/0006_keys_in_the_row.sql"),
    include_str!("migrations/0007_key_kinds_as_numbers.sql"),
    include_str!("migrations/0008_documents_with_a_dictionary.sql"),
    include_str!("migrations/0009_controls.sql"),
    include_str!("migrations/0010_site.sql"),
];

/// The schema version that introduced offline lookup.
#[cfg(test)]
pub(crate) const LOOKUP: usize = 5;

/// The schema version whose migration re-indexes the orders in Rust. It is
/// the last one to change what the index holds: an older cache upgrades
/// through the earlier steps (which leave the index tables empty or in the
/// old form) to this one, which rebuilds them.
pub(crate) const REINDEX: usize = 7;

fn migration(version: usize, sql: &'static str) -> M<'static> {
    if version == REINDEX {
        M::up_with_hook(sql, |tx: &rusqlite::Transaction<'_>| {
            super::reindex::all(tx).map(|_| ()).map_err(|e| {
                rusqlite_migration::HookError::Hook(format!("re-indexing the cached orders: {e}"))
            })
        })
    } else {
        M::up(sql)
    }
}

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| up_to(FILES.len()));

pub fn all() -> &'static Migrations<'static> {
    &MIGRATIONS
}

/// The migrations up to and including `version` (tests build old databases).
pub fn up_to(version: usize) -> Migrations<'static> {
    Migrations::new(
        FILES[..version]
            .iter()
            .enumerate()
            .map(|(i, sql)| migration(i + 1, sql))
            .collect(),
    )
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    FILES.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        all().validate().expect("every migration applies in order");
    }

    #[test]
    fn latest_version_matches_the_migration_list() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        all().to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, latest_version());
    }
}
