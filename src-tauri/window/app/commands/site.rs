//! Site mode in the window: the banner's status (for anyone at the
//! counter), and for managers Settings → Site (Test, Join, Leave), the
//! conflicts to acknowledge and the site log's check. Joining, leaving and
//! acknowledging need a manager's PIN entered for the act.

use serde::Deserialize;
use tauri::State;

use crate::app::Id;
use crate::app::error::IpcError;
use crate::app::state::{AppState, ManagerPinInput, Secret, manager_pin};
use box_office::counter::SiteTest;
use box_office::site::{SiteChain, SiteLink, SiteStatus};

/// Where the site is, as a manager types it in Settings → Site.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SiteInput {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub role: String,
    /// This counter's name at the site; empty: the workstation's name.
    pub counter: String,
    /// The role's password: it goes to the OS keyring, never to the site.
    pub password: Secret,
}

impl SiteInput {
    fn into_parts(self) -> (SiteLink, box_office::secrets::Sensitive<String>) {
        let counter = match self.counter.trim() {
            "" => box_office::operators::workstation_name(),
            c => c.to_owned(),
        };
        (
            SiteLink {
                host: self.host.trim().to_owned(),
                port: self.port,
                database: self.database.trim().to_owned(),
                role: self.role.trim().to_owned(),
                counter,
            },
            self.password.into_sensitive(),
        )
    }
}

/// How the site stands (`None`: this counter works alone). Shown to
/// everyone at the counter: the banner says when the site is cut off.
#[tauri::command]
#[specta::specta]
pub fn site_status(state: State<'_, AppState>) -> Result<Option<SiteStatus>, IpcError> {
    let counter = state.counter()?;
    if counter.is_training() {
        return Ok(None);
    }
    Ok(counter.site_status()?)
}

/// A manager's **Test**: the site answers, with this build's schema.
#[tauri::command]
#[specta::specta]
pub async fn site_test(state: State<'_, AppState>, site: SiteInput) -> Result<SiteTest, IpcError> {
    state.manager()?;
    let (link, password) = site.into_parts();
    Ok(box_office::counter::test_site(link, password).await?)
}

/// A manager joins this counter to the site.
#[tauri::command]
#[specta::specta]
pub async fn site_join(
    state: State<'_, AppState>,
    site: SiteInput,
    manager: ManagerPinInput,
) -> Result<SiteStatus, IpcError> {
    let (counter, asker) = state.manager()?;
    let (mid, pin) = manager.into_parts()?;
    let (link, password) = site.into_parts();
    let mp = manager_pin(mid, &pin);
    Ok(counter
        .join_site(Some((&asker, &mp)), link, password)
        .await?)
}

/// A manager takes this counter out of the site.
#[tauri::command]
#[specta::specta]
pub fn site_leave(state: State<'_, AppState>, manager: ManagerPinInput) -> Result<(), IpcError> {
    let (counter, asker) = state.manager()?;
    let (mid, pin) = manager.into_parts()?;
    Ok(counter.leave_site(&asker, &manager_pin(mid, &pin))?)
}

/// A manager acknowledges a conflict (a second original printed while cut
/// off); every counter stops showing it.
#[tauri::command]
#[specta::specta]
pub async fn site_acknowledge(
    state: State<'_, AppState>,
    seq: Id,
    manager: ManagerPinInput,
) -> Result<SiteStatus, IpcError> {
    let (counter, asker) = state.manager()?;
    let (mid, pin) = manager.into_parts()?;
    counter
        .acknowledge_conflict(&asker, &manager_pin(mid, &pin), seq.0.unsigned_abs())
        .await?;
    Ok(counter
        .site_status()?
        .ok_or(box_office::counter::CounterError::Site(
            box_office::site::SiteError::NotJoined,
        ))?)
}

/// Recomputes the site's print-log chain (or this counter's copy of it
/// while the site cannot be reached).
#[tauri::command]
#[specta::specta]
pub async fn verify_site_log(state: State<'_, AppState>) -> Result<Option<SiteChain>, IpcError> {
    let (counter, _) = state.manager()?;
    Ok(counter.verify_site_log().await?)
}
