//! Who asks for a use case, and on whose authority. Every door (the window,
//! the command line) names the asker the same way, and every use case checks
//! the asker against the operators as the database holds them now: an
//! operator removed or demoted a moment ago is refused at once, whatever
//! their window still shows.
//!
//! - An operator's own act (complete, print, save a PDF) needs the asker
//!   signed in: in the window by their PIN at sign-in, at the command line
//!   by their PIN for this command.
//! - A manager's act (set a completion aside or send it again, remove a
//!   connection, add, remove or unlock an operator, purge, replace cached
//!   orders, switch training) needs a manager's PIN entered for it, even
//!   when the asker is a manager.
//! - A reprint needs a manager: the asker, when they are one, or a
//!   manager's PIN entered for it.

use chrono::Utc;

use super::{Counter, CounterError};
use crate::domain::Actor;
use crate::operators::{ManagerApproval, Operator, Operators, Pin, Role};

/// Who asks.
#[derive(Debug, Clone, Copy)]
pub enum Asker<'a> {
    /// The operator signed in at this window, by id.
    SignedIn(i64),
    /// An operator naming themselves with their PIN (the command line).
    Pin { name: &'a str, pin: &'a Pin },
}

/// An operator named by the window (their id in the list) or the command
/// line (their name).
#[derive(Debug, Clone, Copy)]
pub enum OperatorRef<'a> {
    Id(i64),
    Name(&'a str),
}

/// A manager's PIN entered for one act.
#[derive(Debug, Clone, Copy)]
pub struct ManagerPin<'a> {
    pub manager: OperatorRef<'a>,
    pub pin: &'a Pin,
}

/// Who acts, checked: the asker, and the manager who authorised it when
/// the act needs one.
#[derive(Debug, Clone)]
pub(crate) struct Authority {
    pub operator: Operator,
    pub approval: Option<ManagerApproval>,
}

impl Authority {
    /// The record of who acted where, for the completion journal.
    pub fn actor(&self, workstation: String) -> Actor {
        Actor {
            operator_id: Some(self.operator.id),
            operator: self.operator.name.clone(),
            workstation,
        }
    }
}

impl Counter {
    pub(super) fn operators(&self) -> Operators<'_> {
        Operators::new(&self.cache)
    }

    fn operator_id(&self, r: OperatorRef<'_>) -> Result<i64, CounterError> {
        Ok(match r {
            OperatorRef::Id(id) => id,
            OperatorRef::Name(name) => self.operators().find(name, self.is_training())?.id,
        })
    }

    /// The asker as the database has them now. A PIN given here counts
    /// towards the operator's lock as at sign-in.
    pub fn identify(&self, asker: &Asker<'_>) -> Result<Operator, CounterError> {
        match asker {
            Asker::SignedIn(id) => match self.operators().current(*id, self.is_training()) {
                Ok(op) => Ok(op),
                Err(crate::operators::OperatorError::Unknown(_)) => Err(CounterError::SignedOut),
                Err(e) => Err(e.into()),
            },
            Asker::Pin { name, pin } => {
                let id = self.operator_id(OperatorRef::Name(name))?;
                self.sign_in(id, pin)
            }
        }
    }

    /// The asker may act on their own.
    pub(crate) fn operator_authority(&self, asker: &Asker<'_>) -> Result<Authority, CounterError> {
        Ok(Authority {
            operator: self.identify(asker)?,
            approval: None,
        })
    }

    /// A manager's PIN was entered for this act.
    pub(crate) fn manager_authority(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
    ) -> Result<Authority, CounterError> {
        let operator = self.identify(asker)?;
        let approval = self.approve(self.operator_id(manager.manager)?, manager.pin)?;
        Ok(Authority {
            operator,
            approval: Some(approval),
        })
    }

    /// A reprint's authority: a manager's PIN entered for it, else the
    /// asker, who must then be a manager.
    pub(crate) fn reprint_authority(
        &self,
        asker: &Asker<'_>,
        manager: Option<&ManagerPin<'_>>,
    ) -> Result<Authority, CounterError> {
        match manager {
            Some(m) => self.manager_authority(asker, m),
            None => {
                let operator = self.identify(asker)?;
                if operator.role != Role::Manager {
                    return Err(CounterError::ManagersOnly);
                }
                Ok(Authority {
                    operator,
                    approval: None,
                })
            }
        }
    }

    /// The asker, who must be a manager (settings, connections, the print
    /// log's screens).
    pub fn require_manager(&self, asker: &Asker<'_>) -> Result<Operator, CounterError> {
        let op = self.identify(asker)?;
        if op.role != Role::Manager {
            return Err(CounterError::ManagersOnly);
        }
        Ok(op)
    }

    /// Signs operator `id` in with `pin` (wrong PINs count towards a lock).
    /// In site mode the site checks the PIN and counts it (see
    /// [`Counter::pin_at_site`]).
    pub fn sign_in(&self, id: i64, pin: &Pin) -> Result<Operator, CounterError> {
        if let Some(op) = self.pin_at_site(id, pin, crate::operators::EventKind::SignedIn)? {
            return Ok(op);
        }
        Ok(self.operators().sign_in(
            id,
            pin,
            &self.workstation(),
            self.is_training(),
            Utc::now(),
        )?)
    }

    /// A manager's PIN entered to authorise something on the spot.
    fn approve(&self, manager_id: i64, pin: &Pin) -> Result<ManagerApproval, CounterError> {
        if let Some(approval) = self.approval_at_site(manager_id, pin)? {
            return Ok(approval);
        }
        Ok(self.operators().authorise_manager(
            manager_id,
            pin,
            &self.workstation(),
            self.is_training(),
            Utc::now(),
        )?)
    }
}
