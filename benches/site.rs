//! Site mode against the real PostgreSQL on this machine (`./dev bench`
//! starts one in a temporary folder, `fsync` on, and exports where it is):
//!
//! 1. the "already printed" decision: a counter asks the site for an
//!    original another counter printed, and is refused (target p99 ≤ 10 ms);
//!    and a fresh original decided, for comparison;
//! 2. 20 counters printing at once, 500 tickets each, half of them the
//!    same tickets as a neighbour's: throughput, p99, and no ticket with two
//!    originals;
//! 3. replaying a day's outbox of 10,000 entries (target ≤ 5 s);
//! 4. a new counter pulling 100,000 orders (target ≤ 30 s).
//!
//!     ./dev bench --bench site
//!
//! Figures go in docs/benchmarks.md ("Site mode").

use std::time::{Duration, Instant};

use box_office::cache::Cache;
use box_office::counter::migrate_site;
use box_office::domain::OrderDocument;
use box_office::sandbox::population;
use box_office::secrets::Sensitive;
use box_office::site::{self, Connection, SiteEntry, SiteLink, outbox, shared};
use chrono::Utc;
use tokio_postgres::NoTls;
use uuid::Uuid;

fn env(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} is not set: run it with ./dev bench --bench site"))
}

fn link(db: &str, role: &str, counter: &str) -> SiteLink {
    SiteLink {
        host: "127.0.0.1".into(),
        port: env("BOX_OFFICE_TEST_PG_PORT").parse().unwrap(),
        database: db.into(),
        role: role.into(),
        counter: counter.into(),
    }
}

async fn owner(db: &str) -> tokio_postgres::Client {
    let (c, conn) = tokio_postgres::Config::new()
        .host("127.0.0.1")
        .port(env("BOX_OFFICE_TEST_PG_PORT").parse().unwrap())
        .dbname(db)
        .user("box_office_owner")
        .password(env("BOX_OFFICE_TEST_PG_OWNER_PASSWORD"))
        .connect(NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    c
}

/// A counter: its own database file, joined (as far as the site's marks go).
struct Bench {
    _dir: tempfile::TempDir,
    cache: Cache,
    conn: Connection,
    name: String,
}

fn counter(db: &str, name: &str) -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open_in(dir.path()).unwrap();
    let l = link(db, "box_office_app", name);
    site::link::save(&cache, &l, "bench").unwrap();
    let conn = site::connect(l, Sensitive::new(env("BOX_OFFICE_TEST_PG_APP_PASSWORD")));
    Bench {
        _dir: dir,
        cache,
        conn,
        name: name.to_owned(),
    }
}

fn attempt(counter: &str, ticket: &str, offline: bool) -> SiteEntry {
    SiteEntry {
        entry_key: Uuid::new_v4(),
        counter: counter.to_owned(),
        kind: "attempt".into(),
        platform: Some("afisha".into()),
        order_id: Some(format!("O-{}", &ticket[..ticket.len().min(8)])),
        order_number: Some("bench".into()),
        ticket_id: Some(ticket.to_owned()),
        operator_name: Some("Анна".into()),
        workstation: Some(counter.to_owned()),
        target: Some("printer:Bench".into()),
        stock: Some("a4".into()),
        copy: Some(0),
        at: Utc::now().to_rfc3339(),
        offline,
        ..SiteEntry::default()
    }
}

/// One decision as `Site::decide` makes it: queued, sent, answered.
async fn decide(b: &Bench, e: &SiteEntry) -> (Duration, bool) {
    let t = Instant::now();
    outbox::enqueue(&b.cache, e).unwrap();
    let fate = outbox::flush(&b.conn, &b.cache, Some(e.entry_key))
        .await
        .unwrap();
    let stored = matches!(fate, Some(outbox::Fate::Stored(_)));
    (t.elapsed(), stored)
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        // `cargo bench -- --list` and the test harness's probes.
        return;
    }
    let db = format!("bench_{}", &Uuid::new_v4().simple().to_string()[..8]);
    owner("box_office")
        .await
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .await
        .unwrap();
    migrate_site(
        link(&db, "box_office_owner", ""),
        Sensitive::new(env("BOX_OFFICE_TEST_PG_OWNER_PASSWORD")),
    )
    .await
    .unwrap();
    println!("site mode benchmarks (database {db})");

    // 1. The decision.
    let a = counter(&db, "bench-a");
    let b = counter(&db, "bench-b");
    let n = 2000;
    let tickets: Vec<String> = (0..n).map(|i| format!("T1-{i:06}")).collect();
    let mut fresh = Vec::with_capacity(n);
    for t in &tickets {
        let (d, stored) = decide(&a, &attempt(&a.name, t, false)).await;
        assert!(stored);
        fresh.push(d);
    }
    let mut refused = Vec::with_capacity(n);
    for t in &tickets {
        let (d, stored) = decide(&b, &attempt(&b.name, t, false)).await;
        assert!(!stored, "a second original was stored");
        refused.push(d);
    }
    println!(
        "decision, already printed elsewhere ({n}): p50 {}  p99 {}  (target p99 ≤ 10 ms)",
        ms(pct(&mut refused, 0.5)),
        ms(pct(&mut refused, 0.99))
    );
    println!(
        "decision, a fresh original ({n}):        p50 {}  p99 {}",
        ms(pct(&mut fresh, 0.5)),
        ms(pct(&mut fresh, 0.99))
    );

    // 2. Twenty counters at once.
    let counters: Vec<Bench> = (0..20)
        .map(|i| counter(&db, &format!("bench-{i:02}")))
        .collect();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, c) in counters.into_iter().enumerate() {
        tasks.spawn(async move {
            let mut lat = Vec::with_capacity(500);
            let mut stored = 0;
            for k in 0..500 {
                // Half of each counter's tickets are its neighbour's too.
                let t = format!("T2-{:06}", i * 250 + k);
                let (d, ok) = decide(&c, &attempt(&c.name, &t, false)).await;
                lat.push(d);
                stored += usize::from(ok);
            }
            (lat, stored)
        });
    }
    let mut all = Vec::new();
    let mut stored = 0;
    while let Some(r) = tasks.join_next().await {
        let (lat, s) = r.unwrap();
        all.extend(lat);
        stored += s;
    }
    let took = started.elapsed();
    let own = owner(&db).await;
    let doubled: i64 = own
        .query_one(
            "SELECT count(*) FROM (SELECT ticket_id FROM print_log WHERE kind = 'attempt' AND copy = 0
               AND ticket_id LIKE 'T2-%' GROUP BY ticket_id HAVING count(*) > 1) d",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    println!(
        "20 counters × 500 tickets at once: {} decisions in {:.2} s ({:.0}/s), p50 {}  p99 {}, {stored} originals for {} tickets, {doubled} tickets with two originals",
        all.len(),
        took.as_secs_f64(),
        all.len() as f64 / took.as_secs_f64(),
        ms(pct(&mut all, 0.5)),
        ms(pct(&mut all, 0.99)),
        19 * 250 + 500,
    );
    assert_eq!(doubled, 0);

    // 3. A day's outbox.
    let c = counter(&db, "bench-replay");
    for i in 0..10_000 {
        let mut e = attempt(&c.name, &format!("T3-{i:06}"), true);
        if i % 2 == 1 {
            e.kind = "result".into();
            e.outcome = Some("printed".into());
            e.copy = None;
            e.ticket_id = None;
        }
        outbox::enqueue(&c.cache, &e).unwrap();
    }
    let started = Instant::now();
    outbox::flush(&c.conn, &c.cache, None).await.unwrap();
    let took = started.elapsed();
    assert_eq!(outbox::pending(&c.cache).unwrap(), 0);
    println!(
        "replaying 10,000 outbox entries: {:.2} s (target ≤ 5 s: {:.2} of it)",
        took.as_secs_f64(),
        took.as_secs_f64() / 5.0
    );

    // 4. A new counter pulling 100,000 orders: the population the lookup
    // benchmark uses (real-looking customers, one to six tickets each, every
    // barcode its own), put at the site as counters would have sent them.
    let total: u64 = 100_000;
    let now = Utc::now();
    let mut change = 1_000_000i64;
    for chunk in 0..(total / 1000) {
        let mut sql = String::from(
            "INSERT INTO orders (platform, id, status, profile, document, counter, updated_at, change) VALUES ",
        );
        let docs: Vec<(String, String, String)> =
            population::orders(0x517e, chunk * 1000, (chunk + 1) * 1000, now)
                .map(|o| {
                    (
                        o.platform.as_str().to_owned(),
                        o.id.clone(),
                        OrderDocument::new(o).to_json(),
                    )
                })
                .collect();
        let mut params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = Vec::new();
        let changes: Vec<i64> = (0..1000).map(|k| change + k).collect();
        for (k, (platform, id, doc)) in docs.iter().enumerate() {
            if k > 0 {
                sql.push(',');
            }
            let b = params.len();
            sql.push_str(&format!(
                "(${}, ${}, 'paid', NULL, ${}, 'bench', '', ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4
            ));
            params.push(platform);
            params.push(id);
            params.push(doc);
            params.push(&changes[k]);
        }
        own.execute(sql.as_str(), &params).await.unwrap();
        change += 1000;
    }
    own.execute("UPDATE change_head SET n = $1 WHERE id = 1", &[&change])
        .await
        .unwrap();
    let fresh = counter(&db, "bench-new");
    let started = Instant::now();
    let pulled = shared::pull_orders(&fresh.conn, &fresh.cache, 0)
        .await
        .unwrap();
    let took = started.elapsed();
    assert!(pulled as u64 >= total);
    assert!(fresh.cache.order_count().unwrap() >= total);
    println!(
        "a new counter pulling {pulled} orders: {:.1} s (target ≤ 30 s: {:.2} of it)",
        took.as_secs_f64(),
        took.as_secs_f64() / 30.0
    );
    own.batch_execute("SELECT 1").await.unwrap();
}
