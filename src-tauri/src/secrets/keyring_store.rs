//! The OS keyring through the `keyring` crate: Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows. One entry per profile
//! and kind of secret, under the application's identifier as the service.

use keyring::{Entry, Error as KError};

use super::{SecretError, Sensitive};
use crate::paths::IDENTIFIER;

/// Which of a profile's secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// The `Authorization: Bearer` token (all three platforms).
    BearerToken,
    /// Paciolan's `PAC-API-Key`.
    ApiKey,
    /// The password of the site's PostgreSQL role (site mode).
    SitePassword,
}

impl SecretKind {
    pub const ALL: [SecretKind; 2] = [SecretKind::BearerToken, SecretKind::ApiKey];

    pub fn as_str(self) -> &'static str {
        match self {
            SecretKind::BearerToken => "bearer token",
            SecretKind::ApiKey => "API key",
            SecretKind::SitePassword => "site database password",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            SecretKind::BearerToken => "bearer-token",
            SecretKind::ApiKey => "api-key",
            SecretKind::SitePassword => "site-password",
        }
    }
}

/// The keyring, addressed by profile name.
#[derive(Debug, Clone, Default)]
pub struct Keyring {
    /// Lets tests keep their entries apart from a real installation's.
    service: Option<String>,
}

fn map(e: KError) -> SecretError {
    match e {
        KError::NoDefaultStore => SecretError::Unavailable("no Secret Service found".to_owned()),
        KError::NoStorageAccess(p) => SecretError::Locked(p.to_string()),
        KError::PlatformFailure(p) => {
            let text = p.to_string();
            // zbus reports a missing session bus or service as a platform
            // failure; that is "no keyring", not a broken one.
            if text.contains("ServiceUnknown") || text.contains("DBUS_SESSION_BUS_ADDRESS") {
                SecretError::Unavailable(text)
            } else {
                SecretError::Keyring(text)
            }
        }
        other => SecretError::Keyring(other.to_string()),
    }
}

impl Keyring {
    /// The keyring under Box Office's own service name.
    pub fn new() -> Keyring {
        Keyring { service: None }
    }

    /// The keyring under another service name (tests).
    pub fn with_service(service: impl Into<String>) -> Keyring {
        Keyring {
            service: Some(service.into()),
        }
    }

    pub fn service(&self) -> &str {
        self.service.as_deref().unwrap_or(IDENTIFIER)
    }

    /// The account name of an entry, as `secret-tool` shows it.
    pub fn account(profile: &str, kind: SecretKind) -> String {
        format!("{profile}/{}", kind.slug())
    }

    fn entry(&self, profile: &str, kind: SecretKind) -> Result<Entry, SecretError> {
        Entry::new(self.service(), &Keyring::account(profile, kind)).map_err(map)
    }

    /// Whether a keyring can be used at all, without touching any entry.
    pub fn check(&self) -> Result<(), SecretError> {
        match Entry::store_status() {
            Ok(()) => Ok(()),
            Err(e) => Err(SecretError::Unavailable(e.to_string())),
        }
    }

    pub fn set(
        &self,
        profile: &str,
        kind: SecretKind,
        secret: &Sensitive<String>,
    ) -> Result<(), SecretError> {
        self.entry(profile, kind)?
            .set_password(secret.expose())
            .map_err(map)
    }

    pub fn get(&self, profile: &str, kind: SecretKind) -> Result<Sensitive<String>, SecretError> {
        match self.entry(profile, kind)?.get_password() {
            Ok(s) => Ok(Sensitive::new(s)),
            Err(KError::NoEntry) => Err(SecretError::Missing {
                profile: profile.to_owned(),
                kind: kind.as_str(),
            }),
            Err(e) => Err(map(e)),
        }
    }

    /// Removes a secret; removing one that is not there is not an error.
    pub fn delete(&self, profile: &str, kind: SecretKind) -> Result<(), SecretError> {
        match self.entry(profile, kind)?.delete_credential() {
            Ok(()) | Err(KError::NoEntry) => Ok(()),
            Err(e) => Err(map(e)),
        }
    }
}
