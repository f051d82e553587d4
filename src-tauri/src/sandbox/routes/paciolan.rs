//! Paciolan Link API `POST /v1/cart/complete-order` and the polling
//! `GET /v1/cart/complete-order/{processId}`, checked the way the page's
//! header table and error table say: every required header, a UUID v4
//! Request-ID echoed back, JSON only, gzip on request, and the documented
//! error types, status codes and bodies.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State as AxState};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::common::{
    accepts_json, after_apply, bearer, before_apply, dropped, header, is_json_content,
    json_response, with_retry_after,
};
use super::paciolan_body::{self, AddOn, Offer, Outcome, Sold};
use crate::domain::Platform;
use crate::providers::paciolan::Cart;
use crate::sandbox::catalogue::{Behaviour, Quirk};
use crate::sandbox::faults::Roll;
use crate::sandbox::state::{PaciolanProcess, State, ledger_key};

type St = AxState<Arc<State>>;

/// An error answer in the page's "Error Response Object" form.
pub struct PacError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl PacError {
    fn new(
        status: StatusCode,
        kind: &'static str,
        code: &'static str,
        msg: impl Into<String>,
    ) -> Self {
        PacError {
            status,
            kind,
            code,
            message: msg.into(),
        }
    }

    fn respond(self, headers: &HeaderMap, request_id: Option<&str>) -> Response {
        let body = json!({
            "processId": uuid::Uuid::new_v4().simple().to_string(),
            "status": "ERROR",
            "error": {
                "type": self.kind,
                "appErrorCode": self.code,
                "developerMessage": self.message,
            }
        });
        finish(
            json_response(self.status, body.to_string(), headers, "application/json"),
            request_id,
        )
    }
}

/// Echoes the Request-ID, as the page's response headers require.
fn finish(mut response: Response, request_id: Option<&str>) -> Response {
    if let Some(id) = request_id.and_then(|r| HeaderValue::from_str(r).ok()) {
        response.headers_mut().insert("Request-ID", id);
    }
    response
}

/// `Product/SemVer`, as the User-Agent row asks.
fn is_product_semver(ua: &str) -> bool {
    let Some((product, version)) = ua.split_whitespace().next().and_then(|t| t.split_once('/'))
    else {
        return false;
    };
    let core = version.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    !product.is_empty()
        && parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn is_uuid_v4(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.get_version_num() == 4 && s.len() == 36)
}

/// The header checks shared by the POST and the poll, in the order a caller
/// most needs to hear about them: credentials first.
fn check_headers(state: &State, headers: &HeaderMap) -> Result<String, PacError> {
    let missing: Vec<&str> = ["PAC-Application-ID", "PAC-API-Key", "PAC-Channel-Code"]
        .into_iter()
        .filter(|h| header(headers, h).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(PacError::new(
            StatusCode::UNAUTHORIZED,
            "AUTHORIZATION_FAILURE",
            "MS-401",
            format!("Missing required headers ({})", missing.join(", ")),
        ));
    }
    match bearer(headers) {
        Some(t) if t == state.config.paciolan_token => {}
        Some(_) => {
            return Err(PacError::new(
                StatusCode::UNAUTHORIZED,
                "AUTHORIZATION_FAILURE",
                "MS-401",
                "The bearer access token is not valid",
            ));
        }
        None => {
            return Err(PacError::new(
                StatusCode::UNAUTHORIZED,
                "AUTHORIZATION_FAILURE",
                "MS-401",
                "Missing required header Authorization with the Bearer scheme",
            ));
        }
    }
    let app = header(headers, "PAC-Application-ID").unwrap_or_default();
    let key = header(headers, "PAC-API-Key").unwrap_or_default();
    if app != state.config.paciolan_application_id || key != state.config.paciolan_api_key {
        return Err(PacError::new(
            StatusCode::FORBIDDEN,
            "UNAUTHORIZED_REQUEST",
            "MS-403",
            "The application id and API key are not provisioned for this access",
        ));
    }
    if header(headers, "PAC-Channel-Code") != Some(state.config.paciolan_channel_code.as_str()) {
        return Err(PacError::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_CHANNEL_CONFIG",
            "MS-401",
            "The channel code is not configured for this application",
        ));
    }
    // The page marks Accept required ("R"), and application/json the only
    // supported response type.
    if header(headers, "Accept").is_none() || !accepts_json(headers) {
        return Err(PacError::new(
            StatusCode::NOT_ACCEPTABLE,
            "NOT_ACCEPTABLE",
            "MS-406",
            "The only supported response type is application/json",
        ));
    }
    if !header(headers, "User-Agent").is_some_and(is_product_semver) {
        return Err(PacError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_PARAMETER_VALUE",
            "MS-400",
            "User-Agent must be Product/Version with a SemVer version",
        ));
    }
    match header(headers, "Request-ID") {
        Some(id) if is_uuid_v4(id) => Ok(id.to_owned()),
        Some(_) => Err(PacError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_PARAMETER_VALUE",
            "MS-400",
            "Request-ID must be a UUID v4",
        )),
        None => Err(PacError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_PARAMETER_VALUE",
            "MS-400",
            "Missing required header Request-ID",
        )),
    }
}

fn fault_response(roll: Roll, headers: &HeaderMap, request_id: &str) -> Response {
    match roll {
        Roll::RateLimit { seconds } => with_retry_after(
            PacError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TOO_MANY_REQUESTS",
                "MS-429",
                "Request rate exceeded; retry after the indicated time",
            )
            .respond(headers, Some(request_id)),
            seconds,
        ),
        Roll::ServerError => PacError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "UNHANDLED_EXCEPTION",
            "MS-500",
            "The API could not read the internal channel configuration",
        )
        .respond(headers, Some(request_id)),
        Roll::Refuse { status } => refusal(status).respond(headers, Some(request_id)),
        _ => dropped(),
    }
}

/// The page's error object for `status`.
fn refusal(status: u16) -> PacError {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let (kind, code) = match status.as_u16() {
        404 => ("NOT_FOUND", "MS-404"),
        422 => ("UNPROCESSABLE_ENTITY", "MS-422"),
        s if s >= 500 => ("SERVICE_UNAVAILABLE", "MS-503"),
        _ => ("INVALID_PARAMETER_VALUE", "MS-400"),
    };
    PacError::new(status, kind, code, "The request was refused")
}

/// The sale's answer reshaped as [`Behaviour::OddAnswer`] says.
fn oddify(text: &str) -> String {
    let Ok(mut v) = serde_json::from_str::<Value>(text) else {
        return text.to_owned();
    };
    let mut first_token: Option<Value> = None;
    if let Some(offers) = v["offers"].as_array_mut() {
        for offer in offers {
            offer["quantity"] = json!(99_999_999_999u64);
            let event = &mut offer["event"];
            if event.is_object() {
                event["priceLevel"] = json!("A1");
            }
            for seat in event["seats"].as_array_mut().into_iter().flatten() {
                for key in ["row", "seat"] {
                    if let Some(n) = seat[key].as_str().and_then(|s| s.parse::<i64>().ok()) {
                        seat[key] = json!(n);
                    }
                }
                seat["sequence"] = json!(-1);
                seat["mobileUrl"] = json!(7);
                match &first_token {
                    None => first_token = Some(seat["token"].clone()),
                    Some(t) => seat["token"] = t.clone(),
                }
            }
        }
    }
    // `paid` as exact text, moved into exponent form by hand (`52.50` as
    // `5.250e1`): never through a float.
    let paid = text
        .split_once("\"paid\":")
        .map(|(_, rest)| {
            rest.chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect::<String>()
        })
        .filter(|p| !p.is_empty());
    if let Some(obj) = v.as_object_mut() {
        obj.remove("paid");
    }
    let mut out = v.to_string();
    if let Some(paid) = paid {
        let (int, frac) = paid.split_once('.').unwrap_or((&paid, ""));
        let digits = format!("{int}{frac}");
        let exponent = int.len() as i64 - 1;
        let odd = format!("{}.{}e{exponent}", &digits[..1], &digits[1..]);
        out.pop();
        out.push_str(&format!(",\"paid\":{}}}", odd.replace(".e", "e")));
    }
    out
}

pub async fn post_complete_order(AxState(state): St, headers: HeaderMap, body: Bytes) -> Response {
    let request_id = match check_headers(&state, &headers) {
        Ok(id) => id,
        Err(e) => {
            let echo = header(&headers, "Request-ID").map(str::to_owned);
            return e.respond(&headers, echo.as_deref());
        }
    };
    let rid = Some(request_id.as_str());
    if !is_json_content(&headers) {
        return PacError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "MS-415",
            "The only supported request type is application/json",
        )
        .respond(&headers, rid);
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return PacError::new(
                StatusCode::BAD_REQUEST,
                "JSON_PARSE_ERROR",
                "MS-400",
                format!("The request body is not valid JSON: {e}"),
            )
            .respond(&headers, rid);
        }
    };
    if let Err(e) = paciolan_body::validate(&value) {
        return PacError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_PARAMETER_VALUE",
            "MS-400",
            e.to_string(),
        )
        .respond(&headers, rid);
    }
    let cart: Cart = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => {
            return PacError::new(
                StatusCode::BAD_REQUEST,
                "INVALID_PARAMETER_VALUE",
                "MS-400",
                e.to_string(),
            )
            .respond(&headers, rid);
        }
    };
    let order_id = cart.listing.external_order_id.clone();
    let Some(seeded) = state.catalogue.find(Platform::Paciolan, &order_id) else {
        return PacError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "UNPROCESSABLE_ENTITY",
            "MS-422",
            format!("No cart for external order id {order_id}"),
        )
        .respond(&headers, rid);
    };
    note_request_id(&state, &order_id, &request_id);
    let decision = state.decide(Platform::Paciolan, Some(&order_id), true);
    if let Some(roll) = before_apply(decision).await {
        return fault_response(roll, &headers, &request_id);
    }
    let behaviour = state
        .behaviour(Platform::Paciolan, &order_id)
        .unwrap_or(Behaviour::Normal);
    if let Err(e) = paciolan_body::check_against_seed(&cart, seeded) {
        return e.respond(&headers, rid);
    }
    let response = {
        let mut inner = state.lock();
        let key = ledger_key(Platform::Paciolan, &order_id);
        if let Some(pid) = inner.paciolan_by_order.get(&order_id).cloned() {
            *inner.ledger.duplicates.entry(key).or_insert(0) += 1;
            drop(inner);
            return PacError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "UNPROCESSABLE_ENTITY",
                "MS-422",
                format!("The tokens of this listing were already sold (process {pid})"),
            )
            .respond(&headers, rid);
        }
        let failed = match &behaviour {
            Behaviour::Partial { failed } => failed.clone(),
            _ => Vec::new(),
        };
        let pending_polls = match behaviour {
            Behaviour::Pending => inner.pending_polls,
            Behaviour::PollError { .. } => u32::MAX,
            _ => 0,
        };
        let transaction = inner.next_transaction.to_string();
        inner.next_transaction += 1;
        let process = paciolan_body::new_process(&cart, failed, pending_polls, transaction);
        let process_id = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
        let (status, text) = render(&state, &process_id, &process);
        let text = if behaviour == Behaviour::OddAnswer {
            oddify(&text)
        } else {
            text
        };
        inner
            .paciolan_by_order
            .insert(order_id.clone(), process_id.clone());
        inner.paciolan.insert(process_id, process);
        *inner.ledger.applied.entry(key).or_insert(0) += 1;
        let status = if status == StatusCode::OK {
            StatusCode::CREATED
        } else {
            status
        };
        finish(
            json_response(status, text, &headers, "application/json"),
            rid,
        )
    };
    after_apply(decision, response)
}

fn note_request_id(state: &State, order_id: &str, request_id: &str) {
    state
        .lock()
        .ledger
        .request_ids
        .entry(ledger_key(Platform::Paciolan, order_id))
        .or_default()
        .insert(request_id.to_owned());
}

/// The body for a process as it stands now.
fn render(state: &State, process_id: &str, p: &PaciolanProcess) -> (StatusCode, String) {
    if p.polls < p.pending_polls {
        let body = json!({"processId": process_id, "status": "PENDING"});
        return (StatusCode::OK, body.to_string());
    }
    let seeded = state.catalogue.find(Platform::Paciolan, &p.order_id);
    let event_name = seeded
        .and_then(|s| s.order.event.as_ref().map(|e| e.name.clone()))
        .unwrap_or_default();
    let offers: Vec<Offer> = p
        .sold
        .iter()
        .filter_map(|(old, new, access)| {
            let t = seeded?.order.tickets.iter().find(|t| &t.id == old)?;
            Some(Offer::for_ticket(
                t,
                &event_name,
                Sold {
                    token: new,
                    access_id: access,
                },
            ))
        })
        .collect();
    let add_ons: Vec<AddOn> = seeded
        .into_iter()
        .flat_map(|s| &s.quirks)
        .filter_map(|q| match q {
            Quirk::PaciolanAddOn {
                item_code,
                price_type,
            } => Some(AddOn::new(item_code, price_type)),
            _ => None,
        })
        .collect();
    let outcome = if p.failed.is_empty() {
        Outcome::Complete
    } else {
        Outcome::Partial(&p.failed)
    };
    paciolan_body::completed(process_id, p, offers, add_ons, outcome)
}

pub async fn get_process(
    AxState(state): St,
    Path(process_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let request_id = match check_headers(&state, &headers) {
        Ok(id) => id,
        Err(e) => {
            let echo = header(&headers, "Request-ID").map(str::to_owned);
            return e.respond(&headers, echo.as_deref());
        }
    };
    let order_id = state
        .lock()
        .paciolan
        .get(&process_id)
        .map(|p| p.order_id.clone());
    if let Some(id) = &order_id {
        note_request_id(&state, id, &request_id);
    }
    let decision = state.decide(Platform::Paciolan, order_id.as_deref(), false);
    if let Some(roll) = before_apply(decision).await {
        return fault_response(roll, &headers, &request_id);
    }
    let behaviour = order_id
        .as_deref()
        .and_then(|id| state.behaviour(Platform::Paciolan, id));
    if let Some(Behaviour::PollError { status }) = behaviour {
        return refusal(status).respond(&headers, Some(&request_id));
    }
    let response = {
        let mut inner = state.lock();
        match inner.paciolan.get_mut(&process_id) {
            Some(p) => {
                p.polls = p.polls.saturating_add(1);
                let snapshot = p.clone();
                drop(inner);
                let (status, text) = render(&state, &process_id, &snapshot);
                let text = if behaviour == Some(Behaviour::OddAnswer) {
                    oddify(&text)
                } else {
                    text
                };
                finish(
                    json_response(status, text, &headers, "application/json"),
                    Some(&request_id),
                )
            }
            None => PacError::new(
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                "MS-404",
                format!("No complete-order process {process_id}"),
            )
            .respond(&headers, Some(&request_id)),
        }
    };
    after_apply(decision, response)
}

pub async fn method_not_allowed(headers: HeaderMap) -> Response {
    let echo = header(&headers, "Request-ID").map(str::to_owned);
    PacError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "MS-405",
        "Only POST is supported on /v1/cart/complete-order",
    )
    .respond(&headers, echo.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_must_be_product_semver() {
        assert!(is_product_semver("BoxOffice/0.1.0"));
        assert!(is_product_semver("BoxOffice/1.2.3-rc.1 (Linux)"));
        assert!(!is_product_semver("MyApplication/1.0"));
        assert!(!is_product_semver("curl"));
        assert!(!is_product_semver("/1.0.0"));
    }

    #[test]
    fn request_id_must_be_uuid_v4() {
        assert!(is_uuid_v4("0b6f1b0e-8a4f-4c7e-9d2a-3c5e7f9a1b2c"));
        assert!(!is_uuid_v4("0b6f1b0e-8a4f-1c7e-9d2a-3c5e7f9a1b2c"));
        assert!(!is_uuid_v4("not-a-uuid"));
        assert!(!is_uuid_v4("0b6f1b0e8a4f4c7e9d2a3c5e7f9a1b2c"));
    }
}
