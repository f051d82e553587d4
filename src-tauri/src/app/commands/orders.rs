//! Status, search and order details.

use serde::Serialize;
use tauri::State;

use crate::app::error::{ErrorCode, IpcError};
use crate::app::state::AppState;
use crate::cache::{Cache, OrderSummary};
use crate::completion::Journal;
use crate::counter::OrderView;
use crate::domain::{Order, Platform};

/// How many orders a search or the list returns at most.
const LIST_LIMIT: usize = 200;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub version: String,
    /// True when running against the built-in training sandbox.
    pub training: bool,
    pub sandbox_url: Option<String>,
    pub data_dir: String,
    pub order_count: u32,
    /// Why Box Office cannot work, when it cannot (shown instead of the counter).
    pub startup_error: Option<IpcError>,
}

#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    let order_count = match state.counter() {
        Ok(c) => u32::try_from(c.cache.order_count()?).unwrap_or(u32::MAX),
        Err(_) => 0,
    };
    Ok(AppStatus {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        training: state.training(),
        sandbox_url: state
            .counter()
            .ok()
            .and_then(|c| c.training.as_ref().map(|s| s.base_url())),
        data_dir: state.data_dir.display().to_string(),
        order_count,
        startup_error: state.startup_error(),
    })
}

/// Orders matching what was typed or scanned; all recent orders when empty.
#[tauri::command]
#[specta::specta]
pub async fn search_orders(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<OrderSummary>, IpcError> {
    Ok(state.counter()?.cache.find_orders(&query, LIST_LIMIT)?)
}

/// The cached order, or the error a cashier reads when there is none.
pub fn cached(cache: &Cache, platform: Platform, id: &str) -> Result<Order, IpcError> {
    cache.get_order(platform, id)?.ok_or_else(|| {
        IpcError::new(
            ErrorCode::OrderNotFound,
            format!(
                "No {} order “{id}” is known at this counter.",
                platform.display_name()
            ),
        )
    })
}

/// One cached order with its completion, worded for the counter.
pub fn view(cache: &Cache, platform: Platform, id: &str) -> Result<OrderView, IpcError> {
    let order = cached(cache, platform, id)?;
    let completion = Journal::new(cache).for_order(platform, id)?;
    Ok(OrderView::of(order, completion))
}

#[tauri::command]
#[specta::specta]
pub async fn order_details(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
) -> Result<OrderView, IpcError> {
    view(&state.counter()?.cache, platform, &id)
}
