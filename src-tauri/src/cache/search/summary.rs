//! What a lookup answers: one line per order (read from the order's row,
//! never its document, so a list of twenty costs twenty index reads), how
//! each was found, and whether the answer is a scan to open at once.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cache::index::KeyKind;
use crate::cache::orders::status_from_str;
use crate::domain::{CompletionState, OrderStatus, Platform, Session, format};

/// How an order was found, for the cashier ("matched by phone").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum MatchedBy {
    Barcode,
    OrderNumber,
    CodeWord,
    Ticket,
    Token,
    Transaction,
    Id,
    Name,
    Email,
    Phone,
    Event,
}

pub(super) fn matched_by(kind: KeyKind, platform: Platform) -> MatchedBy {
    match kind {
        KeyKind::Id | KeyKind::Process => MatchedBy::Id,
        KeyKind::OrderNumber => MatchedBy::OrderNumber,
        KeyKind::CodeWord => MatchedBy::CodeWord,
        KeyKind::Transaction => MatchedBy::Transaction,
        KeyKind::Barcode => MatchedBy::Barcode,
        // A Paciolan ticket's id is its seat token.
        KeyKind::Ticket if platform == Platform::Paciolan => MatchedBy::Token,
        KeyKind::Ticket | KeyKind::AccessId => MatchedBy::Ticket,
        KeyKind::Email => MatchedBy::Email,
        KeyKind::Phone => MatchedBy::Phone,
    }
}

/// One line of the counter's order list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderSummary {
    pub platform: Platform,
    pub id: String,
    pub number: String,
    pub status: OrderStatus,
    pub event_name: Option<String>,
    pub session_start: Option<DateTime<Utc>>,
    /// The venue's zone, in which the session's time is shown.
    pub time_zone: Option<String>,
    /// That zone's short name at the session's start, as the order itself
    /// names it (`MSK`); none for an all-day event.
    pub zone_name: Option<String>,
    pub all_day: bool,
    pub customer_name: Option<String>,
    pub ticket_count: u32,
    pub profile: Option<String>,
    /// The order's live completion at this counter, if one was started.
    pub completion: Option<CompletionState>,
    /// When this copy was stored.
    pub cached_at: DateTime<Utc>,
    pub matched_by: Option<MatchedBy>,
}

impl OrderSummary {
    /// When the session starts, worded in the venue's zone and `locale`.
    pub fn session_text(&self, locale: &str) -> Option<String> {
        let s = session(self.session_start, self.time_zone.as_deref(), self.all_day)?;
        Some(format::session_with_zone(&s, locale))
    }
}

fn session(start: Option<DateTime<Utc>>, zone: Option<&str>, all_day: bool) -> Option<Session> {
    Some(Session {
        id: None,
        start: start?,
        end: None,
        time_zone: zone?.to_owned(),
        all_day,
    })
}

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Found {
    pub orders: Vec<OrderSummary>,
    /// Exactly one order matched a key exactly: a scan, to open at once.
    pub exact: bool,
    /// More matched than were returned.
    pub truncated: bool,
}

pub(super) const SUMMARY: &str =
    "SELECT o.rid, o.platform, o.id, o.number, o.status, o.event_name, o.session_start,
        o.time_zone, o.all_day, o.customer_name, o.ticket_count, o.profile, o.cached_at,
        (SELECT c.state FROM completions c WHERE c.platform = o.platform AND c.order_id = o.id
           AND c.state NOT IN ('failed', 'abandoned')) AS live,
        o.session_day, o.event_key
     FROM orders o";

pub(super) struct Row {
    pub summary: OrderSummary,
    pub day: Option<String>,
    pub event_key: Option<String>,
}

pub(super) fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let platform: String = r.get(1)?;
    let status: String = r.get(4)?;
    let time = |s: Option<String>| {
        s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|d| d.with_timezone(&Utc))
    };
    let live: Option<String> = r.get(13)?;
    let (session_start, time_zone, all_day) =
        (time(r.get(6)?), r.get::<_, Option<String>>(7)?, r.get(8)?);
    let zone_name = session(session_start, time_zone.as_deref(), all_day)
        .filter(|s| !s.all_day)
        .map(|s| format::zone_name(&s));
    Ok(Row {
        summary: OrderSummary {
            platform: platform.parse().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    1,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
            id: r.get(2)?,
            number: r.get(3)?,
            status: status_from_str(&status).unwrap_or(OrderStatus::Unknown),
            event_name: r.get(5)?,
            session_start,
            time_zone,
            zone_name,
            all_day,
            customer_name: r.get(9)?,
            ticket_count: r.get::<_, i64>(10)?.clamp(0, i64::from(u32::MAX)) as u32,
            profile: r.get(11)?,
            cached_at: time(r.get(12)?).unwrap_or_default(),
            completion: live.as_deref().map(CompletionState::from_stored),
            matched_by: None,
        },
        day: r.get(14)?,
        event_key: r.get(15)?,
    })
}
