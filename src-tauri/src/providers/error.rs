//! What can go wrong talking to a platform, sorted by what the counter must
//! do about it. The split that matters most is between a request that was
//! certainly not sent (safe to send again) and one whose answer was lost
//! (the outcome is unknown and must be found out, not guessed).

use std::time::Duration;

use crate::domain::Platform;
use crate::secrets::SecretError;

use super::profile::ProfileError;

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error(
        "cannot reach {platform} ({detail}). Nothing was sent; check the network and try again"
    )]
    NotSent {
        platform: &'static str,
        detail: String,
    },
    #[error(
        "the answer from {platform} was lost ({detail}); whether it was carried out is not known yet"
    )]
    AnswerLost {
        platform: &'static str,
        detail: String,
    },
    #[error(
        "{platform} refused the credentials of this profile ({detail}); check its token and keys (nothing was retried)"
    )]
    Credentials {
        platform: &'static str,
        status: u16,
        kind: Option<String>,
        code: Option<String>,
        detail: String,
    },
    #[error("{platform} refused the request (HTTP {status}): {message}")]
    Refused {
        platform: &'static str,
        status: u16,
        kind: Option<String>,
        code: Option<String>,
        message: String,
    },
    #[error("{platform} asks to slow down (HTTP 429); retry after {} s", retry_after.as_secs())]
    RateLimited {
        platform: &'static str,
        retry_after: Duration,
    },
    /// A 5xx. `kind` is the platform's error type when the body could be
    /// read as the platform's own error object; a gateway's HTML page has none.
    #[error("{platform} answered HTTP {status}: {message}")]
    ServerError {
        platform: &'static str,
        status: u16,
        kind: Option<String>,
        code: Option<String>,
        message: String,
    },
    #[error("{platform} has no such order")]
    NotFound { platform: &'static str },
    /// A 3xx: the platform points elsewhere, which is never followed.
    #[error(
        "{platform} answered HTTP {status}, pointing to {}: Box Office does not follow it (the request was not carried out there). If the platform has moved, change the connection's address in Settings",
        location.as_deref().unwrap_or("another address")
    )]
    Redirected {
        platform: &'static str,
        status: u16,
        location: Option<String>,
    },
    #[error("{platform} sent an answer Box Office cannot read: {detail}")]
    Malformed {
        platform: &'static str,
        detail: String,
    },
    /// The platform answered about another order than the one asked for.
    #[error(
        "{platform} answered about order “{answered}” when asked about “{asked}”; the answer was not used. Ask again, and if it repeats call {platform} support"
    )]
    WrongOrder {
        platform: &'static str,
        asked: String,
        answered: String,
    },
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error(transparent)]
    Secret(#[from] SecretError),
}

impl ProviderError {
    /// True when the request may have been carried out although no answer
    /// says so.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, ProviderError::AnswerLost { .. })
    }

    /// True when the platform could not be reached at all, or went silent:
    /// what marks a platform offline at the counter.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            ProviderError::NotSent { .. } | ProviderError::AnswerLost { .. }
        )
    }

    /// The HTTP status, error type and error code the platform gave, for
    /// the journal (support asks for them).
    pub fn details(&self) -> (Option<u16>, Option<&str>, Option<&str>) {
        match self {
            ProviderError::Credentials {
                status, kind, code, ..
            }
            | ProviderError::Refused {
                status, kind, code, ..
            }
            | ProviderError::ServerError {
                status, kind, code, ..
            } => (Some(*status), kind.as_deref(), code.as_deref()),
            ProviderError::RateLimited { .. } => (Some(429), None, None),
            ProviderError::Redirected { status, .. } => (Some(*status), None, None),
            ProviderError::NotFound { .. } => (Some(404), None, None),
            _ => (None, None, None),
        }
    }
}

pub fn name(p: Platform) -> &'static str {
    p.display_name()
}

/// Why a platform's body could not be read: which field, and what is wrong
/// with it, so support can point at the platform's mistake.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{problem}", field.as_deref().map(|f| format!("{f}: ")).unwrap_or_default())]
pub struct ParseError {
    pub field: Option<String>,
    pub problem: String,
}

impl ParseError {
    /// A problem with one field (`tickets[1].vat`).
    pub fn at(field: impl Into<String>, problem: impl std::fmt::Display) -> Self {
        ParseError {
            field: Some(field.into()),
            problem: problem.to_string(),
        }
    }

    /// A problem with the body as a whole.
    pub fn whole(problem: impl std::fmt::Display) -> Self {
        ParseError {
            field: None,
            problem: problem.to_string(),
        }
    }

    /// Reads `T` from JSON, naming the field serde stopped at. The message
    /// never quotes the text it stopped at: it may be a token or a barcode,
    /// which must not reach a log or a screen through an error.
    pub fn read<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ParseError> {
        let mut de = serde_json::Deserializer::from_slice(body);
        let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let problem = without_quoted_text(&e.inner().to_string());
            if path == "." {
                ParseError::whole(problem)
            } else {
                ParseError::at(path, problem)
            }
        })?;
        de.end()
            .map_err(|e| ParseError::whole(without_quoted_text(&e.to_string())))?;
        Ok(value)
    }
}

/// `invalid type: string "ABC123", expected u32` as `invalid type: string
/// (…), expected u32`: serde quotes the value it could not read.
pub fn without_quoted_text(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        match (c, quoted) {
            ('"', false) => {
                quoted = true;
                out.push_str("(…)");
            }
            ('"', true) => quoted = false,
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_never_quote_what_they_could_not_read() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Seat {
            token: u32,
        }
        let e = ParseError::read::<Seat>(br#"{"token": "SECRET-TOKEN-123"}"#).unwrap_err();
        assert!(!e.to_string().contains("SECRET"), "{e}");
        assert!(
            e.to_string().starts_with("token: invalid type: string (…)"),
            "{e}"
        );
    }
}
