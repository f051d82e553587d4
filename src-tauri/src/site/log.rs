//! The site's print log, from a counter's side: appending an entry (the site
//! numbers it, decides its copy number and chains it), reading the site's
//! entries into this counter's copy while checking the chain leads on from
//! what it saw before, and recomputing the whole chain to verify it.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio_postgres::Row;
use uuid::Uuid;

use super::client::{Call, Connection, code, describe};
use super::error::SiteError;
use crate::cache::Cache;
use crate::printlog::GENESIS;

/// One entry as the site keeps it. `seq`, `received_at`, `prev_hash` and
/// `hash` are the site's; `copy` and `conflict` are decided by it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteEntry {
    pub seq: i64,
    pub entry_key: Uuid,
    pub counter: String,
    pub local_seq: Option<i64>,
    pub kind: String,
    pub attempt_key: Option<Uuid>,
    pub platform: Option<String>,
    pub order_id: Option<String>,
    pub order_number: Option<String>,
    pub ticket_id: Option<String>,
    pub operator_name: Option<String>,
    pub authorised_by_name: Option<String>,
    pub workstation: Option<String>,
    pub target: Option<String>,
    pub stock: Option<String>,
    pub copy: Option<i32>,
    pub reason: Option<String>,
    pub reason_note: Option<String>,
    pub outcome: Option<String>,
    pub job_id: Option<String>,
    pub detail: Option<String>,
    pub at: String,
    pub offline: bool,
    pub conflict: bool,
    pub received_at: String,
    pub prev_hash: String,
    pub hash: String,
}

const COLUMNS: &str = "seq, entry_key, counter, local_seq, kind, attempt_key, platform, order_id, \
    order_number, ticket_id, operator_name, authorised_by_name, workstation, target, stock, copy, \
    reason, reason_note, outcome, job_id, detail, at, offline, conflict, received_at, prev_hash, hash";

impl SiteEntry {
    fn from_pg(r: &Row) -> SiteEntry {
        SiteEntry {
            seq: r.get(0),
            entry_key: r.get(1),
            counter: r.get(2),
            local_seq: r.get(3),
            kind: r.get(4),
            attempt_key: r.get(5),
            platform: r.get(6),
            order_id: r.get(7),
            order_number: r.get(8),
            ticket_id: r.get(9),
            operator_name: r.get(10),
            authorised_by_name: r.get(11),
            workstation: r.get(12),
            target: r.get(13),
            stock: r.get(14),
            copy: r.get(15),
            reason: r.get(16),
            reason_note: r.get(17),
            outcome: r.get(18),
            job_id: r.get(19),
            detail: r.get(20),
            at: r.get(21),
            offline: r.get(22),
            conflict: r.get(23),
            received_at: r.get(24),
            prev_hash: r.get(25),
            hash: r.get(26),
        }
    }

    /// The hash the site's `print_log_entry_hash` gives this entry: each
    /// field as its length in characters and its text (`-` for none),
    /// after a version tag.
    pub fn compute_hash(&self) -> String {
        fn field(out: &mut String, v: Option<&str>) {
            match v {
                None => out.push('-'),
                Some(s) => {
                    out.push_str(&s.chars().count().to_string());
                    out.push(':');
                    out.push_str(s);
                }
            }
        }
        let num = |n: Option<i64>| n.map(|n| n.to_string());
        let flag = |b: bool| Some(if b { "t" } else { "f" }.to_owned());
        let mut text = String::from("box-office site log v1|");
        let parts: [Option<String>; 26] = [
            num(Some(self.seq)),
            Some(self.entry_key.hyphenated().to_string()),
            Some(self.counter.clone()),
            num(self.local_seq),
            Some(self.kind.clone()),
            self.attempt_key.map(|k| k.hyphenated().to_string()),
            self.platform.clone(),
            self.order_id.clone(),
            self.order_number.clone(),
            self.ticket_id.clone(),
            self.operator_name.clone(),
            self.authorised_by_name.clone(),
            self.workstation.clone(),
            self.target.clone(),
            self.stock.clone(),
            num(self.copy.map(i64::from)),
            self.reason.clone(),
            self.reason_note.clone(),
            self.outcome.clone(),
            self.job_id.clone(),
            self.detail.clone(),
            Some(self.at.clone()),
            flag(self.offline),
            flag(self.conflict),
            Some(self.received_at.clone()),
            Some(self.prev_hash.clone()),
        ];
        for p in &parts {
            field(&mut text, p.as_deref());
        }
        Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// What the site made of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub seq: i64,
    pub copy: Option<i32>,
    /// A second original printed while cut off, kept as a conflict.
    pub conflict: bool,
}

/// Why the site refused an entry (never "unreachable": see [`append`]).
#[derive(Debug)]
pub enum Refusal {
    /// An original of a ticket the site has on record.
    PrintedElsewhere {
        counter: String,
        operator: String,
        at: String,
    },
    /// A reprint of a ticket the site has no copy of.
    NotPrinted,
}

/// Appends entries decided here (never refused) in one transaction, their
/// inserts sent one after another without waiting for each answer, in
/// order. `None` when the site refused one of them (one sent before whose
/// answer was lost, say): nothing of the batch was stored, and the caller
/// sends them one at a time.
pub async fn append_all(conn: &Connection, entries: &[SiteEntry]) -> Result<Option<()>, SiteError> {
    let entries = entries.to_vec();
    let result = conn
        .run(move |c| -> Call<'_, ()> {
            let entries = entries.clone();
            Box::pin(async move {
                let tx = c.transaction().await?;
                let insert = tx.prepare(INSERT).await?;
                let pending: Vec<_> = entries
                    .iter()
                    .map(|e| {
                        let tx = &tx;
                        let insert = &insert;
                        async move { tx.execute(insert, &params(e)).await }
                    })
                    .collect();
                for r in futures_util::future::join_all(pending).await {
                    r?;
                }
                tx.commit().await
            })
        })
        .await?;
    Ok(result.ok())
}

const INSERT: &str = "INSERT INTO print_log (entry_key, counter, local_seq, kind, attempt_key,
         platform, order_id, order_number, ticket_id, operator_name,
         authorised_by_name, workstation, target, stock, copy, reason,
         reason_note, outcome, job_id, detail, at, offline)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
             $15, $16, $17, $18, $19, $20, $21, $22)";

fn params(e: &SiteEntry) -> [&(dyn tokio_postgres::types::ToSql + Sync); 22] {
    [
        &e.entry_key,
        &e.counter,
        &e.local_seq,
        &e.kind,
        &e.attempt_key,
        &e.platform,
        &e.order_id,
        &e.order_number,
        &e.ticket_id,
        &e.operator_name,
        &e.authorised_by_name,
        &e.workstation,
        &e.target,
        &e.stock,
        &e.copy,
        &e.reason,
        &e.reason_note,
        &e.outcome,
        &e.job_id,
        &e.detail,
        &e.at,
        &e.offline,
    ]
}

/// Appends `e` to the site's log, at most once (its key is its identity).
/// `Ok(Err(refusal))`: the site refused it, and nothing was written.
pub async fn append(
    conn: &Connection,
    entry: &SiteEntry,
) -> Result<Result<Appended, Refusal>, SiteError> {
    let e = entry.clone();
    let result = conn
        .run(move |c| -> Call<'_, Appended> {
            let e = e.clone();
            Box::pin(async move {
                let row = c
                    .query_one(
                        &format!("{INSERT} RETURNING seq, copy, conflict"),
                        &params(&e),
                    )
                    .await?;
                Ok(Appended {
                    seq: row.get(0),
                    copy: row.get(1),
                    conflict: row.get(2),
                })
            })
        })
        .await?;
    let err = match result {
        Ok(a) => return Ok(Ok(a)),
        Err(err) => err,
    };
    // Sent before, its answer lost: what the site made of it then. (The
    // trigger counts the stored entry itself as a copy, so a resent original
    // is refused as "already printed" before the key's uniqueness is
    // checked: look the key up first, whatever the refusal.)
    if matches!(code(&err), Some("23505" | "BX001" | "BX002")) {
        let key = entry.entry_key;
        let found = conn
            .call(move |c| -> Call<'_, Option<Appended>> {
                Box::pin(async move {
                    Ok(c.query_opt(
                        "SELECT seq, copy, conflict FROM print_log WHERE entry_key = $1",
                        &[&key],
                    )
                    .await?
                    .map(|row| Appended {
                        seq: row.get(0),
                        copy: row.get(1),
                        conflict: row.get(2),
                    }))
                })
            })
            .await?;
        if let Some(found) = found {
            return Ok(Ok(found));
        }
    }
    match code(&err) {
        Some("BX001") => {
            let (platform, order, ticket) = (
                entry.platform.clone(),
                entry.order_id.clone(),
                entry.ticket_id.clone(),
            );
            let who = conn
                .call(
                    move |c| -> Call<'_, Option<(String, Option<String>, String)>> {
                        let (order, platform, ticket) =
                            (order.clone(), platform.clone(), ticket.clone());
                        Box::pin(async move {
                            Ok(c.query_opt(
                                "SELECT counter, operator_name, at FROM print_log
                             WHERE kind = 'attempt' AND platform = $1 AND order_id = $2
                               AND ticket_id IS NOT DISTINCT FROM $3
                             ORDER BY seq LIMIT 1",
                                &[&platform, &order, &ticket],
                            )
                            .await?
                            .map(|r| (r.get(0), r.get(1), r.get(2))))
                        })
                    },
                )
                .await?;
            let (counter, operator, at) = who.unwrap_or_default();
            Ok(Err(Refusal::PrintedElsewhere {
                counter,
                operator: operator.unwrap_or_default(),
                at,
            }))
        }
        Some("BX002") => Ok(Err(Refusal::NotPrinted)),
        _ => Err(SiteError::Database(describe(&err))),
    }
}

/// Reads the site's entries after this counter's mark into its copy,
/// checking that the site's chain still holds the entry it saw last and
/// leads on from it. Returns how many entries were read.
pub async fn pull(conn: &Connection, cache: &Cache) -> Result<usize, SiteError> {
    let (mut seq, mut hash) = head_seen(cache)?;
    if seq > 0 {
        let at = i64::try_from(seq).unwrap_or(i64::MAX);
        let there: Option<String> = conn
            .call(move |c| -> Call<'_, Option<String>> {
                Box::pin(async move {
                    Ok(
                        c.query_opt("SELECT hash FROM print_log WHERE seq = $1", &[&at])
                            .await?
                            .map(|r| r.get(0)),
                    )
                })
            })
            .await?;
        if there.as_deref() != Some(hash.as_str()) {
            return Err(SiteError::ChainRewritten { seq });
        }
    }
    let mut total = 0;
    loop {
        let after = i64::try_from(seq).unwrap_or(i64::MAX);
        let rows: Vec<SiteEntry> = conn
            .call(move |c| -> Call<'_, Vec<SiteEntry>> {
                Box::pin(async move {
                    Ok(c.query(
                        &format!(
                            "SELECT {COLUMNS} FROM print_log WHERE seq > $1 ORDER BY seq LIMIT 5000"
                        ),
                        &[&after],
                    )
                    .await?
                    .iter()
                    .map(SiteEntry::from_pg)
                    .collect())
                })
            })
            .await?;
        if rows.is_empty() {
            return Ok(total);
        }
        for e in &rows {
            check_link(e, seq, &hash)?;
            seq = e.seq.unsigned_abs();
            hash = e.hash.clone();
        }
        store(cache, &rows)?;
        total += rows.len();
    }
}

/// That `e` follows the entry `seq`/`hash` and matches its own hash.
fn check_link(e: &SiteEntry, seq: u64, hash: &str) -> Result<(), SiteError> {
    let at = e.seq.unsigned_abs();
    if at != seq + 1 || e.prev_hash != hash {
        return Err(SiteError::ChainRewritten { seq: at });
    }
    if e.compute_hash() != e.hash {
        return Err(SiteError::ChainBroken { seq: at });
    }
    Ok(())
}

fn head_seen(cache: &Cache) -> Result<(u64, String), SiteError> {
    Ok(cache
        .connection()
        .query_row(
            "SELECT log_seq, log_hash FROM site_link WHERE id = 1",
            [],
            |r| Ok((r.get::<_, i64>(0)?.unsigned_abs(), r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, GENESIS.to_owned())))
}

fn store(cache: &Cache, rows: &[SiteEntry]) -> Result<(), SiteError> {
    let mut conn = cache.connection();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO site_log (seq, entry_key, counter, local_seq, kind, attempt_key,
                 platform, order_id, order_number, ticket_id, operator_name, authorised_by_name,
                 workstation, target, stock, copy, reason, reason_note, outcome, job_id, detail,
                 at, offline, conflict, received_at, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
        )?;
        for e in rows {
            insert.execute(params![
                e.seq,
                e.entry_key.to_string(),
                e.counter,
                e.local_seq,
                e.kind,
                e.attempt_key.map(|k| k.to_string()),
                e.platform,
                e.order_id,
                e.order_number,
                e.ticket_id,
                e.operator_name,
                e.authorised_by_name,
                e.workstation,
                e.target,
                e.stock,
                e.copy,
                e.reason,
                e.reason_note,
                e.outcome,
                e.job_id,
                e.detail,
                e.at,
                e.offline,
                e.conflict,
                e.received_at,
                e.prev_hash,
                e.hash,
            ])?;
        }
    }
    if let Some(last) = rows.last() {
        tx.execute(
            "UPDATE site_link SET log_seq = ?1, log_hash = ?2 WHERE id = 1",
            params![last.seq, last.hash],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// What recomputing the site's whole chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SiteChain {
    #[specta(type = specta_typescript::Number)]
    pub entries: u64,
    /// The first entry that does not match, and why; `None` when intact.
    pub broken: Option<SiteBreak>,
    /// Checked on this counter's copy only: the site could not be reached.
    pub copy_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SiteBreak {
    #[specta(type = specta_typescript::Number)]
    pub seq: u64,
    pub why: String,
}

impl std::fmt::Display for SiteChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let whose = if self.copy_only {
            "this counter's copy of the site's log (the site cannot be reached)"
        } else {
            "the site's log"
        };
        match &self.broken {
            None => write!(f, "{whose}: {} entries, chain intact", self.entries),
            Some(b) => write!(f, "{whose}: entry #{}: {}", b.seq, b.why),
        }
    }
}

/// Walks a chain in order from its first entry; the first break found.
/// `seen` is the entry this counter saw last, which the chain must still hold.
fn walk<'e>(rows: impl Iterator<Item = &'e SiteEntry>, seen: (u64, &str)) -> Option<SiteBreak> {
    let (mut seq, mut hash) = (0u64, GENESIS.to_owned());
    for e in rows {
        let at = e.seq.unsigned_abs();
        let why = if at != seq + 1 {
            Some(format!(
                "the log goes from #{seq} to #{at}: entries were removed"
            ))
        } else if e.prev_hash != hash {
            Some(
                "it does not link to the entry before it: entries were removed or reordered"
                    .to_owned(),
            )
        } else if e.compute_hash() != e.hash {
            Some("its content does not match its hash: it was edited".to_owned())
        } else if at == seen.0 && e.hash != seen.1 {
            Some("it is not the entry this counter saw there: the log was rewritten".to_owned())
        } else {
            None
        };
        if let Some(why) = why {
            return Some(SiteBreak { seq: at, why });
        }
        seq = at;
        hash = e.hash.clone();
    }
    (seen.0 > seq).then(|| SiteBreak {
        seq: seen.0,
        why: "this counter saw the log reach it; the newest entries were removed".to_owned(),
    })
}

/// Recomputes the site's chain from its first entry, and checks that it
/// still holds the entry this counter saw last.
pub async fn verify(conn: &Connection, cache: &Cache) -> Result<SiteChain, SiteError> {
    let (seen, seen_hash) = head_seen(cache)?;
    let rows: Vec<SiteEntry> = conn
        .call(|c| -> Call<'_, Vec<SiteEntry>> {
            Box::pin(async move {
                Ok(c.query(
                    &format!("SELECT {COLUMNS} FROM print_log ORDER BY seq"),
                    &[],
                )
                .await?
                .iter()
                .map(SiteEntry::from_pg)
                .collect())
            })
        })
        .await?;
    Ok(SiteChain {
        entries: rows.len() as u64,
        broken: walk(rows.iter(), (seen, &seen_hash)),
        copy_only: false,
    })
}

/// Recomputes the chain of this counter's copy of the site's log (what it
/// can check while the site cannot be reached).
pub fn verify_copy(cache: &Cache) -> Result<SiteChain, SiteError> {
    let (seen, seen_hash) = head_seen(cache)?;
    let conn = cache.connection();
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM site_log ORDER BY seq"))?;
    let rows: Vec<SiteEntry> = stmt
        .query_map([], |r| {
            let key: String = r.get(1)?;
            let attempt: Option<String> = r.get(5)?;
            Ok(SiteEntry {
                seq: r.get(0)?,
                entry_key: Uuid::parse_str(&key).unwrap_or_default(),
                counter: r.get(2)?,
                local_seq: r.get(3)?,
                kind: r.get(4)?,
                attempt_key: attempt.and_then(|a| Uuid::parse_str(&a).ok()),
                platform: r.get(6)?,
                order_id: r.get(7)?,
                order_number: r.get(8)?,
                ticket_id: r.get(9)?,
                operator_name: r.get(10)?,
                authorised_by_name: r.get(11)?,
                workstation: r.get(12)?,
                target: r.get(13)?,
                stock: r.get(14)?,
                copy: r.get(15)?,
                reason: r.get(16)?,
                reason_note: r.get(17)?,
                outcome: r.get(18)?,
                job_id: r.get(19)?,
                detail: r.get(20)?,
                at: r.get(21)?,
                offline: r.get::<_, i64>(22)? != 0,
                conflict: r.get::<_, i64>(23)? != 0,
                received_at: r.get(24)?,
                prev_hash: r.get(25)?,
                hash: r.get(26)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(SiteChain {
        entries: rows.len() as u64,
        broken: walk(rows.iter(), (seen, &seen_hash)),
        copy_only: true,
    })
}
