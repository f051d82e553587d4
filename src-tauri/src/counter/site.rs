//! The counter in site mode: joining and leaving the site, one round of
//! sending and reading (the window runs one every few seconds, the command
//! line one per command), and what this counter knows of the site's prints
//! when the site cannot be asked: its copy of the site's log, plus its own
//! entries not sent yet.

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::params;
use uuid::Uuid;

use super::authority::{Asker, ManagerPin};
use super::{Counter, CounterError};
use crate::domain::Platform;
use crate::printlog::{LogEntry, PrintLog};
use crate::secrets::Sensitive;
use crate::site::{self, Site, SiteChain, SiteEntry, SiteError, SiteLink, SiteStatus, Synced};

impl Counter {
    /// The site this counter joined, if any.
    pub fn site(&self) -> Option<Arc<Site>> {
        self.site.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// How the site stands, when this counter joined one.
    pub fn site_status(&self) -> Result<Option<SiteStatus>, CounterError> {
        match self.site() {
            Some(s) => Ok(Some(s.status(&self.cache)?)),
            None => Ok(None),
        }
    }

    /// Joins the site at `link`: a manager's act (with a PIN) once this
    /// counter has a manager. This counter's print log goes to the site once
    /// (its entries keep this counter's name, and count as printed while
    /// not joined), its operators too unless the site has them, and it
    /// reads what the site holds.
    pub async fn join_site(
        &self,
        who: Option<(&Asker<'_>, &ManagerPin<'_>)>,
        link: SiteLink,
        password: Sensitive<String>,
    ) -> Result<SiteStatus, CounterError> {
        if self.is_training() {
            return Err(CounterError::InTraining);
        }
        let authority = match who {
            Some((asker, manager)) => Some(self.manager_authority(asker, manager)?),
            None if self.operators().has_manager()? => return Err(CounterError::ManagersOnly),
            None => None,
        };
        let site = Site::join(&self.cache, &self.keyring, link, password).await?;
        self.enqueue_history(&site.link().counter)?;
        // The orders this counter holds go to the site too, so any counter
        // finds them.
        site::shared::mark_all_orders(&self.cache)?;
        for op in self.operators().locals()? {
            if op.site_id.is_none() {
                let hash = op.pin_hash.clone();
                site::operators::add(site.connection(), &op.name, op.role.as_str(), &hash, false)
                    .await?;
            }
        }
        *self.site.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(site));
        self.site_sync().await?;
        if let Some(a) = &authority {
            tracing::info!(manager = %a.operator.name, "joined the site");
        }
        self.site_status()?
            .ok_or(CounterError::Site(SiteError::NotJoined))
    }

    /// Leaves the site (a manager's act): the link and the copies of what
    /// was pulled go; this counter's own records stay. Refused while entries
    /// wait to be sent.
    pub fn leave_site(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
    ) -> Result<(), CounterError> {
        self.manager_authority(asker, manager)?;
        let waiting = site::outbox::pending(&self.cache)?;
        if waiting > 0 {
            return Err(CounterError::SiteOutboxNotEmpty(waiting));
        }
        Site::leave(&self.cache, &self.keyring)?;
        *self.site.write().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(())
    }

    /// One round with the site, if this counter joined one: what waits is
    /// sent, what changed is read, and the operators' copy brought up to
    /// date. A site that cannot be reached is not an error here: the
    /// status says so.
    pub async fn site_sync(&self) -> Result<Option<Synced>, CounterError> {
        let Some(site) = self.site() else {
            return Ok(None);
        };
        match site.sync(&self.cache).await {
            Ok(s) => {
                self.apply_operators(&s.operators)?;
                Ok(Some(s))
            }
            Err(e) if e.cuts_off() => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn apply_operators(
        &self,
        changed: &[site::operators::SiteOperator],
    ) -> Result<(), CounterError> {
        let last = changed
            .iter()
            .map(|o| o.change)
            .max()
            .map_or(current_operators_mark(&self.cache), Ok)?;
        self.apply_site_operators(changed)?;
        // Marked even when nothing changed: the copy is as fresh as the site.
        Ok(site::link::mark(&self.cache, "operators", last)?)
    }

    /// Every completion of the cinema, as last read from the site (site
    /// mode), newest first.
    pub fn cinema_completions(
        &self,
        limit: u32,
    ) -> Result<Vec<site::shared::CinemaCompletion>, CounterError> {
        Ok(site::shared::cinema_completions(&self.cache, limit)?)
    }

    /// Sends what this counter did (log entries, orders, completions), if
    /// the site answers; what it cannot send waits.
    pub async fn site_push(&self) -> Result<(), CounterError> {
        let Some(site) = self.site() else {
            return Ok(());
        };
        match site.push(&self.cache).await {
            Err(e) if !e.cuts_off() => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Sends what waits in the outbox, if the site answers (after a print,
    /// so the results reach the site without waiting for the next round).
    pub(super) async fn site_send(&self) {
        if let Some(site) = self.site()
            && let Err(e) = site::outbox::flush(site.connection(), &self.cache, None).await
            && !e.cuts_off()
        {
            tracing::warn!(error = %e, "could not send this counter's entries to the site");
        }
    }

    /// A manager acknowledges a conflict (a second original printed while
    /// cut off), at the site.
    pub async fn acknowledge_conflict(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
        seq: u64,
    ) -> Result<(), CounterError> {
        let who = self.manager_authority(asker, manager)?;
        let site = self.site().ok_or(SiteError::NotJoined)?;
        let by = who
            .approval
            .as_ref()
            .map_or(who.operator.name.clone(), |a| a.manager().name.clone());
        site.acknowledge(seq, &by).await?;
        self.site_sync().await?;
        Ok(())
    }

    /// Recomputes the site's whole chain, when this counter joined a site;
    /// while the site cannot be reached, this counter's copy of it.
    pub async fn verify_site_log(&self) -> Result<Option<SiteChain>, CounterError> {
        match self.site() {
            Some(s) => match s.verify(&self.cache).await {
                Ok(chain) => Ok(Some(chain)),
                Err(e) if e.cuts_off() => Ok(Some(site::log::verify_copy(&self.cache)?)),
                Err(e) => Err(e.into()),
            },
            None => Ok(None),
        }
    }

    /// Queues this counter's own print log, from before it joined, as its
    /// history: sent once, keeping this counter's name.
    fn enqueue_history(&self, counter: &str) -> Result<(), CounterError> {
        let entries = PrintLog::new(&self.cache).entries_after(0)?;
        let mut keys: HashMap<i64, Uuid> = HashMap::new();
        for e in entries {
            let key = site::new_key();
            let attempt_key = e.attempt_seq.and_then(|s| keys.get(&s).copied());
            let entry = site_entry(&e, key, attempt_key, counter, true);
            keys.insert(e.seq, key);
            self.remember_key(e.seq, key)?;
            site::outbox::enqueue(&self.cache, &entry)?;
        }
        Ok(())
    }

    /// In site mode, queues this counter's own entry `seq` (a result or a
    /// control) for the site, after the entries before it.
    pub(super) fn mirror_to_site(&self, seq: u64) -> Result<(), CounterError> {
        let Some(site) = self.site() else {
            return Ok(());
        };
        let Some(e) = PrintLog::new(&self.cache)
            .entries_after(seq.saturating_sub(1))?
            .into_iter()
            .next()
        else {
            return Ok(());
        };
        let attempt_key = match e.attempt_seq {
            Some(a) => self.key_of(a)?,
            None => None,
        };
        let key = site::new_key();
        let offline = site.reach().reachable != Some(true);
        self.remember_key(e.seq, key)?;
        site::outbox::enqueue(
            &self.cache,
            &site_entry(&e, key, attempt_key, &site.link().counter, offline),
        )?;
        Ok(())
    }

    /// Notes the site key of this counter's own entry `seq`.
    pub(super) fn remember_key(&self, seq: i64, key: Uuid) -> Result<(), CounterError> {
        self.cache.connection().execute(
            "INSERT OR REPLACE INTO site_keys (local_seq, key) VALUES (?1, ?2)",
            params![seq, key.to_string()],
        )?;
        Ok(())
    }

    /// The site key of this counter's own entry `seq`.
    pub(super) fn key_of(&self, seq: i64) -> Result<Option<Uuid>, CounterError> {
        let k: Option<String> =
            rusqlite::OptionalExtension::optional(self.cache.connection().query_row(
                "SELECT key FROM site_keys WHERE local_seq = ?1",
                [seq],
                |r| r.get(0),
            ))?;
        Ok(k.and_then(|k| Uuid::parse_str(&k).ok()))
    }

    /// The copies on record of every ticket of an order, as this counter
    /// knows them in site mode: the site's log as last read, and this
    /// counter's own entries the site has not returned yet.
    pub(super) fn known_copies(
        &self,
        platform: Platform,
        order_id: &str,
    ) -> Result<HashMap<Option<String>, u32>, CounterError> {
        let conn = self.cache.connection();
        let mut out: HashMap<Option<String>, u32> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT a.ticket_id, count(*) FROM site_log a
             WHERE a.kind = 'attempt' AND a.platform = ?1 AND a.order_id = ?2
               AND NOT EXISTS (SELECT 1 FROM site_log r WHERE r.kind = 'result'
                               AND r.attempt_key = a.entry_key AND r.outcome = 'failed')
             GROUP BY a.ticket_id",
        )?;
        for r in stmt.query_map(params![platform.as_str(), order_id], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, u32>(1)?))
        })? {
            let (t, n) = r?;
            *out.entry(t).or_default() += n;
        }
        let mut mine = conn.prepare_cached(
            "SELECT a.ticket_id, count(*) FROM print_log a
             LEFT JOIN site_keys k ON k.local_seq = a.seq
             WHERE a.kind = 'attempt' AND a.platform = ?1 AND a.order_id = ?2
               AND (k.key IS NULL OR NOT EXISTS (SELECT 1 FROM site_log s WHERE s.entry_key = k.key))
               AND NOT EXISTS (SELECT 1 FROM print_log r WHERE r.kind = 'result'
                               AND r.attempt_seq = a.seq AND r.outcome = 'failed')
             GROUP BY a.ticket_id",
        )?;
        for r in mine.query_map(params![platform.as_str(), order_id], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, u32>(1)?))
        })? {
            let (t, n) = r?;
            *out.entry(t).or_default() += n;
        }
        Ok(out)
    }

    /// Who printed the original of a ticket, as this counter's copy of the
    /// site log says: counter, operator, time.
    pub(super) fn printed_where(
        &self,
        platform: Platform,
        order_id: &str,
        ticket_id: Option<&str>,
    ) -> Result<Option<(String, String, String)>, CounterError> {
        Ok(rusqlite::OptionalExtension::optional(
            self.cache.connection().query_row(
                "SELECT counter, coalesce(operator_name, ''), at FROM site_log
             WHERE kind = 'attempt' AND platform = ?1 AND order_id = ?2 AND ticket_id IS ?3
             ORDER BY seq LIMIT 1",
                params![platform.as_str(), order_id, ticket_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            ),
        )?)
    }
}

/// A local entry as the site keeps it.
pub(super) fn site_entry(
    e: &LogEntry,
    key: Uuid,
    attempt_key: Option<Uuid>,
    counter: &str,
    offline: bool,
) -> SiteEntry {
    SiteEntry {
        entry_key: key,
        counter: counter.to_owned(),
        local_seq: Some(e.seq),
        kind: e.kind.clone(),
        attempt_key,
        platform: e.platform.clone(),
        order_id: e.order_id.clone(),
        order_number: e.order_number.clone(),
        ticket_id: e.ticket_id.clone(),
        operator_name: e.operator_name.clone(),
        authorised_by_name: e.authorised_by_name.clone(),
        workstation: e.workstation.clone(),
        target: e.target.clone(),
        stock: e.stock.clone(),
        copy: e.reprint.and_then(|r| i32::try_from(r).ok()),
        reason: e.reason.clone(),
        reason_note: e.reason_note.clone(),
        outcome: e.outcome.clone(),
        job_id: e.job_id.clone(),
        detail: e.detail.clone(),
        at: e.at.clone(),
        offline,
        ..SiteEntry::default()
    }
}

fn current_operators_mark(cache: &crate::cache::Cache) -> Result<i64, CounterError> {
    Ok(site::link::load(cache)?.map_or(0, |(_, m)| m.operators))
}

/// What a manager's **Test** of a site found, before joining it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SiteTest {
    pub address: String,
    /// The site's schema version, and this build's.
    pub schema: i32,
    pub known: i32,
    /// The counters that joined it.
    pub counters: Vec<String>,
}

/// Connects to a site as a counter would and reads its schema and counters,
/// without joining it or keeping anything.
pub async fn test_site(
    link: SiteLink,
    password: Sensitive<String>,
) -> Result<SiteTest, CounterError> {
    let conn = site::connect(link, password);
    site::schema::check(&conn).await?;
    let counters = site::counters(&conn).await?;
    Ok(SiteTest {
        address: conn.link().address(),
        schema: site::schema::known(),
        known: site::schema::known(),
        counters,
    })
}

/// Brings the site's schema up to this build's, connecting as the site's
/// owner (`box-office site migrate`). Returns the versions before and after.
pub async fn migrate_site(
    link: SiteLink,
    password: Sensitive<String>,
) -> Result<(i32, i32), CounterError> {
    let conn = site::connect(link, password);
    let before = site::schema::migrate(&conn).await?;
    Ok((before, site::schema::known()))
}

/// A time the site recorded, as the counter shows it: local time, with the
/// date when it is not today.
pub(super) fn shown_time(at: &str) -> String {
    let Some(t) = crate::operators::parse_db_time(at).or_else(|| {
        chrono::DateTime::parse_from_rfc3339(at)
            .ok()
            .map(|t| t.to_utc())
    }) else {
        return at.to_owned();
    };
    let local = t.with_timezone(&chrono::Local);
    if local.date_naive() == chrono::Local::now().date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    }
}
