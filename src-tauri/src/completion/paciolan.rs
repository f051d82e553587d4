//! The Paciolan completion, following the page's error table to the letter.
//! The one error the table marks "Retry Possible: Yes" is
//! UNHANDLED_EXCEPTION (500, three times); 429 waits for Retry-After; a
//! request that never left is sent again. 4xx answers are refusals: nothing
//! was sold. Everything else that does not prove nothing was sold — a lost
//! answer, any other 5xx (a gateway's 502/503/504, often an HTML page), an
//! unreadable body, a crash while sending — ends *needs attention* with the
//! Request-ID and is never sent again without a person. PENDING is polled
//! by processId with the same Request-ID; 207 is a partial sale, escalated,
//! never retried.

use std::time::Duration;

use uuid::Uuid;

use super::{Change, Completer, CompletionError, Held, Pace, State};
use crate::domain::{Cost, Currency, Order};
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

/// Why the outcome of a sent request is not known.
enum Doubt<'e> {
    /// The process stopped between journalling "sending" and recording an
    /// answer: the request may or may not have left.
    Interrupted,
    /// No answer came (timeout, connection closed).
    Lost(&'e ProviderError),
    /// An answer that does not say whether the sale was made.
    Unclear(&'e ProviderError),
    /// Paciolan no longer knows the process it was completing.
    ProcessUnknown(String),
    /// Paciolan answered the poll of the process with an error.
    PollRefused(&'e ProviderError),
}

impl Doubt<'_> {
    fn why(&self) -> String {
        match self {
            Doubt::Interrupted => "Box Office stopped while sending the completion (a crash or a power cut), so it is not known whether Paciolan received it".to_owned(),
            Doubt::Lost(e) => format!("No answer came back from Paciolan ({e})"),
            Doubt::Unclear(e) => format!("Paciolan's answer does not say whether the sale was made ({e})"),
            Doubt::ProcessUnknown(pid) => format!("Paciolan no longer knows the completion process {pid} it was working on"),
            Doubt::PollRefused(e) => format!("Paciolan answered the check on the completion with an error ({e})"),
        }
    }
}

pub async fn run(
    c: &Completer<'_>,
    profile: &Profile,
    credentials: &Credentials,
    held: &mut Held<'_>,
) -> Result<(), CompletionError> {
    let client = PaciolanClient::new(c.http.clone(), profile.clone(), credentials.clone());
    let cart: Cart = held
        .entry()
        .input
        .as_deref()
        .and_then(|t| serde_json::from_str(t).ok())
        .ok_or_else(|| CompletionError::NoCart(held.entry().order_id.clone()))?;
    let request_id: Uuid = held.entry().request_id;
    let mut pace = Pace::new(&c.policy);
    let (mut rate_limits, mut not_sent) = (0, 0);
    let mut last_poll_error: Option<String> = None;
    loop {
        match held.state() {
            State::Intent => {
                // A profile that cannot make a valid request fails here,
                // before anything is journalled as sent.
                if let Err(e) = client.ready() {
                    let msg = format!("{e}. Nothing was sent; fix the connection in Settings.");
                    return c.fail(held, &msg, Some(&e));
                }
                c.mark_sending(held)?;
                let err = match client.complete(&cart, request_id).await {
                    Ok(p) => {
                        record(c, held, p, profile.currency)?;
                        continue;
                    }
                    Err(e) => e,
                };
                let unhandled = matches!(
                    &err,
                    ProviderError::ServerError { status: 500, kind: Some(k), .. } if k == "UNHANDLED_EXCEPTION"
                );
                let (tries, limit, wait) = if unhandled {
                    // Counted in the journal: "Retry Count: 3" holds per
                    // Request-ID across restarts, not per run.
                    (
                        held.entry().retries + 1,
                        c.policy.server_error_retries,
                        Duration::ZERO,
                    )
                } else {
                    match &err {
                        ProviderError::RateLimited { retry_after, .. } => {
                            rate_limits += 1;
                            (rate_limits, c.policy.rate_limit_retries, *retry_after)
                        }
                        ProviderError::NotSent { .. } => {
                            not_sent += 1;
                            (not_sent, c.policy.not_sent_retries, Duration::ZERO)
                        }
                        _ => return after_failed_post(c, held, &err),
                    }
                };
                // These answers say the request was not carried out, so
                // sending it again is a retry, not a second sale.
                if tries <= limit && pace.pause(wait).await {
                    let (http_status, error_type, error_code) = err.details();
                    c.update(
                        held,
                        Change {
                            state: Some(State::Intent),
                            http_status,
                            error_type,
                            error_code,
                            count_retry: unhandled,
                            ..Change::default()
                        },
                    )?;
                } else {
                    return gave_up(c, held, &err, tries.min(limit.max(1)));
                }
            }
            State::Pending => {
                let Some(pid) = held.entry().process_id.clone() else {
                    return attention(c, held, Doubt::Interrupted, None);
                };
                if !pace.pause(Duration::ZERO).await {
                    return still_open(c, held, last_poll_error.as_deref());
                }
                c.update(
                    held,
                    Change {
                        count_poll: true,
                        ..Change::default()
                    },
                )?;
                match client.poll(&pid, request_id).await {
                    Ok(p) => {
                        last_poll_error = None;
                        record(c, held, p, profile.currency)?;
                    }
                    Err(ProviderError::NotFound { .. }) => {
                        return attention(c, held, Doubt::ProcessUnknown(pid), None);
                    }
                    Err(ProviderError::RateLimited { retry_after, .. }) => {
                        last_poll_error = Some("Paciolan asked to slow down".to_owned());
                        if !pace.pause(retry_after).await {
                            return still_open(c, held, last_poll_error.as_deref());
                        }
                    }
                    // Paciolan answered the poll with its own error: it will
                    // not say how the sale ended, so asking again is no use.
                    Err(
                        e @ (ProviderError::Refused { .. }
                        | ProviderError::Credentials { .. }
                        | ProviderError::Redirected { .. }
                        | ProviderError::ServerError { kind: Some(_), .. }),
                    ) => {
                        return attention(c, held, Doubt::PollRefused(&e), Some(&e));
                    }
                    // Trouble asking changes nothing: the sale is in
                    // Paciolan's hands; keep asking until time is up, and
                    // say that asking failed, not that it is still working.
                    Err(e) => last_poll_error = Some(e.to_string()),
                }
            }
            // Journalled as sent with no answer recorded, and now held by
            // this run: the run that sent it is gone. With a processId it can
            // be polled; without one Paciolan cannot be asked.
            State::Sending | State::Unknown => match held.entry().process_id {
                Some(_) => c.update(
                    held,
                    Change {
                        state: Some(State::Pending),
                        ..Change::default()
                    },
                )?,
                None => return attention(c, held, Doubt::Interrupted, None),
            },
            _ => return Ok(()),
        }
        if held.state().is_final() {
            return Ok(());
        }
        if pace.expired() && held.state() == State::Pending {
            return still_open(c, held, last_poll_error.as_deref());
        }
    }
}

/// A POST answered with something other than a retryable refusal.
fn after_failed_post(
    c: &Completer<'_>,
    held: &mut Held<'_>,
    err: &ProviderError,
) -> Result<(), CompletionError> {
    let message = match err {
        ProviderError::AnswerLost { .. } => {
            return attention(c, held, Doubt::Lost(err), Some(err));
        }
        // Any 5xx the table does not mark retryable (a gateway's 502, 503 or
        // 504 may come after the sale was made), and any 2xx that cannot be
        // read: the sale may have happened.
        ProviderError::ServerError { .. } | ProviderError::Malformed { .. } => {
            return attention(c, held, Doubt::Unclear(err), Some(err));
        }
        ProviderError::Credentials { detail, .. } => format!(
            "Paciolan refused the connection's credentials ({detail}). Nothing was sold and nothing was retried: check the token, API key, application id and channel code in Settings."
        ),
        ProviderError::Refused {
            status,
            kind,
            code,
            message,
            ..
        } => {
            let what = [kind.as_deref(), code.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let what = if what.is_empty() {
                format!("HTTP {status}")
            } else {
                format!("HTTP {status}, {what}")
            };
            format!(
                "Paciolan refused the order ({what}): {message}. The seats were not sold; check the cart with the customer before trying again."
            )
        }
        ProviderError::NotFound { .. } => "Paciolan answered 404 Not Found: the connection's address is probably wrong. Nothing was sold; check the profile's URL in Settings.".to_owned(),
        ProviderError::Redirected { .. } => format!("{err}. Nothing was sold."),
        other => format!("{other}. The seats were not sold."),
    };
    c.fail(held, &message, Some(err))
}

/// Retries the page allows have run out; each answer said nothing was done.
fn gave_up(
    c: &Completer<'_>,
    held: &mut Held<'_>,
    err: &ProviderError,
    tries: u32,
) -> Result<(), CompletionError> {
    let message = match err {
        ProviderError::ServerError { .. } => format!(
            "Paciolan answered UNHANDLED_EXCEPTION {tries} times (it could not read its channel configuration). By its error table nothing was sold. Inform Paciolan with the Request-ID, then try again later."
        ),
        ProviderError::RateLimited { .. } => {
            "Paciolan kept asking to slow down (429); the seats were not sold. Try again in a minute.".to_owned()
        }
        _ => format!("{err}. Nothing was sold; try again when the network is back."),
    };
    c.fail(held, &message, Some(err))
}

fn attention(
    c: &Completer<'_>,
    held: &mut Held<'_>,
    doubt: Doubt<'_>,
    err: Option<&ProviderError>,
) -> Result<(), CompletionError> {
    let msg = format!(
        "{}. The sale may have happened: do not sell these seats again. Call Paciolan support with Request-ID {}; once they confirm nothing was sold, a manager can send it again with the same Request-ID or set it aside.",
        doubt.why(),
        held.entry().request_id
    );
    let (http_status, error_type, error_code) = err.map(|e| e.details()).unwrap_or_default();
    c.update(
        held,
        Change {
            state: Some(State::NeedsAttention),
            message: Some(&msg),
            http_status,
            error_type,
            error_code,
            ..Change::default()
        },
    )
}

/// The run's time is up while the completion is pending.
fn still_open(
    c: &Completer<'_>,
    held: &mut Held<'_>,
    poll_error: Option<&str>,
) -> Result<(), CompletionError> {
    let pid = held.entry().process_id.clone().unwrap_or_default();
    let msg = match poll_error {
        Some(e) => format!(
            "Box Office could not check with Paciolan ({e}). The completion (process {pid}) stays open and is checked again on start or with Check again."
        ),
        None => format!(
            "Paciolan was still completing the order (process {pid}) when last asked. Box Office checks again on start or with Check again."
        ),
    };
    c.update(
        held,
        Change {
            message: Some(&msg),
            ..Change::default()
        },
    )
}

fn record(
    c: &Completer<'_>,
    held: &mut Held<'_>,
    p: Progress,
    _currency: Currency,
) -> Result<(), CompletionError> {
    let e = held.entry().clone();
    let (r, state) = match &p {
        Progress::Pending(r) => (r, State::Pending),
        Progress::Complete(r) => (r, State::Completed),
        Progress::Partial(r) => (r, State::Partial),
    };
    let sold = r.distinct_seats();
    let items = r.offers.iter().filter(|o| o.event.is_none()).count();
    let message = match state {
        State::Pending => "Paciolan is completing the order.".to_owned(),
        State::Completed => {
            let items = if items == 0 {
                String::new()
            } else {
                format!(" and {items} other item(s)")
            };
            match r.transaction_numbers() {
                Some(t) => format!("Completed: {sold} ticket(s){items} sold. Transaction {t}."),
                None => format!(
                    "Completed: {sold} ticket(s){items} sold. Paciolan gave no transaction number."
                ),
            }
        }
        _ => {
            let failed: usize = r.errors.iter().map(|g| g.tokens.len()).sum();
            format!(
                "Partly completed: {sold} ticket(s) sold and printable, {failed} failed in {} group(s). Escalate to Paciolan with Request-ID {}; nothing was retried.",
                r.errors.len(),
                e.request_id
            )
        }
    };
    let first = r.errors.first();
    // A sale goes to the journal with Paciolan's answer as received, in one
    // commit, before anything else: the new tokens are never lost, whatever
    // the cache does next or whichever field the order's mapping trips on.
    c.update(
        held,
        Change {
            state: Some(state),
            process_id: Some(&r.process_id),
            message: Some(&message),
            error_type: first.and_then(|g| g.kind.as_deref()),
            error_code: first.and_then(|g| g.app_error_code.as_deref()),
            answer: (state != State::Pending).then_some(r.raw.as_str()),
            ..Change::default()
        },
    )?;
    if state == State::Pending {
        return Ok(());
    }
    c.apply_held(held)
}

/// The order a settled answer gives, from the order as the counter knows it
/// (the in-progress order with its cart). The sale stands even when its
/// `paid` total cannot be read: the tickets are kept, the total left out.
pub fn order_from_answer(
    known: Order,
    answer: &str,
    currency: Currency,
) -> Result<Order, CompletionError> {
    let r = crate::providers::paciolan::parse_response(answer.as_bytes()).map_err(|e| {
        CompletionError::Provider(ProviderError::Malformed {
            platform: "Paciolan",
            detail: e.to_string(),
        })
    })?;
    Ok(match map::apply(&known, &r, currency) {
        Ok(o) => o,
        Err(_) => {
            let mut without_total = known;
            without_total.sum.get_or_insert(Cost {
                price: None,
                fee: None,
                total: None,
            });
            map::apply(&without_total, &r, currency).unwrap_or(without_total)
        }
    })
}
