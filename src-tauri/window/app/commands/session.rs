//! Who is at the counter: the operators to choose from, the first manager,
//! signing in and out, and the switch between training and the real till.

use tauri::State;

use crate::app::error::IpcError;
use crate::app::state::{AppState, ManagerPinInput, Secret, manager_pin};
use box_office::operators::Operator;

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
pub async fn sign_in(
    state: State<'_, AppState>,
    operator_id: crate::app::Id,
    pin: Secret,
) -> Result<Operator, IpcError> {
    // In site mode the site checks the PIN: off the window's thread.
    let counter = state.counter()?;
    let pin = pin.pin()?;
    let op = tokio::task::spawn_blocking(move || counter.sign_in(operator_id.0, &pin))
        .await
        .map_err(|e| {
            IpcError::new(
                crate::app::error::ErrorCode::OperatorRefused,
                format!("the sign-in stopped unexpectedly: {e}"),
            )
        })??;
    state.sign_in(op.clone());
    Ok(op)
}

#[tauri::command]
#[specta::specta]
pub fn sign_out(state: State<'_, AppState>) {
    state.sign_out();
}

/// A manager switches the till into training, or out of it, with a PIN
/// (recorded in the real till's print log). The window reopens on the
/// other till: its own database, settings and connections; whoever was
/// signed in is signed out.
#[tauri::command]
#[specta::specta]
pub async fn switch_training(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    manager: ManagerPinInput,
) -> Result<(), IpcError> {
    let asker = state.asker()?;
    let c = state.counter()?;
    let (mid, pin) = manager.into_parts()?;
    if c.is_training() {
        c.leave_training(&asker, &manager_pin(mid, &pin))?;
    } else {
        c.start_training(&asker, &manager_pin(mid, &pin))?;
    }
    // The old till stops before the new one opens: training's sandbox and
    // the real till's connections are never open side by side.
    drop(c);
    state.reopen(Err(IpcError::new(
        crate::app::error::ErrorCode::DatabaseUnavailable,
        "the till is reopening",
    )));
    let next = crate::app::open_counter(&state.home).await;
    state.reopen(next);
    crate::app::resume_unfinished(app);
    Ok(())
}
