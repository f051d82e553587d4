//! Completing an order, and asking Afisha for its current state.

use serde::Serialize;
use tauri::State;

use super::orders::{cached, view};
use crate::app::error::{ErrorCode, IpcError};
use crate::app::state::AppState;
use crate::app::views::OrderView;
use crate::completion::State as CompletionState;
use crate::domain::Platform;
use crate::providers::afisha::{AfishaClient, request};

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
    let cache = state.cache()?;
    let order = cached(cache, platform, &id)?;
    let (profile, credentials) = state.connection(platform, &id)?;
    let outcome = state
        .completer()?
        .complete(&profile, &credentials, &order, None)
        .await?;
    Ok(CompletionResult {
        state: outcome.entry.state,
        message: outcome.entry.message.clone().unwrap_or_default(),
        request_id: outcome.entry.request_id.to_string(),
        view: view(cache, platform, &id)?,
    })
}

/// Asks Afisha for the order as it stands now, and caches the answer.
#[tauri::command]
#[specta::specta]
pub async fn refresh_order(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
) -> Result<OrderView, IpcError> {
    if platform != Platform::Afisha {
        return Err(IpcError::new(
            ErrorCode::NotCompletable,
            "Only Afisha orders are fetched; Vista and Paciolan orders are completed.",
        ));
    }
    let cache = state.cache()?;
    let known = cache.get_order(platform, &id)?;
    let (profile, credentials) = state.connection(platform, &id)?;
    let client = AfishaClient::new(state.http.clone(), profile.clone(), credentials);
    let req = match &known {
        Some(o) => request::for_order(o),
        None => request::lookup(&id),
    };
    let order = client.order_info(&req, known.as_ref()).await?;
    cache.put_order(&order, Some(&profile.name))?;
    view(cache, platform, &order.id)
}
