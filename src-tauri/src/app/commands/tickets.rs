//! Turning an order into its PDF: the same renderer as `box-office render`.

use chrono::Utc;
use serde::Serialize;
use tauri::State;

use super::orders::cached;
use crate::app::error::{ErrorCode, IpcError};
use crate::app::state::AppState;
use crate::domain::Platform;
use crate::tickets::{RenderOptions, Stock, render_order};

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedPdf {
    pub path: String,
    pub pages: u32,
    /// Tickets left out, each with why.
    pub refused: Vec<String>,
}

/// The stocks a counter can print on, by name (`thermal-80`, `boca`, ...).
#[tauri::command]
#[specta::specta]
pub fn stocks() -> Vec<String> {
    Stock::ALL.iter().map(|s| s.name().to_owned()).collect()
}

/// Renders the order's tickets and saves the PDF in the data directory's
/// `tickets` folder, named after the order.
#[tauri::command]
#[specta::specta]
pub async fn save_pdf(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
    stock: String,
) -> Result<SavedPdf, IpcError> {
    let counter = state.counter()?;
    let order = cached(&counter.cache, platform, &id)?;
    let stock: Stock = stock.parse()?;
    let rendered = render_order(
        &order,
        &RenderOptions {
            stock,
            reprint: None,
        },
    )?;
    let dir = state.data_dir.join("tickets");
    let safe: String = order
        .display_number()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = dir.join(format!(
        "{}-{safe}-{}-{}.pdf",
        platform,
        stock.name(),
        Utc::now().format("%Y%m%dT%H%M%S")
    ));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, &rendered.pdf))
        .map_err(|e| {
            IpcError::new(
                ErrorCode::PrintFailed,
                format!("Cannot save the PDF in {}: {e}", dir.display()),
            )
        })?;
    Ok(SavedPdf {
        path: path.display().to_string(),
        pages: u32::try_from(rendered.pages).unwrap_or(u32::MAX),
        refused: rendered.refused.iter().map(|r| r.message()).collect(),
    })
}
