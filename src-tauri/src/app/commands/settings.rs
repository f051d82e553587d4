//! The Settings screen: the till's settings, its platform connections
//! (secrets go to the OS keyring and never come back to the screen) and,
//! for managers, its operators. Changing anything but the language needs a
//! signed-in manager; adding, removing and unlocking operators also needs
//! that manager's PIN again.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::app::Id;
use crate::app::error::IpcError;
use crate::app::state::{AppState, Secret};
use crate::domain::{Currency, Platform};
use crate::operators::{Operator, Role};
use crate::providers::{Credentials, Profile};
use crate::settings::{Language, Settings};

#[tauri::command]
#[specta::specta]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, IpcError> {
    Ok(state.counter()?.settings())
}

#[tauri::command]
#[specta::specta]
pub fn save_settings(state: State<'_, AppState>, settings: Settings) -> Result<Settings, IpcError> {
    state.manager()?;
    Ok(state.counter()?.save_settings(&settings)?)
}

/// The window's language, which any operator may switch.
#[tauri::command]
#[specta::specta]
pub fn set_language(state: State<'_, AppState>, language: Language) -> Result<Settings, IpcError> {
    let c = state.counter()?;
    let s = Settings {
        language: Some(language),
        ..c.settings()
    };
    Ok(c.save_settings(&s)?)
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
    let c = state.counter()?;
    let profiles = c.profiles();
    Ok(profiles
        .list()?
        .into_iter()
        .map(|p| Connection {
            stored: profiles.load(&p.name).is_ok(),
            profile: p,
        })
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
    state.manager()?;
    let c = state.counter()?;
    let n = connection;
    let currency: Currency = match filled(n.currency) {
        Some(code) => code
            .parse()
            .map_err(|e| crate::counter::CounterError::InvalidInput(format!("{e}")))?,
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
    state.operator()?;
    Ok(state.counter()?.test_profile(&name).await?)
}

/// Removes the connection, its secrets and the orders cached through it;
/// returns how many orders went.
#[tauri::command]
#[specta::specta]
pub fn remove_connection(state: State<'_, AppState>, name: String) -> Result<u32, IpcError> {
    state.manager()?;
    let n = state.counter()?.remove_profile(&name)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

#[tauri::command]
#[specta::specta]
pub fn operators(state: State<'_, AppState>) -> Result<Vec<Operator>, IpcError> {
    state.manager()?;
    Ok(state.counter()?.operator_list()?)
}

#[tauri::command]
#[specta::specta]
pub fn add_operator(
    state: State<'_, AppState>,
    name: String,
    role: Role,
    pin: Secret,
    manager_pin: Secret,
) -> Result<Operator, IpcError> {
    let manager = state.manager()?;
    let c = state.counter()?;
    let approval = c.approve(manager.id, &manager_pin.pin()?)?;
    Ok(c.operators().add(
        &approval,
        &name,
        role,
        &pin.pin()?,
        &c.workstation(),
        Utc::now(),
    )?)
}

#[tauri::command]
#[specta::specta]
pub fn remove_operator(
    state: State<'_, AppState>,
    operator_id: Id,
    manager_pin: Secret,
) -> Result<(), IpcError> {
    let manager = state.manager()?;
    let c = state.counter()?;
    let approval = c.approve(manager.id, &manager_pin.pin()?)?;
    Ok(c.operators()
        .remove(&approval, operator_id.0, &c.workstation(), Utc::now())?)
}

#[tauri::command]
#[specta::specta]
pub fn unlock_operator(
    state: State<'_, AppState>,
    operator_id: Id,
    manager_pin: Secret,
) -> Result<Operator, IpcError> {
    let manager = state.manager()?;
    let c = state.counter()?;
    let approval = c.approve(manager.id, &manager_pin.pin()?)?;
    Ok(c.operators()
        .unlock(&approval, operator_id.0, &c.workstation(), Utc::now())?)
}
