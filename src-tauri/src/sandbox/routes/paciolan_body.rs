//! The sandbox's side of Paciolan's bodies: checking a complete-order request
//! field by field against the page's Request Object, and writing the
//! response objects (COMPLETE, PENDING, 207 partial) with amounts as exact
//! JSON numbers.

use axum::http::StatusCode;
use serde::Serialize;
use serde_json::Value;

use super::paciolan::PacError;
use crate::domain::{Currency, Money, Ticket};
use crate::providers::ParseError;
use crate::providers::paciolan::{Amount, Cart};
use crate::sandbox::catalogue::{Behaviour, SandboxOrder};
use crate::sandbox::state::PaciolanProcess;

/// What a field must be.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    Num,
    Bool,
    Obj,
    Arr,
}

fn check(v: &Value, path: &str, kind: Kind, required: bool) -> Result<(), ParseError> {
    let mut cur = v;
    for part in path.split('.') {
        match cur.get(part) {
            Some(next) => cur = next,
            None if required => return Err(ParseError::at(path, "is required")),
            None => return Ok(()),
        }
    }
    let ok = match kind {
        Kind::Str => cur.as_str().is_some_and(|s| !s.trim().is_empty()),
        Kind::Num => cur.is_number(),
        Kind::Bool => cur.is_boolean(),
        Kind::Obj => cur.is_object(),
        Kind::Arr => cur.as_array().is_some_and(|a| !a.is_empty()),
    };
    if ok {
        Ok(())
    } else {
        let what = match kind {
            Kind::Str => "a non-empty string",
            Kind::Num => "a number",
            Kind::Bool => "a boolean",
            Kind::Obj => "an object",
            Kind::Arr => "a non-empty array",
        };
        Err(ParseError::at(path, format!("must be {what}")))
    }
}

/// Checks the request against the page's Request Object table.
pub fn validate(v: &Value) -> Result<(), ParseError> {
    use Kind::*;
    if !v.is_object() {
        return Err(ParseError::whole("the request body must be a JSON object"));
    }
    let rules: &[(&str, Kind, bool)] = &[
        ("listing", Obj, true),
        ("listing.externalListingId", Str, true),
        ("listing.externalOrderId", Str, true),
        ("listing.totalPrice", Num, false),
        ("listing.totalFees", Num, false),
        ("listing.tokens", Arr, true),
        ("buyer", Obj, true),
        ("buyer.firstName", Str, true),
        ("buyer.middleInitial", Str, false),
        ("buyer.lastName", Str, true),
        ("buyer.phoneNumber", Obj, true),
        ("buyer.phoneNumber.number", Str, true),
        ("buyer.phoneNumber.formattedNumber", Str, false),
        ("buyer.phoneNumber.extension", Str, false),
        ("buyer.phoneNumber.countryCode", Str, true),
        ("buyer.address", Obj, false),
        ("buyer.emailAddress", Obj, true),
        ("buyer.emailAddress.email", Str, true),
        ("buyer.emailAddress.optIn", Bool, false),
        ("settlement", Obj, true),
        ("settlement.totalAmountPaid", Num, true),
        ("settlement.amountToSeller", Num, true),
        ("asyncCallbackUrl", Str, false),
    ];
    for (path, kind, required) in rules {
        check(v, path, *kind, *required)?;
    }
    if v.pointer("/buyer/address").is_some() {
        for f in [
            "address1",
            "locality",
            "region",
            "postalCode",
            "countryCode",
        ] {
            check(v, &format!("buyer.address.{f}"), Str, true)?;
        }
    }
    let number = v
        .pointer("/buyer/phoneNumber/number")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseError::at(
            "buyer.phoneNumber.number",
            "must be unformatted digits",
        ));
    }
    for (i, t) in v["listing"]["tokens"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        for (field, kind, required) in [
            ("token", Str, true),
            ("individualPrice", Num, false),
            ("individualFees", Num, false),
        ] {
            check(t, field, kind, required)
                .map_err(|e| ParseError::at(format!("listing.tokens[{i}].{field}"), e.problem))?;
        }
    }
    Ok(())
}

fn usd() -> Currency {
    // The sandbox's Paciolan venue sells in dollars.
    Currency::from(iso_currency::Currency::USD)
}

fn money(a: &Amount) -> Result<Money, PacError> {
    a.to_money(usd()).map_err(|e| PacError {
        status: StatusCode::BAD_REQUEST,
        kind: "INVALID_PARAMETER_VALUE",
        code: "MS-400",
        message: e.to_string(),
    })
}

/// Checks the cart against what the platform has for this listing.
pub fn check_against_seed(cart: &Cart, seeded: &SandboxOrder) -> Result<(), PacError> {
    let unprocessable = |m: String| PacError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        kind: "UNPROCESSABLE_ENTITY",
        code: "MS-422",
        message: m,
    };
    if seeded.behaviour == Behaviour::Unprocessable {
        return Err(unprocessable(
            "The tokens in this listing are no longer available".to_owned(),
        ));
    }
    for t in &cart.listing.tokens {
        if !seeded.order.tickets.iter().any(|s| s.id == t.token) {
            return Err(unprocessable(format!("Unknown token {}", t.token)));
        }
    }
    let mut due = Money::zero(usd());
    for t in &cart.listing.tokens {
        for a in [&t.individual_price, &t.individual_fees]
            .into_iter()
            .flatten()
        {
            due = due
                .checked_add(money(a)?)
                .map_err(|e| unprocessable(e.to_string()))?;
        }
    }
    let paid = money(&cart.settlement.total_amount_paid)?;
    if paid.minor < due.minor {
        return Err(PacError {
            status: StatusCode::PAYMENT_REQUIRED,
            kind: "PAYMENT_REQUIRED",
            code: "MS-402",
            message: format!(
                "totalAmountPaid {} does not cover the tickets and fees ({})",
                paid.to_major_decimal(),
                due.to_major_decimal()
            ),
        });
    }
    Ok(())
}

/// A new process for an accepted request: fresh tokens and access ids for
/// every seat that sells.
pub fn new_process(
    cart: &Cart,
    failed: Vec<Vec<String>>,
    pending_polls: u32,
    transaction: String,
) -> PaciolanProcess {
    let sold = cart
        .listing
        .tokens
        .iter()
        .filter(|t| !failed.iter().flatten().any(|f| f == &t.token))
        .enumerate()
        .map(|(i, t)| {
            let new_token = uuid::Uuid::new_v4().simple().to_string()[..17].to_owned();
            let access = format!("431:BB{:02}:BB{:02}", i / 10 + 19, i % 10 + 1);
            (t.token.clone(), new_token, access)
        })
        .collect();
    PaciolanProcess {
        order_id: cart.listing.external_order_id.clone(),
        polls: 0,
        pending_polls,
        sold,
        failed,
        paid: cart.settlement.total_amount_paid.as_str().to_owned(),
        transaction,
    }
}

pub struct Sold<'a> {
    pub token: &'a str,
    pub access_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    quantity: u32,
    season_code: &'static str,
    item_code: String,
    basis: &'static str,
    event: OfferEvent,
    price_type: Named,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OfferEvent {
    name: String,
    price_level: u32,
    seats: Vec<OfferSeat>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OfferSeat {
    section: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seat: Option<String>,
    sequence: u32,
    access_id: String,
    token: String,
    mobile_url: String,
    apple_pass_url: String,
    google_pass_url: String,
    owner_id: &'static str,
}

#[derive(Serialize)]
struct Named {
    name: String,
}

impl Offer {
    pub fn for_ticket(t: &Ticket, event_name: &str, sold: Sold<'_>) -> Offer {
        let base = format!("https://passes.sandbox.invalid/{}", sold.token);
        let sequence = t
            .seat
            .place
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        Offer {
            quantity: 1,
            season_code: "CALI",
            item_code: "RSHAHLA".to_owned(),
            basis: "SINGLE",
            event: OfferEvent {
                name: event_name.to_owned(),
                price_level: 1,
                seats: vec![OfferSeat {
                    section: t.seat.section.clone().unwrap_or_default(),
                    row: t.seat.row.clone(),
                    seat: t.seat.place.clone(),
                    sequence,
                    access_id: sold.access_id.to_owned(),
                    token: sold.token.to_owned(),
                    mobile_url: format!("{base}-mobile.pdf"),
                    apple_pass_url: format!("{base}.pkpass"),
                    google_pass_url: format!("{base}.txt"),
                    owner_id: "135792",
                }],
            },
            price_type: Named {
                name: t.price_type.clone().unwrap_or_else(|| "Adult".to_owned()),
            },
        }
    }
}

/// An offer sold without an `event`: a package, parking or another add-on.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddOn {
    quantity: u32,
    season_code: &'static str,
    item_code: String,
    basis: &'static str,
    price_type: Named,
}

impl AddOn {
    pub fn new(item_code: &str, price_type: &str) -> AddOn {
        AddOn {
            quantity: 1,
            season_code: "CALI",
            item_code: item_code.to_owned(),
            basis: "SINGLE",
            price_type: Named {
                name: price_type.to_owned(),
            },
        }
    }
}

/// An entry of `offers`: a seat, or an add-on without an event.
#[derive(Serialize)]
#[serde(untagged)]
enum AnyOffer {
    Seat(Offer),
    AddOn(AddOn),
}

pub enum Outcome<'a> {
    Complete,
    Partial(&'a [Vec<String>]),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Transaction<'a> {
    season: &'static str,
    transaction: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorGroup<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    app_error_code: &'static str,
    developer_message: &'static str,
    tokens: &'a [String],
    seller_ids: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Completed<'a> {
    process_id: &'a str,
    status: &'static str,
    paid: Amount,
    offers: Vec<AnyOffer>,
    transactions: [Transaction<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<Vec<ErrorGroup<'a>>>,
    // Fields the page's examples carry but its tables do not define.
    seller_ids: [&'static str; 1],
    cart_id: &'static str,
}

/// The final body: 201/200 COMPLETE, or 207 ERROR with the failed groups.
pub fn completed(
    process_id: &str,
    p: &PaciolanProcess,
    offers: Vec<Offer>,
    add_ons: Vec<AddOn>,
    outcome: Outcome<'_>,
) -> (StatusCode, String) {
    let offers = offers
        .into_iter()
        .map(AnyOffer::Seat)
        .chain(add_ons.into_iter().map(AnyOffer::AddOn))
        .collect();
    let (status, word, errors) = match outcome {
        Outcome::Complete => (StatusCode::OK, "COMPLETE", None),
        Outcome::Partial(groups) => (
            StatusCode::MULTI_STATUS,
            "ERROR",
            Some(
                groups
                    .iter()
                    .map(|tokens| ErrorGroup {
                        kind: "ORDER_INCOMPLETE",
                        app_error_code: "BO-*",
                        developer_message: "Some of the items in this order did not process correctly.",
                        tokens,
                        seller_ids: ["123456"],
                    })
                    .collect(),
            ),
        ),
    };
    let body = Completed {
        process_id,
        status: word,
        paid: p
            .paid
            .parse()
            .unwrap_or_else(|_| Amount::from_money(Money::zero(usd()))),
        offers,
        transactions: [Transaction {
            season: "CALI",
            transaction: &p.transaction,
        }],
        errors,
        seller_ids: ["654321"],
        cart_id: "7890987",
    };
    let text = serde_json::to_string(&body).unwrap_or_else(|_| "{}".to_owned());
    (status, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page_request() -> Value {
        json!({
            "listing": {"externalListingId": "L", "externalOrderId": "O",
                        "tokens": [{"token": "T1", "individualPrice": 50, "individualFees": 2}]},
            "buyer": {"firstName": "A", "lastName": "B",
                      "phoneNumber": {"number": "7149999999", "countryCode": "US"},
                      "emailAddress": {"email": "a@b.c"}},
            "settlement": {"totalAmountPaid": 52, "amountToSeller": 45}
        })
    }

    #[test]
    fn accepts_the_minimal_request_of_the_page() {
        assert_eq!(validate(&page_request()), Ok(()));
    }

    #[test]
    fn names_the_field_that_is_wrong() {
        let mut v = page_request();
        v["settlement"]["totalAmountPaid"] = json!("52");
        assert_eq!(
            validate(&v).unwrap_err().to_string(),
            "settlement.totalAmountPaid: must be a number"
        );
        let mut v = page_request();
        v["buyer"]["phoneNumber"]["number"] = json!("(714) 999-9999");
        assert!(
            validate(&v)
                .unwrap_err()
                .to_string()
                .contains("unformatted")
        );
        let mut v = page_request();
        v["listing"]["tokens"] = json!([]);
        assert!(
            validate(&v)
                .unwrap_err()
                .to_string()
                .contains("listing.tokens")
        );
        let mut v = page_request();
        v["buyer"]["address"] = json!({"address1": "x"});
        assert!(
            validate(&v)
                .unwrap_err()
                .to_string()
                .contains("buyer.address.locality")
        );
        let mut v = page_request();
        v["listing"]["tokens"][0]["token"] = json!(5);
        assert!(
            validate(&v)
                .unwrap_err()
                .to_string()
                .starts_with("listing.tokens[0].token")
        );
    }
}
