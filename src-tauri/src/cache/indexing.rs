//! Writing an order's index: its lookup keys and full-text words, for one
//! order as it is stored or replaced, and for a batch's new orders together.
//! What the keys and words are is decided in `index`; this is only how they
//! reach the tables cheaply.

use rusqlite::{Transaction, params};

use super::CacheError;
use super::index::{KeyKind, Prepared};

/// The lookup keys of a batch's new orders, written together at the end
/// in key order. A batch's keys (barcodes, ids) fall all over the keys'
/// B-tree; in key order, consecutive inserts land on the page the last one
/// touched, instead of each on a page of its own.
#[derive(Default)]
pub(super) struct PendingKeys<'a> {
    orders: Vec<(i64, &'a Prepared)>,
}

impl<'a> PendingKeys<'a> {
    pub(super) fn add(&mut self, rid: i64, p: &'a Prepared) {
        self.orders.push((rid, p));
    }

    pub(super) fn write(&mut self, tx: &Transaction<'_>) -> Result<(), CacheError> {
        let mut all: Vec<(&str, i64, KeyKind)> = self
            .orders
            .drain(..)
            .flat_map(|(rid, p)| p.keys.iter().map(move |(k, kind)| (k.as_str(), rid, *kind)))
            .collect();
        all.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let mut stmt = tx.prepare_cached(
            "INSERT OR IGNORE INTO lookup_keys (key, rid, kind) VALUES (?1, ?2, ?3)",
        )?;
        for (k, rid, kind) in all {
            stmt.execute(params![k, rid, kind.code()])?;
        }
        Ok(())
    }
}

/// The keys and full-text words of the order at `rid`, whose row holds
/// `p.key_list`.
pub(super) fn index(tx: &Transaction<'_>, rid: i64, p: &Prepared) -> Result<(), CacheError> {
    index_keys(tx, rid, p)?;
    index_text(tx, rid, p)
}

/// One single-row insert per key. An `INSERT … SELECT` over the key list
/// would be one statement, but a statement that may write several rows
/// opens a savepoint, and at every savepoint FTS5 writes out the words it
/// holds in memory: a new index segment for each order, merged again and
/// again.
fn index_keys(tx: &Transaction<'_>, rid: i64, p: &Prepared) -> Result<(), CacheError> {
    let mut key = tx
        .prepare_cached("INSERT OR IGNORE INTO lookup_keys (key, rid, kind) VALUES (?1, ?2, ?3)")?;
    for (k, kind) in &p.keys {
        key.execute(params![k, rid, kind.code()])?;
    }
    Ok(())
}

pub(super) fn index_text(tx: &Transaction<'_>, rid: i64, p: &Prepared) -> Result<(), CacheError> {
    tx.prepare_cached(
        "INSERT INTO order_text (rowid, names, contacts, event, tags) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![rid, p.names, p.contacts, p.event, p.tags])?;
    Ok(())
}

/// Replaces the index of the order at `rid`, whose row held `old_keys`,
/// with that of `p`.
pub(super) fn replace_index(
    tx: &Transaction<'_>,
    rid: i64,
    old_keys: Option<&str>,
    p: &Prepared,
) -> Result<(), CacheError> {
    // A refreshed copy usually has the same keys: they stay.
    if old_keys != Some(p.key_list.as_str()) {
        unindex_keys(tx, rid, old_keys)?;
        index_keys(tx, rid, p)?;
    }
    tx.prepare_cached("DELETE FROM order_text WHERE rowid = ?1")?
        .execute([rid])?;
    index_text(tx, rid, p)
}

/// Deletes the keys `key_list` (as the row at `rid` holds them) of that
/// order, by the keys' own primary key.
fn unindex_keys(tx: &Transaction<'_>, rid: i64, key_list: Option<&str>) -> Result<(), CacheError> {
    tx.prepare_cached(
        "DELETE FROM lookup_keys
         WHERE key IN (SELECT value ->> 0 FROM json_each(?2)) AND rid = ?1",
    )?
    .execute(params![rid, key_list])?;
    Ok(())
}
