//! The training repertoire: films, sessions and orders the sandbox serves, each
//! with a scripted behaviour so a trainee (or a test) meets every case the
//! platforms can produce: every status, barcode type and attachment type,
//! unseated tickets, Cyrillic and accented names, several currencies and zones.
//!
//! Dates are relative to the moment the sandbox starts, so the training
//! counter always shows upcoming sessions. `docs/sandbox.md` lists the orders.

mod afisha;
mod build;
#[cfg(test)]
mod docs;
mod paciolan;
mod quirks;
mod vista;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Order, Platform};
use crate::providers::paciolan::Cart;

/// What the sandbox does when an order is completed or fetched, beyond the
/// global faults it may have been told to inject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Behaviour {
    /// Completes (after the configured number of PENDING polls where the
    /// platform polls).
    Normal,
    /// Vista: the completion ends Failed.
    Fail,
    /// Paciolan: 207 ORDER_INCOMPLETE; the listed tokens fail in groups.
    Partial { failed: Vec<Vec<String>> },
    /// Paciolan: 402, the settlement does not cover the tickets.
    PaymentRequired,
    /// Paciolan: 422, the tokens are no longer available.
    Unprocessable,
    /// The first `times` attempts answer 500 UNHANDLED_EXCEPTION.
    ServerError { times: u32 },
    /// The first `times` attempts answer 429 with `Retry-After: seconds`.
    RateLimited { times: u32, seconds: u32 },
    /// Every answer waits this long first.
    Slow { millis: u64 },
    /// The first `times` completions are applied and then the connection is
    /// dropped before the answer is written.
    DropAfterApply { times: u32 },
    /// Vista: the in-progress order has expired; completion is refused.
    Expired,
    /// Paciolan: the first answer is PENDING and stays so for the configured
    /// number of polls.
    Pending,
    /// The first `times` completions are carried out, then answered by "a
    /// gateway" with a 502, 503 or 504 and an HTML page: an answer that does
    /// not say whether the sale was made.
    GatewayErrorAfterApply { times: u32 },
    /// The first `times` completions are carried out, then answered 2xx with
    /// a body that cannot be read (cut off mid-way).
    GarbledAfterApply { times: u32 },
    /// Vista: the completion ends Completed with `transactionNumber: null`,
    /// which the page allows ("integer or null").
    NoTransactionNumber,
    /// The first `times` completion requests are read and dropped without
    /// being carried out: the answer is lost, and nothing was done.
    DropBeforeApply { times: u32 },
    /// The first `lost` completion requests are dropped without being
    /// carried out; every later one is refused with `status`.
    LostThenRefused { lost: u32, status: u16 },
    /// Paciolan: the first answer is PENDING, and every poll is answered
    /// with `status` and the page's error object.
    PollError { status: u16 },
    /// Paciolan: the sale's answer carries the shapes a careful reader must
    /// survive in fields printing does not need: seats' places as numbers,
    /// `sequence` -1, `priceLevel` as text, a `quantity` beyond 32 bits,
    /// `paid` in exponent form, pass links as numbers, and one new token
    /// given to two seats.
    OddAnswer,
}

/// How a seeded order's answers differ from the plain shape, so the sandbox
/// can show what the pages allow but a counter rarely sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Quirk {
    /// Paciolan: the COMPLETE answer also sells an offer without `event`
    /// (an add-on such as parking; the page gives `event` for single items
    /// only).
    PaciolanAddOn {
        item_code: String,
        price_type: String,
    },
    /// Afisha: this ticket's `barcodeType` is left out (the page's default,
    /// UNDEFINED_BARCODE_TYPE).
    AfishaBarcodeTypeAbsent { ticket: String },
    /// Afisha: this ticket's `barcodeType` is `UNDEFINED_BARCODE_TYPE`.
    AfishaBarcodeTypeUndefined { ticket: String },
    /// Afisha: no ticket carries `vat`, and `attachmentType` is left out
    /// (both default to UNDEFINED).
    AfishaEnumsAbsent,
    /// Afisha: `sessionTime.timezone` is left out.
    AfishaTimezoneAbsent,
}

/// One seeded order with how the sandbox treats it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxOrder {
    /// The order as the counter sees it before anything is done to it.
    pub order: Order,
    pub behaviour: Behaviour,
    /// Paciolan: the complete-order request body (listing, buyer, settlement)
    /// a counter sends for this cart.
    pub cart: Option<Cart>,
    /// One line for trainers: what this order shows.
    pub note: String,
    /// How its answers differ from the plain shape.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quirks: Vec<Quirk>,
}

/// The whole repertoire.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalogue {
    pub generated_at: DateTime<Utc>,
    pub orders: Vec<SandboxOrder>,
    #[serde(skip)]
    index: HashMap<(Platform, String), usize>,
}

impl Catalogue {
    /// The training repertoire as of `now`.
    pub fn seeded(now: DateTime<Utc>) -> Catalogue {
        Catalogue::with_bulk(now, 0)
    }

    /// The repertoire plus `bulk` plain Vista and `bulk` plain Paciolan
    /// orders (`VS-B00001`, `PC-B00001`, ...), for load and fault tests that
    /// need many orders to complete.
    pub fn with_bulk(now: DateTime<Utc>, bulk: u32) -> Catalogue {
        let mut orders = afisha::orders(now);
        orders.extend(quirks::afisha(now));
        orders.extend(vista::orders(now));
        orders.extend(paciolan::orders(now));
        orders.extend(vista::bulk(now, bulk));
        orders.extend(paciolan::bulk(now, bulk));
        let index = orders
            .iter()
            .enumerate()
            .map(|(i, o)| ((o.order.platform, o.order.id.clone()), i))
            .collect();
        Catalogue {
            generated_at: now,
            orders,
            index,
        }
    }

    pub fn find(&self, platform: Platform, id: &str) -> Option<&SandboxOrder> {
        self.index
            .get(&(platform, id.to_owned()))
            .and_then(|&i| self.orders.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AttachmentType, OrderStatus, Symbology};
    use std::collections::HashSet;

    #[test]
    fn covers_every_status_barcode_and_attachment_type() {
        let c = Catalogue::seeded(Utc::now());
        let afisha: Vec<_> = c
            .orders
            .iter()
            .filter(|o| o.order.platform == Platform::Afisha)
            .collect();
        let statuses: HashSet<_> = afisha.iter().map(|o| o.order.status).collect();
        for s in [
            OrderStatus::Created,
            OrderStatus::Reserved,
            OrderStatus::Cancelled,
            OrderStatus::Booked,
            OrderStatus::Completed,
        ] {
            assert!(statuses.contains(&s), "{s:?}");
        }
        let symbologies: HashSet<_> = c
            .orders
            .iter()
            .flat_map(|o| &o.order.tickets)
            .filter_map(|t| t.barcode.as_ref().map(|b| b.symbology))
            .collect();
        assert_eq!(symbologies.len(), Symbology::ALL.len());
        let attachments: HashSet<_> = afisha.iter().map(|o| o.order.attachment).collect();
        for a in [
            AttachmentType::None,
            AttachmentType::Order,
            AttachmentType::Tickets,
        ] {
            assert!(attachments.contains(&a), "{a:?}");
        }
        assert!(
            c.orders
                .iter()
                .flat_map(|o| &o.order.tickets)
                .any(|t| t.seat.admission)
        );
        let zones: HashSet<_> = c
            .orders
            .iter()
            .filter_map(|o| o.order.session().map(|s| s.time_zone.clone()))
            .collect();
        assert!(zones.contains("Europe/Moscow") && zones.contains("America/Los_Angeles"));
        let currencies: HashSet<_> = c
            .orders
            .iter()
            .filter_map(|o| o.order.sum.as_ref()?.total.map(|m| m.currency.code()))
            .collect();
        assert!(currencies.len() >= 3, "{currencies:?}");
    }

    #[test]
    fn ids_are_unique_per_platform_and_paciolan_carts_are_complete() {
        let c = Catalogue::seeded(Utc::now());
        let ids: HashSet<_> = c
            .orders
            .iter()
            .map(|o| (o.order.platform, &o.order.id))
            .collect();
        assert_eq!(ids.len(), c.orders.len());
        for o in c
            .orders
            .iter()
            .filter(|o| o.order.platform == Platform::Paciolan)
        {
            let cart = o.cart.as_ref().expect("a Paciolan order has a cart");
            assert_eq!(cart.listing.tokens.len(), o.order.tickets.len());
            assert_eq!(cart.listing.external_order_id, o.order.id);
            assert_eq!(
                o.order
                    .raw
                    .as_ref()
                    .map(|r| r.parse::<Cart>().unwrap())
                    .as_ref(),
                Some(cart)
            );
        }
    }
}
