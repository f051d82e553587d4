//! The HTTP mechanics every platform client shares: one `reqwest` client
//! with Box Office's `User-Agent` and bounded timeouts, sending a request and
//! classifying transport failures, and logging exchanges without secrets or
//! personal data.
//!
//! Redirects are never followed: a platform call goes to the address the
//! connection names and nowhere else (a redirect would carry the bearer
//! token to another host, and would turn a sale's POST into a GET), so a 3xx
//! is an error naming where it pointed. An answer is read up to
//! [`MAX_ANSWER`] bytes after decompression: a larger or endless one is an
//! answer Box Office cannot read, never an out-of-memory crash.

use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::Value;

use super::error::ProviderError;

/// `Product/SemVer`, as Paciolan's header table asks (and harmless elsewhere).
pub const USER_AGENT: &str = concat!("BoxOffice/", env!("CARGO_PKG_VERSION"));

/// Time limits for one request.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(20),
        }
    }
}

/// The most of an answer that is read, gzip decoded: the platforms' largest
/// answers (an order with a few thousand tickets) are well under a megabyte.
pub const MAX_ANSWER: usize = 16 << 20;

pub fn client(t: Timeouts) -> Client {
    Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(t.connect)
        .timeout(t.request)
        .gzip(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        // Only a broken TLS backend makes this fail, and then nothing works.
        .unwrap_or_else(|_| Client::new())
}

/// An answer as received.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

/// Sends `req`, telling "never left this computer" from "left, answer lost".
pub async fn send(
    platform: &'static str,
    what: &str,
    req: RequestBuilder,
) -> Result<Answer, ProviderError> {
    let started = Instant::now();
    let result = req.send().await;
    let resp = match result {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(platform, what, error = %e, "request failed");
            return Err(transport(platform, &e));
        }
    };
    let status = resp.status();
    let headers = resp.headers().clone();
    if status.is_redirection() {
        let location = headers
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        tracing::warn!(
            platform,
            what,
            status = status.as_u16(),
            location = location.as_deref(),
            "redirect not followed"
        );
        return Err(ProviderError::Redirected {
            platform,
            status: status.as_u16(),
            location,
        });
    }
    let body = read_capped(platform, resp).await?;
    tracing::info!(
        platform,
        what,
        status = status.as_u16(),
        millis = started.elapsed().as_millis() as u64,
        request_id = headers.get("Request-ID").and_then(|v| v.to_str().ok()),
        "exchange"
    );
    tracing::debug!(platform, what, body = %redacted_text(&body), "answer body");
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// The body, decoded, up to [`MAX_ANSWER`] bytes.
async fn read_capped(
    platform: &'static str,
    mut resp: reqwest::Response,
) -> Result<bytes::Bytes, ProviderError> {
    if resp.content_length().is_some_and(|n| {
        n > MAX_ANSWER as u64
            && resp
                .headers()
                .get(reqwest::header::CONTENT_ENCODING)
                .is_none()
    }) {
        return Err(too_large(platform));
    }
    let mut body = bytes::BytesMut::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_ANSWER {
                    return Err(too_large(platform));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body.freeze()),
            Err(e) => {
                return Err(ProviderError::AnswerLost {
                    platform,
                    detail: format!("the answer broke off: {e}"),
                });
            }
        }
    }
}

fn too_large(platform: &'static str) -> ProviderError {
    ProviderError::Malformed {
        platform,
        detail: format!(
            "the answer is larger than {} MiB, far larger than any answer it should send; it was not read",
            MAX_ANSWER >> 20
        ),
    }
}

fn transport(platform: &'static str, e: &reqwest::Error) -> ProviderError {
    let detail = describe(e);
    if e.is_connect() || e.is_builder() {
        ProviderError::NotSent { platform, detail }
    } else {
        ProviderError::AnswerLost { platform, detail }
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "no answer in time".to_owned()
    } else if e.is_connect() {
        "the connection could not be made".to_owned()
    } else {
        // reqwest's chain names the cause (e.g. "connection closed before
        // message completed") without echoing headers.
        let mut s = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(inner) = src {
            s.push_str(": ");
            s.push_str(&inner.to_string());
            src = inner.source();
        }
        s
    }
}

/// Keys whose values are secrets or personal data, masked in logs.
const MASKED: &[&str] = &[
    "authorization",
    "token",
    "pac-api-key",
    "firstname",
    "lastname",
    "middleinitial",
    "name",
    "surname",
    "middle_name",
    "email",
    "phone",
    "number",
    "formattednumber",
    "address1",
    "address2",
    "address3",
    "address4",
    "postalcode",
    "birthdate",
    "codeword",
    "barcode",
    "accessid",
    // Pass and ticket links open the ticket for whoever holds them.
    "mobileurl",
    "applepassurl",
    "googlepassurl",
    "pdfurl",
    "url",
    "link",
];

/// `value` with every secret or personal field replaced by `"***"`.
pub fn redact(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let masked = MASKED.contains(&k.to_ascii_lowercase().as_str())
                        && !v.is_object()
                        && !v.is_array();
                    (
                        k.clone(),
                        if masked {
                            Value::String("***".into())
                        } else {
                            redact(v)
                        },
                    )
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        other => other.clone(),
    }
}

/// A body for the log: redacted JSON, or its size when it is not JSON.
pub fn redacted_text(body: &[u8]) -> String {
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => redact(&v).to_string(),
        Err(_) => format!("<{} bytes, not JSON>", body.len()),
    }
}

/// `Retry-After` as seconds or as an HTTP-date (RFC 9110 allows both),
/// bounded so a wrong header cannot park the counter for an hour.
pub fn retry_after(headers: &HeaderMap, default: Duration) -> Duration {
    retry_after_at(headers, default, chrono::Utc::now())
}

fn retry_after_at(
    headers: &HeaderMap,
    default: Duration,
    now: chrono::DateTime<chrono::Utc>,
) -> Duration {
    let Some(text) = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
    else {
        return default.min(MAX_RETRY_AFTER);
    };
    let wait = match text.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        // IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") is RFC 2822 shaped.
        Err(_) => match chrono::DateTime::parse_from_rfc2822(text) {
            Ok(at) => (at.with_timezone(&chrono::Utc) - now)
                .to_std()
                .unwrap_or(Duration::ZERO),
            Err(_) => default,
        },
    };
    wait.min(MAX_RETRY_AFTER)
}

const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn redaction_masks_secrets_and_personal_data_but_keeps_structure() {
        let v = json!({
            "buyer": {"firstName": "María", "lastName": "Peña", "phoneNumber": {"number": "3235550147", "countryCode": "US"},
                      "emailAddress": {"email": "a@b.c"}},
            "listing": {"tokens": [{"token": "ABC", "individualPrice": 50}]},
            "status": "COMPLETE"
        });
        let text = redact(&v).to_string();
        for leak in ["María", "Peña", "3235550147", "a@b.c", "ABC"] {
            assert!(!text.contains(leak), "{leak} leaked: {text}");
        }
        assert!(text.contains("COMPLETE") && text.contains("50") && text.contains("US"));
    }

    #[test]
    fn retry_after_is_read_and_bounded() {
        let mut h = HeaderMap::new();
        let d = Duration::from_secs(1);
        assert_eq!(retry_after(&h, d), d);
        h.insert(reqwest::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&h, d), Duration::from_secs(7));
        h.insert(reqwest::header::RETRY_AFTER, "86400".parse().unwrap());
        assert_eq!(retry_after(&h, d), Duration::from_secs(120));
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T08:49:30Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        h.insert(
            reqwest::header::RETRY_AFTER,
            "Wed, 25 Nov 2026 08:49:37 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after_at(&h, d, now), Duration::from_secs(7));
        h.insert(
            reqwest::header::RETRY_AFTER,
            "Wed, 25 Nov 2026 08:00:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after_at(&h, d, now), Duration::ZERO);
        h.insert(reqwest::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after_at(&h, d, now), d);
    }
}
