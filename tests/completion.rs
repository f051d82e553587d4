//! Completions over real HTTP on loopback against the sandbox, for every
//! status and error type the platform pages describe. The sandbox's ledger
//! is the platform's truth: each test checks what was really sold.

mod common;

use box_office::completion::{Begun, Change, Journal, State};
use box_office::domain::{OrderStatus, Platform, TicketState};
use box_office::providers::afisha::AfishaClient;
use box_office::providers::{ProviderError, http};
use box_office::sandbox::{Faults, SandboxConfig};
use box_office::secrets::Sensitive;
use common::*;

fn applied(w: &World, platform: Platform, id: &str) -> u32 {
    let key = format!("{platform}:{id}");
    w.sandbox.ledger().applied.get(&key).copied().unwrap_or(0)
}

fn duplicates(w: &World) -> u32 {
    w.sandbox.ledger().duplicates.values().sum()
}

async fn complete(w: &World, platform: Platform, id: &str) -> box_office::completion::Outcome {
    let c = completer(w);
    c.complete(
        &profile(w, platform),
        &credentials(platform),
        &order(w, platform, id),
        None,
        &actor(),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn vista_completes_after_pending_polls() {
    let w = world(SandboxConfig {
        pending_polls: 3,
        ..SandboxConfig::default()
    })
    .await;
    let o = complete(&w, Platform::Vista, "VS-2001").await;
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    assert_eq!(o.entry.attempts, 1);
    assert_eq!(o.order.status, OrderStatus::Completed);
    assert_eq!(o.order.order_type.as_deref(), Some("Standard"));
    let tn = o
        .order
        .ids
        .transaction_number
        .clone()
        .expect("a collection number");
    assert!(o.entry.message.unwrap().contains(&tn));
    assert_eq!(o.order.printable_tickets().count(), 2);
    // The completed order is cached, so it is found offline.
    let cached = w.cache.find_orders(&tn, 5).unwrap();
    assert_eq!(cached.len(), 1);
    assert_eq!(cached[0].status, OrderStatus::Completed);
    assert_eq!(applied(&w, Platform::Vista, "VS-2001"), 1);
}

#[tokio::test]
async fn vista_failed_expired_and_refused_credentials_end_failed() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Vista, "VS-2002").await;
    assert_eq!(
        (o.entry.state, o.order.status),
        (State::Failed, OrderStatus::Failed)
    );
    assert_eq!(o.order.printable_tickets().count(), 0);

    let o = complete(&w, Platform::Vista, "VS-2004").await;
    assert_eq!(o.entry.state, State::Failed);
    assert!(o.entry.message.unwrap().contains("expired"));
    assert_eq!(applied(&w, Platform::Vista, "VS-2004"), 0);

    let c = completer(&w);
    let mut bad = credentials(Platform::Vista);
    bad.bearer_token = Sensitive::new("wrong".into());
    let vs = order(&w, Platform::Vista, "VS-2003");
    let o = c
        .complete(&profile(&w, Platform::Vista), &bad, &vs, None, &actor())
        .await
        .unwrap();
    assert_eq!(o.entry.state, State::Failed);
    assert!(o.entry.message.unwrap().contains("credentials"));
    assert_eq!(o.entry.attempts, 1, "401 is not retried");
    // Once the credentials are fixed the order can be completed: a failed
    // completion does not block a new one.
    let o = c
        .complete(
            &profile(&w, Platform::Vista),
            &credentials(Platform::Vista),
            &vs,
            None,
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!(o.entry.state, State::Completed);
    assert_eq!(applied(&w, Platform::Vista, "VS-2003"), 1);
}

#[tokio::test]
async fn vista_server_errors_and_lost_answers_are_reconciled_never_reposted_blindly() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Vista, "VS-2006").await; // 500 twice
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    let o = complete(&w, Platform::Vista, "VS-2007").await; // answer lost once
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    assert_eq!(
        o.entry.attempts, 1,
        "the lost POST was found by polling, not sent again"
    );
    assert_eq!(applied(&w, Platform::Vista, "VS-2006"), 1);
    assert_eq!(applied(&w, Platform::Vista, "VS-2007"), 1);
    assert_eq!(duplicates(&w), 0);
}

#[tokio::test]
async fn completing_twice_returns_the_first_completion() {
    let w = world(SandboxConfig::default()).await;
    let first = complete(&w, Platform::Vista, "VS-2001").await;
    let requests = w.sandbox.ledger().requests;
    let again = complete(&w, Platform::Vista, "VS-2001").await;
    assert_eq!(again.entry.id, first.entry.id);
    assert_eq!(again.entry.state, State::Completed);
    assert_eq!(
        w.sandbox.ledger().requests,
        requests,
        "nothing was sent the second time"
    );
    assert_eq!(applied(&w, Platform::Vista, "VS-2001"), 1);
}

#[tokio::test]
async fn vista_sends_the_region_code_of_the_profile() {
    let w = world(SandboxConfig {
        region: Some("US-WEST".into()),
        ..SandboxConfig::default()
    })
    .await;
    let c = completer(&w);
    let mut p = profile(&w, Platform::Vista);
    let vs = order(&w, Platform::Vista, "VS-2001");
    let o = c
        .complete(&p, &credentials(Platform::Vista), &vs, None, &actor())
        .await
        .unwrap();
    assert_eq!(o.entry.state, State::Failed, "no region: the site refuses");
    p.region_code = Some("US-WEST".into());
    let o = c
        .complete(&p, &credentials(Platform::Vista), &vs, None, &actor())
        .await
        .unwrap();
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
}

#[tokio::test]
async fn paciolan_complete_maps_offers_and_seats_to_tickets() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Paciolan, "PC-3001").await;
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    assert_eq!(o.order.status, OrderStatus::Completed);
    assert_eq!(o.order.tickets.len(), 2);
    for t in &o.order.tickets {
        assert!(t.access_id.as_deref().unwrap().starts_with("431:"));
        assert_eq!(
            t.barcode.as_ref().unwrap().value,
            t.id,
            "the new token is the code"
        );
        assert!(t.passes.mobile_url.is_some() && t.passes.apple_pass_url.is_some());
        assert_eq!(t.seat.row.as_deref(), Some("2"));
        assert_eq!(
            t.cost.as_ref().unwrap().total.unwrap().minor,
            5_250,
            "price kept from the cart"
        );
    }
    assert!(o.order.ids.transaction_number.unwrap().starts_with("CALI:"));
    let raw = o.order.raw.unwrap();
    assert!(
        raw.text().contains("sellerIds") && raw.text().contains("cartId"),
        "unknown fields kept"
    );
}

#[tokio::test]
async fn paciolan_partial_is_escalated_not_retried() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Paciolan, "PC-3002").await;
    assert_eq!(o.entry.state, State::Partial);
    assert_eq!(o.entry.attempts, 1);
    assert_eq!(o.order.status, OrderStatus::Partial);
    let failed = o
        .order
        .tickets
        .iter()
        .filter(|t| t.state == TicketState::Failed)
        .count();
    assert_eq!((o.order.printable_tickets().count(), failed), (2, 2));
    assert_eq!(o.order.errors.len(), 2);
    let msg = o.entry.message.unwrap();
    assert!(
        msg.contains("Escalate") && msg.contains(&o.entry.request_id.to_string()),
        "{msg}"
    );
}

#[tokio::test]
async fn paciolan_pending_is_polled_with_the_same_request_id() {
    let w = world(SandboxConfig {
        pending_polls: 3,
        ..SandboxConfig::default()
    })
    .await;
    let o = complete(&w, Platform::Paciolan, "PC-3003").await;
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    assert!(o.entry.process_id.is_some());
    let ids = w.sandbox.ledger().request_ids["paciolan:PC-3003"].clone();
    assert_eq!(ids.len(), 1, "one Request-ID for the POST and every poll");
    assert_eq!(ids.iter().next().unwrap(), &o.entry.request_id.to_string());
}

#[tokio::test]
async fn paciolan_402_and_422_show_the_developer_message() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Paciolan, "PC-3004").await;
    assert_eq!(o.entry.state, State::Failed);
    let msg = o.entry.message.unwrap();
    assert!(
        msg.contains("HTTP 402") && msg.contains("totalAmountPaid") && msg.contains("not sold"),
        "{msg}"
    );
    assert!(!msg.contains("Collect the difference"), "{msg}");
    let o = complete(&w, Platform::Paciolan, "PC-3005").await;
    assert_eq!(o.entry.state, State::Failed);
    assert!(o.entry.message.unwrap().contains("no longer available"));
}

#[tokio::test]
async fn paciolan_retries_server_errors_three_times_and_honours_retry_after() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Paciolan, "PC-3006").await; // 500, 500, then COMPLETE
    assert_eq!((o.entry.state, o.entry.attempts), (State::Completed, 3));
    let started = std::time::Instant::now();
    let o = complete(&w, Platform::Paciolan, "PC-3007").await; // 429 Retry-After: 2
    assert_eq!(o.entry.state, State::Completed);
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(2),
        "waited for Retry-After"
    );
    assert_eq!(w.sandbox.ledger().request_ids["paciolan:PC-3006"].len(), 1);
}

#[tokio::test]
async fn paciolan_gives_up_after_three_retries_of_a_server_error() {
    let faults = Faults {
        server_error: 1.0,
        ..Faults::default()
    };
    let w = world(SandboxConfig {
        faults,
        ..SandboxConfig::default()
    })
    .await;
    let o = complete(&w, Platform::Paciolan, "PC-3001").await;
    assert_eq!((o.entry.state, o.entry.attempts), (State::Failed, 4));
    assert!(o.entry.message.unwrap().contains("Inform Paciolan"));
    assert_eq!(applied(&w, Platform::Paciolan, "PC-3001"), 0);
}

#[tokio::test]
async fn paciolan_lost_answer_needs_a_person_and_is_not_sent_again() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Paciolan, "PC-3008").await;
    assert_eq!(o.entry.state, State::NeedsAttention);
    let msg = o.entry.message.clone().unwrap();
    assert!(
        msg.contains(&o.entry.request_id.to_string()) && msg.contains("support"),
        "{msg}"
    );
    assert_eq!(
        applied(&w, Platform::Paciolan, "PC-3008"),
        1,
        "the sale did happen"
    );
    // Asking again does not send it again.
    let requests = w.sandbox.ledger().requests;
    let again = complete(&w, Platform::Paciolan, "PC-3008").await;
    assert_eq!(
        (again.entry.id, again.entry.state),
        (o.entry.id, State::NeedsAttention)
    );
    assert_eq!(w.sandbox.ledger().requests, requests);
    // A person decides: sent again with the same Request-ID, the platform
    // refuses the sold cart, and nothing is doubled.
    let c = completer(&w);
    let sent = c
        .send_again(
            &profile(&w, Platform::Paciolan),
            &credentials(Platform::Paciolan),
            o.entry.id,
            "Sent again by a person.",
        )
        .await
        .unwrap();
    assert_eq!(sent.entry.request_id, o.entry.request_id);
    assert_eq!(sent.entry.state, State::Failed);
    assert_eq!(applied(&w, Platform::Paciolan, "PC-3008"), 1);
}

#[tokio::test]
async fn paciolan_refused_credentials_are_not_retried() {
    let w = world(SandboxConfig::default()).await;
    let c = completer(&w);
    let mut bad = credentials(Platform::Paciolan);
    bad.api_key = Some(Sensitive::new("wrong".into()));
    let pc = order(&w, Platform::Paciolan, "PC-3001");
    let o = c
        .complete(&profile(&w, Platform::Paciolan), &bad, &pc, None, &actor())
        .await
        .unwrap();
    assert_eq!((o.entry.state, o.entry.attempts), (State::Failed, 1));
    assert!(o.entry.message.unwrap().contains("UNAUTHORIZED_REQUEST"));
    let mut p = profile(&w, Platform::Paciolan);
    p.channel_code = Some("other-channel".into());
    let o2 = c
        .complete(&p, &credentials(Platform::Paciolan), &pc, None, &actor())
        .await
        .unwrap();
    assert!(o2.entry.message.unwrap().contains("INVALID_CHANNEL_CONFIG"));
}

#[tokio::test]
async fn unfinished_completions_are_resumed_from_the_journal() {
    let w = world(SandboxConfig::default()).await;
    let j = Journal::new(&w.cache);
    // Vista: the POST went out, then the process died before the answer was
    // recorded. Resuming polls and finds the completion; nothing is doubled.
    let Begun::New(mut held) = j
        .begin(Platform::Vista, "VS-2001", "training", None, &actor())
        .unwrap()
    else {
        panic!()
    };
    let e = held
        .update(Change {
            state: Some(State::Sending),
            ..Change::default()
        })
        .unwrap()
        .clone();
    drop(held); // the run that sent it is gone
    let client = box_office::providers::vista::VistaClient::new(
        http::client(http::Timeouts::default()),
        profile(&w, Platform::Vista),
        credentials(Platform::Vista),
    );
    client.create("VS-2001").await.unwrap();
    let c = completer(&w);
    let o = c
        .run(
            &profile(&w, Platform::Vista),
            &credentials(Platform::Vista),
            e,
        )
        .await
        .unwrap();
    assert_eq!(o.entry.state, State::Completed);
    assert_eq!(duplicates(&w), 0);
    // Vista: died before sending. Resuming asks first (404), then sends.
    let Begun::New(mut held) = j
        .begin(Platform::Vista, "VS-2003", "training", None, &actor())
        .unwrap()
    else {
        panic!()
    };
    let e = held
        .update(Change {
            state: Some(State::Sending),
            ..Change::default()
        })
        .unwrap()
        .clone();
    drop(held); // the run that sent it is gone
    let o = c
        .run(
            &profile(&w, Platform::Vista),
            &credentials(Platform::Vista),
            e,
        )
        .await
        .unwrap();
    assert_eq!(o.entry.state, State::Completed);
    assert_eq!(applied(&w, Platform::Vista, "VS-2003"), 1);
    // Paciolan: died while sending, no processId: cannot be asked.
    let cart = order(&w, Platform::Paciolan, "PC-3010")
        .raw
        .unwrap()
        .text()
        .to_owned();
    let Begun::New(mut held) = j
        .begin(
            Platform::Paciolan,
            "PC-3010",
            "training",
            Some(&cart),
            &actor(),
        )
        .unwrap()
    else {
        panic!()
    };
    let e = held
        .update(Change {
            state: Some(State::Sending),
            ..Change::default()
        })
        .unwrap()
        .clone();
    drop(held); // the run that sent it is gone
    let o = c
        .run(
            &profile(&w, Platform::Paciolan),
            &credentials(Platform::Paciolan),
            e,
        )
        .await
        .unwrap();
    assert_eq!(o.entry.state, State::NeedsAttention);
    assert!(j.unfinished().unwrap().is_empty());
}

#[tokio::test]
async fn afisha_order_info_maps_statuses_refunds_money_and_zones() {
    let w = world(SandboxConfig::default()).await;
    let client = AfishaClient::new(
        http::client(http::Timeouts::default()),
        profile(&w, Platform::Afisha),
        credentials(Platform::Afisha),
    );
    let known = order(&w, Platform::Afisha, "AF-1005");
    let o = client.fetch(&known).await.unwrap();
    assert_eq!(o.status, OrderStatus::Completed);
    assert_eq!(o.platform_status.as_deref(), Some("APPROVED"));
    assert_eq!(
        o.tickets[1].state,
        TicketState::Refunded,
        "cancelled items never print"
    );
    assert_eq!(o.printable_tickets().count(), 1);

    let o = client.lookup("ҚАРЛЫҒАШ").await.unwrap();
    assert_eq!(o.id, "AF-2001");
    let s = o.session().unwrap();
    assert!(s.all_day);
    assert_eq!(s.time_zone, "Asia/Almaty");
    let total = o.sum.unwrap().total.unwrap();
    assert_eq!((total.minor, total.currency.code()), (370_000, "KZT"));

    let o = client.lookup("1008-2020").await.unwrap();
    assert_eq!(o.status, OrderStatus::Booked);
    assert_eq!(o.printable_tickets().count(), 0);
    assert!(o.tickets[0].barcode.is_none());

    let e = client.lookup("NO-SUCH").await.unwrap_err();
    assert!(matches!(e, ProviderError::NotFound { .. }), "{e}");
    let bad = AfishaClient::new(
        http::client(http::Timeouts::default()),
        profile(&w, Platform::Afisha),
        box_office::providers::Credentials {
            bearer_token: Sensitive::new("x".into()),
            api_key: None,
        },
    );
    let e = bad.lookup("ЁЛКА").await.unwrap_err();
    assert!(matches!(e, ProviderError::Credentials { .. }), "{e}");
}

#[tokio::test]
async fn afisha_orders_cannot_be_completed() {
    let w = world(SandboxConfig::default()).await;
    let c = completer(&w);
    let af = order(&w, Platform::Afisha, "AF-1001");
    let e = c
        .complete(
            &profile(&w, Platform::Afisha),
            &credentials(Platform::Afisha),
            &af,
            None,
            &actor(),
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("fetch the order"));
}

#[tokio::test]
async fn a_dead_platform_fails_safely_with_nothing_sent() {
    let w = world(SandboxConfig::default()).await;
    let c = completer(&w);
    let mut p = profile(&w, Platform::Paciolan);
    p.base_url = "http://127.0.0.1:9".into(); // nothing listens on the discard port
    let pc = order(&w, Platform::Paciolan, "PC-3001");
    let o = c
        .complete(&p, &credentials(Platform::Paciolan), &pc, None, &actor())
        .await
        .unwrap();
    assert_eq!(o.entry.state, State::Failed);
    assert!(o.entry.message.unwrap().contains("Nothing was sent"));
}

#[tokio::test]
async fn a_vista_that_keeps_answering_429_is_not_hammered_and_nothing_is_charged() {
    let faults = Faults {
        rate_limit: 1.0,
        retry_after_seconds: 0,
        ..Faults::default()
    };
    let w = world(SandboxConfig {
        faults,
        ..SandboxConfig::default()
    })
    .await;
    let mut c = completer(&w);
    c.policy.overall = std::time::Duration::from_secs(2);
    let vs = order(&w, Platform::Vista, "VS-2001");
    let o = c
        .complete(
            &profile(&w, Platform::Vista),
            &credentials(Platform::Vista),
            &vs,
            None,
            &actor(),
        )
        .await
        .unwrap();
    // Every 429 refused the POST: after a few spaced tries the completion
    // fails, saying nothing was charged.
    assert_eq!(o.entry.state, State::Failed, "{:?}", o.entry.message);
    assert!(o.entry.message.unwrap().contains("slow down"));
    let requests = w.sandbox.ledger().requests;
    assert!(
        requests < 40,
        "{requests} requests in 2 s: backoff must space them"
    );
    assert_eq!(applied(&w, Platform::Vista, "VS-2001"), 0);
}
