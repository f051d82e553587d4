//! The operators' rows and events in SQLite. The PIN hash is read here and
//! handed only to the PIN check; it never leaves the module.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{EventKind, Operator, OperatorError, OperatorEvent, Role, db_time, parse_db_time};

/// An operator with what only the service may see.
pub(super) struct Stored {
    pub operator: Operator,
    pub pin_hash: String,
    pub failed_pins: u32,
    pub locks: u32,
}

const COLUMNS: &str = "id, name, role, training, locked_until, pin_hash, failed_pins, locks";

fn conversion(col: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        rusqlite::types::Type::Text,
        format!("unreadable {what}").into(),
    )
}

fn stored(r: &Row<'_>) -> rusqlite::Result<Stored> {
    let role: String = r.get(2)?;
    let role = role.parse::<Role>().map_err(|_| conversion(2, "role"))?;
    let locked_until = match r.get::<_, Option<String>>(4)? {
        Some(s) => Some(parse_db_time(&s).ok_or_else(|| conversion(4, "lock time"))?),
        None => None,
    };
    Ok(Stored {
        operator: Operator {
            id: r.get(0)?,
            name: r.get(1)?,
            role,
            training: r.get(3)?,
            locked_until,
        },
        pin_hash: r.get(5)?,
        failed_pins: r.get(6)?,
        locks: r.get(7)?,
    })
}

/// A live (not removed) operator by id.
pub(super) fn by_id(conn: &Connection, id: i64) -> Result<Option<Stored>, OperatorError> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM operators WHERE id = ?1 AND removed_at IS NULL"),
            [id],
            stored,
        )
        .optional()?)
}

/// A live operator by name (any case); a real operator comes before a demo
/// one of the same name, and demo ones only in training mode.
pub(super) fn by_name(
    conn: &Connection,
    name: &str,
    training_mode: bool,
) -> Result<Option<Stored>, OperatorError> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM operators
                 WHERE name = ?1 COLLATE NOCASE AND removed_at IS NULL
                   AND (training = 0 OR ?2)
                 ORDER BY training LIMIT 1"
            ),
            params![name.trim(), training_mode],
            stored,
        )
        .optional()?)
}

pub(super) fn list(conn: &Connection, training_mode: bool) -> Result<Vec<Stored>, OperatorError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM operators
         WHERE removed_at IS NULL AND (training = 0 OR ?1)
         ORDER BY training, role DESC, name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([training_mode], stored)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Live managers who are not demo operators.
pub(super) fn real_managers(conn: &Connection) -> Result<u32, OperatorError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM operators
         WHERE role = 'manager' AND training = 0 AND removed_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

pub(super) fn insert(
    conn: &Connection,
    name: &str,
    role: Role,
    pin_hash: &str,
    training: bool,
    now: DateTime<Utc>,
) -> Result<Operator, OperatorError> {
    let n = conn.execute(
        "INSERT OR IGNORE INTO operators (name, role, pin_hash, training, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, role.as_str(), pin_hash, training, db_time(now)],
    )?;
    if n == 0 {
        return Err(OperatorError::NameTaken(name.to_owned()));
    }
    Ok(Operator {
        id: conn.last_insert_rowid(),
        name: name.to_owned(),
        role,
        training,
        locked_until: None,
    })
}

/// Writes the wrong-PIN state: `failed` in a row, `locks` so far, the lock's end.
pub(super) fn set_lock_state(
    conn: &Connection,
    id: i64,
    failed: u32,
    locks: u32,
    locked_until: Option<DateTime<Utc>>,
) -> Result<(), OperatorError> {
    conn.execute(
        "UPDATE operators SET failed_pins = ?2, locks = ?3, locked_until = ?4 WHERE id = ?1",
        params![id, failed, locks, locked_until.map(db_time)],
    )?;
    Ok(())
}

pub(super) fn mark_removed(
    conn: &Connection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), OperatorError> {
    conn.execute(
        "UPDATE operators SET removed_at = ?2 WHERE id = ?1",
        params![id, db_time(now)],
    )?;
    Ok(())
}

/// What an event says besides its operator and kind.
pub(super) struct Event<'a> {
    pub workstation: &'a str,
    pub by: Option<i64>,
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
}

pub(super) fn record(
    conn: &Connection,
    operator: i64,
    kind: EventKind,
    e: Event<'_>,
) -> Result<(), OperatorError> {
    conn.execute(
        "INSERT INTO operator_events (operator_id, kind, workstation, by_operator, detail, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            operator,
            kind.as_str(),
            e.workstation,
            e.by,
            e.detail,
            db_time(e.at)
        ],
    )?;
    Ok(())
}

pub(super) fn events(
    conn: &Connection,
    operator: i64,
) -> Result<Vec<OperatorEvent>, OperatorError> {
    let mut stmt = conn.prepare(
        "SELECT operator_id, kind, workstation, by_operator, detail, at
         FROM operator_events WHERE operator_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([operator], |r| {
        let kind: String = r.get(1)?;
        let at: String = r.get(5)?;
        Ok(OperatorEvent {
            operator_id: r.get(0)?,
            kind: EventKind::parse(&kind).ok_or_else(|| conversion(1, "event kind"))?,
            workstation: r.get(2)?,
            by_operator: r.get(3)?,
            detail: r.get(4)?,
            at: parse_db_time(&at).ok_or_else(|| conversion(5, "event time"))?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
