//! [`PrintLog`]: appending attempts and results to the chain, counting
//! copies, and verifying the chain against its anchor.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use super::anchor::{AnchorFile, AnchorRead};
use super::chain::{self, COLUMNS, ChainBreak, Entry, GENESIS, Head, Walker};
use super::{AttemptId, PrintAttempt, PrintLogError, PrintResult, ReprintReason};
use crate::cache::Cache;
use crate::domain::Platform;
use crate::operators::{Role, db_time};

/// What [`PrintLog::verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChainReport {
    #[specta(type = specta_typescript::Number)]
    pub entries: u64,
    /// The first place the chain or its anchor does not match; `None` when intact.
    pub broken: Option<ChainBreak>,
}

impl std::fmt::Display for ChainReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.broken {
            None => write!(f, "{} entries, chain intact", self.entries),
            Some(b) => write!(f, "{b}"),
        }
    }
}

pub struct PrintLog<'a> {
    pub cache: &'a Cache,
}

fn non_empty<'s>(s: &'s str, what: &'static str) -> Result<&'s str, PrintLogError> {
    let s = s.trim();
    if s.is_empty() {
        Err(PrintLogError::Missing(what))
    } else {
        Ok(s)
    }
}

impl<'a> PrintLog<'a> {
    pub fn new(cache: &'a Cache) -> Self {
        PrintLog { cache }
    }

    fn anchor(&self) -> AnchorFile {
        AnchorFile::for_database(self.cache.path())
    }

    /// Records a print before its job is sent. Refused when the reprint
    /// number is not the count of copies already on record (another till
    /// printed meanwhile), when a reprint has no reason, or when a cashier
    /// reprints without a manager's approval.
    pub fn append_attempt(&self, a: &PrintAttempt<'_>) -> Result<AttemptId, PrintLogError> {
        self.attempt(a, true)
    }

    /// [`PrintLog::append_attempt`] for a copy number the site decided (or
    /// this counter decided from its copy of the site's log while cut off):
    /// this counter's own log may not hold the other counters' copies.
    pub fn append_decided_attempt(&self, a: &PrintAttempt<'_>) -> Result<AttemptId, PrintLogError> {
        self.attempt(a, false)
    }

    fn attempt(&self, a: &PrintAttempt<'_>, count_here: bool) -> Result<AttemptId, PrintLogError> {
        let number = a.reprint.as_ref().map_or(0, |r| r.number);
        if let Some(r) = &a.reprint {
            if r.number == 0 {
                return Err(PrintLogError::ReprintZero);
            }
            let note = r.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
            if r.reason == ReprintReason::Other && note.is_none() {
                return Err(PrintLogError::NoteRequired);
            }
            if a.operator.role == Role::Cashier && a.authorised_by.is_none() {
                return Err(PrintLogError::NeedsManager);
            }
        }
        if a.authorised_by
            .is_some_and(|m| m.manager().training && !a.operator.training)
        {
            return Err(PrintLogError::TrainingApproval);
        }
        let manager = a.authorised_by.map(|m| m.manager());
        let entry = Entry {
            kind: "attempt".into(),
            platform: Some(a.platform.as_str().into()),
            order_id: Some(non_empty(a.order_id, "the order's id")?.into()),
            order_number: Some(non_empty(a.order_number, "the order's number")?.into()),
            ticket_id: a.ticket_id.map(str::to_owned),
            operator_id: Some(a.operator.id),
            operator_name: Some(a.operator.name.clone()),
            authorised_by_id: manager.map(|m| m.id),
            authorised_by_name: manager.map(|m| m.name.clone()),
            workstation: Some(non_empty(a.workstation, "the workstation's name")?.into()),
            target: Some(non_empty(a.target.stored(), "the printer's name")?.into()),
            stock: Some(non_empty(a.stock, "the ticket stock")?.into()),
            reprint: Some(i64::from(number)),
            reason: a.reprint.as_ref().map(|r| r.reason.as_str().into()),
            reason_note: a
                .reprint
                .as_ref()
                .and_then(|r| r.note.as_deref())
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
            at: db_time(a.at),
            ..Entry::default()
        };
        let seq = self.append(entry, |conn| {
            if !count_here {
                return Ok(());
            }
            let copies = copies_in(conn, a.platform, a.order_id.trim(), a.ticket_id)?;
            if copies != number {
                return Err(PrintLogError::CopyNumber {
                    copies,
                    given: number,
                });
            }
            Ok(())
        })?;
        Ok(AttemptId(seq))
    }

    /// Records how an attempt ended. Returns the result's entry number.
    pub fn append_result(&self, attempt: AttemptId, r: &PrintResult) -> Result<u64, PrintLogError> {
        let AttemptId(n) = attempt;
        let seq = i64::try_from(n).map_err(|_| PrintLogError::UnknownAttempt(n))?;
        let entry = Entry {
            kind: "result".into(),
            attempt_seq: Some(seq),
            outcome: Some(r.outcome.as_str().into()),
            job_id: r.job_id.clone(),
            detail: r.detail.clone(),
            at: db_time(r.at),
            ..Entry::default()
        };
        self.append(entry, |conn| {
            let kind: Option<String> = conn
                .query_row("SELECT kind FROM print_log WHERE seq = ?1", [seq], |r| {
                    r.get(0)
                })
                .optional()?;
            if kind.as_deref() != Some("attempt") {
                return Err(PrintLogError::UnknownAttempt(n));
            }
            let done: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM print_log WHERE kind = 'result' AND attempt_seq = ?1)",
                [seq],
                |r| r.get(0),
            )?;
            if done {
                return Err(PrintLogError::ResultExists(n));
            }
            Ok(())
        })
    }

    /// Appends `entry` after the newest one. Two processes appending at once
    /// take turns: the anchor lock, then SQLite's write lock (`BEGIN
    /// IMMEDIATE`), inside which the newest hash is read.
    pub(super) fn append(
        &self,
        mut entry: Entry,
        check: impl FnOnce(&Connection) -> Result<(), PrintLogError>,
    ) -> Result<u64, PrintLogError> {
        let anchor = self.anchor();
        let files = |source| PrintLogError::Files {
            path: self.cache.path().to_owned(),
            source,
        };
        let _turn = anchor.lock(true).map_err(files)?;
        let (seq, advance) = {
            let mut conn = self.cache.connection();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            check(&tx)?;
            let before = head(&tx)?;
            entry.seq = i64::try_from(before.seq + 1).unwrap_or(i64::MAX);
            entry.prev_hash = before.hash.clone();
            entry.hash = entry.compute_hash();
            insert(&tx, &entry)?;
            let advance = anchor_agrees(&tx, &anchor.read().map_err(files)?, &before)?;
            tx.commit()?;
            (before.seq + 1, advance)
        };
        if advance {
            anchor
                .write(&Head {
                    seq,
                    hash: entry.hash,
                })
                .map_err(|source| PrintLogError::Anchor {
                    seq,
                    path: anchor.path().to_owned(),
                    source,
                })?;
        } else {
            // Overwriting it would erase the evidence `verify` reports.
            tracing::warn!(
                "the print log's anchor file disagrees with the database; left as it is for `box-office printlog verify`"
            );
        }
        Ok(seq)
    }

    /// The entries after `seq`, oldest first (what a counter joining a site
    /// uploads as its history).
    pub(crate) fn entries_after(&self, seq: u64) -> Result<Vec<Entry>, PrintLogError> {
        let conn = self.cache.connection();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM print_log WHERE seq > ?1 ORDER BY seq"
        ))?;
        let mut rows = stmt.query([i64::try_from(seq).unwrap_or(i64::MAX)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(Entry::from_row(r)?);
        }
        Ok(out)
    }

    /// How many copies of a ticket (or, with `ticket_id` `None`, of the order
    /// form) exist: attempts whose result is not `failed`, including those
    /// with no result yet, since they may have printed.
    pub fn copies(
        &self,
        platform: Platform,
        order_id: &str,
        ticket_id: Option<&str>,
    ) -> Result<u32, PrintLogError> {
        copies_in(&self.cache.connection(), platform, order_id, ticket_id)
    }

    /// The copies on record of every ticket of an order (keyed by ticket id,
    /// `None` for the order form), counted as [`PrintLog::copies`] counts.
    pub fn copies_of_order(
        &self,
        platform: Platform,
        order_id: &str,
    ) -> Result<HashMap<Option<String>, u32>, PrintLogError> {
        let conn = self.cache.connection();
        let mut stmt = conn.prepare_cached(
            "SELECT a.ticket_id, count(*) FROM print_log a
             WHERE a.kind = 'attempt' AND a.order_id = ?2 AND a.platform = ?1
               AND NOT EXISTS (SELECT 1 FROM print_log r WHERE r.kind = 'result'
                               AND r.attempt_seq = a.seq AND r.outcome = 'failed')
             GROUP BY a.ticket_id",
        )?;
        let rows = stmt.query_map(params![platform.as_str(), order_id], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, u32>(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Recomputes the whole chain and checks it against the anchor.
    pub fn verify(&self) -> Result<ChainReport, PrintLogError> {
        let anchor = self.anchor();
        let files = |source| PrintLogError::Files {
            path: self.cache.path().to_owned(),
            source,
        };
        let _turn = anchor.lock(false).map_err(files)?;
        let read = anchor.read().map_err(files)?;
        let conn = self.cache.connection();
        let total: i64 = conn.query_row("SELECT count(*) FROM print_log", [], |r| r.get(0))?;
        let entries = total.unsigned_abs();
        let anchor_seq = match &read {
            AnchorRead::Found(h) => Some(h.seq),
            _ => None,
        };
        let mut walker = Walker::new(anchor_seq);
        let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM print_log ORDER BY seq"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let e = Entry::from_row(row)?;
            let seq_of_hash = |h: &str| {
                conn.query_row(
                    "SELECT seq FROM print_log WHERE hash = ?1 ORDER BY seq LIMIT 1",
                    [h],
                    |r| r.get::<_, i64>(0),
                )
                .optional()
                .map(|s| s.map(i64::unsigned_abs))
            };
            if let Some(broken) = walker.step(&e, seq_of_hash)? {
                return Ok(ChainReport {
                    entries,
                    broken: Some(broken),
                });
            }
        }
        let broken = chain::check_anchor(&read, &walker.head(), walker.at_anchor.as_deref());
        Ok(ChainReport { entries, broken })
    }
}

fn copies_in(
    conn: &Connection,
    platform: Platform,
    order_id: &str,
    ticket_id: Option<&str>,
) -> Result<u32, PrintLogError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM print_log a
         WHERE a.kind = 'attempt' AND a.order_id = ?2 AND a.ticket_id IS ?3 AND a.platform = ?1
           AND NOT EXISTS (SELECT 1 FROM print_log r WHERE r.kind = 'result'
                           AND r.attempt_seq = a.seq AND r.outcome = 'failed')",
        params![platform.as_str(), order_id, ticket_id],
        |r| r.get(0),
    )?)
}

/// The newest entry, or the genesis before the first.
fn head(conn: &Connection) -> Result<Head, PrintLogError> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM print_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match last {
        Some((seq, hash)) => Head {
            seq: seq.unsigned_abs(),
            hash,
        },
        None => Head {
            seq: 0,
            hash: GENESIS.to_owned(),
        },
    })
}

fn insert(conn: &Connection, e: &Entry) -> Result<(), PrintLogError> {
    conn.execute(
        &format!(
            "INSERT INTO print_log ({COLUMNS}) VALUES
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
              ?19, ?20, ?21, ?22, ?23)"
        ),
        params![
            e.seq,
            e.kind,
            e.attempt_seq,
            e.platform,
            e.order_id,
            e.order_number,
            e.ticket_id,
            e.operator_id,
            e.operator_name,
            e.authorised_by_id,
            e.authorised_by_name,
            e.workstation,
            e.target,
            e.stock,
            e.reprint,
            e.reason,
            e.reason_note,
            e.outcome,
            e.job_id,
            e.detail,
            e.at,
            e.prev_hash,
            e.hash,
        ],
    )?;
    Ok(())
}

/// Whether the anchor still describes the log as it was before this append
/// (at, or consistently behind, its newest entry). Only then is it moved on;
/// an anchor that is ahead of the log, disagrees with it or has vanished is
/// evidence and stays as it is.
fn anchor_agrees(
    conn: &Connection,
    read: &AnchorRead,
    before: &Head,
) -> Result<bool, PrintLogError> {
    Ok(match read {
        AnchorRead::Absent => before.seq <= 1,
        AnchorRead::Unreadable => false,
        AnchorRead::Found(a) if a.seq > before.seq => false,
        AnchorRead::Found(a) if a.seq == 0 => a.hash == GENESIS,
        AnchorRead::Found(a) => {
            let hash: Option<String> = conn
                .query_row(
                    "SELECT hash FROM print_log WHERE seq = ?1",
                    [i64::try_from(a.seq).unwrap_or(i64::MAX)],
                    |r| r.get(0),
                )
                .optional()?;
            hash.as_deref() == Some(a.hash.as_str())
        }
    })
}
