//! A large chain's worth of realistic orders, for the lookup benchmarks and
//! load tests: Afisha orders from Russian cinemas (Cyrillic names with
//! their feminine forms, ё in some, roubles, Moscow to Novosibirsk time),
//! Vista orders from English, German and Spanish venues (accented Latin
//! names, pounds, euros, dollars) and Paciolan carts from US venues, each
//! with a customer, an e-mail, a phone number written the way people write
//! them, and one to six tickets with their barcodes, three an order on
//! average (a million orders carry three million tickets). The same seed
//! gives the same orders, so anyone can rebuild the benchmark's database.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::domain::{
    AttachmentType, Barcode, Cost, Currency, Customer, Event, Money, Order, OrderStatus, Platform,
    Seat, Session, Symbology, Ticket, Venue,
};

mod words;
use words::{
    LATIN_FILMS, LATIN_FIRST, LATIN_LAST, LATIN_VENUES, RU_FEMALE, RU_FILMS, RU_LAST, RU_MALE,
    RU_ZONES, TRANSLIT,
};

/// The EAN-13 check digit of twelve digits.
fn ean13(twelve: &str) -> String {
    let sum: u32 = twelve
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{twelve}{}", (10 - sum % 10) % 10)
}

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn feminine(last: &str) -> String {
    match last.strip_suffix("ий").or_else(|| last.strip_suffix("ой")) {
        Some(stem) => format!("{stem}ая"),
        None => format!("{last}а"),
    }
}

/// An e-mail's local part from a name: `ivan.petrov`, `jose.nunez`.
fn mailbox(first: &str, last: &str) -> String {
    let latin = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .map(|c| {
                TRANSLIT
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map(|(_, v)| (*v).to_owned())
                    .unwrap_or_else(|| {
                        crate::cache::fold::fold(&c.to_string())
                            .chars()
                            .filter(char::is_ascii_alphanumeric)
                            .collect()
                    })
            })
            .collect()
    };
    format!("{}.{}", latin(first), latin(last))
}

/// A phone number as people write them.
fn phone(rng: &mut StdRng, russian: bool) -> String {
    let d = |rng: &mut StdRng, n: usize| -> String {
        (0..n)
            .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
            .collect()
    };
    if russian {
        let (code, a, b, c) = (d(rng, 3), d(rng, 3), d(rng, 2), d(rng, 2));
        match rng.random_range(0..3) {
            0 => format!("+7 ({code}) {a}-{b}-{c}"),
            1 => format!("8 {code} {a}{b}{c}"),
            _ => format!("+7{code}{a}{b}{c}"),
        }
    } else {
        let (area, a, b) = (d(rng, 3), d(rng, 3), d(rng, 4));
        match rng.random_range(0..3) {
            0 => format!("({area}) {a}-{b}"),
            1 => format!("+1 {area} {a} {b}"),
            _ => format!("{area}.{a}.{b}"),
        }
    }
}

/// Order `n` of a population seeded with `seed`, its sessions around `now`.
pub fn order(seed: u64, n: u64, now: DateTime<Utc>) -> Order {
    let mut rng = StdRng::seed_from_u64(seed ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let platform = match rng.random_range(0..10) {
        0..=4 => Platform::Afisha,
        5..=7 => Platform::Vista,
        _ => Platform::Paciolan,
    };
    let russian = platform == Platform::Afisha;
    let (first, last) = if russian {
        if rng.random_bool(0.5) {
            (
                pick(&mut rng, RU_MALE).to_owned(),
                pick(&mut rng, RU_LAST).to_owned(),
            )
        } else {
            let last = pick(&mut rng, RU_LAST);
            (pick(&mut rng, RU_FEMALE).to_owned(), feminine(last))
        }
    } else {
        (
            pick(&mut rng, LATIN_FIRST).to_owned(),
            pick(&mut rng, LATIN_LAST).to_owned(),
        )
    };
    let (venue, zone, locale, currency) = if russian {
        let zone = pick(&mut rng, RU_ZONES);
        let code = if zone == "Asia/Almaty" { "KZT" } else { "RUB" };
        ("Киномакс", zone, "ru-RU", code)
    } else if platform == Platform::Paciolan {
        let v = LATIN_VENUES[3 + rng.random_range(0..2)];
        (v.0, v.1, v.2, v.3)
    } else {
        let v = LATIN_VENUES[rng.random_range(0..LATIN_VENUES.len())];
        (v.0, v.1, v.2, v.3)
    };
    let id = match platform {
        Platform::Afisha => format!("AF-{:08}", n),
        Platform::Vista => format!("VS-{:08}", n),
        Platform::Paciolan => format!("PC-{:08}", n),
    };
    let status = if rng.random_bool(0.85) {
        OrderStatus::Completed
    } else {
        match platform {
            Platform::Afisha => OrderStatus::Booked,
            _ => OrderStatus::InProgress,
        }
    };
    let mut o = Order::new(platform, &id, status);
    o.ids.order_number = Some(format!("{}-{:04}", 1000 + n / 10_000, n % 10_000));
    if russian {
        o.ids.code_word = Some(format!(
            "{}{}",
            pick(
                &mut rng,
                &[
                    "ЁЛКА",
                    "ЛУНА",
                    "ЗВЕЗДА",
                    "РЕКА",
                    "ГОРА",
                    "ЛЕС",
                    "МОРЕ",
                    "ПОЛЕ"
                ]
            ),
            rng.random_range(10..100)
        ));
    }
    if platform == Platform::Vista && status == OrderStatus::Completed {
        o.ids.transaction_number = Some(rng.random_range(100_000..999_999).to_string());
    }
    let start = now + Duration::minutes(rng.random_range(-30 * 24 * 60..30 * 24 * 60));
    o.event = Some(Event {
        id: Some(format!("EV-{}", rng.random_range(1..500))),
        name: pick(&mut rng, if russian { RU_FILMS } else { LATIN_FILMS }).to_owned(),
        rating: None,
        session: Some(Session {
            id: None,
            start,
            end: Some(start + Duration::minutes(rng.random_range(90..180))),
            time_zone: zone.to_owned(),
            all_day: false,
        }),
    });
    o.venue = Some(Venue {
        id: None,
        name: venue.to_owned(),
        hall_id: None,
        hall_name: Some(format!("{}", rng.random_range(1..12))),
        address: None,
        locale: locale.to_owned(),
    });
    o.customer = Some(Customer {
        email: Some(format!(
            "{}{}@{}",
            mailbox(&first, &last),
            rng.random_range(1..100),
            pick(
                &mut rng,
                &[
                    "mail.ru",
                    "yandex.ru",
                    "gmail.com",
                    "example.com",
                    "outlook.com"
                ]
            )
        )),
        phone: Some(phone(&mut rng, russian)),
        first_name: Some(first),
        last_name: Some(last),
    });
    let currency: Currency = currency
        .parse()
        .unwrap_or_else(|_| iso_currency::Currency::USD.into());
    let price = i64::from(rng.random_range(30..120u32)) * 1000;
    let tickets: i64 = match rng.random_range(0..100) {
        // Three tickets an order on average: a chain's mix of singles,
        // couples and families.
        0..=15 => 1,
        16..=45 => 2,
        46..=65 => 3,
        66..=80 => 4,
        81..=90 => 5,
        _ => 6,
    };
    let row = rng.random_range(1..20);
    let first_seat = rng.random_range(1..20);
    for t in 0..tickets {
        let mut ticket = Ticket::new(format!("{id}-{}", t + 1));
        ticket.seat = Seat {
            row: Some(row.to_string()),
            place: Some((first_seat + t).to_string()),
            ..Seat::default()
        };
        ticket.barcode = Some(match platform {
            Platform::Afisha => Barcode {
                value: ean13(&format!("46{:010}", n * 8 + t.unsigned_abs())),
                symbology: Symbology::Ean13,
            },
            _ => Barcode {
                value: format!("{}{:010}{t}", &id[..2], n),
                symbology: Symbology::QrCode,
            },
        });
        if platform == Platform::Paciolan {
            ticket.access_id = Some(format!("431:{:X}:{t}", n));
        }
        let money = Money::new(price, currency);
        ticket.cost = Some(Cost {
            price: Some(money),
            fee: None,
            total: Some(money),
        });
        o.tickets.push(ticket);
    }
    o.sum = Some(Cost {
        price: None,
        fee: None,
        total: Some(Money::new(price * tickets, currency)),
    });
    o.attachment = AttachmentType::Tickets;
    o
}

/// Orders `from..to` of a population (lazily; a million fit no memory budget).
pub fn orders(seed: u64, from: u64, to: u64, now: DateTime<Utc>) -> impl Iterator<Item = Order> {
    (from..to).map(move |n| order(seed, n, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_orders_with_valid_barcodes() {
        let now = Utc::now();
        let a: Vec<Order> = orders(7, 0, 200, now).collect();
        let b: Vec<Order> = orders(7, 0, 200, now).collect();
        assert_eq!(a, b);
        let platforms: std::collections::BTreeSet<_> = a.iter().map(|o| o.platform).collect();
        assert_eq!(platforms.len(), 3);
        for o in &a {
            for t in &o.tickets {
                let b = t.barcode.as_ref().unwrap();
                if b.symbology == Symbology::Ean13 {
                    assert_eq!(ean13(&b.value[..12]), b.value);
                }
            }
        }
        assert_eq!(feminine("Толстой"), "Толстая");
        assert_eq!(feminine("Петров"), "Петрова");
        assert_eq!(mailbox("Пётр", "Щербаков"), "petr.shcherbakov");
        assert_eq!(mailbox("José", "Núñez"), "jose.nunez");
    }

    #[test]
    fn a_million_orders_carry_three_million_tickets() {
        let n = 20_000u64;
        let tickets: usize = orders(3, 0, n, Utc::now()).map(|o| o.tickets.len()).sum();
        let mean = tickets as f64 / n as f64;
        assert!((2.95..=3.05).contains(&mean), "{mean} tickets an order");
    }
}
