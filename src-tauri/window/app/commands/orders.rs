//! Finding orders and showing one: the cache first, always; the platform
//! only when asked (Afisha), and the answer says which it was.

use tauri::State;

use crate::app::error::IpcError;
use crate::app::state::AppState;
use box_office::cache::Found;
use box_office::counter::{LookupFilter, OrderView};
use box_office::domain::Platform;

/// How many orders a search returns at most.
const LIST_LIMIT: usize = 200;

/// Cached orders matching what was typed or scanned, under the date and
/// event filter; the filter's orders when the query is empty. Never waits
/// on a platform.
#[tauri::command]
#[specta::specta]
pub fn search_orders(
    state: State<'_, AppState>,
    query: String,
    filter: LookupFilter,
) -> Result<Found, IpcError> {
    // Looking orders up is work at the counter: it needs a signed-in
    // operator and keeps the idle lock away.
    let (c, _) = state.operator()?;
    Ok(c.lookup(&query, &filter, LIST_LIMIT)?)
}

/// One cached order, worded in the window's language.
#[tauri::command]
#[specta::specta]
pub fn order_details(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
) -> Result<OrderView, IpcError> {
    let (c, _) = state.operator()?;
    Ok(c.order_view(platform, &id, c.settings().language())?)
}

/// Asks the platform for the order as it stands now, and caches the answer.
#[tauri::command]
#[specta::specta]
pub async fn refresh_order(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
) -> Result<OrderView, IpcError> {
    let (c, _) = state.operator()?;
    Ok(c.refresh_view(platform, &id, c.settings().language())
        .await?)
}

/// Asks Afisha for an order the cache does not hold (by id, order number
/// or code word), and caches it.
#[tauri::command]
#[specta::specta]
pub async fn ask_afisha(state: State<'_, AppState>, typed: String) -> Result<OrderView, IpcError> {
    let (c, _) = state.operator()?;
    Ok(c.ask_afisha_view(&typed, c.settings().language()).await?)
}
