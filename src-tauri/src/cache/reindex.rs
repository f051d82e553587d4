//! Rebuilding the lookup columns, keys and full-text index of every cached
//! order from its document: run once by the migration that last changed
//! them (schema 7), inside its transaction, over empty index tables, so an
//! upgraded cache finds its old orders exactly as it finds new ones.

use rusqlite::{Transaction, params};

use super::index::prepare;
use super::indexing::index;
use super::{CacheError, codec};

pub fn all(tx: &Transaction<'_>) -> Result<u64, CacheError> {
    let rows: Vec<(i64, crate::domain::Order)> = {
        let mut stmt = tx.prepare("SELECT rid, document FROM orders")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            // A document that no longer reads is left for a person to look
            // at rather than failing the whole upgrade; it is found by its id.
            match codec::decode(r.get_ref(1)?) {
                Ok(o) => out.push((r.get(0)?, o)),
                Err(e) => tracing::warn!(error = %e, "a cached order could not be re-indexed"),
            }
        }
        out
    };
    let n = rows.len() as u64;
    for (rid, order) in rows {
        let p = prepare(&order)?;
        tx.execute(
            "UPDATE orders SET number = ?2, event_key = ?3, session_end = ?4, session_day = ?5,
                 time_zone = ?6, all_day = ?7, ticket_count = ?8, session_start = ?9,
                 key_list = ?10
             WHERE rid = ?1",
            params![
                rid,
                p.number,
                p.event_key,
                p.session_end,
                p.session_day,
                p.time_zone,
                p.all_day,
                p.ticket_count,
                p.session_start,
                p.key_list
            ],
        )?;
        index(tx, rid, &p)?;
    }
    Ok(n)
}
