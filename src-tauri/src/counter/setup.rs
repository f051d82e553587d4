//! The counter's set-up and its people: signing in, a manager's approval,
//! the first manager, the till's settings (and what changing them does to
//! the cache), connections, printers and a test page, and the cache's
//! upkeep. Each is one call the window's commands and the command line
//! share.

use chrono::{DateTime, Duration, Utc};

use super::{Counter, CounterError};
use crate::domain::{
    AttachmentType, Barcode, Event, Order, OrderStatus, Platform, Seat, Session, Symbology, Ticket,
    Venue,
};
use crate::operators::{ManagerApproval, Operator, Operators, Pin, Role};
use crate::printing::{Cups, JobOutcome, PrinterInfo};
use crate::providers::{Credentials, Profile};
use crate::settings::Settings;
use crate::tickets::{self, RenderOptions, Stock};

impl Counter {
    pub fn operators(&self) -> Operators<'_> {
        Operators::new(&self.cache)
    }

    /// The operators to choose from at sign-in; the demo operators only in
    /// training mode (created on first use).
    pub fn operator_list(&self) -> Result<Vec<Operator>, CounterError> {
        if self.is_training() {
            self.operators().ensure_training_operators(Utc::now())?;
        }
        Ok(self.operators().list(self.is_training(), Utc::now())?)
    }

    /// Whether the counter still needs its first manager (never in
    /// training mode, whose demo manager stands in).
    pub fn needs_first_manager(&self) -> Result<bool, CounterError> {
        Ok(!self.is_training() && !self.operators().has_manager()?)
    }

    pub fn add_first_manager(&self, name: &str, pin: &Pin) -> Result<Operator, CounterError> {
        Ok(self
            .operators()
            .add_first_manager(name, pin, &self.workstation(), Utc::now())?)
    }

    /// Signs operator `id` in with `pin` (wrong PINs count towards a lock).
    pub fn sign_in(&self, id: i64, pin: &Pin) -> Result<Operator, CounterError> {
        Ok(self.operators().sign_in(
            id,
            pin,
            &self.workstation(),
            self.is_training(),
            Utc::now(),
        )?)
    }

    /// The operator called `name`, signed in with `pin` (the command line).
    pub fn sign_in_by_name(&self, name: &str, pin: &Pin) -> Result<Operator, CounterError> {
        let op = self.operators().find(name, self.is_training())?;
        self.sign_in(op.id, pin)
    }

    /// A manager's PIN entered to authorise something on the spot.
    pub fn approve(&self, manager_id: i64, pin: &Pin) -> Result<ManagerApproval, CounterError> {
        Ok(self.operators().authorise_manager(
            manager_id,
            pin,
            &self.workstation(),
            self.is_training(),
            Utc::now(),
        )?)
    }

    pub fn approve_by_name(&self, name: &str, pin: &Pin) -> Result<ManagerApproval, CounterError> {
        let op = self.operators().find(name, self.is_training())?;
        self.approve(op.id, pin)
    }

    /// A manager's approval from a signed-in manager: their sign-in is the
    /// approval; anyone else needs a manager's PIN.
    pub fn require_manager(&self, signed_in: &Operator) -> Result<(), CounterError> {
        if signed_in.role == Role::Manager {
            Ok(())
        } else {
            Err(CounterError::ManagersOnly)
        }
    }

    /// Saves the till's settings and applies them: contact details dropped
    /// from the cache when the till stops keeping them, orders past the new
    /// retention purged.
    pub fn save_settings(&self, new: &Settings) -> Result<Settings, CounterError> {
        let before = self.settings();
        let saved = new.save(&self.data_dir())?;
        self.cache.set_keep_contacts(saved.keep_contacts);
        *self.settings.write().unwrap_or_else(|p| p.into_inner()) = saved.clone();
        if before.keep_contacts && !saved.keep_contacts {
            let n = self.cache.forget_contacts()?;
            tracing::info!(orders = n, "contact details removed from the cache");
        }
        if saved.retention_days < before.retention_days {
            self.purge_expired()?;
        }
        Ok(saved)
    }

    /// Removes cached orders whose session ended more than the retention
    /// setting's days ago (run at start and daily by the window).
    pub fn purge_expired(&self) -> Result<u64, CounterError> {
        Ok(self
            .cache
            .purge(self.settings().retention_days, Utc::now())?)
    }

    /// Adds a connection: the profile in the database, its secrets in the
    /// OS keyring.
    pub fn add_profile(
        &self,
        profile: &Profile,
        credentials: &Credentials,
    ) -> Result<(), CounterError> {
        Ok(self.profiles().add(profile, credentials)?)
    }

    /// Removes a connection, its secrets, and the orders cached through it.
    pub fn remove_profile(&self, name: &str) -> Result<u64, CounterError> {
        self.profiles().remove(name)?;
        Ok(self.cache.delete_orders_of(name)?)
    }

    /// Reaches the platform with the profile's credentials, and records
    /// what that says of the platform's reachability.
    pub async fn test_profile(&self, name: &str) -> Result<String, CounterError> {
        let (profile, credentials) = self.profiles().load(name)?;
        let result = crate::providers::probe::probe(&self.http, &profile, &credentials).await;
        self.links.learn_from(profile.platform, &result);
        result?;
        Ok(format!(
            "{} at {} accepted the credentials of “{name}”.",
            profile.platform.display_name(),
            profile.base_url
        ))
    }

    /// The printers CUPS offers.
    pub async fn printers(&self) -> Result<Vec<PrinterInfo>, CounterError> {
        Ok(Cups::local(self.http.clone())?.printers().await?)
    }

    /// The printer tickets go to: `chosen`, else the till's setting.
    pub fn printer_or_setting(&self, chosen: Option<&str>) -> Result<String, CounterError> {
        chosen
            .map(str::to_owned)
            .or(self.settings().printer)
            .filter(|p| !p.trim().is_empty())
            .ok_or(CounterError::NoPrinter)
    }

    /// Prints a test ticket on `printer` and stock: every symbology the
    /// platforms use, so a bad driver or stock shows before a customer
    /// waits. Not a ticket of any order, so the print log does not hold it.
    pub async fn test_page(&self, printer: &str, stock: Stock) -> Result<String, CounterError> {
        let order = test_order(Utc::now());
        let rendered = tickets::render_order(
            &order,
            &RenderOptions {
                stock,
                reprint: None,
                tickets: None,
            },
        )?;
        let cups = Cups::local(self.http.clone())?;
        let job = cups
            .submit(
                printer,
                "Box Office test page",
                &crate::printing::system_user(),
                rendered.pdf,
            )
            .await?;
        Ok(
            match cups.watch(&job, std::time::Duration::from_secs(30)).await {
                JobOutcome::Printed => format!(
                    "The test page printed on “{printer}” (job {}): check every barcode scans and the text fits the {} stock.",
                    job.job_id,
                    stock.name()
                ),
                JobOutcome::Accepted { reason } => format!(
                    "“{printer}” took the test page (job {}) but did not confirm it printed: {reason}.",
                    job.job_id
                ),
                JobOutcome::Failed { reason } => {
                    return Err(CounterError::JobFailed {
                        printer: printer.to_owned(),
                        reason,
                    });
                }
            },
        )
    }
}

/// The test page's order: one ticket per symbology, marked as a test.
pub fn test_order(now: DateTime<Utc>) -> Order {
    let mut o = Order::new(Platform::Afisha, "TEST-PAGE", OrderStatus::Completed);
    o.ids.order_number = Some("TEST PAGE".into());
    o.attachment = AttachmentType::Tickets;
    o.event = Some(Event {
        id: None,
        name: "TEST PAGE — NOT VALID FOR ENTRY".into(),
        rating: None,
        session: Some(Session {
            id: None,
            start: now,
            end: Some(now + Duration::hours(2)),
            time_zone: "UTC".into(),
            all_day: false,
        }),
    });
    o.venue = Some(Venue {
        id: None,
        name: "Box Office".into(),
        hall_id: None,
        hall_name: Some("Test".into()),
        address: None,
        locale: "en-GB".into(),
    });
    o.organizer_info = Some("Printer test page: nothing was sold.".into());
    for (i, (symbology, value)) in [
        (Symbology::QrCode, "BOX-OFFICE-TEST-PAGE"),
        (Symbology::Ean13, "4600000000015"),
        (Symbology::Code128, "TEST-PAGE-128"),
        (Symbology::Interleaved2of5, "12345678"),
        (Symbology::Pdf417, "BOX-OFFICE-TEST-PAGE-PDF417"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut t = Ticket::new(format!("TEST-{}", i + 1));
        t.barcode = Some(Barcode {
            value: value.into(),
            symbology,
        });
        t.seat = Seat {
            row: Some("1".into()),
            place: Some((i + 1).to_string()),
            ..Seat::default()
        };
        o.tickets.push(t);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_page_renders_every_symbology() {
        let r = tickets::render_order(&test_order(Utc::now()), &RenderOptions::default()).unwrap();
        assert_eq!((r.pages, r.refused.len()), (5, 0));
    }

    #[test]
    fn a_removed_connection_takes_its_orders_and_settings_apply_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let counter = Counter::open(dir.path()).unwrap();
        let mut o = Order::new(Platform::Vista, "V1", OrderStatus::Completed);
        o.customer = Some(crate::domain::Customer {
            first_name: Some("Ann".into()),
            last_name: None,
            email: Some("ann@example.com".into()),
            phone: Some("+1 555 123 4567".into()),
        });
        counter.cache.put_order(&o, Some("vista-main")).unwrap();
        assert_eq!(
            counter
                .lookup("ann@example.com", &super::super::LookupFilter::all(), 5)
                .unwrap()
                .orders
                .len(),
            1
        );
        let s = Settings {
            keep_contacts: false,
            ..counter.settings()
        };
        counter.save_settings(&s).unwrap();
        assert!(
            counter
                .lookup("ann@example.com", &super::super::LookupFilter::all(), 5)
                .unwrap()
                .orders
                .is_empty()
        );
        let kept = counter
            .cache
            .get_order(Platform::Vista, "V1")
            .unwrap()
            .unwrap();
        assert_eq!(kept.customer.unwrap().email, None);
        assert!(!Settings::load(dir.path()).unwrap().keep_contacts);
        assert_eq!(counter.cache.delete_orders_of("vista-main").unwrap(), 1);
    }
}
