//! Keeping the cache to what a till needs: orders purged a set number of
//! days after their session ends, contact details dropped when the till
//! keeps none, the query planner's statistics refreshed after large
//! writes, and what the cache costs on disk per order.

use chrono::{DateTime, Duration, Utc};
use rusqlite::params;
use serde::Serialize;

use super::index::without_contacts;
use super::indexing::replace_index;
use super::{Cache, CacheError, codec};

/// A cached order as retention and a connection's removal see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedRow {
    pub rid: i64,
    pub platform: crate::domain::Platform,
    pub id: String,
    pub number: String,
    pub status: Option<crate::domain::OrderStatus>,
}

/// What the cache holds and what it costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CacheStats {
    pub orders: u64,
    pub tickets: u64,
    /// The database file with its write-ahead log.
    #[specta(type = specta_typescript::Number)]
    pub bytes: u64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub bytes_per_order: Option<u64>,
}

impl Cache {
    /// The orders whose session ended more than `days` days before `now`
    /// (an order without a session: `days` after it was last cached): what
    /// retention would remove, before the counter keeps those that still
    /// matter.
    pub fn expired(&self, days: u32, now: DateTime<Utc>) -> Result<Vec<CachedRow>, CacheError> {
        let before = (now - Duration::days(i64::from(days)))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.rows(
            "WHERE coalesce(session_end, session_start, cached_at) < ?1",
            [before],
        )
    }

    /// The orders cached through connection `profile`.
    pub fn orders_of(&self, profile: &str) -> Result<Vec<CachedRow>, CacheError> {
        self.rows("WHERE profile = ?1", [profile])
    }

    fn rows<P: rusqlite::Params>(&self, tail: &str, p: P) -> Result<Vec<CachedRow>, CacheError> {
        let conn = self.connection();
        let mut stmt = conn.prepare(&format!(
            "SELECT rid, platform, id, number, status FROM orders {tail}"
        ))?;
        let mut rows = stmt.query(p)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let platform: String = r.get(1)?;
            let status: String = r.get(4)?;
            out.push(CachedRow {
                rid: r.get(0)?,
                platform: platform.parse().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        1,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
                id: r.get(2)?,
                number: r.get(3)?,
                status: super::orders::status_from_str(&status),
            });
        }
        Ok(out)
    }

    /// Removes these orders in one transaction, except any whose completion
    /// started meanwhile (a completion in the journal that is not over is
    /// never left without its order). Returns how many went.
    pub fn remove_orders(&self, rids: &[i64]) -> Result<u64, CacheError> {
        let n = {
            let mut conn = self.connection();
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut n = 0;
            {
                let mut stmt = tx.prepare(
                    "DELETE FROM orders WHERE rid = ?1 AND NOT EXISTS (
                         SELECT 1 FROM completions c
                         WHERE c.platform = orders.platform AND c.order_id = orders.id
                           AND c.state IN ('intent', 'sending', 'pending', 'unknown', 'needs_attention'))",
                )?;
                for rid in rids {
                    n += stmt.execute([rid])? as u64;
                }
            }
            tx.commit()?;
            n
        };
        if n > 0 {
            self.optimize()?;
        }
        Ok(n)
    }

    /// Drops every cached e-mail and phone (for a till switched to keep no
    /// contact details), re-indexing what remains. Returns the orders
    /// changed.
    pub fn forget_contacts(&self) -> Result<u64, CacheError> {
        let mut conn = self.connection();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let rows: Vec<(i64, Option<String>, crate::domain::Order)> = {
            let mut stmt = tx.prepare(
                "SELECT o.rid, o.key_list, o.document FROM orders o
                 WHERE EXISTS (SELECT 1 FROM json_each(o.key_list)
                               WHERE value ->> 1 IN ('email', 'phone'))",
            )?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push((r.get(0)?, r.get(1)?, codec::decode(r.get_ref(2)?)?));
            }
            out
        };
        let mut changed = 0;
        for (rid, old_keys, order) in rows {
            let clean = without_contacts(&order);
            if clean == order {
                continue;
            }
            let p = super::index::prepare(&clean)?;
            tx.execute(
                "UPDATE orders SET document = ?2, customer_name = ?3, key_list = ?4 WHERE rid = ?1",
                params![rid, p.document, p.customer_name, p.key_list],
            )?;
            replace_index(&tx, rid, old_keys.as_deref(), &p)?;
            changed += 1;
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Refreshes the query planner's statistics (SQLite's advice after
    /// large writes and on long-lived connections).
    pub fn optimize(&self) -> Result<(), CacheError> {
        self.connection().execute_batch("PRAGMA optimize;")?;
        Ok(())
    }

    pub fn stats(&self) -> Result<CacheStats, CacheError> {
        let (orders, tickets): (i64, i64) = self.connection().query_row(
            "SELECT count(*), coalesce(sum(ticket_count), 0) FROM orders",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let mut wal = self.path().as_os_str().to_owned();
        wal.push("-wal");
        let bytes = size(self.path()) + size(std::path::Path::new(&wal));
        let orders = orders.unsigned_abs();
        Ok(CacheStats {
            orders,
            tickets: tickets.unsigned_abs(),
            bytes,
            bytes_per_order: (orders > 0).then(|| bytes / orders),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Event, Order, OrderStatus, Platform, Session};

    fn at(days_ago: i64, now: DateTime<Utc>) -> Order {
        let mut o = Order::new(
            Platform::Vista,
            format!("V{days_ago}"),
            OrderStatus::Completed,
        );
        o.event = Some(Event {
            id: None,
            name: "Film".into(),
            rating: None,
            session: Some(Session {
                id: None,
                start: now - Duration::days(days_ago) - Duration::hours(2),
                end: Some(now - Duration::days(days_ago)),
                time_zone: "Europe/Berlin".into(),
                all_day: false,
            }),
        });
        o
    }

    #[test]
    fn orders_go_a_set_number_of_days_after_their_session_ends() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open_in(dir.path()).unwrap();
        let now = Utc::now();
        for d in [0, 29, 31, 400] {
            c.put_order(&at(d, now), None).unwrap();
        }
        let expired: Vec<i64> = c.expired(30, now).unwrap().iter().map(|r| r.rid).collect();
        assert_eq!(c.remove_orders(&expired).unwrap(), 2);
        let left: Vec<String> = c
            .list_orders(10)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(left.len(), 2);
        assert!(left.contains(&"V0".to_owned()) && left.contains(&"V29".to_owned()));
        let fts: i64 = c
            .connection()
            .query_row("SELECT count(*) FROM order_text", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fts, 2, "the purged orders left the name index too");
        let s = c.stats().unwrap();
        assert_eq!(s.orders, 2);
        assert!(s.bytes_per_order.unwrap() > 0);
    }
}
