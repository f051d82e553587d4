//! The sandbox's own control surface under `/_sandbox/`: no platform has it.
//! Trainers and tests use it to list the repertoire, turn faults on and off,
//! and read the ledger of completions.

use std::sync::Arc;

use axum::Json;
use axum::extract::State as AxState;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::faults::Faults;
use super::state::{Ledger, State};

type St = AxState<Arc<State>>;

/// What can be changed while the sandbox runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub pending_polls: u32,
    pub faults: Faults,
}

pub async fn health() -> &'static str {
    "ok"
}

pub async fn catalogue(AxState(state): St) -> Response {
    // Serialised by hand so Paciolan carts keep their exact amounts.
    match serde_json::to_string(&state.catalogue) {
        Ok(text) => (
            StatusCode::OK,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            text,
        )
            .into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

pub async fn get_settings(AxState(state): St) -> Json<Settings> {
    let inner = state.lock();
    Json(Settings {
        pending_polls: inner.pending_polls,
        faults: inner.faults.clone(),
    })
}

pub async fn put_settings(AxState(state): St, Json(s): Json<Settings>) -> Json<Settings> {
    let mut inner = state.lock();
    inner.pending_polls = s.pending_polls;
    inner.faults = s.faults.clone();
    Json(s)
}

pub async fn ledger(AxState(state): St) -> Json<Ledger> {
    Json(state.ledger())
}

/// One order told how to behave from now on.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetBehaviour {
    pub platform: crate::domain::Platform,
    pub order: String,
    pub behaviour: crate::sandbox::catalogue::Behaviour,
}

pub async fn put_behaviour(AxState(state): St, Json(b): Json<SetBehaviour>) -> Json<SetBehaviour> {
    state.set_behaviour(b.platform, &b.order, b.behaviour.clone());
    Json(b)
}
