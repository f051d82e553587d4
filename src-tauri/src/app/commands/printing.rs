//! Printing from the window: to the till's printer, as a PDF, again as a
//! reprint, a test page, and the printers CUPS offers. The rules (what is an
//! original, who may reprint) are the core's; the signed-in operator is
//! this window's.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::app::Id;
use crate::app::error::IpcError;
use crate::app::state::{AppState, Secret};
use crate::counter::{OrderView, PrintReport, PrintRequest, PrintTo, ReprintRequest};
use crate::domain::Platform;
use crate::printing::PrinterInfo;
use crate::printlog::ReprintReason;
use crate::tickets::Stock;

/// What a print did, and the order as it now stands (its copies counted).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Printed {
    pub report: PrintReport,
    pub view: OrderView,
}

/// A manager's PIN entered on the spot for a cashier's reprint.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ManagerPin {
    pub manager_id: Id,
    pub pin: Secret,
}

fn printed(
    state: &AppState,
    platform: Platform,
    id: &str,
    report: PrintReport,
) -> Result<Printed, IpcError> {
    let c = state.counter()?;
    Ok(Printed {
        report,
        view: c.order_view(platform, id, c.settings().language())?,
    })
}

/// Prints the order's tickets not printed yet (or `tickets`) on the till's
/// printer and stock.
#[tauri::command]
#[specta::specta]
pub async fn print_order(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
    tickets: Option<Vec<String>>,
) -> Result<Printed, IpcError> {
    let operator = state.operator()?;
    let c = state.counter()?;
    let settings = c.settings();
    let req = PrintRequest {
        tickets,
        to: PrintTo::Printer(c.printer_or_setting(None)?),
        stock: settings.stock,
    };
    let report = c.print(&operator, platform, &id, &req).await?;
    printed(&state, platform, &id, report)
}

/// Where the window saves PDFs: the data folder's `tickets`, one file per
/// save, named after the order.
fn pdf_path(
    state: &AppState,
    platform: Platform,
    number: &str,
    stock: Stock,
) -> std::path::PathBuf {
    let safe: String = number
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    state.data_dir.join("tickets").join(format!(
        "{platform}-{safe}-{}-{}.pdf",
        stock.name(),
        Utc::now().format("%Y%m%dT%H%M%S%3f")
    ))
}

/// Saves the tickets not printed yet as a PDF: it counts as their print,
/// so printing them afterwards is a reprint.
#[tauri::command]
#[specta::specta]
pub async fn save_pdf(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
    tickets: Option<Vec<String>>,
) -> Result<Printed, IpcError> {
    let operator = state.operator()?;
    let c = state.counter()?;
    let stock = c.settings().stock;
    let number = c.cached_order(platform, &id)?.display_number().to_owned();
    let req = PrintRequest {
        tickets,
        to: PrintTo::Pdf(pdf_path(&state, platform, &number, stock)),
        stock,
    };
    let report = c.print(&operator, platform, &id, &req).await?;
    printed(&state, platform, &id, report)
}

/// Prints tickets again with the reason: a manager alone, a cashier with a
/// manager's PIN. `to_pdf` saves the reprint instead of printing it.
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub async fn reprint_tickets(
    state: State<'_, AppState>,
    platform: Platform,
    id: String,
    tickets: Vec<String>,
    reason: ReprintReason,
    note: Option<String>,
    manager: Option<ManagerPin>,
    to_pdf: bool,
) -> Result<Printed, IpcError> {
    let operator = state.operator()?;
    let c = state.counter()?;
    let approval = match manager {
        Some(m) => Some(c.approve(m.manager_id.0, &m.pin.pin()?)?),
        None => None,
    };
    let stock = c.settings().stock;
    let to = if to_pdf {
        let number = c.cached_order(platform, &id)?.display_number().to_owned();
        PrintTo::Pdf(pdf_path(&state, platform, &number, stock))
    } else {
        PrintTo::Printer(c.printer_or_setting(None)?)
    };
    let req = ReprintRequest {
        tickets,
        reason,
        note,
        to,
        stock,
    };
    let report = c
        .reprint(&operator, approval.as_ref(), platform, &id, &req)
        .await?;
    printed(&state, platform, &id, report)
}

/// The printers CUPS offers, with their state.
#[tauri::command]
#[specta::specta]
pub async fn printers(state: State<'_, AppState>) -> Result<Vec<PrinterInfo>, IpcError> {
    Ok(state.counter()?.printers().await?)
}

/// The stocks a counter can print on.
#[tauri::command]
#[specta::specta]
pub fn stocks() -> Vec<Stock> {
    Stock::ALL.to_vec()
}

/// Prints a test page on `printer` and `stock`.
#[tauri::command]
#[specta::specta]
pub async fn print_test_page(
    state: State<'_, AppState>,
    printer: String,
    stock: Stock,
) -> Result<String, IpcError> {
    state.operator()?;
    Ok(state.counter()?.test_page(&printer, stock).await?)
}
