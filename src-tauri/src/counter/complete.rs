//! Completing an order: which order (cached, or handed in by the command
//! line), through which connection, journalled by [`crate::completion`].

use super::{Counter, CounterError};
use crate::completion::{Completer, CompletionError, Entry, Journal, Outcome, Policy};
use crate::domain::{
    Actor, Cost, Currency, Customer, Order, OrderDocument, OrderStatus, Platform, RawJson, Ticket,
};
use crate::providers::paciolan::Cart;

/// What the command line may hand in besides the order's id.
#[derive(Debug, Clone, Default)]
pub struct CompletionInput {
    /// The connection to complete through (else the order's own, or the
    /// only one of its platform).
    pub profile: Option<String>,
    /// For Paciolan the cart in the page's request shape; for Vista a Box
    /// Office order document. Used when the order is not cached.
    pub text: Option<String>,
}

impl Counter {
    fn completer(&self, policy: Policy) -> Completer<'_> {
        Completer::new(&self.cache, self.http.clone(), policy)
    }

    /// Completes order `id` on `platform` (or continues its completion).
    pub async fn complete(
        &self,
        actor: &Actor,
        platform: Platform,
        id: &str,
        input: &CompletionInput,
        policy: Policy,
    ) -> Result<Outcome, CounterError> {
        let (profile, credentials) = match &input.profile {
            Some(name) => self.connection_named(platform, Some(name))?,
            None => self.connection(platform, id)?,
        };
        let cached = self.cache.get_order(platform, id)?;
        let (order, cart) = match (&input.text, platform) {
            (Some(text), Platform::Paciolan) => {
                let order = match cached {
                    Some(o) => o,
                    None => order_from_cart(id, text, profile.currency)?,
                };
                (order, Some(text.as_str()))
            }
            (Some(text), _) => {
                let doc = OrderDocument::from_json(text).map_err(|e| CompletionError::BadCart {
                    order: id.to_owned(),
                    detail: e.to_string(),
                })?;
                if doc.order.id != id || doc.order.platform != platform {
                    return Err(CompletionError::BadCart {
                        order: id.to_owned(),
                        detail: format!(
                            "the document is {} order {}",
                            doc.order.platform.display_name(),
                            doc.order.id
                        ),
                    }
                    .into());
                }
                (doc.order, None)
            }
            (None, _) => match cached {
                Some(o) => (o, None),
                None => {
                    return Err(CounterError::OrderNotFound {
                        platform,
                        id: id.to_owned(),
                    });
                }
            },
        };
        self.check_online(platform).await?;
        let result = self
            .completer(policy)
            .complete(&profile, &credentials, &order, cart, actor)
            .await;
        self.learn_from_completion(platform, &result);
        Ok(result?)
    }

    /// What a completion's run says of its platform's reachability.
    fn learn_from_completion(&self, platform: Platform, result: &Result<Outcome, CompletionError>) {
        use crate::completion::State;
        match result {
            Err(CompletionError::Provider(e)) => self.links.learn_error(platform, e),
            Ok(o)
                if o.entry.http_status.is_some()
                    || matches!(
                        o.entry.state,
                        State::Completed | State::Partial | State::Pending
                    ) =>
            {
                self.links.learn(platform, true, None, chrono::Utc::now());
            }
            // A run that failed without any answer could not reach it.
            Ok(o) if o.entry.state == State::Failed && o.entry.sent_at.is_none() => {
                self.links
                    .learn(platform, false, o.entry.message.clone(), chrono::Utc::now());
            }
            _ => {}
        }
    }

    /// Continues one journalled completion through its own connection.
    pub async fn resume(&self, entry: Entry, policy: Policy) -> Result<Outcome, CounterError> {
        let (profile, credentials) = self.connection_named(entry.platform, Some(&entry.profile))?;
        Ok(self
            .completer(policy)
            .run(&profile, &credentials, entry)
            .await?)
    }

    /// Every unfinished completion, continued in turn (what the window does
    /// on start and `box-office completions resume` does from a script).
    pub async fn resume_unfinished(
        &self,
        policy: Policy,
    ) -> Result<Vec<(Entry, Result<Outcome, CounterError>)>, CounterError> {
        let mut out = Vec::new();
        for entry in Journal::new(&self.cache).unfinished()? {
            let result = self.resume(entry.clone(), policy).await;
            out.push((entry, result));
        }
        Ok(out)
    }

    /// A person's decision on a completion that needs attention: send it
    /// again with the same Request-ID.
    pub async fn send_again(&self, id: i64, policy: Policy) -> Result<Outcome, CounterError> {
        let entry = Journal::new(&self.cache)
            .get(id)?
            .ok_or(CompletionError::UnknownCompletion(id))?;
        let (profile, credentials) = self.connection_named(entry.platform, Some(&entry.profile))?;
        Ok(self
            .completer(policy)
            .send_again(&profile, &credentials, id)
            .await?)
    }

    /// A person's decision on a completion that needs attention: nothing
    /// was sold, set it aside.
    pub fn set_aside(&self, id: i64) -> Result<Entry, CounterError> {
        Ok(self.completer(Policy::default()).set_aside(id)?)
    }
}

/// The in-progress order a Paciolan cart describes, for a cart not cached:
/// one ticket per token, priced in `currency`. Public so the fuzz target
/// and the property tests read carts exactly as `complete --input` does.
pub fn order_from_cart(id: &str, text: &str, currency: Currency) -> Result<Order, CompletionError> {
    let cart: Cart = serde_json::from_str(text).map_err(|e| CompletionError::BadCart {
        order: id.to_owned(),
        detail: e.to_string(),
    })?;
    let mut o = Order::new(Platform::Paciolan, id, OrderStatus::InProgress);
    o.ids.order_number = Some(cart.listing.external_order_id.clone());
    o.ids.listing_id = Some(cart.listing.external_listing_id.clone());
    for t in &cart.listing.tokens {
        let money = |a: &Option<crate::providers::paciolan::Amount>| {
            a.as_ref().and_then(|a| a.to_money(currency).ok())
        };
        let (price, fee) = (money(&t.individual_price), money(&t.individual_fees));
        let mut ticket = Ticket::new(t.token.clone());
        ticket.cost = Some(Cost {
            price,
            fee,
            total: price.zip(fee).and_then(|(p, f)| p.checked_add(f).ok()),
        });
        o.tickets.push(ticket);
    }
    o.customer = Some(Customer {
        first_name: Some(cart.buyer.first_name.clone()),
        last_name: Some(cart.buyer.last_name.clone()),
        email: Some(cart.buyer.email_address.email.clone()),
        phone: Some(cart.buyer.phone_number.number.clone()),
    });
    o.raw = RawJson::from_text(text).ok();
    Ok(o)
}
