//! The till's people: the operators to choose from at sign-in, the first
//! manager of a new till, and a manager's acts on operators (add, remove,
//! unlock), each with the manager's PIN and recorded in the operators'
//! events with who did it.

use chrono::Utc;

use super::authority::{Asker, ManagerPin, OperatorRef};
use super::{Counter, CounterError};
use crate::operators::{EventKind, Operator, Pin, Role};

impl Counter {
    /// The operators to choose from at sign-in: the demo operators in
    /// training (the only ones its database holds), the real ones otherwise.
    pub fn operator_list(&self) -> Result<Vec<Operator>, CounterError> {
        Ok(self.operators().list(self.is_training(), Utc::now())?)
    }

    /// Whether the counter still needs its first manager (never in
    /// training, whose demo manager stands in).
    pub fn needs_first_manager(&self) -> Result<bool, CounterError> {
        Ok(!self.is_training() && !self.operators().has_manager()?)
    }

    /// The first manager of a new till: needs no authority, and is refused
    /// once a manager exists.
    pub fn add_first_manager(&self, name: &str, pin: &Pin) -> Result<Operator, CounterError> {
        if self.is_training() {
            return Err(CounterError::InTraining);
        }
        if self.operators().has_manager()? {
            return Err(crate::operators::OperatorError::ManagerExists.into());
        }
        if let Some(op) = self.add_at_site(name, Role::Manager, pin, true)? {
            return Ok(op);
        }
        Ok(self
            .operators()
            .add_first_manager(name, pin, &self.workstation(), Utc::now())?)
    }

    /// A manager adds an operator.
    pub fn add_operator(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
        name: &str,
        role: Role,
        pin: &Pin,
    ) -> Result<Operator, CounterError> {
        let who = self.manager_authority(asker, manager)?;
        let approval = who.approval.as_ref().ok_or(CounterError::ManagersOnly)?;
        if approval.manager().training {
            return Err(crate::operators::OperatorError::TrainingApproval.into());
        }
        if let Some(op) = self.add_at_site(name, role, pin, false)? {
            self.note_by(op.id, EventKind::Added, approval)?;
            return Ok(op);
        }
        Ok(self
            .operators()
            .add(approval, name, role, pin, &self.workstation(), Utc::now())?)
    }

    /// A manager removes an operator: refused at every door at once; the
    /// print log keeps naming them.
    pub fn remove_operator(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
        target: OperatorRef<'_>,
    ) -> Result<Operator, CounterError> {
        let who = self.manager_authority(asker, manager)?;
        let approval = who.approval.as_ref().ok_or(CounterError::ManagersOnly)?;
        let op = self.operator_named(target)?;
        if self.change_at_site(op.id, &op.name, true)? {
            self.note_by(op.id, EventKind::Removed, approval)?;
            return Ok(op);
        }
        self.operators()
            .remove(approval, op.id, &self.workstation(), Utc::now())?;
        Ok(op)
    }

    /// A manager ends an operator's lock after wrong PINs.
    pub fn unlock_operator(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
        target: OperatorRef<'_>,
    ) -> Result<Operator, CounterError> {
        let who = self.manager_authority(asker, manager)?;
        let approval = who.approval.as_ref().ok_or(CounterError::ManagersOnly)?;
        let op = self.operator_named(target)?;
        if self.change_at_site(op.id, &op.name, false)? {
            self.note_by(op.id, EventKind::Unlocked, approval)?;
            return Ok(self.operators().current(op.id, false)?);
        }
        Ok(self
            .operators()
            .unlock(approval, op.id, &self.workstation(), Utc::now())?)
    }

    /// Records here a change a manager made at the site, naming them.
    fn note_by(
        &self,
        id: i64,
        kind: EventKind,
        approval: &crate::operators::ManagerApproval,
    ) -> Result<(), CounterError> {
        let detail = format!("at the site, by {}", approval.manager().name);
        Ok(self.operators().note_site_sign_in(
            id,
            kind,
            &self.workstation(),
            Some(detail),
            Utc::now(),
        )?)
    }

    fn operator_named(&self, r: OperatorRef<'_>) -> Result<Operator, CounterError> {
        let ops = self.operators();
        Ok(match r {
            OperatorRef::Id(id) => ops.current(id, self.is_training())?,
            OperatorRef::Name(name) => ops.find(name, self.is_training())?,
        })
    }
}
