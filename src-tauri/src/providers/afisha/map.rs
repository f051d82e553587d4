//! Turning an `/order-info` answer into the provider-neutral order, on top of
//! what the counter already knew of it (the answer carries no film, venue or
//! customer, so those come from the cached order the request was built from).

use crate::domain::{
    AttachmentType, Barcode, Cost, Label, Money, MoneyError, Order, OrderStatus, Passes, Platform,
    RawJson, Seat, Session, Symbology, Ticket, TicketState, Vat,
};

use super::wire::{self, OrderInfo};

fn money(m: &Option<wire::Money>) -> Result<Option<Money>, MoneyError> {
    m.as_ref()
        .map(|m| Money::from_minor_str(&m.value, &m.currency_code))
        .transpose()
}

pub fn cost(c: &Option<wire::Cost>) -> Result<Option<Cost>, MoneyError> {
    Ok(match c {
        Some(c) => Some(Cost {
            price: money(&c.price)?,
            fee: money(&c.fee)?,
            total: money(&c.total)?,
        }),
        None => None,
    })
}

fn status(s: Option<wire::OrderStatus>) -> OrderStatus {
    match s {
        Some(wire::OrderStatus::Created) => OrderStatus::Created,
        Some(wire::OrderStatus::Reserved) => OrderStatus::Reserved,
        Some(wire::OrderStatus::Cancelled) => OrderStatus::Cancelled,
        Some(wire::OrderStatus::Booked) => OrderStatus::Booked,
        Some(wire::OrderStatus::Approved) => OrderStatus::Completed,
        Some(wire::OrderStatus::UndefinedOrderStatus) | None => OrderStatus::Unknown,
    }
}

fn symbology(t: Option<wire::BarcodeType>) -> Symbology {
    match t {
        Some(wire::BarcodeType::Ean13) => Symbology::Ean13,
        Some(wire::BarcodeType::Code128) => Symbology::Code128,
        Some(wire::BarcodeType::Interleaved2of5) => Symbology::Interleaved2of5,
        Some(wire::BarcodeType::Pdf417) => Symbology::Pdf417,
        // An undefined type with a value: QR holds any text, so the gate's
        // 2D scanner reads exactly what the platform sent.
        Some(wire::BarcodeType::QrCode | wire::BarcodeType::Undefined) | None => Symbology::QrCode,
    }
}

fn vat(v: Option<&str>) -> Option<Vat> {
    v.and_then(|s| serde_json::from_value(serde_json::Value::String(s.to_owned())).ok())
}

fn ticket(t: &wire::SoldTicket, known: Option<&Ticket>, refunded: bool) -> Ticket {
    let label = |id: &Option<String>, name: &Option<String>, description: Option<String>| {
        (id.is_some() || name.is_some()).then(|| Label {
            id: id.clone(),
            name: name.clone(),
            description,
        })
    };
    Ticket {
        id: t.id.clone(),
        barcode: t
            .barcode
            .as_ref()
            .filter(|b| !b.is_empty())
            .map(|b| Barcode {
                value: b.clone(),
                symbology: symbology(t.barcode_type),
            }),
        seat: Seat {
            admission: t.admission,
            section: None,
            row: if t.admission { None } else { t.row.clone() },
            place: if t.admission { None } else { t.place.clone() },
        },
        level: label(&t.level_id, &t.level_name, None).or_else(|| known?.level.clone()),
        category: label(
            &t.category_id,
            &t.category_name,
            t.category_description.clone(),
        )
        .or_else(|| known?.category.clone()),
        price_type: known.and_then(|k| k.price_type.clone()),
        cost: known.and_then(|k| k.cost.clone()),
        vat: vat(t.vat.as_deref()).or(known.and_then(|k| k.vat)),
        holder: known.and_then(|k| k.holder.clone()),
        access_id: None,
        passes: Passes {
            pdf_url: t.pdf_url.clone(),
            ..Passes::default()
        },
        organizer_info: t.organizer_info.clone(),
        state: if refunded {
            TicketState::Refunded
        } else {
            TicketState::Valid
        },
    }
}

/// The order as Afisha now describes it. `known` is the cached order the
/// request was built from, if any; its cancelled items stay refunded.
pub fn to_order(info: &OrderInfo, known: Option<&Order>, raw: &[u8]) -> Result<Order, String> {
    let id = info
        .id
        .clone()
        .or_else(|| known.map(|k| k.id.clone()))
        .or_else(|| info.order_number.clone())
        .unwrap_or_default();
    let mut o = match known {
        Some(k) => k.clone(),
        None => Order::new(Platform::Afisha, id.clone(), OrderStatus::Unknown),
    };
    o.id = id;
    o.status = status(info.status);
    o.platform_status = info.status.map(|s| s.word().to_owned());
    if info.order_number.is_some() {
        o.ids.order_number = info.order_number.clone();
    }
    if info.code_word.is_some() {
        o.ids.code_word = info.code_word.clone();
    }
    if let Some(sum) = cost(&info.sum).map_err(|e| e.to_string())? {
        o.sum = Some(sum);
    }
    if let Some(st) = &info.session_time {
        let known_session = o.session().cloned();
        let zone = st
            .timezone
            .clone()
            .or_else(|| known_session.as_ref().map(|s| s.time_zone.clone()))
            .ok_or("the session time has no time zone")?;
        let session = Session {
            id: known_session.and_then(|s| s.id),
            start: st.session_start,
            end: st.session_end,
            time_zone: zone,
            all_day: st.kind == Some(wire::SessionType::AllDay),
        };
        match o.event.as_mut() {
            Some(e) => e.session = Some(session),
            None => {
                o.event = Some(crate::domain::Event {
                    id: None,
                    name: "Afisha order".to_owned(),
                    rating: None,
                    session: Some(session),
                })
            }
        }
    }
    let refunded: Vec<&str> = o.cancelled.iter().map(|c| c.ticket_id.as_str()).collect();
    let tickets = info
        .tickets
        .iter()
        .map(|t| {
            let known_ticket = known.and_then(|k| k.tickets.iter().find(|kt| kt.id == t.id));
            ticket(t, known_ticket, refunded.contains(&t.id.as_str()))
        })
        .collect();
    o.tickets = tickets;
    o.attachment = match info.attachment_type {
        Some(wire::AttachmentType::None) => AttachmentType::None,
        Some(wire::AttachmentType::Order) => AttachmentType::Order,
        _ => AttachmentType::Tickets,
    };
    o.order_barcode = info
        .barcode
        .as_ref()
        .filter(|b| !b.is_empty())
        .map(|b| Barcode {
            value: b.clone(),
            symbology: Symbology::QrCode,
        });
    o.organizer_info = info.organizer_info.clone().or(o.organizer_info);
    o.partner_comment = info.partner_comment.clone().or(o.partner_comment);
    o.raw = std::str::from_utf8(raw)
        .ok()
        .and_then(|t| RawJson::from_text(t).ok());
    Ok(o)
}
