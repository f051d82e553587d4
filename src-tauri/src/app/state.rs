//! What the window's commands share: the open cache and, in training mode,
//! the in-process sandbox. Start-up failures are kept here too, so the
//! window can open and tell the cashier what went wrong and what to do.

use std::path::PathBuf;

use crate::cache::Cache;
use crate::sandbox::RunningSandbox;

use super::error::IpcError;

pub struct AppState {
    pub data_dir: PathBuf,
    pub cache: Result<Cache, IpcError>,
    pub sandbox: Option<RunningSandbox>,
}

impl AppState {
    pub fn cache(&self) -> Result<&Cache, IpcError> {
        self.cache.as_ref().map_err(Clone::clone)
    }

    pub fn training(&self) -> bool {
        self.sandbox.is_some()
    }

    pub fn startup_error(&self) -> Option<IpcError> {
        self.cache.as_ref().err().cloned()
    }
}
