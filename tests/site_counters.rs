//! Site mode with counters as separate processes: each `box-office` command
//! runs in a data folder of its own (its own SQLite and outbox), and they
//! share one real PostgreSQL. Three counters join; one prints, the others
//! are refused the original with who printed it and number their reprints
//! after it; a counter killed (-9) in the middle of sending what it did
//! while cut off sends it on the next run, each entry once; and the site's
//! log, rewritten by its owner with the triggers dropped, is caught by
//! `printlog verify` on a counter.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use box_office::counter::{Asker, Counter, PrintRequest, PrintTo};
use box_office::domain::{Order, OrderDocument, Platform};
use box_office::operators::Pin;
use box_office::sandbox::Catalogue;
use box_office::secrets::Sensitive;
use box_office::tickets::Stock;
use chrono::Utc;
use common::site::{Mode, Proxy, SiteDb, app_password, port};

use common::cli::{BIN, cli};
const MANAGER: (&str, &str) = ("Мария Петровна", "582611");

fn ok(out: &Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn tag() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..6].to_owned()
}

fn order(tag: &str) -> Order {
    let mut o = Catalogue::seeded(Utc::now())
        .orders
        .into_iter()
        .find(|s| s.order.id == "AF-1001")
        .unwrap()
        .order;
    let id = format!("PROC-{tag}");
    o.id = id.clone();
    o.ids.order_number = Some(id.clone());
    for (i, t) in o.tickets.iter_mut().enumerate() {
        t.id = format!("{id}-{}", i + 1);
    }
    o
}

/// An order of `n` tickets (the catalogue's first ticket, repeated).
fn big_order(tag: &str, n: usize) -> Order {
    let mut o = order(tag);
    let first = o.tickets[0].clone();
    o.tickets = (0..n)
        .map(|i| {
            let mut t = first.clone();
            t.id = format!("{}-{}", o.id, i + 1);
            t.barcode = Some(box_office::domain::Barcode {
                value: format!("{}-{i:04}", o.id),
                symbology: box_office::domain::Symbology::QrCode,
            });
            t
        })
        .collect();
    o
}

fn join_args<'a>(site: &'a SiteDb, port: &'a str, counter: &'a str) -> Vec<&'a str> {
    vec![
        "site",
        "join",
        "--host",
        "127.0.0.1",
        "--port",
        port,
        "--database",
        &site.database,
        "--role",
        "box_office_app",
        "--counter",
        counter,
    ]
}

#[tokio::test]
async fn three_counter_processes_share_one_original_and_number_reprints_at_the_site() {
    let tag = tag();
    let site = SiteDb::new("procs").await;
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let names: Vec<String> = (0..3).map(|i| format!("kassa-{tag}-{}", i + 1)).collect();
    let pg = port().to_string();
    let (a, b, c) = (dirs[0].path(), dirs[1].path(), dirs[2].path());
    ok(
        &cli(
            a,
            &["operators", "add", MANAGER.0, "--role", "manager"],
            &format!("{}\n", MANAGER.1),
        ),
        "first manager",
    );
    // A joins on its manager's authority; B and C have no operators yet.
    let mut args = join_args(&site, &pg, &names[0]);
    args.extend(["--manager", MANAGER.0]);
    ok(
        &cli(a, &args, &format!("{}\n{}\n", MANAGER.1, app_password())),
        "A joins",
    );
    for (d, n) in [(b, &names[1]), (c, &names[2])] {
        ok(
            &cli(
                d,
                &join_args(&site, &pg, n),
                &format!("{}\n", app_password()),
            ),
            "join",
        );
    }
    let listed = ok(&cli(c, &["operators", "list"], ""), "C's operators");
    assert!(listed.contains(MANAGER.0), "{listed}");

    // The order, imported at A, is found at B and C.
    let o = order(&tag);
    let file = a.join("order.json");
    std::fs::write(&file, OrderDocument::new(o.clone()).to_json()).unwrap();
    ok(
        &cli(a, &["orders", "import", file.to_str().unwrap()], ""),
        "import at A",
    );
    let t1 = o.tickets[0].id.clone();
    let pdf = |d: &Path, n: &str| d.join(format!("{n}.pdf")).display().to_string();
    let print = |d: &Path, n: &str| {
        cli(
            d,
            &[
                "print",
                "afisha",
                &o.id,
                "--tickets",
                &t1,
                "--operator",
                MANAGER.0,
                "--pdf",
                &pdf(d, n),
            ],
            &format!("{}\n", MANAGER.1),
        )
    };
    let first = ok(&print(b, "b"), "B prints the original");
    assert!(first.contains("original"), "{first}");
    let refused = print(c, "c");
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains(&names[1]) && err.contains(MANAGER.0), "{err}");
    assert!(
        !Path::new(&pdf(c, "c")).exists(),
        "nothing is rendered for a refused original"
    );

    let reprint = |d: &Path, n: &str| {
        cli(
            d,
            &[
                "reprint",
                "afisha",
                &o.id,
                "--ticket",
                &t1,
                "--reason",
                "damaged",
                "--manager",
                MANAGER.0,
                "--pdf",
                &pdf(d, n),
            ],
            &format!("{}\n", MANAGER.1),
        )
    };
    assert!(ok(&reprint(c, "c-again"), "C reprints").contains("reprint 1"));
    assert!(ok(&reprint(a, "a-again"), "A reprints").contains("reprint 2"));

    // Every counter's print log shows the whole site, with the counter.
    let listed = ok(
        &cli(a, &["printlog", "list", "--json"], ""),
        "A's print log",
    );
    let rows: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let counters: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["site"]["counter"].as_str().unwrap())
        .collect();
    assert_eq!(
        counters,
        vec![names[0].as_str(), names[2].as_str(), names[1].as_str()]
    );
    for d in [a, b, c] {
        let v = ok(&cli(d, &["printlog", "verify"], ""), "verify");
        assert!(
            v.contains("the site's log") && v.contains("chain intact"),
            "{v}"
        );
    }
    let st = ok(&cli(b, &["site", "status", "--json"], ""), "status");
    let st: serde_json::Value = serde_json::from_str(&st).unwrap();
    assert_eq!(st["reachable"], true);
    assert_eq!(st["pending"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counter_killed_while_sending_its_outbox_sends_each_entry_once_on_the_next_run() {
    let tag = tag();
    let site = SiteDb::new("kill").await;
    let proxy = Proxy::start(port()).await;
    let dir = tempfile::tempdir().unwrap();
    let name = format!("kill-{tag}");
    // A day's work done cut off: 12 orders of 100 tickets printed, 2,400
    // entries waiting (sent 200 to a transaction).
    {
        let counter = Counter::open(dir.path()).unwrap();
        let pin = Pin::new(MANAGER.1.to_owned()).unwrap();
        counter.add_first_manager(MANAGER.0, &pin).unwrap();
        let asker = Asker::Pin {
            name: MANAGER.0,
            pin: &pin,
        };
        let mp = box_office::counter::ManagerPin {
            manager: box_office::counter::OperatorRef::Name(MANAGER.0),
            pin: &pin,
        };
        counter
            .join_site(
                Some((&asker, &mp)),
                site.link(&name, proxy.port),
                Sensitive::new(app_password()),
            )
            .await
            .unwrap();
        proxy.set(Mode::Refuse);
        let orders: Vec<Order> = (0..12)
            .map(|i| big_order(&format!("{tag}-{i}"), 100))
            .collect();
        counter
            .import(orders.iter().cloned().map(Ok), None, 100, None, |_| {})
            .unwrap();
        for o in &orders {
            let req = PrintRequest {
                tickets: None,
                to: PrintTo::Pdf(dir.path().join(format!("{}.pdf", o.id))),
                stock: Stock::A4,
            };
            counter
                .print(&asker, None, Platform::Afisha, &o.id, &req)
                .await
                .unwrap();
        }
        let pending = counter.site_status().unwrap().unwrap().pending;
        assert!(pending >= 2400, "{pending} entries wait");
    }
    // Slow enough that the upload is under way when the counter is killed.
    proxy.set(Mode::Slow(15));
    let mut child = Command::new(BIN)
        .env("BOX_OFFICE_DATA_DIR", dir.path())
        .args(["site", "sync"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let owner = site.owner().await;
    let started = std::time::Instant::now();
    loop {
        let n: i64 = owner
            .query_one(
                "SELECT count(*) FROM print_log WHERE counter = $1",
                &[&name],
            )
            .await
            .unwrap()
            .get(0);
        if n >= 200 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the upload never started"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // SAFETY: signalling a child this test started.
    unsafe { libc::kill(i32::try_from(child.id()).unwrap(), libc::SIGKILL) };
    let _ = child.wait();
    let partial: i64 = owner
        .query_one(
            "SELECT count(*) FROM print_log WHERE counter = $1",
            &[&name],
        )
        .await
        .unwrap()
        .get(0);
    proxy.set(Mode::Pass);
    ok(&cli(dir.path(), &["site", "sync"], ""), "the next run");
    let (all, keys): (i64, i64) = {
        let r = owner
            .query_one(
                "SELECT count(*), count(DISTINCT entry_key) FROM print_log WHERE counter = $1",
                &[&name],
            )
            .await
            .unwrap();
        (r.get(0), r.get(1))
    };
    let local: i64 = {
        let cache = box_office::cache::Cache::open_in(dir.path()).unwrap();
        cache
            .connection()
            .query_row("SELECT count(*) FROM print_log", [], |r| r.get(0))
            .unwrap()
    };
    assert!(
        partial < local,
        "the kill came after the upload ended ({partial} of {local})"
    );
    assert_eq!(
        (all, keys),
        (local, local),
        "every entry once ({partial} were sent before the kill)"
    );
    let st = ok(
        &cli(dir.path(), &["site", "status", "--json"], ""),
        "status",
    );
    let st: serde_json::Value = serde_json::from_str(&st).unwrap();
    assert_eq!(st["pending"], 0);
    assert!(st["conflicts"].as_array().unwrap().is_empty());
    ok(&cli(dir.path(), &["printlog", "verify"], ""), "verify");
}

/// A site with a few prints from one counter process, for tampering.
async fn printed_site(tag: &str) -> (SiteDb, tempfile::TempDir) {
    let site = SiteDb::new("tamper").await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pg = port().to_string();
    ok(
        &cli(
            d,
            &["operators", "add", MANAGER.0, "--role", "manager"],
            &format!("{}\n", MANAGER.1),
        ),
        "manager",
    );
    let name = format!("t-{tag}");
    let mut args = join_args(&site, &pg, &name);
    args.extend(["--manager", MANAGER.0]);
    ok(
        &cli(d, &args, &format!("{}\n{}\n", MANAGER.1, app_password())),
        "join",
    );
    let o = order(tag);
    let file = d.join("order.json");
    std::fs::write(&file, OrderDocument::new(o.clone()).to_json()).unwrap();
    ok(
        &cli(d, &["orders", "import", file.to_str().unwrap()], ""),
        "import",
    );
    for t in &o.tickets {
        let pdf: PathBuf = d.join(format!("{}.pdf", t.id));
        ok(
            &cli(
                d,
                &[
                    "print",
                    "afisha",
                    &o.id,
                    "--tickets",
                    &t.id,
                    "--operator",
                    MANAGER.0,
                    "--pdf",
                    pdf.to_str().unwrap(),
                ],
                &format!("{}\n", MANAGER.1),
            ),
            "print",
        );
    }
    ok(&cli(d, &["printlog", "verify"], ""), "verify before");
    (site, dir)
}

fn verify_fails(d: &Path, needle: &str) {
    let out = cli(d, &["printlog", "verify"], "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "verify passed a tampered log: {err}");
    assert!(
        err.contains("site's print log is not intact") && err.contains(needle),
        "{err}"
    );
}

#[tokio::test]
async fn the_application_role_cannot_change_the_log_and_the_owner_cannot_without_being_caught() {
    let tag = tag();
    // The counters' role may only append.
    let (site, dir) = printed_site(&format!("{tag}a")).await;
    let app = site.app().await;
    for sql in [
        "UPDATE print_log SET operator_name = 'x' WHERE seq = 1",
        "DELETE FROM print_log WHERE seq = 1",
        "TRUNCATE print_log",
    ] {
        let e = app.batch_execute(sql).await.unwrap_err();
        assert!(
            e.to_string().contains("permission denied") || format!("{e:?}").contains("42501"),
            "{sql}: {e:?}"
        );
    }
    // The owner is stopped by the trigger unless they drop it.
    let owner = site.owner().await;
    let e = owner
        .batch_execute("UPDATE print_log SET operator_name = 'x' WHERE seq = 1")
        .await
        .unwrap_err();
    assert!(format!("{e:?}").contains("append-only"), "{e:?}");

    // Edited, with the triggers dropped.
    owner
        .batch_execute(
            "ALTER TABLE print_log DISABLE TRIGGER USER;
             UPDATE print_log SET operator_name = 'Кто-то другой' WHERE seq = 2;",
        )
        .await
        .unwrap();
    verify_fails(dir.path(), "#2");

    // Removed.
    let (site, dir) = printed_site(&format!("{tag}b")).await;
    let owner = site.owner().await;
    owner
        .batch_execute(
            "ALTER TABLE print_log DISABLE TRIGGER USER; DELETE FROM print_log WHERE seq = 2;",
        )
        .await
        .unwrap();
    verify_fails(dir.path(), "#");

    // Reordered: two entries swap places.
    let (site, dir) = printed_site(&format!("{tag}c")).await;
    let owner = site.owner().await;
    owner
        .batch_execute(
            "ALTER TABLE print_log DISABLE TRIGGER USER;
             UPDATE print_log SET seq = -2 WHERE seq = 2;
             UPDATE print_log SET seq = 2 WHERE seq = 3;
             UPDATE print_log SET seq = 3 WHERE seq = -2;",
        )
        .await
        .unwrap();
    verify_fails(dir.path(), "#2");

    // Rewritten whole, hashes recomputed with the site's own function: the
    // chain is consistent again, but not the one the counter saw.
    let (site, dir) = printed_site(&format!("{tag}d")).await;
    let owner = site.owner().await;
    owner
        .batch_execute(
            "ALTER TABLE print_log DISABLE TRIGGER USER;
             UPDATE print_log SET operator_name = 'Кто-то другой' WHERE seq = 2;
             DO $$ DECLARE e print_log; prev text := repeat('0', 64); BEGIN
               FOR e IN SELECT * FROM print_log ORDER BY seq LOOP
                 e.prev_hash := prev;
                 e.hash := print_log_entry_hash(e);
                 UPDATE print_log SET prev_hash = e.prev_hash, hash = e.hash WHERE seq = e.seq;
                 prev := e.hash;
               END LOOP;
             END $$;",
        )
        .await
        .unwrap();
    verify_fails(dir.path(), "rewritten");
}
