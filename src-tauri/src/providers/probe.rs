//! A connection test that changes nothing: each platform is asked about an
//! order that cannot exist. "Not found" proves the address answers and the
//! credentials are accepted; 401/403 prove they are not.

use uuid::Uuid;

use super::afisha::AfishaClient;
use super::paciolan::PaciolanClient;
use super::vista::VistaClient;
use super::{Credentials, Profile, ProviderError};
use crate::domain::Platform;

pub async fn probe(
    http: &reqwest::Client,
    profile: &Profile,
    credentials: &Credentials,
) -> Result<(), ProviderError> {
    let nonce = format!("box-office-connection-test-{}", Uuid::new_v4().simple());
    let (p, c) = (profile.clone(), credentials.clone());
    let result = match profile.platform {
        Platform::Vista => VistaClient::new(http.clone(), p, c)
            .get(&nonce)
            .await
            .map(|_| ()),
        Platform::Paciolan => PaciolanClient::new(http.clone(), p, c)
            .poll(&nonce, Uuid::new_v4())
            .await
            .map(|_| ()),
        Platform::Afisha => {
            AfishaClient::new(http.clone(), p, c)
                .order_info(&serde_json::json!({ "id": nonce }))
                .await
        }
    };
    match result {
        Ok(()) | Err(ProviderError::NotFound { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}
