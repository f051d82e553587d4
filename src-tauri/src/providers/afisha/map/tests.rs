//! The Afisha reader against the page's response shape: what maps where,
//! and every refusal naming its field.

use serde_json::{Value, json};

use super::*;
use crate::domain::{AttachmentType, OrderStatus, Platform, Symbology, Vat};
use crate::providers::ParseError;
use crate::providers::afisha::wire;

fn response() -> Value {
    json!({
        "id": "AF-1007",
        "status": "APPROVED",
        "sum": {
            "price": {"value": "120000", "currencyCode": "RUB"},
            "fee": {"value": "12000", "currencyCode": "RUB"},
            "total": {"value": "132000", "currencyCode": "RUB"}
        },
        "orderNumber": "1007-4411",
        "sessionTime": {
            "sessionStart": "2025-11-27T16:30:00Z",
            "sessionEnd": "2025-11-27T18:35:00Z",
            "type": "ON_TIME",
            "timezone": "Europe/Moscow"
        },
        "codeWord": "ЗВЕЗДА",
        "tickets": [
            {"id": "AF-1007-1", "barcode": "AF-1007-1/Партер/Ряд 1/Место 1", "admission": false,
             "levelId": "L-6", "levelName": "Партер", "categoryId": "C-8", "categoryName": "Стандарт",
             "row": "1", "place": "1", "pdfUrl": "https://tickets.example/AF-1007-1.pdf",
             "barcodeType": "PDF_417", "organizerInfo": "ООО «Киносфера»", "vat": "VAT_NONE"},
            {"id": "AF-1007-2", "barcode": "4601234500111", "admission": true,
             "levelName": "Танцпол", "categoryName": "Входной", "barcodeType": "EAN_13", "vat": "UNDEFINED_VAT"}
        ],
        "attachmentType": "TICKETS",
        "partnerComment": "",
        "organizerInfo": "ООО «Киносфера», ИНН 7701234567",
        "specificFields": {},
        "additional": {}
    })
}

fn read_value(v: &Value) -> Result<Order, ParseError> {
    let text = v.to_string();
    let info = wire::parse(text.as_bytes())?;
    to_order(&info, None, text.as_bytes(), None)
}

fn detail(e: ParseError) -> String {
    e.to_string()
}

#[test]
fn maps_the_response_to_an_order() {
    let o = read_value(&response()).unwrap();
    assert_eq!(o.platform, Platform::Afisha);
    assert_eq!(o.id, "AF-1007");
    assert_eq!(o.status, OrderStatus::Completed);
    assert_eq!(o.platform_status.as_deref(), Some("APPROVED"));
    assert_eq!(o.ids.order_number.as_deref(), Some("1007-4411"));
    assert_eq!(o.ids.code_word.as_deref(), Some("ЗВЕЗДА"));
    let s = o.session().unwrap();
    assert_eq!(s.time_zone, "Europe/Moscow");
    assert_eq!(s.local_start().format("%H:%M").to_string(), "19:30");
    assert!(!s.all_day);
    let total = o.sum.as_ref().and_then(|c| c.total).unwrap();
    assert_eq!((total.minor, total.currency.code()), (132_000, "RUB"));
    let t = &o.tickets[0];
    assert_eq!(
        t.barcode.as_ref().map(|b| b.symbology),
        Some(Symbology::Pdf417)
    );
    assert_eq!(t.seat.row.as_deref(), Some("1"));
    assert_eq!(
        t.level.as_ref().and_then(|l| l.name.as_deref()),
        Some("Партер")
    );
    assert_eq!(t.vat, Some(Vat::VatNone));
    assert_eq!(
        t.passes.pdf_url.as_deref(),
        Some("https://tickets.example/AF-1007-1.pdf")
    );
    assert!(o.tickets[1].seat.admission);
    assert_eq!(o.tickets[1].vat, None);
    assert_eq!(o.partner_comment, None);
    assert_eq!(o.attachment, AttachmentType::Tickets);
    assert!(o.raw.is_some());
}

#[test]
fn money_must_be_a_string_of_minor_units() {
    let mut v = response();
    v["sum"]["total"]["value"] = json!(1320.00);
    assert!(read_value(&v).is_err());
    let mut v = response();
    v["sum"]["fee"]["value"] = json!("120.00");
    let d = detail(read_value(&v).unwrap_err());
    assert!(d.starts_with("sum.fee"), "{d}");
    let mut v = response();
    v["sum"]["price"]["currencyCode"] = json!("RUR");
    assert!(detail(read_value(&v).unwrap_err()).contains("RUR"));
}

#[test]
fn unknown_words_and_zones_are_refused_with_their_path() {
    for (ptr, value, expect) in [
        ("/status", json!("PAID"), "status: unknown variant `PAID`"),
        ("/attachmentType", json!("PDF"), "attachmentType"),
        (
            "/sessionTime/timezone",
            json!("Moscow"),
            "sessionTime.timezone: “Moscow” is not a tz-database zone",
        ),
        ("/sessionTime/type", json!("SOMETIMES"), "sessionTime.type"),
        (
            "/sessionTime/sessionStart",
            json!("tomorrow"),
            "sessionTime.sessionStart",
        ),
    ] {
        let mut v = response();
        *v.pointer_mut(ptr).unwrap() = value;
        let d = detail(read_value(&v).unwrap_err());
        assert!(d.contains(expect), "{ptr}: {d}");
    }
}

#[test]
fn a_barcode_without_a_type_refuses_its_ticket_alone_and_the_others_print() {
    for odd in [
        Some(json!("UNDEFINED_BARCODE_TYPE")),
        Some(json!("DATA_MATRIX")),
        None,
    ] {
        let mut v = response();
        match &odd {
            Some(word) => v["tickets"][0]["barcodeType"] = word.clone(),
            None => {
                v["tickets"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("barcodeType");
            }
        }
        // An unlisted VAT word on the other ticket costs only its VAT line.
        v["tickets"][1]["vat"] = json!("VAT_20");
        let o = read_value(&v).unwrap();
        let t = &o.tickets[0];
        assert_eq!(t.barcode, None, "{odd:?}: never guessed");
        assert_eq!(
            t.untyped_barcode.as_deref(),
            Some("AF-1007-1/Партер/Ряд 1/Место 1")
        );
        assert_eq!(o.tickets[1].vat, None);
        let r =
            crate::tickets::render_order(&o, &crate::tickets::RenderOptions::default()).unwrap();
        assert_eq!((r.pages, r.refused.len()), (1, 1), "{odd:?}");
        let why = r.refused[0].message();
        assert!(
            why.starts_with("ticket AF-1007-1: Afisha sent the barcode") && why.contains("reissue"),
            "{why}"
        );
    }
}

#[test]
fn a_missing_zone_comes_from_what_is_known_else_the_venue_else_is_refused() {
    let mut v = response();
    v["sessionTime"].as_object_mut().unwrap().remove("timezone");
    let text = v.to_string();
    let info = wire::parse(text.as_bytes()).unwrap();
    let e = to_order(&info, None, text.as_bytes(), None).unwrap_err();
    assert!(e.to_string().contains("time zone is not set"), "{e}");
    let o = to_order(&info, None, text.as_bytes(), Some("Europe/Moscow")).unwrap();
    assert_eq!(o.session().unwrap().time_zone, "Europe/Moscow");
}

#[test]
fn an_answer_about_another_order_is_refused_and_unlisted_tickets_are_withdrawn() {
    let cat = crate::sandbox::Catalogue::seeded(chrono::Utc::now());
    let known = &cat.find(Platform::Afisha, "AF-1001").unwrap().order;
    let mut v = crate::sandbox::afisha_response(known);
    v["id"] = json!("AF-9999");
    let text = v.to_string();
    let info = wire::parse(text.as_bytes()).unwrap();
    assert_eq!(other_order(&info, known).as_deref(), Some("AF-9999"));
    assert!(to_order(&info, Some(known), text.as_bytes(), None).is_err());

    let mut v = crate::sandbox::afisha_response(known);
    v["tickets"].as_array_mut().unwrap().remove(1);
    let text = v.to_string();
    let info = wire::parse(text.as_bytes()).unwrap();
    let o = to_order(&info, Some(known), text.as_bytes(), None).unwrap();
    let gone = o
        .tickets
        .iter()
        .find(|t| t.id == known.tickets[1].id)
        .unwrap();
    assert_eq!(gone.state, crate::domain::TicketState::Withdrawn);
    assert_eq!(o.printable_tickets().count(), known.tickets.len() - 1);
}

#[test]
fn duplicate_ticket_ids_are_refused() {
    let mut v = response();
    v["tickets"][1]["id"] = json!("AF-1007-1");
    assert!(detail(read_value(&v).unwrap_err()).contains("earlier ticket"));
}

#[test]
fn order_forms_all_day_sessions_and_the_order_barcode() {
    let mut v = response();
    v["attachmentType"] = json!("ORDER");
    v["barcode"] = json!("1007-4411");
    v["sessionTime"]["type"] = json!("ALL_DAY");
    let o = read_value(&v).unwrap();
    assert_eq!(o.attachment, AttachmentType::Order);
    assert!(o.session().unwrap().all_day);
    assert_eq!(
        o.order_barcode.as_ref().map(|b| b.symbology),
        Some(Symbology::Code128)
    );
    v["barcode"] = json!("ЗАКАЗ-1007");
    let o = read_value(&v).unwrap();
    assert_eq!(
        o.order_barcode.as_ref().map(|b| b.symbology),
        Some(Symbology::QrCode)
    );
    v["attachmentType"] = json!("NONE");
    assert_eq!(read_value(&v).unwrap().attachment, AttachmentType::None);
}

#[test]
fn renders_straight_from_the_response() {
    let o = read_value(&response()).unwrap();
    let r = crate::tickets::render_order(&o, &crate::tickets::RenderOptions::default()).unwrap();
    assert_eq!(r.pages, 2);
    assert!(r.refused.is_empty(), "{:?}", r.refused);
}

#[test]
fn a_known_order_keeps_its_film_prices_and_refunds() {
    let cat = crate::sandbox::Catalogue::seeded(chrono::Utc::now());
    let known = &cat.find(Platform::Afisha, "AF-1005").unwrap().order;
    let body = crate::sandbox::afisha_response(known).to_string();
    let info = wire::parse(body.as_bytes()).unwrap();
    let o = to_order(&info, Some(known), body.as_bytes(), None).unwrap();
    assert_eq!(
        o.event.as_ref().map(|e| e.name.as_str()),
        known.event.as_ref().map(|e| e.name.as_str())
    );
    assert_eq!(o.tickets[0].cost, known.tickets[0].cost);
    assert_eq!(o.tickets[1].state, crate::domain::TicketState::Refunded);
    assert_eq!(o.printable_tickets().count(), 1);
}
