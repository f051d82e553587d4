//! What the window's commands share: the open cache, the HTTP client, and in
//! training mode the in-process sandbox. Start-up failures are kept here too,
//! so the window can open and tell the cashier what went wrong.

use std::path::PathBuf;

use crate::cache::Cache;
use crate::completion::{Completer, Policy};
use crate::domain::Platform;
use crate::profiles::Profiles;
use crate::providers::{Credentials, Profile};
use crate::sandbox::RunningSandbox;
use crate::secrets::Keyring;
use crate::training;

use super::error::{ErrorCode, IpcError};

pub struct AppState {
    pub data_dir: PathBuf,
    pub cache: Result<Cache, IpcError>,
    pub sandbox: Option<RunningSandbox>,
    pub http: reqwest::Client,
}

impl AppState {
    pub fn cache(&self) -> Result<&Cache, IpcError> {
        self.cache.as_ref().map_err(Clone::clone)
    }

    pub fn training(&self) -> bool {
        self.sandbox.is_some()
    }

    pub fn startup_error(&self) -> Option<IpcError> {
        self.cache.as_ref().err().cloned()
    }

    pub fn completer(&self) -> Result<Completer<'_>, IpcError> {
        Ok(Completer::new(
            self.cache()?,
            self.http.clone(),
            Policy::default(),
        ))
    }

    /// The connection an order belongs to: the training sandbox for training
    /// orders, else the profile it was cached under (or the only profile of
    /// its platform).
    pub fn connection(
        &self,
        platform: Platform,
        id: &str,
    ) -> Result<(Profile, Credentials), IpcError> {
        let cache = self.cache()?;
        let name = cache.order_profile(platform, id)?;
        if let Some(sb) = &self.sandbox
            && name.as_deref().is_none_or(|n| n == training::PROFILE)
        {
            return Ok((
                training::profile(sb, platform),
                training::credentials(platform),
            ));
        }
        let profiles = Profiles::new(cache, Keyring::new());
        let name = match name {
            Some(n) => n,
            None => {
                let mine: Vec<Profile> = profiles
                    .list()?
                    .into_iter()
                    .filter(|p| p.platform == platform)
                    .collect();
                match mine.as_slice() {
                    [only] => only.name.clone(),
                    [] => {
                        return Err(IpcError::new(
                            ErrorCode::NoProfile,
                            format!(
                                "No {} connection is set up at this counter.",
                                platform.display_name()
                            ),
                        ));
                    }
                    _ => {
                        return Err(IpcError::new(
                            ErrorCode::NoProfile,
                            format!(
                                "Several {} connections are set up; this order does not say which one it belongs to.",
                                platform.display_name()
                            ),
                        ));
                    }
                }
            }
        };
        Ok(profiles.load(&name)?)
    }
}
