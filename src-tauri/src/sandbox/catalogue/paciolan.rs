//! Paciolan carts: a Los Angeles concert hall in dollars, each cart scripted
//! to one of the page's outcomes (201 COMPLETE, PENDING then COMPLETE, 207
//! partial, 402, 422, 429, 500, a lost answer, a slow answer).

use chrono::{DateTime, Duration, Utc};

use super::build::{event, money, session, sum, venue};
use super::{Behaviour, SandboxOrder};
use crate::domain::{
    Customer, Label, Order, OrderIds, OrderStatus, Passes, Platform, RawJson, Seat, Ticket,
    TicketState,
};
use crate::providers::paciolan::Amount;
use crate::providers::paciolan::cart::{
    Address, Buyer, Cart, EmailAddress, Listing, PhoneNumber, Settlement, TokenPrice,
};

const CURRENCY: &str = "USD";

/// A seat in the cart: Paciolan's `level:section`, row and seat number.
struct CartSeat {
    token: String,
    section: &'static str,
    row: &'static str,
    seat: String,
}

struct Draft<'a> {
    id: &'a str,
    event: (&'static str, &'static str),
    section: &'static str,
    row: &'static str,
    seats: u32,
    price: i64,
    fee: i64,
    buyer: (&'static str, &'static str),
    behaviour: Behaviour,
    note: &'static str,
}

fn seats(d: &Draft<'_>) -> Vec<CartSeat> {
    (1..=d.seats)
        .map(|n| CartSeat {
            // Tokens look like the page's: 17 upper-case alphanumerics.
            token: format!("{}{:03}TK{n:02}", d.id.replace('-', ""), d.seats * 7),
            section: d.section,
            row: d.row,
            seat: (100 + n).to_string(),
        })
        .collect()
}

fn ticket_for(seat: &CartSeat, d: &Draft<'_>) -> Ticket {
    let general = d.row.is_empty();
    Ticket {
        id: seat.token.clone(),
        barcode: None,
        seat: Seat {
            id: None,
            admission: general,
            section: Some(seat.section.to_owned()),
            row: (!general).then(|| seat.row.to_owned()),
            place: (!general).then(|| seat.seat.clone()),
        },
        level: Some(Label {
            id: Some("1".to_owned()),
            name: Some(format!("Price level 1 ({})", seat.section)),
            description: None,
        }),
        category: None,
        price_type: Some("Adult".to_owned()),
        cost: Some(super::build::cost(d.price, d.fee, CURRENCY)),
        vat: None,
        holder: None,
        access_id: None,
        passes: Passes::default(),
        organizer_info: None,
        state: TicketState::Valid,
        untyped_barcode: None,
    }
}

fn amount(minor: i64) -> Amount {
    Amount::from_money(money(minor, CURRENCY))
}

fn cart(d: &Draft<'_>, seats: &[CartSeat]) -> Cart {
    let n = i64::from(d.seats);
    let mut total_paid = (d.price + d.fee) * n;
    if d.behaviour == Behaviour::PaymentRequired {
        // The settlement falls short of the tickets: the platform answers 402.
        total_paid -= 1_000;
    }
    Cart {
        listing: Listing {
            external_listing_id: format!("LST{}", d.id.replace('-', "")),
            external_order_id: d.id.to_owned(),
            total_price: Some(amount(d.price * n)),
            total_fees: Some(amount(d.fee * n)),
            tokens: seats
                .iter()
                .map(|s| TokenPrice {
                    token: s.token.clone(),
                    individual_price: Some(amount(d.price)),
                    individual_fees: Some(amount(d.fee)),
                })
                .collect(),
        },
        buyer: Buyer {
            first_name: d.buyer.0.to_owned(),
            middle_initial: None,
            last_name: d.buyer.1.to_owned(),
            phone_number: PhoneNumber {
                number: "3235550147".to_owned(),
                formatted_number: Some("(323) 555-0147".to_owned()),
                extension: None,
                country_code: "US".to_owned(),
            },
            address: Some(Address {
                address1: "111 S Grand Ave".to_owned(),
                address2: None,
                address3: None,
                address4: None,
                locality: "Los Angeles".to_owned(),
                region: "CA".to_owned(),
                postal_code: "90012".to_owned(),
                country_code: "US".to_owned(),
            }),
            email_address: EmailAddress {
                email: "buyer@example.com".to_owned(),
                opt_in: Some(false),
            },
        },
        settlement: Settlement {
            total_amount_paid: amount(total_paid),
            amount_to_seller: amount(d.price * n),
        },
    }
}

fn order(now: DateTime<Utc>, d: Draft<'_>) -> SandboxOrder {
    let seats = seats(&d);
    let mut o = Order::new(Platform::Paciolan, d.id, OrderStatus::InProgress);
    let cart = cart(&d, &seats);
    o.ids = OrderIds {
        order_number: Some(d.id.to_owned()),
        listing_id: Some(cart.listing.external_listing_id.clone()),
        ..OrderIds::default()
    };
    o.event = Some(event(
        d.event.0,
        d.event.1,
        None,
        session(now, "America/Los_Angeles", 3, 19, 0, 150),
    ));
    o.venue = Some(venue(
        "V-LAX-2",
        "Teatro Ángeles Concert Hall",
        "Main Hall",
        "111 S Grand Ave, Los Angeles, CA",
        "en-US",
    ));
    o.customer = Some(Customer {
        first_name: Some(d.buyer.0.to_owned()),
        last_name: Some(d.buyer.1.to_owned()),
        email: Some("buyer@example.com".to_owned()),
        phone: Some("+1 323 555 0147".to_owned()),
    });
    o.tickets = seats.iter().map(|s| ticket_for(s, &d)).collect();
    o.sum = Some(sum(&o.tickets, CURRENCY));
    o.created_at = Some(now - Duration::minutes(5));
    // The cart is what the counter sends to complete the order; it travels
    // with the cached order as the platform JSON received for it.
    o.raw = RawJson::from_serialize(&cart).ok();
    SandboxOrder {
        order: o,
        behaviour: d.behaviour,
        cart: Some(cart),
        note: d.note.to_owned(),
        quirks: Vec::new(),
    }
}

pub fn orders(now: DateTime<Utc>) -> Vec<SandboxOrder> {
    let base = |id, seats, behaviour, note| Draft {
        id,
        event: ("RSHAHLA", "Ballet Folklórico: Noche de Mariachi"),
        section: "1:1",
        row: "2",
        seats,
        price: 5_000,
        fee: 250,
        buyer: ("María José", "Peña Álvarez"),
        behaviour,
        note,
    };
    let mut out = vec![
        order(
            now,
            base(
                "PC-3001",
                2,
                Behaviour::Normal,
                "201 COMPLETE at once; two seats with tokens, access ids and passes",
            ),
        ),
        order(
            now,
            base(
                "PC-3002",
                4,
                Behaviour::Partial { failed: Vec::new() },
                "207 partial: two tickets sold, two fail in two error groups; escalate",
            ),
        ),
        order(
            now,
            base(
                "PC-3003",
                2,
                Behaviour::Pending,
                "PENDING for the configured number of polls, then COMPLETE",
            ),
        ),
        order(
            now,
            base(
                "PC-3004",
                2,
                Behaviour::PaymentRequired,
                "402: the settlement does not cover the tickets",
            ),
        ),
        order(
            now,
            base(
                "PC-3005",
                1,
                Behaviour::Unprocessable,
                "422: the tokens are no longer available",
            ),
        ),
        order(
            now,
            base(
                "PC-3006",
                2,
                Behaviour::ServerError { times: 2 },
                "500 UNHANDLED_EXCEPTION twice, then COMPLETE on the third retry",
            ),
        ),
        order(
            now,
            base(
                "PC-3007",
                2,
                Behaviour::RateLimited {
                    times: 1,
                    seconds: 2,
                },
                "429 with Retry-After: 2 once, then COMPLETE",
            ),
        ),
        order(
            now,
            base(
                "PC-3008",
                1,
                Behaviour::DropAfterApply { times: 1 },
                "The sale happens but the answer is lost: needs attention, call Paciolan with the Request-ID",
            ),
        ),
        order(
            now,
            base(
                "PC-3009",
                1,
                Behaviour::Slow { millis: 3_000 },
                "Slow platform: the answer takes three seconds",
            ),
        ),
    ];
    let mut general = base(
        "PC-3010",
        3,
        Behaviour::Normal,
        "General admission lawn, three tickets, COMPLETE",
    );
    general.section = "3:LAWN";
    general.row = "";
    general.price = 3_550;
    general.fee = 0;
    general.event = ("SUMMERLAWN", "Dvořák Under the Stars");
    general.buyer = ("Søren", "Ødegård");
    out.push(order(now, general));

    let mut parking = order(
        now,
        base(
            "PC-3011",
            2,
            Behaviour::Normal,
            "COMPLETE with a parking add-on sold as an offer without event: two tickets print, the parking is shown",
        ),
    );
    parking.quirks.push(super::Quirk::PaciolanAddOn {
        item_code: "PARKING".into(),
        price_type: "Parking".into(),
    });
    out.push(parking);
    out.push(order(
        now,
        base(
            "PC-3012",
            2,
            Behaviour::GatewayErrorAfterApply { times: 1 },
            "The sale happens, then a gateway answers 502 with an HTML page: needs attention, never sent again by itself",
        ),
    ));
    out.push(order(
        now,
        base(
            "PC-3013",
            1,
            Behaviour::GarbledAfterApply { times: 1 },
            "The sale happens, then the 201 body is cut off: needs attention",
        ),
    ));

    // The partial order fails its last two tokens in two groups.
    if let Some(p) = out.iter_mut().find(|o| o.order.id == "PC-3002") {
        let tokens: Vec<String> = p.order.tickets.iter().map(|t| t.id.clone()).collect();
        p.behaviour = Behaviour::Partial {
            failed: vec![vec![tokens[2].clone()], vec![tokens[3].clone()]],
        };
    }
    out
}

/// Plain carts that sell normally (every third answers PENDING first), for
/// load and fault tests.
pub fn bulk(now: DateTime<Utc>, n: u32) -> Vec<SandboxOrder> {
    (1..=n)
        .map(|i| {
            let id = format!("PC-B{i:05}");
            order(
                now,
                Draft {
                    id: &id,
                    event: ("RSHAHLA", "Ballet Folklórico: Noche de Mariachi"),
                    section: "2:2",
                    row: "7",
                    seats: 1,
                    price: 5_000,
                    fee: 250,
                    buyer: ("María José", "Peña Álvarez"),
                    behaviour: if i % 3 == 0 {
                        Behaviour::Pending
                    } else {
                        Behaviour::Normal
                    },
                    note: "bulk order",
                },
            )
        })
        .collect()
}
