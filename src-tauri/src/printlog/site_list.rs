//! The print log as a manager sees it in site mode: every counter's prints,
//! from this counter's copy of the site's log (checked against its chain),
//! with this counter's own prints the site has not received yet first.

use rusqlite::types::Value;

use super::list::{PrintLogFilter, PrintRecord, SiteMark, filtered};
use super::{PrintLog, PrintLogError, PrintOutcome, ReprintReason};
use crate::operators::parse_db_time;

const SITE_SELECT: &str = "SELECT a.seq, a.at, a.platform, a.order_id, a.order_number, a.ticket_id,
        a.operator_name, a.authorised_by_name, a.workstation, a.target, a.stock, a.copy,
        a.reason, a.reason_note, r.outcome, r.job_id, r.detail, r.at,
        a.counter, a.offline, a.conflict
    FROM site_log a
    LEFT JOIN site_log r ON r.kind = 'result' AND r.attempt_key = a.entry_key
    WHERE a.kind = 'attempt'";

/// This counter's attempts whose key the site has not returned.
const PENDING_SELECT: &str =
    "SELECT a.seq, a.at, a.platform, a.order_id, a.order_number, a.ticket_id,
        a.operator_name, a.authorised_by_name, a.workstation, a.target, a.stock, a.reprint,
        a.reason, a.reason_note, r.outcome, r.job_id, r.detail, r.at,
        '', 0, 0
    FROM print_log a
    LEFT JOIN print_log r ON r.kind = 'result' AND r.attempt_seq = a.seq
    LEFT JOIN site_keys k ON k.local_seq = a.seq
    WHERE a.kind = 'attempt'
      AND (k.key IS NULL OR NOT EXISTS (SELECT 1 FROM site_log s WHERE s.entry_key = k.key))";

fn record(r: &rusqlite::Row<'_>, pending: bool, me: &str) -> Result<PrintRecord, PrintLogError> {
    let seq = r.get::<_, i64>(0)?.unsigned_abs();
    let bad = |what| PrintLogError::Unreadable { seq, what };
    let at: String = r.get(1)?;
    let platform: Option<String> = r.get(2)?;
    let copy: Option<i64> = r.get(11)?;
    let reason: Option<String> = r.get(12)?;
    let outcome: Option<String> = r.get(14)?;
    let result_at: Option<String> = r.get(17)?;
    let counter: String = r.get(18)?;
    Ok(PrintRecord {
        seq,
        at: parse_db_time(&at).ok_or_else(|| bad("time"))?,
        platform: platform
            .as_deref()
            .unwrap_or_default()
            .parse()
            .map_err(|_| bad("platform"))?,
        order_id: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        order_number: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        ticket_id: r.get(5)?,
        // The site names operators; their ids are each counter's own.
        operator_id: 0,
        operator_name: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
        authorised_by_id: None,
        authorised_by_name: r.get(7)?,
        workstation: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
        target: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
        stock: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
        reprint: u32::try_from(copy.unwrap_or(0)).map_err(|_| bad("copy number"))?,
        reason: match reason {
            Some(x) => Some(ReprintReason::parse(&x).ok_or_else(|| bad("reprint reason"))?),
            None => None,
        },
        reason_note: r.get(13)?,
        outcome: match outcome {
            Some(x) => Some(PrintOutcome::parse(&x).ok_or_else(|| bad("outcome"))?),
            None => None,
        },
        job_id: r.get(15)?,
        detail: r.get(16)?,
        result_at: match result_at {
            Some(t) => Some(parse_db_time(&t).ok_or_else(|| bad("result time"))?),
            None => None,
        },
        site: Some(SiteMark {
            counter: if pending { me.to_owned() } else { counter },
            offline: r.get::<_, i64>(19)? != 0,
            conflict: r.get::<_, i64>(20)? != 0,
            pending,
        }),
    })
}

impl PrintLog<'_> {
    /// The whole site's prints matching `filter` (this counter is `me`):
    /// its own not yet at the site first, then the site's, newest first.
    pub fn list_site(
        &self,
        filter: &PrintLogFilter,
        me: &str,
    ) -> Result<Vec<PrintRecord>, PrintLogError> {
        let conn = self.cache.connection();
        let mut out = Vec::new();
        for (select, copy, pending) in [
            (PENDING_SELECT, "a.reprint", true),
            (SITE_SELECT, "a.copy", false),
        ] {
            let (sql, args): (String, Vec<Value>) = filtered(select, copy, filter);
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
            while let Some(r) = rows.next()? {
                out.push(record(r, pending, me)?);
            }
        }
        if let Some(n) = filter.limit {
            out.truncate(usize::try_from(n).unwrap_or(usize::MAX));
        }
        Ok(out)
    }
}
