//! Completing an order: it moves money, so a completion is never lost and
//! never done twice. The intent is journalled (durably) before the request
//! leaves; every answer, or its absence, moves the journal entry to a state
//! that says what is known and what to do next; only answers that prove
//! nothing was done are sent again by themselves; an unknown outcome is
//! reconciled by asking the platform where the platform can be asked
//! (Vista), and otherwise waits for a person (*needs attention*); and
//! unfinished completions are resumed when Box Office starts.
//!
//! One run holds an entry at a time (see [`journal`]): a second window, a
//! script or a double click finds it held and reports what the holder is
//! doing. The rules per platform, with the page's words they rest on, are in
//! `docs/completion.md`.

mod journal;
mod paciolan;
mod runner;
mod vista;

use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;

use crate::cache::{Cache, CacheError};
use crate::domain::{Actor, Order, OrderStatus, Platform};
use crate::providers::{Credentials, Profile, ProviderError};

pub use journal::{Begun, Change, Claimed, Entry, Held, Journal, MoveError, State};

/// Timing and retry rules.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// First wait between polls; doubles up to `poll_max`.
    pub poll_first: Duration,
    pub poll_max: Duration,
    /// How long one run keeps at it before handing back an unfinished
    /// completion (the cashier sees this bound and can check again).
    pub overall: Duration,
    /// Paciolan's error table: UNHANDLED_EXCEPTION, "Retry Possible: Yes,
    /// Retry Count: 3".
    pub server_error_retries: u32,
    /// Retries of 429s before giving up for now.
    pub rate_limit_retries: u32,
    /// Retries of a request that could not be sent at all.
    pub not_sent_retries: u32,
    /// Vista: how long after a POST whose answer was lost a "no completion"
    /// (404) from `GET` is believed. A POST still being carried out when the
    /// answer was lost may not show yet; sending again inside this window
    /// could complete the order twice.
    pub reconcile_grace: Duration,
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
            reconcile_grace: Duration::from_secs(30),
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
    #[error(
        "order {order} is already {} at this counter; nothing was sent. Print its tickets, or look it up again",
        status_word(*.status)
    )]
    AlreadySettled { order: String, status: OrderStatus },
    #[error("the completion {0} is not waiting for a person's decision")]
    NotAwaitingDecision(i64),
    #[error("no completion {0} in the journal")]
    UnknownCompletion(i64),
    /// Internal: the entry was changed by someone else; the run stops and
    /// reports it (never reaches a caller of [`Completer`]).
    #[error("the completion was changed elsewhere")]
    Lost(Box<Entry>),
}

fn status_word(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::Completed => "completed",
        OrderStatus::Partial => "partly completed",
        OrderStatus::Cancelled => "cancelled",
        OrderStatus::Failed => "failed",
        _ => "settled",
    }
}

impl From<MoveError> for CompletionError {
    fn from(e: MoveError) -> Self {
        match e {
            MoveError::Cache(c) => CompletionError::Cache(c),
            MoveError::Lost(e) => CompletionError::Lost(e),
        }
    }
}

/// Where a completion ended up this time, with the order as it now is.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub entry: Entry,
    pub order: Order,
    /// Another run (window, till or script) holds the completion: this is
    /// where it stood when asked, and that run carries it on.
    pub elsewhere: bool,
}

/// Runs completions against one profile's platform.
pub struct Completer<'a> {
    pub cache: &'a Cache,
    pub http: reqwest::Client,
    pub policy: Policy,
    /// The Request-ID a new completion takes (the site's claim's); a fresh
    /// one when `None`.
    pub request_id: Option<uuid::Uuid>,
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
            request_id: None,
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
        actor: &Actor,
    ) -> Result<Outcome, CompletionError> {
        if order.platform == Platform::Afisha {
            return Err(CompletionError::NotCompletable("Afisha"));
        }
        if let Some(live) = self.journal().for_order(order.platform, &order.id)?
            && !matches!(live.state, State::Failed | State::Abandoned)
        {
            return match live.state {
                s if s.is_final() => self.outcome(live, false),
                _ => self.run(profile, credentials, live).await,
            };
        }
        // What the counter already knows wins over what it was handed: a
        // sold order is never completed again (nor overwritten by an older
        // in-progress copy of itself).
        let cached = self.cache.get_order(order.platform, &order.id)?;
        let current = cached.as_ref().unwrap_or(order);
        if matches!(
            current.status,
            OrderStatus::Completed | OrderStatus::Partial | OrderStatus::Cancelled
        ) {
            return Err(CompletionError::AlreadySettled {
                order: current.display_number().to_owned(),
                status: current.status,
            });
        }
        let input = match order.platform {
            Platform::Paciolan => Some(paciolan::cart_text(order, cart)?),
            _ => None,
        };
        self.cache.put_order(order, Some(&profile.name))?;
        match self.journal().begin_with(
            order.platform,
            &order.id,
            &profile.name,
            input.as_deref(),
            actor,
            self.request_id,
        )? {
            Begun::New(mut held) => self.drive(profile, credentials, &mut held).await,
            Begun::Existing(e) if e.state.is_final() => self.outcome(e, false),
            Begun::Existing(e) => self.run(profile, credentials, e).await,
        }
    }

    /// Continues a journalled completion from whatever state it was left in,
    /// unless another live run holds it.
    pub async fn run(
        &self,
        profile: &Profile,
        credentials: &Credentials,
        entry: Entry,
    ) -> Result<Outcome, CompletionError> {
        match self.journal().claim(entry.id)? {
            None => Err(CompletionError::UnknownCompletion(entry.id)),
            Some(Claimed::Busy(e)) => self.outcome(e, true),
            Some(Claimed::Held(mut held)) => self.drive(profile, credentials, &mut held).await,
        }
    }

    async fn drive(
        &self,
        profile: &Profile,
        credentials: &Credentials,
        held: &mut Held<'a>,
    ) -> Result<Outcome, CompletionError> {
        let result = match held.entry().platform {
            Platform::Vista => vista::run(self, profile, credentials, held).await,
            Platform::Paciolan => paciolan::run(self, profile, credentials, held).await,
            Platform::Afisha => Err(CompletionError::NotCompletable("Afisha")),
        };
        match result {
            Ok(()) => {
                let mut e = held.entry().clone();
                e.running = false;
                self.outcome(e, false)
            }
            Err(CompletionError::Lost(e)) => self.outcome(*e, true),
            Err(e) => Err(e),
        }
    }

    /// A person decided to send a *needs attention* completion again, with
    /// the same Request-ID (after the platform confirmed nothing was sold);
    /// `message` says who and why.
    pub async fn send_again(
        &self,
        profile: &Profile,
        credentials: &Credentials,
        id: i64,
        message: &str,
    ) -> Result<Outcome, CompletionError> {
        let mut held = self.awaiting_decision(id)?;
        self.update(
            &mut held,
            Change {
                state: Some(State::Intent),
                message: Some(message),
                ..Change::default()
            },
        )?;
        self.drive(profile, credentials, &mut held).await
    }

    /// A person checked with the platform that a *needs attention*
    /// completion sold nothing; the order may be completed afresh later.
    /// `message` says who and why.
    pub fn set_aside(&self, id: i64, message: &str) -> Result<Entry, CompletionError> {
        let mut held = self.awaiting_decision(id)?;
        self.update(
            &mut held,
            Change {
                state: Some(State::Abandoned),
                message: Some(message),
                ..Change::default()
            },
        )?;
        Ok(held.into_entry())
    }

    /// Puts the held entry's settled answer into the cached order. The
    /// sale is already journalled with its answer; when the cache cannot
    /// take the order now, it is rebuilt from the journal later
    /// ([`Completer::apply_answers`]), so the error is logged, not raised.
    fn apply_held(&self, held: &Held<'_>) -> Result<(), CompletionError> {
        if let Err(e) = self.apply_entry(held.entry()) {
            tracing::warn!(
                id = held.entry().id,
                error = %e,
                "a sale is journalled but its order could not be cached yet; it is rebuilt from the journal on the next look or start"
            );
        }
        Ok(())
    }

    /// Rebuilds the cached order of every settled completion whose answer
    /// is not in it yet (a cache write failed after the sale).
    pub fn apply_answers(&self) -> Result<usize, CompletionError> {
        let pending = self.journal().unapplied()?;
        let n = pending.len();
        for e in pending {
            self.apply_entry(&e)?;
        }
        Ok(n)
    }

    /// The order `e`'s answer gives, cached, and `e` marked applied.
    pub fn apply_entry(&self, e: &Entry) -> Result<(), CompletionError> {
        let Some(answer) = e.answer.as_deref() else {
            return Ok(());
        };
        let known = self
            .cache
            .get_order(e.platform, &e.order_id)?
            .unwrap_or_else(|| Order::new(e.platform, e.order_id.clone(), OrderStatus::InProgress));
        let order = match e.platform {
            Platform::Vista => vista::order_from_answer(known, answer)?,
            Platform::Paciolan => {
                let currency = self
                    .cache
                    .profile(&e.profile)?
                    .map_or_else(|| iso_currency::Currency::USD.into(), |p| p.currency);
                paciolan::order_from_answer(known, answer, currency)?
            }
            Platform::Afisha => return Ok(()),
        };
        self.cache.put_order(&order, Some(&e.profile))?;
        self.journal().mark_applied(e.id)?;
        Ok(())
    }

    /// The entry `id`, held by this run, which must be waiting for a
    /// person's decision.
    fn awaiting_decision(&self, id: i64) -> Result<Held<'a>, CompletionError> {
        match self.journal().claim(id)? {
            None => Err(CompletionError::UnknownCompletion(id)),
            Some(Claimed::Held(h)) if h.state() == State::NeedsAttention => Ok(h),
            Some(_) => Err(CompletionError::NotAwaitingDecision(id)),
        }
    }

    fn outcome(&self, entry: Entry, elsewhere: bool) -> Result<Outcome, CompletionError> {
        let order = self
            .cache
            .get_order(entry.platform, &entry.order_id)?
            .unwrap_or_else(|| {
                Order::new(entry.platform, entry.order_id.clone(), OrderStatus::Unknown)
            });
        Ok(Outcome {
            entry,
            order,
            elsewhere,
        })
    }

    /// Moves the held entry; a lost race ends the run.
    fn update(&self, held: &mut Held<'_>, change: Change<'_>) -> Result<(), CompletionError> {
        held.update(change)?;
        Ok(())
    }

    /// Journals that a request that may change state at the platform is
    /// about to leave, before it does.
    fn mark_sending(&self, held: &mut Held<'_>) -> Result<(), CompletionError> {
        self.update(
            held,
            Change {
                state: Some(State::Sending),
                count_attempt: true,
                ..Change::default()
            },
        )
    }

    /// Journals a failure that proves nothing was done, with what the
    /// platform said.
    fn fail(
        &self,
        held: &mut Held<'_>,
        message: &str,
        err: Option<&ProviderError>,
    ) -> Result<(), CompletionError> {
        let (http_status, error_type, error_code) = err.map(|e| e.details()).unwrap_or_default();
        self.update(
            held,
            Change {
                state: Some(State::Failed),
                message: Some(message),
                http_status,
                error_type,
                error_code,
                ..Change::default()
            },
        )
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
