//! What the sandbox remembers while it runs: the repertoire, the completions
//! it has carried out, the dice for faults, and a ledger that tests read to
//! prove no completion was lost or done twice.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

use super::SandboxConfig;
use super::catalogue::{Behaviour, Catalogue};
use super::faults::{Faults, Roll};
use crate::domain::Platform;

/// Counts kept for tests and trainers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ledger {
    /// Completions carried out, per `platform:order`. More than one is a
    /// double sale.
    pub applied: BTreeMap<String, u32>,
    /// Completion requests for an order already completed (refused).
    pub duplicates: BTreeMap<String, u32>,
    /// Completion requests (the POSTs that may sell) received, per
    /// `platform:order`, whatever became of them.
    pub posts: BTreeMap<String, u32>,
    /// Platform requests served, faults included.
    pub requests: u64,
    /// Faults injected, by kind.
    pub injected: BTreeMap<String, u64>,
    /// Paciolan: every Request-ID seen for an order's completion (its POSTs
    /// and polls). One completion should use one id throughout.
    pub request_ids: BTreeMap<String, BTreeSet<String>>,
    /// When each completion request (POST) arrived, per `platform:order`.
    pub post_times: BTreeMap<String, Vec<DateTime<Utc>>>,
}

/// A Vista completion the sandbox has created.
#[derive(Debug, Clone)]
pub struct VistaCompletion {
    pub order_type: String,
    pub polls: u32,
    pub pending_polls: u32,
    pub failed: bool,
    /// Completed without a `transactionNumber` (null), as the page allows.
    pub no_number: bool,
    pub transaction_number: i32,
    pub expires_at: DateTime<Utc>,
}

/// A Paciolan complete-order process.
#[derive(Debug, Clone)]
pub struct PaciolanProcess {
    pub order_id: String,
    pub polls: u32,
    pub pending_polls: u32,
    /// Cart token → (new token, access id) for the seats that were sold.
    pub sold: Vec<(String, String, String)>,
    /// Token groups that failed (207).
    pub failed: Vec<Vec<String>>,
    /// The settlement's total as written in the request.
    pub paid: String,
    pub transaction: String,
}

/// Mutable state behind one lock: requests are short and the sandbox is not
/// a performance subject.
#[derive(Debug)]
pub struct Inner {
    pub pending_polls: u32,
    pub faults: Faults,
    pub rng: StdRng,
    pub attempts: HashMap<(Platform, String), u32>,
    pub vista: HashMap<String, VistaCompletion>,
    pub paciolan: HashMap<String, PaciolanProcess>,
    pub paciolan_by_order: HashMap<String, String>,
    pub next_transaction: i32,
    pub ledger: Ledger,
    /// Behaviours set while running, over the catalogue's.
    pub overrides: HashMap<(Platform, String), Behaviour>,
}

pub struct State {
    pub config: SandboxConfig,
    pub catalogue: Catalogue,
    inner: Mutex<Inner>,
}

/// What happens to one request: an optional delay, then at most one fault.
#[derive(Debug, Clone, Copy)]
pub struct Decision {
    pub delay: Option<Duration>,
    pub fault: Roll,
}

impl State {
    pub fn new(config: SandboxConfig, now: DateTime<Utc>) -> State {
        let catalogue = Catalogue::with_bulk(now, config.bulk);
        let inner = Inner {
            pending_polls: config.pending_polls,
            faults: config.faults.clone(),
            rng: StdRng::seed_from_u64(config.seed),
            attempts: HashMap::new(),
            vista: HashMap::new(),
            paciolan: HashMap::new(),
            paciolan_by_order: HashMap::new(),
            next_transaction: 70_001,
            ledger: Ledger::default(),
            overrides: HashMap::new(),
        };
        State {
            config,
            catalogue,
            inner: Mutex::new(inner),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        // Handlers never panic while holding the lock on purpose; if one did,
        // the maps are still consistent enough for a training server.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn ledger(&self) -> Ledger {
        self.lock().ledger.clone()
    }

    /// What order `id` does: a behaviour set while running, else the
    /// catalogue's.
    pub fn behaviour(&self, platform: Platform, id: &str) -> Option<Behaviour> {
        if let Some(b) = self.lock().overrides.get(&(platform, id.to_owned())) {
            return Some(b.clone());
        }
        self.catalogue
            .find(platform, id)
            .map(|o| o.behaviour.clone())
    }

    /// Makes order `id` behave as `b` from now on.
    pub fn set_behaviour(&self, platform: Platform, id: &str, b: Behaviour) {
        self.lock().overrides.insert((platform, id.to_owned()), b);
    }

    /// Decides the fate of one platform request about `order`. `completion`
    /// is true for the request that changes state (the completion POST):
    /// scripted behaviours only apply to it, random faults to every request.
    pub fn decide(&self, platform: Platform, order: Option<&str>, completion: bool) -> Decision {
        let behaviour = order.and_then(|id| self.behaviour(platform, id));
        let mut inner = self.lock();
        inner.ledger.requests += 1;
        let mut delay = match behaviour {
            Some(Behaviour::Slow { millis }) => Some(Duration::from_millis(millis)),
            _ => None,
        };
        let mut fault = Roll::None;
        if completion && let Some(id) = order {
            *inner
                .ledger
                .posts
                .entry(ledger_key(platform, id))
                .or_insert(0) += 1;
            inner
                .ledger
                .post_times
                .entry(ledger_key(platform, id))
                .or_default()
                .push(Utc::now());
            let n = {
                let a = inner.attempts.entry((platform, id.to_owned())).or_insert(0);
                *a += 1;
                *a
            };
            fault = match behaviour {
                Some(Behaviour::ServerError { times }) if n <= times => Roll::ServerError,
                Some(Behaviour::RateLimited { times, seconds }) if n <= times => {
                    Roll::RateLimit { seconds }
                }
                Some(Behaviour::DropAfterApply { times }) if n <= times => Roll::DropAfterApply,
                Some(Behaviour::GatewayErrorAfterApply { times }) if n <= times => {
                    Roll::GatewayAfterApply { status: 502 }
                }
                Some(Behaviour::GarbledAfterApply { times }) if n <= times => {
                    Roll::GarbledAfterApply
                }
                Some(Behaviour::DropBeforeApply { times }) if n <= times => Roll::DropBeforeApply,
                Some(Behaviour::LostThenRefused { lost, .. }) if n <= lost => Roll::DropBeforeApply,
                Some(Behaviour::LostThenRefused { status, .. }) => Roll::Refuse { status },
                _ => Roll::None,
            };
        }
        if fault == Roll::None && !inner.faults.is_quiet() {
            let faults = inner.faults.clone();
            let (roll, extra) = faults.roll(&mut inner.rng);
            fault = roll;
            if extra.is_some() {
                *inner.ledger.injected.entry("slow".to_owned()).or_insert(0) += 1;
            }
            delay = delay.or(extra);
        }
        if fault != Roll::None {
            *inner
                .ledger
                .injected
                .entry(fault.name().to_owned())
                .or_insert(0) += 1;
        }
        Decision { delay, fault }
    }
}

/// The ledger key of an order.
pub fn ledger_key(platform: Platform, id: &str) -> String {
    format!("{platform}:{id}")
}
