//! Reading the log back: attempts merged with their results, filtered,
//! newest first, and the same as CSV (RFC 4180) for a spreadsheet.

use std::io::Write;

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use super::{PrintLog, PrintLogError, PrintOutcome, ReprintReason};
use crate::domain::Platform;
use crate::operators::{db_time, parse_db_time};

/// Which prints to list. Everything unset lists everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintLogFilter {
    /// Prints at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Prints before this time.
    pub to: Option<DateTime<Utc>>,
    /// The printing operator's name as written (case is ignored for Latin letters only).
    pub operator: Option<String>,
    /// An order's id or number.
    pub order: Option<String>,
    pub reprints_only: bool,
    pub limit: Option<u32>,
}

/// One print: the attempt and, when known, its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintRecord {
    /// The attempt's entry number.
    #[specta(type = specta_typescript::Number)]
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub platform: Platform,
    pub order_id: String,
    pub order_number: String,
    /// `None` for an order form covering the whole order.
    pub ticket_id: Option<String>,
    #[specta(type = specta_typescript::Number)]
    pub operator_id: i64,
    pub operator_name: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub authorised_by_id: Option<i64>,
    pub authorised_by_name: Option<String>,
    pub workstation: String,
    /// `PDF` or the printer's name.
    pub target: String,
    pub stock: String,
    /// 0 for the original, n for the n-th reprint.
    pub reprint: u32,
    pub reason: Option<ReprintReason>,
    pub reason_note: Option<String>,
    /// `None` while no result is recorded: the job may or may not have printed.
    pub outcome: Option<PrintOutcome>,
    pub job_id: Option<String>,
    pub detail: Option<String>,
    pub result_at: Option<DateTime<Utc>>,
    /// In site mode: the counter that printed it, and how the site took it.
    pub site: Option<SiteMark>,
}

/// How an entry of the site's log stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SiteMark {
    pub counter: String,
    /// Printed while its counter was cut off from the site.
    pub offline: bool,
    /// A second original printed while cut off.
    pub conflict: bool,
    /// This counter's print the site has not received yet (its `seq` is
    /// this counter's own entry number).
    pub pending: bool,
}

const SELECT: &str = "SELECT a.seq, a.at, a.platform, a.order_id, a.order_number, a.ticket_id,
        a.operator_id, a.operator_name, a.authorised_by_id, a.authorised_by_name,
        a.workstation, a.target, a.stock, a.reprint, a.reason, a.reason_note,
        r.outcome, r.job_id, r.detail, r.at
    FROM print_log a
    LEFT JOIN print_log r ON r.kind = 'result' AND r.attempt_seq = a.seq
    WHERE a.kind = 'attempt'";

fn record(r: &rusqlite::Row<'_>) -> Result<PrintRecord, PrintLogError> {
    let seq = r.get::<_, i64>(0)?.unsigned_abs();
    let bad = |what| PrintLogError::Unreadable { seq, what };
    let at: String = r.get(1)?;
    let platform: String = r.get(2)?;
    let reprint: i64 = r.get(13)?;
    let reason: Option<String> = r.get(14)?;
    let outcome: Option<String> = r.get(16)?;
    let result_at: Option<String> = r.get(19)?;
    Ok(PrintRecord {
        seq,
        at: parse_db_time(&at).ok_or_else(|| bad("time"))?,
        platform: platform.parse().map_err(|_| bad("platform"))?,
        order_id: r.get(3)?,
        order_number: r.get(4)?,
        ticket_id: r.get(5)?,
        operator_id: r.get(6)?,
        operator_name: r.get(7)?,
        authorised_by_id: r.get(8)?,
        authorised_by_name: r.get(9)?,
        workstation: r.get(10)?,
        target: r.get(11)?,
        stock: r.get(12)?,
        reprint: u32::try_from(reprint).map_err(|_| bad("reprint number"))?,
        reason: match reason {
            Some(x) => Some(ReprintReason::parse(&x).ok_or_else(|| bad("reprint reason"))?),
            None => None,
        },
        reason_note: r.get(15)?,
        outcome: match outcome {
            Some(x) => Some(PrintOutcome::parse(&x).ok_or_else(|| bad("outcome"))?),
            None => None,
        },
        job_id: r.get(17)?,
        detail: r.get(18)?,
        result_at: match result_at {
            Some(t) => Some(parse_db_time(&t).ok_or_else(|| bad("result time"))?),
            None => None,
        },
        site: None,
    })
}

/// The query for `f`: only the conditions asked for, so each can use its index.
fn query(f: &PrintLogFilter) -> (String, Vec<Value>) {
    filtered(SELECT, "a.reprint", f)
}

/// `select` narrowed by `f`; `copy` names the column of the copy number.
pub(super) fn filtered(select: &str, copy: &str, f: &PrintLogFilter) -> (String, Vec<Value>) {
    let mut sql = select.to_owned();
    let mut args = Vec::new();
    let mut arg = |sql: &mut String, cond: &str, v: Value| {
        args.push(v);
        sql.push_str(&cond.replace('?', &format!("?{}", args.len())));
    };
    if let Some(t) = f.from {
        arg(&mut sql, " AND a.at >= ?", Value::Text(db_time(t)));
    }
    if let Some(t) = f.to {
        arg(&mut sql, " AND a.at < ?", Value::Text(db_time(t)));
    }
    if let Some(o) = &f.operator {
        let o = Value::Text(o.trim().to_owned());
        arg(&mut sql, " AND a.operator_name = ? COLLATE NOCASE", o);
    }
    if let Some(o) = &f.order {
        let o = Value::Text(o.trim().to_owned());
        arg(&mut sql, " AND (a.order_id = ? OR a.order_number = ?)", o);
    }
    if f.reprints_only {
        sql.push_str(&format!(" AND {copy} > 0"));
    }
    sql.push_str(" ORDER BY a.seq DESC");
    if let Some(n) = f.limit {
        arg(&mut sql, " LIMIT ?", Value::Integer(i64::from(n)));
    }
    (sql, args)
}

const HEADER: [&str; 22] = [
    "seq",
    "time",
    "platform",
    "order_id",
    "order_number",
    "ticket_id",
    "operator_id",
    "operator",
    "authorised_by_id",
    "authorised_by",
    "workstation",
    "target",
    "stock",
    "reprint",
    "reason",
    "reason_note",
    "outcome",
    "job_id",
    "detail",
    "result_time",
    "counter",
    "site",
];

fn csv_row(r: &PrintRecord) -> [String; 22] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let time = |t: &DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    [
        r.seq.to_string(),
        time(&r.at),
        r.platform.as_str().to_owned(),
        r.order_id.clone(),
        r.order_number.clone(),
        opt(&r.ticket_id),
        r.operator_id.to_string(),
        r.operator_name.clone(),
        r.authorised_by_id
            .map(|i| i.to_string())
            .unwrap_or_default(),
        opt(&r.authorised_by_name),
        r.workstation.clone(),
        r.target.clone(),
        r.stock.clone(),
        r.reprint.to_string(),
        r.reason.map(|x| x.as_str().to_owned()).unwrap_or_default(),
        opt(&r.reason_note),
        r.outcome.map(|x| x.as_str().to_owned()).unwrap_or_default(),
        opt(&r.job_id),
        opt(&r.detail),
        r.result_at.as_ref().map(time).unwrap_or_default(),
        r.site
            .as_ref()
            .map(|m| m.counter.clone())
            .unwrap_or_default(),
        r.site
            .as_ref()
            .map(|m| {
                match (m.pending, m.conflict, m.offline) {
                    (true, _, _) => "not sent yet",
                    (_, true, _) => "conflict",
                    (_, _, true) => "offline",
                    _ => "",
                }
                .to_owned()
            })
            .unwrap_or_default(),
    ]
}

impl PrintLog<'_> {
    /// Prints matching `filter`, newest first, each with its result.
    pub fn list(&self, filter: &PrintLogFilter) -> Result<Vec<PrintRecord>, PrintLogError> {
        let (sql, args) = query(filter);
        let conn = self.cache.connection();
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(record(r)?);
        }
        Ok(out)
    }

    /// The same prints as [`PrintLog::list`], as CSV with a header row
    /// (RFC 4180: CRLF line ends, fields quoted when they need it, UTF-8;
    /// times in UTC). An outcome left empty means no result was recorded.
    /// Returns how many prints were written.
    pub fn export_csv(
        &self,
        filter: &PrintLogFilter,
        out: impl Write,
    ) -> Result<usize, PrintLogError> {
        write_csv(&self.list(filter)?, out)
    }
}

/// Prints as CSV with a header row (see [`PrintLog::export_csv`]).
pub fn write_csv(records: &[PrintRecord], out: impl Write) -> Result<usize, PrintLogError> {
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        w.write_record(HEADER)?;
        for r in records {
            w.write_record(csv_row(r))?;
        }
        w.flush().map_err(csv::Error::from)?;
        Ok(records.len())
    }
}
