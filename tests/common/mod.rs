//! Shared by the integration tests: an in-process sandbox, a cache in a
//! temporary directory, and profiles with the sandbox's training credentials.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use box_office::cache::Cache;
use box_office::completion::{Completer, Policy};
use box_office::domain::{Actor, Order, Platform};
use box_office::providers::{Credentials, Profile, http};
use box_office::sandbox::{self, RunningSandbox, SandboxConfig};
use box_office::training;

pub mod cli;
pub mod site;

pub struct World {
    pub sandbox: RunningSandbox,
    pub cache: Cache,
    _dir: tempfile::TempDir,
}

pub async fn world(config: SandboxConfig) -> World {
    let sandbox = sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open_in(dir.path()).unwrap();
    for s in &sandbox.catalogue().orders {
        cache.put_order(&s.order, Some("training")).unwrap();
    }
    World {
        sandbox,
        cache,
        _dir: dir,
    }
}

pub fn profile(w: &World, platform: Platform) -> Profile {
    training::profile(&w.sandbox, platform)
}

pub fn credentials(platform: Platform) -> Credentials {
    training::credentials(platform)
}

/// Quick polling so tests do not wait on production timings.
pub fn fast_policy() -> Policy {
    Policy {
        poll_first: Duration::from_millis(20),
        poll_max: Duration::from_millis(100),
        overall: Duration::from_secs(15),
        reconcile_grace: Duration::from_secs(2),
        ..Policy::default()
    }
}

/// The operator and till the tests act as.
pub fn actor() -> Actor {
    Actor::system("test-till")
}

pub fn completer(w: &World) -> Completer<'_> {
    let http = http::client(http::Timeouts {
        connect: Duration::from_secs(2),
        request: Duration::from_secs(5),
    });
    Completer::new(&w.cache, http, fast_policy())
}

pub fn order(w: &World, platform: Platform, id: &str) -> Order {
    w.cache
        .get_order(platform, id)
        .unwrap()
        .expect("seeded order")
}
