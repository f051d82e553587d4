//! Vista OCAPI v1 order completion: `POST` and `GET`
//! `/ocapi/v1/orders/{orderId}/completion`, with `Connect-Region-Code` and a
//! bearer token. The body is the page's completion object. Errors the page
//! leaves open are answered as RFC 7807 problem documents.

use std::sync::Arc;

use axum::extract::{Path, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{Duration, Utc};
use serde_json::json;

use super::common::{
    after_apply, bearer, before_apply, dropped, header, json_response, with_retry_after,
};
use crate::domain::Platform;
use crate::sandbox::catalogue::Behaviour;
use crate::sandbox::faults::Roll;
use crate::sandbox::state::{State, VistaCompletion, ledger_key};

type St = AxState<Arc<State>>;

fn problem(status: StatusCode, title: &str, detail: &str, headers: &HeaderMap) -> Response {
    let body = json!({
        "type": "about:blank",
        "title": title,
        "status": status.as_u16(),
        "detail": detail,
    });
    json_response(
        status,
        body.to_string(),
        headers,
        "application/problem+json",
    )
}

/// Checks the token and the region; `None` means the request may proceed.
fn refuse(state: &State, headers: &HeaderMap) -> Option<Response> {
    match bearer(headers) {
        None => {
            return Some(problem(
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                "A bearer token is required.",
                headers,
            ));
        }
        Some(t) if t != state.config.vista_token => {
            return Some(problem(
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                "The bearer token is not valid.",
                headers,
            ));
        }
        Some(_) => {}
    }
    if let Some(region) = &state.config.region {
        match header(headers, "Connect-Region-Code") {
            Some(r) if r == region => {}
            Some(r) => {
                return Some(problem(
                    StatusCode::BAD_REQUEST,
                    "Unknown region",
                    &format!("Connect-Region-Code “{r}” is not served here."),
                    headers,
                ));
            }
            None => {
                return Some(problem(
                    StatusCode::BAD_REQUEST,
                    "Region required",
                    "This site requires the Connect-Region-Code header.",
                    headers,
                ));
            }
        }
    }
    None
}

fn fault_response(roll: Roll, headers: &HeaderMap) -> Response {
    match roll {
        Roll::RateLimit { seconds } => with_retry_after(
            problem(
                StatusCode::TOO_MANY_REQUESTS,
                "Too Many Requests",
                "Slow down.",
                headers,
            ),
            seconds,
        ),
        Roll::ServerError => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            "An unexpected error occurred.",
            headers,
        ),
        Roll::Refuse { status } => problem(
            StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            "Refused",
            "The request was refused.",
            headers,
        ),
        _ => dropped(),
    }
}

fn body(order_id: &str, c: &VistaCompletion) -> String {
    let done = c.polls >= c.pending_polls;
    let status = match (done, c.failed) {
        (false, _) => "Pending",
        (true, false) => "Completed",
        (true, true) => "Failed",
    };
    let transaction = (status == "Completed" && !c.no_number).then_some(c.transaction_number);
    let expires = (status == "Pending").then(|| c.expires_at.to_rfc3339());
    json!({
        "orderId": order_id,
        "orderType": c.order_type,
        "status": status,
        "transactionNumber": transaction,
        "updatedOrderExpiresAt": expires,
    })
    .to_string()
}

pub async fn post_completion(
    AxState(state): St,
    Path(order_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = refuse(&state, &headers) {
        return r;
    }
    let Some(seeded) = state.catalogue.find(Platform::Vista, &order_id) else {
        return problem(
            StatusCode::NOT_FOUND,
            "Not Found",
            &format!("No in-progress order “{order_id}”."),
            &headers,
        );
    };
    let decision = state.decide(Platform::Vista, Some(&order_id), true);
    if let Some(roll) = before_apply(decision).await {
        return fault_response(roll, &headers);
    }
    let behaviour = state
        .behaviour(Platform::Vista, &order_id)
        .unwrap_or(Behaviour::Normal);
    let now = Utc::now();
    let expires_at = seeded.order.expires_at.unwrap_or(now);
    let response = {
        let mut inner = state.lock();
        let key = ledger_key(Platform::Vista, &order_id);
        if inner.vista.contains_key(&order_id) {
            *inner.ledger.duplicates.entry(key).or_insert(0) += 1;
            drop(inner);
            return problem(
                StatusCode::CONFLICT,
                "Completion exists",
                "An order completion already exists for this order; poll it with GET.",
                &headers,
            );
        }
        if behaviour == Behaviour::Expired || expires_at < now {
            drop(inner);
            return problem(
                StatusCode::BAD_REQUEST,
                "Order expired",
                "The in-progress order has expired and can no longer be completed.",
                &headers,
            );
        }
        let transaction_number = inner.next_transaction;
        inner.next_transaction += 1;
        let completion = VistaCompletion {
            order_type: seeded
                .order
                .order_type
                .clone()
                .unwrap_or_else(|| "Standard".to_owned()),
            polls: 0,
            pending_polls: inner.pending_polls,
            failed: behaviour == Behaviour::Fail,
            no_number: behaviour == Behaviour::NoTransactionNumber,
            transaction_number,
            expires_at: now + Duration::minutes(10),
        };
        let text = body(&order_id, &completion);
        inner.vista.insert(order_id.clone(), completion);
        *inner.ledger.applied.entry(key).or_insert(0) += 1;
        json_response(StatusCode::OK, text, &headers, "application/json")
    };
    after_apply(decision, response)
}

pub async fn get_completion(
    AxState(state): St,
    Path(order_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = refuse(&state, &headers) {
        return r;
    }
    let decision = state.decide(Platform::Vista, Some(&order_id), false);
    if let Some(roll) = before_apply(decision).await {
        return fault_response(roll, &headers);
    }
    let response = {
        let mut inner = state.lock();
        match inner.vista.get_mut(&order_id) {
            Some(c) => {
                c.polls = c.polls.saturating_add(1);
                let text = body(&order_id, c);
                json_response(StatusCode::OK, text, &headers, "application/json")
            }
            None => problem(
                StatusCode::NOT_FOUND,
                "Not Found",
                &format!("No order completion exists for “{order_id}”."),
                &headers,
            ),
        }
    };
    after_apply(decision, response)
}
