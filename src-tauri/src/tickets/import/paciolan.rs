//! Paciolan's complete-order response (`POST /v1/cart/complete-order` or
//! its polling), as `shared/seeds/002_…` specifies it: offers with seats,
//! each seat with its own token, an access id and pass URLs; money as JSON
//! numbers in major units, read exactly through [`Amount`].
//!
//! Its tickets carry no barcode (the renderer prints each seat's token as a
//! QR code), no prices per seat (only `paid`, the order total), and neither
//! the currency (US dollars unless told) nor the session time. Status
//! COMPLETE is a sale; ERROR with offers is a partial sale (207), whose
//! failed tokens are kept as error groups; ERROR without offers failed.

use std::collections::HashSet;

use serde::Deserialize;

use super::{field_error, json_error};
use crate::domain::{
    Cost, Currency, ErrorGroup, Event, Label, Order, OrderIds, OrderStatus, Passes, Platform,
    RawJson, Seat, Ticket, TicketState,
};
use crate::providers::paciolan::Amount;
use crate::tickets::error::TicketError;

const FORMAT: &str = "Paciolan complete-order response";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    process_id: String,
    status: String,
    paid: Option<Amount>,
    #[serde(default)]
    offers: Vec<Offer>,
    #[serde(default)]
    transactions: Vec<Transaction>,
    #[serde(default)]
    errors: Vec<ErrorJson>,
    error: Option<ErrorJson>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Offer {
    event: Option<OfferEvent>,
    price_type: Option<Named>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OfferEvent {
    name: Option<String>,
    price_level: Option<u32>,
    #[serde(default)]
    seats: Vec<OfferSeat>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OfferSeat {
    section: Option<String>,
    row: Option<String>,
    seat: Option<String>,
    access_id: Option<String>,
    token: String,
    mobile_url: Option<String>,
    apple_pass_url: Option<String>,
    google_pass_url: Option<String>,
}

#[derive(Deserialize)]
struct Named {
    name: Option<String>,
}

#[derive(Deserialize)]
struct Transaction {
    season: Option<String>,
    transaction: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorJson {
    #[serde(rename = "type")]
    kind: String,
    app_error_code: Option<String>,
    developer_message: Option<String>,
    #[serde(default)]
    tokens: Vec<String>,
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn ticket(seat: &OfferSeat, offer: &Offer, level: Option<u32>) -> Ticket {
    let row = non_empty(&seat.row);
    let place = non_empty(&seat.seat);
    Ticket {
        id: seat.token.trim().to_owned(),
        barcode: None,
        seat: Seat {
            admission: row.is_none() && place.is_none(),
            section: non_empty(&seat.section),
            row,
            place,
        },
        level: level.map(|n| Label {
            id: Some(n.to_string()),
            name: Some(format!("Price level {n}")),
            description: None,
        }),
        category: None,
        price_type: offer.price_type.as_ref().and_then(|p| non_empty(&p.name)),
        cost: None,
        vat: None,
        holder: None,
        access_id: non_empty(&seat.access_id),
        passes: Passes {
            pdf_url: None,
            mobile_url: non_empty(&seat.mobile_url),
            apple_pass_url: non_empty(&seat.apple_pass_url),
            google_pass_url: non_empty(&seat.google_pass_url),
        },
        organizer_info: None,
        state: TicketState::Valid,
    }
}

fn group(e: &ErrorJson) -> ErrorGroup {
    ErrorGroup {
        kind: e.kind.clone(),
        code: non_empty(&e.app_error_code),
        message: non_empty(&e.developer_message),
        tokens: e.tokens.clone(),
    }
}

/// Reads a Paciolan complete-order response; amounts are in `currency`
/// (US dollars when `None`).
pub(super) fn read(text: &str, currency: Option<Currency>) -> Result<Order, TicketError> {
    let r: Response = serde_json::from_str(text).map_err(|e| json_error(FORMAT, &e))?;
    let currency = currency.unwrap_or_else(|| Currency::from(iso_currency::Currency::USD));
    if r.process_id.trim().is_empty() {
        return Err(field_error(FORMAT, "processId", "is empty"));
    }
    let status = match (r.status.as_str(), r.offers.is_empty()) {
        ("COMPLETE", _) => OrderStatus::Completed,
        ("PENDING", _) => OrderStatus::Pending,
        ("ERROR", false) => OrderStatus::Partial,
        ("ERROR", true) => OrderStatus::Failed,
        (other, _) => {
            return Err(field_error(
                FORMAT,
                "status",
                format!("is “{other}”, not one of PENDING, COMPLETE, ERROR"),
            ));
        }
    };
    let mut o = Order::new(Platform::Paciolan, r.process_id.trim(), status);
    o.platform_status = Some(r.status.clone());
    o.ids = OrderIds {
        process_id: Some(r.process_id.trim().to_owned()),
        transaction_number: r.transactions.first().map(|t| match non_empty(&t.season) {
            Some(season) => format!("{season}:{}", t.transaction),
            None => t.transaction.clone(),
        }),
        ..OrderIds::default()
    };
    let mut seen = HashSet::new();
    for (i, offer) in r.offers.iter().enumerate() {
        let Some(event) = &offer.event else {
            return Err(field_error(
                FORMAT,
                &format!("offers[{i}].event"),
                "is missing",
            ));
        };
        for (j, seat) in event.seats.iter().enumerate() {
            let path = format!("offers[{i}].event.seats[{j}].token");
            if seat.token.trim().is_empty() {
                return Err(field_error(FORMAT, &path, "is empty"));
            }
            if !seen.insert(seat.token.trim().to_owned()) {
                return Err(field_error(
                    FORMAT,
                    &path,
                    format!("“{}” appears twice", seat.token),
                ));
            }
            o.tickets.push(ticket(seat, offer, event.price_level));
        }
    }
    // One order holds one event; the first offer names it.
    o.event = r
        .offers
        .iter()
        .find_map(|of| of.event.as_ref().and_then(|e| non_empty(&e.name)))
        .map(|name| Event {
            id: None,
            name,
            rating: None,
            session: None,
        });
    if let Some(paid) = &r.paid {
        let total = paid
            .to_money(currency)
            .map_err(|e| field_error(FORMAT, "paid", e))?;
        o.sum = Some(Cost {
            price: None,
            fee: None,
            total: Some(total),
        });
    }
    o.errors = r.errors.iter().chain(r.error.iter()).map(group).collect();
    o.raw = RawJson::from_text(text).ok();
    Ok(o)
}

#[cfg(test)]
mod tests;
