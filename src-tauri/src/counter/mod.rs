//! The counter's use cases, each one call: look an order up, ask its
//! platform about it, complete it, print it, reprint a ticket, sign in, and
//! the privileged acts (setting a completion aside or sending it again,
//! removing a connection, managing operators, purging and replacing orders,
//! switching training). The window's commands and the command line are thin
//! callers of these, so the two never drift apart: every rule (who may do
//! what, what counts as printed, when a completion is refused offline, what
//! is recorded) lives here once.
//!
//! A [`Counter`] is one till: its database, the OS keyring, the HTTP client,
//! the workstation's name, and in training mode the in-process sandbox that
//! stands in for every platform. Its parts are private: the window and the
//! command line reach the database only through its calls, and every
//! privileged call takes the asker's credentials ([`Asker`], [`ManagerPin`])
//! and checks them against the operators as the database holds them now.

mod authority;
mod complete;
mod connections;
mod error;
pub mod import;
mod keep;
mod links;
mod lookup;
mod platforms;
mod print;
mod records;
mod setup;
mod site;
mod site_staff;
mod staff;
mod till;
mod view;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::cache::{Cache, TillKind};
use crate::domain::actor::workstation_name;
use crate::providers::http;
use crate::sandbox::RunningSandbox;
use crate::secrets::Keyring;
use crate::settings::Settings;

pub use authority::{Asker, ManagerPin, OperatorRef};
pub use complete::{CompletionInput, order_from_cart};
pub use error::CounterError;
pub use keep::{Kept, KeptWhy, Removal};
pub use links::{Links, PlatformLink, Reach};
pub use lookup::LookupFilter;
pub use print::{PrintReport, PrintRequest, PrintTo, PrintedCopy, ReprintRequest};
pub use site::{SiteTest, migrate_site, test_site};
pub use view::{FailedGroup, OrderView, Source, TicketLine, display_locale};

/// One till.
pub struct Counter {
    cache: Cache,
    keyring: Keyring,
    http: reqwest::Client,
    kind: TillKind,
    /// The training sandbox, while the training till runs.
    training: Option<RunningSandbox>,
    /// What each platform's last requests said of its reachability.
    links: Links,
    settings: RwLock<Settings>,
    /// The real till's data folder: this till's own for the real one, the
    /// one training's folder lies in for training.
    home: PathBuf,
    /// The site this counter joined (site mode), if any.
    site: RwLock<Option<Arc<crate::site::Site>>>,
}

impl Counter {
    /// The real till over the database and settings in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Counter, CounterError> {
        let cache = Cache::open_in(data_dir)?;
        cache.claim(TillKind::Real)?;
        let settings = Settings::load(data_dir)?;
        let counter = Counter::assemble(cache, settings, TillKind::Real, data_dir);
        counter.after_training()?;
        let site = crate::site::Site::open(&counter.cache, &counter.keyring)?;
        *counter.site.write().unwrap_or_else(|p| p.into_inner()) = site.map(Arc::new);
        Ok(counter)
    }

    /// The till over `cache` with default settings (tests, benchmarks).
    pub fn with_cache(cache: Cache) -> Counter {
        let settings = Settings {
            workstation: workstation_name(),
            ..Settings::default()
        };
        let home = cache.data_dir().to_owned();
        Counter::assemble(cache, settings, TillKind::Real, &home)
    }

    fn assemble(cache: Cache, settings: Settings, kind: TillKind, home: &Path) -> Counter {
        cache.set_keep_contacts(settings.keep_contacts);
        Counter {
            cache,
            keyring: Keyring::new(),
            http: http::client(http::Timeouts::default()),
            kind,
            training: None,
            links: Links::default(),
            settings: RwLock::new(settings),
            home: home.to_owned(),
            site: RwLock::new(None),
        }
    }

    /// This till's own data folder (training's is inside the real one's).
    pub fn data_dir(&self) -> PathBuf {
        self.cache.data_dir().to_owned()
    }

    /// The real till's data folder.
    pub fn home(&self) -> &Path {
        &self.home
    }

    pub fn is_training(&self) -> bool {
        self.kind == TillKind::Training
    }

    /// The training sandbox's address, while training runs.
    pub fn sandbox_url(&self) -> Option<String> {
        self.training.as_ref().map(RunningSandbox::base_url)
    }

    /// What the counter knows of each platform's reachability.
    pub fn links(&self) -> &Links {
        &self.links
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

    /// How many orders the cache holds.
    pub fn order_count(&self) -> Result<u64, CounterError> {
        Ok(self.cache.order_count()?)
    }

    /// What the cache holds and what it costs on disk.
    pub fn cache_stats(&self) -> Result<crate::cache::CacheStats, CounterError> {
        Ok(self.cache.stats()?)
    }
}
