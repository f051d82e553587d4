//! The link to the site as this counter keeps it: where the site's
//! PostgreSQL is, the role it connects as, its own name there, and how far
//! it has read the site. The password is in the OS keyring, never here.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::error::SiteError;
use crate::cache::Cache;
use crate::printlog::GENESIS;

/// Where the site is and who this counter is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SiteLink {
    pub host: String,
    pub port: u16,
    pub database: String,
    /// The PostgreSQL role counters connect as (`box_office_app`).
    pub role: String,
    /// This counter's name at the site (its workstation name unless given).
    pub counter: String,
}

impl SiteLink {
    pub fn address(&self) -> String {
        format!("{}:{}/{}", self.host, self.port, self.database)
    }

    /// The keyring account of the site's password for this counter.
    pub fn secret_name(&self) -> String {
        format!("site-{}", self.counter)
    }
}

/// How far this counter has read the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marks {
    pub site_id: String,
    pub log_seq: u64,
    pub log_hash: String,
    pub orders: i64,
    pub operators: i64,
    pub completions: i64,
    pub acks: i64,
}

pub fn load(cache: &Cache) -> Result<Option<(SiteLink, Marks)>, SiteError> {
    Ok(cache
        .connection()
        .query_row(
            "SELECT host, port, database, role, counter, site_id, log_seq, log_hash,
                    orders_change, operators_change, completions_change, acks_change
             FROM site_link WHERE id = 1",
            [],
            |r| {
                Ok((
                    SiteLink {
                        host: r.get(0)?,
                        port: u16::try_from(r.get::<_, i64>(1)?).unwrap_or(5432),
                        database: r.get(2)?,
                        role: r.get(3)?,
                        counter: r.get(4)?,
                    },
                    Marks {
                        site_id: r.get(5)?,
                        log_seq: r.get::<_, i64>(6)?.unsigned_abs(),
                        log_hash: r.get(7)?,
                        orders: r.get(8)?,
                        operators: r.get(9)?,
                        completions: r.get(10)?,
                        acks: r.get(11)?,
                    },
                ))
            },
        )
        .optional()?)
}

pub fn save(cache: &Cache, link: &SiteLink, site_id: &str) -> Result<(), SiteError> {
    cache.connection().execute(
        "INSERT INTO site_link (id, host, port, database, role, counter, site_id, joined_at, log_hash)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            link.host,
            i64::from(link.port),
            link.database,
            link.role,
            link.counter,
            site_id,
            chrono::Utc::now().to_rfc3339(),
            GENESIS
        ],
    )?;
    Ok(())
}

/// Forgets the site: the link, the outbox and the copies of what was
/// pulled. What this counter printed stays in its own print log.
pub fn forget(cache: &Cache) -> Result<(), SiteError> {
    cache.connection().execute_batch(
        "BEGIN IMMEDIATE;
         DELETE FROM site_link; DELETE FROM site_outbox; DELETE FROM site_keys;
         DELETE FROM site_log; DELETE FROM site_acks; DELETE FROM site_completions;
         DELETE FROM site_dirty_orders; DELETE FROM site_dirty_completions;
         UPDATE operators SET site_id = NULL;
         COMMIT;",
    )?;
    Ok(())
}

/// Records how far a pull has read, for one of the change streams.
pub fn mark(cache: &Cache, column: &str, change: i64) -> Result<(), SiteError> {
    let sql = match column {
        "orders" => "UPDATE site_link SET orders_change = ?1 WHERE id = 1",
        "operators" => {
            "UPDATE site_link SET operators_change = ?1, operators_synced_at = ?2 WHERE id = 1"
        }
        "completions" => "UPDATE site_link SET completions_change = ?1 WHERE id = 1",
        _ => "UPDATE site_link SET acks_change = ?1 WHERE id = 1",
    };
    let conn = cache.connection();
    if column == "operators" {
        conn.execute(sql, params![change, chrono::Utc::now().to_rfc3339()])?;
    } else {
        conn.execute(sql, [change])?;
    }
    Ok(())
}

/// When the copy of the operators was last brought up to date.
pub fn operators_synced_at(
    cache: &Cache,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, SiteError> {
    let t: Option<String> = cache
        .connection()
        .query_row(
            "SELECT operators_synced_at FROM site_link WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(
        t.and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&chrono::Utc)),
    )
}
