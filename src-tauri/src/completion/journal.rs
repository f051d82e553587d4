//! The completion journal in SQLite: a row per completion, written before
//! the request goes out and moved through its states as answers arrive.
//!
//! Two rules keep one order from being sent twice. The database allows one
//! live completion per order, so two windows (or a window and a CLI run)
//! cannot start two completions of it. And a started completion is moved
//! only by the run that holds it ([`Held`]): every change is a
//! compare-and-set on the entry's id, its state and its holder
//! (`UPDATE … WHERE id = ? AND state = ? AND runner = ?`), so a second run
//! that finds the entry held stops and reports what the holder is doing, and
//! a run that loses the entry stops at once.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;
use uuid::Uuid;

use super::runner::{self, Runner};
use crate::cache::{Cache, CacheError};
pub use crate::domain::CompletionState as State;
use crate::domain::{Actor, Platform};

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
    /// Requests that changed state at the platform (POSTs), retries included.
    pub attempts: u32,
    /// Requests that only asked where the completion stands (polls, checks).
    pub polls: u32,
    /// The request body to send (Paciolan's cart), as exact JSON text.
    #[serde(skip)]
    pub input: Option<String>,
    /// What the cashier is told, and what to do next.
    pub message: Option<String>,
    /// The last refusal or failure as the platform put it: HTTP status,
    /// Paciolan's error `type` and `appErrorCode` (support asks for these).
    pub http_status: Option<u16>,
    pub error_type: Option<String>,
    pub error_code: Option<String>,
    /// Who started it, and where.
    pub operator: Option<String>,
    pub workstation: Option<String>,
    /// Whether a run holds it now (another window or till, or this one).
    pub running: bool,
    pub created_at: DateTime<Utc>,
    /// When the request first left; `None` until then.
    pub sent_at: Option<DateTime<Utc>>,
    /// When the latest request that may change state left.
    pub last_post_at: Option<DateTime<Utc>>,
    /// When the latest such request whose outcome was in doubt left (its
    /// answer lost, unreadable, a 5xx, a crash while sending); `None` if no
    /// request of this completion was ever in doubt.
    pub doubt_at: Option<DateTime<Utc>>,
    /// Paciolan's UNHANDLED_EXCEPTION retries so far.
    pub retries: u32,
    /// The platform's answer that settled it, as received: what the
    /// tickets are rebuilt from.
    #[serde(skip)]
    pub answer: Option<String>,
    /// Whether the answer's tickets are in the cached order.
    #[serde(skip)]
    pub applied: bool,
    pub updated_at: DateTime<Utc>,
}

fn timestamp(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&Utc))
}

fn entry(r: &Row<'_>) -> rusqlite::Result<Entry> {
    let platform: String = r.get("platform")?;
    let request_id: String = r.get("request_id")?;
    let state: String = r.get("state")?;
    let count = |n: i64| n.clamp(0, i64::from(u32::MAX)) as u32;
    Ok(Entry {
        id: r.get("id")?,
        platform: platform.parse().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
        })?,
        order_id: r.get("order_id")?,
        profile: r.get("profile")?,
        // A Request-ID that does not read back as a UUID would make support
        // chase the wrong request; refuse the row rather than invent one.
        request_id: Uuid::parse_str(&request_id).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
        })?,
        state: State::from_stored(&state),
        process_id: r.get("process_id")?,
        attempts: count(r.get("attempts")?),
        polls: count(r.get("polls")?),
        input: r.get("input")?,
        message: r.get("message")?,
        http_status: r
            .get::<_, Option<i64>>("http_status")?
            .and_then(|s| u16::try_from(s).ok()),
        error_type: r.get("error_type")?,
        error_code: r.get("error_code")?,
        operator: r.get("operator")?,
        workstation: r.get("workstation")?,
        running: r.get::<_, Option<String>>("runner")?.is_some(),
        created_at: timestamp(r.get("created_at")?).unwrap_or_default(),
        sent_at: timestamp(r.get("sent_at")?),
        last_post_at: timestamp(r.get("last_post_at")?),
        doubt_at: timestamp(r.get("doubt_at")?),
        retries: count(r.get("retries")?),
        answer: r.get("answer")?,
        applied: r.get::<_, i64>("applied")? != 0,
        updated_at: timestamp(r.get("updated_at")?).unwrap_or_default(),
    })
}

const LIVE: &str = "state NOT IN ('failed', 'abandoned')";

/// A change to an entry. `None` fields are left as they are.
#[derive(Debug, Default)]
pub struct Change<'a> {
    pub state: Option<State>,
    pub process_id: Option<&'a str>,
    pub message: Option<&'a str>,
    pub outcome: Option<&'a str>,
    /// A request that may change state at the platform is about to leave.
    pub count_attempt: bool,
    /// A request that only asks is about to leave.
    pub count_poll: bool,
    pub http_status: Option<u16>,
    pub error_type: Option<&'a str>,
    pub error_code: Option<&'a str>,
    /// The outcome of the latest request that may change state is now in
    /// doubt: its time becomes `doubt_at`.
    pub doubt: bool,
    /// One more UNHANDLED_EXCEPTION retry is about to be sent.
    pub count_retry: bool,
    /// The platform's answer as received, kept with the outcome it gives;
    /// its tickets are then not yet in the cached order.
    pub answer: Option<&'a str>,
    /// The answer's tickets are now in the cached order.
    pub applied: bool,
}

/// What [`Journal::begin`] found.
pub enum Begun<'a> {
    /// A fresh completion in state `Intent`, held by this run.
    New(Held<'a>),
    /// The order already has a live completion; claim it to continue it.
    Existing(Entry),
}

/// What [`Journal::claim`] found.
pub enum Claimed<'a> {
    Held(Held<'a>),
    /// Another live run holds it; this is where it stands.
    Busy(Entry),
}

/// Why a held entry could not be moved.
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    #[error(transparent)]
    Cache(#[from] CacheError),
    /// Someone else changed the entry since this run last read it; this is
    /// the entry as it now is. The run must stop.
    #[error("the completion was changed elsewhere; it is now {}", .0.state.as_str())]
    Lost(Box<Entry>),
}

/// An entry held by this run: the only way to change it. Dropping it lets
/// the entry go, so another run may continue it.
pub struct Held<'a> {
    cache: &'a Cache,
    runner: Runner,
    entry: Entry,
}

impl std::fmt::Debug for Held<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Held")
            .field("runner", &self.runner.name())
            .field("entry", &self.entry.id)
            .finish()
    }
}

impl<'a> Held<'a> {
    pub fn entry(&self) -> &Entry {
        &self.entry
    }

    pub fn state(&self) -> State {
        self.entry.state
    }

    /// Applies `change` if the entry is still as this run left it, and
    /// commits it before returning: the caller acts only on what is on disk.
    pub fn update(&mut self, change: Change<'_>) -> Result<&Entry, MoveError> {
        let now = Utc::now().to_rfc3339();
        let conn = self.cache.connection();
        let n = conn
            .execute(
                "UPDATE completions SET
                     state = coalesce(?1, state),
                     process_id = coalesce(?2, process_id),
                     message = coalesce(?3, message),
                     outcome = coalesce(?4, outcome),
                     attempts = attempts + ?5,
                     polls = polls + ?6,
                     sent_at = CASE WHEN ?5 = 1 THEN coalesce(sent_at, ?7) ELSE sent_at END,
                     last_post_at = CASE WHEN ?5 = 1 THEN ?7 ELSE last_post_at END,
                     doubt_at = CASE WHEN ?14 = 1 THEN coalesce(last_post_at, sent_at, ?7)
                                ELSE doubt_at END,
                     retries = retries + ?15,
                     answer = coalesce(?16, answer),
                     applied = CASE WHEN ?16 IS NOT NULL THEN 0 WHEN ?17 = 1 THEN 1
                               ELSE applied END,
                     http_status = coalesce(?8, http_status),
                     error_type = coalesce(?9, error_type),
                     error_code = coalesce(?10, error_code),
                     updated_at = ?7
                 WHERE id = ?11 AND state = ?12 AND runner = ?13",
                params![
                    change.state.map(State::as_str),
                    change.process_id,
                    change.message,
                    change.outcome,
                    i64::from(change.count_attempt),
                    i64::from(change.count_poll),
                    now,
                    change.http_status,
                    change.error_type,
                    change.error_code,
                    self.entry.id,
                    self.entry.state.as_str(),
                    self.runner.name(),
                    i64::from(change.doubt),
                    i64::from(change.count_retry),
                    change.answer,
                    i64::from(change.applied),
                ],
            )
            .map_err(CacheError::from)?;
        let now_entry = conn
            .query_row(
                "SELECT * FROM completions WHERE id = ?1",
                [self.entry.id],
                entry,
            )
            .map_err(CacheError::from)?;
        if n == 0 {
            return Err(MoveError::Lost(Box::new(now_entry)));
        }
        self.entry = now_entry;
        Ok(&self.entry)
    }

    /// The entry as it now is, for the caller to keep after letting go.
    pub fn into_entry(self) -> Entry {
        let mut e = self.entry.clone();
        e.running = false;
        e
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        // Best effort: if this fails the runner's death is still detected
        // through its lock file once the process ends.
        let _ = self.cache.connection().execute(
            "UPDATE completions SET runner = NULL WHERE id = ?1 AND runner = ?2",
            params![self.entry.id, self.runner.name()],
        );
    }
}

fn runner_for(cache: &Cache) -> Result<Runner, CacheError> {
    let dir = cache.data_dir();
    Runner::start(dir).map_err(|source| CacheError::DataDir {
        path: dir.join("runs"),
        source,
    })
}

/// The journal, over the cache's database.
pub struct Journal<'a> {
    cache: &'a Cache,
}

impl<'a> Journal<'a> {
    pub fn new(cache: &'a Cache) -> Self {
        Journal { cache }
    }

    fn data_dir(&self) -> &Path {
        self.cache.data_dir()
    }

    /// Records the intent to complete `order_id`, held by a new run, unless
    /// the order already has a live completion, which is returned instead.
    pub fn begin(
        &self,
        platform: Platform,
        order_id: &str,
        profile: &str,
        input: Option<&str>,
        actor: &Actor,
    ) -> Result<Begun<'a>, CacheError> {
        self.begin_with(platform, order_id, profile, input, actor, None)
    }

    /// [`Journal::begin`] with the Request-ID chosen already (the one the
    /// site's claim was made with, in site mode).
    pub fn begin_with(
        &self,
        platform: Platform,
        order_id: &str,
        profile: &str,
        input: Option<&str>,
        actor: &Actor,
        request_id: Option<Uuid>,
    ) -> Result<Begun<'a>, CacheError> {
        let runner = runner_for(self.cache)?;
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
            "INSERT INTO completions (platform, order_id, profile, request_id, state, input,
                 operator, workstation, runner, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'intent', ?5, ?6, ?7, ?8, ?9, ?9)",
            params![
                platform.as_str(),
                order_id,
                profile,
                request_id.unwrap_or_else(Uuid::new_v4).to_string(),
                input,
                actor.operator,
                actor.workstation,
                runner.name(),
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        let e = tx.query_row("SELECT * FROM completions WHERE id = ?1", [id], entry)?;
        tx.commit()?;
        drop(conn);
        Ok(Begun::New(Held {
            cache: self.cache,
            runner,
            entry: e,
        }))
    }

    /// Takes hold of entry `id` for a new run, unless a live run holds it.
    /// A holder whose process has died is taken over.
    pub fn claim(&self, id: i64) -> Result<Option<Claimed<'a>>, CacheError> {
        let runner = runner_for(self.cache)?;
        // A few rounds at most: each lost round means another run just
        // claimed it, which the next read shows.
        for _ in 0..4 {
            let conn = self.cache.connection();
            let found = conn
                .query_row(
                    "SELECT *, runner AS holder FROM completions WHERE id = ?1",
                    [id],
                    |r| Ok((entry(r)?, r.get::<_, Option<String>>("holder")?)),
                )
                .optional()?;
            let Some((e, holder)) = found else {
                return Ok(None);
            };
            if let Some(h) = &holder {
                drop(conn);
                if runner::is_alive(self.data_dir(), h) {
                    return Ok(Some(Claimed::Busy(e)));
                }
                let conn = self.cache.connection();
                let n = conn.execute(
                    "UPDATE completions SET runner = ?1 WHERE id = ?2 AND runner = ?3",
                    params![runner.name(), id, h],
                )?;
                if n == 1 {
                    drop(conn);
                    return self.held(runner, id);
                }
                continue;
            }
            let n = conn.execute(
                "UPDATE completions SET runner = ?1 WHERE id = ?2 AND runner IS NULL",
                params![runner.name(), id],
            )?;
            if n == 1 {
                drop(conn);
                return self.held(runner, id);
            }
        }
        Ok(self.get(id)?.map(Claimed::Busy))
    }

    fn held(&self, runner: Runner, id: i64) -> Result<Option<Claimed<'a>>, CacheError> {
        let e = self.cache.connection().query_row(
            "SELECT * FROM completions WHERE id = ?1",
            [id],
            entry,
        )?;
        Ok(Some(Claimed::Held(Held {
            cache: self.cache,
            runner,
            entry: e,
        })))
    }

    pub fn get(&self, id: i64) -> Result<Option<Entry>, CacheError> {
        Ok(self
            .cache
            .connection()
            .query_row("SELECT * FROM completions WHERE id = ?1", [id], entry)
            .optional()?)
    }

    /// The completion sent (or to be sent) with `request_id`.
    pub fn by_request_id(&self, request_id: Uuid) -> Result<Option<Entry>, CacheError> {
        Ok(self
            .cache
            .connection()
            .query_row(
                "SELECT * FROM completions WHERE request_id = ?1",
                [request_id.to_string()],
                entry,
            )
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

    /// Settled completions whose answer is not yet in the cached order.
    pub fn unapplied(&self) -> Result<Vec<Entry>, CacheError> {
        self.select(
            "WHERE applied = 0 AND answer IS NOT NULL AND state IN ('completed', 'partial')
             ORDER BY id",
            [],
        )
    }

    /// Notes that entry `id`'s answer is in the cached order. Not a change
    /// of state, so it needs no hold: it only ever goes from 0 to 1.
    pub fn mark_applied(&self, id: i64) -> Result<(), CacheError> {
        self.cache
            .connection()
            .execute("UPDATE completions SET applied = 1 WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Sets aside every completion of connection `profile` that is not
    /// over, with `message` (training's leftovers in a real till, which
    /// never reached a real platform). Returns how many.
    pub fn set_aside_profile(&self, profile: &str, message: &str) -> Result<u64, CacheError> {
        let n = self.cache.connection().execute(
            "UPDATE completions SET state = 'abandoned', message = ?2, runner = NULL,
                 updated_at = ?3
             WHERE profile = ?1 AND state NOT IN ('completed', 'partial', 'failed', 'abandoned')",
            params![profile, message, Utc::now().to_rfc3339()],
        )?;
        Ok(n as u64)
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

    fn actor() -> Actor {
        Actor::system("till-1")
    }

    fn new<'a>(j: &Journal<'a>, order: &str) -> Held<'a> {
        match j
            .begin(Platform::Vista, order, "p", None, &actor())
            .unwrap()
        {
            Begun::New(h) => h,
            Begun::Existing(_) => panic!("expected a new completion"),
        }
    }

    fn state(s: State) -> Change<'static> {
        Change {
            state: Some(s),
            ..Change::default()
        }
    }

    #[test]
    fn one_live_completion_per_order() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_in(dir.path()).unwrap();
        let j = Journal::new(&cache);
        let mut first = new(&j, "O1");
        let Begun::Existing(again) = j.begin(Platform::Vista, "O1", "p", None, &actor()).unwrap()
        else {
            panic!("second begin finds the first");
        };
        assert_eq!(again.request_id, first.entry().request_id);
        assert_eq!(again.operator.as_deref(), actor().operator.as_str().into());
        first.update(state(State::Failed)).unwrap();
        let retry = new(&j, "O1");
        assert_ne!(retry.entry().request_id, first.entry().request_id);
        assert_eq!(j.unfinished().unwrap().len(), 1);
    }

    #[test]
    fn a_held_entry_is_busy_for_others_until_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_in(dir.path()).unwrap();
        let j = Journal::new(&cache);
        let held = new(&j, "O2");
        let id = held.entry().id;
        assert!(matches!(j.claim(id).unwrap(), Some(Claimed::Busy(e)) if e.running));
        drop(held);
        let Some(Claimed::Held(mut again)) = j.claim(id).unwrap() else {
            panic!("a let-go entry can be claimed");
        };
        again.update(state(State::Sending)).unwrap();
        assert!(j.claim(12345).unwrap().is_none());
    }

    #[test]
    fn a_change_from_a_state_someone_else_left_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_in(dir.path()).unwrap();
        let j = Journal::new(&cache);
        let mut held = new(&j, "O3");
        // Someone with the database file in hand moves it behind our back.
        cache
            .connection()
            .execute(
                "UPDATE completions SET state = 'needs_attention' WHERE id = ?1",
                [held.entry().id],
            )
            .unwrap();
        let err = held.update(state(State::Sending)).unwrap_err();
        assert!(
            matches!(&err, MoveError::Lost(e) if e.state == State::NeedsAttention),
            "{err}"
        );
    }

    #[test]
    fn updates_are_durable_and_count_attempts_and_polls() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_in(dir.path()).unwrap();
        let mut held = match Journal::new(&cache)
            .begin(Platform::Paciolan, "P", "p", Some("{}"), &actor())
            .unwrap()
        {
            Begun::New(h) => h,
            Begun::Existing(_) => unreachable!(),
        };
        let id = held.entry().id;
        held.update(Change {
            state: Some(State::Sending),
            count_attempt: true,
            ..Change::default()
        })
        .unwrap();
        held.update(Change {
            state: Some(State::Pending),
            process_id: Some("abc"),
            count_poll: true,
            http_status: Some(201),
            ..Change::default()
        })
        .unwrap();
        drop(held);
        drop(cache);
        let cache = Cache::open_in(dir.path()).unwrap();
        let e = Journal::new(&cache).get(id).unwrap().unwrap();
        assert_eq!(
            (e.state, e.process_id.as_deref(), e.attempts, e.polls),
            (State::Pending, Some("abc"), 1, 1)
        );
        assert!(e.sent_at.is_some() && !e.running);
        assert_eq!(e.input.as_deref(), Some("{}"));
        assert_eq!(e.http_status, Some(201));
    }
}
