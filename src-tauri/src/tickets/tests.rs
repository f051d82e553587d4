//! Outcomes of `render_order` on the seeded orders: what prints, what is
//! refused and why, and what prints nothing.

use chrono::Utc;

use super::*;
use crate::domain::OrderStatus;
use crate::sandbox::catalogue::Catalogue;

fn seeded(id: &str) -> Order {
    Catalogue::seeded(Utc::now())
        .orders
        .into_iter()
        .find(|o| o.order.id == id)
        .map(|o| o.order)
        .unwrap_or_else(|| panic!("no seeded order {id}"))
}

/// A Vista or Paciolan order as it is once the counter completed it.
fn completed(id: &str) -> Order {
    let mut o = seeded(id);
    o.status = OrderStatus::Completed;
    o
}

fn opts(stock: Stock) -> RenderOptions {
    RenderOptions {
        stamp: None,
        stock,
        reprint: None,
        tickets: None,
    }
}

#[test]
fn a_page_per_ticket_on_every_stock() {
    for stock in Stock::ALL {
        let r = render_order(&seeded("AF-1001"), &opts(stock)).unwrap();
        assert_eq!(r.pages, 2, "{stock}");
        assert!(r.refused.is_empty());
        assert!(r.pdf.starts_with(b"%PDF-"));
    }
}

#[test]
fn attachment_none_prints_nothing_and_says_how_to_collect() {
    let err = render_order(&seeded("AF-1004"), &RenderOptions::default()).unwrap_err();
    match &err {
        TicketError::NothingToPrint {
            reason:
                NoPrintReason::NoAttachment {
                    order_number,
                    code_word,
                },
        } => {
            assert_eq!(order_number, "1004-3300");
            assert_eq!(code_word.as_deref(), Some("МЕТЕЛЬ"));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("code word “МЕТЕЛЬ”"), "{err}");
}

#[test]
fn orders_not_sold_print_nothing_with_their_status() {
    for (id, word) in [
        ("AF-1008", "BOOKED"),
        ("AF-1009", "RESERVED"),
        ("AF-1010", "CREATED"),
        ("AF-1011", "CANCELLED"),
    ] {
        let err = render_order(&seeded(id), &RenderOptions::default()).unwrap_err();
        assert!(
            matches!(
                &err,
                TicketError::NothingToPrint {
                    reason: NoPrintReason::NotSold { .. }
                }
            ),
            "{id}: {err:?}"
        );
        assert!(err.to_string().contains(word), "{id}: {err}");
    }
    // Vista and Paciolan orders wait for the counter to complete them.
    let err = render_order(&seeded("VS-2001"), &RenderOptions::default()).unwrap_err();
    assert!(err.to_string().contains("complete the sale first"), "{err}");
}

#[test]
fn refunded_and_failed_tickets_never_print() {
    let r = render_order(&seeded("AF-1005"), &RenderOptions::default()).unwrap();
    assert_eq!(r.pages, 1);
    let mut o = seeded("AF-1005");
    o.tickets[0].state = TicketState::Failed;
    let err = render_order(&o, &RenderOptions::default()).unwrap_err();
    assert!(
        matches!(
            &err,
            TicketError::NothingToPrint {
                reason: NoPrintReason::NoPrintableTickets {
                    refunded: 1,
                    failed: 1,
                    ..
                }
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_wrong_ean_check_digit_refuses_that_ticket_only() {
    let err = render_order(&seeded("AF-1012"), &RenderOptions::default()).unwrap_err();
    let TicketError::AllRefused { refused, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(refused[0].ticket_id, "AF-1012-1");
    assert!(
        refused[0]
            .message()
            .contains("wrong check digit (5; its first twelve digits call for 8)"),
        "{}",
        refused[0]
    );

    let mut o = seeded("AF-1001");
    if let Some(b) = o.tickets[1].barcode.as_mut() {
        b.value = "4601234500125".into();
    }
    let r = render_order(&o, &RenderOptions::default()).unwrap();
    assert_eq!(r.pages, 1);
    assert_eq!(r.refused.len(), 1);
    assert_eq!(r.refused[0].ticket_id, "AF-1001-2");
}

#[test]
fn odd_itf_and_over_long_values_are_refused_per_ticket() {
    let mut o = seeded("AF-1006");
    if let Some(b) = o.tickets[0].barcode.as_mut() {
        b.value = "12345".into();
    }
    if let Some(b) = o.tickets[1].barcode.as_mut() {
        b.value = "1".repeat(82);
    }
    let r = render_order(&o, &RenderOptions::default()).unwrap();
    assert_eq!(r.pages, 1);
    let messages: Vec<String> = r.refused.iter().map(RefusedTicket::message).collect();
    assert!(
        messages[0].contains("odd number of digits (5)"),
        "{messages:?}"
    );
    assert!(messages[1].contains("too long"), "{messages:?}");
}

#[test]
fn a_code_too_wide_for_boca_is_refused_with_a_way_out() {
    let mut o = completed("VS-2001");
    if let Some(b) = o.tickets[1].barcode.as_mut() {
        b.value = "VS2001-".to_owned() + &"ABCDEFGH".repeat(5);
    }
    let r = render_order(&o, &opts(Stock::Boca)).unwrap();
    assert_eq!(r.refused.len(), 1);
    assert!(
        r.refused[0]
            .message()
            .contains("print this order on A4 or Letter"),
        "{}",
        r.refused[0]
    );
    assert!(
        render_order(&o, &opts(Stock::A4))
            .unwrap()
            .refused
            .is_empty()
    );
}

#[test]
fn an_order_form_is_one_page_with_the_order_code() {
    for stock in Stock::ALL {
        let r = render_order(&seeded("AF-1002"), &opts(stock)).unwrap();
        assert_eq!(r.pages, 1, "{stock}");
        let r = render_order(&seeded("AF-1003"), &opts(stock)).unwrap();
        assert_eq!(r.pages, 1, "{stock}");
    }
    let mut o = seeded("AF-1002");
    o.organizer_info = None;
    let err = render_order(&o, &RenderOptions::default()).unwrap_err();
    assert!(
        matches!(err, TicketError::MissingOrganizerInfo { .. }),
        "{err:?}"
    );
    let mut o = seeded("AF-1003");
    o.ids.order_number = Some("Заказ-7".into());
    let err = render_order(&o, &RenderOptions::default()).unwrap_err();
    assert!(err.to_string().contains("Code 128"), "{err}");
}

#[test]
fn a_thousand_seat_order_form_runs_over_pages() {
    let mut o = seeded("AF-1002");
    let t = o.tickets[0].clone();
    o.tickets = (0..1000)
        .map(|i| {
            let mut t = t.clone();
            t.id = format!("AF-1002-{i}");
            t
        })
        .collect();
    for stock in Stock::ALL {
        let r = render_order(&o, &opts(stock)).unwrap();
        assert!(r.pages > 1, "{stock}");
    }
}

#[test]
fn paciolan_tickets_carry_their_token_as_a_qr_code() {
    let o = completed("PC-3001");
    assert!(o.tickets.iter().all(|t| t.barcode.is_none()));
    let r = render_order(&o, &RenderOptions::default()).unwrap();
    assert_eq!(r.pages, 2);
    assert!(r.refused.is_empty());
    // A Vista ticket without a barcode cannot be scanned: refused.
    let mut o = completed("VS-2001");
    o.tickets[0].barcode = None;
    let r = render_order(&o, &RenderOptions::default()).unwrap();
    assert_eq!(r.refused.len(), 1);
    assert!(
        r.refused[0].message().contains("no barcode from Vista"),
        "{}",
        r.refused[0]
    );
}

#[test]
fn vista_and_paciolan_ignore_the_attachment_type() {
    let mut o = completed("VS-2005");
    o.attachment = AttachmentType::None;
    assert_eq!(
        render_order(&o, &RenderOptions::default()).unwrap().pages,
        2
    );
}

#[test]
fn reprints_are_numbered_from_one() {
    let o = seeded("AF-1001");
    let r = RenderOptions {
        stamp: None,
        stock: Stock::Thermal80,
        reprint: Some(Reprint {
            number: 0,
            at: Utc::now(),
        }),
        tickets: None,
    };
    assert_eq!(
        render_order(&o, &r).unwrap_err(),
        TicketError::InvalidReprint
    );
    let r = RenderOptions {
        stamp: None,
        stock: Stock::Thermal80,
        reprint: Some(Reprint {
            number: 2,
            at: Utc::now(),
        }),
        tickets: None,
    };
    let plain = render_order(&o, &RenderOptions::default()).unwrap();
    let reprint = render_order(&o, &r).unwrap();
    assert_eq!(reprint.pages, plain.pages);
    assert_ne!(reprint.pdf, plain.pdf);
}

#[test]
fn a_concessions_only_order_has_nothing_to_print() {
    let o = completed("VS-2009");
    let err = render_order(&o, &RenderOptions::default()).unwrap_err();
    assert!(
        matches!(
            err,
            TicketError::NothingToPrint {
                reason: NoPrintReason::NoTickets { .. }
            }
        ),
        "{err:?}"
    );
}
