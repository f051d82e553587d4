//! A connection profile: which platform, where, and the non-secret
//! identifiers it needs (Vista's region, Paciolan's application id and
//! channel, Afisha's partner id). Its secrets are in the OS keyring under the
//! profile's name; [`Credentials`] carries them while a request is built.

use reqwest::Url;
use serde::{Deserialize, Serialize};

use crate::domain::{Currency, Platform};
use crate::secrets::Sensitive;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// Short unique name (`vista-main`); also the keyring account prefix.
    pub name: String,
    pub platform: Platform,
    pub display_name: String,
    pub base_url: String,
    /// Vista `Connect-Region-Code`.
    pub region_code: Option<String>,
    /// Paciolan `PAC-Application-ID`.
    pub application_id: Option<String>,
    /// Paciolan `PAC-Channel-Code`.
    pub channel_code: Option<String>,
    /// Afisha partner id, where the partner asks for one.
    pub partner_id: Option<String>,
    /// The currency of amounts the platform writes without one (Paciolan).
    pub currency: Currency,
    /// The venue's tz-database zone, for answers that leave the session's
    /// zone out (Afisha's `sessionTime.timezone` is optional).
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// A profile's secrets, for the length of one operation.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub bearer_token: Sensitive<String>,
    /// Paciolan's `PAC-API-Key`.
    pub api_key: Option<Sensitive<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("a profile name is 1 to 40 letters, digits, dashes or underscores (got “{0}”)")]
    BadName(String),
    #[error("“{0}” is not a URL")]
    BadUrl(String),
    #[error(
        "plain http:// is refused for {0}: credentials would cross the network unencrypted. Use https:// (http:// is allowed only for this computer, e.g. the training sandbox)"
    )]
    InsecureUrl(String),
    #[error("a {platform} profile needs {what}")]
    Missing {
        platform: &'static str,
        what: &'static str,
    },
    #[error("no profile is called “{0}”; see `box-office profiles list`")]
    Unknown(String),
    #[error("a profile called “{0}” already exists; remove it first")]
    Exists(String),
    #[error(
        "“{0}” is not a tz-database time zone (for example Europe/Moscow, America/Los_Angeles)"
    )]
    BadTimeZone(String),
}

/// Whether `url` may carry credentials: https anywhere, http only to this
/// computer.
pub fn check_url(raw: &str) -> Result<Url, ProfileError> {
    let url = Url::parse(raw.trim()).map_err(|_| ProfileError::BadUrl(raw.to_owned()))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(ProfileError::InsecureUrl(raw.to_owned())),
        _ => Err(ProfileError::BadUrl(raw.to_owned())),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

impl Profile {
    /// Checks everything that can be checked without the network.
    pub fn validate(&self) -> Result<(), ProfileError> {
        let name_ok = !self.name.is_empty()
            && self.name.len() <= 40
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !name_ok {
            return Err(ProfileError::BadName(self.name.clone()));
        }
        check_url(&self.base_url)?;
        if let Some(z) = &self.time_zone
            && z.parse::<chrono_tz::Tz>().is_err()
        {
            return Err(ProfileError::BadTimeZone(z.clone()));
        }
        if self.platform == Platform::Paciolan {
            let missing = |what| ProfileError::Missing {
                platform: "Paciolan",
                what,
            };
            if self.application_id.as_deref().is_none_or(str::is_empty) {
                return Err(missing("an application id (PAC-Application-ID)"));
            }
            if self.channel_code.as_deref().is_none_or(str::is_empty) {
                return Err(missing("a channel code (PAC-Channel-Code)"));
            }
        }
        Ok(())
    }

    /// The base URL joined with `path` (which starts with `/`).
    pub fn endpoint(&self, path: &str) -> Result<Url, ProfileError> {
        let base = check_url(&self.base_url)?;
        let joined = format!("{}{}", base.as_str().trim_end_matches('/'), path);
        Url::parse(&joined).map_err(|_| ProfileError::BadUrl(joined))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(platform: Platform, url: &str) -> Profile {
        Profile {
            name: "main".into(),
            platform,
            display_name: "Main".into(),
            base_url: url.into(),
            region_code: None,
            application_id: Some("com.example".into()),
            channel_code: Some("chan".into()),
            partner_id: None,
            currency: "USD".parse().unwrap(),
            time_zone: None,
        }
    }

    #[test]
    fn http_is_only_allowed_to_this_computer() {
        for ok in [
            "https://api.example.com",
            "http://127.0.0.1:8750",
            "http://localhost:9",
            "http://[::1]:80",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        assert!(matches!(
            check_url("http://api.example.com"),
            Err(ProfileError::InsecureUrl(_))
        ));
        assert!(matches!(
            check_url("http://10.0.0.5"),
            Err(ProfileError::InsecureUrl(_))
        ));
        assert!(matches!(check_url("ftp://x"), Err(ProfileError::BadUrl(_))));
        assert!(matches!(
            check_url("not a url"),
            Err(ProfileError::BadUrl(_))
        ));
    }

    #[test]
    fn paciolan_needs_its_identifiers() {
        let mut p = profile(Platform::Paciolan, "https://link.example");
        assert!(p.validate().is_ok());
        p.channel_code = None;
        assert!(matches!(p.validate(), Err(ProfileError::Missing { .. })));
        let mut p = profile(Platform::Vista, "https://v.example");
        p.name = "bad name!".into();
        assert!(matches!(p.validate(), Err(ProfileError::BadName(_))));
    }

    #[test]
    fn endpoints_keep_the_base_path() {
        let p = profile(Platform::Vista, "https://api.example.com/tenant/");
        assert_eq!(
            p.endpoint("/ocapi/v1/orders/A/completion")
                .unwrap()
                .as_str(),
            "https://api.example.com/tenant/ocapi/v1/orders/A/completion"
        );
    }
}
