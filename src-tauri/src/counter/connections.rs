//! Which platform connection an order goes through: the training sandbox
//! for training orders, else the profile the order was cached under, else
//! the only profile of its platform.

use super::{Counter, CounterError};
use crate::domain::Platform;
use crate::profiles::Profiles;
use crate::providers::{Credentials, Profile};
use crate::training;

impl Counter {
    pub fn profiles(&self) -> Profiles<'_> {
        Profiles::new(&self.cache, self.keyring.clone())
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
        if let Some(sb) = &self.training
            && name.is_none_or(|n| n == training::PROFILE)
        {
            return Ok((
                training::profile(sb, platform),
                training::credentials(platform),
            ));
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
