use super::*;
use crate::sandbox::catalogue::Catalogue;
use chrono::Utc;

fn seeded(id: &str) -> Order {
    let c = Catalogue::seeded(Utc::now());
    c.orders
        .into_iter()
        .find(|o| o.order.id == id)
        .unwrap()
        .order
}

/// The texts, with the no-break spaces that bind labels to values shown
/// as `~` so the expectations read plainly.
fn texts(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text { text, .. } | Block::Banner(text) => Some(text.replace('\u{a0}', "~")),
            _ => None,
        })
        .collect()
}

#[test]
fn a_russian_ticket_speaks_russian_and_formats_roubles() {
    let o = seeded("AF-1001");
    let cx = Context::new(&o, None);
    let t = &o.tickets[0];
    let all = texts(&ticket(&cx, t, t.barcode.clone().unwrap()));
    assert!(
        all.contains(&"Бриллиантовая рука~·~12+".to_owned()),
        "{all:?}"
    );
    assert!(all.contains(&"Ряд~5 · Место~11".to_owned()), "{all:?}");
    assert!(
        all.contains(&"Уровень: Партер · Категория: Стандарт".to_owned()),
        "{all:?}"
    );
    assert!(
        all.contains(&"Цена~450,00~₽ · Сбор~45,00~₽ · Итого~495,00~₽ · Без~НДС".to_owned()),
        "{all:?}"
    );
    assert!(
        all.contains(&"Покупатель: Анна Щербакова".to_owned()),
        "{all:?}"
    );
    assert!(
        all.contains(&"Заказ~1001-5521 · Билет~AF-1001-1".to_owned()),
        "{all:?}"
    );
    let when = o
        .session()
        .unwrap()
        .local_start()
        .format("%H:%M")
        .to_string();
    assert_eq!(when, "19:30");
    assert!(all.iter().any(|s| s.ends_with(", 19:30")), "{all:?}");
}

#[test]
fn general_admission_and_all_day_sessions() {
    let o = seeded("AF-1006");
    assert_eq!(seat_text(labels(o.locale()), &o.tickets[0].seat), "Входной");
    let o = seeded("AF-2001");
    let cx = Context::new(&o, None);
    let all = texts(&ticket(
        &cx,
        &o.tickets[1],
        o.tickets[1].barcode.clone().unwrap(),
    ));
    assert!(all.iter().any(|s| s.ends_with("весь день")), "{all:?}");
    assert!(!all.iter().any(|s| s.contains("10:00")), "{all:?}");
    assert!(all.iter().any(|s| s.contains("Детский")), "{all:?}");
    assert!(all.iter().any(|s| s.contains("₸")), "{all:?}");
    let en = Seat {
        id: None,
        admission: true,
        section: Some("3:LAWN".into()),
        row: None,
        place: None,
    };
    assert_eq!(
        seat_text(labels("en-US"), &en),
        "Section\u{a0}3:LAWN · General admission"
    );
}

#[test]
fn the_reprint_mark_carries_number_and_local_time() {
    let o = seeded("AF-1001");
    let at = o.session().unwrap().start;
    let cx = Context::new(&o, Some(&Reprint { number: 3, at }));
    let blocks = ticket(&cx, &o.tickets[0], o.tickets[0].barcode.clone().unwrap());
    let Block::Banner(b) = &blocks[0] else {
        panic!("the banner comes first: {blocks:?}")
    };
    assert!(b.starts_with("ДУБЛИКАТ · REPRINT 3 · "), "{b}");
    assert!(b.ends_with("19:30"), "{b}");
    let o = seeded("VS-2001");
    let cx = Context::new(&o, Some(&Reprint { number: 1, at }));
    let blocks = ticket(&cx, &o.tickets[0], o.tickets[0].barcode.clone().unwrap());
    assert!(matches!(&blocks[0], Block::Banner(b) if b.starts_with("REPRINT 1 · ")));
}

#[test]
fn the_order_form_lists_every_seat_and_the_total() {
    let o = seeded("AF-1002");
    let cx = Context::new(&o, None);
    let tickets: Vec<&Ticket> = o.printable_tickets().collect();
    let code = o.order_barcode.clone().unwrap();
    let all = texts(&order_form(&cx, &tickets, code));
    assert_eq!(all[0], "БЛАНК ЗАКАЗА");
    assert!(all.contains(&"Места (3)".to_owned()), "{all:?}");
    for t in &tickets {
        assert!(all.iter().any(|s| s.contains(&t.id)), "{}", t.id);
    }
    assert!(
        all.contains(
            &"Цена~1\u{202f}140,00~₽ · Сбор~114,00~₽ · Итого~1\u{202f}254,00~₽ · Без~НДС"
                .to_owned()
        ),
        "{all:?}"
    );
    assert!(all.iter().any(|s| s.contains("ИНН 7701234567")), "{all:?}");
}

#[test]
fn continuation_pages_of_a_reprint_repeat_the_mark() {
    let o = seeded("AF-1002");
    let at = o.session().unwrap().start;
    assert_eq!(
        Context::new(&o, None).continued(),
        "Заказ 1002-7710 — продолжение"
    );
    let c = Context::new(&o, Some(&Reprint { number: 2, at })).continued();
    assert!(
        c.starts_with("Заказ 1002-7710 — продолжение · ДУБЛИКАТ · REPRINT 2 · "),
        "{c}"
    );
}
