//! Paciolan's answers, read strictly only where the sale depends on them
//! (`processId`, `status`, each seat's `token`) and leniently everywhere
//! else: a field printing does not need (`sequence`, `priceLevel`,
//! `quantity`, pass links, a seat's place written as a number, `paid` in
//! exponent form) never makes a sold order unreadable — it is read as text
//! where it can be, and left out where it cannot. Fields the tables do not
//! define (`sellerIds`, `ownerId`, `cartId`) are ignored here; the body is
//! always kept as received, in the journal and the order's raw JSON.

use serde::Deserialize;

use super::amount::Amount;
use crate::providers::ParseError;
use crate::providers::lenient;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Pending,
    Complete,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seat {
    #[serde(default, deserialize_with = "lenient::text")]
    pub section: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub row: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub seat: Option<String>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub sequence: Option<u32>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub access_id: Option<String>,
    /// The new token: the ticket's identity from now on. Required.
    pub token: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub mobile_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub apple_pass_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub google_pass_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferEvent {
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub price_level: Option<u32>,
    #[serde(default)]
    pub seats: Vec<Seat>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Named {
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    #[serde(default, deserialize_with = "lenient::count")]
    pub quantity: Option<u32>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub season_code: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub item_code: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub basis: Option<String>,
    pub event: Option<OfferEvent>,
    #[serde(default, deserialize_with = "lenient::any")]
    pub price_type: Option<Named>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Transaction {
    #[serde(default, deserialize_with = "lenient::text")]
    pub season: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub transaction: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    #[serde(rename = "type", default, deserialize_with = "lenient::text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub app_error_code: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub developer_message: Option<String>,
    #[serde(default, deserialize_with = "lenient::texts")]
    pub tokens: Vec<String>,
}

/// `paid` as written: exact when it is a number (exponent form included),
/// `None` when it cannot be read as one (the sale stands without a total).
fn paid<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Amount>, D::Error> {
    let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
    Ok(Amount::from_json_number(raw.get()).ok())
}

/// The Response Object, the 207 Error object and the Error Response Object
/// share their top level; one type reads all three.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    pub process_id: String,
    pub status: Status,
    #[serde(default, deserialize_with = "paid")]
    pub paid: Option<Amount>,
    #[serde(default)]
    pub offers: Vec<Offer>,
    #[serde(default, deserialize_with = "lenient::any_list")]
    pub transactions: Vec<Transaction>,
    /// 207: the groups of tokens that failed.
    #[serde(default)]
    pub errors: Vec<ErrorDetail>,
    /// Non-2xx: what went wrong.
    #[serde(default, deserialize_with = "lenient::any")]
    pub error: Option<ErrorDetail>,
    /// The body as received, unknown fields and all, kept with the order.
    #[serde(skip)]
    pub raw: String,
}

impl Response {
    /// Every seat sold, with its offer.
    pub fn seats(&self) -> impl Iterator<Item = (&Offer, &Seat)> {
        self.offers.iter().flat_map(|o| {
            o.event
                .iter()
                .flat_map(move |e| e.seats.iter().map(move |s| (o, s)))
        })
    }

    /// How many different seats were sold (a token Paciolan repeats for two
    /// seats counts once: only one of them can print).
    pub fn distinct_seats(&self) -> usize {
        let mut seen = std::collections::HashSet::new();
        self.seats()
            .filter(|(_, s)| seen.insert(s.token.trim()))
            .count()
    }

    /// `season:transaction` for each transaction, the number support asks for.
    pub fn transaction_numbers(&self) -> Option<String> {
        let ids: Vec<String> = self
            .transactions
            .iter()
            .filter_map(|t| {
                let tx = t.transaction.as_deref()?;
                Some(match &t.season {
                    Some(s) => format!("{s}:{tx}"),
                    None => tx.to_owned(),
                })
            })
            .collect();
        (!ids.is_empty()).then(|| ids.join(", "))
    }
}

/// Reads a body; the error names the field that is wrong.
pub fn parse(body: &[u8]) -> Result<Response, ParseError> {
    let mut r: Response = ParseError::read(body)?;
    if r.process_id.trim().is_empty() {
        return Err(ParseError::at("processId", "is empty"));
    }
    for (i, offer) in r.offers.iter().enumerate() {
        // The page gives `event` for "single items only": packages,
        // parking and add-ons come without one, and are sold all the same.
        let Some(event) = &offer.event else {
            continue;
        };
        for (j, seat) in event.seats.iter().enumerate() {
            if seat.token.trim().is_empty() {
                let path = format!("offers[{i}].event.seats[{j}].token");
                return Err(ParseError::at(path, "is empty"));
            }
        }
    }
    // A token repeated for two seats is Paciolan's mistake, not a reason to
    // lose the sale: both seats are kept, and the second is refused at
    // print time with the reason (see `map`).
    r.raw = String::from_utf8_lossy(body).into_owned();
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's COMPLETE example (valid JSON as printed, extra fields and all).
    const COMPLETE: &str = r#"{"processId":"a1b2c3","status":"COMPLETE","paid":104,"offers":[{"quantity":1,"seasonCode":"CALI","itemCode":"RSHAHLA","basis":"SINGLE","event":{"name":"RSHAH LA","priceLevel":1,"seats":[{"section":"1:1","row":"2","seat":"1","sequence":1,"accessId":"431:BB19:BB01","token":"badf123aadadf123a","mobileUrl":"https://t/m.pdf","applePassUrl":"https://t/x.pkpass","googlePassUrl":"https://t/x.txt","ownerId":"135792"}]},"priceType":{"name":"Adult"}}],"transactions":[{"season":"CALI","transaction":"264667"}],"sellerIds":["654321"],"cartId":"7890987"}"#;

    #[test]
    fn reads_the_page_examples() {
        let r = parse(COMPLETE.as_bytes()).unwrap();
        assert_eq!(r.status, Status::Complete);
        assert_eq!(r.paid.as_ref().map(Amount::as_str), Some("104"));
        let (offer, seat) = r.seats().next().unwrap();
        assert_eq!(seat.access_id.as_deref(), Some("431:BB19:BB01"));
        assert_eq!(
            offer.price_type.as_ref().and_then(|p| p.name.as_deref()),
            Some("Adult")
        );
        assert_eq!(r.transaction_numbers().as_deref(), Some("CALI:264667"));

        let pending = parse(br#"{"processId": "d4e5f6", "status": "PENDING"}"#).unwrap();
        assert_eq!(pending.status, Status::Pending);

        let err = parse(br#"{"processId":"x","status":"ERROR","error":{"type":"AUTHORIZATION_FAILURE","appErrorCode":"MS-401","developerMessage":"Missing"}}"#).unwrap();
        assert_eq!(
            err.error.unwrap().kind.as_deref(),
            Some("AUTHORIZATION_FAILURE")
        );
    }

    #[test]
    fn an_offer_without_an_event_is_a_sold_item_not_an_error() {
        let body = br#"{"processId":"p","status":"COMPLETE","offers":[
            {"quantity":1,"seasonCode":"CALI","itemCode":"PARKING","basis":"SINGLE","priceType":{"name":"Parking"}},
            {"event":{"name":"RSHAH LA","seats":[{"section":"1:1","row":"2","seat":"1","token":"T1"}]}}]}"#;
        let r = parse(body).unwrap();
        assert_eq!(r.offers.len(), 2);
        assert_eq!(r.seats().count(), 1);
    }

    #[test]
    fn fields_printing_does_not_need_never_make_a_sale_unreadable() {
        let body = br#"{"processId":"p","status":"COMPLETE","paid":5.25e1,"offers":[
            {"quantity":99999999999,"event":{"name":"N","priceLevel":"A1","seats":[
              {"section":1,"row":2,"seat":3,"sequence":-1,"token":"T1","mobileUrl":7},
              {"section":"1","row":"2","seat":"4","sequence":1.5,"token":"T1"}]},
             "priceType":"Adult"}],
            "transactions":[{"season":2026,"transaction":264667}]}"#;
        let r = parse(body).unwrap();
        assert_eq!(r.paid.as_ref().map(Amount::as_str), Some("52.5"));
        assert_eq!(r.seats().count(), 2);
        assert_eq!(r.distinct_seats(), 1);
        let (offer, seat) = r.seats().next().unwrap();
        assert_eq!(
            (
                seat.section.as_deref(),
                seat.row.as_deref(),
                seat.seat.as_deref()
            ),
            (Some("1"), Some("2"), Some("3"))
        );
        assert_eq!((offer.quantity, seat.sequence), (None, None));
        assert_eq!(r.transaction_numbers().as_deref(), Some("2026:264667"));
        let r = parse(br#"{"processId":"p","status":"COMPLETE","paid":"104"}"#).unwrap();
        assert_eq!(r.paid, None);
    }

    #[test]
    fn refuses_bodies_the_page_does_not_allow() {
        for bad in [
            r#"{"status":"COMPLETE"}"#,
            r#"{"processId":"","status":"COMPLETE"}"#,
            r#"{"processId":"p","status":"DONE"}"#,
            r#"{"processId":"p","status":"COMPLETE","offers":[{"event":{"seats":[{"token":""}]}}]}"#,
            "[]",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
