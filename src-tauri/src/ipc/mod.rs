//! The error the window sees: a stable `code` the UI can branch on and a
//! message written for the cashier. Every domain error maps here, in one
//! place, so the wording at the counter stays consistent. It lives in the
//! core (it knows no Tauri, only serde) so that tests check what the window
//! would show without building the window.

use serde::Serialize;

use crate::cache::CacheError;
use crate::completion::CompletionError;
use crate::counter::CounterError;
use crate::operators::OperatorError;
use crate::printing::PrintError;
use crate::printlog::PrintLogError;
use crate::profiles::ProfilesError;
use crate::providers::{ProfileError, ProviderError};
use crate::secrets::SecretError;
use crate::settings::SettingsError;
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
    /// The data folder belongs to the other till (training or real).
    WrongTill,
    /// The job stopped after the printer began it: it counts as printed.
    PartlyPrinted,
    /// A manager's decision needs a written reason.
    ReasonRequired,
    /// Training cannot do this (or it is done only in training).
    InTraining,
    /// The connection has completions in progress.
    ConnectionBusy,
    /// The site (the cinema's shared database) cannot be reached or used.
    SiteUnavailable,
    /// The site's records do not add up (its log was rewritten, its schema
    /// is not this version's), or it refused a request.
    SiteProblem,
    /// Another counter is completing this order (or sold it).
    CompletingElsewhere,
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

// Every error of every domain is mapped variant by variant, with no
// catch-all arm: a new error does not compile until someone decides what
// the cashier is told about it.

impl From<CacheError> for IpcError {
    fn from(e: CacheError) -> Self {
        let code = match &e {
            CacheError::TooNew { .. } => ErrorCode::DatabaseTooNew,
            CacheError::OtherTill { .. } => ErrorCode::WrongTill,
            CacheError::DataDir { .. }
            | CacheError::Open { .. }
            | CacheError::Migration(_)
            | CacheError::Sqlite(_)
            | CacheError::Corrupt(_)
            | CacheError::Codec(_) => ErrorCode::DatabaseUnavailable,
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
        let code = match &e {
            SecretError::Unavailable(_)
            | SecretError::Locked(_)
            | SecretError::Missing { .. }
            | SecretError::Keyring(_) => ErrorCode::KeyringUnavailable,
        };
        IpcError::new(code, e.to_string())
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
            ProviderError::Refused { .. }
            | ProviderError::Redirected { .. }
            | ProviderError::Profile(_) => ErrorCode::PlatformRefused,
            ProviderError::NotFound { .. } => ErrorCode::OrderNotFound,
            ProviderError::Malformed { .. } | ProviderError::WrongOrder { .. } => {
                ErrorCode::PlatformAnswerUnreadable
            }
            ProviderError::Secret(_) => ErrorCode::KeyringUnavailable,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<ProfileError> for IpcError {
    fn from(e: ProfileError) -> Self {
        let code = match &e {
            ProfileError::Unknown(_) => ErrorCode::NoProfile,
            ProfileError::BadName(_)
            | ProfileError::BadUrl(_)
            | ProfileError::InsecureUrl(_)
            | ProfileError::Missing { .. }
            | ProfileError::Exists(_)
            | ProfileError::BadTimeZone(_) => ErrorCode::InvalidInput,
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
            ProfilesError::Profile(p) => p.into(),
            ProfilesError::MissingSecret(..) => {
                IpcError::new(ErrorCode::InvalidInput, e.to_string())
            }
        }
    }
}

impl From<CompletionError> for IpcError {
    fn from(e: CompletionError) -> Self {
        let code = match e {
            CompletionError::Cache(c) => return c.into(),
            CompletionError::Provider(p) => return p.into(),
            CompletionError::NotCompletable(_)
            | CompletionError::NoCart(_)
            | CompletionError::BadCart { .. }
            | CompletionError::AlreadySettled { .. }
            | CompletionError::NotAwaitingDecision(_)
            | CompletionError::UnknownCompletion(_)
            | CompletionError::Lost(_) => ErrorCode::NotCompletable,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<SettingsError> for IpcError {
    fn from(e: SettingsError) -> Self {
        let code = match &e {
            SettingsError::Read { .. }
            | SettingsError::Invalid { .. }
            | SettingsError::Write { .. }
            | SettingsError::Rejected(_) => ErrorCode::SettingsInvalid,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<PrintError> for IpcError {
    fn from(e: PrintError) -> Self {
        let code = match &e {
            PrintError::CupsUnavailable { .. } | PrintError::BadAddress { .. } => {
                ErrorCode::PrintServiceUnavailable
            }
            PrintError::NoAnswer { .. }
            | PrintError::NoSuchPrinter { .. }
            | PrintError::PrinterStopped { .. }
            | PrintError::NotAccepting { .. }
            | PrintError::Refused { .. }
            | PrintError::Protocol { .. } => ErrorCode::PrinterProblem,
        };
        IpcError::new(code, CounterError::Print(e).to_string())
    }
}

impl From<crate::site::SiteError> for IpcError {
    fn from(e: crate::site::SiteError) -> Self {
        use crate::site::SiteError as S;
        let code = match e {
            S::Cache(c) => return c.into(),
            S::Secret(s) => return s.into(),
            S::Unreachable { .. } | S::Refused(_) | S::NotJoined => ErrorCode::SiteUnavailable,
            S::Database(_)
            | S::TooNew { .. }
            | S::TooOld { .. }
            | S::ChainRewritten { .. }
            | S::ChainBroken { .. }
            | S::NotPrintedAtSite => ErrorCode::SiteProblem,
            S::PrintedElsewhere { .. } => ErrorCode::AlreadyPrinted,
            S::CompletingElsewhere { .. } => ErrorCode::CompletingElsewhere,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<CounterError> for IpcError {
    fn from(e: CounterError) -> Self {
        let code = match e {
            CounterError::Cache(c) => return c.into(),
            CounterError::Completion(c) => return c.into(),
            CounterError::Provider(p) => return p.into(),
            CounterError::Profiles(p) => return p.into(),
            CounterError::Secret(s) => return s.into(),
            CounterError::Ticket(t) => return t.into(),
            CounterError::Training(t) => return t.into(),
            CounterError::Settings(s) => return s.into(),
            CounterError::Operator(o) => return o.into(),
            CounterError::PrintLog(p) => return p.into(),
            CounterError::Print(p) => return p.into(),
            CounterError::Site(s) => return s.into(),
            CounterError::SiteOutboxNotEmpty(_) => ErrorCode::SiteUnavailable,
            CounterError::PrintedElsewhere { .. } => ErrorCode::AlreadyPrinted,
            CounterError::OfflineNeedsManager => ErrorCode::NeedsManager,
            CounterError::NeedsSite | CounterError::OperatorsCopyStale { .. } => {
                ErrorCode::SiteUnavailable
            }
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
            CounterError::PartlyPrinted { .. } => ErrorCode::PartlyPrinted,
            CounterError::SavePdf { .. } => ErrorCode::PrintFailed,
            CounterError::SignedOut => ErrorCode::SignedOut,
            CounterError::ManagersOnly => ErrorCode::ManagersOnly,
            CounterError::ReasonRequired => ErrorCode::ReasonRequired,
            CounterError::InTraining | CounterError::NotInTraining => ErrorCode::InTraining,
            CounterError::ConnectionBusy { .. } => ErrorCode::ConnectionBusy,
            CounterError::ImportWouldChangeTickets { .. } | CounterError::InvalidInput(_) => {
                ErrorCode::InvalidInput
            }
        };
        IpcError::new(code, e.to_string())
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
            OperatorError::NameTaken(_)
            | OperatorError::Unknown(_)
            | OperatorError::TrainingOnly(_)
            | OperatorError::TrainingApproval
            | OperatorError::ManagerExists
            | OperatorError::NoManager
            | OperatorError::LastManager(_)
            | OperatorError::StoredPin(_)
            | OperatorError::Hashing(_) => ErrorCode::OperatorRefused,
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
            PrintLogError::Missing(_)
            | PrintLogError::ReprintZero
            | PrintLogError::UnknownAttempt(_)
            | PrintLogError::ResultExists(_)
            | PrintLogError::Anchor { .. }
            | PrintLogError::Files { .. }
            | PrintLogError::Unreadable { .. }
            | PrintLogError::Export(_) => ErrorCode::PrintLogProblem,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<TicketError> for IpcError {
    fn from(e: TicketError) -> Self {
        let code = match &e {
            TicketError::NothingToPrint { .. } | TicketError::AllRefused { .. } => {
                ErrorCode::NothingToPrint
            }
            TicketError::Barcode { .. }
            | TicketError::MissingBarcode { .. }
            | TicketError::UntypedBarcode { .. }
            | TicketError::RepeatedCode { .. }
            | TicketError::MissingOrganizerInfo { .. }
            | TicketError::InvalidReprint
            | TicketError::BadInput { .. }
            | TicketError::UnknownStock(_)
            | TicketError::Write { .. } => ErrorCode::PrintFailed,
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
