//! Writing an order's index: its lookup keys and full-text words, for one
//! order as it is stored or replaced, and for a batch's new orders together.
//! What the keys and words are is decided in `index`; this is only how they
//! reach the tables cheaply.

use std::collections::HashMap;

use rusqlite::{Transaction, params};

use super::CacheError;
use super::index::{KeyKind, Prepared};

/// The lookup keys of a batch, put in key order off the writer's thread
/// (a bulk import prepares on one core while the other writes). A batch's
/// keys (barcodes, ids) fall all over the keys' B-tree; inserted in key
/// order, consecutive inserts land on the page the last one touched instead
/// of each on a page of its own. Their text is copied into one buffer in
/// that order too, so that the writer reads it front to back instead of
/// from half a million small strings scattered in memory.
#[derive(Debug, Default)]
pub struct BatchKeys {
    text: String,
    /// In key order, then the order's place in the batch.
    entries: Vec<KeyEntry>,
}

#[derive(Debug, Clone, Copy)]
struct KeyEntry {
    /// Where the key's text is in `text`, and its length.
    at: u32,
    len: u32,
    /// The place of the key's order in the batch.
    order: u32,
    kind: KeyKind,
}

impl BatchKeys {
    /// The keys of `orders`, sorted.
    pub fn of<'a>(orders: impl Iterator<Item = &'a Prepared>) -> BatchKeys {
        // Gathered as the orders come (their keys are still in cache),
        // sorted by a prefix of each key as a number, which settles most
        // comparisons without reading the text again, then copied out in
        // that order.
        let mut gathered = String::new();
        let mut entries: Vec<(u128, KeyEntry)> = Vec::new();
        for (order, p) in orders.enumerate() {
            for (key, kind) in &p.keys {
                let mut prefix = [0u8; 16];
                let n = key.len().min(16);
                prefix[..n].copy_from_slice(&key.as_bytes()[..n]);
                entries.push((
                    u128::from_be_bytes(prefix),
                    KeyEntry {
                        at: offset(gathered.len()),
                        len: offset(key.len()),
                        order: offset(order),
                        kind: *kind,
                    },
                ));
                gathered.push_str(key);
            }
        }
        let text_of = |e: &KeyEntry| &gathered[e.at as usize..(e.at + e.len) as usize];
        entries.sort_unstable_by(|(pa, a), (pb, b)| {
            pa.cmp(pb)
                .then_with(|| text_of(a).cmp(text_of(b)))
                .then(a.order.cmp(&b.order))
        });
        let mut text = String::with_capacity(gathered.len());
        let entries = entries
            .into_iter()
            .map(|(_, e)| {
                let moved = KeyEntry {
                    at: offset(text.len()),
                    ..e
                };
                text.push_str(text_of(&e));
                moved
            })
            .collect();
        BatchKeys { text, entries }
    }

    /// Every key with the place of its order, as they will be written.
    #[cfg(test)]
    pub(super) fn listed(&self) -> Vec<(String, u32)> {
        self.entries
            .iter()
            .map(|e| (self.key(e).to_owned(), e.order))
            .collect()
    }

    fn key(&self, e: &KeyEntry) -> &str {
        &self.text[e.at as usize..(e.at + e.len) as usize]
    }

    fn write(
        &self,
        tx: &Transaction<'_>,
        entries: impl Iterator<Item = usize>,
        rids: &[Option<i64>],
    ) -> Result<(), CacheError> {
        let mut stmt = tx.prepare_cached(
            "INSERT OR IGNORE INTO lookup_keys (key, rid, kind) VALUES (?1, ?2, ?3)",
        )?;
        for i in entries {
            let e = &self.entries[i];
            if let Some(rid) = rids[e.order as usize] {
                stmt.execute(params![self.key(e), rid, e.kind.code()])?;
            }
        }
        Ok(())
    }
}

/// A position or length in a batch: a batch never holds 4 GiB of keys.
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Writing a batch's keys: those of the orders the batch inserted, once
/// the batch has inserted them all. An order that comes twice in one
/// batch is the exception: before its second copy replaces the first, the
/// keys waiting so far are written, so that replacing them finds them.
pub(super) struct KeyWriter<'a> {
    keys: &'a BatchKeys,
    /// The row each order of the batch was inserted as (none when the
    /// order was already cached: its keys are replaced on the spot).
    rids: Vec<Option<i64>>,
    /// The place in the batch of each row it inserted.
    places: HashMap<i64, usize>,
    /// The orders before this place have had their keys written.
    written: usize,
    /// The keys' places, grouped by order, built the first time they are
    /// needed (an order twice in a batch), with where each order's group
    /// starts.
    by_order: Option<(Vec<u32>, Vec<usize>)>,
}

impl<'a> KeyWriter<'a> {
    pub(super) fn new(keys: &'a BatchKeys, orders: usize) -> KeyWriter<'a> {
        KeyWriter {
            keys,
            rids: vec![None; orders],
            places: HashMap::with_capacity(orders),
            written: 0,
            by_order: None,
        }
    }

    /// The order at `place` was inserted as row `rid`.
    pub(super) fn inserted(&mut self, place: usize, rid: i64) {
        self.rids[place] = Some(rid);
        self.places.insert(rid, place);
    }

    /// Whether row `rid` was inserted by this batch and its keys are not
    /// written yet.
    pub(super) fn waiting(&self, rid: i64) -> bool {
        self.places.get(&rid).is_some_and(|&p| p >= self.written)
    }

    /// Writes the keys of the orders before `place`.
    pub(super) fn write_before(
        &mut self,
        tx: &Transaction<'_>,
        place: usize,
    ) -> Result<(), CacheError> {
        let keys = self.keys;
        let (positions, starts) = self.by_order.get_or_insert_with(|| {
            let mut starts = vec![0usize; self.rids.len() + 1];
            for e in &keys.entries {
                starts[e.order as usize + 1] += 1;
            }
            for i in 1..starts.len() {
                starts[i] += starts[i - 1];
            }
            let mut next = starts.clone();
            let mut positions = vec![0u32; keys.entries.len()];
            for (i, e) in keys.entries.iter().enumerate() {
                positions[next[e.order as usize]] = offset(i);
                next[e.order as usize] += 1;
            }
            (positions, starts)
        });
        // Their places in key order, so they still go in sorted.
        let mut due: Vec<usize> = positions[starts[self.written]..starts[place]]
            .iter()
            .map(|&i| i as usize)
            .collect();
        due.sort_unstable();
        keys.write(tx, due.into_iter(), &self.rids)?;
        self.written = place;
        Ok(())
    }

    /// Writes the keys still waiting, at the end of the batch.
    pub(super) fn finish(mut self, tx: &Transaction<'_>) -> Result<(), CacheError> {
        if self.written == 0 {
            self.keys.write(tx, 0..self.keys.entries.len(), &self.rids)
        } else {
            let end = self.rids.len();
            self.write_before(tx, end)
        }
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
