//! Afisha orders: Moscow and Almaty cinemas and a theatre, in roubles and
//! tenge, one order per status, barcode type and attachment type.

use chrono::{DateTime, Duration, Utc};

use super::build::{TicketSpec, cost, ean13, event, session, sum, ticket, venue};
use super::{Behaviour, SandboxOrder};
use crate::domain::{
    AttachmentType, Barcode, CancelledItem, Customer, Order, OrderIds, OrderStatus, Platform,
    Symbology, Ticket, TicketState, Vat,
};

const ORGANIZER: &str = "ООО «Киносфера», ИНН 7701234567, Москва, ул. Тверская, 1";
const ORGANIZER_KZ: &str = "ТОО «Алатау Синема», БИН 123456789012, Алматы, пр. Абая, 10";

fn customer(first: &str, last: &str, phone: &str) -> Customer {
    Customer {
        first_name: Some(first.to_owned()),
        last_name: Some(last.to_owned()),
        email: Some(format!("{}@example.ru", phone.trim_start_matches('+'))),
        phone: Some(phone.to_owned()),
    }
}

/// A seated RUB ticket in the stalls of the Moscow cinema.
fn stalls(id: &str, barcode: (&str, Symbology), row: &str, place: &str, price: i64) -> Ticket {
    ticket(TicketSpec {
        id,
        barcode: Some(barcode),
        row: Some(row),
        place: Some(place),
        level: "Партер",
        category: "Стандарт",
        price,
        fee: price / 10,
        currency: "RUB",
        vat: Some(Vat::VatNone),
    })
}

struct Draft {
    id: &'static str,
    number: &'static str,
    code_word: Option<&'static str>,
    status: OrderStatus,
    platform_status: &'static str,
    attachment: AttachmentType,
    film: (&'static str, &'static str, Option<&'static str>),
    day: i64,
    time: (u32, u32),
    customer: Customer,
    tickets: Vec<Ticket>,
    note: &'static str,
}

fn moscow_order(now: DateTime<Utc>, d: Draft) -> SandboxOrder {
    let mut o = Order::new(Platform::Afisha, d.id, d.status);
    o.platform_status = Some(d.platform_status.to_owned());
    o.ids = OrderIds {
        order_number: Some(d.number.to_owned()),
        code_word: d.code_word.map(str::to_owned),
        ..OrderIds::default()
    };
    o.event = Some(event(
        d.film.0,
        d.film.1,
        d.film.2,
        session(now, "Europe/Moscow", d.day, d.time.0, d.time.1, 125),
    ));
    o.venue = Some(venue(
        "V-MSK-1",
        "Кинотеатр «Октябрь»",
        "Зал 3 «Большой»",
        "Москва, ул. Новый Арбат, 24",
        "ru-RU",
    ));
    o.customer = Some(d.customer);
    o.sum = Some(sum(&d.tickets, "RUB"));
    o.tickets = d.tickets;
    o.attachment = d.attachment;
    o.organizer_info = Some(ORGANIZER.to_owned());
    o.created_at = Some(now - Duration::hours(30));
    SandboxOrder {
        order: o,
        behaviour: Behaviour::Normal,
        cart: None,
        note: d.note.to_owned(),
        quirks: Vec::new(),
    }
}

pub fn orders(now: DateTime<Utc>) -> Vec<SandboxOrder> {
    let approved = |id, number, code_word, attachment, tickets, note| Draft {
        id,
        number,
        code_word,
        status: OrderStatus::Completed,
        platform_status: "APPROVED",
        attachment,
        film: ("F-BR", "Бриллиантовая рука", Some("12+")),
        day: 1,
        time: (19, 30),
        customer: customer("Анна", "Щербакова", "+79161234567"),
        tickets,
        note,
    };
    let ean = |n: &str| ean13(n);
    let mut out = Vec::new();

    out.push(moscow_order(
        now,
        approved(
            "AF-1001",
            "1001-5521",
            Some("ЁЛКА"),
            AttachmentType::Tickets,
            vec![
                stalls(
                    "AF-1001-1",
                    (&ean("460123450011"), Symbology::Ean13),
                    "5",
                    "11",
                    45_000,
                ),
                stalls(
                    "AF-1001-2",
                    (&ean("460123450012"), Symbology::Ean13),
                    "5",
                    "12",
                    45_000,
                ),
            ],
            "APPROVED, a form per ticket, EAN-13, two seats; code word ЁЛКА",
        ),
    ));

    let mut order_form = approved(
        "AF-1002",
        "1002-7710",
        Some("ЖУРАВЛЬ"),
        AttachmentType::Order,
        vec![
            stalls(
                "AF-1002-1",
                (&ean("460123450021"), Symbology::Ean13),
                "7",
                "3",
                38_000,
            ),
            stalls(
                "AF-1002-2",
                (&ean("460123450022"), Symbology::Ean13),
                "7",
                "4",
                38_000,
            ),
            stalls(
                "AF-1002-3",
                (&ean("460123450023"), Symbology::Ean13),
                "7",
                "5",
                38_000,
            ),
        ],
        "APPROVED, one form for the whole order with a QR order barcode",
    );
    order_form.film = ("F-IS", "Ирония судьбы, или С лёгким паром!", Some("6+"));
    order_form.customer = customer("Пётр", "Ёлкин-Щукин", "+79031112233");
    let mut o = moscow_order(now, order_form);
    o.order.order_barcode = Some(Barcode {
        value: "AFISHA:1002-7710:ЖУРАВЛЬ".to_owned(),
        symbology: Symbology::QrCode,
    });
    out.push(o);

    let mut by_number = approved(
        "AF-1003",
        "1003-0042",
        None,
        AttachmentType::Order,
        vec![stalls(
            "AF-1003-1",
            ("1003-0042-1", Symbology::Code128),
            "2",
            "8",
            52_000,
        )],
        "APPROVED, one form per order without an order barcode: the order number is encoded",
    );
    by_number.time = (21, 45);
    out.push(moscow_order(now, by_number));

    out.push(moscow_order(
        now,
        approved(
            "AF-1004",
            "1004-3300",
            Some("МЕТЕЛЬ"),
            AttachmentType::None,
            vec![stalls(
                "AF-1004-1",
                ("AF1004T1", Symbology::QrCode),
                "9",
                "1",
                40_000,
            )],
            "APPROVED, nothing to print: collected by code word МЕТЕЛЬ",
        ),
    ));

    let mut refunded = moscow_order(
        now,
        approved(
            "AF-1005",
            "1005-8080",
            Some("ВЕСНА"),
            AttachmentType::Tickets,
            vec![
                stalls(
                    "AF-1005-1",
                    ("AF-1005-1|Ряд 4|Место 6", Symbology::QrCode),
                    "4",
                    "6",
                    45_000,
                ),
                stalls(
                    "AF-1005-2",
                    ("AF-1005-2|Ряд 4|Место 7", Symbology::QrCode),
                    "4",
                    "7",
                    45_000,
                ),
            ],
            "APPROVED, QR codes; the second ticket was returned and must not print",
        ),
    );
    refunded.order.tickets[1].state = TicketState::Refunded;
    refunded.order.cancelled.push(CancelledItem {
        ticket_id: "AF-1005-2".to_owned(),
        refunded: Some(cost(45_000, 4_500, "RUB")),
        at: Some(now - Duration::hours(3)),
    });
    out.push(refunded);

    let mut dance_floor = approved(
        "AF-1006",
        "1006-1234",
        None,
        AttachmentType::Tickets,
        (1..=3)
            .map(|i| {
                ticket(TicketSpec {
                    id: &format!("AF-1006-{i}"),
                    barcode: Some((&format!("0012345678{i:02}"), Symbology::Interleaved2of5)),
                    row: None,
                    place: None,
                    level: "Танцпол",
                    category: "Входной",
                    price: 150_000,
                    fee: 15_000,
                    currency: "RUB",
                    vat: Some(Vat::Vat10),
                })
            })
            .collect(),
        "APPROVED, general admission (no seats), Interleaved 2 of 5",
    );
    dance_floor.film = ("F-NY", "Новогодний концерт: «Щелкунчик»", Some("0+"));
    out.push(moscow_order(now, dance_floor));

    let mut pdf417 = approved(
        "AF-1007",
        "1007-4411",
        Some("ЗВЕЗДА"),
        AttachmentType::Tickets,
        vec![
            stalls(
                "AF-1007-1",
                (
                    "AF-1007-1/Партер/Ряд 1/Место 1/Бриллиантовая рука",
                    Symbology::Pdf417,
                ),
                "1",
                "1",
                60_000,
            ),
            stalls(
                "AF-1007-2",
                (
                    "AF-1007-2/Партер/Ряд 1/Место 2/Бриллиантовая рука",
                    Symbology::Pdf417,
                ),
                "1",
                "2",
                60_000,
            ),
        ],
        "APPROVED, PDF417 barcodes carrying Cyrillic text",
    );
    pdf417.customer = customer("Фёдор", "Кузнецов-Водкин", "+79269998877");
    out.push(moscow_order(now, pdf417));

    for (id, number, status, word, note) in [
        (
            "AF-1008",
            "1008-2020",
            OrderStatus::Booked,
            "BOOKED",
            "BOOKED: held for payment at the counter; not printable until paid",
        ),
        (
            "AF-1009",
            "1009-3030",
            OrderStatus::Reserved,
            "RESERVED",
            "RESERVED: seats held, not sold; not printable",
        ),
        (
            "AF-1010",
            "1010-4040",
            OrderStatus::Created,
            "CREATED",
            "CREATED: nothing held yet; not printable",
        ),
        (
            "AF-1011",
            "1011-5050",
            OrderStatus::Cancelled,
            "CANCELLED",
            "CANCELLED: refused at the counter",
        ),
    ] {
        let mut d = approved(
            id,
            number,
            None,
            AttachmentType::Tickets,
            vec![stalls(
                &format!("{id}-1"),
                (&ean(&format!("46012345{}", &number[..4])), Symbology::Ean13),
                "10",
                "10",
                35_000,
            )],
            note,
        );
        d.status = status;
        d.platform_status = word;
        out.push(moscow_order(now, d));
    }

    let mut bad = approved(
        "AF-1012",
        "1012-6060",
        None,
        AttachmentType::Tickets,
        vec![stalls(
            "AF-1012-1",
            ("4601234500125", Symbology::Ean13),
            "3",
            "3",
            35_000,
        )],
        "APPROVED, but the platform sent an EAN-13 with a wrong check digit: the ticket is refused with a message",
    );
    bad.customer = customer("Ольга", "Смирнова", "+79160000001");
    out.push(moscow_order(now, bad));

    out.push(almaty_ballet(now));
    out
}

/// A tenge-priced all-day event in Almaty (UTC+5), so times and money are not
/// only Moscow's and roubles.
fn almaty_ballet(now: DateTime<Utc>) -> SandboxOrder {
    let mut o = Order::new(Platform::Afisha, "AF-2001", OrderStatus::Completed);
    o.platform_status = Some("APPROVED".to_owned());
    o.ids.order_number = Some("2001-0707".to_owned());
    o.ids.code_word = Some("ҚАРЛЫҒАШ".to_owned());
    let mut s = session(now, "Asia/Almaty", 2, 10, 0, 8 * 60);
    s.all_day = true;
    o.event = Some(event(
        "F-MUS",
        "Музей кино: выставка «Казахфильм»",
        Some("0+"),
        s,
    ));
    o.venue = Some(venue(
        "V-ALA-1",
        "Дворец «Достық»",
        "Фойе",
        "Алматы, пр. Достык, 91",
        "ru-KZ",
    ));
    o.customer = Some(customer("Айгерим", "Жұмабаева", "+77011234567"));
    o.tickets = vec![
        ticket(TicketSpec {
            id: "AF-2001-1",
            barcode: Some(("AF20011", Symbology::QrCode)),
            row: None,
            place: None,
            level: "Выставка",
            category: "Взрослый",
            price: 250_000,
            fee: 0,
            currency: "KZT",
            vat: Some(Vat::Vat12),
        }),
        ticket(TicketSpec {
            id: "AF-2001-2",
            barcode: Some(("AF20012", Symbology::QrCode)),
            row: None,
            place: None,
            level: "Выставка",
            category: "Детский",
            price: 120_000,
            fee: 0,
            currency: "KZT",
            vat: Some(Vat::Vat12),
        }),
    ];
    o.tickets[1].price_type = Some("CHILD".to_owned());
    o.sum = Some(sum(&o.tickets, "KZT"));
    o.organizer_info = Some(ORGANIZER_KZ.to_owned());
    o.partner_comment = Some("Вход по билету в течение всего дня".to_owned());
    o.created_at = Some(now - Duration::days(2));
    SandboxOrder {
        order: o,
        behaviour: Behaviour::Normal,
        cart: None,
        note: "APPROVED, all-day event in Almaty priced in tenge, adult and child tickets"
            .to_owned(),
        quirks: Vec::new(),
    }
}
