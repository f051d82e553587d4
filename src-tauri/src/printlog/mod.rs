//! The print log: every print, original or reprint, successful or not, with
//! who printed it, who authorised a reprint and why, where and on what.
//!
//! Printing is recorded in two phases so that a crash never loses a print:
//! an attempt is appended before the job is sent, its result once the outcome
//! is known. An attempt without a result counts as a copy (it may have
//! printed), which is what [`PrintLog::copies`] tells the printer code when
//! it decides between an original and reprint n.
//!
//! The log is append-only (SQLite triggers refuse UPDATE and DELETE) and
//! tamper-evident: each entry carries a SHA-256 over its content and the
//! previous entry's hash (`chain`), and an anchor file beside the database
//! records how far the log had reached (`anchor`). [`PrintLog::verify`]
//! names the first entry that does not match and why. Someone with the file
//! and this source code can still rewrite the whole chain and the anchor
//! consistently; what the chain guarantees is that any partial edit shows.

mod anchor;
mod chain;
mod controls;
mod list;
mod service;
mod site_list;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::cache::CacheError;
use crate::domain::Platform;
use crate::operators::{ManagerApproval, Operator};

pub(crate) use chain::Entry as LogEntry;
pub use chain::{ChainBreak, ChainProblem, GENESIS};
pub use controls::{Control, ControlAction, ControlRecord, THE_TILL};
pub use list::{PrintLogFilter, PrintRecord, SiteMark, write_csv};
pub use service::{ChainReport, PrintLog};

/// Where a print went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintTarget {
    /// Saved as a PDF file (recorded as `PDF`).
    Pdf,
    /// Sent to the printer of this name.
    Printer(String),
}

impl PrintTarget {
    pub(crate) fn stored(&self) -> &str {
        match self {
            PrintTarget::Pdf => "PDF",
            PrintTarget::Printer(name) => name,
        }
    }
}

/// Why a ticket is printed again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum ReprintReason {
    Damaged,
    PrinterJam,
    LostByCustomer,
    Misprinted,
    /// Anything else; the note says what.
    Other,
}

impl ReprintReason {
    pub const ALL: [ReprintReason; 5] = [
        ReprintReason::Damaged,
        ReprintReason::PrinterJam,
        ReprintReason::LostByCustomer,
        ReprintReason::Misprinted,
        ReprintReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReprintReason::Damaged => "damaged",
            ReprintReason::PrinterJam => "printer-jam",
            ReprintReason::LostByCustomer => "lost-by-customer",
            ReprintReason::Misprinted => "misprinted",
            ReprintReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ReprintReason> {
        ReprintReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A reprint: which one, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Reprint {
    /// 1 for the first reprint, n for the n-th: the copies already on record.
    pub number: u32,
    pub reason: ReprintReason,
    /// Free text; required when the reason is [`ReprintReason::Other`].
    pub note: Option<String>,
}

/// How a print ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum PrintOutcome {
    /// The printer reported the job done.
    Printed,
    /// The print system took the job but could not say it was printed.
    AcceptedNotConfirmed,
    /// The job ended without completing after the printer had begun it
    /// (aborted, cancelled or stopped): pages may have come out, so it
    /// counts as a copy.
    PrintedUncertain,
    SavedAsPdf,
    /// Nothing came out; the print does not count as a copy.
    Failed,
}

impl PrintOutcome {
    pub const ALL: [PrintOutcome; 5] = [
        PrintOutcome::Printed,
        PrintOutcome::AcceptedNotConfirmed,
        PrintOutcome::PrintedUncertain,
        PrintOutcome::SavedAsPdf,
        PrintOutcome::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PrintOutcome::Printed => "printed",
            PrintOutcome::AcceptedNotConfirmed => "accepted-not-confirmed",
            PrintOutcome::PrintedUncertain => "printed-uncertain",
            PrintOutcome::SavedAsPdf => "saved-as-pdf",
            PrintOutcome::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Option<PrintOutcome> {
        PrintOutcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// A print about to be sent: appended before the job leaves.
#[derive(Debug, Clone)]
pub struct PrintAttempt<'a> {
    pub platform: Platform,
    pub order_id: &'a str,
    pub order_number: &'a str,
    /// `None` for an order form covering the whole order.
    pub ticket_id: Option<&'a str>,
    /// The signed-in operator who prints.
    pub operator: &'a Operator,
    /// The manager whose PIN authorised a cashier's reprint.
    pub authorised_by: Option<&'a ManagerApproval>,
    pub workstation: &'a str,
    pub target: &'a PrintTarget,
    /// The ticket stock's name.
    pub stock: &'a str,
    /// `None` for the original.
    pub reprint: Option<Reprint>,
    pub at: DateTime<Utc>,
}

/// How an attempt ended: appended once the outcome is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintResult {
    pub outcome: PrintOutcome,
    /// The print system's job id, when it gave one.
    pub job_id: Option<String>,
    /// What the printer or print system said.
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
}

/// An attempt's place in the log, to append its result to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
pub struct AttemptId(#[specta(type = specta_typescript::Number)] pub u64);

fn copy_name(n: u32) -> String {
    match n {
        0 => "the original".to_owned(),
        n => format!("reprint {n}"),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PrintLogError {
    #[error("The print cannot be recorded without {0}")]
    Missing(&'static str),
    #[error("Reprints are numbered from 1; number 0 is the original")]
    ReprintZero,
    #[error("Describe the reason for the reprint when it is “other”")]
    NoteRequired,
    #[error("A cashier's reprint needs a manager's PIN: ask a manager")]
    NeedsManager,
    #[error("A training manager cannot authorise a real operator's reprint: ask a real manager")]
    TrainingApproval,
    #[error(
        "The print log already has {copies} printed copies of this: print it as {}, not as {}",
        copy_name(*copies),
        copy_name(*given)
    )]
    CopyNumber { copies: u32, given: u32 },
    #[error("Print #{0} is not an attempt in the print log")]
    UnknownAttempt(u64),
    #[error("The result of print #{0} is already recorded")]
    ResultExists(u64),
    #[error(
        "Print log entry #{seq} is saved, but {path} that guards the log could not be written \
         ({source}): check the free space and permissions of the data folder"
    )]
    Anchor {
        seq: u64,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "The print log's files next to {path} cannot be used ({source}): check the permissions of the data folder"
    )]
    Files {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Print log entry #{seq} has an unreadable {what}: run `box-office printlog verify`")]
    Unreadable { seq: u64, what: &'static str },
    #[error("Cannot write the export: {0}")]
    Export(#[from] csv::Error),
    #[error(transparent)]
    Cache(#[from] CacheError),
}

impl From<rusqlite::Error> for PrintLogError {
    fn from(e: rusqlite::Error) -> Self {
        PrintLogError::Cache(CacheError::Sqlite(e))
    }
}

#[cfg(test)]
mod tests;
