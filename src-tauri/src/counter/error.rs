//! The one error of the counter's use cases: every domain's error, plus the
//! refusals only a use case can make (no connection for this order, the
//! platform is offline, a ticket already printed). The window maps it to a
//! stable code; the command line prints its message.

use std::path::PathBuf;

use crate::cache::CacheError;
use crate::completion::CompletionError;
use crate::domain::Platform;
use crate::operators::OperatorError;
use crate::printing::PrintError;
use crate::printlog::PrintLogError;
use crate::profiles::ProfilesError;
use crate::providers::ProviderError;
use crate::secrets::SecretError;
use crate::settings::SettingsError;
use crate::tickets::TicketError;
use crate::training::TrainingError;

fn list(items: &[String]) -> String {
    items.join(", ")
}

#[derive(Debug, thiserror::Error)]
pub enum CounterError {
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Completion(#[from] CompletionError),
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Profiles(#[from] ProfilesError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Ticket(#[from] TicketError),
    #[error(transparent)]
    Training(#[from] TrainingError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Operator(#[from] OperatorError),
    #[error(transparent)]
    PrintLog(#[from] PrintLogError),
    #[error("Not printed: {0}")]
    Print(#[from] PrintError),
    #[error("No {} order “{id}” is known at this counter.", .platform.display_name())]
    OrderNotFound { platform: Platform, id: String },
    #[error("No {} connection is set up at this counter; add one in Settings.", .0.display_name())]
    NoConnection(Platform),
    #[error(
        "Several {} connections are set up and this order does not say which one it belongs to; look it up again through its connection.",
        .0.display_name()
    )]
    AmbiguousConnection(Platform),
    #[error(
        "{} cannot be reached, so nothing was sent and nothing was charged. Try again when {} is back (the banner goes); cached orders can still be found and printed.",
        .0.display_name(),
        .0.display_name()
    )]
    Offline(Platform),
    #[error(
        "Order {order}: {} already printed. Printing again is a reprint, which a manager authorises with a reason.",
        list(.tickets)
    )]
    AlreadyPrinted { order: String, tickets: Vec<String> },
    #[error(
        "Order {order}: {ticket} has not been printed yet, so it is printed as the original, not reprinted."
    )]
    NotPrintedYet { order: String, ticket: String },
    #[error("Order {order} has no printable ticket “{ticket}”.")]
    NotPrintable { order: String, ticket: String },
    #[error(
        "No printer is chosen for this counter: choose one in Settings (or give --printer), or save the tickets as a PDF."
    )]
    NoPrinter,
    #[error(
        "Not printed: printer “{printer}” did not print the job ({reason}). Check the printer, then print again."
    )]
    JobFailed { printer: String, reason: String },
    #[error("Cannot save the PDF as {path}: {source}")]
    SavePdf {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "Not printed in full: printer “{printer}” stopped the job after it began ({reason}). It counts as printed; printing again is a reprint, which a manager authorises."
    )]
    PartlyPrinted { printer: String, reason: String },
    #[error("Nobody is signed in at this counter (or the operator was removed): sign in first.")]
    SignedOut,
    #[error("Only a manager may do this: ask a manager to sign in.")]
    ManagersOnly,
    #[error(transparent)]
    Site(#[from] crate::site::SiteError),
    #[error(
        "{0} entries of this counter have not reached the site yet: leave it once the site answers and they are sent"
    )]
    SiteOutboxNotEmpty(u64),
    #[error(
        "Already printed as the original at counter {counter} ({at}, by {operator}): {ticket}. Printing again is a reprint, which a manager authorises with a reason."
    )]
    PrintedElsewhere {
        ticket: String,
        counter: String,
        operator: String,
        at: String,
    },
    #[error(
        "The site cannot be reached, and printing an original while cut off needs a manager's PIN at this counter (a setting)."
    )]
    OfflineNeedsManager,
    #[error(
        "Operators are changed at the site, which cannot be reached now: try again once the site answers (the banner goes)."
    )]
    NeedsSite,
    #[error(
        "The site cannot be reached and this counter's copy of the operators is more than {hours} hours old: PINs cannot be checked until the site answers again."
    )]
    OperatorsCopyStale { hours: u32 },
    #[error("Write down the reason: a manager's decision is recorded with it.")]
    ReasonRequired,
    #[error(
        "Training uses the training sandbox only: connections, the first manager and the real till's records are set up outside training (Settings → Leave training)."
    )]
    InTraining,
    #[error("The till is not in training.")]
    NotInTraining,
    #[error(
        "The connection “{name}” has {completions} completion(s) in progress: wait until they finish (or a manager decides on them), then remove it."
    )]
    ConnectionBusy { name: String, completions: usize },
    #[error(
        "Order {order} is already at this counter and {why}: an import never changes its tickets. Look it up again through its platform instead."
    )]
    ImportWouldChangeTickets { order: String, why: String },
    #[error("{0}")]
    InvalidInput(String),
}

impl From<rusqlite::Error> for CounterError {
    fn from(e: rusqlite::Error) -> Self {
        CounterError::Cache(CacheError::Sqlite(e))
    }
}
