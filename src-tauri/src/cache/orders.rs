//! Cached orders: storing an order with every key it can be found by, reading
//! it back, and finding it again from whatever the cashier typed or scanned.

use chrono::Utc;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Cache, CacheError};
use crate::domain::{CompletionState, Order, OrderStatus, Platform, format};

/// One line of the counter's order list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderSummary {
    pub platform: Platform,
    pub id: String,
    pub number: String,
    pub status: OrderStatus,
    pub event_name: Option<String>,
    /// When the session starts, worded in the venue's zone and language.
    pub session: Option<String>,
    pub customer_name: Option<String>,
    pub ticket_count: u32,
    pub profile: Option<String>,
    /// The order's live completion at this counter, if one was started (so a
    /// completion that needs attention shows in the list, not only inside).
    pub completion: Option<CompletionState>,
}

/// The form every lookup key is stored and searched in: upper case, without
/// the spaces and dashes people and printers put into long numbers.
pub fn normalise_key(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{2010}' && *c != '\u{2011}')
        .flat_map(char::to_uppercase)
        .collect()
}

fn status_str(s: OrderStatus) -> String {
    // The serde name is the stable spelling; reuse it rather than keep a
    // second table in step.
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn status_from_str(s: &str) -> Option<OrderStatus> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

/// Every key a cashier might use to find `order`, with what kind of key it is.
fn keys_of(order: &Order) -> Vec<(String, &'static str)> {
    let mut keys = vec![(order.id.clone(), "id")];
    let ids = &order.ids;
    let mut push = |v: &Option<String>, kind| {
        if let Some(v) = v {
            keys.push((v.clone(), kind));
        }
    };
    push(&ids.order_number, "order_number");
    push(&ids.code_word, "code_word");
    push(&ids.transaction_number, "transaction_number");
    push(&ids.process_id, "process_id");
    if let Some(b) = &order.order_barcode {
        keys.push((b.value.clone(), "order_barcode"));
    }
    for t in &order.tickets {
        keys.push((t.id.clone(), "ticket_id"));
        if let Some(b) = &t.barcode {
            keys.push((b.value.clone(), "ticket_barcode"));
        }
        if let Some(b) = &t.untyped_barcode {
            keys.push((b.clone(), "ticket_barcode"));
        }
    }
    keys.into_iter()
        .map(|(k, kind)| (normalise_key(&k), kind))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

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
    /// move the order backwards, see [`replaces`]), and indexes its keys.
    pub fn put_order(&self, order: &Order, profile: Option<&str>) -> Result<Stored, CacheError> {
        let document = serde_json::to_string(order)?;
        let now = Utc::now().to_rfc3339();
        let mut conn = self.connection();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let cached: Option<String> = tx
            .query_row(
                "SELECT status FROM orders WHERE platform = ?1 AND id = ?2",
                params![order.platform.as_str(), order.id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(status) = cached.as_deref().and_then(status_from_str)
            && !replaces(status, order.status)
        {
            tracing::warn!(
                platform = order.platform.as_str(),
                order = order.id,
                cached = ?status,
                incoming = ?order.status,
                "kept the cached order: the new copy would move it backwards"
            );
            return Ok(Stored::KeptCached(status));
        }
        tx.execute(
            "INSERT INTO orders (platform, id, profile, status, event_name, session_start,
                                 customer_name, document, fetched_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
             ON CONFLICT (platform, id) DO UPDATE SET
                 profile = coalesce(excluded.profile, orders.profile),
                 status = excluded.status, event_name = excluded.event_name,
                 session_start = excluded.session_start,
                 customer_name = excluded.customer_name,
                 document = excluded.document, updated_at = excluded.updated_at",
            params![
                order.platform.as_str(),
                order.id,
                profile,
                status_str(order.status),
                order.event.as_ref().map(|e| e.name.as_str()),
                order.session().map(|s| s.start.to_rfc3339()),
                order.customer.as_ref().and_then(|c| c.full_name()),
                document,
                now,
            ],
        )?;
        tx.execute(
            "DELETE FROM order_keys WHERE platform = ?1 AND order_id = ?2",
            params![order.platform.as_str(), order.id],
        )?;
        {
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO order_keys (key, kind, platform, order_id)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (key, kind) in keys_of(order) {
                insert.execute(params![key, kind, order.platform.as_str(), order.id])?;
            }
        }
        tx.commit()?;
        Ok(Stored::Written)
    }

    /// The cached order, if there is one.
    pub fn get_order(&self, platform: Platform, id: &str) -> Result<Option<Order>, CacheError> {
        let doc: Option<String> = self
            .connection()
            .query_row(
                "SELECT document FROM orders WHERE platform = ?1 AND id = ?2",
                params![platform.as_str(), id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match doc {
            Some(d) => Some(serde_json::from_str(&d)?),
            None => None,
        })
    }

    /// Orders whose keys match what was typed or scanned: exact matches first,
    /// then keys that start with it, then a customer or film name containing it.
    pub fn find_orders(&self, query: &str, limit: usize) -> Result<Vec<OrderSummary>, CacheError> {
        let key = normalise_key(query);
        if key.is_empty() {
            return self.list_orders(limit);
        }
        let like = format!("%{}%", query.trim().replace(['%', '_'], ""));
        let prefix = format!("{key}%");
        let conn = self.connection();
        let mut stmt = conn.prepare(
            "SELECT o.document, o.profile, (SELECT c.state FROM completions c
                     WHERE c.platform = o.platform AND c.order_id = o.id
                       AND c.state NOT IN ('failed', 'abandoned')) AS live,
                    min(m.rank) AS best FROM (
                 SELECT platform, order_id AS id, 0 AS rank FROM order_keys WHERE key = ?1
                 UNION ALL
                 SELECT platform, order_id, 1 FROM order_keys WHERE key LIKE ?2 AND key <> ?1
                 UNION ALL
                 SELECT platform, id, 2 FROM orders
                  WHERE customer_name LIKE ?3 OR event_name LIKE ?3
             ) AS m JOIN orders o ON o.platform = m.platform AND o.id = m.id
             GROUP BY o.platform, o.id
             ORDER BY best, o.session_start DESC
             LIMIT ?4",
        )?;
        let rows = stmt.query_map(params![key, prefix, like, limit as i64], row)?;
        collect_summaries(rows)
    }

    /// The most recent orders by session time, for the counter's list.
    pub fn list_orders(&self, limit: usize) -> Result<Vec<OrderSummary>, CacheError> {
        let conn = self.connection();
        let mut stmt = conn.prepare(
            "SELECT o.document, o.profile, (SELECT c.state FROM completions c
                     WHERE c.platform = o.platform AND c.order_id = o.id
                       AND c.state NOT IN ('failed', 'abandoned')) AS live
             FROM orders o
             ORDER BY o.session_start IS NULL, o.session_start, o.platform, o.id LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit as i64], row)?;
        collect_summaries(rows)
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
}

/// A list row: the order document, its profile and its live completion.
type Row = (String, Option<String>, Option<String>);

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
}

fn collect_summaries(
    rows: impl Iterator<Item = rusqlite::Result<Row>>,
) -> Result<Vec<OrderSummary>, CacheError> {
    let mut out = Vec::new();
    for r in rows {
        let (doc, profile, live) = r?;
        let order: Order = serde_json::from_str(&doc)?;
        let completion = live.as_deref().map(CompletionState::from_stored);
        out.push(summarise(&order, profile, completion));
    }
    Ok(out)
}

fn summarise(
    order: &Order,
    profile: Option<String>,
    completion: Option<CompletionState>,
) -> OrderSummary {
    let session = order.session();
    OrderSummary {
        platform: order.platform,
        id: order.id.clone(),
        number: order.display_number().to_owned(),
        status: order.status,
        event_name: order.event.as_ref().map(|e| e.name.clone()),
        session: session.map(|s| format::session_with_zone(s, order.locale())),
        customer_name: order.customer.as_ref().and_then(|c| c.full_name()),
        ticket_count: u32::try_from(order.tickets.len()).unwrap_or(u32::MAX),
        profile,
        completion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Barcode, Customer, Event, OrderIds, Seat, Symbology, Ticket, TicketState};

    fn order(id: &str, number: &str, code: &str, barcode: &str) -> Order {
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
            ..Customer::default()
        });
        o.tickets.push(Ticket {
            id: format!("{id}-T1"),
            barcode: Some(Barcode {
                value: barcode.into(),
                symbology: Symbology::Ean13,
            }),
            seat: Seat::default(),
            level: None,
            category: None,
            price_type: None,
            cost: None,
            vat: None,
            holder: None,
            access_id: None,
            passes: Default::default(),
            organizer_info: None,
            state: TicketState::Valid,
            untyped_barcode: None,
        });
        o
    }

    fn cache() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open_in(dir.path()).unwrap();
        (dir, c)
    }

    #[test]
    fn keys_are_normalised() {
        assert_eq!(normalise_key(" ab-12 34 "), "AB1234");
        assert_eq!(normalise_key("ёлка"), "ЁЛКА");
    }

    #[test]
    fn stores_and_reads_back_an_order() {
        let (_d, c) = cache();
        let o = order("A1", "1001-2002", "ЁЛКА", "4600000000017");
        c.put_order(&o, Some("afisha-main")).unwrap();
        assert_eq!(c.get_order(Platform::Afisha, "A1").unwrap(), Some(o));
        assert_eq!(c.get_order(Platform::Vista, "A1").unwrap(), None);
    }

    #[test]
    fn finds_by_any_key_as_typed_or_scanned() {
        let (_d, c) = cache();
        c.put_order(&order("A1", "1001-2002", "Ёлка", "4600000000017"), None)
            .unwrap();
        c.put_order(&order("A2", "1001-3003", "Сосна", "4600000000024"), None)
            .unwrap();
        for q in [
            "10012002",
            "1001 2002",
            "ёлка",
            "ЁЛКА",
            "4600000000017",
            "a1",
        ] {
            let hits = c.find_orders(q, 10).unwrap();
            assert_eq!(hits.len(), 1, "{q}");
            assert_eq!(hits[0].id, "A1", "{q}");
        }
        let prefix = c.find_orders("1001", 10).unwrap();
        assert_eq!(prefix.len(), 2);
        let by_name = c.find_orders("Щербакова", 10).unwrap();
        assert_eq!(by_name.len(), 2);
        assert!(c.find_orders("nothing-like-it", 10).unwrap().is_empty());
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
    fn replacing_an_order_reindexes_its_keys() {
        let (_d, c) = cache();
        c.put_order(&order("A1", "1", "OLD", "4600000000017"), None)
            .unwrap();
        c.put_order(&order("A1", "1", "NEW", "4600000000017"), None)
            .unwrap();
        assert!(c.find_orders("OLD", 10).unwrap().is_empty());
        assert_eq!(c.find_orders("NEW", 10).unwrap().len(), 1);
        assert_eq!(c.order_count().unwrap(), 1);
    }
}
