//! Completing an order: it moves money, so a completion is never lost and
//! never done twice. The intent is journalled before the request leaves;
//! every answer (or its absence) moves the journal entry to a state that says
//! what is known and what to do next; an unknown outcome is reconciled by
//! asking the platform, never by sending again blindly; and unfinished
//! completions are resumed when Box Office starts.
//!
//! Per platform: Vista is polled with `GET …/completion` (which also tells
//! whether a lost `POST` happened). Paciolan is polled by `processId`; a
//! `POST` whose answer never came cannot be asked about, so it goes to
//! *needs attention* with its Request-ID for Paciolan's support.

mod journal;
mod paciolan;
mod vista;

use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;

use crate::cache::{Cache, CacheError};
use crate::domain::{Order, Platform};
use crate::providers::{Credentials, Profile, ProviderError};

pub use journal::{Begun, Change, Entry, Journal, State};

/// Timing and retry rules.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// First wait between polls; doubles up to `poll_max`.
    pub poll_first: Duration,
    pub poll_max: Duration,
    /// How long one run keeps at it before handing back an unfinished
    /// completion (the cashier sees this bound and can check again).
    pub overall: Duration,
    /// Paciolan's table allows three retries of UNHANDLED_EXCEPTION.
    pub server_error_retries: u32,
    /// Retries of 429s before giving up for now.
    pub rate_limit_retries: u32,
    /// Retries of a request that could not be sent at all.
    pub not_sent_retries: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            poll_first: Duration::from_millis(500),
            poll_max: Duration::from_secs(3),
            overall: Duration::from_secs(90),
            server_error_retries: 3,
            rate_limit_retries: 5,
            not_sent_retries: 3,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CompletionError {
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(
        "{0} orders are not completed at the counter: fetch the order and print what is approved"
    )]
    NotCompletable(&'static str),
    #[error(
        "the order {0} has no cart to complete (listing, buyer, settlement); give one with --input"
    )]
    NoCart(String),
    #[error("the cart for {order} is not valid: {detail}")]
    BadCart { order: String, detail: String },
    #[error("the completion {0} is not waiting for a person's decision")]
    NotAwaitingDecision(i64),
    #[error("no completion {0} in the journal")]
    UnknownCompletion(i64),
}

/// Where a completion ended up this time, with the order as it now is.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub entry: Entry,
    pub order: Order,
}

/// Runs completions against one profile's platform.
pub struct Completer<'a> {
    pub cache: &'a Cache,
    pub http: reqwest::Client,
    pub policy: Policy,
}

/// The run's clock and backoff.
struct Pace {
    deadline: Instant,
    wait: Duration,
    max: Duration,
}

impl Pace {
    fn new(p: &Policy) -> Pace {
        Pace {
            deadline: Instant::now() + p.overall,
            wait: p.poll_first,
            max: p.poll_max,
        }
    }

    fn expired(&self) -> bool {
        Instant::now() >= self.deadline
    }

    /// Sleeps for the next backoff step, or `at_least` if longer; false when
    /// the run's time is up instead.
    async fn pause(&mut self, at_least: Duration) -> bool {
        let d = self.wait.max(at_least);
        if Instant::now() + d > self.deadline {
            return false;
        }
        tokio::time::sleep(d).await;
        self.wait = (self.wait * 2).min(self.max);
        true
    }
}

impl<'a> Completer<'a> {
    pub fn new(cache: &'a Cache, http: reqwest::Client, policy: Policy) -> Self {
        Completer {
            cache,
            http,
            policy,
        }
    }

    fn journal(&self) -> Journal<'a> {
        Journal::new(self.cache)
    }

    /// Completes `order` (or continues its live completion) and returns where
    /// it stands. `cart` is the Paciolan request body; for Vista it is unused.
    pub async fn complete(
        &self,
        profile: &Profile,
        credentials: &Credentials,
        order: &Order,
        cart: Option<&str>,
    ) -> Result<Outcome, CompletionError> {
        if order.platform == Platform::Afisha {
            return Err(CompletionError::NotCompletable("Afisha"));
        }
        let input = match order.platform {
            Platform::Paciolan => Some(paciolan::cart_text(order, cart)?),
            _ => None,
        };
        self.cache.put_order(order, Some(&profile.name))?;
        let entry = match self.journal().begin(
            order.platform,
            &order.id,
            &profile.name,
            input.as_deref(),
        )? {
            Begun::New(e) => e,
            Begun::Existing(e) if e.state.is_final() => return self.outcome(e),
            Begun::Existing(e) => e,
        };
        self.run(profile, credentials, entry).await
    }

    /// Continues a journalled completion from whatever state it was left in.
    pub async fn run(
        &self,
        profile: &Profile,
        credentials: &Credentials,
        entry: Entry,
    ) -> Result<Outcome, CompletionError> {
        let entry = match entry.platform {
            Platform::Vista => vista::run(self, profile, credentials, entry).await?,
            Platform::Paciolan => paciolan::run(self, profile, credentials, entry).await?,
            Platform::Afisha => return Err(CompletionError::NotCompletable("Afisha")),
        };
        self.outcome(entry)
    }

    /// A person decided to send a *needs attention* completion again, with
    /// the same Request-ID (after the platform confirmed nothing was sold).
    pub async fn send_again(
        &self,
        profile: &Profile,
        credentials: &Credentials,
        id: i64,
    ) -> Result<Outcome, CompletionError> {
        self.awaiting_decision(id)?;
        let entry = self.journal().update(
            id,
            Change {
                state: Some(State::Intent),
                message: Some("Sent again by decision of a person, with the same Request-ID."),
                ..Change::default()
            },
        )?;
        self.run(profile, credentials, entry).await
    }

    /// A person checked with the platform that a *needs attention*
    /// completion sold nothing; the order may be completed afresh later.
    pub fn set_aside(&self, id: i64) -> Result<Entry, CompletionError> {
        self.awaiting_decision(id)?;
        Ok(self.journal().update(
            id,
            Change {
                state: Some(State::Abandoned),
                message: Some(
                    "Set aside by a person after checking with the platform that nothing was sold.",
                ),
                ..Change::default()
            },
        )?)
    }

    /// The entry `id`, which must be waiting for a person's decision.
    fn awaiting_decision(&self, id: i64) -> Result<Entry, CompletionError> {
        let entry = self
            .journal()
            .get(id)?
            .ok_or(CompletionError::UnknownCompletion(id))?;
        if entry.state != State::NeedsAttention {
            return Err(CompletionError::NotAwaitingDecision(id));
        }
        Ok(entry)
    }

    /// Journals that the request is about to leave, before it does.
    fn mark_sending(&self, id: i64) -> Result<Entry, CompletionError> {
        self.update(
            id,
            Change {
                state: Some(State::Sending),
                count_attempt: true,
                ..Change::default()
            },
        )
    }

    fn outcome(&self, entry: Entry) -> Result<Outcome, CompletionError> {
        let order = self
            .cache
            .get_order(entry.platform, &entry.order_id)?
            .unwrap_or_else(|| {
                Order::new(
                    entry.platform,
                    entry.order_id.clone(),
                    crate::domain::OrderStatus::Unknown,
                )
            });
        Ok(Outcome { entry, order })
    }

    fn update(&self, id: i64, change: Change<'_>) -> Result<Entry, CompletionError> {
        Ok(self.journal().update(id, change)?)
    }
}

/// Short words for a state, for the command line.
pub fn describe(state: State) -> &'static str {
    match state {
        State::Intent => "not sent yet",
        State::Sending => "sent, no answer yet",
        State::Pending => "the platform is completing it",
        State::Unknown => "answer lost, checking with the platform",
        State::Completed => "completed",
        State::Partial => "partly completed",
        State::Failed => "failed",
        State::NeedsAttention => "needs attention",
        State::Abandoned => "set aside",
    }
}
