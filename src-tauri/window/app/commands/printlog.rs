//! The print log for managers: the list with filters, the CSV export and
//! the chain's check.

use serde::Serialize;
use tauri::State;

use crate::app::error::{ErrorCode, IpcError};
use crate::app::state::AppState;
use box_office::printlog::{ChainReport, ControlRecord, PrintLogFilter, PrintRecord};

#[tauri::command]
#[specta::specta]
pub fn print_log(
    state: State<'_, AppState>,
    filter: PrintLogFilter,
) -> Result<Vec<PrintRecord>, IpcError> {
    let (c, _) = state.manager()?;
    Ok(c.print_log(&filter)?)
}

/// The till's controls (training switches, decisions on completions,
/// connections removed, purges), newest first.
#[tauri::command]
#[specta::specta]
pub fn till_controls(state: State<'_, AppState>) -> Result<Vec<ControlRecord>, IpcError> {
    let (c, _) = state.manager()?;
    Ok(c.controls(500)?)
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Exported {
    pub path: String,
    pub rows: u32,
}

/// Writes the filtered log as CSV into the data folder's `exports`.
#[tauri::command]
#[specta::specta]
pub fn export_print_log(
    state: State<'_, AppState>,
    filter: PrintLogFilter,
) -> Result<Exported, IpcError> {
    let (c, _) = state.manager()?;
    let dir = c.data_dir().join("exports");
    let path = dir.join(format!(
        "print-log-{}.csv",
        chrono::Local::now().format("%Y%m%d-%H%M%S")
    ));
    let file = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::File::create(&path))
        .map_err(|e| {
            IpcError::new(
                ErrorCode::PrintLogProblem,
                format!("Cannot write {}: {e}", path.display()),
            )
        })?;
    let rows = c.print_log_csv(&filter, file)?;
    Ok(Exported {
        path: path.display().to_string(),
        rows: u32::try_from(rows).unwrap_or(u32::MAX),
    })
}

/// Recomputes the hash chain and checks it against its anchor.
#[tauri::command]
#[specta::specta]
pub fn verify_print_log(state: State<'_, AppState>) -> Result<ChainReport, IpcError> {
    let (c, _) = state.manager()?;
    Ok(c.verify_print_log()?)
}
