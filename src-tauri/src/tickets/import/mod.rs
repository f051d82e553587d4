//! The JSON `box-office render` accepts, recognised by its shape: Box Office's
//! own order document, an Afisha `/order-info` response, or a Paciolan
//! complete-order response. The two platform forms are read by small, strict
//! parsers — a field of the wrong type, an unknown enum word or money that is
//! not exact is refused with the field's path, never guessed — and mapped to
//! the provider-neutral [`Order`]. The platform's text is kept in `raw`.

mod afisha;
mod paciolan;

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde_json::Value;

use crate::domain::{Currency, Order, OrderDocument};

use super::error::TicketError;

/// Which kind of JSON an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `{"format": "box-office/order", ...}`, written by `box-office orders export`.
    OrderDocument,
    /// The response of Afisha's `POST /order-info`.
    AfishaOrderInfo,
    /// The response of Paciolan's `POST /v1/cart/complete-order` (or its polling).
    PaciolanCompleteOrder,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::OrderDocument => "Box Office order document",
            Source::AfishaOrderInfo => "Afisha /order-info response",
            Source::PaciolanCompleteOrder => "Paciolan complete-order response",
        }
    }
}

/// Settings for inputs that do not say everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The currency of a Paciolan response, whose amounts carry none
    /// (US dollars when not given).
    pub currency: Option<Currency>,
    /// The venue's tz-database zone, for an Afisha response whose session
    /// gives none.
    pub time_zone: Option<String>,
}

/// An order read from an input.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub order: Order,
    pub source: Source,
}

/// Which kind of input `value` is, by the keys only each kind has.
pub fn detect(value: &Value) -> Option<Source> {
    let obj = value.as_object()?;
    detect_by(|k| obj.contains_key(k))
}

/// What an input is, from which top-level fields it has.
fn detect_by(has: impl Fn(&str) -> bool) -> Option<Source> {
    if has("format") {
        Some(Source::OrderDocument)
    } else if has("offers") || has("processId") {
        Some(Source::PaciolanCompleteOrder)
    } else if [
        "tickets",
        "attachmentType",
        "orderNumber",
        "sessionTime",
        "codeWord",
    ]
    .iter()
    .any(|k| has(k))
    {
        Some(Source::AfishaOrderInfo)
    } else {
        None
    }
}

/// Reads an order from any of the accepted inputs.
pub fn read_order(text: &str, options: &ImportOptions) -> Result<Imported, TicketError> {
    let bad = |detail: String| TicketError::BadInput {
        format: "order document, Afisha /order-info response or Paciolan complete-order response",
        detail,
    };
    // Only the top-level names are read here (the values are skipped, not
    // built): the reader of the kind found parses the text itself, and a
    // bulk import reads every line this way.
    let names = match serde_json::from_str::<BTreeMap<String, IgnoredAny>>(text) {
        Ok(names) => Some(names),
        Err(e) if e.classify() == serde_json::error::Category::Data => None,
        Err(e) => return Err(bad(format!("it is not JSON ({e})"))),
    };
    let source = names
        .and_then(|n| detect_by(|k| n.contains_key(k)))
        .ok_or_else(|| {
            bad(
                "a JSON object with `format` (order document), `tickets`/`orderNumber` (Afisha) \
             or `offers`/`processId` (Paciolan) was expected"
                    .to_owned(),
            )
        })?;
    let order = match source {
        Source::OrderDocument => {
            OrderDocument::from_json(text)
                .map_err(|e| TicketError::BadInput {
                    format: source.name(),
                    detail: e.to_string(),
                })?
                .order
        }
        Source::AfishaOrderInfo => afisha::read(text, options.time_zone.as_deref())?,
        Source::PaciolanCompleteOrder => paciolan::read(text, options.currency)?,
    };
    Ok(Imported { order, source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{OrderStatus, Platform};
    use crate::sandbox::catalogue::Catalogue;
    use chrono::Utc;

    #[test]
    fn detects_each_kind_by_its_shape() {
        let c = Catalogue::seeded(Utc::now());
        let doc = OrderDocument::new(c.orders[0].order.clone()).to_json();
        let got = read_order(&doc, &ImportOptions::default()).unwrap();
        assert_eq!(got.source, Source::OrderDocument);
        assert_eq!(got.order, c.orders[0].order);

        let afisha = r#"{"id": "A1", "status": "APPROVED", "orderNumber": "1", "tickets": []}"#;
        assert_eq!(
            read_order(afisha, &ImportOptions::default())
                .unwrap()
                .source,
            Source::AfishaOrderInfo
        );
        let pac = r#"{"processId": "d4e5f6", "status": "PENDING"}"#;
        let got = read_order(pac, &ImportOptions::default()).unwrap();
        assert_eq!(got.source, Source::PaciolanCompleteOrder);
        assert_eq!(got.order.status, OrderStatus::Pending);
        assert_eq!(got.order.platform, Platform::Paciolan);
    }

    #[test]
    fn refuses_what_it_does_not_recognise() {
        for bad in ["[]", "{}", "not json", r#"{"hello": 1}"#] {
            let e = read_order(bad, &ImportOptions::default()).unwrap_err();
            assert!(matches!(e, TicketError::BadInput { .. }), "{bad}: {e:?}");
        }
        let e = read_order(
            r#"{"format": "other/thing", "version": 1, "order": {}}"#,
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("Box Office order document"), "{e}");
    }
}
