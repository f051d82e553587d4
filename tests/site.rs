//! Site mode with counters in this process, each with its own data folder
//! and SQLite, sharing one real PostgreSQL (see `common/site.rs`), some of
//! them through a proxy that cuts them off. What must hold across counters:
//! one original per ticket, copy numbers counted site-wide, operators and
//! their wrong PINs decided at the site, orders found at any counter, and
//! what a counter did while cut off reaching the site exactly once.

mod common;

use std::path::PathBuf;

use box_office::counter::{
    Asker, Counter, CounterError, ManagerPin, OperatorRef, PrintRequest, PrintTo, ReprintRequest,
};
use box_office::domain::{Order, Platform};
use box_office::operators::{OperatorError, Pin, Role};
use box_office::printlog::ReprintReason;
use box_office::sandbox::Catalogue;
use box_office::secrets::Sensitive;
use box_office::tickets::Stock;
use chrono::Utc;
use common::site::{Mode, Proxy, SiteDb, app_password, port};

const MANAGER: (&str, &str) = ("Мария Site", "582611");
const CASHIER: (&str, &str) = ("Анна", "739150");

fn pin(p: &str) -> Pin {
    Pin::new(p.to_owned()).unwrap()
}

fn mpin(p: &Pin) -> ManagerPin<'_> {
    ManagerPin {
        manager: OperatorRef::Name(MANAGER.0),
        pin: p,
    }
}

/// A counter in this process: its data folder and the till over it.
struct Till {
    dir: tempfile::TempDir,
    counter: Counter,
    name: String,
}

impl Till {
    fn new(tag: &str, n: usize) -> Till {
        let dir = tempfile::tempdir().unwrap();
        let counter = Counter::open(dir.path()).unwrap();
        Till {
            dir,
            counter,
            name: format!("{tag}-{n}"),
        }
    }

    fn pdf(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("{name}.pdf"))
    }

    /// Opens the till again from its folder (as a restart would).
    fn reopen(&mut self) {
        self.counter = Counter::open(self.dir.path()).unwrap();
    }
}

fn tag() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..6].to_owned()
}

/// An order of the catalogue under a fresh id (so no two tests share one).
fn order(n: usize) -> Order {
    let mut o = Catalogue::seeded(Utc::now())
        .orders
        .into_iter()
        .find(|s| s.order.id == "AF-1001")
        .unwrap()
        .order;
    let id = format!("SITE-{}-{n}", tag());
    o.id = id.clone();
    o.ids.order_number = Some(id.clone());
    for (i, t) in o.tickets.iter_mut().enumerate() {
        t.id = format!("{id}-{}", i + 1);
    }
    o
}

fn import(c: &Counter, o: &Order) {
    c.import(std::iter::once(Ok(o.clone())), None, 10, None, |_| {})
        .unwrap();
}

async fn join(t: &Till, site: &SiteDb, port: u16, manager: bool) {
    let m = pin(MANAGER.1);
    let asker = Asker::Pin {
        name: MANAGER.0,
        pin: &m,
    };
    let mp = mpin(&m);
    let who = manager.then_some((&asker, &mp));
    t.counter
        .join_site(
            who,
            site.link(&t.name, port),
            Sensitive::new(app_password()),
        )
        .await
        .unwrap();
}

fn print_one(t: &Till, who: &Asker<'_>, o: &Order, ticket: &str) -> PrintRequest {
    let _ = who;
    PrintRequest {
        tickets: Some(vec![ticket.to_owned()]),
        to: PrintTo::Pdf(t.pdf(&format!("{}-{ticket}", o.id))),
        stock: Stock::A4,
    }
}

#[tokio::test]
async fn two_counters_print_one_original_and_number_reprints_site_wide() {
    let tag = tag();
    let site = SiteDb::new("two").await;
    let a = Till::new(&tag, 1);
    let b = Till::new(&tag, 2);
    a.counter
        .add_first_manager(MANAGER.0, &pin(MANAGER.1))
        .unwrap();
    join(&a, &site, port(), true).await;
    // B has no operator yet: it joins without a PIN and gets A's manager.
    join(&b, &site, port(), false).await;
    let names: Vec<String> = b
        .counter
        .operator_list()
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, vec![MANAGER.0.to_owned()]);

    // A cashier added at B is the site's: A can sign them in.
    let m = pin(MANAGER.1);
    let cashier = b
        .counter
        .add_operator(
            &Asker::Pin {
                name: MANAGER.0,
                pin: &m,
            },
            &mpin(&m),
            CASHIER.0,
            Role::Cashier,
            &pin(CASHIER.1),
        )
        .unwrap();
    assert_eq!(cashier.name, CASHIER.0);
    a.counter.site_sync().await.unwrap();
    let c = pin(CASHIER.1);
    let anna = Asker::Pin {
        name: CASHIER.0,
        pin: &c,
    };
    a.counter.identify(&anna).unwrap();

    // The order, imported at A, is found at B.
    let o = order(1);
    import(&a.counter, &o);
    a.counter.site_sync().await.unwrap();
    b.counter.site_sync().await.unwrap();
    b.counter.cached_order(Platform::Afisha, &o.id).unwrap();

    let t1 = o.tickets[0].id.clone();
    let r = a
        .counter
        .print(
            &anna,
            None,
            Platform::Afisha,
            &o.id,
            &print_one(&a, &anna, &o, &t1),
        )
        .await
        .unwrap();
    assert_eq!(r.copies.len(), 1);
    assert_eq!(r.copies[0].copy, 0);

    // B has not even synced: the site refuses it, naming A and Анна.
    let refused = b
        .counter
        .print(
            &anna,
            None,
            Platform::Afisha,
            &o.id,
            &print_one(&b, &anna, &o, &t1),
        )
        .await;
    match refused {
        Err(CounterError::PrintedElsewhere {
            counter, operator, ..
        }) => {
            assert_eq!(counter, a.name);
            assert_eq!(operator, CASHIER.0);
        }
        other => panic!("B printed A's original: {other:?}"),
    }

    // Reprints are numbered at the site: B's is 1, A's is 2.
    let reprint = |t: &Till| ReprintRequest {
        tickets: vec![t1.clone()],
        reason: ReprintReason::Damaged,
        note: None,
        to: PrintTo::Pdf(t.pdf("reprint")),
        stock: Stock::A4,
    };
    let rb = b
        .counter
        .reprint(
            &anna,
            Some(&mpin(&m)),
            Platform::Afisha,
            &o.id,
            &reprint(&b),
        )
        .await
        .unwrap();
    assert_eq!(rb.copies[0].copy, 1);
    let ra = a
        .counter
        .reprint(
            &anna,
            Some(&mpin(&m)),
            Platform::Afisha,
            &o.id,
            &reprint(&a),
        )
        .await
        .unwrap();
    assert_eq!(ra.copies[0].copy, 2, "A must number after B's reprint");

    // Every counter's copy of the site log verifies.
    for t in [&a, &b] {
        t.counter.site_sync().await.unwrap();
        let chain = t.counter.verify_site_log().await.unwrap().unwrap();
        assert!(chain.entries >= 6, "{chain:?}");
        assert_eq!(t.counter.site_status().unwrap().unwrap().pending, 0);
    }
}

#[tokio::test]
async fn wrong_pins_count_across_counters_and_a_removed_operator_is_refused_everywhere() {
    let tag = tag();
    let site = SiteDb::new("pins").await;
    let a = Till::new(&tag, 1);
    let b = Till::new(&tag, 2);
    a.counter
        .add_first_manager(MANAGER.0, &pin(MANAGER.1))
        .unwrap();
    join(&a, &site, port(), true).await;
    join(&b, &site, port(), false).await;
    let m = pin(MANAGER.1);
    let boss = Asker::Pin {
        name: MANAGER.0,
        pin: &m,
    };
    a.counter
        .add_operator(&boss, &mpin(&m), CASHIER.0, Role::Cashier, &pin(CASHIER.1))
        .unwrap();
    b.counter.site_sync().await.unwrap();
    let wrong = pin("000000");
    let guess = Asker::Pin {
        name: CASHIER.0,
        pin: &wrong,
    };
    // Two wrong at A, two at B, then the lock comes at whichever is next.
    let mut results = Vec::new();
    for t in [&a, &b, &a, &b, &a] {
        results.push(t.counter.identify(&guess));
    }
    assert!(
        matches!(
            results.last(),
            Some(Err(CounterError::Operator(OperatorError::Locked { .. })))
        ),
        "{results:?}"
    );
    // The right PIN is refused at B too: locked site-wide.
    let right = pin(CASHIER.1);
    let anna = Asker::Pin {
        name: CASHIER.0,
        pin: &right,
    };
    assert!(matches!(
        b.counter.identify(&anna),
        Err(CounterError::Operator(OperatorError::Locked { .. }))
    ));
    b.counter
        .unlock_operator(&boss, &mpin(&m), OperatorRef::Name(CASHIER.0))
        .unwrap();
    a.counter.identify(&anna).unwrap();
    // Removed at B: refused at A at once (the site says so), listed nowhere.
    b.counter
        .remove_operator(&boss, &mpin(&m), OperatorRef::Name(CASHIER.0))
        .unwrap();
    assert!(a.counter.identify(&anna).is_err());
    a.counter.site_sync().await.unwrap();
    assert!(
        a.counter
            .operator_list()
            .unwrap()
            .iter()
            .all(|o| o.name != CASHIER.0)
    );
}

#[tokio::test]
async fn a_counter_cut_off_prints_offline_and_a_second_original_becomes_a_conflict_until_acknowledged()
 {
    let tag = tag();
    let site = SiteDb::new("cut").await;
    let proxy = Proxy::start(port()).await;
    let a = Till::new(&tag, 1);
    let b = Till::new(&tag, 2);
    a.counter
        .add_first_manager(MANAGER.0, &pin(MANAGER.1))
        .unwrap();
    join(&a, &site, port(), true).await;
    join(&b, &site, proxy.port, false).await;
    let m = pin(MANAGER.1);
    let boss = Asker::Pin {
        name: MANAGER.0,
        pin: &m,
    };
    let o = order(2);
    import(&a.counter, &o);
    a.counter.site_sync().await.unwrap();
    b.counter.site_sync().await.unwrap();
    let t1 = o.tickets[0].id.clone();

    // B is cut off and prints the original; A, online, prints it too.
    proxy.set(Mode::Refuse);
    let rb = b
        .counter
        .print(
            &boss,
            None,
            Platform::Afisha,
            &o.id,
            &print_one(&b, &boss, &o, &t1),
        )
        .await
        .unwrap();
    assert_eq!(rb.copies[0].copy, 0);
    let status = b.counter.site_status().unwrap().unwrap();
    assert_eq!(status.reachable, Some(false));
    assert!(status.unreachable_since.is_some());
    assert!(status.pending >= 2, "{status:?}");
    let ra = a
        .counter
        .print(
            &boss,
            None,
            Platform::Afisha,
            &o.id,
            &print_one(&a, &boss, &o, &t1),
        )
        .await
        .unwrap();
    assert_eq!(ra.copies[0].copy, 0);

    // B comes back: its original is kept, as a conflict, seen at both.
    proxy.set(Mode::Pass);
    b.counter.site_sync().await.unwrap();
    a.counter.site_sync().await.unwrap();
    for t in [&a, &b] {
        let s = t.counter.site_status().unwrap().unwrap();
        assert_eq!(s.pending, 0);
        assert_eq!(s.conflicts.len(), 1, "{s:?}");
        assert_eq!(s.conflicts[0].counter, b.name);
        assert_eq!(
            s.conflicts[0].first_counter.as_deref(),
            Some(a.name.as_str())
        );
    }
    let owner = site.owner().await;
    let originals: i64 = owner
        .query_one(
            "SELECT count(*) FROM print_log WHERE kind = 'attempt' AND copy = 0 AND ticket_id = $1",
            &[&t1],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(originals, 2, "the second original is kept, never dropped");
    let seq = a.counter.site_status().unwrap().unwrap().conflicts[0].seq;
    a.counter
        .acknowledge_conflict(&boss, &mpin(&m), seq)
        .await
        .unwrap();
    b.counter.site_sync().await.unwrap();
    assert!(
        b.counter
            .site_status()
            .unwrap()
            .unwrap()
            .conflicts
            .is_empty()
    );
}

#[tokio::test]
async fn a_reply_lost_after_the_site_stored_the_entry_is_not_stored_twice() {
    let tag = tag();
    let site = SiteDb::new("lost").await;
    let proxy = Proxy::start(port()).await;
    let mut b = Till::new(&tag, 1);
    b.counter
        .add_first_manager(MANAGER.0, &pin(MANAGER.1))
        .unwrap();
    join(&b, &site, proxy.port, true).await;
    let m = pin(MANAGER.1);
    let boss = Asker::Pin {
        name: MANAGER.0,
        pin: &m,
    };
    let o = order(3);
    import(&b.counter, &o);
    b.counter.site_sync().await.unwrap();
    let t1 = o.tickets[0].id.clone();
    proxy.set(Mode::CutAfterRequest);
    let r = b
        .counter
        .print(
            &boss,
            None,
            Platform::Afisha,
            &o.id,
            &print_one(&b, &boss, &o, &t1),
        )
        .await
        .unwrap();
    assert_eq!(r.copies[0].copy, 0);
    proxy.set(Mode::Pass);
    b.reopen();
    b.counter.site_sync().await.unwrap();
    let owner = site.owner().await;
    let rows: i64 = owner
        .query_one(
            "SELECT count(*) FROM print_log WHERE kind = 'attempt' AND ticket_id = $1",
            &[&t1],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
    let dup: i64 = owner
        .query_one(
            "SELECT count(*) - count(DISTINCT entry_key) FROM print_log",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(dup, 0);
    assert_eq!(b.counter.site_status().unwrap().unwrap().conflicts.len(), 0);
}

#[tokio::test]
async fn a_second_counter_is_told_who_completed_the_order_and_sees_every_completion() {
    use box_office::completion::Policy;
    use box_office::counter::CompletionInput;
    use box_office::providers::Profile;
    use box_office::sandbox::{self, SandboxConfig};
    use box_office::site::SiteError;

    let tag = tag();
    let site = SiteDb::new("claims").await;
    let platform = sandbox::start(
        SandboxConfig {
            bulk: 2,
            pending_polls: 0,
            ..SandboxConfig::default()
        },
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap();
    let a = Till::new(&tag, 1);
    let b = Till::new(&tag, 2);
    for t in [&a, &b] {
        t.counter
            .add_profile(
                &Profile {
                    name: format!("vista-{tag}"),
                    platform: Platform::Vista,
                    display_name: "Vista".into(),
                    base_url: platform.base_url(),
                    region_code: None,
                    application_id: None,
                    channel_code: None,
                    partner_id: None,
                    currency: "EUR".parse().unwrap(),
                    time_zone: Some("Europe/Berlin".into()),
                },
                &box_office::training::credentials(Platform::Vista),
            )
            .unwrap();
    }
    a.counter
        .add_first_manager(MANAGER.0, &pin(MANAGER.1))
        .unwrap();
    join(&a, &site, port(), true).await;
    join(&b, &site, port(), false).await;
    let order = platform
        .catalogue()
        .orders
        .iter()
        .find(|s| s.order.id == "VS-B00001")
        .unwrap()
        .order
        .clone();
    a.counter
        .import(
            std::iter::once(Ok(order.clone())),
            Some(&format!("vista-{tag}")),
            10,
            None,
            |_| {},
        )
        .unwrap();
    a.counter.site_sync().await.unwrap();
    b.counter.site_sync().await.unwrap();
    let m = pin(MANAGER.1);
    let boss = Asker::Pin {
        name: MANAGER.0,
        pin: &m,
    };
    let input = CompletionInput {
        profile: None,
        text: None,
    };
    let fast = Policy {
        poll_first: std::time::Duration::from_millis(10),
        ..Policy::default()
    };
    a.counter
        .complete(&boss, Platform::Vista, &order.id, &input, fast)
        .await
        .unwrap();
    a.counter.site_sync().await.unwrap();
    b.counter.site_sync().await.unwrap();

    // B shows who completed it, offers no completion, and is refused one.
    let view = b
        .counter
        .order_view(
            Platform::Vista,
            &order.id,
            box_office::settings::Language::En,
        )
        .unwrap();
    let there = view.elsewhere.expect("B knows A completed it");
    assert_eq!(there.counter, a.name);
    assert_eq!(there.state, "completed");
    assert!(!view.can_complete);
    let refused = b
        .counter
        .complete(&boss, Platform::Vista, &order.id, &input, fast)
        .await;
    assert!(
        matches!(
            refused,
            Err(CounterError::Site(SiteError::CompletingElsewhere { .. }))
        ),
        "{refused:?}"
    );
    assert_eq!(
        platform
            .ledger()
            .posts
            .get(&format!("vista:{}", order.id))
            .copied(),
        Some(1)
    );
    // Every completion of the cinema, with its Request-ID, at B.
    let all = b.counter.cinema_completions(10).unwrap();
    let mine = all.iter().find(|c| c.order_id == order.id).unwrap();
    assert_eq!(
        (mine.counter.as_str(), mine.state.as_str()),
        (a.name.as_str(), "completed")
    );
    assert!(uuid::Uuid::parse_str(&mine.request_id).is_ok());
}
