//! Orders that show what the pages allow but a counter rarely meets:
//! currencies with no and with three minor digits (yen, Kuwaiti dinar),
//! Afisha answers with undefined or absent enums and no time zone, a Vista
//! completion with no collection number, Paciolan add-ons sold without an
//! event, and answers that come back from "a gateway" (or unreadable) after
//! the sale was made.

use chrono::{DateTime, Duration, Utc};

use super::build::{TicketSpec, event, session, sum, ticket, venue};
use super::{Behaviour, Quirk, SandboxOrder};
use crate::domain::{Customer, Order, OrderStatus, Platform, Symbology, Vat};

fn customer(first: &str, last: &str, email: &str, phone: &str) -> Customer {
    Customer {
        first_name: Some(first.to_owned()),
        last_name: Some(last.to_owned()),
        email: Some(email.to_owned()),
        phone: Some(phone.to_owned()),
    }
}

/// An APPROVED Afisha order at a venue outside Russia, in its own currency.
struct Foreign {
    id: &'static str,
    number: &'static str,
    code_word: &'static str,
    zone: &'static str,
    venue: (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ),
    film: (&'static str, &'static str),
    currency: &'static str,
    /// Minor units per ticket: yen have none, dinars have three digits.
    price: i64,
    customer: Customer,
    tickets: &'static [(&'static str, &'static str, Symbology)],
    quirks: Vec<Quirk>,
    note: &'static str,
}

fn foreign(now: DateTime<Utc>, f: Foreign) -> SandboxOrder {
    let mut o = Order::new(Platform::Afisha, f.id, OrderStatus::Completed);
    o.platform_status = Some("APPROVED".to_owned());
    o.ids.order_number = Some(f.number.to_owned());
    o.ids.code_word = Some(f.code_word.to_owned());
    o.event = Some(event(
        f.film.0,
        f.film.1,
        None,
        session(now, f.zone, 1, 18, 0, 120),
    ));
    let (id, name, hall, address, locale) = f.venue;
    o.venue = Some(venue(id, name, hall, address, locale));
    o.customer = Some(f.customer);
    o.tickets = f
        .tickets
        .iter()
        .enumerate()
        .map(|(i, (row, place, symbology))| {
            let tid = format!("{}-{}", f.id, i + 1);
            let code = format!("{}{}{row}{place}", f.id.replace('-', ""), i + 1);
            ticket(TicketSpec {
                id: &tid,
                barcode: Some((&code, *symbology)),
                row: Some(row),
                place: Some(place),
                level: "Hall",
                category: "Standard",
                price: f.price,
                fee: 0,
                currency: f.currency,
                vat: Some(Vat::VatNone),
            })
        })
        .collect();
    o.sum = Some(sum(&o.tickets, f.currency));
    o.organizer_info = Some(format!("{name}, {address}"));
    o.created_at = Some(now - Duration::hours(5));
    SandboxOrder {
        order: o,
        behaviour: Behaviour::Normal,
        cart: None,
        note: f.note.to_owned(),
        quirks: f.quirks,
    }
}

pub fn afisha(now: DateTime<Utc>) -> Vec<SandboxOrder> {
    vec![
        foreign(
            now,
            Foreign {
                id: "AF-1013",
                number: "1013-8800",
                code_word: "САКУРА",
                zone: "Asia/Tokyo",
                venue: (
                    "V-TYO-1",
                    "Shinjuku Cinema Hall",
                    "Screen 2",
                    "Tokyo, Shinjuku 3-1",
                    "en-GB",
                ),
                film: ("F-TOTORO", "My Neighbour Totoro"),
                currency: "JPY",
                price: 1_800,
                customer: customer("Haruki", "Sato", "haruki@example.jp", "+81 90-1234-5678"),
                tickets: &[
                    ("D", "7", Symbology::QrCode),
                    ("D", "8", Symbology::QrCode),
                    ("D", "9", Symbology::QrCode),
                ],
                quirks: vec![
                    Quirk::AfishaBarcodeTypeAbsent {
                        ticket: "AF-1013-2".into(),
                    },
                    Quirk::AfishaBarcodeTypeUndefined {
                        ticket: "AF-1013-3".into(),
                    },
                    Quirk::AfishaEnumsAbsent,
                ],
                note: "APPROVED in yen (no minor digits); one ticket's barcodeType is absent, one is UNDEFINED: those two are refused, the first prints; no VAT and no attachmentType given",
            },
        ),
        foreign(
            now,
            Foreign {
                id: "AF-1014",
                number: "1014-9650",
                code_word: "ЛУНА",
                zone: "Asia/Kuwait",
                venue: (
                    "V-KWI-1",
                    "Gulf Cinema",
                    "Hall 1",
                    "Kuwait City, Salmiya",
                    "en-GB",
                ),
                film: ("F-DUNE", "Dune: Part Two"),
                currency: "KWD",
                price: 3_750,
                customer: customer("Fatima", "Al-Sabah", "fatima@example.kw", "+965 5000 1234"),
                tickets: &[("B", "1", Symbology::Code128)],
                quirks: vec![Quirk::AfishaTimezoneAbsent],
                note: "APPROVED in Kuwaiti dinars (three minor digits); the answer leaves out sessionTime.timezone, so the counter uses the zone it knew (or the connection's venue zone)",
            },
        ),
    ]
}
