//! What counters share besides the print log: orders (every order a counter
//! fetched, completed or imported), completions (who is completing which
//! order, and every journal entry), operators and the acknowledgements of
//! conflicts. Writes go to the site as they happen here (orders and
//! completions through "dirty" marks the database sets, so every writer is
//! covered); reads come back by change number, never by clock time.

use rusqlite::{OptionalExtension, params};

use super::client::{Call, Connection};
use super::error::SiteError;
use super::link;
use crate::cache::Cache;
use crate::domain::{OrderDocument, Platform};

/// Sends every order written here since the last push. Returns how many.
pub async fn push_orders(
    conn: &Connection,
    cache: &Cache,
    counter: &str,
) -> Result<usize, SiteError> {
    let dirty: Vec<(String, String)> = {
        let c = cache.connection();
        let mut stmt = c.prepare_cached("SELECT platform, id FROM site_dirty_orders LIMIT 500")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut n = 0;
    for (platform, id) in dirty {
        let order = match platform.parse::<Platform>() {
            Ok(p) => cache.get_order(p, &id)?.map(|o| (p, o)),
            Err(_) => None,
        };
        if let Some((p, order)) = order {
            let profile = cache.order_profile(p, &id)?;
            let status = serde_json::to_value(order.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let doc = OrderDocument::new(order).to_json();
            conn.execute_stamped(
                "INSERT INTO orders (platform, id, status, profile, document, counter, updated_at, change)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (platform, id) DO UPDATE SET status = EXCLUDED.status,
                     profile = coalesce(EXCLUDED.profile, orders.profile),
                     document = EXCLUDED.document, counter = EXCLUDED.counter,
                     updated_at = EXCLUDED.updated_at, change = EXCLUDED.change
                 WHERE NOT (orders.status IN ('completed', 'partial')
                            AND EXCLUDED.status NOT IN ('completed', 'partial', 'cancelled'))
                   AND NOT (orders.status = 'cancelled' AND EXCLUDED.status <> 'cancelled')",
                vec![
                    Box::new(platform.clone()),
                    Box::new(id.clone()),
                    Box::new(status),
                    Box::new(profile),
                    Box::new(doc),
                    Box::new(counter.to_owned()),
                    Box::new(chrono::Utc::now().to_rfc3339()),
                ],
            )
            .await?;
        }
        cache.connection().execute(
            "DELETE FROM site_dirty_orders WHERE platform = ?1 AND id = ?2",
            params![platform, id],
        )?;
        n += 1;
    }
    Ok(n)
}

/// Orders in a page of a pull: one query (a few megabytes, well inside a
/// call's time on a slow network) and one local transaction.
const PULL_PAGE: i64 = 2000;

/// Brings in the orders other counters sent since the last pull. An order
/// never moves backwards here either ([`crate::cache::replaces`]).
pub async fn pull_orders(conn: &Connection, cache: &Cache, since: i64) -> Result<usize, SiteError> {
    let mut since = since;
    let mut total = 0;
    // A new counter reads the whole cinema: with SQLite's default page
    // cache its keys' pages are read back from the file at every order.
    let mut bulk = None;
    loop {
        let from = since;
        let rows: Vec<(String, Option<String>, i64)> = conn
            .call(move |c| -> Call<'_, Vec<(String, Option<String>, i64)>> {
                Box::pin(async move {
                    Ok(c.query(
                        "SELECT document, profile, change FROM orders WHERE change > $1 ORDER BY change LIMIT $2",
                        &[&from, &PULL_PAGE],
                    )
                    .await?
                    .iter()
                    .map(|r| (r.get(0), r.get(1), r.get(2)))
                    .collect())
                })
            })
            .await?;
        let Some(last) = rows.last().map(|r| r.2) else {
            return Ok(total);
        };
        if rows.len() as i64 == PULL_PAGE && bulk.is_none() {
            bulk = Some(cache.bulk_writes()?);
        }
        pulling(cache, true)?;
        let stored = (|| -> Result<(), SiteError> {
            // One transaction a page: a new counter reads a cinema's orders
            // in seconds, not one commit per order.
            let mut batch = Vec::with_capacity(rows.len());
            for (doc, profile, _) in &rows {
                match OrderDocument::from_json(doc) {
                    Ok(d) => batch.push((cache.prepare(&d.order)?, profile.clone())),
                    Err(e) => {
                        tracing::warn!(error = %e, "an order from the site could not be read")
                    }
                }
            }
            cache.put_batch(&crate::cache::PreparedBatch::new(batch))?;
            Ok(())
        })();
        pulling(cache, false)?;
        stored?;
        link::mark(cache, "orders", last)?;
        total += rows.len();
        since = last;
    }
}

/// Marks every order this counter holds to be sent (on joining a site).
pub fn mark_all_orders(cache: &Cache) -> Result<(), SiteError> {
    cache.connection().execute(
        "INSERT OR IGNORE INTO site_dirty_orders (platform, id) SELECT platform, id FROM orders",
        [],
    )?;
    Ok(())
}

fn pulling(cache: &Cache, on: bool) -> Result<(), SiteError> {
    cache.connection().execute(
        "UPDATE site_pulling SET active = ?1 WHERE id = 1",
        [i64::from(on)],
    )?;
    Ok(())
}

/// Sends every completion whose journal entry changed here since the last
/// push: its state, message and the platform's answer, newest wins.
pub async fn push_completions(
    conn: &Connection,
    cache: &Cache,
    counter: &str,
) -> Result<usize, SiteError> {
    let mut total = 0;
    loop {
        let n = push_completions_batch(conn, cache, counter).await?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
    }
}

async fn push_completions_batch(
    conn: &Connection,
    cache: &Cache,
    counter: &str,
) -> Result<usize, SiteError> {
    type Snap = (
        i64,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
    );
    let dirty: Vec<Snap> = {
        let c = cache.connection();
        let mut stmt = c.prepare_cached(
            "SELECT c.id, c.request_id, c.platform, c.order_id, c.state, c.operator, c.message,
                    c.answer, c.updated_at
             FROM site_dirty_completions d JOIN completions c ON c.id = d.id LIMIT 500",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let n = dirty.len();
    for (id, request_id, platform, order_id, state, operator, message, answer, updated_at) in dirty
    {
        let Ok(rid) = uuid::Uuid::parse_str(&request_id) else {
            // Never written by this program: nothing the site could use.
            cache
                .connection()
                .execute("DELETE FROM site_dirty_completions WHERE id = ?1", [id])?;
            continue;
        };
        conn.execute_stamped(
            "INSERT INTO completions (request_id, platform, order_id, counter, journal_id,
                 state, operator, message, answer, version, updated_at, change)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11)
             ON CONFLICT (request_id) DO UPDATE SET state = EXCLUDED.state,
                 journal_id = EXCLUDED.journal_id, operator = EXCLUDED.operator,
                 message = EXCLUDED.message, answer = coalesce(EXCLUDED.answer, completions.answer),
                 updated_at = EXCLUDED.updated_at, change = EXCLUDED.change
             WHERE completions.journal_id = 0 OR completions.updated_at <= EXCLUDED.updated_at",
            vec![
                Box::new(rid),
                Box::new(platform),
                Box::new(order_id),
                Box::new(counter.to_owned()),
                Box::new(id),
                Box::new(state),
                Box::new(operator),
                Box::new(message),
                Box::new(answer),
                Box::new(updated_at),
            ],
        )
        .await?;
        cache
            .connection()
            .execute("DELETE FROM site_dirty_completions WHERE id = ?1", [id])?;
    }
    Ok(n)
}

/// A completion as the site last heard of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteCompletion {
    pub request_id: String,
    pub platform: String,
    pub order_id: String,
    pub counter: String,
    pub state: String,
    pub operator: Option<String>,
}

/// Brings in the completions every counter sent since the last pull.
pub async fn pull_completions(
    conn: &Connection,
    cache: &Cache,
    since: i64,
) -> Result<usize, SiteError> {
    type Row = (
        String,
        String,
        String,
        String,
        i64,
        String,
        Option<String>,
        Option<String>,
        String,
        i64,
    );
    let rows: Vec<Row> = conn
        .call(move |c| -> Call<'_, Vec<Row>> {
            Box::pin(async move {
                Ok(c.query(
                    "SELECT request_id::text, platform, order_id, counter, journal_id, state,
                            operator, message, updated_at, change
                     FROM completions WHERE change > $1 ORDER BY change LIMIT 5000",
                    &[&since],
                )
                .await?
                .iter()
                .map(|r| {
                    (
                        r.get(0),
                        r.get(1),
                        r.get(2),
                        r.get(3),
                        r.get(4),
                        r.get(5),
                        r.get(6),
                        r.get(7),
                        r.get(8),
                        r.get(9),
                    )
                })
                .collect())
            })
        })
        .await?;
    let Some(last) = rows.last().map(|r| r.9) else {
        return Ok(0);
    };
    {
        let c = cache.connection();
        let mut stmt = c.prepare_cached(
            "INSERT INTO site_completions (request_id, platform, order_id, counter, journal_id,
                 state, operator, message, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (request_id) DO UPDATE SET state = excluded.state,
                 message = excluded.message, updated_at = excluded.updated_at",
        )?;
        for r in &rows {
            stmt.execute(params![r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8])?;
        }
    }
    link::mark(cache, "completions", last)?;
    Ok(rows.len())
}

/// A completion of the cinema, as this counter last pulled it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CinemaCompletion {
    pub request_id: String,
    pub platform: String,
    pub order_id: String,
    pub counter: String,
    pub state: String,
    pub operator: Option<String>,
    pub message: Option<String>,
    pub updated_at: String,
}

/// Every completion of the cinema this counter has heard of, newest first.
pub fn cinema_completions(cache: &Cache, limit: u32) -> Result<Vec<CinemaCompletion>, SiteError> {
    let c = cache.connection();
    let mut stmt = c.prepare(
        "SELECT request_id, platform, order_id, counter, state, operator, message, updated_at
         FROM site_completions ORDER BY updated_at DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(CinemaCompletion {
            request_id: r.get(0)?,
            platform: r.get(1)?,
            order_id: r.get(2)?,
            counter: r.get(3)?,
            state: r.get(4)?,
            operator: r.get(5)?,
            message: r.get(6)?,
            updated_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The live completion of an order at another counter, as last pulled.
pub fn completing_elsewhere(
    cache: &Cache,
    platform: Platform,
    order_id: &str,
    me: &str,
) -> Result<Option<SiteCompletion>, SiteError> {
    Ok(cache
        .connection()
        .query_row(
            "SELECT request_id, platform, order_id, counter, state, operator FROM site_completions
             WHERE platform = ?1 AND order_id = ?2 AND counter <> ?3
               AND state NOT IN ('failed', 'abandoned')
             ORDER BY updated_at DESC LIMIT 1",
            params![platform.as_str(), order_id, me],
            |r| {
                Ok(SiteCompletion {
                    request_id: r.get(0)?,
                    platform: r.get(1)?,
                    order_id: r.get(2)?,
                    counter: r.get(3)?,
                    state: r.get(4)?,
                    operator: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// Claims order `order_id` at the site for a completion this counter is
/// about to start with `request_id`: refused with the other counter's
/// completion when one that is not failed or set aside exists (being
/// completed there, or already sold there). Two counters claiming at once
/// take turns on the order's lock.
pub async fn claim(
    conn: &Connection,
    platform: Platform,
    order_id: &str,
    counter: &str,
    operator: &str,
    request_id: uuid::Uuid,
) -> Result<Option<SiteCompletion>, SiteError> {
    let (p, o, me, who) = (
        platform.as_str().to_owned(),
        order_id.to_owned(),
        counter.to_owned(),
        operator.to_owned(),
    );
    conn.call(move |c| -> Call<'_, Option<SiteCompletion>> {
        let (me, o, p, who) = (me.clone(), o.clone(), p.clone(), who.clone());
        Box::pin(async move {
            let tx = c.transaction().await?;
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtext($1 || ':' || $2))",
                &[&p, &o],
            )
            .await?;
            let other = tx
                .query_opt(
                    "SELECT request_id::text, platform, order_id, counter, state, operator
                     FROM completions
                     WHERE platform = $1 AND order_id = $2 AND request_id <> $3
                       AND state NOT IN ('failed', 'abandoned')
                       AND NOT (journal_id = 0 AND claimed_at < now() - interval '2 minutes')
                     ORDER BY change DESC LIMIT 1",
                    &[&p, &o, &request_id],
                )
                .await?
                .map(|r| SiteCompletion {
                    request_id: r.get(0),
                    platform: r.get(1),
                    order_id: r.get(2),
                    counter: r.get(3),
                    state: r.get(4),
                    operator: r.get(5),
                });
            if other.is_none() {
                let change: i64 = tx.query_one("SELECT next_change()", &[]).await?.get(0);
                let now = chrono::Utc::now().to_rfc3339();
                tx.execute(
                    "INSERT INTO completions (request_id, platform, order_id, counter, journal_id,
                         state, operator, message, version, updated_at, change)
                     VALUES ($1, $2, $3, $4, 0, 'intent', $5, 'claimed at the site', 0, $6, $7)
                     ON CONFLICT (request_id) DO NOTHING",
                    &[&request_id, &p, &o, &me, &who, &now, &change],
                )
                .await?;
            }
            tx.commit().await?;
            Ok(other)
        })
    })
    .await
}

/// Lets go of a claim whose completion never started here (refused before
/// anything was sent): another counter may complete the order.
pub async fn release(conn: &Connection, request_id: uuid::Uuid) -> Result<(), SiteError> {
    conn.execute_stamped(
        "UPDATE completions SET state = 'abandoned', message = 'not sent', change = $2
         WHERE request_id = $1 AND journal_id = 0",
        vec![Box::new(request_id)],
    )
    .await
}
