//! Afisha's `/order-info` response, read strictly where the order as a whole
//! depends on it (its status, attachment type, session, money as
//! `{value: "<minor units>", currencyCode}` with an int64 string, session
//! times as ISO 8601 with a tz-database zone) and per ticket where only one
//! ticket depends on it: a ticket whose `barcodeType` or `vat` is absent,
//! `UNDEFINED_…` or a word the page does not list is kept, and the renderer
//! refuses that ticket alone, so one odd ticket never blocks its order.
//! Every refusal names the field (`sum.fee: …`), so support can point at the
//! platform's mistake.
//! This is the one reader of the page: the completion flow, the counter's
//! "Check with Afisha" and `box-office render` all use it.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::providers::ParseError;

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
pub enum Vat {
    #[serde(rename = "UNDEFINED_VAT")]
    Undefined,
    #[serde(rename = "VAT_NONE")]
    VatNone,
    #[serde(rename = "VAT_0")]
    Vat0,
    #[serde(rename = "VAT_10")]
    Vat10,
    #[serde(rename = "VAT_12")]
    Vat12,
    #[serde(rename = "VAT_18")]
    Vat18,
    #[serde(rename = "VAT_10_110")]
    Vat10of110,
    #[serde(rename = "VAT_12_112")]
    Vat12of112,
    #[serde(rename = "VAT_18_118")]
    Vat18of118,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SessionType {
    OnTime,
    AllDay,
}

/// A word from one of the page's enums, or one it does not list (kept as
/// sent, so the ticket can be refused with it named).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word<T> {
    Known(T),
    Other(String),
}

impl<T> Word<T> {
    pub fn known(&self) -> Option<&T> {
        match self {
            Word::Known(t) => Some(t),
            Word::Other(_) => None,
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Word<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(
            match serde_json::from_value(serde_json::Value::String(text.clone())) {
                Ok(t) => Word::Known(t),
                Err(_) => Word::Other(text),
            },
        )
    }
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
    pub barcode_type: Option<Word<BarcodeType>>,
    pub organizer_info: Option<String>,
    pub vat: Option<Word<Vat>>,
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

/// Reads a response body; the error names the field that is wrong.
pub fn parse(body: &[u8]) -> Result<OrderInfo, ParseError> {
    let info: OrderInfo = ParseError::read(body)?;
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    if blank(&info.id) && blank(&info.order_number) {
        return Err(ParseError::at(
            "id",
            "missing, and so is orderNumber; the answer names no order",
        ));
    }
    if let Some(zone) = info
        .session_time
        .as_ref()
        .and_then(|s| s.timezone.as_deref())
        && zone.parse::<chrono_tz::Tz>().is_err()
    {
        return Err(ParseError::at(
            "sessionTime.timezone",
            format!("“{zone}” is not a tz-database zone"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, t) in info.tickets.iter().enumerate() {
        if t.id.trim().is_empty() {
            return Err(ParseError::at(format!("tickets[{i}].id"), "is empty"));
        }
        if !seen.insert(t.id.as_str()) {
            return Err(ParseError::at(
                format!("tickets[{i}].id"),
                "is the id of an earlier ticket too",
            ));
        }
    }
    Ok(info)
}
