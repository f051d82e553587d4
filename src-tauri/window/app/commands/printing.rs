//! Printing from the window: to the till's printer, as a PDF, again as a
//! reprint, a test page, and the printers CUPS offers. The rules (what is an
//! original, who may reprint) are the core's; the signed-in operator is
//! this window's.

use chrono::Utc;
use serde::Serialize;
use tauri::State;

use crate::app::error::IpcError;
use crate::app::state::{AppState, ManagerPinInput, manager_pin};
use box_office::counter::{Counter, OrderView, PrintReport, PrintRequest, PrintTo, ReprintRequest};
use box_office::domain::Platform;
use box_office::printing::PrinterInfo;
use box_office::printlog::ReprintReason;
use box_office::tickets::Stock;

/// What a print did, and the order as it now stands (its copies counted).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Printed {
    pub report: PrintReport,
    pub view: OrderView,
}

fn printed(
    c: &Counter,
    platform: Platform,
    id: &str,
    report: PrintReport,
) -> Result<Printed, IpcError> {
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
    manager: Option<ManagerPinInput>,
) -> Result<Printed, IpcError> {
    let asker = state.asker()?;
    let c = state.counter()?;
    let settings = c.settings();
    let req = PrintRequest {
        tickets,
        to: PrintTo::Printer(c.printer_or_setting(None)?),
        stock: settings.stock,
    };
    // A manager's PIN: where a setting asks for one to print an original
    // while the site cannot be reached.
    let manager = manager.map(ManagerPinInput::into_parts).transpose()?;
    let mp = manager.as_ref().map(|(id, pin)| manager_pin(*id, pin));
    let report = c.print(&asker, mp.as_ref(), platform, &id, &req).await?;
    printed(&c, platform, &id, report)
}

/// Where the window saves PDFs: the till's data folder's `tickets`, one
/// file per save, named after the order.
fn pdf_path(c: &Counter, platform: Platform, number: &str, stock: Stock) -> std::path::PathBuf {
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
    c.data_dir().join("tickets").join(format!(
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
    manager: Option<ManagerPinInput>,
) -> Result<Printed, IpcError> {
    let asker = state.asker()?;
    let c = state.counter()?;
    let stock = c.settings().stock;
    let number = c.cached_order(platform, &id)?.display_number().to_owned();
    let req = PrintRequest {
        tickets,
        to: PrintTo::Pdf(pdf_path(&c, platform, &number, stock)),
        stock,
    };
    let manager = manager.map(ManagerPinInput::into_parts).transpose()?;
    let mp = manager.as_ref().map(|(id, pin)| manager_pin(*id, pin));
    let report = c.print(&asker, mp.as_ref(), platform, &id, &req).await?;
    printed(&c, platform, &id, report)
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
    manager: Option<ManagerPinInput>,
    to_pdf: bool,
) -> Result<Printed, IpcError> {
    let asker = state.asker()?;
    let c = state.counter()?;
    let manager = manager.map(ManagerPinInput::into_parts).transpose()?;
    let stock = c.settings().stock;
    let to = if to_pdf {
        let number = c.cached_order(platform, &id)?.display_number().to_owned();
        PrintTo::Pdf(pdf_path(&c, platform, &number, stock))
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
    let pin = manager.as_ref().map(|(mid, pin)| manager_pin(*mid, pin));
    let report = c.reprint(&asker, pin.as_ref(), platform, &id, &req).await?;
    printed(&c, platform, &id, report)
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
    let (c, _) = state.operator()?;
    Ok(c.test_page(&printer, stock).await?)
}
