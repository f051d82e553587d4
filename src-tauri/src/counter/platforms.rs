//! Asking a platform about an order: Afisha's `/order-info`, for an order
//! the counter knows (refresh) or one a cashier typed that the cache does
//! not hold. Answers are cached; the order never moves backwards.

use super::{Counter, CounterError, OrderView};
use crate::domain::{Order, Platform};
use crate::providers::afisha::AfishaClient;
use crate::settings::Language;

impl Counter {
    /// The order as its platform describes it now, cached. Only Afisha is
    /// asked: Vista and Paciolan orders change only by being completed.
    pub async fn refresh(&self, platform: Platform, id: &str) -> Result<Order, CounterError> {
        let known =
            self.cache
                .get_order(platform, id)?
                .ok_or_else(|| CounterError::OrderNotFound {
                    platform,
                    id: id.to_owned(),
                })?;
        if platform != Platform::Afisha {
            return Ok(known);
        }
        let (profile, credentials) = self.connection(platform, id)?;
        let result = AfishaClient::new(self.http.clone(), profile.clone(), credentials)
            .fetch(&known)
            .await;
        self.links.learn_from(platform, &result);
        let order = result?;
        self.cache.put_order(&order, Some(&profile.name))?;
        Ok(self.cache.get_order(platform, &order.id)?.unwrap_or(order))
    }

    /// Asks Afisha for an order the cashier typed (id, order number or code
    /// word) through connection `profile` (else the only Afisha one), and
    /// caches it.
    pub async fn ask_afisha(
        &self,
        typed: &str,
        profile: Option<&str>,
    ) -> Result<Order, CounterError> {
        let (profile, credentials) = self.connection_named(Platform::Afisha, profile)?;
        let result = AfishaClient::new(self.http.clone(), profile.clone(), credentials)
            .lookup(typed)
            .await;
        self.links.learn_from(Platform::Afisha, &result);
        let order = result?;
        self.cache.put_order(&order, Some(&profile.name))?;
        Ok(self
            .cache
            .get_order(Platform::Afisha, &order.id)?
            .unwrap_or(order))
    }
}

impl Counter {
    /// [`Counter::refresh`], as the counter shows it: live from the platform.
    pub async fn refresh_view(
        &self,
        platform: Platform,
        id: &str,
        lang: Language,
    ) -> Result<OrderView, CounterError> {
        let order = self.refresh(platform, id).await?;
        self.view_of(platform, &order.id, platform == Platform::Afisha, lang)
    }

    /// [`Counter::ask_afisha`], as the counter shows it: live from Afisha.
    pub async fn ask_afisha_view(
        &self,
        typed: &str,
        lang: Language,
    ) -> Result<OrderView, CounterError> {
        let order = self.ask_afisha(typed, None).await?;
        self.view_of(Platform::Afisha, &order.id, true, lang)
    }
}
