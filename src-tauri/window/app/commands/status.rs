//! What the window shows before anything is asked: the till's state, the
//! platforms' reachability, and the start-up signal used to time a cold start.

use serde::Serialize;
use tauri::{AppHandle, State};

use crate::app::error::IpcError;
use crate::app::state::AppState;
use box_office::counter::PlatformLink;
use box_office::domain::Platform;
use box_office::operators::Operator;
use box_office::settings::Language;
use box_office::tickets::Stock;

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
    /// The window's language: the setting, else the system's.
    pub language: Language,
    /// The counter has no manager yet: the first run creates one.
    pub needs_first_manager: bool,
    pub signed_in: Option<Operator>,
    pub idle_lock_minutes: u32,
    pub printer: Option<String>,
    pub stock: Stock,
    pub workstation: String,
    /// Every platform heard of, online or not.
    pub links: Vec<PlatformLink>,
    /// The platforms this counter has a connection for (all three in
    /// training mode): Enter may ask Afisha only when Afisha is one.
    pub connected: Vec<Platform>,
}

#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    let counter = state.counter().ok();
    let counter = counter.as_deref();
    let settings = counter.map(|c| c.settings()).unwrap_or_default();
    Ok(AppStatus {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        training: state.training(),
        sandbox_url: counter.and_then(|c| c.sandbox_url()),
        data_dir: counter.map_or_else(
            || state.home.display().to_string(),
            |c| c.data_dir().display().to_string(),
        ),
        order_count: match counter {
            Some(c) => u32::try_from(c.order_count()?).unwrap_or(u32::MAX),
            None => 0,
        },
        startup_error: state.startup_error(),
        language: settings.language(),
        needs_first_manager: match counter {
            Some(c) => c.needs_first_manager()?,
            None => false,
        },
        signed_in: state.current(),
        idle_lock_minutes: settings.idle_lock_minutes,
        printer: settings.printer.clone(),
        stock: settings.stock,
        workstation: settings.workstation.clone(),
        links: counter.map(|c| c.links().all()).unwrap_or_default(),
        connected: match counter {
            Some(c) => c.connected_platforms()?,
            None => Vec::new(),
        },
    })
}

/// The platforms' reachability as last heard (the status bar polls this).
#[tauri::command]
#[specta::specta]
pub fn platform_links(state: State<'_, AppState>) -> Result<Vec<PlatformLink>, IpcError> {
    Ok(state.counter()?.links().all())
}

/// Asks every platform now (the status bar's "check again").
#[tauri::command]
#[specta::specta]
pub async fn check_platforms(state: State<'_, AppState>) -> Result<Vec<PlatformLink>, IpcError> {
    Ok(state.counter()?.probe_links().await?)
}

/// The screen is drawn and takes input: logged with the time since the
/// process started, the cold-start figure `tests/perf/startup.py` reads.
/// With `BOX_OFFICE_EXIT_WHEN_READY` set the app then quits, so a cold
/// start can be timed as a whole process.
#[tauri::command]
#[specta::specta]
pub fn ui_ready(app: AppHandle, state: State<'_, AppState>) {
    let ms = state.started.elapsed().as_millis();
    tracing::info!(ms, "window ready");
    eprintln!("box-office: window ready after {ms} ms");
    crate::app::memory::release_freed();
    if std::env::var_os("BOX_OFFICE_EXIT_WHEN_READY").is_some() {
        app.exit(0);
    }
}
