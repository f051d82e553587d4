//! Turning a complete-order answer into the order's tickets. Paciolan gives
//! each sold seat a new token (the ticket's id from then on) and an access
//! id; the seat's price comes from the cart, matched by section, row and
//! seat. Tokens the 207 answer lists as failed stay on the order as failed
//! tickets, so the cashier sees exactly what did not sell.

use crate::domain::{
    Barcode, Cost, Currency, ErrorGroup, Event, Label, Order, OrderStatus, Passes, RawJson, Seat,
    SoldItem, Symbology, Ticket, TicketState,
};

use super::response::{Response, Status};
use crate::providers::ParseError;

fn same_seat(
    a: &crate::domain::Seat,
    section: &Option<String>,
    row: &Option<String>,
    seat: &Option<String>,
) -> bool {
    a.section == *section && a.row == *row && a.place == *seat
}

/// The order after `r`, starting from the in-progress order `cart_order`
/// (an empty order when the answer is read on its own). Amounts Paciolan
/// writes without a currency are in `currency`.
pub fn apply(cart_order: &Order, r: &Response, currency: Currency) -> Result<Order, ParseError> {
    let mut o = cart_order.clone();
    o.ids.process_id = Some(r.process_id.clone());
    if let Some(t) = r.transaction_numbers() {
        o.ids.transaction_number = Some(t);
    }
    o.platform_status = Some(
        match r.status {
            Status::Pending => "PENDING",
            Status::Complete => "COMPLETE",
            Status::Error => "ERROR",
        }
        .to_owned(),
    );
    if r.status == Status::Pending {
        o.status = OrderStatus::Pending;
        return Ok(o);
    }
    let failed: Vec<&str> = r
        .errors
        .iter()
        .flat_map(|e| e.tokens.iter().map(String::as_str))
        .collect();
    let mut tickets: Vec<Ticket> = Vec::new();
    let mut used = vec![false; cart_order.tickets.len()];
    let mut times_seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (offer, seat) in r.seats() {
        // A token Paciolan gave twice keeps its seat under an id of its own;
        // the printer refuses the repeated code with the reason.
        let n = times_seen.entry(seat.token.as_str()).or_insert(0);
        *n += 1;
        let id = match *n {
            1 => seat.token.clone(),
            n => format!("{}~{n}", seat.token),
        };
        // The cart ticket for this seat: same place, not failed, not taken.
        let from_cart = cart_order.tickets.iter().enumerate().position(|(i, t)| {
            !used[i]
                && !failed.contains(&t.id.as_str())
                && (same_seat(&t.seat, &seat.section, &seat.row, &seat.seat)
                    || (t.seat.admission && t.seat.section == seat.section))
        });
        if let Some(i) = from_cart {
            used[i] = true;
        }
        let known = from_cart.and_then(|i| cart_order.tickets.get(i));
        let admission = seat.row.as_deref().is_none_or(str::is_empty)
            && seat.seat.as_deref().is_none_or(str::is_empty);
        tickets.push(Ticket {
            id,
            // The token identifies the seat to Paciolan's gates; the access
            // id is shared by seats (see the page's example), so it is
            // printed as text, not encoded.
            barcode: Some(Barcode {
                value: seat.token.clone(),
                symbology: Symbology::QrCode,
            }),
            seat: Seat {
                id: None,
                admission,
                section: seat.section.clone(),
                row: if admission { None } else { seat.row.clone() },
                place: if admission { None } else { seat.seat.clone() },
            },
            level: offer
                .event
                .as_ref()
                .and_then(|e| e.price_level)
                .map(|l| Label {
                    id: Some(l.to_string()),
                    name: Some(format!("Price level {l}")),
                    description: None,
                })
                .or_else(|| known.and_then(|k| k.level.clone())),
            category: known.and_then(|k| k.category.clone()),
            price_type: offer
                .price_type
                .as_ref()
                .and_then(|p| p.name.clone())
                .or_else(|| known.and_then(|k| k.price_type.clone())),
            cost: known.and_then(|k| k.cost.clone()),
            vat: None,
            holder: None,
            access_id: seat.access_id.clone(),
            passes: Passes {
                pdf_url: None,
                mobile_url: seat.mobile_url.clone(),
                apple_pass_url: seat.apple_pass_url.clone(),
                google_pass_url: seat.google_pass_url.clone(),
            },
            organizer_info: None,
            state: TicketState::Valid,
            untyped_barcode: None,
        });
    }
    for t in cart_order
        .tickets
        .iter()
        .filter(|t| failed.contains(&t.id.as_str()))
    {
        let mut t = t.clone();
        t.state = TicketState::Failed;
        tickets.push(t);
    }
    o.tickets = tickets;
    o.items = r
        .offers
        .iter()
        .filter(|of| of.event.is_none())
        .map(|of| SoldItem {
            item_code: of.item_code.clone(),
            season_code: of.season_code.clone(),
            basis: of.basis.clone(),
            quantity: of.quantity,
            price_type: of.price_type.as_ref().and_then(|p| p.name.clone()),
        })
        .collect();
    if o.event.is_none() {
        // One order holds one event; the first offer names it.
        o.event = r
            .offers
            .iter()
            .filter_map(|of| of.event.as_ref()?.name.clone())
            .find(|n| !n.trim().is_empty())
            .map(|name| Event {
                id: None,
                name,
                rating: None,
                session: None,
            });
    }
    if o.sum.is_none()
        && let Some(paid) = &r.paid
    {
        let total = paid
            .to_money(currency)
            .map_err(|e| ParseError::at("paid", e))?;
        o.sum = Some(Cost {
            price: None,
            fee: None,
            total: Some(total),
        });
    }
    o.errors = r
        .errors
        .iter()
        .chain(r.error.iter())
        .map(|e| ErrorGroup {
            kind: e.kind.clone().unwrap_or_else(|| "ERROR".to_owned()),
            code: e.app_error_code.clone(),
            message: e.developer_message.clone(),
            tokens: e.tokens.clone(),
        })
        .collect();
    let sold = o.tickets.iter().any(|t| t.state == TicketState::Valid) || !o.items.is_empty();
    o.status = match (r.status, r.errors.is_empty(), sold) {
        (Status::Complete, true, _) => OrderStatus::Completed,
        // An ERROR answer with nothing sold (an error body read on its own).
        (_, _, false) if r.offers.is_empty() => OrderStatus::Failed,
        _ => OrderStatus::Partial,
    };
    o.raw = RawJson::from_text(r.raw.clone()).ok();
    Ok(o)
}

#[cfg(test)]
mod tests;
