//! What the counter shows of an order (the window's order screen and
//! `box-office orders show`), already worded and formatted
//! (times in the venue's zone, money in the venue's locale) so the UI only
//! lays it out and every screen says the same thing the ticket says.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::completion::Entry;
use crate::domain::{Order, OrderStatus, Platform, Ticket, TicketState, format};

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketLine {
    pub id: String,
    pub seat: String,
    pub category: Option<String>,
    pub price: Option<String>,
    pub state: TicketState,
    pub printable: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub order: Order,
    /// When the session starts, in the venue's zone and language.
    pub session: Option<String>,
    pub total: Option<String>,
    pub customer: Option<String>,
    pub tickets: Vec<TicketLine>,
    pub printable_count: u32,
    /// The order's completion, if one was started at this counter.
    pub completion: Option<Entry>,
    /// Whether the counter may complete it now (Vista and Paciolan orders
    /// waiting for completion, with no live completion).
    pub can_complete: bool,
    /// Whether the platform can be asked for the order's current state.
    pub can_refresh: bool,
    /// When an in-progress order lapses, for the countdown.
    pub expires_at: Option<DateTime<Utc>>,
}

fn line(order: &Order, t: &Ticket) -> TicketLine {
    let locale = order.locale();
    TicketLine {
        id: t.id.clone(),
        seat: t.seat_label(),
        category: t
            .category
            .as_ref()
            .and_then(|c| c.name.clone())
            .or_else(|| t.price_type.clone()),
        price: t
            .cost
            .as_ref()
            .and_then(|c| c.total.or(c.price))
            .map(|m| m.format(locale)),
        state: t.state,
        printable: order.status.is_printable() && t.is_printable(),
    }
}

impl OrderView {
    pub fn of(order: Order, completion: Option<Entry>) -> OrderView {
        let locale = order.locale().to_owned();
        let tickets = order.tickets.iter().map(|t| line(&order, t)).collect();
        let waiting = matches!(order.status, OrderStatus::InProgress | OrderStatus::Failed);
        let live = completion.as_ref().is_some_and(|e| {
            !matches!(
                e.state,
                crate::completion::State::Failed | crate::completion::State::Abandoned
            )
        });
        OrderView {
            session: order
                .session()
                .map(|s| format::session_with_zone(s, &locale)),
            total: order
                .sum
                .as_ref()
                .and_then(|c| c.total)
                .map(|m| m.format(&locale)),
            customer: order.customer.as_ref().and_then(|c| c.full_name()),
            printable_count: u32::try_from(order.printable_tickets().count()).unwrap_or(u32::MAX),
            can_complete: order.platform != Platform::Afisha && waiting && !live,
            can_refresh: order.platform == Platform::Afisha,
            // Vista sends `updatedOrderExpiresAt` with a Pending completion
            // too: the hold still runs out while the platform works.
            expires_at: matches!(order.status, OrderStatus::InProgress | OrderStatus::Pending)
                .then_some(order.expires_at)
                .flatten(),
            completion,
            tickets,
            order,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Platform;

    #[test]
    fn the_hold_counts_down_while_the_platform_is_completing_too() {
        let mut o = Order::new(Platform::Vista, "VS-1", OrderStatus::InProgress);
        let at = chrono::Utc::now() + chrono::Duration::minutes(9);
        o.expires_at = Some(at);
        assert_eq!(OrderView::of(o.clone(), None).expires_at, Some(at));
        o.status = OrderStatus::Pending;
        assert_eq!(OrderView::of(o.clone(), None).expires_at, Some(at));
        o.status = OrderStatus::Completed;
        assert_eq!(OrderView::of(o, None).expires_at, None);
    }
}
