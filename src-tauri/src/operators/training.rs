//! Training mode's demo operators: a manager and a cashier whose PINs are
//! public, who can sign in only when training mode is on and are hidden from
//! lists otherwise, so the counter can be learnt without real accounts and
//! the public PINs open nothing real.

use chrono::{DateTime, Utc};

use super::service::event;
use super::{EventKind, Operator, OperatorError, Operators, Pin, Role, store, workstation_name};

/// A demo operator of training mode. Their PINs are public on purpose (a
/// trainer reads them from here): they work only in training mode.
#[derive(Debug, Clone, Copy)]
pub struct TrainingOperator {
    pub name: &'static str,
    pub role: Role,
    pub pin: &'static str,
}

/// The demo manager and cashier [`Operators::ensure_training_operators`] creates.
pub const TRAINING_OPERATORS: [TrainingOperator; 2] = [
    TrainingOperator {
        name: "Demo Manager",
        role: Role::Manager,
        pin: "2468",
    },
    TrainingOperator {
        name: "Demo Cashier",
        role: Role::Cashier,
        pin: "1357",
    },
];

impl Operators<'_> {
    /// Creates the demo manager and cashier of training mode when missing
    /// ([`TRAINING_OPERATORS`]) and returns them.
    pub fn ensure_training_operators(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<Operator>, OperatorError> {
        let present = |name: &str| -> Result<Option<Operator>, OperatorError> {
            let all = store::list(&self.cache.connection(), true)?;
            Ok(all
                .into_iter()
                .map(|s| s.operator)
                .find(|o| o.training && o.name == name))
        };
        let mut out = Vec::new();
        for demo in TRAINING_OPERATORS {
            if let Some(op) = present(demo.name)? {
                out.push(op);
                continue;
            }
            let hash = Pin::new(demo.pin.to_owned())?.hash()?;
            let inserted = {
                let conn = self.cache.connection();
                store::insert(&conn, demo.name, demo.role, &hash, true, now)
            };
            match inserted {
                Ok(op) => {
                    let conn = self.cache.connection();
                    store::record(
                        &conn,
                        op.id,
                        EventKind::Added,
                        event(&workstation_name(), None, now),
                    )?;
                    out.push(op);
                }
                // Another window created it a moment ago.
                Err(OperatorError::NameTaken(_)) => {
                    out.extend(present(demo.name)?);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// Retires demo operators a real till's database still holds from the
    /// time training shared it: marked removed (the print log keeps their
    /// names), so their public PINs open nothing. Returns how many.
    pub fn retire_training_operators(
        &self,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<u32, OperatorError> {
        let mut conn = self.cache.connection();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let demos: Vec<i64> = store::list(&tx, true)?
            .into_iter()
            .filter(|s| s.operator.training)
            .map(|s| s.operator.id)
            .collect();
        for id in &demos {
            store::mark_removed(&tx, *id, now)?;
            store::record(&tx, *id, EventKind::Removed, event(workstation, None, now))?;
        }
        tx.commit()?;
        Ok(u32::try_from(demos.len()).unwrap_or(u32::MAX))
    }
}
