//! Completing an order, and asking Afisha for its current state.

use serde::Serialize;
use tauri::State;

use super::orders::view;
use crate::app::error::IpcError;
use crate::app::state::AppState;
use crate::completion::{Policy, State as CompletionState};
use crate::counter::CompletionInput;
use crate::counter::OrderView;
use crate::domain::Platform;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompletionResult {
    pub state: CompletionState,
    /// What happened and what to do next.
    pub message: String,
    pub request_id: String,
    pub view: OrderView,
}

/// Completes the order on its platform (or continues its completion).
#[tauri::command]
#[specta::specta]
pub async fn complete_order(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
) -> Result<CompletionResult, IpcError> {
    let counter = state.counter()?;
    let actor = counter.system_actor();
    let outcome = counter
        .complete(
            &actor,
            platform,
            &id,
            &CompletionInput::default(),
            Policy::default(),
        )
        .await?;
    Ok(CompletionResult {
        state: outcome.entry.state,
        message: outcome.entry.message.clone().unwrap_or_default(),
        request_id: outcome.entry.request_id.to_string(),
        view: view(&counter.cache, platform, &id)?,
    })
}

/// Asks the platform for the order as it stands now, and caches the answer.
#[tauri::command]
#[specta::specta]
pub async fn refresh_order(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
) -> Result<OrderView, IpcError> {
    let counter = state.counter()?;
    let order = counter.refresh(platform, &id).await?;
    view(&counter.cache, platform, &order.id)
}
