//! Afisha `wire::parse` on any bytes, then `map::to_order` of what it accepts, with no known order and with each seeded Afisha order as `known`: Ok or Err, never a panic; the mapped order has one ticket per answered ticket.
#![no_main]

use std::sync::LazyLock;

use box_office::domain::{Order, Platform};
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

fuzz_target!(|data: &[u8]| {
    let Ok(info) = wire::parse(data) else {
        return;
    };
    let check = |o: Result<Order, String>| {
        if let Ok(o) = o {
            assert_eq!(o.tickets.len(), info.tickets.len());
            assert_eq!(o.platform, Platform::Afisha);
        }
    };
    check(map::to_order(&info, None, data));
    for known in KNOWN.iter() {
        check(map::to_order(&info, Some(known), data));
    }
});
