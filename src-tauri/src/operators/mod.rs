//! Operators: who is at the counter. Cashiers and managers sign in with a PIN
//! that is kept only as an Argon2id hash; wrong PINs lock an operator for a
//! growing time ([`lockout`]), and every sign-in, wrong PIN, lock and unlock is
//! recorded with the workstation. Managers authorise what cashiers may not do
//! alone (adding and removing operators, unlocking, reprints); the proof of
//! that is a [`ManagerApproval`], which only a manager's correct PIN yields.
//! Training mode has its own documented demo operators, who exist only for
//! training and cannot sign in outside it.

pub mod lockout;
mod pin;
mod service;
mod site_copy;
mod store;
mod training;

use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};

use crate::cache::CacheError;

pub use pin::Pin;
pub use service::{Operators, checked_name};
pub use site_copy::{FromSite, Local as LocalOperator};
pub use training::{TRAINING_OPERATORS, TrainingOperator};

/// What an operator may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Looks orders up, completes them, prints originals.
    Cashier,
    /// Everything a cashier does, and authorises reprints and manages operators.
    Manager,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Manager => "manager",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = OperatorError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cashier" => Ok(Role::Cashier),
            "manager" => Ok(Role::Manager),
            _ => Err(OperatorError::UnknownRole(s.to_owned())),
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An operator as the rest of the program sees them: never their PIN or its
/// hash, which stay inside this module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Operator {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// One of the demo operators of training mode.
    pub training: bool,
    /// When the operator's lock after wrong PINs ends. [`Operators::list`]
    /// shows only locks still in force; elsewhere a time in the past means
    /// the lock has run out.
    pub locked_until: Option<DateTime<Utc>>,
}

/// A manager's correct PIN, just entered: what adding, removing and unlocking
/// operators and a cashier's reprint require. Only
/// [`Operators::authorise_manager`] makes one.
#[derive(Debug, Clone)]
pub struct ManagerApproval {
    manager: Operator,
}

impl ManagerApproval {
    pub fn manager(&self) -> &Operator {
        &self.manager
    }
}

/// What happened to an operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    Added,
    SignedIn,
    /// A manager's PIN accepted to authorise something.
    Authorised,
    WrongPin,
    Locked,
    /// A PIN entered while locked (not checked).
    RefusedLocked,
    /// A training operator outside training mode.
    RefusedTraining,
    Unlocked,
    Removed,
}

impl EventKind {
    const ALL: [EventKind; 9] = [
        EventKind::Added,
        EventKind::SignedIn,
        EventKind::Authorised,
        EventKind::WrongPin,
        EventKind::Locked,
        EventKind::RefusedLocked,
        EventKind::RefusedTraining,
        EventKind::Unlocked,
        EventKind::Removed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Added => "added",
            EventKind::SignedIn => "signed-in",
            EventKind::Authorised => "authorised",
            EventKind::WrongPin => "wrong-pin",
            EventKind::Locked => "locked",
            EventKind::RefusedLocked => "refused-locked",
            EventKind::RefusedTraining => "refused-training",
            EventKind::Unlocked => "unlocked",
            EventKind::Removed => "removed",
        }
    }

    fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One recorded event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OperatorEvent {
    #[specta(type = specta_typescript::Number)]
    pub operator_id: i64,
    pub kind: EventKind,
    pub workstation: String,
    /// The manager who did it (added, removed, unlocked).
    #[specta(type = Option<specta_typescript::Number>)]
    pub by_operator: Option<i64>,
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
}

pub use crate::domain::actor::workstation_name;

fn tries(n: u32) -> String {
    match n {
        1 => "1 try".to_owned(),
        n => format!("{n} tries"),
    }
}

/// A clock time for the cashier: the till's own zone, which is where the
/// counter is.
fn clock(t: &DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%H:%M").to_string()
}

#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    #[error("A PIN is 4 to 12 digits (0-9): enter another")]
    PinForm,
    #[error("An operator's name is 1 to 40 characters, without line breaks: enter another")]
    NameForm,
    #[error("“{0}” is not a role: choose cashier or manager")]
    UnknownRole(String),
    #[error("There is already an operator called “{0}”: choose another name")]
    NameTaken(String),
    #[error("There is no operator called “{0}”: check the name in the operator list")]
    Unknown(String),
    #[error("Wrong PIN: {} left before the operator is locked", tries(*tries_left))]
    WrongPin { tries_left: u32 },
    #[error("Locked until {}: ask a manager to unlock", clock(until))]
    Locked { until: DateTime<Utc> },
    #[error("“{0}” is a training operator: switch training mode on to use them")]
    TrainingOnly(String),
    #[error("“{0}” is not a manager: a manager must enter their PIN for this")]
    NotManager(String),
    #[error("A training manager cannot change real operators: ask a real manager")]
    TrainingApproval,
    #[error("A manager already exists: adding operators now needs a manager's PIN")]
    ManagerExists,
    #[error("No manager exists yet: add a manager first")]
    NoManager,
    #[error("“{0}” is the only manager: add another manager before removing them")]
    LastManager(String),
    #[error(
        "The stored PIN of “{0}” cannot be read: a manager must remove the operator and add them again"
    )]
    StoredPin(String),
    #[error("The PIN could not be checked ({0}); try again, and call support if it happens again")]
    Hashing(argon2::password_hash::Error),
    #[error(transparent)]
    Cache(#[from] CacheError),
}

impl From<rusqlite::Error> for OperatorError {
    fn from(e: rusqlite::Error) -> Self {
        OperatorError::Cache(CacheError::Sqlite(e))
    }
}

/// Times as stored: RFC 3339 in UTC with a fixed number of digits, so that
/// text order is time order in SQL comparisons.
pub(crate) fn db_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub(crate) fn parse_db_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests;
