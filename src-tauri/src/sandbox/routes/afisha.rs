//! Afisha partner `POST /order-info`: the request is the order as the page's
//! request body describes it; the sandbox finds it by `id`, else
//! `orderNumber`, else `codeWord`, and answers the page's response object
//! with money as strings of minor units and session times with their zone.
//!
//! The page names no authentication or error body; the sandbox asks for a
//! bearer token and answers errors as `{"code", "message"}`, the choice
//! written down in `docs/sandbox.md`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::common::{
    after_apply, bearer, before_apply, dropped, is_json_content, json_response, with_retry_after,
};
use crate::domain::{AttachmentType, Order, OrderStatus, Platform, Ticket, Vat};
use crate::providers::afisha::request::cost;
use crate::sandbox::catalogue::{Quirk, SandboxOrder};
use crate::sandbox::faults::Roll;
use crate::sandbox::state::State;

type St = AxState<Arc<State>>;

fn error(status: StatusCode, code: &str, message: &str, headers: &HeaderMap) -> Response {
    let body = json!({"code": code, "message": message});
    json_response(status, body.to_string(), headers, "application/json")
}

fn status_word(o: &Order) -> &'static str {
    match o.status {
        OrderStatus::Created => "CREATED",
        OrderStatus::Reserved => "RESERVED",
        OrderStatus::Booked => "BOOKED",
        OrderStatus::Cancelled => "CANCELLED",
        OrderStatus::Completed | OrderStatus::Partial => "APPROVED",
        _ => "UNDEFINED_ORDER_STATUS",
    }
}

fn vat_word(v: Option<Vat>) -> String {
    v.and_then(|v| serde_json::to_value(v).ok())
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "UNDEFINED_VAT".to_owned())
}

fn ticket(t: &Ticket, approved: bool, organizer: &Option<String>) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        if !v.is_null() {
            m.insert(k.to_owned(), v);
        }
    };
    put("id", json!(t.id));
    put("admission", json!(t.seat.admission));
    if let Some(l) = &t.level {
        put("levelId", json!(l.id));
        put("levelName", json!(l.name));
    }
    if let Some(c) = &t.category {
        put("categoryId", json!(c.id));
        put("categoryName", json!(c.name));
        put("categoryDescription", json!(c.description));
    }
    if !t.seat.admission {
        put("row", json!(t.seat.row));
        put("place", json!(t.seat.place));
    }
    // A barcode is only issued once the order is approved.
    if approved && let Some(b) = &t.barcode {
        put("barcode", json!(b.value));
        put("barcodeType", json!(b.symbology.as_str()));
        put(
            "pdfUrl",
            json!(format!("https://tickets.sandbox.invalid/{}.pdf", t.id)),
        );
    }
    put("organizerInfo", json!(organizer));
    put("vat", json!(vat_word(t.vat)));
    Value::Object(m)
}

/// The page's response object for `o`.
pub fn response_body(o: &Order) -> Value {
    let approved = status_word(o) == "APPROVED";
    let session = o.session().map(|s| {
        json!({
            "sessionStart": s.start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "sessionEnd": s.end.map(|e| e.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            "type": if s.all_day { "ALL_DAY" } else { "ON_TIME" },
            "timezone": s.time_zone,
        })
    });
    let attachment = match o.attachment {
        AttachmentType::None => "NONE",
        AttachmentType::Order => "ORDER",
        AttachmentType::Tickets => "TICKETS",
    };
    json!({
        "id": o.id,
        "status": status_word(o),
        "sum": cost(&o.sum),
        "orderNumber": o.ids.order_number,
        "sessionTime": session,
        "codeWord": o.ids.code_word,
        "tickets": o.tickets.iter().map(|t| ticket(t, approved, &o.organizer_info)).collect::<Vec<_>>(),
        "attachmentType": attachment,
        "partnerComment": o.partner_comment,
        "organizerInfo": o.organizer_info,
        "specificFields": {},
        "additional": {},
        "barcode": o.order_barcode.as_ref().map(|b| b.value.clone()),
    })
}

fn ticket_mut<'a>(v: &'a mut Value, id: &str) -> Option<&'a mut Map<String, Value>> {
    v.get_mut("tickets")?
        .as_array_mut()?
        .iter_mut()
        .find(|t| t["id"] == id)?
        .as_object_mut()
}

/// The answer for a seeded order, with its quirks applied: fields the page
/// lets a sender leave out or leave UNDEFINED.
pub fn response_for(s: &SandboxOrder) -> Value {
    let mut v = response_body(&s.order);
    for q in &s.quirks {
        match q {
            Quirk::AfishaBarcodeTypeAbsent { ticket } => {
                if let Some(t) = ticket_mut(&mut v, ticket) {
                    t.remove("barcodeType");
                }
            }
            Quirk::AfishaBarcodeTypeUndefined { ticket } => {
                if let Some(t) = ticket_mut(&mut v, ticket) {
                    t.insert("barcodeType".into(), json!("UNDEFINED_BARCODE_TYPE"));
                }
            }
            Quirk::AfishaEnumsAbsent => {
                if let Some(m) = v.as_object_mut() {
                    m.remove("attachmentType");
                }
                for t in v["tickets"].as_array_mut().into_iter().flatten() {
                    if let Some(t) = t.as_object_mut() {
                        t.remove("vat");
                    }
                }
            }
            Quirk::AfishaTimezoneAbsent => {
                if let Some(st) = v["sessionTime"].as_object_mut() {
                    st.remove("timezone");
                }
            }
            Quirk::PaciolanAddOn { .. } => {}
        }
    }
    v
}

fn find<'a>(state: &'a State, req: &Value) -> Option<&'a SandboxOrder> {
    let field = |k: &str| req.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let afisha = || {
        state
            .catalogue
            .orders
            .iter()
            .filter(|s| s.order.platform == Platform::Afisha)
    };
    // Each identifier the request carries is tried in turn.
    let by_id = field("id").and_then(|id| afisha().find(|s| s.order.id == id));
    let by_number = || {
        field("orderNumber")
            .and_then(|n| afisha().find(|s| s.order.ids.order_number.as_deref() == Some(n)))
    };
    let by_word = || {
        let word = field("codeWord")?.to_uppercase();
        afisha()
            .find(|s| s.order.ids.code_word.as_deref().map(str::to_uppercase) == Some(word.clone()))
    };
    by_id.or_else(by_number).or_else(by_word)
}

pub async fn order_info(AxState(state): St, headers: HeaderMap, body: Bytes) -> Response {
    match bearer(&headers) {
        Some(t) if t == state.config.afisha_token => {}
        _ => {
            return error(
                StatusCode::UNAUTHORIZED,
                "UNAUTHORIZED",
                "A valid bearer token is required",
                &headers,
            );
        }
    }
    if !is_json_content(&headers) {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "The request body must be application/json",
            &headers,
        );
    }
    let req: Value = match serde_json::from_slice(&body) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "The order must be a JSON object",
                &headers,
            );
        }
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                &format!("The request body is not valid JSON: {e}"),
                &headers,
            );
        }
    };
    let has_key = ["id", "orderNumber", "codeWord"].iter().any(|k| {
        req.get(k)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty())
    });
    if !has_key {
        return error(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "The order needs an id, an orderNumber or a codeWord",
            &headers,
        );
    }
    let found = find(&state, &req);
    let decision = state.decide(Platform::Afisha, found.map(|s| s.order.id.as_str()), false);
    if let Some(roll) = before_apply(decision).await {
        return match roll {
            Roll::RateLimit { seconds } => with_retry_after(
                error(
                    StatusCode::TOO_MANY_REQUESTS,
                    "TOO_MANY_REQUESTS",
                    "Slow down",
                    &headers,
                ),
                seconds,
            ),
            Roll::ServerError => error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "Internal error",
                &headers,
            ),
            _ => dropped(),
        };
    }
    let response = match found {
        Some(o) => json_response(
            StatusCode::OK,
            response_for(o).to_string(),
            &headers,
            "application/json",
        ),
        None => error(
            StatusCode::NOT_FOUND,
            "ORDER_NOT_FOUND",
            "No order with this id, order number or code word",
            &headers,
        ),
    };
    after_apply(decision, response)
}
