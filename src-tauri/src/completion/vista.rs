//! The Vista completion: `POST` once, then poll `GET` ("This endpoint may be
//! polled to determine when the order completion has been finished") until
//! Completed or Failed. Whenever the outcome of a `POST` is in doubt (a lost
//! answer, a 5xx, a 409, an unreadable body, a crash while sending) the
//! completion is reconciled with a `GET`: a completion that exists is
//! polled, and only a 404 (Vista has none), seen once the reconcile grace
//! has passed since the latest `POST` in doubt left, lets the `POST` be sent
//! again — so at most one `POST` of an order is ever in doubt. A 429 on the
//! `POST` refused it: the next one waits what `Retry-After` says. Once any
//! `POST` of a completion was in doubt, a later 404 or other refusal of a
//! `POST` cannot prove nothing was sold, and goes to a person.

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
    let (mut not_sent, mut rate_limits) = (0, 0);
    if held.state() == State::Sending {
        // Journalled as sent, no answer recorded, and the run that sent it
        // is gone: the POST may have reached Vista.
        c.update(
            held,
            Change {
                state: Some(State::Unknown),
                doubt: true,
                message: Some("Box Office stopped while sending the completion; it is asking Vista whether the completion was made."),
                ..Change::default()
            },
        )?;
    }
    loop {
        match held.state() {
            State::Intent => {
                c.mark_sending(held)?;
                match client.create(&order_id).await {
                    Ok(done) => record(c, held, &done)?,
                    // Refused for now, not carried out: wait as asked.
                    Err(e @ ProviderError::RateLimited { retry_after, .. })
                        if rate_limits < c.policy.rate_limit_retries =>
                    {
                        rate_limits += 1;
                        c.update(
                            held,
                            Change {
                                state: Some(State::Intent),
                                http_status: Some(429),
                                ..Change::default()
                            },
                        )?;
                        if !pace.pause(retry_after).await {
                            return unfinished(c, held, &format!("{e}."));
                        }
                    }
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
    // The grace counts from the latest POST whose outcome was in doubt:
    // after a second lost answer it starts again.
    let sent = held
        .entry()
        .doubt_at
        .or(held.entry().last_post_at)
        .or(held.entry().sent_at);
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
    // Once a POST of this completion was in doubt, no refusal of a later
    // one proves the earlier one sold nothing.
    if held.entry().doubt_at.is_some()
        && matches!(
            &err,
            ProviderError::NotFound { .. }
                | ProviderError::Refused { .. }
                | ProviderError::RateLimited { .. }
        )
    {
        let (http_status, error_type, error_code) = err.details();
        let msg = format!(
            "{err}. An earlier request for this completion may have reached Vista, so this refusal does not prove nothing was sold. Do not sell this order again until Vista support confirms what happened (order {}, journal #{}).",
            held.entry().order_id,
            held.entry().id
        );
        return c.update(
            held,
            Change {
                state: Some(State::NeedsAttention),
                message: Some(&msg),
                http_status,
                error_type,
                error_code,
                ..Change::default()
            },
        );
    }
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
        ProviderError::Redirected { .. } => c.fail(
            held,
            &format!("{err}. The order was not completed."),
            Some(&err),
        ),
        ProviderError::RateLimited { .. } => c.fail(
            held,
            &format!("{err}: Vista kept asking to slow down. The order was not completed; try again in a minute."),
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
                    doubt: true,
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
/// A sale is journalled with Vista's answer, in one commit, before the
/// cached order is read or written: whatever the cache does then, the
/// order can be rebuilt from the journal.
fn record(
    c: &Completer<'_>,
    held: &mut Held<'_>,
    done: &Completion,
) -> Result<(), CompletionError> {
    let e = held.entry().clone();
    if done.status == CompletionStatus::Completed {
        let message = match done.transaction_number {
            Some(n) => format!("Completed. Collection number {n}."),
            None => format!(
                "Completed. Vista gave no collection number: the customer collects with order {}.",
                e.order_id
            ),
        };
        c.update(
            held,
            Change {
                state: Some(State::Completed),
                message: Some(&message),
                answer: Some(&done.raw),
                ..Change::default()
            },
        )?;
        return c.apply_held(held);
    }
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
    let (state, message) = if done.status == CompletionStatus::Pending {
        order.status = OrderStatus::Pending;
        (State::Pending, "Vista is completing the order.")
    } else {
        order.status = OrderStatus::Failed;
        (
            State::Failed,
            "Vista could not complete the order. Nothing is printed; ask the customer to book again or pay another way.",
        )
    };
    c.cache.put_order(&order, Some(&e.profile))?;
    c.update(
        held,
        Change {
            state: Some(state),
            message: Some(message),
            ..Change::default()
        },
    )
}

/// The order a settled completion's answer gives, from the order as the
/// counter knows it (what [`Completer::apply_answers`] rebuilds after a
/// failed cache write).
pub fn order_from_answer(known: Order, answer: &str) -> Result<Order, CompletionError> {
    let done = crate::providers::vista::wire::parse_completion(answer.as_bytes()).map_err(|e| {
        CompletionError::Provider(ProviderError::Malformed {
            platform: "Vista",
            detail: e.to_string(),
        })
    })?;
    let mut order = known;
    order.order_type = Some(done.order_type.as_str().to_owned());
    order.platform_status = Some(format!("{:?}", done.status));
    if done.updated_order_expires_at.is_some() {
        order.expires_at = done.updated_order_expires_at;
    }
    if done.status == CompletionStatus::Completed {
        order.status = OrderStatus::Completed;
        order.ids.transaction_number = done.transaction_number.map(|n| n.to_string());
    }
    Ok(order)
}
