//! What stays when orders go. Retention's purge and a connection's removal
//! never delete a sold order that still matters: one whose completion is not
//! over (in flight, or needing a person's decision), or one with sold tickets
//! that were never printed — a paid order must stay printable. Everything
//! else past its time goes, and the caller is told what was kept and why.

use chrono::Utc;
use serde::Serialize;

use super::authority::{Asker, ManagerPin};
use super::{Counter, CounterError};
use crate::cache::CachedRow;
use crate::completion::{Journal, State};
use crate::domain::Platform;
use crate::printlog::{ControlAction, PrintLog};

/// Why an order was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum KeptWhy {
    /// Its completion is in flight or needs a person's decision.
    CompletionOpen,
    /// It is sold and some of its tickets were never printed.
    NotPrinted,
}

impl KeptWhy {
    pub fn words(self) -> &'static str {
        match self {
            KeptWhy::CompletionOpen => "its completion is not over",
            KeptWhy::NotPrinted => "it is paid and not all of it was printed",
        }
    }
}

/// An order that stayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Kept {
    pub platform: Platform,
    pub id: String,
    pub number: String,
    pub why: KeptWhy,
}

/// What a purge or a connection's removal did to the cached orders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Removal {
    #[specta(type = specta_typescript::Number)]
    pub removed: u64,
    pub kept: Vec<Kept>,
}

impl Removal {
    /// One line for a log or a terminal.
    pub fn summary(&self) -> String {
        let mut s = format!("{} order(s) removed", self.removed);
        if !self.kept.is_empty() {
            let open = self
                .kept
                .iter()
                .filter(|k| k.why == KeptWhy::CompletionOpen)
                .count();
            s.push_str(&format!(
                "; {} kept ({} not fully printed, {open} with a completion not over)",
                self.kept.len(),
                self.kept.len() - open
            ));
        }
        s
    }
}

impl Counter {
    /// Why `row` must stay, if it must.
    fn must_keep(&self, row: &CachedRow) -> Result<Option<KeptWhy>, CounterError> {
        if let Some(e) = Journal::new(&self.cache).for_order(row.platform, &row.id)?
            && matches!(
                e.state,
                State::Intent
                    | State::Sending
                    | State::Pending
                    | State::Unknown
                    | State::NeedsAttention
            )
        {
            return Ok(Some(KeptWhy::CompletionOpen));
        }
        if !row.status.is_some_and(|s| s.is_printable()) {
            return Ok(None);
        }
        let Some(order) = self.cache.get_order(row.platform, &row.id)? else {
            return Ok(None);
        };
        let copies = PrintLog::new(&self.cache).copies_of_order(row.platform, &row.id)?;
        let unprinted = super::print::units(&order)
            .into_iter()
            .any(|u| copies.get(&u).copied().unwrap_or(0) == 0);
        Ok(unprinted.then_some(KeptWhy::NotPrinted))
    }

    /// Removes `rows` but those that must stay.
    fn remove_but_kept(&self, rows: Vec<CachedRow>) -> Result<Removal, CounterError> {
        let mut gone = Vec::new();
        let mut kept = Vec::new();
        for row in rows {
            match self.must_keep(&row)? {
                Some(why) => kept.push(Kept {
                    platform: row.platform,
                    id: row.id,
                    number: row.number,
                    why,
                }),
                None => gone.push(row.rid),
            }
        }
        Ok(Removal {
            removed: self.cache.remove_orders(&gone)?,
            kept,
        })
    }

    /// Retention, run by the till itself (at start and daily): orders whose
    /// session ended more than the setting's days ago go, but those that
    /// still matter. Recorded in the print log when anything went.
    pub fn purge_expired(&self) -> Result<Removal, CounterError> {
        let days = self.settings().retention_days;
        self.purge_older_than(days, None)
    }

    /// A manager purges orders older than `days` (default: the retention
    /// setting), with a PIN.
    pub fn purge(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
        days: Option<u32>,
    ) -> Result<Removal, CounterError> {
        let who = self.manager_authority(asker, manager)?;
        let days = days.unwrap_or_else(|| self.settings().retention_days);
        self.purge_older_than(days, Some(&who))
    }

    fn purge_older_than(
        &self,
        days: u32,
        who: Option<&super::authority::Authority>,
    ) -> Result<Removal, CounterError> {
        let removal = self.remove_but_kept(self.cache.expired(days, Utc::now())?)?;
        if removal.removed > 0 || (who.is_some() && !removal.kept.is_empty()) {
            self.record(
                ControlAction::OrdersPurged,
                who,
                None,
                Some(format!("retention {days} day(s): {}", removal.summary())),
            )?;
        }
        Ok(removal)
    }

    /// A manager removes a connection with a PIN: its secrets leave the
    /// keyring, its orders go but those that still matter, and it is
    /// recorded. Refused while one of its completions is in flight.
    pub fn remove_connection(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
        name: &str,
    ) -> Result<Removal, CounterError> {
        if self.is_training() {
            return Err(CounterError::InTraining);
        }
        let who = self.manager_authority(asker, manager)?;
        let busy = Journal::new(&self.cache)
            .unfinished()?
            .into_iter()
            .filter(|e| e.profile == name)
            .count();
        if busy > 0 {
            return Err(CounterError::ConnectionBusy {
                name: name.to_owned(),
                completions: busy,
            });
        }
        self.profiles().remove(name)?;
        let removal = self.remove_but_kept(self.cache.orders_of(name)?)?;
        self.record(
            ControlAction::ConnectionRemoved,
            Some(&who),
            None,
            Some(format!("connection “{name}”: {}", removal.summary())),
        )?;
        Ok(removal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counter::{PrintRequest, PrintTo};
    use crate::domain::{Barcode, Order, OrderStatus, Symbology, Ticket};
    use crate::operators::Pin;
    use crate::tickets::Stock;

    fn sold(id: &str) -> Order {
        // A Paciolan order has no session time: retention counts from when
        // it was cached.
        let mut o = Order::new(Platform::Paciolan, id, OrderStatus::Completed);
        let mut t = Ticket::new(format!("{id}-TOKEN"));
        t.barcode = Some(Barcode {
            value: format!("{id}-TOKEN"),
            symbology: Symbology::QrCode,
        });
        o.tickets.push(t);
        o
    }

    /// Retention never removes a sold order with tickets never printed, nor
    /// one whose completion is not over, and says which it kept and why;
    /// everything else past its time goes.
    #[tokio::test]
    async fn retention_keeps_paid_unprinted_orders_and_open_completions() {
        let dir = tempfile::tempdir().unwrap();
        let counter = Counter::open(dir.path()).unwrap();
        let pin = Pin::new("4821".into()).unwrap();
        let m = counter.add_first_manager("Mara", &pin).unwrap();
        let asker = Asker::SignedIn(m.id);
        for o in [
            sold("P-PRINTED"),
            sold("P-UNPRINTED"),
            sold("P-OPEN"),
            Order::new(Platform::Paciolan, "P-UNSOLD", OrderStatus::InProgress),
        ] {
            counter.cache.put_order(&o, Some("pac")).unwrap();
        }
        counter
            .print(
                &asker,
                None,
                Platform::Paciolan,
                "P-PRINTED",
                &PrintRequest {
                    tickets: None,
                    to: PrintTo::Pdf(dir.path().join("p.pdf")),
                    stock: Stock::Thermal80,
                },
            )
            .await
            .unwrap();
        crate::completion::Journal::new(&counter.cache)
            .begin(
                Platform::Paciolan,
                "P-OPEN",
                "pac",
                None,
                &crate::domain::Actor::system("t"),
            )
            .unwrap();
        counter
            .cache
            .connection()
            .execute("UPDATE orders SET cached_at = '2020-01-01T00:00:00Z'", [])
            .unwrap();
        let r = counter.purge_expired().unwrap();
        assert_eq!(r.removed, 2, "{r:?}");
        let mut kept: Vec<(&str, KeptWhy)> =
            r.kept.iter().map(|k| (k.id.as_str(), k.why)).collect();
        kept.sort_by_key(|k| k.0);
        assert_eq!(
            kept,
            [
                ("P-OPEN", KeptWhy::CompletionOpen),
                ("P-UNPRINTED", KeptWhy::NotPrinted)
            ]
        );
        assert!(
            counter
                .cached_order(Platform::Paciolan, "P-UNPRINTED")
                .is_ok()
        );
        assert!(
            counter
                .cached_order(Platform::Paciolan, "P-PRINTED")
                .is_err()
        );
        // Recorded, with what stayed.
        let c = counter.controls(10).unwrap();
        assert_eq!(c[0].action, ControlAction::OrdersPurged);
        assert!(c[0].detail.as_deref().unwrap().contains("2 kept"), "{c:?}");
    }
}
