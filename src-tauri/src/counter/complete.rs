//! Completing an order: which order (cached, or handed in by the command
//! line), through which connection, journalled by [`crate::completion`].

use super::authority::{Asker, Authority, ManagerPin};
use super::{Counter, CounterError};
use crate::completion::{Completer, CompletionError, Entry, Journal, Outcome, Policy};
use crate::domain::{
    Cost, Currency, Customer, Order, OrderDocument, OrderStatus, Platform, RawJson, Ticket,
};
use crate::printlog::ControlAction;
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

    /// The asker completes order `id` on `platform` (or continues its
    /// completion); the journal records who and where.
    pub async fn complete(
        &self,
        asker: &Asker<'_>,
        platform: Platform,
        id: &str,
        input: &CompletionInput,
        policy: Policy,
    ) -> Result<Outcome, CounterError> {
        let who = self.operator_authority(asker)?;
        let actor = who.actor(self.workstation());
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
        let mut completer = self.completer(policy);
        let claim = self.claim_at_site(platform, id, &actor.operator).await?;
        completer.request_id = claim;
        let result = completer
            .complete(&profile, &credentials, &order, cart, &actor)
            .await;
        if let Some(request_id) = claim {
            self.release_unused_claim(request_id).await?;
        }
        self.learn_from_completion(platform, &result);
        Ok(result?)
    }

    /// In site mode, claims the order at the site before a new completion of
    /// it starts here (none live in this counter's journal): refused when
    /// another counter is completing it or sold it. Cut off from the site,
    /// the completion goes ahead (the platform's own rules protect the
    /// sale) and its journal is sent later. Returns the claim's Request-ID.
    async fn claim_at_site(
        &self,
        platform: Platform,
        id: &str,
        operator: &str,
    ) -> Result<Option<uuid::Uuid>, CounterError> {
        let Some(site) = self.site() else {
            return Ok(None);
        };
        if Journal::new(&self.cache)
            .for_order(platform, id)?
            .is_some_and(|e| {
                !matches!(
                    e.state,
                    crate::completion::State::Failed | crate::completion::State::Abandoned
                )
            })
        {
            return Ok(None);
        }
        let request_id = uuid::Uuid::new_v4();
        let counter = site.link().counter.clone();
        // A claim that did not get through is tried once more on a fresh
        // connection (the claim is idempotent by its Request-ID): a slow
        // answer or a connection an outage left broken is not an outage,
        // and a counter going ahead unclaimed could sell what another
        // counter is selling.
        let mut last = None;
        for _ in 0..2 {
            match crate::site::shared::claim(
                site.connection(),
                platform,
                id,
                &counter,
                operator,
                request_id,
            )
            .await
            {
                Ok(None) => return Ok(Some(request_id)),
                Ok(Some(other)) => {
                    return Err(crate::site::SiteError::CompletingElsewhere {
                        counter: other.counter,
                        operator: other.operator.unwrap_or_default(),
                        state: other.state,
                    }
                    .into());
                }
                Err(e) if e.cuts_off() => last = Some(e),
                Err(e) => return Err(e.into()),
            }
        }
        // Cut off: the completion goes ahead, protected by the platform's
        // own rules; its journal reaches the site later. It keeps the
        // claim's Request-ID: the claim may have reached the site.
        if let Some(e) = last {
            tracing::warn!(error = %e, "completing without a claim: the site cannot be reached");
        }
        Ok(Some(request_id))
    }

    /// Lets go, at the site, of a claim whose completion never reached this
    /// counter's journal (it was refused before anything was sent).
    async fn release_unused_claim(&self, request_id: uuid::Uuid) -> Result<(), CounterError> {
        let used = Journal::new(&self.cache)
            .by_request_id(request_id)?
            .is_some();
        if used {
            return Ok(());
        }
        if let Some(site) = self.site()
            && let Err(e) = crate::site::shared::release(site.connection(), request_id).await
            && !e.cuts_off()
        {
            return Err(e.into());
        }
        Ok(())
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

    /// Every unfinished completion, continued in turn, after the answers
    /// of sold completions are put back into their orders where a cache
    /// write failed (what the window does on start and `box-office
    /// completions resume` does from a script). The till acts on its own
    /// here: nothing new is started, every rule of the journal holds.
    pub async fn resume_unfinished(
        &self,
        policy: Policy,
    ) -> Result<Vec<(Entry, Result<Outcome, CounterError>)>, CounterError> {
        self.completer(policy).apply_answers()?;
        let mut out = Vec::new();
        for entry in Journal::new(&self.cache).unfinished()? {
            let result = self.resume(entry.clone(), policy).await;
            out.push((entry, result));
        }
        Ok(out)
    }

    /// A manager decides, with a PIN and a written reason, to send a
    /// completion that needs attention again with the same Request-ID
    /// (after the platform's support confirmed nothing was sold).
    pub async fn send_again(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
        id: i64,
        reason: &str,
        policy: Policy,
    ) -> Result<Outcome, CounterError> {
        let reason = written(reason)?;
        let who = self.manager_authority(asker, manager)?;
        let entry = self.awaiting_decision(id)?;
        let (profile, credentials) = self.connection_named(entry.platform, Some(&entry.profile))?;
        self.decision(ControlAction::CompletionSentAgain, &who, &entry, reason)?;
        let message = format!(
            "Sent again with the same Request-ID on the decision of {} ({reason}).",
            decider(&who)
        );
        Ok(self
            .completer(policy)
            .send_again(&profile, &credentials, id, &message)
            .await?)
    }

    /// A manager decides, with a PIN and a written reason, that a
    /// completion that needs attention sold nothing: it is set aside, and
    /// the order may be completed afresh later.
    pub fn set_aside(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
        id: i64,
        reason: &str,
    ) -> Result<Entry, CounterError> {
        let reason = written(reason)?;
        let who = self.manager_authority(asker, manager)?;
        let entry = self.awaiting_decision(id)?;
        let message = format!(
            "Set aside on the decision of {} ({reason}) after checking with the platform that nothing was sold.",
            decider(&who)
        );
        self.decision(ControlAction::CompletionSetAside, &who, &entry, reason)?;
        Ok(self.completer(Policy::default()).set_aside(id, &message)?)
    }

    /// Completion `id`, which must be waiting for a person's decision.
    fn awaiting_decision(&self, id: i64) -> Result<Entry, CounterError> {
        let entry = Journal::new(&self.cache)
            .get(id)?
            .ok_or(CompletionError::UnknownCompletion(id))?;
        if entry.state != crate::completion::State::NeedsAttention {
            return Err(CompletionError::NotAwaitingDecision(id).into());
        }
        Ok(entry)
    }

    /// Records a person's decision on a completion, with its Request-ID.
    fn decision(
        &self,
        action: ControlAction,
        who: &Authority,
        entry: &Entry,
        reason: &str,
    ) -> Result<(), CounterError> {
        let number = self
            .cache
            .get_order(entry.platform, &entry.order_id)?
            .map(|o| o.display_number().to_owned())
            .unwrap_or_else(|| entry.order_id.clone());
        self.record_with_reason(
            action,
            Some(who),
            Some((entry.platform, &entry.order_id, &number)),
            Some(reason),
            Some(format!(
                "Request-ID {}, journal #{}",
                entry.request_id, entry.id
            )),
        )
    }

    /// The journal, newest first.
    pub fn completions(&self, limit: usize) -> Result<Vec<Entry>, CounterError> {
        Ok(Journal::new(&self.cache).recent(limit)?)
    }
}

/// A reason a person wrote, or the refusal to act without one.
fn written(reason: &str) -> Result<&str, CounterError> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(CounterError::ReasonRequired);
    }
    Ok(r)
}

/// "Anna (manager), asked by Boris" as the journal says who decided.
fn decider(who: &Authority) -> String {
    match &who.approval {
        Some(a) if a.manager().id != who.operator.id => {
            format!("{}, asked by {}", a.manager().name, who.operator.name)
        }
        Some(a) => a.manager().name.clone(),
        None => who.operator.name.clone(),
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
