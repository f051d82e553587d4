//! Connection profiles as a whole: settings in SQLite, secrets in the OS
//! keyring, kept in step (adding stores the secrets first, removing deletes
//! them), and a connection test that proves the credentials are accepted.

use crate::cache::{Cache, CacheError};
use crate::domain::Platform;
use crate::providers::{Credentials, Profile, ProfileError, ProviderError, probe};
use crate::secrets::{Keyring, SecretError, SecretKind, Sensitive};

#[derive(Debug, thiserror::Error)]
pub enum ProfilesError {
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("a {0} profile needs a {1}")]
    MissingSecret(&'static str, &'static str),
    #[error(transparent)]
    Provider(#[from] ProviderError),
}

pub struct Profiles<'a> {
    pub cache: &'a Cache,
    pub keyring: Keyring,
}

impl<'a> Profiles<'a> {
    pub fn new(cache: &'a Cache, keyring: Keyring) -> Self {
        Profiles { cache, keyring }
    }

    /// Validates and stores `profile` with its secrets.
    pub fn add(&self, profile: &Profile, credentials: &Credentials) -> Result<(), ProfilesError> {
        profile.validate()?;
        if credentials.bearer_token.expose().trim().is_empty() {
            return Err(ProfilesError::MissingSecret(
                profile.platform.display_name(),
                "bearer token",
            ));
        }
        if profile.platform == Platform::Paciolan
            && credentials
                .api_key
                .as_ref()
                .is_none_or(|k| k.expose().trim().is_empty())
        {
            return Err(ProfilesError::MissingSecret(
                "Paciolan",
                "API key (PAC-API-Key)",
            ));
        }
        if self.cache.profile(&profile.name)?.is_some() {
            return Err(ProfileError::Exists(profile.name.clone()).into());
        }
        self.keyring.set(
            &profile.name,
            SecretKind::BearerToken,
            &credentials.bearer_token,
        )?;
        if let Some(key) = &credentials.api_key {
            self.keyring.set(&profile.name, SecretKind::ApiKey, key)?;
        }
        if !self.cache.insert_profile(profile)? {
            return Err(ProfileError::Exists(profile.name.clone()).into());
        }
        Ok(())
    }

    /// Removes the profile and its secrets.
    pub fn remove(&self, name: &str) -> Result<(), ProfilesError> {
        if self.cache.profile(name)?.is_none() {
            return Err(ProfileError::Unknown(name.to_owned()).into());
        }
        for kind in SecretKind::ALL {
            self.keyring.delete(name, kind)?;
        }
        self.cache.delete_profile(name)?;
        Ok(())
    }

    /// The profile and its secrets, ready for a request.
    pub fn load(&self, name: &str) -> Result<(Profile, Credentials), ProfilesError> {
        let profile = self
            .cache
            .profile(name)?
            .ok_or_else(|| ProfileError::Unknown(name.to_owned()))?;
        let bearer_token = self.keyring.get(name, SecretKind::BearerToken)?;
        let api_key = match profile.platform {
            Platform::Paciolan => Some(self.keyring.get(name, SecretKind::ApiKey)?),
            _ => None,
        };
        Ok((
            profile,
            Credentials {
                bearer_token,
                api_key,
            },
        ))
    }

    pub fn list(&self) -> Result<Vec<Profile>, ProfilesError> {
        Ok(self.cache.profiles()?)
    }

    /// Reaches the platform with the profile's credentials.
    pub async fn test(&self, name: &str, http: &reqwest::Client) -> Result<String, ProfilesError> {
        let (profile, credentials) = self.load(name)?;
        probe::probe(http, &profile, &credentials).await?;
        Ok(format!(
            "{} at {} accepted the credentials of “{name}”.",
            profile.platform.display_name(),
            profile.base_url
        ))
    }
}

/// Secrets read from text: the first line is the bearer token, the second
/// (Paciolan) the API key.
pub fn credentials_from_lines(text: &str, platform: Platform) -> Credentials {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let bearer_token = Sensitive::new(lines.next().unwrap_or_default().to_owned());
    let api_key = (platform == Platform::Paciolan)
        .then(|| Sensitive::new(lines.next().unwrap_or_default().to_owned()));
    Credentials {
        bearer_token,
        api_key,
    }
}
