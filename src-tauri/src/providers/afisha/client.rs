//! Afisha `POST /order-info` over HTTP: asking about a known order, and
//! looking an order up by what a cashier typed. Every answer is checked to
//! be about the order asked for before anything of it is used.

use reqwest::{Client, StatusCode};
use serde_json::Value;

use super::request::{self, Key};
use super::{map, wire};
use crate::cache::normalise_key;
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

    /// The order as Afisha describes it now, asked with everything the
    /// counter knows of it. An answer about another order is refused.
    pub async fn fetch(&self, known: &Order) -> Result<Order, ProviderError> {
        let (info, body) = self.ask(&request::for_order(known)).await?;
        if let Some(other) = map::other_order(&info, known) {
            return Err(ProviderError::WrongOrder {
                platform: PLATFORM,
                asked: known.display_number().to_owned(),
                answered: other,
            });
        }
        self.map(&info, Some(known), &body)
    }

    /// The order a cashier typed (an id, an order number or a code word),
    /// asking with one identifier at a time, likeliest first, until Afisha
    /// knows it. Answers about another order than the one typed are refused.
    pub async fn lookup(&self, typed: &str) -> Result<Order, ProviderError> {
        let mut wrong = None;
        for (key, req) in request::lookups(typed) {
            match self.ask(&req).await {
                Ok((info, body)) => match answered_other(&info, key, typed) {
                    None => return self.map(&info, None, &body),
                    Some(answered) => {
                        wrong = Some(ProviderError::WrongOrder {
                            platform: PLATFORM,
                            asked: typed.trim().to_owned(),
                            answered,
                        })
                    }
                },
                Err(ProviderError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Err(wrong.unwrap_or(ProviderError::NotFound { platform: PLATFORM }))
    }

    /// Sends one request and reads the answer; for the connection test,
    /// which asks about an order that cannot exist.
    pub async fn order_info(&self, request: &Value) -> Result<(), ProviderError> {
        self.ask(request).await.map(|_| ())
    }

    fn map(
        &self,
        info: &wire::OrderInfo,
        known: Option<&Order>,
        body: &[u8],
    ) -> Result<Order, ProviderError> {
        map::to_order(info, known, body, self.profile.time_zone.as_deref()).map_err(|e| {
            ProviderError::Malformed {
                platform: PLATFORM,
                detail: e.to_string(),
            }
        })
    }

    async fn ask(&self, request: &Value) -> Result<(wire::OrderInfo, bytes::Bytes), ProviderError> {
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
        let status = a.status.as_u16();
        match a.status {
            s if s.is_success() => {
                let info = wire::parse(&a.body).map_err(|e| ProviderError::Malformed {
                    platform: PLATFORM,
                    detail: e.to_string(),
                })?;
                Ok((info, a.body))
            }
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(ProviderError::Credentials {
                platform: PLATFORM,
                status,
                kind: None,
                code: None,
                detail: message(),
            }),
            StatusCode::NOT_FOUND => Err(ProviderError::NotFound { platform: PLATFORM }),
            StatusCode::TOO_MANY_REQUESTS => Err(ProviderError::RateLimited {
                platform: PLATFORM,
                retry_after: retry_after(&a.headers, std::time::Duration::from_secs(2)),
            }),
            s if s.is_server_error() => Err(ProviderError::ServerError {
                platform: PLATFORM,
                status,
                kind: None,
                code: None,
                message: message(),
            }),
            _ => Err(ProviderError::Refused {
                platform: PLATFORM,
                status,
                kind: None,
                code: None,
                message: message(),
            }),
        }
    }
}

/// The identifier by which an answer names another order than the one
/// typed as `key`, if it does.
fn answered_other(info: &wire::OrderInfo, key: Key, typed: &str) -> Option<String> {
    let typed = typed.trim();
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    match key {
        Key::Id => given(&info.id).filter(|id| *id != typed),
        Key::OrderNumber => given(&info.order_number)
            .filter(|n| normalise_key(n) != normalise_key(typed))
            .or_else(|| {
                // Without a number the id must be what was typed.
                given(&info.order_number)
                    .is_none()
                    .then(|| given(&info.id).filter(|id| *id != typed))
                    .flatten()
            }),
        // Code words are said aloud: case and ё/е do not count.
        Key::CodeWord => given(&info.code_word).filter(|w| fold(w) != fold(typed)),
    }
    .map(str::to_owned)
}

fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(id: &str, number: &str, word: &str) -> wire::OrderInfo {
        let body = serde_json::json!({"id": id, "orderNumber": number, "codeWord": word});
        wire::parse(body.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn an_answer_must_be_about_the_order_typed() {
        let i = info("AF-1", "1001-5521", "Ёлка");
        assert_eq!(answered_other(&i, Key::Id, "AF-1"), None);
        assert_eq!(answered_other(&i, Key::Id, "AF-2").as_deref(), Some("AF-1"));
        assert_eq!(answered_other(&i, Key::OrderNumber, "1001 5521"), None);
        assert_eq!(
            answered_other(&i, Key::OrderNumber, "1001-5522").as_deref(),
            Some("1001-5521")
        );
        assert_eq!(answered_other(&i, Key::CodeWord, "елка"), None);
        assert_eq!(
            answered_other(&i, Key::CodeWord, "сосна").as_deref(),
            Some("Ёлка")
        );
    }
}
