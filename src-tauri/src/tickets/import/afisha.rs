//! An Afisha `/order-info` response as a render input. It is read by the
//! platform's one reader ([`crate::providers::afisha`]), so `render` accepts
//! exactly what the counter accepts from Afisha, and refuses it with the
//! same words.
//!
//! The response names no event, venue or ticket prices (the request carries
//! those), so an order read from it alone prints without them.

use crate::domain::Order;
use crate::providers::ParseError;
use crate::providers::afisha::{map, wire};
use crate::tickets::error::TicketError;

const FORMAT: &str = "Afisha /order-info response";

/// Reads an Afisha `/order-info` response.
pub(super) fn read(text: &str, venue_zone: Option<&str>) -> Result<Order, TicketError> {
    let bad = |e: ParseError| TicketError::BadInput {
        format: FORMAT,
        detail: e.to_string(),
    };
    let info = wire::parse(text.as_bytes()).map_err(bad)?;
    map::to_order(&info, None, text.as_bytes(), venue_zone).map_err(bad)
}
