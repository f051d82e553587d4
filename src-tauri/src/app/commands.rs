//! The commands the window may call. Each is a thin call into the core with
//! its errors mapped to [`IpcError`]; nothing here decides anything.

use serde::Serialize;
use tauri::State;

use super::error::{ErrorCode, IpcError};
use super::state::AppState;
use super::views::OrderView;
use crate::cache::OrderSummary;
use crate::domain::Platform;

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
    let order_count = match state.cache() {
        Ok(c) => u32::try_from(c.order_count()?).unwrap_or(u32::MAX),
        Err(_) => 0,
    };
    Ok(AppStatus {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        training: state.training(),
        sandbox_url: state.sandbox.as_ref().map(|s| s.base_url()),
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
    Ok(state.cache()?.find_orders(&query, LIST_LIMIT)?)
}

/// One cached order, worded for the counter.
#[tauri::command]
#[specta::specta]
pub async fn order_details(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
) -> Result<OrderView, IpcError> {
    match state.cache()?.get_order(platform, &id)? {
        Some(order) => Ok(OrderView::of(order)),
        None => Err(IpcError::new(
            ErrorCode::OrderNotFound,
            format!(
                "No {} order “{id}” is known at this counter.",
                platform.display_name()
            ),
        )),
    }
}
