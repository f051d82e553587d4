//! Training mode: the counter learnt without any account and without any
//! risk. Training is a till of its own: its own database and settings in a
//! folder of its own ([`dir`], `training/` inside the real till's data
//! folder), the in-process sandbox as its only platform, demo operators
//! whose PINs are public, and every ticket it prints marked as not valid.
//! It never opens the real till's database, keyring secrets or connections,
//! and the real till never holds a training order or a demo operator.
//!
//! Which till starts is the real till's setting `trainingMode`, changed by a
//! manager in the window (recorded in the real till's print log); while it
//! is unset, a till with no platform connection starts in training.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::cache::{Cache, CacheError};
use crate::domain::Platform;
use crate::providers::{Credentials, Profile};
use crate::sandbox::{self, RunningSandbox, SandboxConfig, training as creds};
use crate::secrets::Sensitive;

/// The profile name training orders are cached under.
pub const PROFILE: &str = "training";

/// The training till's folder inside the real till's data folder.
pub const FOLDER: &str = "training";

/// The file in the training folder that says when training last opened,
/// which the real till reads to record a session nobody switched to.
const OPENED_FILE: &str = "opened-at";

#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    #[error("the training sandbox could not start: {0}")]
    Sandbox(#[from] std::io::Error),
    #[error(transparent)]
    Cache(#[from] CacheError),
}

/// Where the training till keeps its database and settings, for the real
/// till whose data folder is `real`.
pub fn dir(real: &Path) -> PathBuf {
    real.join(FOLDER)
}

/// Notes that training opened now (in the training folder).
pub fn note_opened(training_dir: &Path, at: DateTime<Utc>) -> std::io::Result<()> {
    std::fs::create_dir_all(training_dir)?;
    std::fs::write(training_dir.join(OPENED_FILE), at.to_rfc3339())
}

/// When training last opened for the real till in `real`, if ever.
pub fn last_opened(real: &Path) -> Option<DateTime<Utc>> {
    let text = std::fs::read_to_string(dir(real).join(OPENED_FILE)).ok()?;
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Starts the in-process sandbox and caches its repertoire (replacing any
/// training orders left from an earlier run, whose sandbox state is gone).
/// `cache` is the training till's own database.
pub async fn start(cache: &Cache) -> Result<RunningSandbox, TrainingError> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let running = sandbox::start(SandboxConfig::default(), addr).await?;
    for seeded in &running.catalogue().orders {
        cache.put_order(&seeded.order, Some(PROFILE))?;
    }
    Ok(running)
}

/// The training profile for `platform`, pointing at the running sandbox.
/// Training profiles are not stored: they exist while training mode runs.
pub fn profile(sandbox: &RunningSandbox, platform: Platform) -> Profile {
    Profile {
        name: PROFILE.to_owned(),
        platform,
        display_name: format!("{} (training)", platform.display_name()),
        base_url: sandbox.base_url(),
        region_code: None,
        application_id: (platform == Platform::Paciolan)
            .then(|| creds::PACIOLAN_APPLICATION_ID.to_owned()),
        channel_code: (platform == Platform::Paciolan)
            .then(|| creds::PACIOLAN_CHANNEL_CODE.to_owned()),
        partner_id: None,
        currency: iso_currency::Currency::USD.into(),
        time_zone: None,
    }
}

/// The sandbox's public training credentials. They are not secrets, so
/// they do not go to the keyring.
pub fn credentials(platform: Platform) -> Credentials {
    let token = match platform {
        Platform::Vista => creds::VISTA_TOKEN,
        Platform::Paciolan => creds::PACIOLAN_TOKEN,
        Platform::Afisha => creds::AFISHA_TOKEN,
    };
    Credentials {
        bearer_token: Sensitive::new(token.to_owned()),
        api_key: (platform == Platform::Paciolan)
            .then(|| Sensitive::new(creds::PACIOLAN_API_KEY.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn seeds_the_cache_with_the_sandbox_repertoire() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_in(dir.path()).unwrap();
        let running = start(&cache).await.unwrap();
        let n = running.catalogue().orders.len() as u64;
        assert_eq!(cache.order_count().unwrap(), n);
        // Starting again (a second run of the app) replaces, not duplicates.
        running.shutdown().await;
        let again = start(&cache).await.unwrap();
        assert_eq!(cache.order_count().unwrap(), n);
        again.shutdown().await;
    }

    #[test]
    fn the_opening_of_training_is_noted_in_its_own_folder() {
        let real = tempfile::tempdir().unwrap();
        assert_eq!(last_opened(real.path()), None);
        let at = Utc::now();
        note_opened(&dir(real.path()), at).unwrap();
        let read = last_opened(real.path()).unwrap();
        assert!((read - at).num_milliseconds().abs() < 1000);
    }
}
