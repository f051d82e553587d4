//! Connection profiles in SQLite (settings only; secrets are in the keyring).

use chrono::Utc;
use rusqlite::{OptionalExtension, Row, params};

use super::{Cache, CacheError};
use crate::providers::Profile;

fn profile(r: &Row<'_>) -> rusqlite::Result<Profile> {
    let platform: String = r.get("platform")?;
    let currency: String = r.get("currency")?;
    Ok(Profile {
        name: r.get("name")?,
        platform: platform.parse().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
        })?,
        display_name: r.get("display_name")?,
        base_url: r.get("base_url")?,
        region_code: r.get("region_code")?,
        application_id: r.get("application_id")?,
        channel_code: r.get("channel_code")?,
        partner_id: r.get("partner_id")?,
        time_zone: r.get("time_zone")?,
        currency: currency.parse().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(8, rusqlite::types::Type::Text, Box::new(e))
        })?,
    })
}

impl Cache {
    /// Stores a new profile; false when the name is taken.
    pub fn insert_profile(&self, p: &Profile) -> Result<bool, CacheError> {
        let n = self.connection().execute(
            "INSERT OR IGNORE INTO profiles (name, platform, display_name, base_url, region_code,
                 application_id, channel_code, partner_id, currency, created_at, time_zone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                p.name,
                p.platform.as_str(),
                p.display_name,
                p.base_url,
                p.region_code,
                p.application_id,
                p.channel_code,
                p.partner_id,
                p.currency.code(),
                Utc::now().to_rfc3339(),
                p.time_zone,
            ],
        )?;
        Ok(n == 1)
    }

    pub fn profile(&self, name: &str) -> Result<Option<Profile>, CacheError> {
        Ok(self
            .connection()
            .query_row("SELECT * FROM profiles WHERE name = ?1", [name], profile)
            .optional()?)
    }

    pub fn profiles(&self) -> Result<Vec<Profile>, CacheError> {
        let conn = self.connection();
        let mut stmt = conn.prepare("SELECT * FROM profiles ORDER BY name")?;
        let rows = stmt.query_map([], profile)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Removes a profile; false when there was none.
    pub fn delete_profile(&self, name: &str) -> Result<bool, CacheError> {
        Ok(self
            .connection()
            .execute("DELETE FROM profiles WHERE name = ?1", [name])?
            == 1)
    }
}
