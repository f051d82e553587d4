//! The Paciolan reader against the page's examples: what maps where, and
//! every refusal naming its field.

use super::*;
use crate::domain::{Currency, Platform};
use crate::providers::ParseError;
use crate::providers::paciolan::response;

fn read(text: &str, currency: Option<Currency>) -> Result<Order, ParseError> {
    let r = response::parse(text.as_bytes())?;
    let empty = Order::new(
        Platform::Paciolan,
        r.process_id.clone(),
        OrderStatus::InProgress,
    );
    apply(
        &empty,
        &r,
        currency.unwrap_or_else(|| iso_currency::Currency::USD.into()),
    )
}

/// The page's COMPLETE example (two seats sharing one access id).
const COMPLETE: &str = r#"{
  "processId": "a1b2c3", "status": "COMPLETE", "paid": 104.10,
  "offers": [
    {"quantity": 1, "seasonCode": "CALI", "itemCode": "RSHAHLA", "basis": "SINGLE",
     "event": {"name": "RSHAH LA", "priceLevel": 1, "seats": [
       {"section": "1:1", "row": "2", "seat": "1", "sequence": 1, "accessId": "431:BB19:BB01",
        "token": "badf123aadadf123a",
        "mobileUrl": "https://ticketdelivery.eveneue.net/tickets/F19/F02/3u328u39hfisudfisfhw-mobile.pdf",
        "applePassUrl": "https://ticketdelivery.eveneue.net/tickets/F19/F02/3u328u39hfisudfisfhx.pkpass",
        "googlePassUrl": "https://ticketdelivery.eveneue.net/tickets/F19/F02/3u328u39hfisudfisfhx.txt",
        "ownerId": "135792"}]},
     "priceType": {"name": "Adult"}},
    {"quantity": 1, "seasonCode": "CALI", "itemCode": "RSHAHLA", "basis": "SINGLE",
     "event": {"name": "RSHAH LA", "priceLevel": 1, "seats": [
       {"section": "1:1", "row": "2", "seat": "2", "sequence": 2, "accessId": "431:BB19:BB01",
        "token": "asdf123afvaefa", "ownerId": "135792"}]},
     "priceType": {"name": "Adult"}}
  ],
  "transactions": [{"season": "CALI", "transaction": "264667"}],
  "sellerIds": ["654321"], "cartId": "7890987"
}"#;

fn detail(e: ParseError) -> String {
    e.to_string()
}

#[test]
fn maps_the_page_example() {
    let o = read(COMPLETE, None).unwrap();
    assert_eq!(o.platform, Platform::Paciolan);
    assert_eq!(o.status, OrderStatus::Completed);
    assert_eq!(o.id, "a1b2c3");
    assert_eq!(o.ids.transaction_number.as_deref(), Some("CALI:264667"));
    assert_eq!(o.event.as_ref().map(|e| e.name.as_str()), Some("RSHAH LA"));
    assert_eq!(o.tickets.len(), 2);
    let t = &o.tickets[0];
    assert_eq!(t.id, "badf123aadadf123a");
    assert_eq!(t.access_id.as_deref(), Some("431:BB19:BB01"));
    assert_eq!(t.seat.section.as_deref(), Some("1:1"));
    assert_eq!(
        (t.seat.row.as_deref(), t.seat.place.as_deref()),
        (Some("2"), Some("1"))
    );
    assert_eq!(t.price_type.as_deref(), Some("Adult"));
    assert!(
        t.passes
            .apple_pass_url
            .as_deref()
            .is_some_and(|u| u.ends_with(".pkpass"))
    );
    let paid = o.sum.as_ref().and_then(|c| c.total).unwrap();
    assert_eq!((paid.minor, paid.currency.code()), (10_410, "USD"));
}

#[test]
fn the_currency_can_be_given_and_precision_is_checked() {
    let jpy: Currency = "JPY".parse().unwrap();
    let e = read(COMPLETE, Some(jpy)).unwrap_err();
    assert!(detail(e).starts_with("paid"));
    let text = COMPLETE.replace("104.10", "104");
    let o = read(&text, Some(jpy)).unwrap();
    assert_eq!(o.sum.and_then(|c| c.total).map(|m| m.minor), Some(104));
    // A total that is not a number leaves the sale without a total; one in
    // exponent form is read exactly.
    let o = read(&COMPLETE.replace("104.10", "\"104.10\""), None).unwrap();
    assert_eq!(o.sum.and_then(|c| c.total), None);
    let o = read(&COMPLETE.replace("104.10", "1.0401e2"), None).unwrap();
    assert_eq!(o.sum.and_then(|c| c.total).map(|m| m.minor), Some(10_401));
}

#[test]
fn partial_pending_and_failed_answers() {
    let partial = COMPLETE.replace(
        r#""status": "COMPLETE""#,
        r#""status": "ERROR", "errors": [{"type": "ORDER_INCOMPLETE", "appErrorCode": "BO-*",
            "developerMessage": "Some of the items in this order did not process correctly.",
            "tokens": ["bddf9ggcgbe80b2c6", "9d2eg28fg6c230042"]}]"#,
    );
    let o = read(&partial, None).unwrap();
    assert_eq!(o.status, OrderStatus::Partial);
    assert_eq!(o.errors[0].tokens.len(), 2);
    assert_eq!(o.tickets.len(), 2);

    let o = read(r#"{"processId": "d4e5f6", "status": "PENDING"}"#, None).unwrap();
    assert_eq!(o.status, OrderStatus::Pending);
    let failed = r#"{"processId": "x", "status": "ERROR",
        "error": {"type": "UNHANDLED_EXCEPTION", "appErrorCode": "MS-500", "developerMessage": "boom"}}"#;
    let o = read(failed, None).unwrap();
    assert_eq!(o.status, OrderStatus::Failed);
    assert_eq!(o.errors[0].kind, "UNHANDLED_EXCEPTION");
}

#[test]
fn strict_about_statuses_and_tokens() {
    let e = read(
        &COMPLETE.replace(r#""status": "COMPLETE""#, r#""status": "DONE""#),
        None,
    )
    .unwrap_err();
    assert!(detail(e).contains("status: unknown variant `DONE`"));
    // A repeated token keeps both seats; the second is refused at print
    // time, alone, and the sale is not lost.
    let o = read(
        &COMPLETE.replace("asdf123afvaefa", "badf123aadadf123a"),
        None,
    )
    .unwrap();
    assert_eq!(o.tickets.len(), 2);
    assert_eq!(o.tickets[1].id, "badf123aadadf123a~2");
    assert!(crate::tickets::ticket_problem(&o, &o.tickets[0]).is_none());
    assert!(matches!(
        crate::tickets::ticket_problem(&o, &o.tickets[1]),
        Some(crate::tickets::TicketError::RepeatedCode { .. })
    ));
    let e = read(&COMPLETE.replace("\"asdf123afvaefa\"", "\"  \""), None).unwrap_err();
    assert!(detail(e).contains("offers[1].event.seats[0].token: is empty"));
}

#[test]
fn renders_a_page_per_seat_with_the_token_as_qr() {
    let o = read(COMPLETE, None).unwrap();
    let r = crate::tickets::render_order(&o, &crate::tickets::RenderOptions::default()).unwrap();
    assert_eq!(r.pages, 2);
    assert!(r.refused.is_empty());
}
