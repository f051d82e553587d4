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
            let sandbox = match &cache {
                Ok(c) => match tauri::async_runtime::block_on(training::start(c)) {
                    Ok(s) => Some(s),
                    Err(e) => {
                        tracing::error!(error = %e, "training mode unavailable");
                        None
                    }
                },
                Err(e) => {
                    tracing::error!(error = %e, "database unavailable");
                    None
                }
            };
            app.manage(AppState {
                data_dir,
                cache,
                sandbox,
            });
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
