//! Whether each platform answers, learned from the counter's real requests
//! and a light periodic probe, never by making a cashier wait: a lookup
//! reads the cache whatever this says, and this only decides what the
//! window shows (one banner per platform, not an error per click) and
//! whether a completion is tried at all.
//!
//! A platform is *offline* when a request to it could not be sent or its
//! answer never came; any HTTP answer, even a refusal, proves it is there.

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Counter, CounterError};
use crate::domain::Platform;
use crate::providers::{ProviderError, http, probe};

/// What the counter knows of a platform's reachability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Reach {
    /// Nothing was asked yet.
    Unknown,
    Online,
    Offline,
}

/// One platform's line of the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlatformLink {
    pub platform: Platform,
    pub reach: Reach,
    /// Since when it has been in this state.
    pub since: DateTime<Utc>,
    /// When it was last heard of (an answer, or a failed attempt).
    pub checked_at: DateTime<Utc>,
    /// Why it is offline, as the request failed.
    pub detail: Option<String>,
}

/// The reachability of every platform this counter talks to.
#[derive(Debug, Default)]
pub struct Links {
    known: Mutex<BTreeMap<Platform, PlatformLink>>,
}

/// What a failed request says of its platform: `Some(true)` it answered
/// (a refusal is an answer), `Some(false)` it could not be reached, `None`
/// nothing (the request failed before leaving, for a local reason).
pub fn verdict(e: &ProviderError) -> Option<(bool, Option<String>)> {
    match e {
        ProviderError::NotSent { .. } | ProviderError::AnswerLost { .. } => {
            Some((false, Some(e.to_string())))
        }
        ProviderError::Profile(_) | ProviderError::Secret(_) => None,
        _ => Some((true, None)),
    }
}

impl Links {
    /// Records that `platform` answered (`true`) or could not be reached.
    pub fn learn(
        &self,
        platform: Platform,
        answered: bool,
        detail: Option<String>,
        at: DateTime<Utc>,
    ) {
        let reach = if answered {
            Reach::Online
        } else {
            Reach::Offline
        };
        let mut known = self.known.lock().unwrap_or_else(|p| p.into_inner());
        let link = known.entry(platform).or_insert_with(|| PlatformLink {
            platform,
            reach: Reach::Unknown,
            since: at,
            checked_at: at,
            detail: None,
        });
        if link.reach != reach {
            tracing::info!(
                platform = platform.as_str(),
                ?reach,
                "platform reachability changed"
            );
            link.since = at;
        }
        link.reach = reach;
        link.checked_at = at;
        link.detail = if answered { None } else { detail };
    }

    /// Learns from a request's result (see [`verdict`]).
    pub fn learn_from<T>(&self, platform: Platform, result: &Result<T, ProviderError>) {
        match result {
            Ok(_) => self.learn(platform, true, None, Utc::now()),
            Err(e) => self.learn_error(platform, e),
        }
    }

    pub fn learn_error(&self, platform: Platform, e: &ProviderError) {
        if let Some((answered, detail)) = verdict(e) {
            self.learn(platform, answered, detail, Utc::now());
        }
    }

    pub fn get(&self, platform: Platform) -> Reach {
        self.known
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&platform)
            .map_or(Reach::Unknown, |l| l.reach)
    }

    /// Every platform heard of, in a stable order.
    pub fn all(&self) -> Vec<PlatformLink> {
        self.known
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect()
    }
}

/// How long a probe may take: short, since it runs while the counter works
/// and a platform slower than this is not one a cashier can use either.
pub const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(4);

impl Counter {
    /// The platforms this counter has a connection for: every one in
    /// training mode, else those with a profile.
    pub fn connected_platforms(&self) -> Result<Vec<Platform>, CounterError> {
        if self.is_training() {
            return Ok(Platform::ALL.to_vec());
        }
        let mut p: Vec<Platform> = self
            .profiles()
            .list()?
            .into_iter()
            .map(|p| p.platform)
            .collect();
        p.sort();
        p.dedup();
        Ok(p)
    }

    /// Asks each connected platform something harmless (see
    /// [`crate::providers::probe`]) and records whether it answered.
    pub async fn probe_links(&self) -> Result<Vec<PlatformLink>, CounterError> {
        let client = http::client(http::Timeouts {
            connect: PROBE_TIMEOUT,
            request: PROBE_TIMEOUT,
        });
        for platform in self.connected_platforms()? {
            match self.connection_named(platform, None) {
                Ok((profile, credentials)) => {
                    let result = probe::probe(&client, &profile, &credentials).await;
                    self.links.learn_from(platform, &result);
                }
                // Several profiles of one platform: probe each.
                Err(CounterError::AmbiguousConnection(_)) => {
                    for p in self
                        .profiles()
                        .list()?
                        .into_iter()
                        .filter(|p| p.platform == platform)
                    {
                        let (profile, credentials) = self.profiles().load(&p.name)?;
                        let result = probe::probe(&client, &profile, &credentials).await;
                        self.links.learn_from(platform, &result);
                        if self.links.get(platform) == Reach::Online {
                            break;
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot probe {}", platform.display_name()),
            }
        }
        Ok(self.links.all())
    }

    /// Refuses to start a completion on a platform known to be offline,
    /// after one more quick look (it may just have come back): nothing is
    /// queued to be sent later behind the cashier's back.
    pub(super) async fn check_online(&self, platform: Platform) -> Result<(), CounterError> {
        if self.links.get(platform) != Reach::Offline {
            return Ok(());
        }
        self.probe_links().await?;
        match self.links.get(platform) {
            Reach::Offline => Err(CounterError::Offline(platform)),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_of_any_kind_is_online_and_a_lost_request_is_offline() {
        let links = Links::default();
        assert_eq!(links.get(Platform::Vista), Reach::Unknown);
        let lost: Result<(), _> = Err(ProviderError::NotSent {
            platform: "Vista",
            detail: "connection refused".into(),
        });
        links.learn_from(Platform::Vista, &lost);
        assert_eq!(links.get(Platform::Vista), Reach::Offline);
        let since = links.all()[0].since;
        links.learn_from(Platform::Vista, &lost);
        assert_eq!(
            links.all()[0].since,
            since,
            "still offline since the first failure"
        );
        assert!(
            links.all()[0]
                .detail
                .as_deref()
                .is_some_and(|d| d.contains("refused"))
        );
        let refused: Result<(), _> = Err(ProviderError::NotFound { platform: "Vista" });
        links.learn_from(Platform::Vista, &refused);
        assert_eq!(links.get(Platform::Vista), Reach::Online);
        assert_eq!(links.all()[0].detail, None);
    }
}
