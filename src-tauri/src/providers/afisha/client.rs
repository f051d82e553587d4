//! Afisha `POST /order-info` over HTTP.

use reqwest::{Client, StatusCode};
use serde_json::Value;

use super::{map, wire};
use crate::domain::Order;
use crate::providers::error::ProviderError;
use crate::providers::http::{self, retry_after};
use crate::providers::profile::{Credentials, Profile};

const PLATFORM: &str = "Afisha";

pub struct AfishaClient {
    http: Client,
    profile: Profile,
    credentials: Credentials,
}

impl AfishaClient {
    pub fn new(http: Client, profile: Profile, credentials: Credentials) -> Self {
        AfishaClient {
            http,
            profile,
            credentials,
        }
    }

    /// Sends `request` (see [`super::request`]) and maps the answer onto
    /// `known`, the order the request was built from.
    pub async fn order_info(
        &self,
        request: &Value,
        known: Option<&Order>,
    ) -> Result<Order, ProviderError> {
        let url = self.profile.endpoint("/order-info")?;
        let req = self
            .http
            .post(url)
            .bearer_auth(self.credentials.bearer_token.expose())
            .header("Accept", "application/json")
            .json(request);
        let a = http::send(PLATFORM, "order info", req).await?;
        let message = || {
            serde_json::from_slice::<Value>(&a.body)
                .ok()
                .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_owned))
                .unwrap_or_else(|| format!("HTTP {}", a.status.as_u16()))
        };
        match a.status {
            s if s.is_success() => {
                let malformed = |e: crate::providers::ParseError| ProviderError::Malformed {
                    platform: PLATFORM,
                    detail: e.to_string(),
                };
                let info = wire::parse(&a.body).map_err(malformed)?;
                map::to_order(&info, known, &a.body).map_err(malformed)
            }
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(ProviderError::Credentials {
                platform: PLATFORM,
                detail: message(),
            }),
            StatusCode::NOT_FOUND => Err(ProviderError::NotFound { platform: PLATFORM }),
            StatusCode::TOO_MANY_REQUESTS => Err(ProviderError::RateLimited {
                platform: PLATFORM,
                retry_after: retry_after(&a.headers, std::time::Duration::from_secs(2)),
            }),
            s if s.is_server_error() => Err(ProviderError::ServerError {
                platform: PLATFORM,
                status: s.as_u16(),
                kind: None,
                message: message(),
            }),
            s => Err(ProviderError::Refused {
                platform: PLATFORM,
                status: s.as_u16(),
                kind: None,
                code: None,
                message: message(),
            }),
        }
    }
}
