//! Afisha `wire::parse` on any bytes, then `map::to_order` of what it accepts, with no known order and with each seeded Afisha order as `known`, with and without a venue time zone: Ok or Err, never a panic. The mapped order is an Afisha order whose status follows the page's enum (APPROVED is completed, UNDEFINED or absent is unknown); when the answer lists tickets (or is a TICKETS answer) it holds one ticket per answered ticket, in the answer's order and with its id, followed only by the known order's unlisted tickets, none of them valid; otherwise the known order's tickets stand.
#![no_main]

use std::sync::LazyLock;

use box_office::domain::{Order, OrderStatus, Platform, TicketState};
use box_office::providers::afisha::{map, wire};
use box_office::sandbox::Catalogue;
use libfuzzer_sys::fuzz_target;

/// The sandbox's Afisha orders (every status, barcode and attachment type).
static KNOWN: LazyLock<Vec<Order>> = LazyLock::new(|| {
    Catalogue::seeded(chrono::Utc::now())
        .orders
        .into_iter()
        .map(|o| o.order)
        .filter(|o| o.platform == Platform::Afisha)
        .collect()
});

/// The page's order status words, as the counter reads them.
fn status(s: Option<wire::OrderStatus>) -> OrderStatus {
    match s {
        Some(wire::OrderStatus::Created) => OrderStatus::Created,
        Some(wire::OrderStatus::Reserved) => OrderStatus::Reserved,
        Some(wire::OrderStatus::Cancelled) => OrderStatus::Cancelled,
        Some(wire::OrderStatus::Booked) => OrderStatus::Booked,
        Some(wire::OrderStatus::Approved) => OrderStatus::Completed,
        Some(wire::OrderStatus::UndefinedOrderStatus) | None => OrderStatus::Unknown,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(info) = wire::parse(data) else {
        return;
    };
    let lists_tickets = !info.tickets.is_empty()
        || !matches!(
            info.attachment_type,
            Some(wire::AttachmentType::None | wire::AttachmentType::Order)
        );
    let check = |known: Option<&Order>, zone: Option<&str>| {
        let Ok(o) = map::to_order(&info, known, data, zone) else {
            return;
        };
        assert_eq!(o.platform, Platform::Afisha);
        assert_eq!(o.status, status(info.status));
        if !lists_tickets {
            assert_eq!(o.tickets, known.map(|k| k.tickets.clone()).unwrap_or_default());
            return;
        }
        let n = info.tickets.len();
        assert!(o.tickets.len() >= n);
        for (t, answered) in o.tickets.iter().zip(&info.tickets) {
            assert_eq!(t.id, answered.id);
            assert!(matches!(t.state, TicketState::Valid | TicketState::Refunded));
        }
        for gone in &o.tickets[n..] {
            assert!(!info.tickets.iter().any(|t| t.id == gone.id));
            assert_ne!(gone.state, TicketState::Valid, "{}", gone.id);
        }
    };
    for zone in [None, Some("Europe/Moscow")] {
        check(None, zone);
        for known in KNOWN.iter() {
            check(Some(known), zone);
        }
    }
});
