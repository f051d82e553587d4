//! Cached orders: storing an order with everything it can be found by
//! (one at a time, or in batches for a bulk import), reading it back, and
//! the rule that an order never moves backwards.

use std::sync::atomic::Ordering;

use chrono::Utc;
use rusqlite::{OptionalExtension, Transaction, params};

use super::index::{Prepared, prepare, without_contacts};
use super::indexing::{BatchKeys, KeyWriter, index_text, replace_index};
use super::{Cache, CacheError, codec};
use crate::domain::{Order, OrderStatus, Platform};

/// Whether a copy of an order in status `incoming` may replace the cached
/// copy in status `cached`. An order never moves backwards: a sold order
/// stays sold (only the platform's cancellation replaces it), a cancelled
/// one stays cancelled, and one being completed does not fall back to
/// waiting. A failed completion may be followed by a fresh copy.
pub fn replaces(cached: OrderStatus, incoming: OrderStatus) -> bool {
    use OrderStatus as S;
    let rank = |s: S| match s {
        S::Created | S::Reserved | S::Booked | S::InProgress | S::Unknown => 0,
        S::Pending => 1,
        S::Completed | S::Partial | S::Failed | S::Cancelled => 2,
    };
    match cached {
        S::Completed | S::Partial => matches!(incoming, S::Completed | S::Partial | S::Cancelled),
        S::Cancelled => incoming == S::Cancelled,
        S::Failed => true,
        other => rank(incoming) >= rank(other),
    }
}

pub(super) fn status_from_str(s: &str) -> Option<OrderStatus> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

/// Orders ready to be written in one transaction, their keys already in
/// key order ([`BatchKeys`]): made where the orders are prepared, so that
/// a bulk import sorts on the preparing thread, not the writing one.
#[derive(Debug)]
pub struct PreparedBatch {
    rows: Vec<(Prepared, Option<String>)>,
    keys: BatchKeys,
}

impl PreparedBatch {
    /// `rows`: each order with the profile it is cached under.
    pub fn new(rows: Vec<(Prepared, Option<String>)>) -> PreparedBatch {
        let keys = BatchKeys::of(rows.iter().map(|(p, _)| p));
        PreparedBatch { rows, keys }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The orders' ids, in the batch's order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|(p, _)| p.id.as_str())
    }
}

/// What [`Cache::put_order`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// The order was new.
    Written,
    /// The copy replaced the cached one.
    Replaced,
    /// The cached copy is further along; it was kept.
    KeptCached(OrderStatus),
    /// The import's rule refused to replace the cached copy.
    Refused(Refusal),
}

/// Why an import left a cached order as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Replacing a cached order was not asked for (it needs a manager).
    Exists,
    /// The order is sold or has something printed, and the copy's tickets
    /// differ: its tickets would change under printed copies.
    TicketsWouldChange { sold: bool, printed: bool },
}

/// How a batch may treat orders already cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Replace (unless it moves the order backwards): what the counter does
    /// with what a platform just said.
    Yes,
    /// Leave every cached order as it is.
    Never,
    /// Replace, except that an order that is sold or has anything printed
    /// never gets other tickets.
    KeepingTickets,
}

impl Cache {
    /// Stores `order`, replacing what was cached for it (unless that would
    /// move the order backwards, see [`replaces`]), and indexes it.
    pub fn put_order(&self, order: &Order, profile: Option<&str>) -> Result<Stored, CacheError> {
        let batch = PreparedBatch::new(vec![(self.prepare(order)?, profile.map(str::to_owned))]);
        let mut stored = self.put_batch(&batch)?;
        Ok(stored.pop().unwrap_or(Stored::Written))
    }

    /// Stores a batch in one transaction: all of it is on disk when this
    /// returns, or none of it.
    pub fn put_batch(&self, batch: &PreparedBatch) -> Result<Vec<Stored>, CacheError> {
        self.put_batch_with(batch, Replace::Yes)
    }

    /// [`Cache::put_batch`] under an import's rule for cached orders.
    pub fn put_batch_with(
        &self,
        batch: &PreparedBatch,
        rule: Replace,
    ) -> Result<Vec<Stored>, CacheError> {
        let mut conn = self.connection();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut out = Vec::with_capacity(batch.len());
        let mut keys = KeyWriter::new(&batch.keys, batch.len());
        for (place, (p, profile)) in batch.rows.iter().enumerate() {
            out.push(write(&tx, place, p, profile.as_deref(), &mut keys, rule)?);
        }
        keys.finish(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// `order` ready to write, without contact details when the till keeps
    /// none. Pure computation: safe to run on another thread.
    pub fn prepare(&self, order: &Order) -> Result<Prepared, CacheError> {
        if self.keep_contacts.load(Ordering::Relaxed) {
            prepare(order)
        } else {
            prepare(&without_contacts(order))
        }
    }

    /// The cached order, if there is one.
    pub fn get_order(&self, platform: Platform, id: &str) -> Result<Option<Order>, CacheError> {
        let conn = self.connection();
        let mut stmt =
            conn.prepare_cached("SELECT document FROM orders WHERE platform = ?1 AND id = ?2")?;
        let mut rows = stmt.query(params![platform.as_str(), id])?;
        match rows.next()? {
            Some(r) => Ok(Some(codec::decode(r.get_ref(0)?)?)),
            None => Ok(None),
        }
    }

    /// When the cached copy of an order was stored (RFC 3339).
    pub fn cached_at(&self, platform: Platform, id: &str) -> Result<Option<String>, CacheError> {
        Ok(self
            .connection()
            .query_row(
                "SELECT cached_at FROM orders WHERE platform = ?1 AND id = ?2",
                params![platform.as_str(), id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The profile an order was cached under (which connection it belongs to).
    pub fn order_profile(
        &self,
        platform: Platform,
        id: &str,
    ) -> Result<Option<String>, CacheError> {
        Ok(self
            .connection()
            .query_row(
                "SELECT profile FROM orders WHERE platform = ?1 AND id = ?2",
                params![platform.as_str(), id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    pub fn order_count(&self) -> Result<u64, CacheError> {
        let n: i64 = self
            .connection()
            .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    }

    /// Removes the orders cached under `profile` (a removed connection takes
    /// its orders with it). Returns how many went.
    pub fn delete_orders_of(&self, profile: &str) -> Result<u64, CacheError> {
        let mut conn = self.connection();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let n = tx.execute("DELETE FROM orders WHERE profile = ?1", [profile])?;
        tx.commit()?;
        Ok(n as u64)
    }
}

/// Writes the order at `place` in its batch inside `tx`. A new order's
/// keys wait in `keys`, to be written with the rest of the batch's.
fn write(
    tx: &Transaction<'_>,
    place: usize,
    p: &Prepared,
    profile: Option<&str>,
    keys: &mut KeyWriter<'_>,
    rule: Replace,
) -> Result<Stored, CacheError> {
    let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    // Most orders of an import are new: trying the insert first finds out
    // with the one look-up of (platform, id) the insert makes anyway.
    let inserted = tx
        .prepare_cached(
            "INSERT INTO orders (platform, id, profile, status, number, event_name, event_key,
                 session_start, session_end, session_day, time_zone, all_day, customer_name,
                 ticket_count, document, fetched_at, cached_at, updated_at, key_list)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                     ?16, ?16, ?16, ?17)
             ON CONFLICT (platform, id) DO NOTHING",
        )?
        .execute(params![
            p.platform,
            p.id,
            profile,
            p.status_word,
            p.number,
            p.event_name,
            p.event_key,
            p.session_start,
            p.session_end,
            p.session_day,
            p.time_zone,
            p.all_day,
            p.customer_name,
            p.ticket_count,
            p.document,
            now,
            p.key_list,
        ])?;
    if inserted == 1 {
        let rid = tx.last_insert_rowid();
        index_text(tx, rid, p)?;
        keys.inserted(place, rid);
        return Ok(Stored::Written);
    }
    let (rid, status, old_keys): (i64, String, Option<String>) = tx
        .prepare_cached("SELECT rid, status, key_list FROM orders WHERE platform = ?1 AND id = ?2")?
        .query_row(params![p.platform, p.id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    if let Some(cached) = status_from_str(&status)
        && !replaces(cached, p.status)
    {
        tracing::warn!(
            platform = p.platform,
            order = p.id,
            cached = ?cached,
            incoming = ?p.status,
            "kept the cached order: the new copy would move it backwards"
        );
        return Ok(Stored::KeptCached(cached));
    }
    match rule {
        Replace::Yes => {}
        Replace::Never => return Ok(Stored::Refused(Refusal::Exists)),
        Replace::KeepingTickets => {
            let sold = status_from_str(&status).is_some_and(OrderStatus::is_printable);
            // The print log lives in this database: whether anything of the
            // order was ever printed is one indexed look.
            let printed: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM print_log
                     WHERE kind = 'attempt' AND order_id = ?2 AND platform = ?1)",
                )?
                .query_row(params![p.platform, p.id], |r| r.get(0))?;
            if (sold || printed)
                && ticket_keys(old_keys.as_deref()) != ticket_keys(Some(&p.key_list))
            {
                return Ok(Stored::Refused(Refusal::TicketsWouldChange {
                    sold,
                    printed,
                }));
            }
        }
    }
    tx.prepare_cached(
        "UPDATE orders SET profile = coalesce(?2, profile), status = ?3, number = ?4,
             event_name = ?5, event_key = ?6, session_start = ?7, session_end = ?8,
             session_day = ?9, time_zone = ?10, all_day = ?11, customer_name = ?12,
             ticket_count = ?13, document = ?14, cached_at = ?15, updated_at = ?15,
             key_list = ?16
         WHERE rid = ?1",
    )?
    .execute(params![
        rid,
        profile,
        p.status_word,
        p.number,
        p.event_name,
        p.event_key,
        p.session_start,
        p.session_end,
        p.session_day,
        p.time_zone,
        p.all_day,
        p.customer_name,
        p.ticket_count,
        p.document,
        now,
        p.key_list,
    ])?;
    // The same order earlier in this batch may still have keys waiting:
    // they go in first, so that replacing them below finds them.
    if keys.waiting(rid) {
        keys.write_before(tx, place)?;
    }
    replace_index(tx, rid, old_keys.as_deref(), p)?;
    Ok(Stored::Replaced)
}

/// The keys that identify an order's tickets (ids, barcodes, access ids),
/// from its row's key list, in order.
fn ticket_keys(list: Option<&str>) -> Vec<(String, String)> {
    let pairs: Vec<(String, String)> = list
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or_default();
    let mut keys: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(_, kind)| matches!(kind.as_str(), "ticket" | "barcode" | "access"))
        .collect();
    keys.sort();
    keys
}

#[cfg(test)]
mod tests;
