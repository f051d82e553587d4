//! Afisha's `/order-info` response, read strictly: the page's enums, money
//! as `{value: "<minor units>", currencyCode}` with an int64 string, session
//! times as ISO 8601 with a tz-database zone.

use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderStatus {
    UndefinedOrderStatus,
    Created,
    Reserved,
    Cancelled,
    Booked,
    Approved,
}

impl OrderStatus {
    /// The page's spelling.
    pub fn word(self) -> &'static str {
        match self {
            OrderStatus::UndefinedOrderStatus => "UNDEFINED_ORDER_STATUS",
            OrderStatus::Created => "CREATED",
            OrderStatus::Reserved => "RESERVED",
            OrderStatus::Cancelled => "CANCELLED",
            OrderStatus::Booked => "BOOKED",
            OrderStatus::Approved => "APPROVED",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AttachmentType {
    UndefinedAttachmentType,
    None,
    Order,
    Tickets,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum BarcodeType {
    #[serde(rename = "UNDEFINED_BARCODE_TYPE")]
    Undefined,
    #[serde(rename = "EAN_13")]
    Ean13,
    #[serde(rename = "QR_CODE")]
    QrCode,
    #[serde(rename = "CODE_128")]
    Code128,
    #[serde(rename = "INTERLEAVED_2_OF_5")]
    Interleaved2of5,
    #[serde(rename = "PDF_417")]
    Pdf417,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SessionType {
    OnTime,
    AllDay,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Money {
    pub value: String,
    pub currency_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Cost {
    pub price: Option<Money>,
    pub fee: Option<Money>,
    pub total: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionTime {
    pub session_start: DateTime<Utc>,
    pub session_end: Option<DateTime<Utc>>,
    #[serde(rename = "type")]
    pub kind: Option<SessionType>,
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SoldTicket {
    pub id: String,
    pub barcode: Option<String>,
    #[serde(default)]
    pub admission: bool,
    pub level_id: Option<String>,
    pub level_name: Option<String>,
    pub category_id: Option<String>,
    pub category_name: Option<String>,
    pub row: Option<String>,
    pub place: Option<String>,
    pub pdf_url: Option<String>,
    pub barcode_type: Option<BarcodeType>,
    pub organizer_info: Option<String>,
    pub vat: Option<String>,
    pub category_description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderInfo {
    pub id: Option<String>,
    pub status: Option<OrderStatus>,
    pub sum: Option<Cost>,
    pub order_number: Option<String>,
    pub session_time: Option<SessionTime>,
    pub code_word: Option<String>,
    #[serde(default)]
    pub tickets: Vec<SoldTicket>,
    pub attachment_type: Option<AttachmentType>,
    pub partner_comment: Option<String>,
    pub organizer_info: Option<String>,
    pub barcode: Option<String>,
}

pub fn parse(body: &[u8]) -> Result<OrderInfo, String> {
    let info: OrderInfo = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    if info.id.as_deref().is_none_or(|s| s.trim().is_empty())
        && info
            .order_number
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
    {
        return Err("the answer names neither an id nor an orderNumber".to_owned());
    }
    if let Some(zone) = info
        .session_time
        .as_ref()
        .and_then(|s| s.timezone.as_deref())
        && zone.parse::<chrono_tz::Tz>().is_err()
    {
        return Err(format!("“{zone}” is not a tz-database time zone"));
    }
    for t in &info.tickets {
        if t.id.trim().is_empty() {
            return Err("a ticket has an empty id".to_owned());
        }
    }
    Ok(info)
}
