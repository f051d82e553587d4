//! The paths where one order could be sold twice, or a paid order could
//! never print, each against the sandbox over real HTTP. The sandbox's
//! ledger is the platform's truth: what it sold, and how many POSTs it saw.

mod common;

use box_office::cache::Cache;
use box_office::completion::State;
use box_office::domain::{OrderStatus, Platform, TicketState};
use box_office::providers::afisha::AfishaClient;
use box_office::providers::{ProviderError, http};
use box_office::sandbox::SandboxConfig;
use box_office::secrets::Sensitive;
use box_office::tickets::{RenderOptions, render_order};
use common::*;

fn ledger_count(map: &std::collections::BTreeMap<String, u32>, p: Platform, id: &str) -> u32 {
    map.get(&format!("{p}:{id}")).copied().unwrap_or(0)
}

async fn complete(w: &World, platform: Platform, id: &str) -> box_office::completion::Outcome {
    completer(w)
        .complete(
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
async fn a_gateway_error_after_the_sale_needs_a_person_and_is_never_sent_again() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Paciolan, "PC-3012").await;
    assert_eq!(
        o.entry.state,
        State::NeedsAttention,
        "{:?}",
        o.entry.message
    );
    assert_eq!(o.entry.http_status, Some(502));
    let msg = o.entry.message.clone().unwrap();
    assert!(
        msg.contains(&o.entry.request_id.to_string()) && msg.contains("may have happened"),
        "{msg}"
    );
    assert!(!msg.contains("were not sold"), "{msg}");
    let ledger = w.sandbox.ledger();
    assert_eq!(
        ledger_count(&ledger.applied, Platform::Paciolan, "PC-3012"),
        1
    );
    assert_eq!(
        ledger_count(&ledger.posts, Platform::Paciolan, "PC-3012"),
        1,
        "a 502 is not in the page's retry table"
    );
    // Asking again sends nothing.
    let again = complete(&w, Platform::Paciolan, "PC-3012").await;
    assert_eq!(again.entry.state, State::NeedsAttention);
    assert_eq!(
        ledger_count(&w.sandbox.ledger().posts, Platform::Paciolan, "PC-3012"),
        1
    );
}

#[tokio::test]
async fn an_unreadable_answer_after_the_sale_needs_a_person() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Paciolan, "PC-3013").await;
    assert_eq!(
        o.entry.state,
        State::NeedsAttention,
        "{:?}",
        o.entry.message
    );
    assert!(o.entry.message.unwrap().contains("does not say whether"));
    let ledger = w.sandbox.ledger();
    assert_eq!(
        ledger_count(&ledger.applied, Platform::Paciolan, "PC-3013"),
        1
    );
    assert_eq!(
        ledger_count(&ledger.posts, Platform::Paciolan, "PC-3013"),
        1
    );
}

#[tokio::test]
async fn vista_reconciles_a_gateway_error_instead_of_posting_again() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Vista, "VS-2011").await;
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    assert_eq!(o.entry.attempts, 1);
    assert_eq!(
        ledger_count(&w.sandbox.ledger().posts, Platform::Vista, "VS-2011"),
        1
    );
}

#[tokio::test]
async fn vista_completed_without_a_transaction_number_is_completed_and_prints() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Vista, "VS-2010").await;
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    assert_eq!(o.order.status, OrderStatus::Completed);
    assert_eq!(o.order.ids.transaction_number, None);
    assert!(
        o.entry
            .message
            .unwrap()
            .contains("gave no collection number")
    );
    let pdf = render_order(&o.order, &RenderOptions::default()).unwrap();
    assert_eq!(pdf.pages, 2);
}

#[tokio::test]
async fn paciolan_add_ons_without_an_event_are_sold_items_and_the_seats_print() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Paciolan, "PC-3011").await;
    assert_eq!(o.entry.state, State::Completed, "{:?}", o.entry.message);
    assert_eq!(o.order.printable_tickets().count(), 2);
    assert_eq!(o.order.items.len(), 1);
    assert_eq!(o.order.items[0].item_code.as_deref(), Some("PARKING"));
    assert!(o.entry.message.unwrap().contains("1 other item"));
    let pdf = render_order(&o.order, &RenderOptions::default()).unwrap();
    assert_eq!((pdf.pages, pdf.refused.len()), (2, 0));
}

#[tokio::test]
async fn paciolan_refusals_keep_their_type_and_code_in_the_journal() {
    let w = world(SandboxConfig::default()).await;
    let o = complete(&w, Platform::Paciolan, "PC-3004").await;
    assert_eq!(o.entry.state, State::Failed);
    assert_eq!(
        (
            o.entry.http_status,
            o.entry.error_type.as_deref(),
            o.entry.error_code.as_deref()
        ),
        (Some(402), Some("PAYMENT_REQUIRED"), Some("MS-402"))
    );
}

#[tokio::test]
async fn a_paciolan_profile_without_its_api_key_sends_nothing() {
    let w = world(SandboxConfig::default()).await;
    let mut creds = credentials(Platform::Paciolan);
    creds.api_key = Some(Sensitive::new(String::new()));
    let o = completer(&w)
        .complete(
            &profile(&w, Platform::Paciolan),
            &creds,
            &order(&w, Platform::Paciolan, "PC-3001"),
            None,
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!((o.entry.state, o.entry.attempts), (State::Failed, 0));
    assert!(o.entry.message.unwrap().contains("PAC-API-Key"));
    assert_eq!(w.sandbox.ledger().requests, 0, "no request left");
}

#[tokio::test]
async fn a_crash_while_sending_says_only_what_is_known() {
    let w = world(SandboxConfig::default()).await;
    let j = box_office::completion::Journal::new(&w.cache);
    let cart = order(&w, Platform::Paciolan, "PC-3001")
        .raw
        .unwrap()
        .text()
        .to_owned();
    let box_office::completion::Begun::New(mut held) = j
        .begin(
            Platform::Paciolan,
            "PC-3001",
            "training",
            Some(&cart),
            &actor(),
        )
        .unwrap()
    else {
        panic!()
    };
    let e = held
        .update(box_office::completion::Change {
            state: Some(State::Sending),
            count_attempt: true,
            ..Default::default()
        })
        .unwrap()
        .clone();
    drop(held);
    let o = completer(&w)
        .run(
            &profile(&w, Platform::Paciolan),
            &credentials(Platform::Paciolan),
            e,
        )
        .await
        .unwrap();
    assert_eq!(o.entry.state, State::NeedsAttention);
    let msg = o.entry.message.unwrap();
    assert!(
        msg.contains("stopped while sending") && !msg.contains("reached Paciolan"),
        "{msg}"
    );
}

#[tokio::test]
async fn two_runners_in_one_process_send_one_post() {
    let w = world(SandboxConfig {
        pending_polls: 2,
        ..SandboxConfig::default()
    })
    .await;
    let vs = order(&w, Platform::Vista, "VS-2008"); // every answer takes 3 s
    let (c1, c2) = (completer(&w), completer(&w));
    let p = profile(&w, Platform::Vista);
    let creds = credentials(Platform::Vista);
    let a = actor();
    let first = c1.complete(&p, &creds, &vs, None, &a);
    let second = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        c2.complete(&p, &creds, &vs, None, &a).await
    };
    let (one, two) = tokio::join!(first, second);
    let (one, two) = (one.unwrap(), two.unwrap());
    assert_eq!(one.entry.state, State::Completed, "{:?}", one.entry.message);
    assert!(two.elsewhere, "the second run reports the first: {two:?}");
    assert_eq!(two.entry.id, one.entry.id);
    assert_eq!(
        ledger_count(&w.sandbox.ledger().posts, Platform::Vista, "VS-2008"),
        1
    );
}

#[tokio::test]
async fn afisha_tickets_with_undefined_or_absent_enums_are_refused_alone() {
    let w = world(SandboxConfig::default()).await;
    let client = AfishaClient::new(
        http::client(http::Timeouts::default()),
        profile(&w, Platform::Afisha),
        credentials(Platform::Afisha),
    );
    let known = order(&w, Platform::Afisha, "AF-1013");
    let o = client.fetch(&known).await.unwrap();
    let untyped: Vec<&str> = o
        .tickets
        .iter()
        .filter(|t| t.untyped_barcode.is_some())
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(untyped, ["AF-1013-2", "AF-1013-3"]);
    let total = o.sum.as_ref().and_then(|s| s.total).unwrap();
    assert_eq!((total.minor, total.currency.code()), (5_400, "JPY"));
    let pdf = render_order(&o, &RenderOptions::default()).unwrap();
    assert_eq!((pdf.pages, pdf.refused.len()), (1, 2));
}

#[tokio::test]
async fn afisha_without_a_zone_uses_the_known_one_or_the_connections() {
    let w = world(SandboxConfig::default()).await;
    let http = http::client(http::Timeouts::default());
    let client = AfishaClient::new(
        http.clone(),
        profile(&w, Platform::Afisha),
        credentials(Platform::Afisha),
    );
    let known = order(&w, Platform::Afisha, "AF-1014");
    let o = client.fetch(&known).await.unwrap();
    assert_eq!(o.session().unwrap().time_zone, "Asia/Kuwait");
    let total = o.sum.unwrap().total.unwrap();
    assert_eq!((total.minor, total.currency.code()), (3_750, "KWD"));
    // Looked up by its code word with nothing known: the connection's zone.
    let e = client.lookup("луна").await.unwrap_err();
    assert!(
        matches!(&e, ProviderError::Malformed { detail, .. } if detail.contains("time zone")),
        "{e}"
    );
    let mut p = profile(&w, Platform::Afisha);
    p.time_zone = Some("Asia/Kuwait".into());
    let o = AfishaClient::new(http, p, credentials(Platform::Afisha))
        .lookup("ЛУНА")
        .await
        .unwrap();
    assert_eq!(o.id, "AF-1014");
    assert_eq!(o.session().unwrap().time_zone, "Asia/Kuwait");
}

#[tokio::test]
async fn afisha_is_asked_by_one_identifier_at_a_time_and_finds_each_kind() {
    let w = world(SandboxConfig::default()).await;
    let client = AfishaClient::new(
        http::client(http::Timeouts::default()),
        profile(&w, Platform::Afisha),
        credentials(Platform::Afisha),
    );
    for typed in ["AF-1001", "1001-5521", "ёлка"] {
        let o = client.lookup(typed).await.unwrap();
        assert_eq!(o.id, "AF-1001", "{typed}");
        assert_eq!(
            o.tickets[0].state,
            TicketState::Valid,
            "{typed}: nothing withdrawn"
        );
    }
}

#[test]
fn every_commit_reaches_the_disk_before_it_returns() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open_in(dir.path()).unwrap();
    let sync: i64 = cache
        .connection()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
}
