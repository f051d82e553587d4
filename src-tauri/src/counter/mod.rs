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
pub mod import;
mod links;
mod lookup;
mod platforms;
mod print;
mod setup;
mod view;

use std::path::{Path, PathBuf};
use std::sync::RwLock;

use crate::cache::Cache;
use crate::domain::Actor;
use crate::domain::actor::workstation_name;
use crate::providers::http;
use crate::sandbox::RunningSandbox;
use crate::secrets::Keyring;
use crate::settings::Settings;

pub use complete::{CompletionInput, order_from_cart};
pub use error::CounterError;
pub use links::{Links, PlatformLink, Reach};
pub use lookup::LookupFilter;
pub use print::{PrintReport, PrintRequest, PrintTo, PrintedCopy, ReprintRequest};
pub use view::{FailedGroup, OrderView, Source, TicketLine, display_locale};

/// One till.
pub struct Counter {
    pub cache: Cache,
    pub keyring: Keyring,
    pub http: reqwest::Client,
    /// The training sandbox, when the till runs in training mode.
    pub training: Option<RunningSandbox>,
    /// What each platform's last requests said of its reachability.
    pub links: Links,
    settings: RwLock<Settings>,
}

impl Counter {
    /// The till over the database and settings in `data_dir`, without
    /// training mode.
    pub fn open(data_dir: &Path) -> Result<Counter, CounterError> {
        let cache = Cache::open_in(data_dir)?;
        let settings = Settings::load(data_dir)?;
        Ok(Counter::with_settings(cache, settings))
    }

    /// The till over `cache` with default settings (tests, benchmarks).
    pub fn with_cache(cache: Cache) -> Counter {
        let settings = Settings {
            workstation: workstation_name(),
            ..Settings::default()
        };
        Counter::with_settings(cache, settings)
    }

    pub fn with_settings(cache: Cache, settings: Settings) -> Counter {
        cache.set_keep_contacts(settings.keep_contacts);
        Counter {
            cache,
            keyring: Keyring::new(),
            http: http::client(http::Timeouts::default()),
            training: None,
            links: Links::default(),
            settings: RwLock::new(settings),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.cache.data_dir().to_owned()
    }

    pub fn is_training(&self) -> bool {
        self.training.is_some()
    }

    /// The till's settings as they are now.
    pub fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// This till's name, recorded with every completion and print.
    pub fn workstation(&self) -> String {
        self.settings
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .workstation
            .clone()
    }

    pub fn set_workstation(&mut self, name: impl Into<String>) {
        self.settings
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .workstation = name.into();
    }

    /// The actor for a command-line run with no operator signed in.
    pub fn system_actor(&self) -> Actor {
        Actor::system(self.workstation())
    }
}
