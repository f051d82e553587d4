//! Vista OCAPI completion over HTTP: create the completion of an
//! in-progress order, and read it back. Each call is one request; polling,
//! backoff and the journal are the completion engine's business.

use reqwest::{Client, StatusCode};

use super::wire::{self, Completion};
use crate::providers::error::ProviderError;
use crate::providers::http::{self, retry_after};
use crate::providers::profile::{Credentials, Profile};

const PLATFORM: &str = "Vista";

pub struct VistaClient {
    http: Client,
    profile: Profile,
    credentials: Credentials,
}

impl VistaClient {
    pub fn new(http: Client, profile: Profile, credentials: Credentials) -> Self {
        VistaClient {
            http,
            profile,
            credentials,
        }
    }

    fn request(
        &self,
        method: reqwest::Method,
        order_id: &str,
    ) -> Result<reqwest::RequestBuilder, ProviderError> {
        let mut url = self.profile.endpoint("/ocapi/v1/orders")?;
        url.path_segments_mut()
            .map_err(|_| ProviderError::Malformed {
                platform: PLATFORM,
                detail: "the profile's URL cannot take a path".into(),
            })?
            .push(order_id)
            .push("completion");
        let mut req = self
            .http
            .request(method, url)
            .bearer_auth(self.credentials.bearer_token.expose())
            .header("Accept", "application/json");
        if let Some(region) = &self.profile.region_code {
            req = req.header("Connect-Region-Code", region);
        }
        Ok(req)
    }

    /// `POST …/completion`: asks Vista to complete the order.
    pub async fn create(&self, order_id: &str) -> Result<Completion, ProviderError> {
        let req = self.request(reqwest::Method::POST, order_id)?;
        let answer = http::send(PLATFORM, "create completion", req).await?;
        read(answer)
    }

    /// `GET …/completion`: where the completion stands; `None` when Vista has
    /// no completion for the order (it was never created).
    pub async fn get(&self, order_id: &str) -> Result<Option<Completion>, ProviderError> {
        let req = self.request(reqwest::Method::GET, order_id)?;
        let answer = http::send(PLATFORM, "poll completion", req).await?;
        match read(answer) {
            Err(ProviderError::NotFound { .. }) => Ok(None),
            other => other.map(Some),
        }
    }
}

fn read(a: http::Answer) -> Result<Completion, ProviderError> {
    let status = a.status;
    if status.is_success() {
        return wire::parse_completion(&a.body).map_err(|e| ProviderError::Malformed {
            platform: PLATFORM,
            detail: e.to_string(),
        });
    }
    let message = wire::problem_message(&a.body, status.as_u16());
    Err(match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => ProviderError::Credentials {
            platform: PLATFORM,
            status: status.as_u16(),
            kind: None,
            code: None,
            detail: message,
        },
        StatusCode::NOT_FOUND => ProviderError::NotFound { platform: PLATFORM },
        StatusCode::TOO_MANY_REQUESTS => ProviderError::RateLimited {
            platform: PLATFORM,
            retry_after: retry_after(&a.headers, std::time::Duration::from_secs(2)),
        },
        s if s.is_server_error() => ProviderError::ServerError {
            platform: PLATFORM,
            status: s.as_u16(),
            kind: None,
            code: None,
            message,
        },
        s => ProviderError::Refused {
            platform: PLATFORM,
            status: s.as_u16(),
            kind: None,
            code: None,
            message,
        },
    })
}
