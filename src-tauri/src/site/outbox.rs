//! What this counter still has to send to the site, in the order it
//! happened: its print-log entries (attempts, results, controls). An entry
//! waits here while the site cannot be reached; once it answers, the outbox
//! is sent in order. Each entry carries its own key, so an entry sent twice
//! (its answer lost, or two of this counter's processes sending at once) is
//! stored once at the site.

use rusqlite::params;
use uuid::Uuid;

use super::client::Connection;
use super::error::SiteError;
use super::log::{self, Appended, Refusal, SiteEntry};
use crate::cache::Cache;

/// Queues `entry` to be sent.
pub fn enqueue(cache: &Cache, entry: &SiteEntry) -> Result<(), SiteError> {
    let payload = serde_json::to_string(entry).map_err(crate::cache::CacheError::from)?;
    cache.connection().execute(
        "INSERT OR IGNORE INTO site_outbox (key, kind, payload, created_at) VALUES (?1, 'log', ?2, ?3)",
        params![
            entry.entry_key.to_string(),
            payload,
            chrono::Utc::now().to_rfc3339()
        ],
    )?;
    Ok(())
}

/// Withdraws a queued entry that was never acted on.
pub fn discard(cache: &Cache, key: Uuid) -> Result<(), SiteError> {
    cache.connection().execute(
        "DELETE FROM site_outbox WHERE key = ?1 AND sent_at IS NULL",
        [key.to_string()],
    )?;
    Ok(())
}

/// How many entries wait to be sent.
pub fn pending(cache: &Cache) -> Result<u64, SiteError> {
    let n: i64 = cache.connection().query_row(
        "SELECT count(*) FROM site_outbox WHERE sent_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(n.unsigned_abs())
}

/// Marks a queued entry as decided here, while cut off: if it reaches the
/// site later, it is recorded as printed offline.
pub fn decided_offline(cache: &Cache, key: Uuid) -> Result<(), SiteError> {
    let conn = cache.connection();
    let payload: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT payload FROM site_outbox WHERE key = ?1",
        [key.to_string()],
        |r| r.get(0),
    ))?;
    if let Some(p) = payload
        && let Ok(mut e) = serde_json::from_str::<SiteEntry>(&p)
    {
        e.offline = true;
        let text = serde_json::to_string(&e).map_err(crate::cache::CacheError::from)?;
        conn.execute(
            "UPDATE site_outbox SET payload = ?2 WHERE key = ?1",
            params![key.to_string(), text],
        )?;
    }
    Ok(())
}

/// What sending the outbox did to the entry `key` the caller waits on.
#[derive(Debug)]
pub enum Fate {
    Stored(Appended),
    Refused(Refusal),
    /// Still waiting (the site stopped answering before it).
    Waiting,
}

/// Sends the waiting entries in order, until the outbox is empty or the
/// site stops answering. An entry the site refuses (only an entry sent for
/// the site to decide, never one decided while cut off) is removed: it was
/// never acted on. Returns the fate of `watch`, when given.
pub async fn flush(
    conn: &Connection,
    cache: &Cache,
    watch: Option<Uuid>,
) -> Result<Option<Fate>, SiteError> {
    let mut fate = watch.map(|_| Fate::Waiting);
    loop {
        let batch: Vec<(i64, String)> = {
            let c = cache.connection();
            let mut stmt = c.prepare_cached(
                "SELECT id, payload FROM site_outbox WHERE sent_at IS NULL ORDER BY id LIMIT 200",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        if batch.is_empty() {
            return Ok(fate);
        }
        let entries: Vec<(i64, SiteEntry)> = batch
            .into_iter()
            .map(|(id, payload)| {
                serde_json::from_str::<SiteEntry>(&payload)
                    .map(|e| (id, e))
                    .map_err(|e| SiteError::Cache(crate::cache::CacheError::from(e)))
            })
            .collect::<Result<_, _>>()?;
        // Entries decided here (while cut off, or results and controls) are
        // never refused: they go in one transaction a batch. An entry sent
        // for the site to decide goes alone, so a refusal touches only it.
        let decided = entries
            .iter()
            .take_while(|(_, e)| !awaits_decision(e))
            .count();
        if decided > 0 {
            let batch: Vec<SiteEntry> = entries[..decided].iter().map(|(_, e)| e.clone()).collect();
            if log::append_all(conn, &batch).await?.is_some() {
                mark_sent(cache, entries[..decided].iter().map(|(id, _)| *id))?;
                continue;
            }
        }
        // One at a time: an entry for the site to decide, or a batch the
        // site refused as a whole.
        for (id, entry) in entries.into_iter().take(decided.max(1)) {
            let outcome = log::append(conn, &entry).await?;
            let mine = Some(entry.entry_key) == watch;
            match outcome {
                Ok(appended) => {
                    mark_sent(cache, std::iter::once(id))?;
                    if mine {
                        fate = Some(Fate::Stored(appended));
                    }
                }
                Err(refusal) => {
                    cache
                        .connection()
                        .execute("DELETE FROM site_outbox WHERE id = ?1", [id])?;
                    if mine {
                        fate = Some(Fate::Refused(refusal));
                    } else {
                        tracing::warn!(key = %entry.entry_key, ?refusal, "the site refused a queued entry");
                    }
                }
            }
        }
    }
}

/// Closes attempts a previous run sent for the site to decide and then
/// stopped (the process was killed) before it had the answer: nothing was
/// printed for them (a print starts only once the site has answered), so
/// each gets a result "failed" after it. Returns how many.
pub fn close_interrupted(cache: &Cache, counter: &str) -> Result<usize, SiteError> {
    let pending: Vec<String> = {
        let c = cache.connection();
        let mut stmt =
            c.prepare("SELECT payload FROM site_outbox WHERE sent_at IS NULL ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut closed = 0;
    for p in pending {
        let Ok(e) = serde_json::from_str::<SiteEntry>(&p) else {
            continue;
        };
        if !awaits_decision(&e) {
            continue;
        }
        // Sent as it is: the site stores it (then closed by the result) or
        // refuses it (another counter has the original) and nothing is kept.
        enqueue(
            cache,
            &SiteEntry {
                entry_key: Uuid::new_v4(),
                counter: counter.to_owned(),
                kind: "result".to_owned(),
                attempt_key: Some(e.entry_key),
                outcome: Some("failed".to_owned()),
                detail: Some(
                    "not printed: the counter stopped before the site answered".to_owned(),
                ),
                at: crate::operators::db_time(chrono::Utc::now()),
                offline: true,
                ..SiteEntry::default()
            },
        )?;
        closed += 1;
    }
    Ok(closed)
}

/// An attempt sent for the site to decide (not one decided while cut off).
fn awaits_decision(e: &SiteEntry) -> bool {
    e.kind == "attempt" && !e.offline
}

fn mark_sent(cache: &Cache, ids: impl Iterator<Item = i64>) -> Result<(), SiteError> {
    let mut conn = cache.connection();
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare_cached("UPDATE site_outbox SET sent_at = ?2 WHERE id = ?1")?;
        let now = chrono::Utc::now().to_rfc3339();
        for id in ids {
            stmt.execute(params![id, now])?;
        }
    }
    tx.commit()?;
    Ok(())
}
