//! The connection to the site's PostgreSQL: opened when first needed, every
//! call bounded in time, and dropped at the first sign of trouble so the next
//! call starts afresh. Whether the site answers, and since when it has not,
//! is what the counter's banner shows.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_postgres::{Client, Config, NoTls};

use super::SiteLink;
use super::error::SiteError;
use crate::secrets::Sensitive;

/// What a call to the site does with the connection.
pub type Call<'c, T> = Pin<Box<dyn Future<Output = Result<T, tokio_postgres::Error>> + Send + 'c>>;

/// A call made with a whole connection (several statements, each bounded).
pub type Pending<'c, T> = Pin<Box<dyn Future<Output = Result<T, SiteError>> + Send + 'c>>;

/// Limits on waiting for the site: a site that does not answer in time is
/// unreachable for this call, and the counter works on by itself.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    pub connect: Duration,
    pub call: Duration,
}

impl Default for Patience {
    fn default() -> Self {
        // `BOX_OFFICE_SITE_TIMEOUT_MS` shortens them for tests of a black
        // hole between the counter and the site.
        let call = std::env::var("BOX_OFFICE_SITE_TIMEOUT_MS")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map_or(Duration::from_secs(5), Duration::from_millis);
        Patience {
            connect: call.min(Duration::from_secs(3)),
            call,
        }
    }
}

/// Whether the site answered lately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reach {
    /// `None` until the first call.
    pub reachable: Option<bool>,
    /// Since when it has not answered, while it does not.
    pub since: Option<DateTime<Utc>>,
}

/// Why the site could not be used at the last try, for the banner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Last {
    reach: Reach,
    why: Option<String>,
    /// When a call last failed to reach the site.
    failed_at: Option<std::time::Instant>,
}

pub struct Connection {
    link: SiteLink,
    password: Sensitive<String>,
    patience: Patience,
    client: tokio::sync::Mutex<Option<Client>>,
    reach: Mutex<Last>,
}

impl Connection {
    pub fn new(link: SiteLink, password: Sensitive<String>, patience: Patience) -> Self {
        Connection {
            link,
            password,
            patience,
            client: tokio::sync::Mutex::new(None),
            reach: Mutex::new(Last::default()),
        }
    }

    pub fn link(&self) -> &SiteLink {
        &self.link
    }

    pub fn patience(&self) -> Patience {
        self.patience
    }

    /// Another connection to the same site as the same role (for a call made
    /// from outside this connection's runtime).
    pub fn twin(&self) -> Connection {
        Connection::new(self.link.clone(), self.password.clone(), self.patience)
    }

    /// Takes what a twin learnt of the site's reach.
    pub fn learn_from(&self, twin: &Connection) {
        let l = twin.reach.lock().unwrap_or_else(|p| p.into_inner()).clone();
        if let Some(reachable) = l.reach.reachable {
            self.learn(reachable, l.why);
        }
    }

    /// Whether the last call, less than `within` ago, could not reach the
    /// site (a counter does not make a cashier wait for it again so soon).
    pub fn failed_within(&self, within: Duration) -> bool {
        let l = self.reach.lock().unwrap_or_else(|p| p.into_inner());
        l.reach.reachable == Some(false) && l.failed_at.is_some_and(|t| t.elapsed() < within)
    }

    pub fn reach(&self) -> Reach {
        self.reach.lock().unwrap_or_else(|p| p.into_inner()).reach
    }

    /// Why the site could not be used at the last try, if it could not.
    pub fn why(&self) -> Option<String> {
        self.reach
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .why
            .clone()
    }

    /// Notes the site's answer (or silence); `since` keeps the start of an
    /// outage across calls.
    fn learn(&self, reachable: bool, why: Option<String>) {
        let mut l = self.reach.lock().unwrap_or_else(|p| p.into_inner());
        l.why = why;
        l.failed_at = (!reachable).then(std::time::Instant::now);
        match (reachable, l.reach.reachable) {
            (true, _) => {
                l.reach = Reach {
                    reachable: Some(true),
                    since: None,
                }
            }
            (false, Some(false)) => {}
            (false, _) => {
                l.reach = Reach {
                    reachable: Some(false),
                    since: Some(Utc::now()),
                }
            }
        }
    }

    fn unreachable(&self, detail: impl std::fmt::Display) -> SiteError {
        self.learn(false, Some(detail.to_string()));
        SiteError::Unreachable {
            address: self.link.address(),
            detail: detail.to_string(),
        }
    }

    async fn connect(&self) -> Result<Client, SiteError> {
        let mut cfg = Config::new();
        cfg.host(&self.link.host)
            .port(self.link.port)
            .dbname(&self.link.database)
            .user(&self.link.role)
            .password(self.password.expose().as_bytes())
            .application_name(format!("box-office {}", self.link.counter))
            .connect_timeout(self.patience.connect)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(30));
        let connecting = tokio::time::timeout(self.patience.connect, cfg.connect(NoTls));
        let (client, connection) = match connecting.await {
            Err(_) => return Err(self.unreachable("no answer in time")),
            Ok(Err(e)) if e.as_db_error().is_some() && !going_away(&e) => {
                // It answered, and refused the role, password or database:
                // as unusable as a site that does not answer.
                self.learn(false, Some(describe(&e)));
                return Err(SiteError::Refused(describe(&e)));
            }
            Ok(Err(e)) => return Err(self.unreachable(describe(&e))),
            Ok(Ok(pair)) => pair,
        };
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "the site connection closed");
            }
        });
        Ok(client)
    }

    /// Runs `f` on the connection, within the call's time. A lost
    /// connection or a call that does not end in time drops the connection
    /// and is [`SiteError::Unreachable`]; the site's own refusals are
    /// returned as the database error they are, for the caller to read.
    ///
    /// A connection kept from an earlier call that turns out closed (the
    /// server restarted in between) is replaced and the call made once more
    /// on the new one: every call is idempotent at the site (entry keys,
    /// Request-IDs), and a restart is not an outage.
    pub async fn run<T, F>(&self, f: F) -> Result<Result<T, tokio_postgres::Error>, SiteError>
    where
        F: for<'c> Fn(&'c mut Client) -> Call<'c, T>,
    {
        let mut guard = self.client.lock().await;
        let mut kept = true;
        if guard.as_ref().is_none_or(Client::is_closed) {
            *guard = Some(self.connect().await?);
            kept = false;
        }
        loop {
            let Some(client) = guard.as_mut() else {
                return Err(self.unreachable("no connection"));
            };
            match tokio::time::timeout(self.patience.call, f(client)).await {
                Err(_) => {
                    *guard = None;
                    return Err(self.unreachable("no answer in time"));
                }
                Ok(Err(e)) if kept && (e.is_closed() || going_away(&e)) => {
                    tracing::debug!(error = %describe(&e), "the kept site connection had closed");
                    *guard = Some(self.connect().await?);
                    kept = false;
                }
                Ok(Err(e)) if e.as_db_error().is_none() || going_away(&e) => {
                    *guard = None;
                    return Err(self.unreachable(describe(&e)));
                }
                Ok(result) => {
                    self.learn(true, None);
                    return Ok(result);
                }
            }
        }
    }

    /// [`Connection::run`] where any database error is a [`SiteError`].
    pub async fn call<T, F>(&self, f: F) -> Result<T, SiteError>
    where
        F: for<'c> Fn(&'c mut Client) -> Call<'c, T>,
    {
        self.run(f)
            .await?
            .map_err(|e| SiteError::Database(describe(&e)))
    }
}

/// A statement's parameter, owned so that a call made again has it again.
pub type Param = Box<dyn tokio_postgres::types::ToSql + Send + Sync>;

impl Connection {
    /// Runs `sql` in a transaction of its own with the site's next change
    /// number (`next_change()`) as its last parameter: how every row that
    /// counters pull by change number is written.
    pub async fn execute_stamped(
        &self,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<(), SiteError> {
        let params = std::sync::Arc::new(params);
        self.call(move |c| -> Call<'_, ()> {
            let params = params.clone();
            Box::pin(async move {
                let tx = c.transaction().await?;
                let change: i64 = tx.query_one("SELECT next_change()", &[]).await?.get(0);
                let mut refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p.as_ref() as _).collect();
                refs.push(&change);
                tx.execute(sql, &refs).await?;
                tx.commit().await
            })
        })
        .await
    }
}

/// The error's words without the driver's wrapping.
pub fn describe(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(inner) = src {
                s.push_str(": ");
                s.push_str(&inner.to_string());
                src = inner.source();
            }
            s
        }
    }
}

/// The server is shutting down, restarting or not yet accepting work
/// (SQLSTATE classes 57 and 08): the site is away, not refusing.
fn going_away(e: &tokio_postgres::Error) -> bool {
    code(e).is_some_and(|c| c.starts_with("57") || c.starts_with("08"))
}

/// The SQLSTATE of a database error, if it is one.
pub fn code(e: &tokio_postgres::Error) -> Option<&str> {
    e.as_db_error().map(|d| d.code().code())
}
