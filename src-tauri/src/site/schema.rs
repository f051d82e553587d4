//! The site's schema: numbered SQL files embedded in the binary, applied in
//! order by the site's owner (`box-office site migrate`), and checked by
//! every counter that connects: a site newer than this Box Office is
//! refused, an older one is named with what to run.

use tokio_postgres::Client;

use super::client::{Call, Connection};
use super::error::SiteError;

const FILES: &[&str] = &[include_str!("schema/0001_site.sql")];

/// The schema version this build knows.
pub fn known() -> i32 {
    i32::try_from(FILES.len()).unwrap_or(i32::MAX)
}

async fn version_of(client: &Client) -> Result<i32, tokio_postgres::Error> {
    let exists: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM information_schema.tables
                            WHERE table_schema = 'public' AND table_name = 'site')",
            &[],
        )
        .await?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one("SELECT schema_version FROM site WHERE id = 1", &[])
        .await?
        .get(0))
}

/// The site's schema version (0 for an empty database).
pub async fn version(conn: &Connection) -> Result<i32, SiteError> {
    conn.call(|c| -> Call<'_, i32> { Box::pin(async move { version_of(c).await }) })
        .await
}

/// Refuses a site whose schema is not this build's.
pub async fn check(conn: &Connection) -> Result<(), SiteError> {
    let found = version(conn).await?;
    match found.cmp(&known()) {
        std::cmp::Ordering::Greater => Err(SiteError::TooNew {
            found,
            known: known(),
        }),
        std::cmp::Ordering::Less => Err(SiteError::TooOld {
            found,
            known: known(),
        }),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

/// Brings the site's schema up to this build's, one file a transaction.
/// Returns the version before. Refuses a newer schema.
pub async fn migrate(conn: &Connection) -> Result<i32, SiteError> {
    let before = version(conn).await?;
    if before > known() {
        return Err(SiteError::TooNew {
            found: before,
            known: known(),
        });
    }
    for (i, sql) in FILES
        .iter()
        .enumerate()
        .skip(usize::try_from(before).unwrap_or(0))
    {
        let version = i32::try_from(i + 1).unwrap_or(i32::MAX);
        conn.call(move |c| -> Call<'_, ()> {
            Box::pin(async move {
                let tx = c.transaction().await?;
                tx.batch_execute(sql).await?;
                tx.execute(
                    "UPDATE site SET schema_version = $1 WHERE id = 1",
                    &[&version],
                )
                .await?;
                tx.commit().await
            })
        })
        .await?;
    }
    Ok(before)
}
