//! Completing an order, and a manager's decision on a completion that needs
//! attention. The window polls [`super::order_details`] while a completion
//! runs, to show its live state from the journal.

use serde::Serialize;
use tauri::State;

use crate::app::error::IpcError;
use crate::app::state::{AppState, ManagerPinInput, manager_pin};
use box_office::completion::{Outcome, Policy, State as CompletionState};
use box_office::counter::{CompletionInput, Counter, OrderView};
use box_office::domain::Platform;

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

fn result(c: &Counter, outcome: Outcome) -> Result<CompletionResult, IpcError> {
    let (platform, id) = (outcome.entry.platform, outcome.entry.order_id.clone());
    Ok(CompletionResult {
        state: outcome.entry.state,
        message: outcome.entry.message.clone().unwrap_or_default(),
        request_id: outcome.entry.request_id.to_string(),
        elsewhere: outcome.elsewhere,
        view: c.order_view(platform, &id, c.settings().language())?,
    })
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
    let asker = state.asker()?;
    let c = state.counter()?;
    let outcome = c
        .complete(
            &asker,
            platform,
            &id,
            &CompletionInput::default(),
            Policy::default(),
        )
        .await?;
    result(&c, outcome)
}

/// A manager, with a PIN and a written reason, sends a completion that
/// needs attention again with its Request-ID.
#[tauri::command]
#[specta::specta]
pub async fn send_completion_again(
    state: State<'_, AppState>,
    completion: crate::app::Id,
    reason: String,
    manager: ManagerPinInput,
) -> Result<CompletionResult, IpcError> {
    let asker = state.asker()?;
    let c = state.counter()?;
    let (mid, pin) = manager.into_parts()?;
    let outcome = c
        .send_again(
            &asker,
            &manager_pin(mid, &pin),
            completion.0,
            &reason,
            Policy::default(),
        )
        .await?;
    result(&c, outcome)
}

/// A manager, with a PIN and a written reason, sets aside a completion that
/// needs attention; the order shows as it now stands.
#[tauri::command]
#[specta::specta]
pub fn set_aside_completion(
    state: State<'_, AppState>,
    completion: crate::app::Id,
    reason: String,
    manager: ManagerPinInput,
) -> Result<OrderView, IpcError> {
    let asker = state.asker()?;
    let c = state.counter()?;
    let (mid, pin) = manager.into_parts()?;
    let entry = c.set_aside(&asker, &manager_pin(mid, &pin), completion.0, &reason)?;
    Ok(c.order_view(entry.platform, &entry.order_id, c.settings().language())?)
}
