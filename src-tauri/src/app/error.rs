//! The error the window sees: a stable `code` the UI can branch on and a
//! message written for the cashier. Every domain error maps here, in one
//! place, so the wording at the counter stays consistent.

use serde::Serialize;

use crate::cache::CacheError;
use crate::completion::CompletionError;
use crate::counter::CounterError;
use crate::operators::OperatorError;
use crate::printing::PrintError;
use crate::printlog::PrintLogError;
use crate::profiles::ProfilesError;
use crate::providers::ProviderError;
use crate::secrets::SecretError;
use crate::tickets::TicketError;
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
    /// The platform could not be reached, or its answer was lost.
    PlatformUnreachable,
    /// The platform refused the profile's credentials.
    CredentialsRefused,
    /// The platform refused the request (the message says why).
    PlatformRefused,
    /// The platform's answer could not be read.
    PlatformAnswerUnreadable,
    /// No OS keyring, a locked one, or a secret missing from it.
    KeyringUnavailable,
    /// No connection profile for this order's platform.
    NoProfile,
    /// This order cannot be completed at the counter.
    NotCompletable,
    /// Nothing can be printed for this order (the message says why).
    NothingToPrint,
    /// The PDF could not be made or saved.
    PrintFailed,
    /// What was entered is not valid (the message says what is expected).
    InvalidInput,
    /// The platform is known to be unreachable: nothing was sent.
    PlatformOffline,
    /// The tickets were printed before: printing again is a reprint.
    AlreadyPrinted,
    /// A reprint of a ticket that was never printed.
    NotPrintedYet,
    /// No printer is chosen in the settings.
    NoPrinter,
    /// The printer is missing, stopped, refusing, or did not print the job.
    PrinterProblem,
    /// The print service (CUPS) cannot be reached.
    PrintServiceUnavailable,
    /// The print log refused or could not record a print.
    PrintLogProblem,
    /// A reprint or change that needs a manager's PIN.
    NeedsManager,
    /// A wrong PIN (the message says how many tries are left).
    WrongPin,
    /// The operator is locked after wrong PINs.
    OperatorLocked,
    /// The operator cannot do this (unknown, training-only, not a manager, ...).
    OperatorRefused,
    /// Nobody is signed in, or the idle lock signed them out.
    SignedOut,
    /// Only a signed-in manager may do this.
    ManagersOnly,
    /// The settings file or a setting is not valid.
    SettingsInvalid,
}

#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct IpcError {
    pub code: ErrorCode,
    /// The backend's own words (English), for the details the screen shows
    /// on demand; the screen words the code itself in its language.
    pub message: String,
    /// `wrong-pin`: tries left before the operator is locked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tries_left: Option<u32>,
    /// `operator-locked`: when the lock ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<chrono::DateTime<chrono::Utc>>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            tries_left: None,
            locked_until: None,
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

impl From<SecretError> for IpcError {
    fn from(e: SecretError) -> Self {
        IpcError::new(ErrorCode::KeyringUnavailable, e.to_string())
    }
}

impl From<ProviderError> for IpcError {
    fn from(e: ProviderError) -> Self {
        let code = match &e {
            ProviderError::NotSent { .. }
            | ProviderError::AnswerLost { .. }
            | ProviderError::RateLimited { .. }
            | ProviderError::ServerError { .. } => ErrorCode::PlatformUnreachable,
            ProviderError::Credentials { .. } => ErrorCode::CredentialsRefused,
            ProviderError::Refused { .. } | ProviderError::Profile(_) => ErrorCode::PlatformRefused,
            ProviderError::NotFound { .. } => ErrorCode::OrderNotFound,
            ProviderError::Malformed { .. } | ProviderError::WrongOrder { .. } => {
                ErrorCode::PlatformAnswerUnreadable
            }
            ProviderError::Secret(_) => ErrorCode::KeyringUnavailable,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<ProfilesError> for IpcError {
    fn from(e: ProfilesError) -> Self {
        match e {
            ProfilesError::Secret(s) => s.into(),
            ProfilesError::Cache(c) => c.into(),
            ProfilesError::Provider(p) => p.into(),
            other => IpcError::new(ErrorCode::NoProfile, other.to_string()),
        }
    }
}

impl From<CompletionError> for IpcError {
    fn from(e: CompletionError) -> Self {
        match e {
            CompletionError::Cache(c) => c.into(),
            CompletionError::Provider(p) => p.into(),
            other => IpcError::new(ErrorCode::NotCompletable, other.to_string()),
        }
    }
}

impl From<CounterError> for IpcError {
    fn from(e: CounterError) -> Self {
        match e {
            CounterError::Cache(c) => c.into(),
            CounterError::Completion(c) => c.into(),
            CounterError::Provider(p) => p.into(),
            CounterError::Profiles(p) => p.into(),
            CounterError::Secret(s) => s.into(),
            CounterError::Ticket(t) => t.into(),
            CounterError::Training(t) => t.into(),
            CounterError::Settings(e) => IpcError::new(ErrorCode::SettingsInvalid, e.to_string()),
            CounterError::Operator(e) => e.into(),
            CounterError::PrintLog(e) => e.into(),
            CounterError::Print(e) => {
                let code = match e {
                    PrintError::CupsUnavailable { .. } | PrintError::BadAddress { .. } => {
                        ErrorCode::PrintServiceUnavailable
                    }
                    _ => ErrorCode::PrinterProblem,
                };
                IpcError::new(code, CounterError::Print(e).to_string())
            }
            e => {
                let code = match &e {
                    CounterError::OrderNotFound { .. } => ErrorCode::OrderNotFound,
                    CounterError::NoConnection(_) | CounterError::AmbiguousConnection(_) => {
                        ErrorCode::NoProfile
                    }
                    CounterError::Offline(_) => ErrorCode::PlatformOffline,
                    CounterError::AlreadyPrinted { .. } => ErrorCode::AlreadyPrinted,
                    CounterError::NotPrintedYet { .. } => ErrorCode::NotPrintedYet,
                    CounterError::NotPrintable { .. } => ErrorCode::NothingToPrint,
                    CounterError::NoPrinter => ErrorCode::NoPrinter,
                    CounterError::JobFailed { .. } => ErrorCode::PrinterProblem,
                    CounterError::SavePdf { .. } => ErrorCode::PrintFailed,
                    CounterError::SignedOut => ErrorCode::SignedOut,
                    CounterError::ManagersOnly => ErrorCode::ManagersOnly,
                    _ => ErrorCode::InvalidInput,
                };
                IpcError::new(code, e.to_string())
            }
        }
    }
}

impl From<OperatorError> for IpcError {
    fn from(e: OperatorError) -> Self {
        let (tries_left, locked_until) = match &e {
            OperatorError::WrongPin { tries_left } => (Some(*tries_left), None),
            OperatorError::Locked { until } => (None, Some(*until)),
            _ => (None, None),
        };
        let code = match &e {
            OperatorError::Cache(_) => ErrorCode::DatabaseUnavailable,
            OperatorError::WrongPin { .. } => ErrorCode::WrongPin,
            OperatorError::Locked { .. } => ErrorCode::OperatorLocked,
            OperatorError::PinForm | OperatorError::NameForm | OperatorError::UnknownRole(_) => {
                ErrorCode::InvalidInput
            }
            OperatorError::NotManager(_) => ErrorCode::NeedsManager,
            _ => ErrorCode::OperatorRefused,
        };
        IpcError {
            tries_left,
            locked_until,
            ..IpcError::new(code, e.to_string())
        }
    }
}

impl From<PrintLogError> for IpcError {
    fn from(e: PrintLogError) -> Self {
        let code = match &e {
            PrintLogError::Cache(_) => ErrorCode::DatabaseUnavailable,
            PrintLogError::NeedsManager | PrintLogError::TrainingApproval => {
                ErrorCode::NeedsManager
            }
            PrintLogError::NoteRequired => ErrorCode::InvalidInput,
            // Another till printed it meanwhile.
            PrintLogError::CopyNumber { .. } => ErrorCode::AlreadyPrinted,
            _ => ErrorCode::PrintLogProblem,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<TicketError> for IpcError {
    fn from(e: TicketError) -> Self {
        let code = match e {
            TicketError::NothingToPrint { .. } | TicketError::AllRefused { .. } => {
                ErrorCode::NothingToPrint
            }
            _ => ErrorCode::PrintFailed,
        };
        IpcError::new(code, e.to_string())
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

    #[test]
    fn a_missing_keyring_reaches_the_cashier_as_such() {
        let e: IpcError = SecretError::Unavailable("no Secret Service".into()).into();
        assert_eq!(e.code, ErrorCode::KeyringUnavailable);
        assert!(e.message.contains("no OS keyring"));
    }
}
