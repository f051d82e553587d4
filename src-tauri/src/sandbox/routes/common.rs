//! Pieces every platform route shares: reading headers, answering JSON
//! (gzipped when asked), and turning a fault decision into what the client
//! sees on the wire.

use std::io::Write;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::super::faults::Roll;
use super::super::server::DropConnection;
use super::super::state::Decision;

/// A header's value as text, if present and readable.
pub fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = header(headers, header::AUTHORIZATION.as_str())?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Whether the request body was declared as JSON.
pub fn is_json_content(headers: &HeaderMap) -> bool {
    header(headers, header::CONTENT_TYPE.as_str()).is_some_and(|ct| {
        ct.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    })
}

/// Whether the client accepts a JSON answer (no Accept header means anything).
pub fn accepts_json(headers: &HeaderMap) -> bool {
    match header(headers, header::ACCEPT.as_str()) {
        None => true,
        Some(accept) => accept.split(',').any(|part| {
            let media = part.split(';').next().unwrap_or("").trim();
            media.eq_ignore_ascii_case("application/json")
                || media == "*/*"
                || media.eq_ignore_ascii_case("application/*")
        }),
    }
}

/// A JSON answer with `status`, gzipped when the request allowed it.
pub fn json_response(
    status: StatusCode,
    body: String,
    request: &HeaderMap,
    content_type: &'static str,
) -> Response {
    let gzip = header(request, header::ACCEPT_ENCODING.as_str()).is_some_and(|ae| {
        ae.split(',').any(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("gzip")
        })
    });
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let bytes = if gzip {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        // Writing to a Vec cannot fail.
        let _ = enc.write_all(body.as_bytes());
        match enc.finish() {
            Ok(compressed) => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                compressed
            }
            Err(_) => body.into_bytes(),
        }
    } else {
        body.into_bytes()
    };
    (status, headers, bytes).into_response()
}

/// A response that makes the server close the connection unanswered.
pub fn dropped() -> Response {
    let mut r = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    r.extensions_mut().insert(DropConnection);
    r
}

/// Waits out the decision's delay and returns the fault to answer with
/// before the request is carried out, if any.
pub async fn before_apply(decision: Decision) -> Option<Roll> {
    if let Some(d) = decision.delay {
        tokio::time::sleep(d).await;
    }
    (!decision.fault.after_apply()).then_some(decision.fault)
}

/// Applies the decision after the request was carried out: the answer is
/// dropped, replaced by a gateway's error page, or cut off.
pub fn after_apply(decision: Decision, response: Response) -> Response {
    match decision.fault {
        Roll::DropAfterApply => dropped(),
        Roll::GatewayAfterApply { status } => gateway_error(status),
        Roll::GarbledAfterApply => garbled(response.status()),
        _ => response,
    }
}

/// What a load balancer in front of a platform answers when the platform
/// was slow or the connection behind it broke: no JSON, no error type.
pub fn gateway_error(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    let reason = status.canonical_reason().unwrap_or("Bad Gateway");
    let body = format!(
        "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        code = status.as_u16()
    );
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/html"))],
        body,
    )
        .into_response()
}

/// A success status whose JSON body stops half-way.
fn garbled(status: StatusCode) -> Response {
    let status = if status.is_success() {
        status
    } else {
        StatusCode::OK
    };
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        r#"{"processId": "9f3c2a", "status": "COMP"#,
    )
        .into_response()
}

/// Adds `Retry-After` to a 429.
pub fn with_retry_after(mut response: Response, seconds: u32) -> Response {
    if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}
