//! The desktop shell: the only code that knows Tauri. It opens the till
//! (training's or the real one, as [`Counter::open_till`] decides),
//! registers the commands and opens the counter window. Everything it calls
//! is core code that runs and is tested without a window.

pub mod bindings;
mod commands;
pub mod engine;
pub use box_office::ipc as error;
mod memory;
mod state;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

use box_office::completion::Policy;
use box_office::counter::Counter;

use error::IpcError;
use state::AppState;

/// A database id from the window (operators): a plain number in
/// TypeScript, far below 2^53.
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct Id(#[specta(type = specta_typescript::Number)] pub i64);

/// How often the platforms are probed while the window is open
/// (`BOX_OFFICE_PROBE_SECONDS` changes it, for tests and slow links).
fn probe_every() -> Duration {
    let secs = std::env::var("BOX_OFFICE_PROBE_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(15);
    Duration::from_secs(secs)
}

/// Opens the counter window and runs until it is closed.
pub fn launch(data_dir: Option<PathBuf>) -> ExitCode {
    let started = Instant::now();
    let specta = bindings::builder();
    let result = tauri::Builder::default()
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let data_dir = match data_dir {
                Some(d) => d,
                None => app.path().app_data_dir()?,
            };
            let counter = tauri::async_runtime::block_on(open_counter(&data_dir));
            app.manage(AppState::new(data_dir, counter, started));
            resume_unfinished(app.handle().clone());
            keep_up(app.handle().clone());
            keep_up_with_site(app.handle().clone());
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Box Office")
                .inner_size(1280.0, 820.0)
                .min_inner_size(960.0, 640.0)
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Box Office could not open its window: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the till of the data folder `home`: training's or the real one.
pub(crate) async fn open_counter(home: &std::path::Path) -> Result<Counter, IpcError> {
    let counter = Counter::open_till(home).await.map_err(IpcError::from);
    if let Err(e) = &counter {
        tracing::error!(error = %e.message, "the till could not open");
    }
    counter
}

/// The window's background upkeep: the platforms probed every few seconds
/// (so the status bar is right without a cashier's request failing first),
/// and expired orders purged at start and once a day.
fn keep_up(handle: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        let state = handle.state::<AppState>();
        let every = probe_every();
        let mut last_purge: Option<Instant> = None;
        loop {
            // The till of the moment: the window may have reopened on the
            // other one since the last round.
            if let Ok(counter) = state.counter() {
                if last_purge.is_none_or(|t| t.elapsed() > Duration::from_secs(24 * 3600)) {
                    match counter.purge_expired() {
                        Ok(r) if r.removed > 0 || !r.kept.is_empty() => {
                            tracing::info!(
                                removed = r.removed,
                                kept = r.kept.len(),
                                "retention: {}",
                                r.summary()
                            )
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "could not purge expired orders"),
                    }
                    last_purge = Some(Instant::now());
                }
                if let Err(e) = counter.probe_links().await {
                    tracing::warn!(error = %e, "could not probe the platforms");
                }
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// How often the window has a round with the site in site mode
/// (`BOX_OFFICE_SITE_SYNC_MS` changes it): what this counter did goes to
/// the site, and what other counters did (prints, operators removed,
/// orders, conflicts acknowledged) arrives within this time.
fn site_every() -> Duration {
    std::env::var("BOX_OFFICE_SITE_SYNC_MS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|ms| *ms >= 100)
        .map_or(Duration::from_secs(2), Duration::from_millis)
}

/// The window's rounds with the site, while the real till has joined one.
/// A signed-in operator removed at the site is signed out at the next
/// round (their next act is refused even before).
fn keep_up_with_site(handle: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        let state = handle.state::<AppState>();
        let every = site_every();
        loop {
            if let Ok(counter) = state.counter()
                && !counter.is_training()
                && counter.site().is_some()
            {
                match counter.site_sync().await {
                    Ok(_) => state.check_signed_in(),
                    Err(e) => tracing::warn!(error = %e, "the round with the site failed"),
                }
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// Continues, in the background, every completion a previous run left
/// unfinished, as the journal promises.
pub(crate) fn resume_unfinished(handle: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        let state = handle.state::<AppState>();
        let Ok(counter) = state.counter() else { return };
        match counter.resume_unfinished(Policy::default()).await {
            Ok(results) => {
                for (entry, result) in results {
                    if let Err(e) = result {
                        tracing::warn!(id = entry.id, error = %e, "could not resume a completion");
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not read the completion journal"),
        }
    });
}
