//! The counter's set-up: the till's settings (and what changing them does
//! to the cache), connections, printers and a test page. Each is one call
//! the window's commands and the command line share.

use chrono::{DateTime, Duration, Utc};

use super::authority::Asker;
use super::keep::Removal;
use super::{Counter, CounterError};
use crate::domain::{
    AttachmentType, Barcode, Event, Order, OrderStatus, Platform, Seat, Session, Symbology, Ticket,
    Venue,
};
use crate::printing::{Cups, JobOutcome, PrinterInfo};
use crate::providers::{Credentials, Profile};
use crate::settings::{Language, Settings};
use crate::tickets::{self, RenderOptions, Stamp, Stock};

impl Counter {
    /// A manager saves the till's settings, which apply at once: contact
    /// details dropped from the cache when the till stops keeping them,
    /// orders past a shorter retention purged (those that still matter
    /// stay). Which till starts (training or real) is not changed here:
    /// that is [`Counter::start_training`], a manager's act with a PIN.
    pub fn save_settings(
        &self,
        asker: &Asker<'_>,
        new: &Settings,
    ) -> Result<(Settings, Option<Removal>), CounterError> {
        self.require_manager(asker)?;
        self.apply_settings(new)
    }

    /// The window's language, which anyone at the till may switch (the
    /// sign-in screen has the menu too).
    pub fn set_language(&self, language: Language) -> Result<Settings, CounterError> {
        let s = Settings {
            language: Some(language),
            ..self.settings()
        };
        Ok(self.apply_settings(&s)?.0)
    }

    fn apply_settings(&self, new: &Settings) -> Result<(Settings, Option<Removal>), CounterError> {
        let before = self.settings();
        let new = Settings {
            training_mode: before.training_mode,
            ..new.clone()
        };
        let saved = new.save(&self.data_dir())?;
        self.cache.set_keep_contacts(saved.keep_contacts);
        *self.settings.write().unwrap_or_else(|p| p.into_inner()) = saved.clone();
        if before.keep_contacts && !saved.keep_contacts {
            let n = self.cache.forget_contacts()?;
            tracing::info!(orders = n, "contact details removed from the cache");
        }
        let purged = if saved.retention_days < before.retention_days {
            Some(self.purge_expired()?)
        } else {
            None
        };
        Ok((saved, purged))
    }

    /// Adds a connection: the profile in the database, its secrets in the
    /// OS keyring. Training has the sandbox as its only platform.
    pub fn add_profile(
        &self,
        profile: &Profile,
        credentials: &Credentials,
    ) -> Result<(), CounterError> {
        if self.is_training() {
            return Err(CounterError::InTraining);
        }
        Ok(self.profiles().add(profile, credentials)?)
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
                stamp: self.is_training().then_some(Stamp::Training),
                ..RenderOptions::default()
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
                JobOutcome::Failed { reason } | JobOutcome::PartlyPrinted { reason } => {
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
    fn settings_apply_at_once_and_only_a_manager_saves_them() {
        let dir = tempfile::tempdir().unwrap();
        let counter = Counter::open(dir.path()).unwrap();
        let pin = crate::operators::Pin::new("4821".into()).unwrap();
        let manager = counter.add_first_manager("Mara", &pin).unwrap();
        let asker = Asker::SignedIn(manager.id);
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
        counter.save_settings(&asker, &s).unwrap();
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
        // The settings screen cannot flip which till starts.
        let flip = Settings {
            training_mode: Some(true),
            ..counter.settings()
        };
        counter.save_settings(&asker, &flip).unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap().training_mode, None);
        let cashier_pin = crate::operators::Pin::new("1593".into()).unwrap();
        let cashier = counter
            .add_operator(
                &asker,
                &super::super::ManagerPin {
                    manager: super::super::OperatorRef::Id(manager.id),
                    pin: &pin,
                },
                "Kim",
                crate::operators::Role::Cashier,
                &cashier_pin,
            )
            .unwrap();
        assert!(matches!(
            counter.save_settings(&Asker::SignedIn(cashier.id), &s),
            Err(CounterError::ManagersOnly)
        ));
    }
}
