//! A randomized run of at least 1,000 completions against a sandbox that
//! drops connections (before and after carrying requests out), answers 500
//! and 429, answers 502/503/504 from "a gateway" or an unreadable body
//! after carrying a request out, and answers too slowly for the client's
//! timeout; every tenth order is completed by two runners at once; every
//! seventh Vista order loses the answers of its first two POSTs in a row;
//! and every eleventh Paciolan sale meets a cache that refuses to write its
//! order (a full disk). Afterwards the sandbox's ledger (the platform's
//! truth) is compared with the journal: nothing may be sold twice, nothing
//! sold may be recorded as not sold, every order must end in a state the
//! counter can act on, and every sold order must be cached as sold with its
//! tickets, ready to print (nothing stranded).

mod common;

use std::collections::HashMap;
use std::time::Duration;

use box_office::completion::{Completer, Journal, State};
use box_office::domain::{OrderStatus, Platform};
use box_office::providers::http;
use box_office::sandbox::{Behaviour, Faults, SandboxConfig};
use common::*;
use futures::StreamExt;

const BULK: u32 = 500; // 500 Vista + 500 Paciolan orders

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_completions_under_faults_lose_nothing_and_double_nothing() {
    let faults = Faults {
        drop_before_apply: 0.04,
        drop_after_apply: 0.04,
        server_error: 0.08,
        gateway_error_after_apply: 0.03,
        garbled_after_apply: 0.02,
        rate_limit: 0.05,
        retry_after_seconds: 0,
        slow: 0.03,
        slow_millis: 1_500,
    };
    let seed = std::env::var("BOX_OFFICE_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261124);
    let w = world(SandboxConfig {
        bulk: BULK,
        pending_polls: 1,
        faults,
        seed,
        ..SandboxConfig::default()
    })
    .await;
    // A request timeout shorter than the slow answers: those become lost
    // answers, the hardest case.
    let client = http::client(http::Timeouts {
        connect: Duration::from_secs(1),
        request: Duration::from_millis(800),
    });
    let c = Completer::new(&w.cache, client, fast_policy());
    let orders: Vec<(Platform, String)> = (1..=BULK)
        .flat_map(|i| {
            [
                (Platform::Vista, format!("VS-B{i:05}")),
                (Platform::Paciolan, format!("PC-B{i:05}")),
            ]
        })
        .collect();
    assert!(orders.len() >= 1000);
    // Vista: two lost answers in a row. Paciolan: the cache refuses the
    // sold order (SQLite's own refusal, as a full disk gives).
    let mut full_disk = Vec::new();
    for i in 1..=BULK {
        if i % 7 == 0 {
            w.sandbox.set_behaviour(
                Platform::Vista,
                &format!("VS-B{i:05}"),
                Behaviour::DropBeforeApply { times: 2 },
            );
        }
        if i % 11 == 0 {
            full_disk.push(format!("'PC-B{i:05}'"));
        }
    }
    w.cache
        .connection()
        .execute_batch(&format!(
            "CREATE TRIGGER test_disk_full BEFORE UPDATE ON orders
             WHEN NEW.id IN ({}) AND NEW.status IN ('completed', 'partial')
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
            full_disk.join(", ")
        ))
        .unwrap();

    let run = |platform: Platform, id: String| {
        let c = &c;
        let w = &w;
        async move {
            let o = order(w, platform, &id);
            c.complete(
                &profile(w, platform),
                &credentials(platform),
                &o,
                None,
                &actor(),
            )
            .await
            .map(|out| out.elsewhere)
        }
    };
    // Every tenth order gets a second runner at the same time: a double
    // click, or a second window.
    let runs: Vec<(Platform, String)> = orders
        .iter()
        .enumerate()
        .flat_map(|(i, o)| {
            let twice = i % 10 == 0;
            std::iter::once(o.clone()).chain(twice.then(|| o.clone()))
        })
        .collect();
    let raced = runs.len() - orders.len();
    let first: Vec<_> = futures::stream::iter(runs)
        .map(|(p, id)| run(p, id))
        .buffer_unordered(24)
        .collect()
        .await;
    let errors = first.iter().filter(|r| r.is_err()).count();
    assert_eq!(errors, 0, "every completion ends in a journalled state");
    let elsewhere = first.iter().filter(|r| matches!(r, Ok(true))).count();
    assert!(
        elsewhere > 0,
        "some second runners must have found the first at work"
    );

    // The network recovers and the disk has room again; the counter puts
    // journalled sales back into their orders and resumes what was left
    // unfinished, as it does on start.
    quiet(&w).await;
    w.cache
        .connection()
        .execute_batch("DROP TRIGGER test_disk_full")
        .unwrap();
    let rebuilt = c.apply_answers().unwrap();
    let journal = Journal::new(&w.cache);
    for e in journal.unfinished().unwrap() {
        let p = profile(&w, e.platform);
        c.run(&p, &credentials(e.platform), e).await.unwrap();
    }

    let ledger = w.sandbox.ledger();
    let mut states: HashMap<State, u32> = HashMap::new();
    let (mut doubled, mut lost, mut unknown, mut attention_sold, mut stranded) = (0, 0, 0, 0, 0);
    for (platform, id) in &orders {
        let e = journal
            .for_order(*platform, id)
            .unwrap()
            .expect("journalled");
        *states.entry(e.state).or_default() += 1;
        let sold = ledger
            .applied
            .get(&format!("{platform}:{id}"))
            .copied()
            .unwrap_or(0);
        if sold > 1 {
            doubled += 1;
        }
        if matches!(e.state, State::Completed | State::Partial) {
            let cached = order(&w, *platform, id);
            let printable = cached.printable_tickets().count() > 0 || cached.tickets.is_empty();
            if !matches!(cached.status, OrderStatus::Completed | OrderStatus::Partial) || !printable
            {
                stranded += 1;
            }
        }
        match e.state {
            State::Completed | State::Partial if sold != 1 => lost += 1,
            State::Failed if sold != 0 => lost += 1,
            State::NeedsAttention if sold == 1 => attention_sold += 1,
            s if !s.is_final() => unknown += 1,
            _ => {}
        }
    }
    let duplicates: u32 = ledger.duplicates.values().sum();
    println!(
        "fault run: {} completions, {raced} of them raced by a second runner ({elsewhere} found the first at work) (seed {seed}); states {states:?}; doubled {doubled}; lost {lost}; \
         not in a known state {unknown}; sold but not printable {stranded} ({rebuilt} rebuilt from the journal after the full disk); duplicate POSTs refused by the platform {duplicates}; \
         needs attention and really sold {attention_sold}; platform requests {}; faults injected {:?}",
        orders.len(),
        ledger.requests,
        ledger.injected
    );
    assert_eq!(doubled, 0, "an order was sold twice");
    assert_eq!(
        duplicates, 0,
        "a completion was sent again for a sold order"
    );
    assert_eq!(lost, 0, "the journal disagrees with what the platform sold");
    assert_eq!(unknown, 0, "an order was left in an unknown state");
    assert_eq!(
        stranded, 0,
        "a sold order is not cached as sold and printable"
    );
    assert!(rebuilt > 0, "some sales met the full disk");
    let injected: u64 = ledger.injected.values().sum();
    assert!(
        injected > 100,
        "the run must actually be faulty ({injected} faults)"
    );
}

/// Turns the sandbox's faults off through its control surface.
async fn quiet(w: &World) {
    let url = format!("{}/_sandbox/settings", w.sandbox.base_url());
    let body = serde_json::json!({"pendingPolls": 1, "faults": {}});
    let r = reqwest::Client::new()
        .put(url)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
}
