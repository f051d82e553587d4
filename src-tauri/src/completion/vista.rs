//! The Vista completion: `POST` once, then poll `GET` until Completed or
//! Failed. Whenever the outcome of a `POST` is in doubt (lost answer, 5xx,
//! 429, 409, a crash while sending) the completion is reconciled with a `GET`:
//! a completion that exists is polled, and only a 404 (Vista has none) lets
//! the `POST` be sent again.

use std::time::Duration;

use super::{Change, Completer, CompletionError, Entry, Pace, State};
use crate::domain::OrderStatus;
use crate::providers::vista::VistaClient;
use crate::providers::vista::wire::{Completion, CompletionStatus};
use crate::providers::{Credentials, Profile, ProviderError};

pub async fn run(
    c: &Completer<'_>,
    profile: &Profile,
    credentials: &Credentials,
    mut entry: Entry,
) -> Result<Entry, CompletionError> {
    let client = VistaClient::new(c.http.clone(), profile.clone(), credentials.clone());
    let mut pace = Pace::new(&c.policy);
    let mut not_sent = 0;
    loop {
        entry = match entry.state {
            State::Intent => {
                let sending = c.mark_sending(entry.id)?;
                match client.create(&entry.order_id).await {
                    Ok(done) => record(c, &sending, &done)?,
                    Err(ProviderError::NotSent { .. }) if not_sent < c.policy.not_sent_retries => {
                        not_sent += 1;
                        let back = c.update(
                            entry.id,
                            Change {
                                state: Some(State::Intent),
                                ..Change::default()
                            },
                        )?;
                        if !pace.pause(Duration::ZERO).await {
                            return unfinished(
                                c,
                                back,
                                "Vista cannot be reached; nothing was sent.",
                            );
                        }
                        back
                    }
                    Err(e) => after_failed_post(c, &sending, e)?,
                }
            }
            State::Sending | State::Unknown | State::Pending => {
                // Polls and reconciliations wait their turn (backoff), so a
                // platform that keeps refusing is not hammered.
                if entry.state != State::Sending && !pace.pause(Duration::ZERO).await {
                    let why = if entry.state == State::Pending {
                        "Vista is still completing this order."
                    } else {
                        "Vista has not confirmed whether the completion was made."
                    };
                    return unfinished(c, entry, why);
                }
                match client.get(&entry.order_id).await {
                    Ok(Some(done)) => record(c, &entry, &done)?,
                    // Vista has no completion: the POST never took effect,
                    // so sending it is safe and not a second completion.
                    Ok(None) => c.update(
                        entry.id,
                        Change {
                            state: Some(State::Intent),
                            ..Change::default()
                        },
                    )?,
                    Err(ProviderError::Credentials { detail, .. }) => {
                        return unfinished(
                            c,
                            entry,
                            &format!(
                                "Vista refused the credentials while checking ({detail}); fix the profile, then check again."
                            ),
                        );
                    }
                    Err(e) => {
                        let wait = match &e {
                            ProviderError::RateLimited { retry_after, .. } => *retry_after,
                            _ => Duration::ZERO,
                        };
                        if !pace.pause(wait).await {
                            return unfinished(
                                c,
                                entry,
                                &format!("Cannot confirm with Vista yet: {e}"),
                            );
                        }
                        entry
                    }
                }
            }
            _ => return Ok(entry),
        };
        if entry.state.is_final() {
            return Ok(entry);
        }
        if pace.expired() {
            return unfinished(c, entry, "Vista is still completing this order.");
        }
    }
}

/// What a failed `POST` means.
fn after_failed_post(
    c: &Completer<'_>,
    e: &Entry,
    err: ProviderError,
) -> Result<Entry, CompletionError> {
    match err {
        ProviderError::Credentials { .. }
        | ProviderError::Profile(_)
        | ProviderError::Secret(_) => fail(c, e, &format!("{err}. The order was not completed.")),
        ProviderError::NotSent { .. } => fail(
            c,
            e,
            &format!("{err}. The order was not completed; try again when the network is back."),
        ),
        ProviderError::NotFound { .. } => fail(
            c,
            e,
            "Vista does not know this order (it may have expired or been cancelled). Ask the customer to check the booking.",
        ),
        ProviderError::Refused {
            status,
            ref message,
            ..
        } if status != 409 => fail(
            c,
            e,
            &format!(
                "Vista refused the completion: {message}. Nothing was charged at the counter."
            ),
        ),
        // A lost answer, a server error, a rate limit, a conflict or an
        // unreadable answer: whether the completion exists is unknown.
        other => Ok(c.update(
            e.id,
            Change {
                state: Some(State::Unknown),
                message: Some(&format!(
                    "{other}; checking with Vista before doing anything else."
                )),
                ..Change::default()
            },
        )?),
    }
}

fn fail(c: &Completer<'_>, e: &Entry, message: &str) -> Result<Entry, CompletionError> {
    c.update(
        e.id,
        Change {
            state: Some(State::Failed),
            message: Some(message),
            ..Change::default()
        },
    )
}

fn unfinished(c: &Completer<'_>, e: Entry, why: &str) -> Result<Entry, CompletionError> {
    let msg = format!(
        "{why} Box Office keeps the completion and checks again (Request-ID {}).",
        e.request_id
    );
    c.update(
        e.id,
        Change {
            message: Some(&msg),
            ..Change::default()
        },
    )
}

/// Records what Vista says of the completion, updating the cached order.
fn record(c: &Completer<'_>, e: &Entry, done: &Completion) -> Result<Entry, CompletionError> {
    let mut order = c
        .cache
        .get_order(crate::domain::Platform::Vista, &e.order_id)?
        .unwrap_or_else(|| {
            crate::domain::Order::new(
                crate::domain::Platform::Vista,
                e.order_id.clone(),
                OrderStatus::InProgress,
            )
        });
    order.order_type = Some(done.order_type.as_str().to_owned());
    order.platform_status = Some(format!("{:?}", done.status));
    if done.updated_order_expires_at.is_some() {
        order.expires_at = done.updated_order_expires_at;
    }
    let (state, message) = match done.status {
        CompletionStatus::Pending => {
            order.status = OrderStatus::Pending;
            (State::Pending, "Vista is completing the order.".to_owned())
        }
        CompletionStatus::Completed => {
            order.status = OrderStatus::Completed;
            let tn = done.transaction_number.map(|n| n.to_string());
            order.ids.transaction_number = tn.clone();
            (
                State::Completed,
                format!("Completed. Collection number {}.", tn.unwrap_or_default()),
            )
        }
        CompletionStatus::Failed => {
            order.status = OrderStatus::Failed;
            (
                State::Failed,
                "Vista could not complete the order. Nothing is printed; ask the customer to book again or pay another way.".to_owned(),
            )
        }
    };
    c.cache.put_order(&order, Some(&e.profile))?;
    c.update(
        e.id,
        Change {
            state: Some(state),
            message: Some(&message),
            ..Change::default()
        },
    )
}
