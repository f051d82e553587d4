//! The desktop shell: the only code that knows Tauri. It opens the database,
//! starts training mode when no platform is configured, registers the
//! commands and opens the counter window. Everything it calls is core code
//! that runs and is tested without a window.

pub mod bindings;
mod commands;
pub mod error;
mod state;
mod views;

use std::path::PathBuf;
use std::process::ExitCode;

use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

use crate::cache::Cache;
use crate::completion::Journal;
use crate::providers::http;
use crate::training;

use error::IpcError;
use state::AppState;

/// Opens the counter window and runs until it is closed.
pub fn launch(data_dir: Option<PathBuf>) -> ExitCode {
    let specta = bindings::builder();
    let result = tauri::Builder::default()
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let data_dir = match data_dir {
                Some(d) => d,
                None => app.path().app_data_dir()?,
            };
            let cache = Cache::open_in(&data_dir).map_err(IpcError::from);
            // Training mode until a platform connection is set up.
            let sandbox = match &cache {
                Ok(c) if c.profiles().map(|p| p.is_empty()).unwrap_or(false) => {
                    match tauri::async_runtime::block_on(training::start(c)) {
                        Ok(s) => Some(s),
                        Err(e) => {
                            tracing::error!(error = %e, "training mode unavailable");
                            None
                        }
                    }
                }
                Ok(_) => None,
                Err(e) => {
                    tracing::error!(error = %e, "database unavailable");
                    None
                }
            };
            app.manage(AppState {
                data_dir,
                cache,
                sandbox,
                http: http::client(http::Timeouts::default()),
            });
            resume_unfinished(app.handle().clone());
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

/// Continues, in the background, every completion a previous run left
/// unfinished, as the journal promises.
fn resume_unfinished(handle: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        let state = handle.state::<AppState>();
        let Ok(cache) = state.cache() else { return };
        let Ok(unfinished) = Journal::new(cache).unfinished() else {
            return;
        };
        let Ok(completer) = state.completer() else {
            return;
        };
        for entry in unfinished {
            let (id, platform, order) = (entry.id, entry.platform, entry.order_id.clone());
            match state.connection(platform, &order) {
                Ok((profile, credentials)) => {
                    if let Err(e) = completer.run(&profile, &credentials, entry).await {
                        tracing::warn!(id, error = %e, "could not resume a completion");
                    }
                }
                Err(e) => tracing::warn!(id, error = %e, "no connection to resume a completion"),
            }
        }
    });
}
