//! The counter's use cases, each one call: look an order up, ask its
//! platform about it, complete it, print it, reprint a ticket, sign in. The
//! window's commands and the command line are thin callers of these, so the
//! two never drift apart, and every rule (who may reprint, what counts as
//! printed, when a completion is refused offline) lives here once.
//!
//! A [`Counter`] is one till's view of its installation: the database, the
//! OS keyring, the HTTP client, the workstation's name, and in training mode
//! the in-process sandbox that stands in for every platform.

mod complete;
mod connections;
mod error;
mod platforms;
mod view;

use std::path::{Path, PathBuf};

use crate::cache::Cache;
use crate::domain::Actor;
use crate::domain::actor::workstation_name;
use crate::providers::http;
use crate::sandbox::RunningSandbox;
use crate::secrets::Keyring;

pub use complete::{CompletionInput, order_from_cart};
pub use error::CounterError;
pub use view::{OrderView, TicketLine};

/// One till.
pub struct Counter {
    pub cache: Cache,
    pub keyring: Keyring,
    pub http: reqwest::Client,
    /// The training sandbox, when the till runs in training mode.
    pub training: Option<RunningSandbox>,
    workstation: String,
}

impl Counter {
    /// The till over the database in `data_dir`, without training mode.
    pub fn open(data_dir: &Path) -> Result<Counter, CounterError> {
        let cache = Cache::open_in(data_dir)?;
        Ok(Counter::with_cache(cache))
    }

    pub fn with_cache(cache: Cache) -> Counter {
        Counter {
            cache,
            keyring: Keyring::new(),
            http: http::client(http::Timeouts::default()),
            training: None,
            workstation: workstation_name(),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.cache.data_dir().to_owned()
    }

    pub fn is_training(&self) -> bool {
        self.training.is_some()
    }

    /// This till's name, recorded with every completion and print.
    pub fn workstation(&self) -> &str {
        &self.workstation
    }

    pub fn set_workstation(&mut self, name: impl Into<String>) {
        self.workstation = name.into();
    }

    /// The actor for a command-line run with no operator signed in.
    pub fn system_actor(&self) -> Actor {
        Actor::system(&self.workstation)
    }
}
