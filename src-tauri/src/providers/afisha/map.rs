//! Turning an `/order-info` answer into the provider-neutral order, on top of
//! what the counter already knew of it (the answer carries no film, venue or
//! prices per ticket, so those come from the cached order the request was
//! built from, when there is one).

use crate::domain::{
    AttachmentType, Barcode, Cost, Event, Label, Money, Order, OrderStatus, Passes, Platform,
    RawJson, Seat, Session, Symbology, Ticket, TicketState, Vat,
};

use super::wire::{self, OrderInfo};
use crate::providers::ParseError;

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn money(path: &str, m: &Option<wire::Money>) -> Result<Option<Money>, ParseError> {
    m.as_ref()
        .map(|m| {
            Money::from_minor_str(&m.value, &m.currency_code).map_err(|e| ParseError::at(path, e))
        })
        .transpose()
}

fn cost(path: &str, c: &Option<wire::Cost>) -> Result<Option<Cost>, ParseError> {
    Ok(match c {
        Some(c) => Some(Cost {
            price: money(&format!("{path}.price"), &c.price)?,
            fee: money(&format!("{path}.fee"), &c.fee)?,
            total: money(&format!("{path}.total"), &c.total)?,
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

/// The symbology of a ticket barcode: `None` when the page's word is
/// absent, `UNDEFINED_BARCODE_TYPE` or one it does not list.
fn symbology(t: Option<&wire::Word<wire::BarcodeType>>) -> Option<Symbology> {
    match t?.known()? {
        wire::BarcodeType::Ean13 => Some(Symbology::Ean13),
        wire::BarcodeType::QrCode => Some(Symbology::QrCode),
        wire::BarcodeType::Code128 => Some(Symbology::Code128),
        wire::BarcodeType::Interleaved2of5 => Some(Symbology::Interleaved2of5),
        wire::BarcodeType::Pdf417 => Some(Symbology::Pdf417),
        wire::BarcodeType::Undefined => None,
    }
}

/// VAT as the page names it; an undefined or unlisted word prints no VAT
/// line (the word stays in the raw answer).
fn vat(v: Option<&wire::Word<wire::Vat>>) -> Option<Vat> {
    Some(match v?.known()? {
        wire::Vat::Undefined => return None,
        wire::Vat::VatNone => Vat::VatNone,
        wire::Vat::Vat0 => Vat::Vat0,
        wire::Vat::Vat10 => Vat::Vat10,
        wire::Vat::Vat12 => Vat::Vat12,
        wire::Vat::Vat18 => Vat::Vat18,
        wire::Vat::Vat10of110 => Vat::Vat10of110,
        wire::Vat::Vat12of112 => Vat::Vat12of112,
        wire::Vat::Vat18of118 => Vat::Vat18of118,
    })
}

fn ticket(t: &wire::SoldTicket, known: Option<&Ticket>, refunded: bool) -> Ticket {
    let label = |id: &Option<String>, name: &Option<String>, description: Option<String>| {
        (id.is_some() || name.is_some()).then(|| Label {
            id: non_empty(id),
            name: non_empty(name),
            description,
        })
    };
    let value = non_empty(&t.barcode);
    let symbology = symbology(t.barcode_type.as_ref());
    Ticket {
        id: t.id.clone(),
        barcode: value
            .clone()
            .zip(symbology)
            .map(|(value, symbology)| Barcode { value, symbology }),
        // Guessing a symbology could print a code the venue's gates cannot
        // read: the value is kept (it still finds the order) and the ticket
        // is refused at print time, alone.
        untyped_barcode: value.filter(|_| symbology.is_none()),
        seat: Seat {
            id: known.and_then(|k| k.seat.id.clone()),
            admission: t.admission,
            section: None,
            row: if t.admission { None } else { non_empty(&t.row) },
            place: if t.admission {
                None
            } else {
                non_empty(&t.place)
            },
        },
        level: label(&t.level_id, &t.level_name, None).or_else(|| known?.level.clone()),
        category: label(
            &t.category_id,
            &t.category_name,
            non_empty(&t.category_description),
        )
        .or_else(|| known?.category.clone()),
        price_type: known.and_then(|k| k.price_type.clone()),
        cost: known.and_then(|k| k.cost.clone()),
        vat: vat(t.vat.as_ref()).or(known.and_then(|k| k.vat)),
        holder: known.and_then(|k| k.holder.clone()),
        access_id: None,
        passes: Passes {
            pdf_url: non_empty(&t.pdf_url),
            ..Passes::default()
        },
        organizer_info: non_empty(&t.organizer_info),
        state: if refunded {
            TicketState::Refunded
        } else {
            TicketState::Valid
        },
    }
}

fn session(
    st: &wire::SessionTime,
    known: Option<&Session>,
    venue_zone: Option<&str>,
) -> Result<Session, ParseError> {
    // The answer's zone, else the one the counter already knew for this
    // session, else the venue's zone from the connection's settings.
    let zone = non_empty(&st.timezone)
        .or_else(|| known.map(|s| s.time_zone.clone()))
        .or_else(|| venue_zone.map(str::to_owned))
        .ok_or_else(|| {
            ParseError::at(
                "sessionTime.timezone",
                "missing, and the venue's time zone is not set for this connection, so the \
                 session's time cannot be shown (set it with `box-office profiles add \
                 --time-zone` or in Settings)",
            )
        })?;
    Ok(Session {
        id: known.and_then(|s| s.id.clone()),
        start: st.session_start,
        end: st.session_end,
        time_zone: zone,
        all_day: st.kind == Some(wire::SessionType::AllDay),
    })
}

/// The identifier by which the answer names another order than `known`,
/// if it does: its `id`, or its `orderNumber` when both sides have one.
/// Such an answer must never be merged onto the cached order.
pub fn other_order(info: &OrderInfo, known: &Order) -> Option<String> {
    if let Some(id) = non_empty(&info.id)
        && id != known.id
    {
        return Some(id);
    }
    match (non_empty(&info.order_number), &known.ids.order_number) {
        (Some(n), Some(k)) if crate::cache::normalise_key(&n) != crate::cache::normalise_key(k) => {
            Some(n)
        }
        _ => None,
    }
}

/// The order as Afisha now describes it. `known` is the cached order the
/// request was built from, if any; its cancelled items stay refunded, and
/// its tickets the answer no longer lists are kept as withdrawn (shown, never
/// printed). `venue_zone` is the connection's venue time zone, used when the
/// answer gives none.
pub fn to_order(
    info: &OrderInfo,
    known: Option<&Order>,
    raw: &[u8],
    venue_zone: Option<&str>,
) -> Result<Order, ParseError> {
    if let Some(k) = known
        && let Some(other) = other_order(info, k)
    {
        return Err(ParseError::at(
            "id",
            format!(
                "the answer is about order “{other}”, not “{}”",
                k.display_number()
            ),
        ));
    }
    let id = non_empty(&info.id)
        .or_else(|| known.map(|k| k.id.clone()))
        .or_else(|| non_empty(&info.order_number))
        .ok_or_else(|| ParseError::at("id", "missing, and so is orderNumber"))?;
    let mut o = match known {
        Some(k) => k.clone(),
        None => Order::new(Platform::Afisha, id.clone(), OrderStatus::Unknown),
    };
    o.id = id;
    o.status = status(info.status);
    o.platform_status = info.status.map(|s| s.word().to_owned());
    if let Some(n) = non_empty(&info.order_number) {
        o.ids.order_number = Some(n);
    }
    if let Some(w) = non_empty(&info.code_word) {
        o.ids.code_word = Some(w);
    }
    if let Some(sum) = cost("sum", &info.sum)? {
        o.sum = Some(sum);
    }
    if let Some(st) = &info.session_time {
        let s = session(st, o.session(), venue_zone)?;
        match o.event.as_mut() {
            Some(e) => e.session = Some(s),
            // The answer names no event; the ticket prints without a title.
            None => {
                o.event = Some(Event {
                    id: None,
                    name: String::new(),
                    rating: None,
                    session: Some(s),
                })
            }
        }
    }
    let refunded: Vec<&str> = o.cancelled.iter().map(|c| c.ticket_id.as_str()).collect();
    o.attachment = match info.attachment_type {
        Some(wire::AttachmentType::None) => AttachmentType::None,
        Some(wire::AttachmentType::Order) => AttachmentType::Order,
        // Undefined: a form per ticket, the safe default for a sold order.
        _ => AttachmentType::Tickets,
    };
    // The page makes `tickets` required only for confirmed orders printed a
    // form per ticket: an ORDER or NONE answer without tickets says nothing
    // about them, so what the counter knew stands.
    let lists_tickets = !info.tickets.is_empty() || o.attachment == AttachmentType::Tickets;
    if lists_tickets {
        let mut tickets: Vec<Ticket> = info
            .tickets
            .iter()
            .map(|t| {
                let known_ticket = known.and_then(|k| k.tickets.iter().find(|kt| kt.id == t.id));
                ticket(t, known_ticket, refunded.contains(&t.id.as_str()))
            })
            .collect();
        // A ticket the platform no longer lists is no admission: keep it in
        // sight, never print it.
        for gone in known
            .iter()
            .flat_map(|k| &k.tickets)
            .filter(|kt| !info.tickets.iter().any(|t| t.id == kt.id))
        {
            let mut t = gone.clone();
            if t.state == TicketState::Valid {
                t.state = TicketState::Withdrawn;
            }
            tickets.push(t);
        }
        o.tickets = tickets;
    }
    // The page gives no symbology for the order barcode. It stands in for
    // the order number, printed as Code 128 when there is no barcode, so
    // printable ASCII gets Code 128 too; anything else needs QR.
    o.order_barcode = non_empty(&info.barcode).map(|value| Barcode {
        symbology: if value.chars().all(|c| (' '..='~').contains(&c)) {
            Symbology::Code128
        } else {
            Symbology::QrCode
        },
        value,
    });
    o.organizer_info = non_empty(&info.organizer_info).or(o.organizer_info);
    o.partner_comment = non_empty(&info.partner_comment).or(o.partner_comment);
    o.raw = std::str::from_utf8(raw)
        .ok()
        .and_then(|t| RawJson::from_text(t).ok());
    Ok(o)
}

#[cfg(test)]
mod tests;
