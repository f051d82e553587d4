//! Who is at the counter: the operators to choose from, the first manager,
//! signing in and out, and a manager's PIN entered for a cashier's reprint.

use tauri::State;

use crate::app::error::IpcError;
use crate::app::state::{AppState, Secret};
use crate::operators::Operator;

/// The operators to choose from at sign-in.
#[tauri::command]
#[specta::specta]
pub fn sign_in_choices(state: State<'_, AppState>) -> Result<Vec<Operator>, IpcError> {
    Ok(state.counter()?.operator_list()?)
}

/// The first run: creates the counter's first manager and signs them in.
#[tauri::command]
#[specta::specta]
pub fn create_first_manager(
    state: State<'_, AppState>,
    name: String,
    pin: Secret,
) -> Result<Operator, IpcError> {
    let op = state.counter()?.add_first_manager(&name, &pin.pin()?)?;
    state.sign_in(op.clone());
    Ok(op)
}

#[tauri::command]
#[specta::specta]
pub fn sign_in(
    state: State<'_, AppState>,
    operator_id: crate::app::Id,
    pin: Secret,
) -> Result<Operator, IpcError> {
    let op = state.counter()?.sign_in(operator_id.0, &pin.pin()?)?;
    state.sign_in(op.clone());
    Ok(op)
}

#[tauri::command]
#[specta::specta]
pub fn sign_out(state: State<'_, AppState>) {
    state.sign_out();
}
