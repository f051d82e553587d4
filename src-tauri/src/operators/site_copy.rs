//! This counter's copy of the site's operators (site mode). The site decides
//! who the operators are; the copy is what sign-in reads, and what lets a
//! counter cut off from the site sign its cashiers in for a while. A local
//! operator of the same name as a site operator becomes that operator.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::pin::Check;
use super::service::event;
use super::{
    EventKind, ManagerApproval, Operator, OperatorError, Operators, Pin, Role, db_time, store,
};

/// An operator as the site sends them, for the copy.
#[derive(Debug, Clone)]
pub struct FromSite<'a> {
    pub site_id: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub pin_hash: &'a str,
    pub failed_pins: u32,
    pub locks: u32,
    pub locked_until: Option<DateTime<Utc>>,
    pub removed: bool,
}

/// A live real operator of this counter, as uploaded on joining a site.
#[derive(Debug, Clone)]
pub struct Local {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub pin_hash: String,
    pub site_id: Option<String>,
}

impl Operators<'_> {
    /// Brings the copy up to date with operators changed at the site.
    pub fn apply_site(
        &self,
        changed: &[FromSite<'_>],
        now: DateTime<Utc>,
    ) -> Result<(), OperatorError> {
        let mut conn = self.cache.connection();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for o in changed {
            let known: Option<(i64, Option<String>)> = tx
                .query_row(
                    "SELECT id, removed_at FROM operators WHERE site_id = ?1",
                    [o.site_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let removed_at = o.removed.then(|| db_time(now));
            let locked = o.locked_until.map(db_time);
            match known {
                Some((id, was_removed)) => {
                    tx.execute(
                        "UPDATE operators SET name = ?2, role = ?3, pin_hash = ?4, failed_pins = ?5,
                             locks = ?6, locked_until = ?7, removed_at = coalesce(removed_at, ?8)
                         WHERE id = ?1",
                        params![id, o.name, o.role.as_str(), o.pin_hash, o.failed_pins, o.locks, locked, removed_at],
                    )?;
                    if o.removed && was_removed.is_none() {
                        store::record(&tx, id, EventKind::Removed, event("the site", None, now))?;
                    }
                }
                None if o.removed => {}
                None => {
                    // The same person may already be here, added before the
                    // counter joined: they become the site's operator.
                    let same: Option<i64> = tx
                        .query_row(
                            "SELECT id FROM operators WHERE name = ?1 COLLATE NOCASE AND training = 0
                               AND removed_at IS NULL AND site_id IS NULL",
                            [o.name],
                            |r| r.get(0),
                        )
                        .optional()?;
                    match same {
                        Some(id) => {
                            tx.execute(
                                "UPDATE operators SET site_id = ?2, role = ?3, pin_hash = ?4,
                                     failed_pins = ?5, locks = ?6, locked_until = ?7 WHERE id = ?1",
                                params![
                                    id,
                                    o.site_id,
                                    o.role.as_str(),
                                    o.pin_hash,
                                    o.failed_pins,
                                    o.locks,
                                    locked
                                ],
                            )?;
                        }
                        None => {
                            let op = store::insert(&tx, o.name, o.role, o.pin_hash, false, now)?;
                            tx.execute(
                                "UPDATE operators SET site_id = ?2, failed_pins = ?3, locks = ?4,
                                     locked_until = ?5 WHERE id = ?1",
                                params![op.id, o.site_id, o.failed_pins, o.locks, locked],
                            )?;
                            store::record(
                                &tx,
                                op.id,
                                EventKind::Added,
                                event("the site", None, now),
                            )?;
                        }
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The site's id of operator `id`, once the copy knows it.
    pub fn site_id(&self, id: i64) -> Result<Option<String>, OperatorError> {
        Ok(self
            .cache
            .connection()
            .query_row("SELECT site_id FROM operators WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .flatten())
    }

    /// This counter's live real operators, to upload when it joins a site.
    pub fn locals(&self) -> Result<Vec<Local>, OperatorError> {
        let conn = self.cache.connection();
        let mut stmt = conn.prepare(
            "SELECT id, name, role, pin_hash, site_id FROM operators
             WHERE training = 0 AND removed_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let role: String = r.get(2)?;
            Ok(Local {
                id: r.get(0)?,
                name: r.get(1)?,
                role: role.parse().unwrap_or(Role::Cashier),
                pin_hash: r.get(3)?,
                site_id: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a sign-in the site decided, in this counter's events.
    pub fn note_site_sign_in(
        &self,
        id: i64,
        kind: EventKind,
        workstation: &str,
        detail: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(), OperatorError> {
        let conn = self.cache.connection();
        let mut ev = event(workstation, None, now);
        ev.detail = detail;
        store::record(&conn, id, kind, ev)
    }

    /// The operator the site knows as `site_id` (removed or not).
    pub fn by_site_id(&self, site_id: &str) -> Result<Option<Operator>, OperatorError> {
        let id: Option<i64> = self
            .cache
            .connection()
            .query_row(
                "SELECT id FROM operators WHERE site_id = ?1",
                [site_id],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.copied(id),
            None => Ok(None),
        }
    }

    /// The operator `id` of the copy, live or not.
    pub fn copied(&self, id: i64) -> Result<Option<Operator>, OperatorError> {
        Ok(store::by_id(&self.cache.connection(), id)?.map(|s| s.operator))
    }
}

impl Pin {
    /// Whether this PIN is the one `phc` was made from (for a check the site
    /// counts).
    pub fn matches(&self, phc: &str) -> bool {
        matches!(self.check(phc), Ok(Check::Right))
    }

    /// The PIN's hash for a new operator.
    pub fn phc(&self) -> Result<String, OperatorError> {
        self.hash()
    }
}

impl ManagerApproval {
    /// A manager's PIN the site checked (site mode).
    pub fn at_site(manager: Operator) -> ManagerApproval {
        ManagerApproval { manager }
    }
}
