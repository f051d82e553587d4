//! The Vista completion: `POST` once, then poll `GET` ("This endpoint may be
//! polled to determine when the order completion has been finished") until
//! Completed or Failed. Whenever the outcome of a `POST` is in doubt (a lost
//! answer, a 5xx, a 429, a 409, an unreadable body, a crash while sending)
//! the completion is reconciled with a `GET`: a completion that exists is
//! polled, and only a 404 (Vista has none), seen once the reconcile grace
//! has passed since the `POST` left, lets the `POST` be sent again.

use std::time::Duration;

use chrono::Utc;

use super::{Change, Completer, CompletionError, Held, Pace, State};
use crate::domain::{Order, OrderStatus, Platform};
use crate::providers::vista::VistaClient;
use crate::providers::vista::wire::{Completion, CompletionStatus};
use crate::providers::{Credentials, Profile, ProviderError};

pub async fn run(
    c: &Completer<'_>,
    profile: &Profile,
    credentials: &Credentials,
    held: &mut Held<'_>,
) -> Result<(), CompletionError> {
    let client = VistaClient::new(c.http.clone(), profile.clone(), credentials.clone());
    let order_id = held.entry().order_id.clone();
    let mut pace = Pace::new(&c.policy);
    let mut not_sent = 0;
    loop {
        match held.state() {
            State::Intent => {
                c.mark_sending(held)?;
                match client.create(&order_id).await {
                    Ok(done) => record(c, held, &done)?,
                    Err(e @ ProviderError::NotSent { .. })
                        if not_sent < c.policy.not_sent_retries =>
                    {
                        not_sent += 1;
                        c.update(
                            held,
                            Change {
                                state: Some(State::Intent),
                                ..Change::default()
                            },
                        )?;
                        if !pace.pause(Duration::ZERO).await {
                            return unfinished(c, held, &format!("{e}."));
                        }
                    }
                    Err(e) => after_failed_post(c, held, e)?,
                }
            }
            State::Sending | State::Unknown | State::Pending => {
                // Polls and reconciliations wait their turn (backoff), so a
                // platform that keeps refusing is not hammered.
                if held.state() != State::Sending && !pace.pause(Duration::ZERO).await {
                    let why = if held.state() == State::Pending {
                        "Vista was still completing this order when last asked."
                    } else {
                        "Vista has not yet confirmed whether the completion was made."
                    };
                    return unfinished(c, held, why);
                }
                c.update(
                    held,
                    Change {
                        count_poll: true,
                        ..Change::default()
                    },
                )?;
                match client.get(&order_id).await {
                    Ok(Some(done)) => record(c, held, &done)?,
                    Ok(None) => no_completion(c, held, &mut pace).await?,
                    Err(ProviderError::Credentials { detail, .. }) => {
                        return unfinished(
                            c,
                            held,
                            &format!(
                                "Vista refused the credentials while Box Office was checking ({detail}); fix the connection in Settings, then check again."
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
                                held,
                                &format!("Box Office could not check with Vista ({e})."),
                            );
                        }
                    }
                }
            }
            _ => return Ok(()),
        }
        if held.state().is_final() {
            return Ok(());
        }
        if pace.expired() {
            return unfinished(
                c,
                held,
                "Vista was still completing this order when last asked.",
            );
        }
    }
}

/// `GET` says Vista has no completion for the order.
async fn no_completion(
    c: &Completer<'_>,
    held: &mut Held<'_>,
    pace: &mut Pace,
) -> Result<(), CompletionError> {
    if held.state() == State::Pending {
        // It existed and now does not: nobody can say what became of it.
        let msg = format!(
            "Vista no longer knows the completion it was working on. Do not sell this order again until Vista support confirms what happened (order {}, journal #{}).",
            held.entry().order_id,
            held.entry().id
        );
        return c.update(
            held,
            Change {
                state: Some(State::NeedsAttention),
                message: Some(&msg),
                http_status: Some(404),
                ..Change::default()
            },
        );
    }
    let sent = held.entry().sent_at;
    let settled = sent.is_none_or(|at| {
        let grace = chrono::Duration::from_std(c.policy.reconcile_grace).unwrap_or_default();
        Utc::now() - at >= grace
    });
    if settled {
        // The POST never took effect, so sending it is safe and not a
        // second completion.
        return c.update(
            held,
            Change {
                state: Some(State::Intent),
                message: Some("Vista has no completion for this order: the earlier request did not take effect. Sending it again."),
                ..Change::default()
            },
        );
    }
    // Too soon to believe: the lost POST may still be under way at Vista.
    if !pace.pause(Duration::ZERO).await {
        return unfinished(
            c,
            held,
            "Vista has not yet confirmed whether the completion was made.",
        );
    }
    Ok(())
}

/// What a failed `POST` means.
fn after_failed_post(
    c: &Completer<'_>,
    held: &mut Held<'_>,
    err: ProviderError,
) -> Result<(), CompletionError> {
    match &err {
        ProviderError::Credentials { .. } | ProviderError::Profile(_) | ProviderError::Secret(_) => {
            c.fail(held, &format!("{err}. The order was not completed."), Some(&err))
        }
        ProviderError::NotSent { .. } => c.fail(
            held,
            &format!("{err}. The order was not completed; try again when the network is back."),
            Some(&err),
        ),
        ProviderError::NotFound { .. } => c.fail(
            held,
            "Vista does not know this order (it may have expired or been cancelled). Nothing was charged at the counter; ask the customer to check the booking.",
            Some(&err),
        ),
        ProviderError::Refused {
            status, message, ..
        } if *status != 409 => c.fail(
            held,
            &format!(
                "Vista refused the completion: {message}. Nothing was charged at the counter."
            ),
            Some(&err),
        ),
        // A lost answer, a server error, a rate limit, a conflict or an
        // unreadable answer: whether the completion exists is unknown.
        _ => {
            let (http_status, error_type, error_code) = err.details();
            c.update(
                held,
                Change {
                    state: Some(State::Unknown),
                    message: Some(&format!(
                        "{err}. Box Office is asking Vista whether the completion was made before doing anything else."
                    )),
                    http_status,
                    error_type,
                    error_code,
                    ..Change::default()
                },
            )
        }
    }
}

fn unfinished(c: &Completer<'_>, held: &mut Held<'_>, why: &str) -> Result<(), CompletionError> {
    // Vista's requests carry no Request-ID, so the journal number is the
    // reference here.
    let msg = format!(
        "{why} The completion stays open and is checked again on start or with Check again (journal #{}).",
        held.entry().id
    );
    c.update(
        held,
        Change {
            message: Some(&msg),
            ..Change::default()
        },
    )
}

/// Records what Vista says of the completion, updating the cached order.
fn record(
    c: &Completer<'_>,
    held: &mut Held<'_>,
    done: &Completion,
) -> Result<(), CompletionError> {
    let e = held.entry().clone();
    let mut order = c
        .cache
        .get_order(Platform::Vista, &e.order_id)?
        .unwrap_or_else(|| {
            Order::new(Platform::Vista, e.order_id.clone(), OrderStatus::InProgress)
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
                match tn {
                    Some(n) => format!("Completed. Collection number {n}."),
                    None => format!(
                        "Completed. Vista gave no collection number: the customer collects with order {}.",
                        order.display_number()
                    ),
                },
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
        held,
        Change {
            state: Some(state),
            message: Some(&message),
            ..Change::default()
        },
    )
}
