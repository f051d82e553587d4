//! Operators at the site: created, changed and removed there once, their
//! wrong PINs and locks counted there, and copied to every counter (the
//! PIN's Argon2id hash only) so a counter cut off from the site can still
//! sign its cashiers in for a while.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::client::{Call, Connection};
use super::error::SiteError;
use crate::operators::lockout::{self, AfterWrongPin};

/// An operator as the site keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteOperator {
    pub id: Uuid,
    pub name: String,
    pub role: String,
    pub pin_hash: String,
    pub failed_pins: i32,
    pub locks: i32,
    pub locked_until: Option<String>,
    pub created_at: String,
    pub removed_at: Option<String>,
    pub change: i64,
}

const COLUMNS: &str =
    "id, name, role, pin_hash, failed_pins, locks, locked_until, created_at, removed_at, change";

fn row(r: &tokio_postgres::Row) -> SiteOperator {
    SiteOperator {
        id: r.get(0),
        name: r.get(1),
        role: r.get(2),
        pin_hash: r.get(3),
        failed_pins: r.get(4),
        locks: r.get(5),
        locked_until: r.get(6),
        created_at: r.get(7),
        removed_at: r.get(8),
        change: r.get(9),
    }
}

/// The operators changed at the site since `since`, oldest change first.
pub async fn changed_since(conn: &Connection, since: i64) -> Result<Vec<SiteOperator>, SiteError> {
    conn.call(move |c| -> Call<'_, Vec<SiteOperator>> {
        Box::pin(async move {
            Ok(c.query(
                &format!("SELECT {COLUMNS} FROM operators WHERE change > $1 ORDER BY change"),
                &[&since],
            )
            .await?
            .iter()
            .map(row)
            .collect())
        })
    })
    .await
}

/// What a manager's change to the operators came to at the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    Done(SiteOperator),
    /// A live operator has the name already.
    NameTaken,
    /// The operator is not (or no longer) at the site.
    Unknown,
    /// The only live manager cannot be removed.
    LastManager,
    /// A first manager, when the site has one already.
    ManagerExists,
}

/// Every change to the operators takes this lock first, so "is there a
/// manager left" and "is the name free" are answered for one state.
const OPERATORS_LOCK: &str = "SELECT pg_advisory_xact_lock(7423001)";

/// Adds an operator at the site. `first` adds the site's first manager,
/// refused once it has one.
pub async fn add(
    conn: &Connection,
    name: &str,
    role: &str,
    pin_hash: &str,
    first: bool,
) -> Result<Changed, SiteError> {
    let (name, role, hash) = (name.to_owned(), role.to_owned(), pin_hash.to_owned());
    conn.call(move |c| -> Call<'_, Changed> {
        let (hash, name, role) = (hash.clone(), name.clone(), role.clone());
        Box::pin(async move {
            let tx = c.transaction().await?;
            tx.execute(OPERATORS_LOCK, &[]).await?;
            if first {
                let managers: i64 = tx
                    .query_one(
                        "SELECT count(*) FROM operators WHERE role = 'manager' AND removed_at IS NULL",
                        &[],
                    )
                    .await?
                    .get(0);
                if managers > 0 {
                    return Ok(Changed::ManagerExists);
                }
            }
            let change: i64 = tx.query_one("SELECT next_change()", &[]).await?.get(0);
            let r = tx
                .query_opt(
                    &format!(
                        "INSERT INTO operators (id, name, role, pin_hash, created_at, change)
                         VALUES ($1, $2, $3, $4, $5, $6)
                         ON CONFLICT (lower(name)) WHERE removed_at IS NULL DO NOTHING
                         RETURNING {COLUMNS}"
                    ),
                    &[&Uuid::new_v4(), &name, &role, &hash, &Utc::now().to_rfc3339(), &change],
                )
                .await?
                .map(|r| row(&r));
            tx.commit().await?;
            Ok(r.map_or(Changed::NameTaken, Changed::Done))
        })
    })
    .await
}

/// Marks an operator removed at the site (every counter refuses them once
/// it has pulled the change, within seconds). The last live manager stays.
pub async fn remove(conn: &Connection, id: Uuid) -> Result<Changed, SiteError> {
    conn.call(move |c| -> Call<'_, Changed> {
        Box::pin(async move {
            let tx = c.transaction().await?;
            tx.execute(OPERATORS_LOCK, &[]).await?;
            let Some(target) = tx
                .query_opt(
                    &format!("SELECT {COLUMNS} FROM operators WHERE id = $1 AND removed_at IS NULL"),
                    &[&id],
                )
                .await?
                .map(|r| row(&r))
            else {
                return Ok(Changed::Unknown);
            };
            if target.role == "manager" {
                let managers: i64 = tx
                    .query_one(
                        "SELECT count(*) FROM operators WHERE role = 'manager' AND removed_at IS NULL",
                        &[],
                    )
                    .await?
                    .get(0);
                if managers <= 1 {
                    return Ok(Changed::LastManager);
                }
            }
            let change: i64 = tx.query_one("SELECT next_change()", &[]).await?.get(0);
            let r = tx
                .query_one(
                    &format!(
                        "UPDATE operators SET removed_at = $2, change = $3 WHERE id = $1 RETURNING {COLUMNS}"
                    ),
                    &[&id, &Utc::now().to_rfc3339(), &change],
                )
                .await?;
            tx.commit().await?;
            Ok(Changed::Done(row(&r)))
        })
    })
    .await
}

/// Ends an operator's lock and count of wrong PINs at the site (the count
/// of locks stays, as on a single counter).
pub async fn unlock(conn: &Connection, id: Uuid) -> Result<Changed, SiteError> {
    conn.call(move |c| -> Call<'_, Changed> {
        Box::pin(async move {
            let tx = c.transaction().await?;
            let change: i64 = tx.query_one("SELECT next_change()", &[]).await?.get(0);
            let r = tx
                .query_opt(
                    &format!(
                        "UPDATE operators SET failed_pins = 0, locked_until = NULL, change = $2
                         WHERE id = $1 AND removed_at IS NULL RETURNING {COLUMNS}"
                    ),
                    &[&id, &change],
                )
                .await?
                .map(|r| row(&r));
            tx.commit().await?;
            Ok(r.map_or(Changed::Unknown, Changed::Done))
        })
    })
    .await
}

/// What a PIN entered at a counter did to the operator at the site, with
/// the operator as the site now has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinAtSite {
    Right(SiteOperator),
    /// Wrong: tries left before the lock.
    Wrong(u32, SiteOperator),
    Locked(DateTime<Utc>, SiteOperator),
    /// Removed, or never at the site.
    Unknown,
}

/// Checks a PIN against the site's operator and counts it there, under the
/// row's lock, so wrong PINs add up across every counter. `check` says
/// whether the PIN matches a stored hash.
pub async fn sign_in(
    conn: &Connection,
    id: Uuid,
    check: impl Fn(&str) -> bool + Send + Sync + Clone + 'static,
) -> Result<PinAtSite, SiteError> {
    conn.call(move |c| -> Call<'_, PinAtSite> {
        let check = check.clone();
        Box::pin(async move {
            let tx = c.transaction().await?;
            let Some(op) = tx
                .query_opt(
                    &format!("SELECT {COLUMNS} FROM operators WHERE id = $1 AND removed_at IS NULL FOR UPDATE"),
                    &[&id],
                )
                .await?
                .map(|r| row(&r))
            else {
                return Ok(PinAtSite::Unknown);
            };
            let now = Utc::now();
            let until = op
                .locked_until
                .as_deref()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc));
            if let Some(until) = lockout::in_force(until, now) {
                return Ok(PinAtSite::Locked(until, op));
            }
            let right = check(&op.pin_hash);
            let failed = u32::try_from(op.failed_pins).unwrap_or(0);
            let locks = u32::try_from(op.locks).unwrap_or(0);
            if right && failed == 0 {
                // Nothing to count: the row stays as it is.
                tx.commit().await?;
                return Ok(PinAtSite::Right(op));
            }
            let (failed, locks, until, left) = if right {
                (0, 0, None, None)
            } else {
                match lockout::after_wrong_pin(failed, locks, now) {
                    AfterWrongPin::TriesLeft { failed, left } => (failed, locks, None, Some(left)),
                    AfterWrongPin::Locked { locks, until } => (0, locks, Some(until), None),
                }
            };
            let change: i64 = tx.query_one("SELECT next_change()", &[]).await?.get(0);
            let updated = row(
                &tx.query_one(
                    &format!(
                        "UPDATE operators SET failed_pins = $2, locks = $3, locked_until = $4, change = $5
                         WHERE id = $1 RETURNING {COLUMNS}"
                    ),
                    &[
                        &id,
                        &i32::try_from(failed).unwrap_or(i32::MAX),
                        &i32::try_from(locks).unwrap_or(i32::MAX),
                        &until.map(|t| t.to_rfc3339()),
                        &change,
                    ],
                )
                .await?,
            );
            tx.commit().await?;
            Ok(match (right, until, left) {
                (true, _, _) => PinAtSite::Right(updated),
                (false, Some(until), _) => PinAtSite::Locked(until, updated),
                (false, None, left) => PinAtSite::Wrong(left.unwrap_or(0), updated),
            })
        })
    })
    .await
}
