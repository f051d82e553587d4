//! The last paths where a completion could be sent twice or a paid order
//! stranded, each against the sandbox over real HTTP, with the sandbox's
//! ledger (what it sold, every POST and when it arrived) as the platform's
//! truth. Each of these failed before the rule it proves was written.

mod common;

use std::time::Duration;

use box_office::completion::{Begun, Change, Journal, Policy, State};
use box_office::domain::{OrderStatus, Platform};
use box_office::sandbox::{Behaviour, SandboxConfig};
use box_office::tickets::{RenderOptions, TicketError, render_order, ticket_problem};
use common::*;

fn key(p: Platform, id: &str) -> String {
    format!("{p}:{id}")
}

async fn complete_with(
    w: &World,
    policy: Policy,
    platform: Platform,
    id: &str,
) -> box_office::completion::Outcome {
    let mut c = completer(w);
    c.policy = policy;
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

fn gaps(w: &World, platform: Platform, id: &str) -> Vec<Duration> {
    let times = w
        .sandbox
        .ledger()
        .post_times
        .get(&key(platform, id))
        .cloned()
        .unwrap_or_default();
    times
        .windows(2)
        .map(|p| (p[1] - p[0]).to_std().unwrap_or_default())
        .collect()
}

/// POST #1's answer is lost, Vista has no completion after the grace, POST
/// #2's answer is lost too: POST #3 waits a whole grace from POST #2, not
/// from POST #1 (which would let it follow at once).
#[tokio::test]
async fn vista_a_second_lost_answer_starts_the_grace_again() {
    let w = world(SandboxConfig::default()).await;
    w.sandbox.set_behaviour(
        Platform::Vista,
        "VS-2001",
        Behaviour::DropBeforeApply { times: 2 },
    );
    let policy = Policy {
        overall: Duration::from_secs(30),
        ..fast_policy()
    };
    let grace = policy.reconcile_grace;
    let o = complete_with(&w, policy, Platform::Vista, "VS-2001").await;
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    let gaps = gaps(&w, Platform::Vista, "VS-2001");
    assert_eq!(gaps.len(), 2, "three POSTs: {gaps:?}");
    // Timed at the sandbox, a few milliseconds after the journal's clock.
    let slack = Duration::from_millis(250);
    for g in &gaps {
        assert!(
            *g + slack >= grace,
            "a POST followed one in doubt after {g:?} (< {grace:?})"
        );
    }
    assert_eq!(
        w.sandbox
            .ledger()
            .applied
            .get(&key(Platform::Vista, "VS-2001")),
        Some(&1)
    );
    assert!(o.entry.doubt_at.is_some() && o.entry.doubt_at >= o.entry.sent_at);
}

/// A 404 to a POST proves nothing once an earlier POST of the same
/// completion was in doubt: a person decides, it is never `failed`.
#[tokio::test]
async fn vista_a_refusal_after_a_lost_answer_needs_a_person() {
    let w = world(SandboxConfig::default()).await;
    w.sandbox.set_behaviour(
        Platform::Vista,
        "VS-2001",
        Behaviour::LostThenRefused {
            lost: 1,
            status: 404,
        },
    );
    let o = complete_with(&w, fast_policy(), Platform::Vista, "VS-2001").await;
    assert_eq!(
        o.entry.state,
        State::NeedsAttention,
        "{:?}",
        o.entry.message
    );
    let msg = o.entry.message.unwrap();
    assert!(msg.contains("does not prove nothing was sold"), "{msg}");
    assert_eq!(
        w.sandbox
            .ledger()
            .posts
            .get(&key(Platform::Vista, "VS-2001")),
        Some(&2)
    );
    // Asked again, nothing is sent.
    let again = complete_with(&w, fast_policy(), Platform::Vista, "VS-2001").await;
    assert_eq!(again.entry.state, State::NeedsAttention);
    assert_eq!(
        w.sandbox
            .ledger()
            .posts
            .get(&key(Platform::Vista, "VS-2001")),
        Some(&2)
    );
}

/// A 429 on the POST refused it: the next POST waits what Retry-After says
/// (longer than the reconcile grace here), then the completion goes through.
#[tokio::test]
async fn vista_a_429_on_the_post_waits_for_retry_after() {
    let w = world(SandboxConfig::default()).await;
    w.sandbox.set_behaviour(
        Platform::Vista,
        "VS-2001",
        Behaviour::RateLimited {
            times: 1,
            seconds: 4,
        },
    );
    let policy = Policy {
        overall: Duration::from_secs(30),
        ..fast_policy()
    };
    let o = complete_with(&w, policy, Platform::Vista, "VS-2001").await;
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    let gaps = gaps(&w, Platform::Vista, "VS-2001");
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert!(gaps[0] >= Duration::from_secs(4), "{gaps:?}");
    assert_eq!(o.entry.doubt_at, None, "a 429 is a refusal, not a doubt");
}

/// The sale's answer is journalled before the cached order is written: when
/// that write fails (here SQLite itself refuses it, as a full disk would),
/// the completion is still completed with Paciolan's answer, and the order's
/// new tokens are rebuilt from the journal once the cache takes writes again.
#[tokio::test]
async fn paciolan_a_sale_survives_a_failed_cache_write() {
    let w = world(SandboxConfig::default()).await;
    w.cache
        .connection()
        .execute_batch(
            "CREATE TRIGGER test_disk_full BEFORE UPDATE ON orders
             WHEN NEW.id = 'PC-3001' AND NEW.status = 'completed'
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .unwrap();
    let o = complete_with(&w, fast_policy(), Platform::Paciolan, "PC-3001").await;
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    let j = Journal::new(&w.cache);
    let e = j.get(o.entry.id).unwrap().unwrap();
    assert!(!e.applied, "the order could not be written");
    let answer = e.answer.clone().expect("the answer is journalled");
    assert!(answer.contains("\"COMPLETE\""), "{answer}");
    let cached = order(&w, Platform::Paciolan, "PC-3001");
    assert_ne!(cached.status, OrderStatus::Completed);

    // The disk has room again: the tokens come back from the journal.
    w.cache
        .connection()
        .execute_batch("DROP TRIGGER test_disk_full")
        .unwrap();
    assert_eq!(completer(&w).apply_answers().unwrap(), 1);
    let sold = order(&w, Platform::Paciolan, "PC-3001");
    assert_eq!(sold.status, OrderStatus::Completed);
    assert_eq!(sold.printable_tickets().count(), 2);
    for t in sold.printable_tickets() {
        assert!(
            answer.contains(&t.id),
            "ticket {} is a token of the answer",
            t.id
        );
    }
    assert!(render_order(&sold, &RenderOptions::default()).is_ok());
    assert!(j.get(o.entry.id).unwrap().unwrap().applied);
    assert_eq!(
        w.sandbox
            .ledger()
            .posts
            .get(&key(Platform::Paciolan, "PC-3001")),
        Some(&1)
    );
}

/// A sale whose answer has odd shapes where printing does not look (places
/// as numbers, sequence -1, a text price level, a quantity beyond 32 bits,
/// `paid` in exponent form, one token given to two seats) is completed and
/// keeps its tokens; the seat with the repeated token is refused alone.
#[tokio::test]
async fn paciolan_odd_shapes_in_a_sale_keep_its_tokens() {
    let w = world(SandboxConfig::default()).await;
    w.sandbox
        .set_behaviour(Platform::Paciolan, "PC-3001", Behaviour::OddAnswer);
    let o = complete_with(&w, fast_policy(), Platform::Paciolan, "PC-3001").await;
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    let sold = order(&w, Platform::Paciolan, "PC-3001");
    assert_eq!(sold.status, OrderStatus::Completed);
    let tickets: Vec<_> = sold.printable_tickets().collect();
    assert_eq!(tickets.len(), 2);
    assert!(ticket_problem(&sold, tickets[0]).is_none());
    assert!(matches!(
        ticket_problem(&sold, tickets[1]),
        Some(TicketError::RepeatedCode { .. })
    ));
    let r = render_order(&sold, &RenderOptions::default()).unwrap();
    assert_eq!((r.pages, r.refused.len()), (1, 1));
    let raw = Journal::new(&w.cache)
        .get(o.entry.id)
        .unwrap()
        .unwrap()
        .answer
        .unwrap();
    assert!(
        raw.contains("e1") || raw.contains("e2"),
        "paid in exponent form: {raw}"
    );
}

/// A poll answered with Paciolan's error object will not say how the sale
/// ended: the completion goes to a person at once, not pending forever.
#[tokio::test]
async fn paciolan_a_poll_refused_with_an_error_needs_a_person() {
    let w = world(SandboxConfig::default()).await;
    w.sandbox.set_behaviour(
        Platform::Paciolan,
        "PC-3001",
        Behaviour::PollError { status: 400 },
    );
    let o = complete_with(&w, fast_policy(), Platform::Paciolan, "PC-3001").await;
    assert_eq!(
        o.entry.state,
        State::NeedsAttention,
        "{:?}",
        o.entry.message
    );
    let msg = o.entry.message.unwrap();
    assert!(msg.contains(&o.entry.request_id.to_string()), "{msg}");
    assert_eq!(o.entry.polls, 1, "asked once, not until the time ran out");
}

/// "Retry Count: 3" is per Request-ID, across restarts: a completion that
/// already spent two retries before the process stopped gets one more.
#[tokio::test]
async fn paciolan_unhandled_exception_retries_count_across_restarts() {
    let w = world(SandboxConfig::default()).await;
    w.sandbox.set_behaviour(
        Platform::Paciolan,
        "PC-3001",
        Behaviour::ServerError { times: 10 },
    );
    let o = order(&w, Platform::Paciolan, "PC-3001");
    let cart = o.raw.as_ref().map(|r| r.text().to_owned());
    let j = Journal::new(&w.cache);
    let Begun::New(mut held) = j
        .begin(
            Platform::Paciolan,
            "PC-3001",
            "training",
            cart.as_deref(),
            &actor(),
        )
        .unwrap()
    else {
        panic!("a new completion");
    };
    // What an earlier run left: two retries spent, then the process died.
    for _ in 0..2 {
        held.update(Change {
            count_retry: true,
            ..Change::default()
        })
        .unwrap();
    }
    let entry = held.entry().clone();
    drop(held);
    let done = completer(&w)
        .run(
            &profile(&w, Platform::Paciolan),
            &credentials(Platform::Paciolan),
            entry,
        )
        .await
        .unwrap();
    assert_eq!(done.entry.state, State::Failed, "{:?}", done.entry.message);
    assert_eq!(done.entry.retries, 3);
    assert_eq!(
        w.sandbox
            .ledger()
            .posts
            .get(&key(Platform::Paciolan, "PC-3001")),
        Some(&2),
        "the first POST of this run and its one remaining retry"
    );
}
