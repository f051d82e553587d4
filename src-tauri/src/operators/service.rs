//! [`Operators`]: adding, listing, removing and signing in operators, with
//! the wrong-PIN rule of [`super::lockout`] applied and every outcome recorded.

use chrono::{DateTime, Utc};
use rusqlite::TransactionBehavior;

use super::lockout::{self, AfterWrongPin};
use super::pin::Check;
use super::store::{self, Event, Stored};
use super::{
    EventKind, ManagerApproval, Operator, OperatorError, OperatorEvent, Pin, Role, db_time,
};
use crate::cache::Cache;

const MAX_NAME_CHARS: usize = 40;

/// An operator's name as stored: trimmed, 1 to 40 characters, no control
/// characters.
pub fn checked_name(name: &str) -> Result<&str, OperatorError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(OperatorError::NameForm);
    }
    Ok(name)
}

pub struct Operators<'a> {
    pub(super) cache: &'a Cache,
}

impl<'a> Operators<'a> {
    pub fn new(cache: &'a Cache) -> Self {
        Operators { cache }
    }

    /// Whether a real (not training) manager exists. Until one does, the
    /// first run asks for one through [`Operators::add_first_manager`].
    pub fn has_manager(&self) -> Result<bool, OperatorError> {
        Ok(store::real_managers(&self.cache.connection())? > 0)
    }

    /// Adds the first manager, which needs no authorisation and is refused
    /// once a real manager exists.
    pub fn add_first_manager(
        &self,
        name: &str,
        pin: &Pin,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, OperatorError> {
        let name = checked_name(name)?;
        let hash = pin.hash()?;
        let mut conn = self.cache.connection();
        // Immediate, so two first runs at once cannot both see "no manager".
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if store::real_managers(&tx)? > 0 {
            return Err(OperatorError::ManagerExists);
        }
        let op = store::insert(&tx, name, Role::Manager, &hash, false, now)?;
        store::record(&tx, op.id, EventKind::Added, event(workstation, None, now))?;
        tx.commit()?;
        Ok(op)
    }

    /// Adds an operator on a manager's authority.
    pub fn add(
        &self,
        approval: &ManagerApproval,
        name: &str,
        role: Role,
        pin: &Pin,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, OperatorError> {
        let name = checked_name(name)?;
        if approval.manager.training {
            return Err(OperatorError::TrainingApproval);
        }
        let hash = pin.hash()?;
        let mut conn = self.cache.connection();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let by = approver(&tx, approval)?;
        let op = store::insert(&tx, name, role, &hash, false, now)?;
        store::record(&tx, op.id, EventKind::Added, event(workstation, by, now))?;
        tx.commit()?;
        Ok(op)
    }

    /// The operators to choose from, real ones first; demo operators only in
    /// training mode. A lock that has run out by `now` is not shown.
    pub fn list(
        &self,
        training_mode: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<Operator>, OperatorError> {
        let rows = store::list(&self.cache.connection(), training_mode)?;
        Ok(rows
            .into_iter()
            .map(|s| {
                let mut op = s.operator;
                op.locked_until = lockout::in_force(op.locked_until, now);
                op
            })
            .collect())
    }

    /// Operator `id` as the database holds them now: their role as it is,
    /// refused once removed, and a demo operator only in training mode. A
    /// signed-in operator is re-read this way for every act.
    pub fn current(&self, id: i64, training_mode: bool) -> Result<Operator, OperatorError> {
        let s = live(&self.cache.connection(), id)?;
        let mut op = s.operator;
        if op.training && !training_mode {
            return Err(OperatorError::TrainingOnly(op.name));
        }
        op.locked_until = lockout::in_force(op.locked_until, chrono::Utc::now());
        Ok(op)
    }

    /// The operator called `name` (any case); demo operators only in training mode.
    pub fn find(&self, name: &str, training_mode: bool) -> Result<Operator, OperatorError> {
        store::by_name(&self.cache.connection(), name, training_mode)?
            .map(|s| s.operator)
            .ok_or_else(|| OperatorError::Unknown(name.trim().to_owned()))
    }

    /// Removes an operator from the counter. The row stays (marked removed)
    /// so the print log and the events still name them; the last real
    /// manager cannot be removed, since that would reopen the first-run path.
    pub fn remove(
        &self,
        approval: &ManagerApproval,
        id: i64,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<(), OperatorError> {
        let mut conn = self.cache.connection();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let by = approver(&tx, approval)?;
        let target = live(&tx, id)?.operator;
        if approval.manager.training && !target.training {
            return Err(OperatorError::TrainingApproval);
        }
        if target.role == Role::Manager && !target.training && store::real_managers(&tx)? <= 1 {
            return Err(OperatorError::LastManager(target.name));
        }
        store::mark_removed(&tx, id, now)?;
        store::record(&tx, id, EventKind::Removed, event(workstation, by, now))?;
        tx.commit()?;
        Ok(())
    }

    /// Signs an operator in with their PIN (see [`super::lockout`] for what
    /// wrong PINs do). Demo operators sign in only when `training_mode` is on.
    pub fn sign_in(
        &self,
        id: i64,
        pin: &Pin,
        workstation: &str,
        training_mode: bool,
        now: DateTime<Utc>,
    ) -> Result<Operator, OperatorError> {
        let stored = live(&self.cache.connection(), id)?;
        self.check_pin(
            stored,
            pin,
            workstation,
            training_mode,
            now,
            EventKind::SignedIn,
        )
    }

    /// A manager's PIN, entered to authorise what a cashier may not do alone.
    /// Wrong PINs count towards the manager's lock exactly as at sign-in.
    pub fn authorise_manager(
        &self,
        id: i64,
        pin: &Pin,
        workstation: &str,
        training_mode: bool,
        now: DateTime<Utc>,
    ) -> Result<ManagerApproval, OperatorError> {
        let stored = live(&self.cache.connection(), id)?;
        if stored.operator.role != Role::Manager {
            return Err(OperatorError::NotManager(stored.operator.name));
        }
        let manager = self.check_pin(
            stored,
            pin,
            workstation,
            training_mode,
            now,
            EventKind::Authorised,
        )?;
        Ok(ManagerApproval { manager })
    }

    /// Ends an operator's lock and their count of wrong PINs, on a manager's
    /// authority.
    pub fn unlock(
        &self,
        approval: &ManagerApproval,
        id: i64,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, OperatorError> {
        let mut conn = self.cache.connection();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let by = approver(&tx, approval)?;
        let target = live(&tx, id)?;
        if approval.manager.training && !target.operator.training {
            return Err(OperatorError::TrainingApproval);
        }
        // The count of locks stays: see the rule in `lockout`.
        store::set_lock_state(&tx, id, 0, target.locks, None)?;
        store::record(&tx, id, EventKind::Unlocked, event(workstation, by, now))?;
        tx.commit()?;
        Ok(Operator {
            locked_until: None,
            ..target.operator
        })
    }

    /// Everything recorded about an operator, oldest first.
    pub fn events(&self, id: i64) -> Result<Vec<OperatorEvent>, OperatorError> {
        store::events(&self.cache.connection(), id)
    }

    fn check_pin(
        &self,
        stored: Stored,
        pin: &Pin,
        workstation: &str,
        training_mode: bool,
        now: DateTime<Utc>,
        success: EventKind,
    ) -> Result<Operator, OperatorError> {
        let id = stored.operator.id;
        let name = stored.operator.name.clone();
        if stored.operator.training && !training_mode {
            let conn = self.cache.connection();
            store::record(
                &conn,
                id,
                EventKind::RefusedTraining,
                event(workstation, None, now),
            )?;
            return Err(OperatorError::TrainingOnly(name));
        }
        if let Some(until) = lockout::in_force(stored.operator.locked_until, now) {
            let conn = self.cache.connection();
            store::record(
                &conn,
                id,
                EventKind::RefusedLocked,
                event(workstation, None, now),
            )?;
            return Err(OperatorError::Locked { until });
        }
        // The slow hash runs without holding the database.
        let right = match pin.check(&stored.pin_hash)? {
            Check::Right => true,
            Check::Wrong => false,
            Check::Unreadable => return Err(OperatorError::StoredPin(name)),
        };

        let mut conn = self.cache.connection();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Read again: another till may have locked or removed them meanwhile.
        let current = live(&tx, id)?;
        let ev = |detail: Option<String>| Event {
            workstation,
            by: None,
            detail,
            at: now,
        };
        if let Some(until) = lockout::in_force(current.operator.locked_until, now) {
            store::record(&tx, id, EventKind::RefusedLocked, ev(None))?;
            tx.commit()?;
            return Err(OperatorError::Locked { until });
        }
        if right {
            store::set_lock_state(&tx, id, 0, 0, None)?;
            store::record(&tx, id, success, ev(None))?;
            tx.commit()?;
            return Ok(Operator {
                locked_until: None,
                ..current.operator
            });
        }
        match lockout::after_wrong_pin(current.failed_pins, current.locks, now) {
            AfterWrongPin::TriesLeft { failed, left } => {
                store::set_lock_state(&tx, id, failed, current.locks, None)?;
                store::record(
                    &tx,
                    id,
                    EventKind::WrongPin,
                    ev(Some(format!("{left} left"))),
                )?;
                tx.commit()?;
                Err(OperatorError::WrongPin { tries_left: left })
            }
            AfterWrongPin::Locked { locks, until } => {
                store::set_lock_state(&tx, id, 0, locks, Some(until))?;
                store::record(&tx, id, EventKind::WrongPin, ev(Some("0 left".into())))?;
                let detail = format!("lock {locks} until {}", db_time(until));
                store::record(&tx, id, EventKind::Locked, ev(Some(detail)))?;
                tx.commit()?;
                Err(OperatorError::Locked { until })
            }
        }
    }
}

pub(super) fn event(workstation: &str, by: Option<i64>, at: DateTime<Utc>) -> Event<'_> {
    Event {
        workstation,
        by,
        detail: None,
        at,
    }
}

fn live(conn: &rusqlite::Connection, id: i64) -> Result<Stored, OperatorError> {
    store::by_id(conn, id)?.ok_or_else(|| OperatorError::Unknown(format!("#{id}")))
}

/// The approving manager, still a live manager now.
fn approver(
    conn: &rusqlite::Connection,
    approval: &ManagerApproval,
) -> Result<Option<i64>, OperatorError> {
    let m = &approval.manager;
    match store::by_id(conn, m.id)? {
        Some(s) if s.operator.role == Role::Manager => Ok(Some(m.id)),
        Some(_) => Err(OperatorError::NotManager(m.name.clone())),
        None => Err(OperatorError::Unknown(m.name.clone())),
    }
}
