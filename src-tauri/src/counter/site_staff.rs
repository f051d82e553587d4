//! Operators in site mode: the site decides who they are. A PIN is checked
//! at the site while it answers (wrong PINs and locks count there, for
//! every counter), and against this counter's copy while it does not, for
//! as long as the setting allows after the copy was last brought up to
//! date. A manager's changes (add, remove, unlock) are made at the site and
//! copied back at once; cut off from the site they wait for it.

use chrono::Utc;
use uuid::Uuid;

use super::{Counter, CounterError};
use crate::operators::{EventKind, FromSite, ManagerApproval, Operator, OperatorError, Pin, Role};
use crate::site::operators::{Changed, PinAtSite, SiteOperator};
use crate::site::{self, Site, SiteError};

impl Counter {
    /// The site, and operator `id`'s id there, when this counter joined a
    /// site and the operator is the site's.
    fn at_site(&self, id: i64) -> Result<Option<(std::sync::Arc<Site>, Uuid)>, CounterError> {
        if self.is_training() {
            return Ok(None);
        }
        let Some(site) = self.site() else {
            return Ok(None);
        };
        let Some(site_id) = self.operators().site_id(id)? else {
            return Ok(None);
        };
        Ok(Uuid::parse_str(&site_id).ok().map(|u| (site, u)))
    }

    /// Checks `pin` for operator `id` at the site, in site mode. `None`
    /// when the PIN is to be checked against this counter's copy: no site,
    /// an operator of this counter only, or the site cut off (and the copy
    /// still fresh enough to trust).
    pub(super) fn pin_at_site(
        &self,
        id: i64,
        pin: &Pin,
        success: EventKind,
    ) -> Result<Option<Operator>, CounterError> {
        let Some((site, site_id)) = self.at_site(id)? else {
            return Ok(None);
        };
        if !site.seems_cut_off() {
            let pin = pin.clone();
            let asked = site.blocking(move |c| {
                Box::pin(async move {
                    site::operators::sign_in(c, site_id, move |hash| pin.matches(hash)).await
                })
            });
            let now = Utc::now();
            let ws = self.workstation();
            let ops = self.operators();
            match asked {
                Ok(PinAtSite::Right(op)) => {
                    self.apply_site_operators(std::slice::from_ref(&op))?;
                    ops.note_site_sign_in(id, success, &ws, None, now)?;
                    return Ok(Some(ops.current(id, false)?));
                }
                Ok(PinAtSite::Wrong(left, op)) => {
                    self.apply_site_operators(std::slice::from_ref(&op))?;
                    ops.note_site_sign_in(
                        id,
                        EventKind::WrongPin,
                        &ws,
                        Some(format!("{left} left")),
                        now,
                    )?;
                    return Err(OperatorError::WrongPin { tries_left: left }.into());
                }
                Ok(PinAtSite::Locked(until, op)) => {
                    self.apply_site_operators(std::slice::from_ref(&op))?;
                    ops.note_site_sign_in(id, EventKind::RefusedLocked, &ws, None, now)?;
                    return Err(OperatorError::Locked { until }.into());
                }
                Ok(PinAtSite::Unknown) => {
                    // Removed at the site: the next round copies that here.
                    let name = ops.copied(id)?.map_or_else(|| format!("#{id}"), |o| o.name);
                    return Err(OperatorError::Unknown(name).into());
                }
                Err(e) if e.cuts_off() => {}
                Err(e) => return Err(e.into()),
            }
        }
        // Cut off: the copy decides, while it is recent enough.
        let hours = self.settings().offline_sign_in_hours;
        let fresh = site::link::operators_synced_at(&self.cache)?
            .is_some_and(|t| Utc::now() - t <= chrono::Duration::hours(i64::from(hours)));
        if !fresh {
            return Err(CounterError::OperatorsCopyStale { hours });
        }
        Ok(None)
    }

    /// A manager's PIN checked at the site (see [`Counter::pin_at_site`]).
    pub(super) fn approval_at_site(
        &self,
        id: i64,
        pin: &Pin,
    ) -> Result<Option<ManagerApproval>, CounterError> {
        match self.pin_at_site(id, pin, EventKind::Authorised)? {
            None => Ok(None),
            Some(op) if op.role == Role::Manager => Ok(Some(ManagerApproval::at_site(op))),
            Some(op) => Err(OperatorError::NotManager(op.name).into()),
        }
    }

    /// Adds an operator at the site (site mode); `None` without a site.
    pub(super) fn add_at_site(
        &self,
        name: &str,
        role: Role,
        pin: &Pin,
        first: bool,
    ) -> Result<Option<Operator>, CounterError> {
        if self.is_training() {
            return Ok(None);
        }
        let Some(site) = self.site() else {
            return Ok(None);
        };
        let name = crate::operators::checked_name(name)?.to_owned();
        let hash = pin.phc()?;
        let (n, h) = (name.clone(), hash);
        let changed = site
            .blocking(move |c| {
                Box::pin(async move { site::operators::add(c, &n, role.as_str(), &h, first).await })
            })
            .map_err(needs_site)?;
        let op = self
            .after_change(changed, &name)?
            .ok_or(OperatorError::Unknown(name))?;
        Ok(Some(op))
    }

    /// Removes (`remove`) or unlocks operator `id` at the site (site mode),
    /// and copies the change here; `false` when the operator is not the
    /// site's.
    pub(super) fn change_at_site(
        &self,
        id: i64,
        name: &str,
        remove: bool,
    ) -> Result<bool, CounterError> {
        let Some((site, site_id)) = self.at_site(id)? else {
            return Ok(false);
        };
        let changed = site
            .blocking(move |c| {
                Box::pin(async move {
                    if remove {
                        site::operators::remove(c, site_id).await
                    } else {
                        site::operators::unlock(c, site_id).await
                    }
                })
            })
            .map_err(needs_site)?;
        self.after_change(changed, name)?;
        Ok(true)
    }

    /// Copies a change made at the site here; the operator as copied.
    fn after_change(&self, changed: Changed, name: &str) -> Result<Option<Operator>, CounterError> {
        let op = match changed {
            Changed::Done(op) => op,
            Changed::NameTaken => return Err(OperatorError::NameTaken(name.to_owned()).into()),
            Changed::Unknown => return Err(OperatorError::Unknown(name.to_owned()).into()),
            Changed::LastManager => return Err(OperatorError::LastManager(name.to_owned()).into()),
            Changed::ManagerExists => return Err(OperatorError::ManagerExists.into()),
        };
        self.apply_site_operators(std::slice::from_ref(&op))?;
        Ok(self.operators().by_site_id(&op.id.to_string())?)
    }

    /// Brings this counter's copy up to date with operators as the site has
    /// them.
    pub(super) fn apply_site_operators(
        &self,
        changed: &[SiteOperator],
    ) -> Result<(), CounterError> {
        let parsed: Vec<(String, Role, Option<chrono::DateTime<Utc>>)> = changed
            .iter()
            .map(|o| {
                (
                    o.id.to_string(),
                    o.role.parse().unwrap_or(Role::Cashier),
                    o.locked_until
                        .as_deref()
                        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                        .map(|t| t.with_timezone(&Utc)),
                )
            })
            .collect();
        let rows: Vec<FromSite<'_>> = changed
            .iter()
            .zip(&parsed)
            .map(|(o, (id, role, until))| FromSite {
                site_id: id,
                name: &o.name,
                role: *role,
                pin_hash: &o.pin_hash,
                failed_pins: u32::try_from(o.failed_pins).unwrap_or(0),
                locks: u32::try_from(o.locks).unwrap_or(0),
                locked_until: *until,
                removed: o.removed_at.is_some(),
            })
            .collect();
        self.operators().apply_site(&rows, Utc::now())?;
        Ok(())
    }
}

/// A manager's change to the operators needs the site: cut off, it waits.
fn needs_site(e: SiteError) -> CounterError {
    if e.cuts_off() {
        CounterError::NeedsSite
    } else {
        e.into()
    }
}
