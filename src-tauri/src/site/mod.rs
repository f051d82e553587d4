//! Site mode: the counters of one cinema share one PostgreSQL database (the
//! site), which decides what must hold across counters: at most one original
//! of a ticket, copy numbers, the print log's sequence and hash chain, who
//! the operators are and how many wrong PINs they typed, which counter is
//! completing an order. Each counter keeps its SQLite as its cache and
//! outbox, so it works on when the site cannot be reached and sends what it
//! did once it can (exactly once: every entry has its own key).
//!
//! Without a site, Box Office is a single counter as before: nothing here
//! runs. Secrets stay per counter, in its OS keyring (the site's database
//! password too); nothing secret is stored at the site.

mod client;
mod error;
pub mod link;
pub mod log;
pub mod operators;
pub mod outbox;
pub mod schema;
pub mod shared;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

pub use client::{Connection, Patience, Pending, Reach};
pub use error::SiteError;
pub use link::SiteLink;
pub use log::{SiteChain, SiteEntry};

use crate::cache::Cache;
use crate::secrets::{Keyring, SecretKind, Sensitive};

use client::Call;

/// How long after a call that could not reach the site a print decides by
/// itself without asking again.
const RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// A connection to a site without joining it (the owner migrating its
/// schema, a manager's Test).
pub fn connect(link: SiteLink, password: Sensitive<String>) -> Connection {
    Connection::new(link, password, Patience::default())
}

/// This counter's link to its site.
pub struct Site {
    conn: Connection,
}

/// What the site decided about an entry sent for it to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The site stored it, with this copy number.
    Decided { copy: u32, seq: i64 },
    /// The site cannot be reached: decided here, sent later as offline.
    CutOff,
}

/// How the site stands, for the banner and `box-office site status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SiteStatus {
    pub address: String,
    pub counter: String,
    /// `None` until the site was asked.
    pub reachable: Option<bool>,
    pub unreachable_since: Option<DateTime<Utc>>,
    /// Why it could not be used at the last try.
    pub why: Option<String>,
    /// Entries this counter has not sent yet.
    #[specta(type = specta_typescript::Number)]
    pub pending: u64,
    /// The newest site log entry this counter has checked.
    #[specta(type = specta_typescript::Number)]
    pub log_seq: u64,
    /// Second originals printed while cut off, not yet acknowledged.
    pub conflicts: Vec<Conflict>,
}

/// A ticket printed as an original at two counters while they were cut off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    /// The second original's entry at the site.
    #[specta(type = specta_typescript::Number)]
    pub seq: u64,
    pub platform: String,
    pub order_number: String,
    pub ticket_id: Option<String>,
    pub counter: String,
    pub operator: String,
    pub at: String,
    /// Where and when the original that reached the site first was printed.
    pub first_counter: Option<String>,
    pub first_at: Option<String>,
}

impl Site {
    /// The site this counter joined, if it joined one.
    pub fn open(cache: &Cache, keyring: &Keyring) -> Result<Option<Site>, SiteError> {
        let Some((link, _)) = link::load(cache)? else {
            return Ok(None);
        };
        // Without its password the site cannot be used, and the counter says
        // so as it would of a site that does not answer.
        let password = match keyring.get(&link.secret_name(), SecretKind::SitePassword) {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!(error = %e, "the site's password is not in the keyring");
                Sensitive::new(String::new())
            }
        };
        let closed = outbox::close_interrupted(cache, &link.counter)?;
        if closed > 0 {
            tracing::warn!(
                closed,
                "attempts the last run left undecided are closed as not printed"
            );
        }
        Ok(Some(Site {
            conn: Connection::new(link, password, Patience::default()),
        }))
    }

    /// Connects to a site, checks its schema and registers this counter:
    /// the link is saved and the password goes to the keyring. The caller
    /// then uploads what this counter already holds ([`Site::sync`]).
    pub async fn join(
        cache: &Cache,
        keyring: &Keyring,
        link: SiteLink,
        password: Sensitive<String>,
    ) -> Result<Site, SiteError> {
        if link::load(cache)?.is_some() {
            return Err(SiteError::Database(
                "this counter has joined a site already: leave it first".to_owned(),
            ));
        }
        let conn = Connection::new(link.clone(), password.clone(), Patience::default());
        schema::check(&conn).await?;
        let counter = link.counter.clone();
        let site_id: String = conn
            .call(move |c| -> Call<'_, String> {
                let counter = counter.clone();
                Box::pin(async move {
                    c.execute(
                        "INSERT INTO counters (name) VALUES ($1)
                         ON CONFLICT (name) DO UPDATE SET last_seen = now()",
                        &[&counter],
                    )
                    .await?;
                    Ok(
                        c.query_one("SELECT site_id::text FROM site WHERE id = 1", &[])
                            .await?
                            .get(0),
                    )
                })
            })
            .await?;
        keyring.set(&link.secret_name(), SecretKind::SitePassword, &password)?;
        link::save(cache, &link, &site_id)?;
        Ok(Site { conn })
    }

    /// Leaves the site: the link and what was pulled are forgotten, the
    /// password leaves the keyring. This counter's own records stay.
    pub fn leave(cache: &Cache, keyring: &Keyring) -> Result<(), SiteError> {
        if let Some((link, _)) = link::load(cache)? {
            keyring.delete(&link.secret_name(), SecretKind::SitePassword)?;
        }
        link::forget(cache)
    }

    pub fn link(&self) -> &SiteLink {
        self.conn.link()
    }

    pub fn reach(&self) -> Reach {
        self.conn.reach()
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Whether the site answered the last call (a counter cut off a moment
    /// ago does not wait for it again before deciding by itself).
    pub fn seems_cut_off(&self) -> bool {
        self.reach().reachable == Some(false)
    }

    /// Runs `f` against the site from code that cannot wait asynchronously
    /// (a PIN checked inside a use case): on a thread of its own, with a
    /// connection of its own, within the connection's patience. What it
    /// learns of the site's reach is kept.
    pub fn blocking<T, F>(&self, f: F) -> Result<T, SiteError>
    where
        T: Send,
        F: for<'c> FnOnce(&'c Connection) -> client::Pending<'c, T> + Send,
    {
        let twin = self.conn.twin();
        let result = std::thread::scope(|s| {
            s.spawn(|| {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| SiteError::Unreachable {
                        address: twin.link().address(),
                        detail: format!("cannot start a runtime: {e}"),
                    })?;
                rt.block_on(f(&twin))
            })
            .join()
            .unwrap_or_else(|_| {
                Err(SiteError::Database(
                    "the call to the site stopped unexpectedly".to_owned(),
                ))
            })
        });
        self.conn.learn_from(&twin);
        result
    }

    /// Sends `entry` for the site to decide (an attempt to print): its copy
    /// number, or that the site already has the original. When the site
    /// cannot be reached the entry waits in the outbox, marked decided here.
    pub async fn decide(
        &self,
        cache: &Cache,
        entry: &SiteEntry,
    ) -> Result<Result<Decision, log::Refusal>, SiteError> {
        outbox::enqueue(cache, entry)?;
        // Cut off a moment ago: decided here at once, rather than a print
        // waiting out the site's silence again (the window's rounds, every
        // two seconds, find the site again when it is back).
        if self.conn.failed_within(RETRY_AFTER) {
            outbox::decided_offline(cache, entry.entry_key)?;
            return Ok(Ok(Decision::CutOff));
        }
        match outbox::flush(&self.conn, cache, Some(entry.entry_key)).await {
            Ok(Some(outbox::Fate::Stored(a))) => Ok(Ok(Decision::Decided {
                copy: a.copy.and_then(|c| u32::try_from(c).ok()).unwrap_or(0),
                seq: a.seq,
            })),
            Ok(Some(outbox::Fate::Refused(r))) => Ok(Err(r)),
            Ok(_) => Ok(Ok(Decision::CutOff)),
            Err(e) if e.cuts_off() => {
                outbox::decided_offline(cache, entry.entry_key)?;
                Ok(Ok(Decision::CutOff))
            }
            Err(e) => Err(e),
        }
    }

    /// Queues `entry` (a result, a control) and sends what waits, if the
    /// site answers.
    pub async fn record(&self, cache: &Cache, entry: &SiteEntry) -> Result<(), SiteError> {
        outbox::enqueue(cache, entry)?;
        match outbox::flush(&self.conn, cache, None).await {
            Err(e) if e.cuts_off() => Ok(()),
            Err(e) => Err(e),
            Ok(_) => Ok(()),
        }
    }

    /// One round with the site: sends what waits (log entries, orders,
    /// completions), then reads what changed (the log, checked against its
    /// chain; operators; orders; completions; acknowledgements).
    pub async fn sync(&self, cache: &Cache) -> Result<Synced, SiteError> {
        let counter = self.link().counter.clone();
        outbox::flush(&self.conn, cache, None).await?;
        let orders_sent = shared::push_orders(&self.conn, cache, &counter).await?;
        let completions_sent = shared::push_completions(&self.conn, cache, &counter).await?;
        let entries = log::pull(&self.conn, cache).await?;
        let marks = link::load(cache)?
            .map(|(_, m)| m)
            .ok_or(SiteError::NotJoined)?;
        let operators = operators::changed_since(&self.conn, marks.operators).await?;
        let orders = shared::pull_orders(&self.conn, cache, marks.orders).await?;
        let completions = shared::pull_completions(&self.conn, cache, marks.completions).await?;
        let acks = pull_acks(&self.conn, cache, marks.acks).await?;
        Ok(Synced {
            orders_sent,
            completions_sent,
            entries,
            operators,
            orders,
            completions,
            acks,
        })
    }

    /// Sends what waits (log entries, orders, completions) without reading.
    pub async fn push(&self, cache: &Cache) -> Result<(), SiteError> {
        let counter = self.link().counter.clone();
        outbox::flush(&self.conn, cache, None).await?;
        shared::push_orders(&self.conn, cache, &counter).await?;
        shared::push_completions(&self.conn, cache, &counter).await?;
        Ok(())
    }

    /// The status for the banner and the command line.
    pub fn status(&self, cache: &Cache) -> Result<SiteStatus, SiteError> {
        let marks = link::load(cache)?
            .map(|(_, m)| m)
            .ok_or(SiteError::NotJoined)?;
        let reach = self.reach();
        Ok(SiteStatus {
            address: self.link().address(),
            counter: self.link().counter.clone(),
            reachable: reach.reachable,
            unreachable_since: reach.since,
            why: self.conn.why(),
            pending: outbox::pending(cache)?,
            log_seq: marks.log_seq,
            conflicts: conflicts(cache)?,
        })
    }

    /// A manager acknowledges conflict `seq` (recorded at the site).
    pub async fn acknowledge(&self, seq: u64, by: &str) -> Result<(), SiteError> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        self.conn
            .execute_stamped(
                "INSERT INTO conflict_acks (seq, by_name, counter, at, change)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (seq) DO NOTHING",
                vec![
                    Box::new(seq),
                    Box::new(by.to_owned()),
                    Box::new(self.link().counter.clone()),
                    Box::new(Utc::now().to_rfc3339()),
                ],
            )
            .await
    }

    /// Recomputes the site's whole chain.
    pub async fn verify(&self, cache: &Cache) -> Result<SiteChain, SiteError> {
        log::verify(&self.conn, cache).await
    }
}

/// What one round with the site moved.
#[derive(Debug, Clone, Default)]
pub struct Synced {
    pub orders_sent: usize,
    pub completions_sent: usize,
    pub entries: usize,
    /// Operators changed at the site, for the counter to apply to its copy.
    pub operators: Vec<operators::SiteOperator>,
    pub orders: usize,
    pub completions: usize,
    pub acks: usize,
}

/// An acknowledgement as the site keeps it: seq, by, counter, at, change.
type Ack = (i64, String, String, String, i64);

async fn pull_acks(conn: &Connection, cache: &Cache, since: i64) -> Result<usize, SiteError> {
    let rows: Vec<Ack> = conn
        .call(move |c| -> Call<'_, Vec<Ack>> {
            Box::pin(async move {
                Ok(c.query(
                    "SELECT seq, by_name, counter, at, change FROM conflict_acks
                     WHERE change > $1 ORDER BY change",
                    &[&since],
                )
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
                .collect())
            })
        })
        .await?;
    let Some(last) = rows.last().map(|r| r.4) else {
        return Ok(0);
    };
    {
        let c = cache.connection();
        for r in &rows {
            c.execute(
                "INSERT OR IGNORE INTO site_acks (seq, by_name, counter, at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![r.0, r.1, r.2, r.3],
            )?;
        }
    }
    link::mark(cache, "acks", last)?;
    Ok(rows.len())
}

/// The conflicts in this counter's copy of the site log not acknowledged.
pub fn conflicts(cache: &Cache) -> Result<Vec<Conflict>, SiteError> {
    let c = cache.connection();
    let mut stmt = c.prepare(
        "SELECT l.seq, l.platform, l.order_number, l.ticket_id, l.counter, l.operator_name, l.at,
                f.counter, f.at
         FROM site_log l
         LEFT JOIN site_log f ON f.kind = 'attempt' AND f.copy = 0 AND f.conflict = 0
              AND f.platform = l.platform AND f.order_id = l.order_id
              AND f.ticket_id IS l.ticket_id
         WHERE l.conflict = 1 AND NOT EXISTS (SELECT 1 FROM site_acks a WHERE a.seq = l.seq)
         ORDER BY l.seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Conflict {
            seq: r.get::<_, i64>(0)?.unsigned_abs(),
            platform: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            order_number: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            ticket_id: r.get(3)?,
            counter: r.get(4)?,
            operator: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            at: r.get(6)?,
            first_counter: r.get(7)?,
            first_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The counters that joined the site, by name.
pub async fn counters(conn: &Connection) -> Result<Vec<String>, SiteError> {
    conn.call(|c| -> Call<'_, Vec<String>> {
        Box::pin(async move {
            Ok(c.query("SELECT name FROM counters ORDER BY name", &[])
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect())
        })
    })
    .await
}

/// A new key for an entry.
pub fn new_key() -> Uuid {
    Uuid::new_v4()
}
