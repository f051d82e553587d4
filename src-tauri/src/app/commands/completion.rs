//! Completing an order. The window polls [`super::order_details`] while
//! this runs, to show the completion's live state from the journal.

use serde::Serialize;
use tauri::State;

use crate::app::error::IpcError;
use crate::app::state::AppState;
use crate::completion::{Policy, State as CompletionState};
use crate::counter::{CompletionInput, OrderView};
use crate::domain::{Actor, Platform};

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompletionResult {
    pub state: CompletionState,
    /// What happened and what to do next.
    pub message: String,
    pub request_id: String,
    /// Another window or till holds this completion and carries it on.
    pub elsewhere: bool,
    pub view: OrderView,
}

/// Completes the order on its platform (or continues its completion), as
/// the signed-in operator.
#[tauri::command]
#[specta::specta]
pub async fn complete_order(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
) -> Result<CompletionResult, IpcError> {
    let operator = state.operator()?;
    let counter = state.counter()?;
    let actor = Actor {
        operator_id: Some(operator.id),
        operator: operator.name.clone(),
        workstation: counter.workstation(),
    };
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
        elsewhere: outcome.elsewhere,
        view: counter.order_view(platform, &id, counter.settings().language())?,
    })
}
