//! Vista orders: in-progress orders at a Los Angeles and a Berlin cinema,
//! waiting for the counter to complete them (pay-at-the-counter, zero-value
//! and gift-card orders), each scripted to one completion outcome.

use chrono::{DateTime, Duration, Utc};

use super::build::{TicketSpec, event, session, sum, ticket, venue};
use super::{Behaviour, SandboxOrder};
use crate::domain::{Customer, Order, OrderStatus, Platform, Symbology, Ticket, Vat};

struct Draft<'a> {
    id: &'a str,
    order_type: &'static str,
    film: (&'static str, &'static str, &'static str),
    seats: &'static [(&'static str, &'static str)],
    price: i64,
    fee: i64,
    customer: (&'static str, &'static str),
    behaviour: Behaviour,
    expires_in_minutes: i64,
    berlin: bool,
    note: &'static str,
}

fn seat_tickets(d: &Draft<'_>) -> Vec<Ticket> {
    let currency = if d.berlin { "EUR" } else { "USD" };
    d.seats
        .iter()
        .enumerate()
        .map(|(i, (row, place))| {
            let id = format!("{}-{}", d.id, i + 1);
            let value = if i % 2 == 0 {
                (format!("VISTA|{id}|{row}{place}"), Symbology::QrCode)
            } else {
                (
                    format!("{}{}{row}{place}", d.id.replace('-', ""), i + 1),
                    Symbology::Code128,
                )
            };
            ticket(TicketSpec {
                id: &id,
                barcode: Some((&value.0, value.1)),
                row: Some(row),
                place: Some(place),
                level: "Auditorium",
                category: if d.berlin { "Loge" } else { "Standard" },
                price: d.price,
                fee: d.fee,
                currency,
                vat: d.berlin.then_some(Vat::VatNone),
            })
        })
        .collect()
}

fn order(now: DateTime<Utc>, d: Draft<'_>) -> SandboxOrder {
    let mut o = Order::new(Platform::Vista, d.id, OrderStatus::InProgress);
    o.order_type = Some(d.order_type.to_owned());
    let (zone, venue_) = if d.berlin {
        (
            "Europe/Berlin",
            venue(
                "V-BER-1",
                "Kino Kastanienallee",
                "Saal Größenwahn",
                "Kastanienallee 77, Berlin",
                "de-DE",
            ),
        )
    } else {
        (
            "America/Los_Angeles",
            venue(
                "V-LAX-1",
                "Vista Cinema Los Feliz",
                "Auditorium 4",
                "1822 N Vermont Ave, Los Angeles, CA",
                "en-US",
            ),
        )
    };
    o.event = Some(event(
        d.film.0,
        d.film.1,
        Some(d.film.2),
        session(now, zone, 0, 20, 15, 110),
    ));
    o.venue = Some(venue_);
    o.customer = Some(Customer {
        first_name: Some(d.customer.0.to_owned()),
        last_name: Some(d.customer.1.to_owned()),
        email: Some("guest@example.com".to_owned()),
        phone: None,
    });
    o.tickets = seat_tickets(&d);
    o.sum = Some(sum(&o.tickets, if d.berlin { "EUR" } else { "USD" }));
    o.created_at = Some(now - Duration::minutes(10));
    o.expires_at = Some(now + Duration::minutes(d.expires_in_minutes));
    SandboxOrder {
        order: o,
        behaviour: d.behaviour,
        cart: None,
        note: d.note.to_owned(),
        quirks: Vec::new(),
    }
}

pub fn orders(now: DateTime<Utc>) -> Vec<SandboxOrder> {
    let base = |id, note, behaviour| Draft {
        id,
        order_type: "Standard",
        film: ("HO00001234", "Amélie", "R"),
        seats: &[("F", "7"), ("F", "8")],
        price: 1_650,
        fee: 150,
        customer: ("José", "Núñez"),
        behaviour,
        // Long enough for a training session; VS-2004 shows an expired hold.
        expires_in_minutes: 120,
        berlin: false,
        note,
    };
    let mut out = vec![
        order(
            now,
            base(
                "VS-2001",
                "Unpaid order: completes after the configured PENDING polls",
                Behaviour::Normal,
            ),
        ),
        order(
            now,
            base(
                "VS-2002",
                "The completion ends Failed: nothing to print, tell the customer",
                Behaviour::Fail,
            ),
        ),
    ];
    let mut zero = base(
        "VS-2003",
        "Zero-value order (voucher), three seats, completes",
        Behaviour::Normal,
    );
    zero.price = 0;
    zero.fee = 0;
    zero.seats = &[("A", "1"), ("A", "2"), ("A", "3")];
    zero.film = ("HO00005678", "Y tu mamá también", "R");
    zero.customer = ("Zoë", "Brontë-Łukasiewicz");
    out.push(order(now, zero));

    let mut expired = base(
        "VS-2004",
        "Expired in-progress order: completion is refused",
        Behaviour::Expired,
    );
    expired.expires_in_minutes = -5;
    out.push(order(now, expired));

    let mut gift = base(
        "VS-2005",
        "Gift-card-paid order in a Berlin cinema, euros",
        Behaviour::Normal,
    );
    gift.berlin = true;
    gift.film = ("HO00009012", "Das Leben der Anderen", "FSK 12");
    gift.price = 1_290;
    gift.fee = 100;
    gift.customer = ("Jürgen", "Groß");
    out.push(order(now, gift));

    let mut busy = base(
        "VS-2006",
        "The platform answers 500 twice, then completes",
        Behaviour::ServerError { times: 2 },
    );
    busy.order_type = "Subscription";
    out.push(order(now, busy));

    out.push(order(
        now,
        base(
            "VS-2007",
            "The answer to the completion is lost (connection dropped) once; reconcile by polling",
            Behaviour::DropAfterApply { times: 1 },
        ),
    ));
    out.push(order(
        now,
        base(
            "VS-2008",
            "Slow platform: every answer takes three seconds",
            Behaviour::Slow { millis: 3_000 },
        ),
    ));
    let mut gift_shop = base(
        "VS-2009",
        "GiftShop order (concessions only): completes, no tickets to print",
        Behaviour::Normal,
    );
    gift_shop.order_type = "GiftShop";
    gift_shop.seats = &[];
    out.push(order(now, gift_shop));
    out.push(order(
        now,
        base(
            "VS-2010",
            "Completes with transactionNumber null (the page allows it): sold, no collection number",
            Behaviour::NoTransactionNumber,
        ),
    ));
    out.push(order(
        now,
        base(
            "VS-2011",
            "Completed, but a gateway answers 504 with an HTML page; the counter asks Vista and finds it completed",
            Behaviour::GatewayErrorAfterApply { times: 1 },
        ),
    ));
    out
}

/// Plain orders that complete normally, for load and fault tests.
pub fn bulk(now: DateTime<Utc>, n: u32) -> Vec<SandboxOrder> {
    (1..=n)
        .map(|i| {
            let id = format!("VS-B{i:05}");
            order(
                now,
                Draft {
                    id: &id,
                    order_type: "Standard",
                    film: ("HO00001234", "Amélie", "R"),
                    seats: &[("K", "1")],
                    price: 1_650,
                    fee: 150,
                    customer: ("José", "Núñez"),
                    behaviour: Behaviour::Normal,
                    expires_in_minutes: 60,
                    berlin: false,
                    note: "bulk order",
                },
            )
        })
        .collect()
}
