//! The provider-neutral order: everything Vista, Paciolan and Afisha can say
//! about an order, in one shape the cache stores, the counter shows and the
//! ticket renderer prints.
//!
//! Each platform fills what it knows; the rest stays `None`. The platform's
//! own JSON is kept in `raw` so support can see exactly what was received.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::money::Cost;
use super::raw::RawJson;
use super::ticket::{Barcode, Ticket};

/// The ticketing platforms Box Office talks to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    specta::Type,
)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// Vista Digital Platform, OCAPI v1 (cinemas).
    Vista,
    /// Paciolan Link API (venues and resale).
    Paciolan,
    /// Afisha ticket-partner API (`/order-info`).
    Afisha,
}

impl Platform {
    pub const ALL: [Platform; 3] = [Platform::Vista, Platform::Paciolan, Platform::Afisha];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Vista => "vista",
            Platform::Paciolan => "paciolan",
            Platform::Afisha => "afisha",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Platform::Vista => "Vista",
            Platform::Paciolan => "Paciolan",
            Platform::Afisha => "Afisha",
        }
    }
}

impl std::str::FromStr for Platform {
    type Err = UnknownPlatform;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vista" => Ok(Platform::Vista),
            "paciolan" => Ok(Platform::Paciolan),
            "afisha" => Ok(Platform::Afisha),
            _ => Err(UnknownPlatform(s.to_owned())),
        }
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a platform (vista, paciolan or afisha)")]
pub struct UnknownPlatform(pub String);

/// Where an order stands, in the counter's terms. The platform's own word is
/// kept beside it in `Order::platform_status`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum OrderStatus {
    /// Afisha CREATED: seats chosen, nothing held yet.
    Created,
    /// Afisha RESERVED: seats held for a short time.
    Reserved,
    /// Afisha BOOKED: held for a long time, to be paid and collected at the counter.
    Booked,
    /// A Vista in-progress order or a Paciolan cart, waiting to be completed.
    InProgress,
    /// A completion has been asked for and the platform is still working.
    Pending,
    /// Sold: Vista Completed, Paciolan COMPLETE, Afisha APPROVED.
    Completed,
    /// Paciolan 207: some tickets sold, others need the provider.
    Partial,
    /// The platform refused or failed the completion.
    Failed,
    /// Afisha CANCELLED.
    Cancelled,
    /// The platform did not say (Afisha UNDEFINED_ORDER_STATUS).
    Unknown,
}

impl OrderStatus {
    /// Whether tickets of an order in this state may be printed.
    pub fn is_printable(self) -> bool {
        matches!(self, OrderStatus::Completed | OrderStatus::Partial)
    }
}

/// How many printed forms an order gets (Afisha's `AttachmentType`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    Deserialize,
    JsonSchema,
    specta::Type,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AttachmentType {
    /// Nothing is printed: the order is collected by code word or order number.
    None,
    /// One form for the whole order, with the order barcode.
    Order,
    /// One form per ticket, each with its own barcode.
    #[default]
    Tickets,
}

/// The showing: when it starts and ends, and in which time zone it is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: Option<String>,
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
    /// A tz-database zone such as `Europe/Moscow`; times are shown in it.
    pub time_zone: String,
    /// Afisha ALL_DAY: the event lasts the whole day, so no start time is shown.
    #[serde(default)]
    pub all_day: bool,
}

impl Session {
    /// The zone to show times in; an unknown zone name falls back to UTC
    /// rather than failing a print at the counter.
    pub fn zone(&self) -> Tz {
        self.time_zone.parse().unwrap_or(Tz::UTC)
    }

    pub fn local_start(&self) -> DateTime<Tz> {
        self.start.with_timezone(&self.zone())
    }

    pub fn local_end(&self) -> Option<DateTime<Tz>> {
        self.end.map(|e| e.with_timezone(&self.zone()))
    }
}

/// The film or event and its showing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: Option<String>,
    pub name: String,
    /// Age rating or other short note printed beside the title.
    pub rating: Option<String>,
    pub session: Option<Session>,
}

/// Where the event takes place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Venue {
    pub id: Option<String>,
    pub name: String,
    pub hall_id: Option<String>,
    pub hall_name: Option<String>,
    pub address: Option<String>,
    /// BCP 47 locale used for money and dates on tickets (`ru-RU`, `en-US`).
    pub locale: String,
}

/// The buyer, as far as the platform tells.
#[derive(
    Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Customer {
    pub fn full_name(&self) -> Option<String> {
        let parts: Vec<&str> = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// A ticket returned to the customer (Afisha `cancelItems`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CancelledItem {
    pub ticket_id: String,
    pub refunded: Option<Cost>,
    pub at: Option<DateTime<Utc>>,
}

/// A group of tickets the platform failed together (Paciolan 207 `errors`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ErrorGroup {
    pub kind: String,
    pub code: Option<String>,
    pub message: Option<String>,
    pub tokens: Vec<String>,
}

/// Something sold with the order that is not an admission with a seat: a
/// Paciolan offer without an `event` (the page gives `event` for "single
/// items only"; packages, parking and add-ons come without). It is sold and
/// shown, but there is no seat ticket to print for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SoldItem {
    /// Paciolan `itemCode`.
    pub item_code: Option<String>,
    /// Paciolan `seasonCode`.
    pub season_code: Option<String>,
    /// Paciolan `basis` (`SINGLE`, `PACKAGE`, ...).
    pub basis: Option<String>,
    pub quantity: Option<u32>,
    /// Paciolan `priceType.name`.
    pub price_type: Option<String>,
}

/// Identifiers by which the platform and the customer know the order.
#[derive(
    Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub struct OrderIds {
    /// Afisha order number; Paciolan external order id.
    pub order_number: Option<String>,
    /// Said at the counter to collect an Afisha order.
    pub code_word: Option<String>,
    /// Vista's collection number; Paciolan's `season:transaction`.
    pub transaction_number: Option<String>,
    /// Paciolan's process id for the completion.
    pub process_id: Option<String>,
    /// Paciolan external listing id.
    pub listing_id: Option<String>,
}

/// An order, whatever platform it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub platform: Platform,
    /// The platform's primary id: Vista orderId, Paciolan externalOrderId, Afisha id.
    pub id: String,
    pub ids: OrderIds,
    pub status: OrderStatus,
    /// The platform's own word for the status (`Completed`, `APPROVED`, ...).
    pub platform_status: Option<String>,
    /// Vista's order type: Standard, GiftShop or Subscription.
    pub order_type: Option<String>,
    pub event: Option<Event>,
    pub venue: Option<Venue>,
    pub customer: Option<Customer>,
    pub tickets: Vec<Ticket>,
    /// Sold items that are not seat tickets (Paciolan offers without `event`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<SoldItem>,
    pub sum: Option<Cost>,
    pub attachment: AttachmentType,
    /// Printed on an ORDER form; when absent the order number is encoded.
    pub order_barcode: Option<Barcode>,
    pub organizer_info: Option<String>,
    pub partner_comment: Option<String>,
    pub cancelled: Vec<CancelledItem>,
    pub errors: Vec<ErrorGroup>,
    pub created_at: Option<DateTime<Utc>>,
    /// When an in-progress order lapses (Vista `updatedOrderExpiresAt`).
    pub expires_at: Option<DateTime<Utc>>,
    /// The platform's JSON as received, for support.
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub raw: Option<RawJson>,
}

impl Order {
    /// A fresh order with only its identity; platforms fill the rest.
    pub fn new(platform: Platform, id: impl Into<String>, status: OrderStatus) -> Self {
        Order {
            platform,
            id: id.into(),
            ids: OrderIds::default(),
            status,
            platform_status: None,
            order_type: None,
            event: None,
            venue: None,
            customer: None,
            tickets: Vec::new(),
            items: Vec::new(),
            sum: None,
            attachment: AttachmentType::Tickets,
            order_barcode: None,
            organizer_info: None,
            partner_comment: None,
            cancelled: Vec::new(),
            errors: Vec::new(),
            created_at: None,
            expires_at: None,
            raw: None,
        }
    }

    /// Tickets that may be printed now: the order is sold (fully or partly)
    /// and the ticket itself was neither refunded nor failed.
    pub fn printable_tickets(&self) -> impl Iterator<Item = &Ticket> {
        let sold = self.status.is_printable();
        self.tickets
            .iter()
            .filter(move |t| sold && t.is_printable())
    }

    /// The locale for money and dates: the venue's, else the platform's home.
    pub fn locale(&self) -> &str {
        match &self.venue {
            Some(v) if !v.locale.is_empty() => &v.locale,
            _ => match self.platform {
                Platform::Afisha => "ru-RU",
                Platform::Vista | Platform::Paciolan => "en-US",
            },
        }
    }

    pub fn session(&self) -> Option<&Session> {
        self.event.as_ref().and_then(|e| e.session.as_ref())
    }

    /// The number the customer quotes: order number, else the platform id.
    pub fn display_number(&self) -> &str {
        self.ids.order_number.as_deref().unwrap_or(&self.id)
    }
}
