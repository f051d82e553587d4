//! Paciolan complete-order over HTTP, with every header the page requires.
//! One call is one request; the Request-ID is the caller's (generated once
//! per completion and reused on every retry and poll), retries and polling
//! are the completion engine's business.

use reqwest::{Client, StatusCode};
use uuid::Uuid;

use super::cart::Cart;
use super::response::{self, Response, Status};
use crate::providers::error::ProviderError;
use crate::providers::http::{self, retry_after};
use crate::providers::profile::{Credentials, Profile, ProfileError};

const PLATFORM: &str = "Paciolan";

/// Where a complete-order stands after one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Still working: poll `processId`.
    Pending(Response),
    /// 201 COMPLETE.
    Complete(Response),
    /// 207: some tickets sold, the rest in `errors`, to escalate.
    Partial(Response),
}

pub struct PaciolanClient {
    http: Client,
    profile: Profile,
    credentials: Credentials,
}

impl PaciolanClient {
    pub fn new(http: Client, profile: Profile, credentials: Credentials) -> Self {
        PaciolanClient {
            http,
            profile,
            credentials,
        }
    }

    /// Every value the page marks required, or the reason a request cannot
    /// be built. Checked before anything is journalled as sent: an empty
    /// header would only earn a refusal, and the page requires each one.
    pub fn ready(&self) -> Result<(), ProviderError> {
        let blank = |v: Option<&str>| v.is_none_or(|v| v.trim().is_empty());
        let missing = |what| {
            ProviderError::Profile(ProfileError::Missing {
                platform: PLATFORM,
                what,
            })
        };
        if blank(Some(self.credentials.bearer_token.expose())) {
            return Err(missing("a bearer token (in the OS keyring)"));
        }
        if blank(
            self.credentials
                .api_key
                .as_ref()
                .map(|k| k.expose().as_str()),
        ) {
            return Err(missing("an API key (PAC-API-Key, in the OS keyring)"));
        }
        if blank(self.profile.application_id.as_deref()) {
            return Err(missing("an application id (PAC-Application-ID)"));
        }
        if blank(self.profile.channel_code.as_deref()) {
            return Err(missing("a channel code (PAC-Channel-Code)"));
        }
        Ok(())
    }

    fn headers(
        &self,
        req: reqwest::RequestBuilder,
        request_id: Uuid,
    ) -> Result<reqwest::RequestBuilder, ProviderError> {
        self.ready()?;
        let key = self
            .credentials
            .api_key
            .as_ref()
            .map(|k| k.expose().as_str())
            .unwrap_or_default();
        Ok(req
            .bearer_auth(self.credentials.bearer_token.expose())
            .header("Accept", "application/json")
            .header(
                "PAC-Application-ID",
                self.profile.application_id.as_deref().unwrap_or_default(),
            )
            .header("PAC-API-Key", key)
            .header(
                "PAC-Channel-Code",
                self.profile.channel_code.as_deref().unwrap_or_default(),
            )
            .header("Request-ID", request_id.hyphenated().to_string()))
    }

    /// `POST /v1/cart/complete-order`.
    pub async fn complete(&self, cart: &Cart, request_id: Uuid) -> Result<Progress, ProviderError> {
        let url = self.profile.endpoint("/v1/cart/complete-order")?;
        let body = serde_json::to_vec(cart).map_err(|e| ProviderError::Malformed {
            platform: PLATFORM,
            detail: format!("the cart cannot be written: {e}"),
        })?;
        let req = self
            .headers(self.http.post(url), request_id)?
            .header("Content-Type", "application/json")
            .body(body);
        read(http::send(PLATFORM, "complete order", req).await?)
    }

    /// `GET /v1/cart/complete-order/{processId}`.
    pub async fn poll(
        &self,
        process_id: &str,
        request_id: Uuid,
    ) -> Result<Progress, ProviderError> {
        let mut url = self.profile.endpoint("/v1/cart/complete-order")?;
        url.path_segments_mut()
            .map_err(|_| ProviderError::Malformed {
                platform: PLATFORM,
                detail: "the profile's URL cannot take a path".into(),
            })?
            .push(process_id);
        let req = self.headers(self.http.get(url), request_id)?;
        read(http::send(PLATFORM, "poll complete order", req).await?)
    }
}

fn read(a: http::Answer) -> Result<Progress, ProviderError> {
    let status = a.status;
    let parsed = response::parse(&a.body);
    if status.is_success() {
        let r = parsed.map_err(|e| ProviderError::Malformed {
            platform: PLATFORM,
            detail: format!("HTTP {}: {e}", status.as_u16()),
        })?;
        return match (status, r.status) {
            (StatusCode::MULTI_STATUS, _) | (_, Status::Error) => Ok(Progress::Partial(r)),
            (_, Status::Pending) => Ok(Progress::Pending(r)),
            (_, Status::Complete) => Ok(Progress::Complete(r)),
        };
    }
    // The page's Error Response Object, when the body is one; a gateway's
    // HTML page or an empty body has no error type.
    let detail = parsed.ok().and_then(|r| r.error);
    let kind = detail.as_ref().and_then(|d| d.kind.clone());
    let code = detail.as_ref().and_then(|d| d.app_error_code.clone());
    let message = detail
        .as_ref()
        .and_then(|d| d.developer_message.clone())
        .unwrap_or_else(|| {
            format!(
                "HTTP {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_owned()
        });
    let described = match (&kind, &code) {
        (Some(k), Some(c)) => format!("{k} {c}: {message}"),
        (Some(k), None) => format!("{k}: {message}"),
        _ => message.clone(),
    };
    let s = status.as_u16();
    // The error type decides, not the status alone: the page's table lumps
    // request problems with authorisation in places.
    Err(match (kind.as_deref(), status) {
        (Some("AUTHORIZATION_FAILURE" | "UNAUTHORIZED_REQUEST" | "INVALID_CHANNEL_CONFIG"), _)
        | (None, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) => ProviderError::Credentials {
            platform: PLATFORM,
            status: s,
            kind,
            code,
            detail: described,
        },
        (_, StatusCode::TOO_MANY_REQUESTS) => ProviderError::RateLimited {
            platform: PLATFORM,
            retry_after: retry_after(&a.headers, std::time::Duration::from_secs(2)),
        },
        (_, StatusCode::NOT_FOUND) => ProviderError::NotFound { platform: PLATFORM },
        _ if status.is_server_error() => ProviderError::ServerError {
            platform: PLATFORM,
            status: s,
            kind,
            code,
            message: described,
        },
        _ => ProviderError::Refused {
            platform: PLATFORM,
            status: s,
            kind,
            code,
            message,
        },
    })
}
