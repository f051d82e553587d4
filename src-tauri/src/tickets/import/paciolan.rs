//! A Paciolan complete-order response as a render input. It is read by the
//! platform's one reader ([`crate::providers::paciolan`]), so `render`
//! accepts exactly what a completion accepts from Paciolan.
//!
//! Its tickets carry no barcode (each seat's token is printed as a QR code),
//! no prices per seat (only `paid`, the order total), and neither the
//! currency (US dollars unless told) nor the session time.

use crate::domain::{Currency, Order, OrderStatus, Platform};
use crate::providers::ParseError;
use crate::providers::paciolan::{map, response};
use crate::tickets::error::TicketError;

const FORMAT: &str = "Paciolan complete-order response";

/// Reads a Paciolan complete-order response; amounts are in `currency`
/// (US dollars when `None`).
pub(super) fn read(text: &str, currency: Option<Currency>) -> Result<Order, TicketError> {
    let bad = |e: ParseError| TicketError::BadInput {
        format: FORMAT,
        detail: e.to_string(),
    };
    let r = response::parse(text.as_bytes()).map_err(bad)?;
    let currency = currency.unwrap_or_else(|| iso_currency::Currency::USD.into());
    let empty = Order::new(
        Platform::Paciolan,
        r.process_id.trim(),
        OrderStatus::InProgress,
    );
    map::apply(&empty, &r, currency).map_err(bad)
}
