//! Paciolan `response::parse` on any bytes, then `map::apply` of what it accepts onto every seeded Paciolan cart and onto an empty order (as `render` reads an answer alone), in dollars and yen: Ok or Err, never a panic; the mapped order keeps the answer's processId and has one valid ticket per sold seat.
#![no_main]

use std::sync::LazyLock;

use box_office::domain::{Currency, Order, OrderStatus, Platform, TicketState};
use box_office::providers::paciolan::{map, response};
use box_office::sandbox::Catalogue;
use libfuzzer_sys::fuzz_target;

/// The sandbox's Paciolan carts (normal, partial, pending, general
/// admission, ...) and an empty order.
static CARTS: LazyLock<Vec<Order>> = LazyLock::new(|| {
    let mut carts: Vec<Order> = Catalogue::seeded(chrono::Utc::now())
        .orders
        .into_iter()
        .map(|o| o.order)
        .filter(|o| o.platform == Platform::Paciolan)
        .collect();
    carts.push(Order::new(
        Platform::Paciolan,
        "PC-EMPTY",
        OrderStatus::InProgress,
    ));
    carts
});

static CURRENCIES: LazyLock<[Currency; 2]> =
    LazyLock::new(|| ["USD".parse().unwrap(), "JPY".parse().unwrap()]);

fuzz_target!(|data: &[u8]| {
    let Ok(r) = response::parse(data) else {
        return;
    };
    let seats = r.seats().count();
    let _ = r.transaction_numbers();
    for cart in CARTS.iter() {
        for &currency in CURRENCIES.iter() {
            let Ok(o) = map::apply(cart, &r, currency) else {
                continue;
            };
            assert_eq!(o.ids.process_id.as_deref(), Some(r.process_id.as_str()));
            if r.status != response::Status::Pending {
                let valid = o
                    .tickets
                    .iter()
                    .filter(|t| t.state == TicketState::Valid)
                    .count();
                assert_eq!(valid, seats);
            }
        }
    }
});
