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
}

/// What [`Cache::put_order`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// The order was new, or the copy replaced the cached one.
    Written,
    /// The cached copy is further along; it was kept.
    KeptCached(OrderStatus),
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
        let mut conn = self.connection();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut out = Vec::with_capacity(batch.len());
        let mut keys = KeyWriter::new(&batch.keys, batch.len());
        for (place, (p, profile)) in batch.rows.iter().enumerate() {
            out.push(write(&tx, place, p, profile.as_deref(), &mut keys)?);
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
    Ok(Stored::Written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Barcode, Customer, Event, OrderIds, Symbology, Ticket};

    pub(crate) fn order(id: &str, number: &str, code: &str, barcode: &str) -> Order {
        let mut o = Order::new(Platform::Afisha, id, OrderStatus::Completed);
        o.ids = OrderIds {
            order_number: Some(number.into()),
            code_word: Some(code.into()),
            ..OrderIds::default()
        };
        o.event = Some(Event {
            id: None,
            name: "Бриллиантовая рука".into(),
            rating: None,
            session: None,
        });
        o.customer = Some(Customer {
            first_name: Some("Анна".into()),
            last_name: Some("Щербакова".into()),
            email: Some("anna.shcherbakova@example.ru".into()),
            phone: Some("+7 (916) 555-12-34".into()),
        });
        let mut t = Ticket::new(format!("{id}-T1"));
        t.barcode = Some(Barcode {
            value: barcode.into(),
            symbology: Symbology::Ean13,
        });
        o.tickets.push(t);
        o
    }

    fn cache() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open_in(dir.path()).unwrap();
        (dir, c)
    }

    #[test]
    fn stores_and_reads_back_an_order_compressed() {
        let (_d, c) = cache();
        let o = order("A1", "1001-2002", "ЁЛКА", "4600000000017");
        c.put_order(&o, Some("afisha-main")).unwrap();
        assert_eq!(c.get_order(Platform::Afisha, "A1").unwrap(), Some(o));
        assert_eq!(c.get_order(Platform::Vista, "A1").unwrap(), None);
        let kind: String = c
            .connection()
            .query_row("SELECT typeof(document) FROM orders", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kind, "blob");
        assert_eq!(
            c.order_profile(Platform::Afisha, "A1").unwrap().as_deref(),
            Some("afisha-main")
        );
    }

    #[test]
    fn a_cached_order_never_moves_backwards() {
        let (_d, c) = cache();
        let mut sold = order("A1", "1", "W", "4600000000017");
        c.put_order(&sold, None).unwrap();
        let mut older = sold.clone();
        older.status = OrderStatus::InProgress;
        older.tickets.clear();
        assert_eq!(
            c.put_order(&older, None).unwrap(),
            Stored::KeptCached(OrderStatus::Completed)
        );
        let kept = c.get_order(Platform::Afisha, "A1").unwrap().unwrap();
        assert_eq!(
            (kept.status, kept.tickets.len()),
            (OrderStatus::Completed, 1)
        );
        // The platform's newer word wins: a refund cancels the sold order.
        sold.status = OrderStatus::Cancelled;
        assert_eq!(c.put_order(&sold, None).unwrap(), Stored::Written);
        use OrderStatus as S;
        assert!(replaces(S::InProgress, S::Pending) && !replaces(S::Pending, S::InProgress));
        assert!(replaces(S::Failed, S::InProgress) && !replaces(S::Cancelled, S::Completed));
        assert!(replaces(S::Booked, S::Completed) && replaces(S::Completed, S::Partial));
    }

    #[test]
    fn a_batch_is_written_whole_and_a_removed_connection_takes_its_orders() {
        let (_d, c) = cache();
        let batch: Vec<_> = (0..50)
            .map(|i| {
                let o = order(&format!("B{i}"), &format!("N{i}"), "W", &format!("X{i}"));
                (c.prepare(&o).unwrap(), Some("p1".to_owned()))
            })
            .collect();
        c.put_batch(&PreparedBatch::new(batch)).unwrap();
        c.put_order(&order("K", "NK", "W", "XK"), Some("p2"))
            .unwrap();
        assert_eq!(c.order_count().unwrap(), 51);
        assert_eq!(c.delete_orders_of("p1").unwrap(), 50);
        assert_eq!(c.order_count().unwrap(), 1);
        let keys: i64 = c
            .connection()
            .query_row("SELECT count(*) FROM lookup_keys", [], |r| r.get(0))
            .unwrap();
        assert!(
            keys > 0 && keys < 10,
            "the removed orders' keys went too: {keys}"
        );
    }

    #[test]
    fn an_order_twice_in_one_batch_keeps_only_the_later_copys_keys() {
        let (_d, c) = cache();
        let first = order("D1", "N1", "W", "4600000000017");
        let later = order("D1", "N1", "W", "4600000000024");
        let others: Vec<_> = (0..3)
            .map(|i| order(&format!("E{i}"), &format!("M{i}"), "W", &format!("Y{i}")))
            .collect();
        let batch: Vec<_> = [&others[0], &first, &others[1], &later, &others[2]]
            .into_iter()
            .map(|o| (c.prepare(o).unwrap(), None))
            .collect();
        let stored = c.put_batch(&PreparedBatch::new(batch)).unwrap();
        assert!(stored.iter().all(|s| *s == Stored::Written));
        assert_eq!(c.order_count().unwrap(), 4);
        let count = |sql: &str| -> i64 { c.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            count("SELECT count(*) FROM lookup_keys WHERE key = '4600000000017'"),
            0,
            "the first copy's barcode went with it"
        );
        assert_eq!(c.find_orders("4600000000024", 5).unwrap().len(), 1);
        for o in &others {
            let b = &o.tickets[0].barcode.as_ref().unwrap().value;
            assert_eq!(c.find_orders(b, 5).unwrap().len(), 1, "{b}");
        }
        // Every key indexed is listed in its order's row, and the other way round.
        assert_eq!(
            count("SELECT count(*) FROM lookup_keys"),
            count("SELECT sum(json_array_length(key_list)) FROM orders")
        );
    }

    #[test]
    fn a_batch_of_orders_each_given_twice_indexes_every_later_copy_and_nothing_else() {
        let (_d, c) = cache();
        // Already cached before the batch: its copy in the batch replaces it.
        c.put_order(&order("K0", "N0", "W", "4600000000000"), None)
            .unwrap();
        let rows: Vec<_> = (0..400)
            .flat_map(|i| {
                let (id, number) = (format!("K{i}"), format!("N{i}"));
                [
                    order(&id, &number, "W", &format!("1{i:012}")),
                    order(&id, &number, "W", &format!("2{i:012}")),
                ]
            })
            .map(|o| (c.prepare(&o).unwrap(), None))
            .collect();
        let stored = c.put_batch(&PreparedBatch::new(rows)).unwrap();
        assert!(stored.iter().all(|s| *s == Stored::Written));
        assert_eq!(c.order_count().unwrap(), 400);
        let count = |sql: &str| -> i64 { c.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            count("SELECT count(*) FROM lookup_keys"),
            count("SELECT sum(json_array_length(key_list)) FROM orders")
        );
        assert_eq!(
            count("SELECT count(*) FROM lookup_keys WHERE key LIKE '1%' OR key = '4600000000000'"),
            0,
            "no first copy's barcode stays"
        );
        for i in [0, 1, 199, 399] {
            let later = format!("2{i:012}");
            assert_eq!(c.find_orders(&later, 5).unwrap().len(), 1, "{later}");
        }
    }

    #[test]
    fn a_batch_s_keys_are_in_key_order_whatever_their_orders_order() {
        let (_d, c) = cache();
        let orders = [
            order("B", "N-20", "ZETA", "4600000000024"),
            order("A", "N-10", "ALPHA", "4600000000017"),
            order("C", "N-30", "ALPHA", "4600000000031"),
        ];
        let keys = BatchKeys::of(
            orders
                .iter()
                .map(|o| c.prepare(o).unwrap())
                .collect::<Vec<_>>()
                .iter(),
        );
        let listed = keys.listed();
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(listed, sorted);
        // The code word shared by two orders is there once for each.
        assert_eq!(listed.iter().filter(|(k, _)| k == "ALPHA").count(), 2);
    }
}
