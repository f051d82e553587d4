//! The Paciolan completion, following the page's error table: 401/403 are
//! not retried (check credentials); UNHANDLED_EXCEPTION is retried up to three
//! times; 429 waits for Retry-After; 402/422 are shown with the
//! developerMessage; PENDING is polled by processId with the same Request-ID;
//! 207 is a partial sale that is escalated, never retried. A `POST` whose
//! answer never came cannot be asked about: it goes to *needs attention*.

use std::time::Duration;

use uuid::Uuid;

use super::{Change, Completer, CompletionError, Entry, Pace, State};
use crate::domain::{Cost, Currency, Order, Platform};
use crate::providers::paciolan::{Cart, PaciolanClient, Progress, map};
use crate::providers::{Credentials, Profile, ProviderError};

/// The cart to send, as exact JSON text: the one given, else the one cached
/// with the in-progress order.
pub fn cart_text(order: &Order, given: Option<&str>) -> Result<String, CompletionError> {
    let text = match given {
        Some(t) => t.to_owned(),
        None => order
            .raw
            .as_ref()
            .map(|r| r.text().to_owned())
            .ok_or_else(|| CompletionError::NoCart(order.id.clone()))?,
    };
    let cart: Cart = serde_json::from_str(&text).map_err(|e| CompletionError::BadCart {
        order: order.id.clone(),
        detail: e.to_string(),
    })?;
    if cart.listing.external_order_id != order.id {
        return Err(CompletionError::BadCart {
            order: order.id.clone(),
            detail: format!(
                "its externalOrderId is {}, not {}",
                cart.listing.external_order_id, order.id
            ),
        });
    }
    Ok(text)
}

const NEEDS_ATTENTION: &str = "The request reached Paciolan but its answer was lost, so the sale may have happened. Do not sell these seats again: call Paciolan support with the Request-ID. A manager can send it again once Paciolan confirms nothing was sold.";

pub async fn run(
    c: &Completer<'_>,
    profile: &Profile,
    credentials: &Credentials,
    mut entry: Entry,
) -> Result<Entry, CompletionError> {
    let client = PaciolanClient::new(c.http.clone(), profile.clone(), credentials.clone());
    let cart: Cart = entry
        .input
        .as_deref()
        .and_then(|t| serde_json::from_str(t).ok())
        .ok_or_else(|| CompletionError::NoCart(entry.order_id.clone()))?;
    let request_id: Uuid = entry.request_id;
    let mut pace = Pace::new(&c.policy);
    let (mut server_errors, mut rate_limits, mut not_sent) = (0, 0, 0);
    loop {
        entry = match entry.state {
            State::Intent => {
                let sending = c.mark_sending(entry.id)?;
                match client.complete(&cart, request_id).await {
                    Ok(p) => record(c, &sending, p, profile.currency)?,
                    Err(e) => {
                        let (retry, wait) = match &e {
                            ProviderError::ServerError { .. } => {
                                server_errors += 1;
                                (
                                    server_errors <= c.policy.server_error_retries,
                                    Duration::ZERO,
                                )
                            }
                            ProviderError::RateLimited { retry_after, .. } => {
                                rate_limits += 1;
                                (rate_limits <= c.policy.rate_limit_retries, *retry_after)
                            }
                            ProviderError::NotSent { .. } => {
                                not_sent += 1;
                                (not_sent <= c.policy.not_sent_retries, Duration::ZERO)
                            }
                            _ => (false, Duration::ZERO),
                        };
                        // These answers say the request was not carried out,
                        // so sending it again is a retry, not a second sale.
                        if retry && pace.pause(wait).await {
                            c.update(
                                entry.id,
                                Change {
                                    state: Some(State::Intent),
                                    ..Change::default()
                                },
                            )?
                        } else {
                            after_failed_post(c, &sending, e)?
                        }
                    }
                }
            }
            State::Pending => {
                let Some(pid) = entry.process_id.clone() else {
                    return attention(c, &entry);
                };
                if !pace.pause(Duration::ZERO).await {
                    return still_pending(c, entry);
                }
                match client.poll(&pid, request_id).await {
                    Ok(p) => record(c, &entry, p, profile.currency)?,
                    Err(ProviderError::NotFound { .. }) => attention(c, &entry)?,
                    Err(ProviderError::RateLimited { retry_after, .. }) => {
                        if !pace.pause(retry_after).await {
                            return still_pending(c, entry);
                        }
                        entry
                    }
                    // Any other trouble polling changes nothing: the sale is
                    // in Paciolan's hands; keep asking until time is up.
                    Err(_) => entry,
                }
            }
            // Sent with no answer recorded (a crash, a lost answer): with a
            // processId it can be polled, without one it cannot be asked.
            State::Sending | State::Unknown => match entry.process_id {
                Some(_) => c.update(
                    entry.id,
                    Change {
                        state: Some(State::Pending),
                        ..Change::default()
                    },
                )?,
                None => return attention(c, &entry),
            },
            _ => return Ok(entry),
        };
        if entry.state.is_final() {
            return Ok(entry);
        }
        if pace.expired() && entry.state == State::Pending {
            return still_pending(c, entry);
        }
    }
}

fn after_failed_post(
    c: &Completer<'_>,
    e: &Entry,
    err: ProviderError,
) -> Result<Entry, CompletionError> {
    let message = match &err {
        ProviderError::AnswerLost { .. } | ProviderError::Malformed { .. } => {
            return attention(c, e);
        }
        ProviderError::Credentials { detail, .. } => format!(
            "Paciolan refused the profile's credentials ({detail}). Nothing was retried; check the token, API key, application id and channel code."
        ),
        ProviderError::ServerError { message, .. } => format!(
            "Paciolan failed after {} retries ({message}). Inform Paciolan; the seats were not sold.",
            c.policy.server_error_retries
        ),
        ProviderError::RateLimited { .. } => {
            "Paciolan is too busy right now; the seats were not sold. Try again in a minute."
                .to_owned()
        }
        ProviderError::Refused {
            status: 402,
            message,
            ..
        } => {
            format!("Payment required: {message}. Collect the difference, then complete again.")
        }
        ProviderError::Refused { message, .. } => format!("Paciolan refused the order: {message}."),
        other => format!("{other}. The seats were not sold."),
    };
    c.update(
        e.id,
        Change {
            state: Some(State::Failed),
            message: Some(&message),
            ..Change::default()
        },
    )
}

fn attention(c: &Completer<'_>, e: &Entry) -> Result<Entry, CompletionError> {
    let msg = format!("{NEEDS_ATTENTION} Request-ID: {}.", e.request_id);
    c.update(
        e.id,
        Change {
            state: Some(State::NeedsAttention),
            message: Some(&msg),
            ..Change::default()
        },
    )
}

fn still_pending(c: &Completer<'_>, e: Entry) -> Result<Entry, CompletionError> {
    let msg = format!(
        "Paciolan is still completing the order (process {}). Box Office keeps checking.",
        e.process_id.as_deref().unwrap_or("?")
    );
    c.update(
        e.id,
        Change {
            message: Some(&msg),
            ..Change::default()
        },
    )
}

fn record(
    c: &Completer<'_>,
    e: &Entry,
    p: Progress,
    currency: Currency,
) -> Result<Entry, CompletionError> {
    let cached = c
        .cache
        .get_order(Platform::Paciolan, &e.order_id)?
        .unwrap_or_else(|| {
            Order::new(
                Platform::Paciolan,
                e.order_id.clone(),
                crate::domain::OrderStatus::InProgress,
            )
        });
    let (r, state) = match &p {
        Progress::Pending(r) => (r, State::Pending),
        Progress::Complete(r) => (r, State::Completed),
        Progress::Partial(r) => (r, State::Partial),
    };
    let order = match map::apply(&cached, r, currency) {
        Ok(o) => o,
        // The sale stands even when its `paid` total cannot be read: keep
        // the tickets, leave the total out.
        Err(_) => {
            let mut without_total = cached.clone();
            without_total.sum.get_or_insert(Cost {
                price: None,
                fee: None,
                total: None,
            });
            map::apply(&without_total, r, currency).unwrap_or(without_total)
        }
    };
    let message = match state {
        State::Pending => "Paciolan is completing the order.".to_owned(),
        State::Completed => format!(
            "Completed. Transaction {}.",
            order.ids.transaction_number.as_deref().unwrap_or("?")
        ),
        _ => {
            let failed: usize = r.errors.iter().map(|g| g.tokens.len()).sum();
            format!(
                "Partly completed: {} ticket(s) sold and printable, {failed} failed in {} group(s). Escalate to Paciolan with Request-ID {}; nothing was retried.",
                order.printable_tickets().count(),
                r.errors.len(),
                e.request_id
            )
        }
    };
    if state != State::Pending {
        c.cache.put_order(&order, Some(&e.profile))?;
    }
    c.update(
        e.id,
        Change {
            state: Some(state),
            process_id: Some(&r.process_id),
            message: Some(&message),
            ..Change::default()
        },
    )
}
