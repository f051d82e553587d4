//! Vista's completion body, read strictly: `orderId` non-empty, `orderType`
//! and `status` from the page's enums, `transactionNumber` an int32 or null,
//! `updatedOrderExpiresAt` a date-time or null. Anything else is refused
//! rather than guessed at.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::providers::ParseError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CompletionStatus {
    Pending,
    Completed,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum OrderType {
    Standard,
    GiftShop,
    Subscription,
}

impl OrderType {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderType::Standard => "Standard",
            OrderType::GiftShop => "GiftShop",
            OrderType::Subscription => "Subscription",
        }
    }
}

/// The page's "completion of an in progress order base".
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Completion {
    pub order_id: String,
    pub order_type: OrderType,
    pub status: CompletionStatus,
    pub transaction_number: Option<i32>,
    pub updated_order_expires_at: Option<DateTime<Utc>>,
    /// The body as received, kept in the journal with the outcome it gives.
    #[serde(skip)]
    pub raw: String,
}

/// An RFC 7807 problem, as far as it can be read.
#[derive(Debug, Default, Deserialize)]
pub struct Problem {
    pub title: Option<String>,
    pub detail: Option<String>,
}

pub fn parse_completion(body: &[u8]) -> Result<Completion, ParseError> {
    let mut c: Completion = ParseError::read(body)?;
    c.raw = String::from_utf8_lossy(body).into_owned();
    if c.order_id.trim().is_empty() {
        return Err(ParseError::at("orderId", "is empty"));
    }
    // `transactionNumber` is "integer or null" on the page, whatever the
    // status: a Completed completion without one is still completed (the
    // customer has paid), and is never refused as unreadable.
    Ok(c)
}

/// The problem's words for the cashier, or the status line.
pub fn problem_message(body: &[u8], status: u16) -> String {
    let p: Problem = serde_json::from_slice(body).unwrap_or_default();
    match (p.title, p.detail) {
        (Some(t), Some(d)) => format!("{t}: {d}"),
        (Some(t), None) => t,
        (None, Some(d)) => d,
        (None, None) => format!("HTTP {status}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_page_example() {
        let c = parse_completion(br#"{ "orderId": "string", "orderType": "Standard", "status": "Pending", "transactionNumber": 0, "updatedOrderExpiresAt": "2019-08-24T14:15:22Z" }"#).unwrap();
        assert_eq!(c.status, CompletionStatus::Pending);
        assert_eq!(c.transaction_number, Some(0));
    }

    #[test]
    fn a_completed_completion_may_have_no_transaction_number() {
        for body in [
            r#"{"orderId":"A","orderType":"Standard","status":"Completed","transactionNumber":null}"#,
            r#"{"orderId":"A","orderType":"GiftShop","status":"Completed"}"#,
        ] {
            let c = parse_completion(body.as_bytes()).unwrap();
            assert_eq!(
                (c.status, c.transaction_number),
                (CompletionStatus::Completed, None)
            );
        }
    }

    #[test]
    fn refuses_what_the_page_does_not_allow() {
        for bad in [
            r#"{"orderId":"","orderType":"Standard","status":"Pending"}"#,
            r#"{"orderId":"A","orderType":"Cinema","status":"Pending"}"#,
            r#"{"orderId":"A","orderType":"Standard","status":"Done"}"#,
            r#"{"orderId":"A","orderType":"Standard","status":"Pending","transactionNumber":4294967296}"#,
            r#"{"orderType":"Standard","status":"Pending"}"#,
            "not json",
        ] {
            assert!(parse_completion(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
