//! Which platform connection an order goes through: in training always the
//! sandbox (training has no other), else the profile the order was cached
//! under, else the only profile of its platform.

use super::{Counter, CounterError};
use crate::domain::Platform;
use crate::profiles::Profiles;
use crate::providers::{Credentials, Profile};
use crate::training;

impl Counter {
    pub(super) fn profiles(&self) -> Profiles<'_> {
        Profiles::new(&self.cache, self.keyring.clone())
    }

    /// The connections set up at this till (never their secrets), each
    /// with whether its secrets are in the keyring. Training has none: the
    /// sandbox stands in for every platform.
    pub fn connections(&self) -> Result<Vec<(Profile, bool)>, CounterError> {
        let profiles = self.profiles();
        Ok(profiles
            .list()?
            .into_iter()
            .map(|p| {
                let stored = profiles.load(&p.name).is_ok();
                (p, stored)
            })
            .collect())
    }

    /// The connection called `name`, without its secrets.
    pub fn connection_profile(&self, name: &str) -> Result<Profile, CounterError> {
        Ok(self
            .cache
            .profile(name)?
            .ok_or_else(|| crate::providers::ProfileError::Unknown(name.to_owned()))
            .map_err(crate::profiles::ProfilesError::from)?)
    }

    /// The connection (profile and secrets) for order `id` of `platform`.
    pub fn connection(
        &self,
        platform: Platform,
        id: &str,
    ) -> Result<(Profile, Credentials), CounterError> {
        let name = self.cache.order_profile(platform, id)?;
        self.connection_named(platform, name.as_deref())
    }

    /// The connection called `name`, or the only one of `platform`.
    pub fn connection_named(
        &self,
        platform: Platform,
        name: Option<&str>,
    ) -> Result<(Profile, Credentials), CounterError> {
        if self.is_training() {
            return match &self.training {
                Some(sb) if name.is_none_or(|n| n == training::PROFILE) => Ok((
                    training::profile(sb, platform),
                    training::credentials(platform),
                )),
                _ => Err(CounterError::NoConnection(platform)),
            };
        }
        let profiles = self.profiles();
        let name = match name {
            Some(n) => n.to_owned(),
            None => {
                let mine: Vec<Profile> = profiles
                    .list()?
                    .into_iter()
                    .filter(|p| p.platform == platform)
                    .collect();
                match mine.as_slice() {
                    [only] => only.name.clone(),
                    [] => return Err(CounterError::NoConnection(platform)),
                    _ => return Err(CounterError::AmbiguousConnection(platform)),
                }
            }
        };
        Ok(profiles.load(&name)?)
    }
}
