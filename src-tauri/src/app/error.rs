//! The error the window sees: a stable `code` the UI can branch on and a
//! message written for the cashier. Every domain error maps here, in one
//! place, so the wording at the counter stays consistent.

use serde::Serialize;

use crate::cache::CacheError;
use crate::training::TrainingError;

/// Stable error codes. The UI matches on these; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The database could not be opened or read.
    DatabaseUnavailable,
    /// The database belongs to a newer Box Office.
    DatabaseTooNew,
    /// No such order in the cache.
    OrderNotFound,
    /// The training sandbox could not start.
    TrainingUnavailable,
    /// Box Office is still starting or could not start.
    NotReady,
}

#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
        }
    }
}

impl From<CacheError> for IpcError {
    fn from(e: CacheError) -> Self {
        let code = match e {
            CacheError::TooNew { .. } => ErrorCode::DatabaseTooNew,
            _ => ErrorCode::DatabaseUnavailable,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<TrainingError> for IpcError {
    fn from(e: TrainingError) -> Self {
        match e {
            TrainingError::Cache(c) => c.into(),
            TrainingError::Sandbox(_) => {
                IpcError::new(ErrorCode::TrainingUnavailable, e.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_stable_kebab_case() {
        let e = IpcError::new(ErrorCode::DatabaseTooNew, "x");
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":"database-too-new","message":"x"}"#
        );
    }
}
