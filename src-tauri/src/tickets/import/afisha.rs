//! Afisha's `/order-info` response, as `shared/seeds/003_…` specifies it:
//! money as strings of minor units with an ISO 4217 code, session times in
//! RFC 3339 with a tz-database zone, and closed sets of words for status,
//! attachment, barcode, VAT and session types.
//!
//! The response names no event, venue or ticket prices (the request carries
//! those), so an order read from it prints without them; the order sum is
//! there. The page gives no symbology for the order barcode of an ORDER
//! form: printable ASCII is printed as Code 128 (like the order number it
//! stands for), anything else as QR.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use super::{field_error, json_error};
use crate::domain::{
    AttachmentType, Barcode, Cost, Event, Label, Money, Order, OrderIds, OrderStatus, Passes,
    Platform, RawJson, Seat, Session, Symbology, Ticket, TicketState, Vat,
};
use crate::tickets::error::TicketError;

const FORMAT: &str = "Afisha /order-info response";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderInfo {
    id: Option<String>,
    status: Option<String>,
    sum: Option<CostJson>,
    order_number: Option<String>,
    session_time: Option<SessionTime>,
    code_word: Option<String>,
    #[serde(default)]
    tickets: Vec<SoldTicket>,
    attachment_type: Option<String>,
    partner_comment: Option<String>,
    organizer_info: Option<String>,
    barcode: Option<String>,
}

#[derive(Deserialize)]
struct CostJson {
    price: Option<MoneyJson>,
    fee: Option<MoneyJson>,
    total: Option<MoneyJson>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MoneyJson {
    /// A string of minor units; a JSON number here is refused by serde.
    value: String,
    currency_code: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionTime {
    session_start: String,
    session_end: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    timezone: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SoldTicket {
    id: String,
    barcode: Option<String>,
    #[serde(default)]
    admission: bool,
    level_id: Option<String>,
    level_name: Option<String>,
    category_id: Option<String>,
    category_name: Option<String>,
    category_description: Option<String>,
    row: Option<String>,
    place: Option<String>,
    pdf_url: Option<String>,
    barcode_type: Option<String>,
    organizer_info: Option<String>,
    vat: Option<String>,
}

fn one_of<T: Copy>(path: &str, word: &str, words: &[(&str, T)]) -> Result<T, TicketError> {
    words
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let allowed: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
            field_error(
                FORMAT,
                path,
                format!("is “{word}”, not one of {}", allowed.join(", ")),
            )
        })
}

fn status(word: Option<&str>) -> Result<OrderStatus, TicketError> {
    one_of(
        "status",
        word.unwrap_or("UNDEFINED_ORDER_STATUS"),
        &[
            ("UNDEFINED_ORDER_STATUS", OrderStatus::Unknown),
            ("CREATED", OrderStatus::Created),
            ("RESERVED", OrderStatus::Reserved),
            ("CANCELLED", OrderStatus::Cancelled),
            ("BOOKED", OrderStatus::Booked),
            ("APPROVED", OrderStatus::Completed),
        ],
    )
}

fn attachment(word: Option<&str>) -> Result<AttachmentType, TicketError> {
    // Undefined: a form per ticket, the domain's default and the safe choice
    // (nothing is left unprinted).
    one_of(
        "attachmentType",
        word.unwrap_or("UNDEFINED_ATTACHMENT_TYPE"),
        &[
            ("UNDEFINED_ATTACHMENT_TYPE", AttachmentType::Tickets),
            ("NONE", AttachmentType::None),
            ("ORDER", AttachmentType::Order),
            ("TICKETS", AttachmentType::Tickets),
        ],
    )
}

fn symbology(path: &str, word: &str) -> Result<Option<Symbology>, TicketError> {
    one_of(
        path,
        word,
        &[
            ("UNDEFINED_BARCODE_TYPE", None),
            ("EAN_13", Some(Symbology::Ean13)),
            ("QR_CODE", Some(Symbology::QrCode)),
            ("CODE_128", Some(Symbology::Code128)),
            ("INTERLEAVED_2_OF_5", Some(Symbology::Interleaved2of5)),
            ("PDF_417", Some(Symbology::Pdf417)),
        ],
    )
}

fn vat(path: &str, word: &str) -> Result<Option<Vat>, TicketError> {
    one_of(
        path,
        word,
        &[
            ("UNDEFINED_VAT", None),
            ("VAT_NONE", Some(Vat::VatNone)),
            ("VAT_0", Some(Vat::Vat0)),
            ("VAT_10", Some(Vat::Vat10)),
            ("VAT_12", Some(Vat::Vat12)),
            ("VAT_18", Some(Vat::Vat18)),
            ("VAT_10_110", Some(Vat::Vat10of110)),
            ("VAT_12_112", Some(Vat::Vat12of112)),
            ("VAT_18_118", Some(Vat::Vat18of118)),
        ],
    )
}

fn money(path: &str, m: &MoneyJson) -> Result<Money, TicketError> {
    Money::from_minor_str(&m.value, &m.currency_code).map_err(|e| field_error(FORMAT, path, e))
}

fn cost(path: &str, c: &CostJson) -> Result<Cost, TicketError> {
    let part = |name: &str, m: &Option<MoneyJson>| {
        m.as_ref()
            .map(|m| money(&format!("{path}.{name}"), m))
            .transpose()
    };
    Ok(Cost {
        price: part("price", &c.price)?,
        fee: part("fee", &c.fee)?,
        total: part("total", &c.total)?,
    })
}

fn instant(path: &str, text: &str) -> Result<DateTime<Utc>, TicketError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            field_error(
                FORMAT,
                path,
                format!("“{text}” is not an RFC 3339 time ({e})"),
            )
        })
}

fn session(s: &SessionTime) -> Result<Session, TicketError> {
    let zone = s
        .timezone
        .as_deref()
        .ok_or_else(|| field_error(FORMAT, "sessionTime.timezone", "is missing"))?;
    if zone.parse::<Tz>().is_err() {
        return Err(field_error(
            FORMAT,
            "sessionTime.timezone",
            format!("“{zone}” is not a tz-database zone (such as Europe/Moscow)"),
        ));
    }
    let all_day = one_of(
        "sessionTime.type",
        s.kind.as_deref().unwrap_or("ON_TIME"),
        &[("ON_TIME", false), ("ALL_DAY", true)],
    )?;
    Ok(Session {
        id: None,
        start: instant("sessionTime.sessionStart", &s.session_start)?,
        end: s
            .session_end
            .as_deref()
            .map(|e| instant("sessionTime.sessionEnd", e))
            .transpose()?,
        time_zone: zone.to_owned(),
        all_day,
    })
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn ticket(i: usize, t: &SoldTicket) -> Result<Ticket, TicketError> {
    let path = |f: &str| format!("tickets[{i}].{f}");
    if t.id.trim().is_empty() {
        return Err(field_error(FORMAT, &path("id"), "is empty"));
    }
    let kind = t
        .barcode_type
        .as_deref()
        .map(|w| symbology(&path("barcodeType"), w))
        .transpose()?
        .flatten();
    let barcode = match (non_empty(&t.barcode), kind) {
        (Some(value), Some(symbology)) => Some(Barcode { value, symbology }),
        (Some(value), None) => {
            return Err(field_error(
                FORMAT,
                &path("barcodeType"),
                format!("does not say how to encode the barcode “{value}”"),
            ));
        }
        (None, _) => None,
    };
    let label = |id: &Option<String>, name: &Option<String>, description: Option<String>| {
        (id.is_some() || name.is_some()).then(|| Label {
            id: non_empty(id),
            name: non_empty(name),
            description,
        })
    };
    Ok(Ticket {
        id: t.id.clone(),
        barcode,
        seat: Seat {
            admission: t.admission,
            section: None,
            row: non_empty(&t.row),
            place: non_empty(&t.place),
        },
        level: label(&t.level_id, &t.level_name, None),
        category: label(
            &t.category_id,
            &t.category_name,
            non_empty(&t.category_description),
        ),
        price_type: None,
        cost: None,
        vat: t
            .vat
            .as_deref()
            .map(|w| vat(&path("vat"), w))
            .transpose()?
            .flatten(),
        holder: None,
        access_id: None,
        passes: Passes {
            pdf_url: non_empty(&t.pdf_url),
            ..Passes::default()
        },
        organizer_info: non_empty(&t.organizer_info),
        state: TicketState::Valid,
    })
}

/// Reads an Afisha `/order-info` response.
pub(super) fn read(text: &str) -> Result<Order, TicketError> {
    let info: OrderInfo = serde_json::from_str(text).map_err(|e| json_error(FORMAT, &e))?;
    let id = non_empty(&info.id)
        .or_else(|| non_empty(&info.order_number))
        .ok_or_else(|| field_error(FORMAT, "id", "and orderNumber are both missing"))?;
    let mut o = Order::new(Platform::Afisha, id, status(info.status.as_deref())?);
    o.platform_status = info.status.clone();
    o.ids = OrderIds {
        order_number: non_empty(&info.order_number),
        code_word: non_empty(&info.code_word),
        ..OrderIds::default()
    };
    if let Some(s) = &info.session_time {
        o.event = Some(Event {
            id: None,
            name: String::new(),
            rating: None,
            session: Some(session(s)?),
        });
    }
    o.tickets = info
        .tickets
        .iter()
        .enumerate()
        .map(|(i, t)| ticket(i, t))
        .collect::<Result<_, _>>()?;
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = o.tickets.iter().find(|t| !seen.insert(t.id.as_str())) {
        return Err(field_error(
            FORMAT,
            "tickets",
            format!("list the ticket id “{}” twice", dup.id),
        ));
    }
    o.sum = info.sum.as_ref().map(|c| cost("sum", c)).transpose()?;
    o.attachment = attachment(info.attachment_type.as_deref())?;
    o.order_barcode = non_empty(&info.barcode).map(|value| Barcode {
        symbology: if value.chars().all(|c| (' '..='~').contains(&c)) {
            Symbology::Code128
        } else {
            Symbology::QrCode
        },
        value,
    });
    o.organizer_info = non_empty(&info.organizer_info);
    o.partner_comment = non_empty(&info.partner_comment);
    o.raw = RawJson::from_text(text).ok();
    Ok(o)
}

#[cfg(test)]
mod tests;
