//! Every kind of lookup the counter serves: keys as scanned or typed,
//! names in Cyrillic and Latin with ё/е and accents, e-mail, phone numbers
//! in any formatting, the date and event filters, ranking and the "scan
//! opens at once" rule.

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::{
    Barcode, Customer, Event, Order, OrderIds, OrderStatus, Platform, Session, Symbology, Ticket,
};

fn order(platform: Platform, id: &str, first: &str, last: &str, day: i64) -> Order {
    let mut o = Order::new(platform, id, OrderStatus::Completed);
    o.ids = OrderIds {
        order_number: Some(format!("{id}-NUM")),
        code_word: Some(format!("СЛОВО{id}")),
        ..OrderIds::default()
    };
    let start = Utc.with_ymd_and_hms(2026, 11, 25, 16, 0, 0).unwrap() + Duration::days(day);
    o.event = Some(Event {
        id: None,
        name: if day == 0 {
            "Бриллиантовая рука".into()
        } else {
            "Amélie".into()
        },
        rating: None,
        session: Some(Session {
            id: None,
            start,
            end: Some(start + Duration::hours(2)),
            time_zone: "Europe/Moscow".into(),
            all_day: false,
        }),
    });
    o.customer = Some(Customer {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        email: Some(format!("{}.{}@example.com", id.to_lowercase(), day)),
        phone: Some(format!(
            "+7 (916) 000-{:02}-{:02}",
            day.unsigned_abs() % 100,
            id.len()
        )),
    });
    let mut t = Ticket::new(format!("{id}-T1"));
    t.barcode = Some(Barcode {
        value: format!("BC{id}999"),
        symbology: Symbology::QrCode,
    });
    t.access_id = Some(format!("431:{id}:AC"));
    o.tickets.push(t);
    o
}

fn cache() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::open_in(dir.path()).unwrap();
    c.put_order(&order(Platform::Afisha, "A1", "Иван", "Ёлкин", 0), None)
        .unwrap();
    c.put_order(&order(Platform::Afisha, "A2", "Анна", "Елкина", 1), None)
        .unwrap();
    c.put_order(&order(Platform::Vista, "V1", "José", "Núñez", 0), None)
        .unwrap();
    c.put_order(
        &order(Platform::Paciolan, "P1", "Søren", "Ødegård", 2),
        None,
    )
    .unwrap();
    let mut phoned = order(Platform::Afisha, "A3", "Мария", "Иванова", 0);
    phoned.customer.as_mut().unwrap().phone = Some("8 916 123-45-67".into());
    c.put_order(&phoned, None).unwrap();
    (dir, c)
}

fn ids(f: &Found) -> Vec<&str> {
    f.orders.iter().map(|o| o.id.as_str()).collect()
}

fn all(c: &Cache, q: &str) -> Found {
    c.find(q, &Filter::all(), 20).unwrap()
}

#[test]
fn keys_as_scanned_or_typed_exact_and_by_their_start() {
    let (_d, c) = cache();
    for (q, by) in [
        ("A1-NUM", MatchedBy::OrderNumber),
        ("a1 num", MatchedBy::OrderNumber),
        ("слово a1", MatchedBy::CodeWord),
        ("BCA1999", MatchedBy::Barcode),
        ("a1-t1", MatchedBy::Ticket),
        ("431:A1:AC", MatchedBy::Ticket),
        ("a1", MatchedBy::Id),
    ] {
        let f = all(&c, q);
        assert_eq!(ids(&f).first(), Some(&"A1"), "{q}");
        assert!(f.exact, "{q}: a whole key opens at once");
        assert_eq!(f.orders[0].matched_by, Some(by), "{q}");
    }
    let f = all(&c, "P1-T");
    assert_eq!(ids(&f), ["P1"]);
    assert_eq!(f.orders[0].matched_by, Some(MatchedBy::Token));
    assert!(!f.exact, "a prefix is not a scan");
    let f = all(&c, "BCA");
    assert_eq!(f.orders.len(), 3, "every barcode starting so");
    assert!(!f.exact);
}

#[test]
fn names_without_case_accents_or_yo() {
    let (_d, c) = cache();
    for q in ["иван", "ИВАН", "Ёлкин", "елкин", "иван елкин"] {
        assert_eq!(ids(&all(&c, q)).first(), Some(&"A1"), "{q}");
    }
    // ё/е fold both ways: "ёлкина" finds Елкина.
    assert_eq!(ids(&all(&c, "ёлкина")), ["A2"]);
    for q in ["jose", "JOSÉ", "nunez", "Núñ"] {
        assert_eq!(ids(&all(&c, q)), ["V1"], "{q}");
    }
    assert_eq!(ids(&all(&c, "soren odegard")), ["P1"]);
    // "иван" is also the start of "Иванова": both, and the name that is
    // exactly "иван" is not lost among them.
    let f = all(&c, "иван");
    assert!(ids(&f).contains(&"A3"), "{:?}", ids(&f));
    assert!(
        f.orders
            .iter()
            .all(|o| o.matched_by == Some(MatchedBy::Name))
    );
}

#[test]
fn whole_names_before_starts_newest_first_and_a_full_page_stops_early() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::open_in(dir.path()).unwrap();
    // Stored oldest first: the prefix-only matches are the newest.
    for i in 0..3 {
        c.put_order(
            &order(Platform::Afisha, &format!("W{i}"), "Анна", "Котова", 0),
            None,
        )
        .unwrap();
    }
    for i in 0..3 {
        c.put_order(
            &order(Platform::Afisha, &format!("S{i}"), "Аннабель", "Котова", 0),
            None,
        )
        .unwrap();
    }
    assert_eq!(
        ids(&all(&c, "котова анна")),
        ["W2", "W1", "W0", "S2", "S1", "S0"]
    );
    // A page filled by whole-word matches is reported as truncated and
    // holds only them.
    let f = c.find("анна котова", &Filter::all(), 2).unwrap();
    assert_eq!(ids(&f), ["W2", "W1"]);
    assert!(f.truncated);
    let f = c.find("котова", &Filter::all(), 4).unwrap();
    assert_eq!(
        ids(&f),
        ["S2", "S1", "S0", "W2"],
        "one word, every Котова, newest first"
    );
    assert!(f.truncated);
}

#[test]
fn e_mail_and_phone_whatever_the_formatting() {
    let (_d, c) = cache();
    let f = all(&c, "a2.1@example.com");
    assert_eq!(ids(&f), ["A2"]);
    assert!(f.exact);
    // Half an address still finds it, by the key's prefix.
    assert_eq!(ids(&all(&c, "A2.1@exam")).first(), Some(&"A2"));
    for q in [
        "+7 916 123 45 67",
        "89161234567",
        "(916) 123-45-67",
        "1234567",
        "123-45-67",
    ] {
        let f = all(&c, q);
        assert_eq!(ids(&f).first(), Some(&"A3"), "{q}");
        assert_eq!(f.orders[0].matched_by, Some(MatchedBy::Phone), "{q}");
    }
}

#[test]
fn the_date_and_event_filters_and_an_empty_query() {
    let (_d, c) = cache();
    let today = Filter {
        day: Day::On(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
        event: None,
    };
    let mut listed = ids(&c.find("", &today, 20).unwrap())
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    listed.sort();
    assert_eq!(listed, ["A1", "A3", "V1"]);
    // A name is searched within the day; a whole key finds its order on any day.
    assert_eq!(ids(&c.find("елкин", &today, 20).unwrap()), ["A1"]);
    assert_eq!(ids(&c.find("A2-NUM", &today, 20).unwrap()), ["A2"]);
    let amelie = Filter {
        day: Day::All,
        event: Some("AMELIE".into()),
    };
    let mut listed: Vec<String> = ids(&c.find("", &amelie, 20).unwrap())
        .into_iter()
        .map(str::to_owned)
        .collect();
    listed.sort();
    assert_eq!(listed, ["A2", "P1"]);
    let f = c.find("брилл", &Filter::all(), 20).unwrap();
    assert!(
        f.orders
            .iter()
            .all(|o| o.matched_by == Some(MatchedBy::Event))
    );
    assert_eq!(f.orders.len(), 3);
}

#[test]
fn nothing_found_truncation_and_summaries() {
    let (_d, c) = cache();
    assert!(all(&c, "nothing-like-it").orders.is_empty());
    let f = c.find("", &Filter::all(), 2).unwrap();
    assert_eq!(f.orders.len(), 2);
    assert!(f.truncated);
    let s = &all(&c, "A1-NUM").orders[0];
    assert_eq!(s.number, "A1-NUM");
    assert_eq!(s.time_zone.as_deref(), Some("Europe/Moscow"));
    // The list names the zone as the order panel does.
    assert_eq!(s.zone_name.as_deref(), Some("MSK"));
    assert_eq!(
        s.session_text("ru-RU").as_deref(),
        Some("ср, 25 ноября 2026, 19:00 MSK")
    );
    assert_eq!(s.customer_name.as_deref(), Some("Иван Ёлкин"));
    assert!(s.cached_at > Utc::now() - Duration::minutes(1));
}

#[test]
fn no_contact_details_are_kept_when_the_till_says_so() {
    let (dir, c) = cache();
    c.set_keep_contacts(false);
    assert_eq!(c.forget_contacts().unwrap(), 5);
    assert!(all(&c, "a2.1@example.com").orders.is_empty());
    assert!(all(&c, "89161234567").orders.is_empty());
    let o = c.get_order(Platform::Afisha, "A1").unwrap().unwrap();
    let cust = o.customer.unwrap();
    assert_eq!((cust.email, cust.phone), (None, None));
    c.put_order(&order(Platform::Vista, "V9", "Ann", "Lee", 0), None)
        .unwrap();
    let o = c.get_order(Platform::Vista, "V9").unwrap().unwrap();
    assert_eq!(o.customer.unwrap().email, None);
    // Names still find them.
    assert_eq!(ids(&all(&c, "елкин")).first(), Some(&"A1"));
    // And the database file holds no trace of the e-mails or phones.
    drop(c);
    let bytes = std::fs::read(dir.path().join(crate::cache::FILE_NAME)).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("example.com"), "an e-mail is still on disk");
}
