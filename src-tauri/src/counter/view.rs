//! What the counter shows of an order (the window's order screen and
//! `box-office orders show`): already worded and formatted in the language
//! the cashier chose (times in the venue's zone, money exact from minor
//! units, by the same formatters the ticket uses), with what the print log
//! knows of each ticket and where this copy of the order came from.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Counter, CounterError};
use crate::completion::{Entry, Journal, State};
use crate::domain::{
    AttachmentType, Order, OrderIds, OrderStatus, Platform, Seat, SoldItem, Symbology, Ticket,
    TicketState, format,
};
use crate::printlog::PrintLog;
use crate::settings::Language;

/// One ticket line of the order screen.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketLine {
    pub id: String,
    /// Section, row and place, for the screen to word in its language.
    pub seat: Seat,
    /// The same in English ("Row 5, Seat 12"), for the command line.
    pub seat_text: String,
    pub category: Option<String>,
    pub price: Option<String>,
    pub symbology: Option<Symbology>,
    pub state: TicketState,
    /// Sold, valid, and its barcode can be printed.
    pub printable: bool,
    /// Copies on record in the print log: 0 never printed, 1 the original,
    /// n > 1 the original and n − 1 reprints. A copy whose print may have
    /// come out counts.
    pub copies: u32,
    /// Why this ticket cannot be printed, when it is sold but cannot.
    pub refusal: Option<String>,
}

/// Tickets the platform failed together (a Paciolan 207 error group).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FailedGroup {
    pub kind: String,
    pub code: Option<String>,
    pub message: Option<String>,
    /// The failed tickets' seats (or tokens when the seat is not known).
    pub tickets: Vec<String>,
}

/// Where this copy of the order came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    /// Fetched from the platform by this very call.
    pub live: bool,
    /// When the copy was stored in this counter's cache.
    pub cached_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub platform: Platform,
    pub id: String,
    /// The number the customer quotes.
    pub number: String,
    pub ids: OrderIds,
    pub status: OrderStatus,
    pub platform_status: Option<String>,
    pub order_type: Option<String>,
    pub event_name: Option<String>,
    pub rating: Option<String>,
    /// "Venue — Hall".
    pub venue: Option<String>,
    /// When the session starts, in the venue's zone and the chosen language.
    pub session: Option<String>,
    pub time_zone: Option<String>,
    pub customer: Option<String>,
    pub total: Option<String>,
    pub attachment: AttachmentType,
    pub partner_comment: Option<String>,
    /// Sold items that are not seat tickets (Paciolan add-ons, parking).
    pub items: Vec<SoldItem>,
    pub failed_groups: Vec<FailedGroup>,
    pub tickets: Vec<TicketLine>,
    pub printable_count: u32,
    /// Printable tickets (or the order form) not printed yet: what Print prints.
    pub unprinted_count: u32,
    /// Copies of the order form on record (Afisha ORDER attachment).
    pub form_copies: u32,
    /// The order's completion, if one was started at this counter.
    pub completion: Option<Entry>,
    /// Whether the counter may complete it now (Vista and Paciolan orders
    /// waiting for completion, with no live completion).
    pub can_complete: bool,
    /// Whether the platform can be asked for the order's current state.
    pub can_refresh: bool,
    /// When an in-progress order lapses, for the countdown.
    pub expires_at: Option<DateTime<Utc>>,
    pub source: Source,
    /// Site mode: another counter's completion of this order, live or
    /// sold, as this counter last heard from the site.
    pub elsewhere: Option<Elsewhere>,
}

/// Another counter's completion of an order (site mode).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Elsewhere {
    pub counter: String,
    pub operator: Option<String>,
    /// The journal's state there (`sending`, `completed`, …).
    pub state: String,
}

/// The locale the screen formats in: Russian, or for English the venue's
/// own English (US dates for a US venue), else British-style English.
pub fn display_locale(lang: Language, venue_locale: &str) -> String {
    match lang {
        Language::Ru => "ru-RU".to_owned(),
        Language::En if venue_locale.to_ascii_lowercase().starts_with("en") => {
            venue_locale.to_owned()
        }
        Language::En => "en-GB".to_owned(),
    }
}

fn line(order: &Order, t: &Ticket, locale: &str, copies: u32) -> TicketLine {
    let sold = order.status.is_printable() && t.is_printable();
    let refusal = if sold {
        crate::tickets::ticket_problem(order, t).map(|e| e.to_string())
    } else {
        None
    };
    TicketLine {
        id: t.id.clone(),
        seat: t.seat.clone(),
        seat_text: t.seat_label(),
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
        symbology: t.barcode.as_ref().map(|b| b.symbology),
        state: t.state,
        printable: sold && refusal.is_none(),
        copies,
        refusal,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl OrderView {
    /// The view of `order`, with its completion, the copies the print log
    /// holds per ticket (`None` for the order form), where it came from and
    /// the language to word it in.
    pub fn of(
        order: Order,
        completion: Option<Entry>,
        copies: &HashMap<Option<String>, u32>,
        source: Source,
        lang: Language,
    ) -> OrderView {
        let locale = display_locale(lang, order.locale());
        let copies_of = |id: Option<&str>| copies.get(&id.map(str::to_owned)).copied().unwrap_or(0);
        let tickets: Vec<TicketLine> = order
            .tickets
            .iter()
            .map(|t| line(&order, t, &locale, copies_of(Some(&t.id))))
            .collect();
        let form = order.platform == Platform::Afisha && order.attachment == AttachmentType::Order;
        let printable = tickets.iter().filter(|t| t.printable).count();
        let form_copies = copies_of(None);
        let unprinted = if form {
            usize::from(printable > 0 && form_copies == 0)
        } else {
            tickets
                .iter()
                .filter(|t| t.printable && t.copies == 0)
                .count()
        };
        let waiting = matches!(order.status, OrderStatus::InProgress | OrderStatus::Failed);
        let live = completion
            .as_ref()
            .is_some_and(|e| !matches!(e.state, State::Failed | State::Abandoned));
        let seat_of = |token: &str| {
            order
                .tickets
                .iter()
                .find(|t| t.id == token)
                .map(|t| t.seat_label())
                .unwrap_or_else(|| token.to_owned())
        };
        OrderView {
            platform: order.platform,
            id: order.id.clone(),
            number: order.display_number().to_owned(),
            ids: order.ids.clone(),
            status: order.status,
            platform_status: order.platform_status.clone(),
            order_type: order.order_type.clone(),
            event_name: order.event.as_ref().map(|e| e.name.clone()),
            rating: order.event.as_ref().and_then(|e| e.rating.clone()),
            venue: order.venue.as_ref().map(|v| {
                [Some(v.name.as_str()), v.hall_name.as_deref()]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" — ")
            }),
            session: order
                .session()
                .map(|s| format::session_with_zone(s, &locale)),
            time_zone: order.session().map(|s| s.time_zone.clone()),
            customer: order.customer.as_ref().and_then(|c| c.full_name()),
            total: order
                .sum
                .as_ref()
                .and_then(|c| c.total)
                .map(|m| m.format(&locale)),
            attachment: order.attachment,
            partner_comment: order.partner_comment.clone(),
            items: order.items.clone(),
            failed_groups: order
                .errors
                .iter()
                .map(|g| FailedGroup {
                    kind: g.kind.clone(),
                    code: g.code.clone(),
                    message: g.message.clone(),
                    tickets: g.tokens.iter().map(|t| seat_of(t)).collect(),
                })
                .collect(),
            printable_count: count(printable),
            unprinted_count: count(unprinted),
            form_copies,
            can_complete: order.platform != Platform::Afisha && waiting && !live,
            can_refresh: order.platform == Platform::Afisha,
            // Vista sends `updatedOrderExpiresAt` with a Pending completion
            // too: the hold still runs out while the platform works.
            expires_at: matches!(order.status, OrderStatus::InProgress | OrderStatus::Pending)
                .then_some(order.expires_at)
                .flatten(),
            completion,
            tickets,
            source,
            elsewhere: None,
        }
    }
}

impl Counter {
    /// The cached order as the counter shows it, in `lang`.
    pub fn order_view(
        &self,
        platform: Platform,
        id: &str,
        lang: Language,
    ) -> Result<OrderView, CounterError> {
        self.view_of(platform, id, false, lang)
    }

    /// The view of a cached order; `live` when it was just fetched.
    pub(super) fn view_of(
        &self,
        platform: Platform,
        id: &str,
        live: bool,
        lang: Language,
    ) -> Result<OrderView, CounterError> {
        let order = self.cached_order(platform, id)?;
        let completion = Journal::new(&self.cache).for_order(platform, id)?;
        // In site mode the copies are the whole site's, as last read.
        let (copies, elsewhere) = match self.site() {
            Some(site) => (
                self.known_copies(platform, id)?,
                crate::site::shared::completing_elsewhere(
                    &self.cache,
                    platform,
                    id,
                    &site.link().counter,
                )?
                .map(|c| Elsewhere {
                    counter: c.counter,
                    operator: c.operator,
                    state: c.state,
                }),
            ),
            None => (
                PrintLog::new(&self.cache).copies_of_order(platform, id)?,
                None,
            ),
        };
        let cached_at = self
            .cache
            .cached_at(platform, id)?
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc));
        let mut view = OrderView::of(order, completion, &copies, Source { live, cached_at }, lang);
        if elsewhere.is_some() {
            view.can_complete = false;
        }
        view.elsewhere = elsewhere;
        Ok(view)
    }

    /// The cached order, or [`CounterError::OrderNotFound`]. A sale whose
    /// answer is journalled but did not reach the cached order (a cache
    /// write failed after it) is put back into it first, so a paid order
    /// always shows and prints its tickets.
    pub fn cached_order(&self, platform: Platform, id: &str) -> Result<Order, CounterError> {
        if let Some(e) = Journal::new(&self.cache).for_order(platform, id)?
            && !e.applied
            && e.answer.is_some()
        {
            crate::completion::Completer::new(&self.cache, self.http.clone(), Default::default())
                .apply_entry(&e)?;
        }
        self.cache
            .get_order(platform, id)?
            .ok_or_else(|| CounterError::OrderNotFound {
                platform,
                id: id.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Barcode, Platform};

    fn view(o: Order, copies: &[(Option<&str>, u32)]) -> OrderView {
        let copies = copies
            .iter()
            .map(|(k, n)| (k.map(str::to_owned), *n))
            .collect();
        OrderView::of(
            o,
            None,
            &copies,
            Source {
                live: false,
                cached_at: None,
            },
            Language::En,
        )
    }

    #[test]
    fn the_hold_counts_down_while_the_platform_is_completing_too() {
        let mut o = Order::new(Platform::Vista, "VS-1", OrderStatus::InProgress);
        let at = chrono::Utc::now() + chrono::Duration::minutes(9);
        o.expires_at = Some(at);
        assert_eq!(view(o.clone(), &[]).expires_at, Some(at));
        o.status = OrderStatus::Pending;
        assert_eq!(view(o.clone(), &[]).expires_at, Some(at));
        o.status = OrderStatus::Completed;
        assert_eq!(view(o, &[]).expires_at, None);
    }

    #[test]
    fn printed_tickets_are_counted_and_unprintable_ones_say_why() {
        let mut o = Order::new(Platform::Afisha, "AF-9", OrderStatus::Completed);
        for (id, code) in [
            ("T1", Some("4600000000015")),
            ("T2", Some("4600000000022")),
            ("T3", None),
        ] {
            let mut t = Ticket::new(id);
            match code {
                Some(c) => {
                    t.barcode = Some(Barcode {
                        value: c.into(),
                        symbology: Symbology::Ean13,
                    })
                }
                None => t.untyped_barcode = Some("12345".into()),
            }
            o.tickets.push(t);
        }
        let v = view(o, &[(Some("T1"), 2)]);
        assert_eq!((v.printable_count, v.unprinted_count), (2, 1));
        assert_eq!(v.tickets[0].copies, 2);
        assert!(
            v.tickets[2]
                .refusal
                .as_deref()
                .is_some_and(|r| r.contains("12345"))
        );
        assert!(!v.tickets[2].printable);
    }

    #[test]
    fn english_follows_a_us_venue_and_russian_is_russian() {
        assert_eq!(display_locale(Language::En, "en-US"), "en-US");
        assert_eq!(display_locale(Language::En, "ru-RU"), "en-GB");
        assert_eq!(display_locale(Language::Ru, "en-US"), "ru-RU");
    }
}
