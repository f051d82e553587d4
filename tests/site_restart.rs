//! The site's PostgreSQL restarts under two counters (in its own test
//! binary: the server is shared by every site test). A counter whose
//! connection the restart cut finds the site again on its next call; what a
//! counter printed while the server was down is sent once it is back; the
//! site still refuses a second original afterwards.

mod common;

use std::process::Command;

use box_office::counter::{
    Asker, Counter, CounterError, ManagerPin, OperatorRef, PrintRequest, PrintTo,
};
use box_office::domain::Platform;
use box_office::operators::Pin;
use box_office::sandbox::Catalogue;
use box_office::secrets::Sensitive;
use box_office::tickets::Stock;
use chrono::Utc;
use common::site::{SiteDb, app_password, port};

const MANAGER: (&str, &str) = ("Ольга", "582611");

fn pg_ctl(action: &str) {
    let ctl = std::env::var("BOX_OFFICE_TEST_PG_CTL")
        .expect("BOX_OFFICE_TEST_PG_CTL: run through ./dev test");
    let dir = std::env::var("BOX_OFFICE_TEST_PG_DIR").expect("BOX_OFFICE_TEST_PG_DIR");
    let mut words = ctl.split_whitespace();
    let opts = std::env::var("BOX_OFFICE_TEST_PG_OPTS").expect("BOX_OFFICE_TEST_PG_OPTS");
    let status = Command::new(words.next().unwrap())
        .args(words)
        .args([
            "-D",
            &format!("{dir}/data"),
            "-m",
            "fast",
            "-w",
            "-o",
            &opts,
        ])
        .args(["-l", &format!("{dir}/data/server.log"), action])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "pg_ctl {action}");
}

#[tokio::test]
async fn counters_find_the_site_again_after_postgresql_restarts() {
    let tag = uuid::Uuid::new_v4().simple().to_string()[..6].to_owned();
    let site = SiteDb::new("restart").await;
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (
        Counter::open(da.path()).unwrap(),
        Counter::open(db.path()).unwrap(),
    );
    let p = Pin::new(MANAGER.1.to_owned()).unwrap();
    a.add_first_manager(MANAGER.0, &p).unwrap();
    let boss = Asker::Pin {
        name: MANAGER.0,
        pin: &p,
    };
    let mp = ManagerPin {
        manager: OperatorRef::Name(MANAGER.0),
        pin: &p,
    };
    a.join_site(
        Some((&boss, &mp)),
        site.link(&format!("ra-{tag}"), port()),
        Sensitive::new(app_password()),
    )
    .await
    .unwrap();
    b.join_site(
        None,
        site.link(&format!("rb-{tag}"), port()),
        Sensitive::new(app_password()),
    )
    .await
    .unwrap();
    let mut o = Catalogue::seeded(Utc::now())
        .orders
        .into_iter()
        .find(|s| s.order.id == "AF-1001")
        .unwrap()
        .order;
    o.id = format!("RS-{tag}");
    o.ids.order_number = Some(o.id.clone());
    let id = o.id.clone();
    for (i, t) in o.tickets.iter_mut().enumerate() {
        t.id = format!("{id}-{}", i + 1);
    }
    a.import(std::iter::once(Ok(o.clone())), None, 10, None, |_| {})
        .unwrap();
    a.site_sync().await.unwrap();
    b.site_sync().await.unwrap();
    let req = |dir: &std::path::Path, t: &str| PrintRequest {
        tickets: Some(vec![t.to_owned()]),
        to: PrintTo::Pdf(dir.join(format!("{t}.pdf"))),
        stock: Stock::A4,
    };
    let (t1, t2) = (o.tickets[0].id.clone(), o.tickets[1].id.clone());
    a.print(&boss, None, Platform::Afisha, &id, &req(da.path(), &t1))
        .await
        .unwrap();

    pg_ctl("restart");
    // B's connection was cut by the restart: it connects again and is
    // refused the original A printed.
    let refused = b
        .print(&boss, None, Platform::Afisha, &id, &req(db.path(), &t1))
        .await;
    assert!(
        matches!(refused, Err(CounterError::PrintedElsewhere { .. })),
        "{refused:?}"
    );

    // Down: A prints another ticket by itself; it reaches the site later.
    pg_ctl("stop");
    let r = a
        .print(&boss, None, Platform::Afisha, &id, &req(da.path(), &t2))
        .await;
    let status = a.site_status().unwrap().unwrap();
    pg_ctl("start");
    r.unwrap();
    assert_eq!(status.reachable, Some(false));
    assert!(status.pending > 0);
    assert!(a.site_sync().await.unwrap().is_some(), "the site is back");
    assert!(b.site_sync().await.unwrap().is_some(), "the site is back");
    let refused = b
        .print(&boss, None, Platform::Afisha, &id, &req(db.path(), &t2))
        .await;
    assert!(
        matches!(refused, Err(CounterError::PrintedElsewhere { .. })),
        "{refused:?}"
    );
    for c in [&a, &b] {
        let s = c.site_status().unwrap().unwrap();
        assert_eq!((s.pending, s.conflicts.len()), (0, 0), "{s:?}");
        assert!(c.verify_site_log().await.unwrap().unwrap().broken.is_none());
    }
}
