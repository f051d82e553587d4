//! The Settings screen: the till's settings, its platform connections
//! (secrets go to the OS keyring and never come back to the screen) and,
//! for managers, its operators. Changing anything but the language needs a
//! signed-in manager; removing a connection and adding, removing and
//! unlocking operators also need a manager's PIN entered for the act.

use serde::{Deserialize, Serialize};
use tauri::State;

use crate::app::Id;
use crate::app::error::IpcError;
use crate::app::state::{AppState, ManagerPinInput, Secret, manager_pin};
use box_office::counter::{OperatorRef, Removal};
use box_office::domain::{Currency, Platform};
use box_office::operators::{Operator, Role};
use box_office::providers::{Credentials, Profile};
use box_office::settings::{Language, Settings};

#[tauri::command]
#[specta::specta]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, IpcError> {
    Ok(state.counter()?.settings())
}

/// The settings as saved, and what a shorter retention removed at once
/// (with the orders it kept, and why).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsSaved {
    pub settings: Settings,
    pub purged: Option<Removal>,
}

#[tauri::command]
#[specta::specta]
pub fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<SettingsSaved, IpcError> {
    let asker = state.asker()?;
    let (settings, purged) = state.counter()?.save_settings(&asker, &settings)?;
    Ok(SettingsSaved { settings, purged })
}

/// The window's language, which anyone at the till may switch.
#[tauri::command]
#[specta::specta]
pub fn set_language(state: State<'_, AppState>, language: Language) -> Result<Settings, IpcError> {
    Ok(state.counter()?.set_language(language)?)
}

/// A connection as the screen lists it: never its secrets.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub profile: Profile,
    /// Its secrets are in the OS keyring.
    pub stored: bool,
}

#[tauri::command]
#[specta::specta]
pub fn connections(state: State<'_, AppState>) -> Result<Vec<Connection>, IpcError> {
    Ok(state
        .counter()?
        .connections()?
        .into_iter()
        .map(|(profile, stored)| Connection { profile, stored })
        .collect())
}

/// A new connection as typed in Settings.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewConnection {
    pub name: String,
    pub platform: Platform,
    pub display_name: Option<String>,
    pub base_url: String,
    pub region_code: Option<String>,
    pub application_id: Option<String>,
    pub channel_code: Option<String>,
    pub partner_id: Option<String>,
    pub currency: Option<String>,
    pub time_zone: Option<String>,
    pub bearer_token: Secret,
    pub api_key: Option<Secret>,
}

fn filled(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

#[tauri::command]
#[specta::specta]
pub fn add_connection(
    state: State<'_, AppState>,
    connection: NewConnection,
) -> Result<Connection, IpcError> {
    let (c, _) = state.manager()?;
    let n = connection;
    let currency: Currency = match filled(n.currency) {
        Some(code) => code
            .parse()
            .map_err(|e| box_office::counter::CounterError::InvalidInput(format!("{e}")))?,
        None => iso_currency::Currency::USD.into(),
    };
    let name = n.name.trim().to_owned();
    let profile = Profile {
        display_name: filled(n.display_name).unwrap_or_else(|| name.clone()),
        name,
        platform: n.platform,
        base_url: n.base_url.trim().to_owned(),
        region_code: filled(n.region_code),
        application_id: filled(n.application_id),
        channel_code: filled(n.channel_code),
        partner_id: filled(n.partner_id),
        currency,
        time_zone: filled(n.time_zone),
    };
    let credentials = Credentials {
        bearer_token: n.bearer_token.into_sensitive(),
        api_key: n.api_key.map(Secret::into_sensitive),
    };
    c.add_profile(&profile, &credentials)?;
    Ok(Connection {
        profile,
        stored: true,
    })
}

/// Reaches the platform with the connection's credentials.
#[tauri::command]
#[specta::specta]
pub async fn test_connection(state: State<'_, AppState>, name: String) -> Result<String, IpcError> {
    let (c, _) = state.operator()?;
    Ok(c.test_profile(&name).await?)
}

/// A manager removes the connection with a PIN: its secrets leave the
/// keyring, and its cached orders go but those that still matter (the
/// answer lists them, with why).
#[tauri::command]
#[specta::specta]
pub fn remove_connection(
    state: State<'_, AppState>,
    name: String,
    manager: ManagerPinInput,
) -> Result<Removal, IpcError> {
    let asker = state.asker()?;
    let (mid, pin) = manager.into_parts()?;
    Ok(state
        .counter()?
        .remove_connection(&asker, &manager_pin(mid, &pin), &name)?)
}

#[tauri::command]
#[specta::specta]
pub fn operators(state: State<'_, AppState>) -> Result<Vec<Operator>, IpcError> {
    let (c, _) = state.manager()?;
    Ok(c.operator_list()?)
}

#[tauri::command]
#[specta::specta]
pub fn add_operator(
    state: State<'_, AppState>,
    name: String,
    role: Role,
    pin: Secret,
    manager: ManagerPinInput,
) -> Result<Operator, IpcError> {
    let asker = state.asker()?;
    let (mid, mpin) = manager.into_parts()?;
    Ok(state
        .counter()?
        .add_operator(&asker, &manager_pin(mid, &mpin), &name, role, &pin.pin()?)?)
}

#[tauri::command]
#[specta::specta]
pub fn remove_operator(
    state: State<'_, AppState>,
    operator_id: Id,
    manager: ManagerPinInput,
) -> Result<(), IpcError> {
    let asker = state.asker()?;
    let (mid, pin) = manager.into_parts()?;
    state.counter()?.remove_operator(
        &asker,
        &manager_pin(mid, &pin),
        OperatorRef::Id(operator_id.0),
    )?;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub fn unlock_operator(
    state: State<'_, AppState>,
    operator_id: Id,
    manager: ManagerPinInput,
) -> Result<Operator, IpcError> {
    let asker = state.asker()?;
    let (mid, pin) = manager.into_parts()?;
    Ok(state.counter()?.unlock_operator(
        &asker,
        &manager_pin(mid, &pin),
        OperatorRef::Id(operator_id.0),
    )?)
}
