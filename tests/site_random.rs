//! Site mode under a seeded random schedule: three counters in this
//! process, each reaching the one PostgreSQL through its own proxy whose
//! mode changes at random (pass, refuse, black hole, cut after the request,
//! slow), printing originals and reprints, completing orders and having
//! rounds with the site in a random order. After each schedule everyone is
//! let through and synced, and the invariants are checked:
//!
//! - at most one original of a ticket at the site that is not a conflict
//!   (the site decides while it is reachable);
//! - every entry a counter made reaches the site exactly once;
//! - the conflicts recorded are exactly the originals printed twice (or
//!   more) while cut off: Σ (originals printed − 1) per ticket;
//! - no order is completed (POSTed to the platform) by two counters that
//!   could both reach the site;
//! - every counter's copy of the chain, and the site's chain, verify.
//!
//! `BOX_OFFICE_SITE_SEED` replays a seed; `BOX_OFFICE_SITE_SCHEDULES`
//! changes how many schedules run (at least 200 by default).

mod common;

use std::collections::BTreeMap;
use std::net::SocketAddr;

use box_office::completion::Policy;
use box_office::counter::{
    Asker, CompletionInput, Counter, CounterError, ManagerPin, OperatorRef, PrintRequest, PrintTo,
    ReprintRequest,
};
use box_office::domain::{Order, Platform};
use box_office::operators::Pin;
use box_office::printlog::ReprintReason;
use box_office::providers::Profile;
use box_office::sandbox::{self, Catalogue, SandboxConfig};
use box_office::secrets::Sensitive;
use box_office::site::SiteError;
use box_office::tickets::Stock;
use box_office::training;
use chrono::Utc;
use common::site::{Mode, Proxy, SiteDb, app_password, port};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const MANAGER: (&str, &str) = ("Дежурный менеджер", "582611");

struct Node {
    dir: tempfile::TempDir,
    counter: Counter,
    proxy: Proxy,
    name: String,
}

fn pin() -> Pin {
    Pin::new(MANAGER.1.to_owned()).unwrap()
}

fn base_order() -> Order {
    Catalogue::seeded(Utc::now())
        .orders
        .into_iter()
        .find(|s| s.order.id == "AF-1001")
        .unwrap()
        .order
}

fn order_for(base: &Order, tag: &str, s: usize) -> Order {
    let mut o = base.clone();
    let id = format!("RND-{tag}-{s}");
    o.id = id.clone();
    o.ids.order_number = Some(id.clone());
    for (i, t) in o.tickets.iter_mut().enumerate() {
        t.id = format!("{id}-{}", i + 1);
    }
    o
}

fn modes(rng: &mut StdRng) -> Mode {
    match rng.random_range(0..100) {
        0..=44 => Mode::Pass,
        45..=69 => Mode::Refuse,
        70..=79 => Mode::CutAfterRequest,
        80..=89 => Mode::Slow(3),
        _ => Mode::BlackHole,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_schedules_keep_the_site_invariants() {
    // SAFETY: set before any thread of this test binary reads it (the only
    // test here): a black hole costs a second, not five; long enough that a
    // slow answer on this busy machine is not taken for an outage.
    unsafe { std::env::set_var("BOX_OFFICE_SITE_TIMEOUT_MS", "1000") };
    let seed: u64 = std::env::var("BOX_OFFICE_SITE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5173_2026);
    let schedules: usize = std::env::var("BOX_OFFICE_SITE_SCHEDULES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    eprintln!("seed {seed}, {schedules} schedules (BOX_OFFICE_SITE_SEED replays)");
    let mut rng = StdRng::seed_from_u64(seed);
    let tag = uuid::Uuid::new_v4().simple().to_string()[..6].to_owned();
    let site = SiteDb::new("random").await;
    let platform = sandbox::start(
        SandboxConfig {
            bulk: u32::try_from(schedules).unwrap(),
            pending_polls: 0,
            ..SandboxConfig::default()
        },
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap();

    let mut nodes = Vec::new();
    for n in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let counter = Counter::open(dir.path()).unwrap();
        let proxy = Proxy::start(port()).await;
        let profile = Profile {
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
        };
        counter
            .add_profile(&profile, &training::credentials(Platform::Vista))
            .unwrap();
        nodes.push(Node {
            dir,
            counter,
            proxy,
            name: format!("rnd-{tag}-{n}"),
        });
    }
    let p = pin();
    let boss = Asker::Pin {
        name: MANAGER.0,
        pin: &p,
    };
    let mp = ManagerPin {
        manager: OperatorRef::Name(MANAGER.0),
        pin: &p,
    };
    nodes[0].counter.add_first_manager(MANAGER.0, &p).unwrap();
    for (i, n) in nodes.iter().enumerate() {
        let who = (i == 0).then_some((&boss, &mp));
        n.counter
            .join_site(
                who,
                site.link(&n.name, n.proxy.port),
                Sensitive::new(app_password()),
            )
            .await
            .unwrap();
    }
    // The orders to complete, cached at the first counter and so at all.
    let to_complete: Vec<Order> = platform
        .catalogue()
        .orders
        .iter()
        .filter(|s| s.order.id.starts_with("VS-B"))
        .map(|s| s.order.clone())
        .collect();
    nodes[0]
        .counter
        .import(
            to_complete.iter().cloned().map(Ok),
            Some(&format!("vista-{tag}")),
            500,
            None,
            |_| {},
        )
        .unwrap();
    for n in &nodes {
        n.counter.site_sync().await.unwrap();
    }
    for n in &nodes {
        n.counter.site_sync().await.unwrap();
    }

    let base = base_order();
    let fast = Policy {
        poll_first: std::time::Duration::from_millis(10),
        poll_max: std::time::Duration::from_millis(50),
        ..Policy::default()
    };
    let mut printed_total = 0usize;
    let mut conflicts_expected = 0i64;
    let mut completed_online = 0usize;
    for s in 0..schedules {
        let order = order_for(&base, &tag, s);
        let home = rng.random_range(0..3);
        nodes[home]
            .counter
            .import(std::iter::once(Ok(order.clone())), None, 10, None, |_| {})
            .unwrap();
        nodes[home].counter.site_sync().await.unwrap();
        for n in &nodes {
            n.counter.site_sync().await.unwrap();
        }
        let mut originals: BTreeMap<String, i64> = BTreeMap::new();
        let steps = rng.random_range(5..12);
        for _ in 0..steps {
            let i = rng.random_range(0..3);
            let node = &nodes[i];
            match rng.random_range(0..100) {
                0..=39 => {
                    let t = &order.tickets[rng.random_range(0..order.tickets.len())].id;
                    let req = PrintRequest {
                        tickets: Some(vec![t.clone()]),
                        to: PrintTo::Pdf(node.dir.path().join(format!("{s}-{t}.pdf"))),
                        stock: Stock::A4,
                    };
                    match node
                        .counter
                        .print(&boss, None, Platform::Afisha, &order.id, &req)
                        .await
                    {
                        Ok(r) => {
                            assert_eq!(r.copies.len(), 1);
                            assert_eq!(r.copies[0].copy, 0);
                            *originals.entry(t.clone()).or_default() += 1;
                            printed_total += 1;
                        }
                        Err(
                            CounterError::PrintedElsewhere { .. }
                            | CounterError::AlreadyPrinted { .. },
                        ) => {}
                        Err(e) => panic!("schedule {s}: a print failed: {e}"),
                    }
                }
                40..=49 => {
                    let t = &order.tickets[rng.random_range(0..order.tickets.len())].id;
                    let req = ReprintRequest {
                        tickets: vec![t.clone()],
                        reason: ReprintReason::Damaged,
                        note: None,
                        to: PrintTo::Pdf(node.dir.path().join(format!("{s}-{t}-again.pdf"))),
                        stock: Stock::A4,
                    };
                    match node
                        .counter
                        .reprint(&boss, Some(&mp), Platform::Afisha, &order.id, &req)
                        .await
                    {
                        Ok(r) => assert!(r.copies[0].copy > 0),
                        Err(
                            CounterError::NotPrintedYet { .. }
                            | CounterError::AlreadyPrinted { .. },
                        ) => {}
                        Err(e) => panic!("schedule {s}: a reprint failed: {e}"),
                    }
                }
                50..=74 => node.proxy.set(modes(&mut rng)),
                75..=89 => {
                    node.counter.site_sync().await.unwrap();
                }
                _ => {
                    // Two counters that both reach the site complete the
                    // same order at once: one sends it, the other is told.
                    let j = (i + 1 + rng.random_range(0..2)) % 3;
                    let (x, y) = (&nodes[i], &nodes[j]);
                    if x.proxy.mode() != Mode::Pass || y.proxy.mode() != Mode::Pass {
                        continue;
                    }
                    let target = &to_complete[s % to_complete.len()];
                    let input = CompletionInput {
                        profile: None,
                        text: None,
                    };
                    let (a, b) = tokio::join!(
                        x.counter
                            .complete(&boss, Platform::Vista, &target.id, &input, fast),
                        y.counter
                            .complete(&boss, Platform::Vista, &target.id, &input, fast)
                    );
                    for r in [&a, &b] {
                        match r {
                            Ok(_) => {}
                            Err(CounterError::Site(SiteError::CompletingElsewhere { .. })) => {}
                            Err(CounterError::Completion(_)) => {}
                            Err(e) => panic!("schedule {s}: a completion failed: {e}"),
                        }
                    }
                    completed_online += 1;
                }
            }
        }
        // Everyone back: what was done while cut off reaches the site.
        for n in &nodes {
            n.proxy.set(Mode::Pass);
        }
        for _ in 0..2 {
            for n in &nodes {
                n.counter.site_sync().await.unwrap();
            }
        }
        for n in &nodes {
            let st = n.counter.site_status().unwrap().unwrap();
            assert_eq!(
                st.pending, 0,
                "schedule {s}: {} still has entries to send",
                n.name
            );
        }
        let owner = site.owner().await;
        for t in &order.tickets {
            let rows = owner
                .query(
                    "SELECT conflict, offline FROM print_log
                     WHERE kind = 'attempt' AND copy = 0 AND ticket_id = $1",
                    &[&t.id],
                )
                .await
                .unwrap();
            let printed = originals.get(&t.id).copied().unwrap_or(0);
            assert_eq!(
                rows.len() as i64,
                printed,
                "schedule {s} (seed {seed}): ticket {}: {printed} originals printed, {} at the site",
                t.id,
                rows.len()
            );
            let firsts = rows.iter().filter(|r| !r.get::<_, bool>(0)).count();
            assert!(
                firsts <= 1,
                "schedule {s}: two originals of {} that are not conflicts",
                t.id
            );
            for r in &rows {
                if r.get::<_, bool>(0) {
                    assert!(r.get::<_, bool>(1), "a conflict printed online at {}", t.id);
                }
            }
            conflicts_expected += (printed - 1).max(0);
        }
    }
    let owner = site.owner().await;
    let conflicts: i64 = owner
        .query_one("SELECT count(*) FROM print_log WHERE conflict", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(conflicts, conflicts_expected, "seed {seed}");
    // Every entry of every counter at the site, once.
    for n in &nodes {
        // This counter's own entries, each with the key it was sent under.
        let keys: Vec<(i64, Option<String>)> = {
            let cache = box_office::cache::Cache::open_in(n.dir.path()).unwrap();
            let conn = cache.connection();
            let mut stmt = conn
                .prepare("SELECT p.seq, k.key FROM print_log p LEFT JOIN site_keys k ON k.local_seq = p.seq")
                .unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        assert!(!keys.is_empty());
        for (seq, k) in keys {
            let k = uuid::Uuid::parse_str(
                &k.unwrap_or_else(|| panic!("{}: entry {seq} has no site key", n.name)),
            )
            .unwrap();
            let found: i64 = owner
                .query_one("SELECT count(*) FROM print_log WHERE entry_key = $1", &[&k])
                .await
                .unwrap()
                .get(0);
            assert_eq!(found, 1, "{}: entry {k}", n.name);
        }
        let chain = n.counter.verify_site_log().await.unwrap().unwrap();
        assert!(chain.broken.is_none(), "{}: {chain}", n.name);
        let own = n.counter.verify_print_log().unwrap();
        assert!(own.broken.is_none(), "{}: {own}", n.name);
    }
    let ledger = platform.ledger();
    for (order, posts) in &ledger.posts {
        assert!(
            *posts <= 1,
            "{order} was sent {posts} times by counters that could reach the site"
        );
    }
    eprintln!(
        "{schedules} schedules: {printed_total} originals printed, {conflicts} conflicts, {completed_online} completion races"
    );
}
