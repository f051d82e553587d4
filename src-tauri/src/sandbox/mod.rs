//! The training sandbox: one HTTP server on loopback that speaks all three
//! platforms' protocols strictly as their pages specify (headers, bodies,
//! status codes, polling, errors), seeded with a training repertoire, and
//! able to misbehave on purpose (PENDING polls, 207, 429, 500, slow answers,
//! connections dropped after the request was read).
//!
//! The app starts it in-process for training mode; `box-office sandbox` runs
//! it alone for tests and trainers. Besides the platform routes it has a
//! small control surface under `/_sandbox/` (catalogue, faults, ledger) that
//! no real platform has; it is documented as such in `docs/sandbox.md`.

pub mod catalogue;
mod control;
mod faults;
pub mod population;
mod routes;
mod server;
mod state;

use std::net::SocketAddr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use catalogue::{Behaviour, Catalogue, Quirk, SandboxOrder};
pub use faults::Faults;
/// The sandbox's `/order-info` answer for an order (tests compare readers with it).
pub use routes::afisha_response_body as afisha_response;
/// The same, with the seeded order's quirks (absent or undefined fields).
pub use routes::afisha_response_for;
pub use state::Ledger;

/// The credentials the sandbox accepts unless told otherwise. They are public
/// by design: training needs no account.
pub mod training {
    pub const VISTA_TOKEN: &str = "training-vista-token";
    pub const PACIOLAN_TOKEN: &str = "training-paciolan-token";
    pub const PACIOLAN_APPLICATION_ID: &str = "org.boxoffice.training";
    pub const PACIOLAN_API_KEY: &str = "training-paciolan-api-key";
    pub const PACIOLAN_CHANNEL_CODE: &str = "box-office-training";
    pub const AFISHA_TOKEN: &str = "training-afisha-token";
}

/// How the sandbox is set up.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxConfig {
    /// When set, Vista requests must carry this `Connect-Region-Code`.
    pub region: Option<String>,
    /// How many polls a completion stays PENDING before it ends.
    pub pending_polls: u32,
    /// Faults injected at random into every platform request.
    pub faults: Faults,
    /// Seed for the fault dice, so a failing run can be replayed.
    pub seed: u64,
    /// Extra plain Vista and Paciolan orders, for load and fault tests.
    pub bulk: u32,
    pub vista_token: String,
    pub paciolan_token: String,
    pub paciolan_application_id: String,
    pub paciolan_api_key: String,
    pub paciolan_channel_code: String,
    pub afisha_token: String,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            region: None,
            pending_polls: 2,
            faults: Faults::default(),
            seed: 0x5eed,
            bulk: 0,
            vista_token: training::VISTA_TOKEN.to_owned(),
            paciolan_token: training::PACIOLAN_TOKEN.to_owned(),
            paciolan_application_id: training::PACIOLAN_APPLICATION_ID.to_owned(),
            paciolan_api_key: training::PACIOLAN_API_KEY.to_owned(),
            paciolan_channel_code: training::PACIOLAN_CHANNEL_CODE.to_owned(),
            afisha_token: training::AFISHA_TOKEN.to_owned(),
        }
    }
}

/// A sandbox serving on a loopback port until dropped or shut down.
pub struct RunningSandbox {
    addr: SocketAddr,
    state: Arc<state::State>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningSandbox {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the base URL every platform profile uses.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.state.catalogue
    }

    /// What has been completed so far, for tests that count doubles.
    pub fn ledger(&self) -> Ledger {
        self.state.ledger()
    }

    /// Makes order `id` of `platform` behave as `b` from now on.
    pub fn set_behaviour(&self, platform: crate::domain::Platform, id: &str, b: Behaviour) {
        self.state.set_behaviour(platform, id, b);
    }

    /// Stops accepting connections and waits for the accept loop to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Binds `addr` (port 0 picks a free one) and serves the sandbox on the
/// current tokio runtime.
pub async fn start(config: SandboxConfig, addr: SocketAddr) -> std::io::Result<RunningSandbox> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let state = Arc::new(state::State::new(config, chrono::Utc::now()));
    let router = routes::router(state.clone());
    let (tx, rx) = oneshot::channel();
    let task = tokio::spawn(server::serve(listener, router, rx));
    tracing::info!(%addr, "training sandbox listening");
    Ok(RunningSandbox {
        addr,
        state,
        shutdown: Some(tx),
        task: Some(task),
    })
}
