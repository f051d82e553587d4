//! The completion journal in SQLite: a row per completion, written before
//! the request goes out and moved through its states as answers arrive.
//! The database allows one live completion per order, so two windows (or a
//! window and a CLI run) cannot complete the same order twice.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;
use uuid::Uuid;

use crate::cache::{Cache, CacheError};
pub use crate::domain::CompletionState as State;
use crate::domain::Platform;

/// One completion as journalled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    pub platform: Platform,
    pub order_id: String,
    pub profile: String,
    #[specta(type = String)]
    pub request_id: Uuid,
    pub state: State,
    pub process_id: Option<String>,
    pub attempts: u32,
    /// The request body to send (Paciolan's cart), as exact JSON text.
    #[serde(skip)]
    pub input: Option<String>,
    /// What the cashier is told, and what to do next.
    pub message: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What [`Journal::begin`] found.
pub enum Begun {
    /// A fresh completion, in state `Intent`.
    New(Entry),
    /// The order already has a live completion; continue or report it.
    Existing(Entry),
}

fn entry(r: &Row<'_>) -> rusqlite::Result<Entry> {
    let platform: String = r.get("platform")?;
    let request_id: String = r.get("request_id")?;
    let state: String = r.get("state")?;
    let ts = |s: String| {
        DateTime::parse_from_rfc3339(&s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    };
    Ok(Entry {
        id: r.get("id")?,
        platform: platform.parse().unwrap_or(Platform::Vista),
        order_id: r.get("order_id")?,
        profile: r.get("profile")?,
        request_id: Uuid::parse_str(&request_id).unwrap_or_default(),
        state: State::from_stored(&state),
        process_id: r.get("process_id")?,
        attempts: r.get::<_, i64>("attempts")?.clamp(0, i64::from(u32::MAX)) as u32,
        input: r.get("input")?,
        message: r.get("message")?,
        created_at: ts(r.get("created_at")?),
        updated_at: ts(r.get("updated_at")?),
    })
}

const LIVE: &str = "state NOT IN ('failed', 'abandoned')";

/// The journal, over the cache's database.
pub struct Journal<'a> {
    cache: &'a Cache,
}

/// A change to an entry.
#[derive(Debug, Default)]
pub struct Change<'a> {
    pub state: Option<State>,
    pub process_id: Option<&'a str>,
    pub message: Option<&'a str>,
    pub outcome: Option<&'a str>,
    pub count_attempt: bool,
}

impl<'a> Journal<'a> {
    pub fn new(cache: &'a Cache) -> Self {
        Journal { cache }
    }

    /// Records the intent to complete `order_id`, unless the order already
    /// has a live completion, which is returned instead.
    pub fn begin(
        &self,
        platform: Platform,
        order_id: &str,
        profile: &str,
        input: Option<&str>,
    ) -> Result<Begun, CacheError> {
        let mut conn = self.cache.connection();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let existing = tx
            .query_row(
                &format!(
                    "SELECT * FROM completions WHERE platform = ?1 AND order_id = ?2 AND {LIVE}"
                ),
                params![platform.as_str(), order_id],
                entry,
            )
            .optional()?;
        if let Some(e) = existing {
            return Ok(Begun::Existing(e));
        }
        let now = Utc::now().to_rfc3339();
        tx.execute(
            "INSERT INTO completions (platform, order_id, profile, request_id, state, input, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'intent', ?5, ?6, ?6)",
            params![platform.as_str(), order_id, profile, Uuid::new_v4().to_string(), input, now],
        )?;
        let id = tx.last_insert_rowid();
        let e = tx.query_row("SELECT * FROM completions WHERE id = ?1", [id], entry)?;
        tx.commit()?;
        Ok(Begun::New(e))
    }

    /// Applies `change` and returns the entry as it now is. Every change is
    /// committed before the caller acts on it.
    pub fn update(&self, id: i64, change: Change<'_>) -> Result<Entry, CacheError> {
        let conn = self.cache.connection();
        conn.execute(
            "UPDATE completions SET
                 state = coalesce(?2, state),
                 process_id = coalesce(?3, process_id),
                 message = coalesce(?4, message),
                 outcome = coalesce(?5, outcome),
                 attempts = attempts + ?6,
                 updated_at = ?7
             WHERE id = ?1",
            params![
                id,
                change.state.map(State::as_str),
                change.process_id,
                change.message,
                change.outcome,
                i64::from(change.count_attempt),
                Utc::now().to_rfc3339(),
            ],
        )?;
        Ok(conn.query_row("SELECT * FROM completions WHERE id = ?1", [id], entry)?)
    }

    pub fn get(&self, id: i64) -> Result<Option<Entry>, CacheError> {
        Ok(self
            .cache
            .connection()
            .query_row("SELECT * FROM completions WHERE id = ?1", [id], entry)
            .optional()?)
    }

    /// The live completion of an order, else its latest one.
    pub fn for_order(
        &self,
        platform: Platform,
        order_id: &str,
    ) -> Result<Option<Entry>, CacheError> {
        Ok(self
            .cache
            .connection()
            .query_row(
                &format!(
                    "SELECT * FROM completions WHERE platform = ?1 AND order_id = ?2
                     ORDER BY ({LIVE}) DESC, id DESC LIMIT 1"
                ),
                params![platform.as_str(), order_id],
                entry,
            )
            .optional()?)
    }

    /// Completions that were started and have not reached an end state:
    /// what is resumed on start.
    pub fn unfinished(&self) -> Result<Vec<Entry>, CacheError> {
        self.select(
            "WHERE state IN ('intent', 'sending', 'pending', 'unknown') ORDER BY id",
            [],
        )
    }

    /// The newest completions first.
    pub fn recent(&self, limit: usize) -> Result<Vec<Entry>, CacheError> {
        self.select("ORDER BY id DESC LIMIT ?1", [limit as i64])
    }

    fn select<P: rusqlite::Params>(&self, tail: &str, p: P) -> Result<Vec<Entry>, CacheError> {
        let conn = self.cache.connection();
        let mut stmt = conn.prepare(&format!("SELECT * FROM completions {tail}"))?;
        let rows = stmt.query_map(p, entry)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_live_completion_per_order() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_in(dir.path()).unwrap();
        let j = Journal::new(&cache);
        let Begun::New(first) = j.begin(Platform::Vista, "O1", "p", None).unwrap() else {
            panic!("first begin is new");
        };
        let Begun::Existing(again) = j.begin(Platform::Vista, "O1", "p", None).unwrap() else {
            panic!("second begin finds the first");
        };
        assert_eq!(again.request_id, first.request_id);
        j.update(
            first.id,
            Change {
                state: Some(State::Failed),
                ..Change::default()
            },
        )
        .unwrap();
        let Begun::New(retry) = j.begin(Platform::Vista, "O1", "p", None).unwrap() else {
            panic!("a failed completion may be tried again");
        };
        assert_ne!(retry.request_id, first.request_id);
        assert_eq!(j.unfinished().unwrap().len(), 1);
    }

    #[test]
    fn updates_are_durable_and_count_attempts() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_in(dir.path()).unwrap();
        let id = match Journal::new(&cache)
            .begin(Platform::Paciolan, "P", "p", Some("{}"))
            .unwrap()
        {
            Begun::New(e) => e.id,
            Begun::Existing(_) => unreachable!(),
        };
        Journal::new(&cache)
            .update(
                id,
                Change {
                    state: Some(State::Pending),
                    process_id: Some("abc"),
                    count_attempt: true,
                    ..Change::default()
                },
            )
            .unwrap();
        drop(cache);
        let cache = Cache::open_in(dir.path()).unwrap();
        let e = Journal::new(&cache).get(id).unwrap().unwrap();
        assert_eq!(
            (e.state, e.process_id.as_deref(), e.attempts),
            (State::Pending, Some("abc"), 1)
        );
        assert_eq!(e.input.as_deref(), Some("{}"));
    }
}
