//! What the window's commands share: the till ([`Counter`]), or the reason
//! it could not open, kept so the window can open and tell the cashier what
//! went wrong.

use std::path::PathBuf;

use crate::counter::Counter;

use super::error::IpcError;

pub struct AppState {
    pub data_dir: PathBuf,
    pub counter: Result<Counter, IpcError>,
}

impl AppState {
    pub fn counter(&self) -> Result<&Counter, IpcError> {
        self.counter.as_ref().map_err(Clone::clone)
    }

    pub fn training(&self) -> bool {
        self.counter.as_ref().is_ok_and(Counter::is_training)
    }

    pub fn startup_error(&self) -> Option<IpcError> {
        self.counter.as_ref().err().cloned()
    }
}
