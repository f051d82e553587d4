//! Training mode: what the counter runs against when no platform is
//! configured. The sandbox is started in this process on a free loopback
//! port and its repertoire is put in the order cache, so a new cashier can
//! find, complete and print orders without any account.

use std::net::{Ipv4Addr, SocketAddr};

use crate::cache::{Cache, CacheError};
use crate::domain::Platform;
use crate::providers::{Credentials, Profile};
use crate::sandbox::{self, RunningSandbox, SandboxConfig, training as creds};
use crate::secrets::Sensitive;

/// The profile name training orders are cached under.
pub const PROFILE: &str = "training";

#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    #[error("the training sandbox could not start: {0}")]
    Sandbox(#[from] std::io::Error),
    #[error(transparent)]
    Cache(#[from] CacheError),
}

/// Starts the in-process sandbox and caches its repertoire (replacing any
/// training orders left from an earlier run, whose sandbox state is gone).
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
}
