//! The counter's controls, tried the way an unfriendly cashier would: a
//! real till with a real connection (secrets in the real OS keyring) to a
//! platform whose ledger counts every request, real cached orders, and
//! operators with PINs. Training is sealed off from all of it however it is
//! entered; every privileged act needs the right PIN at every door, is
//! refused the same way at the window and the command line, and is
//! recorded; an import never changes printed tickets; anything rendered
//! outside the print log says COPY, anything printed in training TRAINING.

#[allow(dead_code)]
#[path = "tools/pdf_tools.rs"]
mod pdf_tools;

mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;

use box_office::completion::{Policy, State};
use box_office::counter::{
    Asker, Counter, CounterError, LookupFilter, ManagerPin, OperatorRef, PrintRequest, PrintTo,
};
use box_office::domain::{Order, OrderDocument, Platform};
use box_office::ipc::{ErrorCode, IpcError};
use box_office::operators::{OperatorError, Pin, Role};
use box_office::printlog::ControlAction;
use box_office::providers::Profile;
use box_office::sandbox::{self, Catalogue, RunningSandbox, SandboxConfig};
use box_office::tickets::Stock;
use box_office::training;
use chrono::Utc;
use pdf_tools::{POPPLER, run};

use common::cli::cli;
const MANAGER: (&str, &str) = ("Rita Real", "482611");
const CASHIER: (&str, &str) = ("Cory Cashier", "739150");
const DEMO_MANAGER: (&str, &str) = ("Demo Manager", "2468");

fn pin(p: &str) -> Pin {
    Pin::new(p.to_owned()).unwrap()
}

fn pdf_text(pdf: &Path) -> String {
    let out = run(Command::new("pdftotext").arg(pdf).arg("-"), POPPLER);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A real till: its data folder, a connection per platform to `platform`
/// (secrets in the keyring), a manager and a cashier, and a real order no
/// training repertoire has.
struct Real {
    dir: tempfile::TempDir,
    platform: RunningSandbox,
    tag: String,
    manager: i64,
    cashier: i64,
}

impl Real {
    fn profile(&self, p: Platform) -> String {
        format!("{}-{}", p.as_str(), self.tag)
    }

    fn home(&self) -> &Path {
        self.dir.path()
    }

    fn requests(&self) -> u64 {
        self.platform.ledger().requests
    }
}

fn manager_pin(p: &Pin, id: i64) -> ManagerPin<'_> {
    ManagerPin {
        manager: OperatorRef::Id(id),
        pin: p,
    }
}

/// The real order: the catalogue's AF-1001 under another id, number and
/// code word, cached through the real Afisha connection.
fn real_order() -> Order {
    let mut o = Catalogue::seeded(Utc::now())
        .orders
        .into_iter()
        .find(|s| s.order.id == "AF-1001")
        .unwrap()
        .order;
    o.id = "REAL-7001".into();
    o.ids.order_number = Some("7001-0001".into());
    o.ids.code_word = Some("РЕАЛ".into());
    for (i, t) in o.tickets.iter_mut().enumerate() {
        t.id = format!("REAL-7001-{}", i + 1);
    }
    o
}

async fn real_till() -> Real {
    let platform = sandbox::start(
        SandboxConfig::default(),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap();
    let tag = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
    let dir = tempfile::tempdir().unwrap();
    let counter = Counter::open(dir.path()).unwrap();
    for p in Platform::ALL {
        let profile = Profile {
            name: format!("{}-{tag}", p.as_str()),
            platform: p,
            display_name: format!("{} (real)", p.display_name()),
            base_url: platform.base_url(),
            region_code: None,
            application_id: (p == Platform::Paciolan)
                .then(|| sandbox::training::PACIOLAN_APPLICATION_ID.to_owned()),
            channel_code: (p == Platform::Paciolan)
                .then(|| sandbox::training::PACIOLAN_CHANNEL_CODE.to_owned()),
            partner_id: None,
            currency: "USD".parse().unwrap(),
            time_zone: Some("Europe/Moscow".into()),
        };
        counter
            .add_profile(&profile, &training::credentials(p))
            .unwrap();
    }
    let m = counter
        .add_first_manager(MANAGER.0, &pin(MANAGER.1))
        .unwrap();
    let c = counter
        .add_operator(
            &Asker::SignedIn(m.id),
            &manager_pin(&pin(MANAGER.1), m.id),
            CASHIER.0,
            Role::Cashier,
            &pin(CASHIER.1),
        )
        .unwrap();
    let mut orders = vec![Ok(real_order())];
    // The platform's own carts, as a booking system's export hands them in.
    orders.extend(
        platform
            .catalogue()
            .orders
            .iter()
            .filter(|s| s.order.platform != Platform::Afisha)
            .map(|s| Ok(s.order.clone())),
    );
    counter
        .import(orders.into_iter(), None, 100, None, |_| {})
        .unwrap();
    Real {
        dir,
        platform,
        tag,
        manager: m.id,
        cashier: c.id,
    }
}

fn demo(counter: &Counter) -> Asker<'static> {
    let id = counter
        .operator_list()
        .unwrap()
        .into_iter()
        .find(|o| o.name == DEMO_MANAGER.0)
        .expect("the demo manager")
        .id;
    Asker::SignedIn(id)
}

/// What training may and may not do, whichever way it was entered.
async fn assert_training_touches_nothing_real(real: &Real, t: &Counter) {
    assert!(t.is_training());
    let before = real.requests();
    for typed in ["7001-0001", "РЕАЛ", "REAL-7001"] {
        assert!(
            t.lookup(typed, &LookupFilter::all(), 10)
                .unwrap()
                .orders
                .is_empty(),
            "training found the real order by {typed}"
        );
    }
    assert!(matches!(
        t.cached_order(Platform::Afisha, "REAL-7001"),
        Err(CounterError::OrderNotFound { .. })
    ));
    assert!(
        t.connections().unwrap().is_empty(),
        "training has no connections"
    );
    let d = demo(t);
    let dpin = pin(DEMO_MANAGER.1);
    // A real order's id is refused; training's own orders go to its sandbox.
    let refused = t
        .print(
            &d,
            None,
            Platform::Afisha,
            "REAL-7001",
            &PrintRequest {
                tickets: None,
                to: PrintTo::Pdf(real.home().join("training-real.pdf")),
                stock: Stock::Thermal80,
            },
        )
        .await;
    assert!(
        matches!(refused, Err(CounterError::OrderNotFound { .. })),
        "{refused:?}"
    );
    let refused = t
        .complete(
            &d,
            Platform::Afisha,
            "REAL-7001",
            &Default::default(),
            Policy::default(),
        )
        .await;
    assert!(refused.is_err(), "{refused:?}");
    let done = t
        .complete(
            &d,
            Platform::Vista,
            "VS-2003",
            &Default::default(),
            Policy::default(),
        )
        .await
        .unwrap();
    assert_eq!(done.entry.state, State::Completed);
    assert!(matches!(
        t.remove_connection(
            &d,
            &manager_pin(
                &dpin,
                match d {
                    Asker::SignedIn(id) => id,
                    Asker::Pin { .. } => unreachable!(),
                }
            ),
            &real.profile(Platform::Afisha)
        ),
        Err(CounterError::InTraining)
    ));
    assert_eq!(real.requests(), before, "nothing reached the real platform");

    // What training prints says so, in both languages.
    let pdf = t.data_dir().join("training.pdf");
    t.print(
        &d,
        None,
        Platform::Vista,
        "VS-2003",
        &PrintRequest {
            tickets: None,
            to: PrintTo::Pdf(pdf.clone()),
            stock: Stock::Thermal80,
        },
    )
    .await
    .unwrap();
    let text = pdf_text(&pdf);
    assert!(
        text.contains("TRAINING — NOT VALID") && text.contains("УЧЕБНЫЙ — НЕДЕЙСТВИТЕЛЕН"),
        "{text}"
    );
}

/// The real till after training: its orders and log as they were, the
/// demo PINs refused.
fn assert_the_real_till_is_whole(real: &Real, counter: &Counter) {
    assert!(!counter.is_training());
    assert!(counter.cached_order(Platform::Afisha, "REAL-7001").is_ok());
    assert!(
        counter
            .lookup("VS-2003", &LookupFilter::all(), 10)
            .unwrap()
            .orders
            .iter()
            .all(|o| o.status != box_office::domain::OrderStatus::Completed),
        "training's sale did not reach the real till"
    );
    let demo_pin = pin(DEMO_MANAGER.1);
    let asker = Asker::Pin {
        name: DEMO_MANAGER.0,
        pin: &demo_pin,
    };
    assert!(
        matches!(
            counter.identify(&asker),
            Err(CounterError::Operator(OperatorError::Unknown(_)))
        ),
        "the demo PIN opens nothing on the real till"
    );
    let out = cli(
        real.home(),
        &["orders", "purge", "--manager", DEMO_MANAGER.0],
        "2468\n",
    );
    assert!(!out.status.success());
    assert!(counter.verify_print_log().unwrap().broken.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn training_switched_from_the_window_touches_nothing_real() {
    let real = real_till().await;
    let counter = Counter::open_till(real.home()).await.unwrap();
    assert!(!counter.is_training(), "a till with connections opens real");
    // A cashier cannot switch; a manager can, with a PIN.
    let refused = counter.start_training(
        &Asker::SignedIn(real.cashier),
        &manager_pin(&pin(CASHIER.1), real.cashier),
    );
    assert!(matches!(
        refused,
        Err(CounterError::Operator(OperatorError::NotManager(_)))
    ));
    counter
        .start_training(
            &Asker::SignedIn(real.cashier),
            &manager_pin(&pin(MANAGER.1), real.manager),
        )
        .unwrap();
    drop(counter);

    let t = Counter::open_till(real.home()).await.unwrap();
    assert_eq!(t.data_dir(), training::dir(real.home()));
    assert_training_touches_nothing_real(&real, &t).await;
    let d = demo(&t);
    let dpin = pin(DEMO_MANAGER.1);
    let id = match d {
        Asker::SignedIn(id) => id,
        Asker::Pin { .. } => unreachable!(),
    };
    t.leave_training(&d, &manager_pin(&dpin, id)).unwrap();
    drop(t);

    let back = Counter::open_till(real.home()).await.unwrap();
    assert_the_real_till_is_whole(&real, &back);
    let controls = back.controls(10).unwrap();
    assert_eq!(
        controls[0].action,
        ControlAction::TrainingEnded,
        "{controls:?}"
    );
    assert_eq!(controls[1].action, ControlAction::TrainingStarted);
    assert_eq!(controls[1].operator_name, CASHIER.0);
    assert_eq!(controls[1].authorised_by_name.as_deref(), Some(MANAGER.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn training_entered_by_editing_the_settings_file_touches_nothing_real() {
    let real = real_till().await;
    drop(Counter::open(real.home()).unwrap());
    let path = real.home().join("settings.json");
    let mut s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or("{}".into())).unwrap();
    s["trainingMode"] = serde_json::json!(true);
    std::fs::write(&path, s.to_string()).unwrap();

    let t = Counter::open_till(real.home()).await.unwrap();
    assert_training_touches_nothing_real(&real, &t).await;
    drop(t);

    s["trainingMode"] = serde_json::json!(false);
    std::fs::write(&path, s.to_string()).unwrap();
    let back = Counter::open_till(real.home()).await.unwrap();
    assert_the_real_till_is_whole(&real, &back);
    let c = &back.controls(10).unwrap()[0];
    assert_eq!(c.action, ControlAction::TrainingEnded);
    assert!(
        c.detail
            .as_deref()
            .unwrap()
            .contains("without a manager's switch"),
        "{c:?}"
    );
}

/// A database from before training had a folder of its own holds demo
/// operators and training orders: the real till retires and removes them.
#[tokio::test]
async fn training_leftovers_in_a_real_database_go() {
    let dir = tempfile::tempdir().unwrap();
    {
        let cache = box_office::cache::Cache::open_in(dir.path()).unwrap();
        box_office::operators::Operators::new(&cache)
            .ensure_training_operators(Utc::now())
            .unwrap();
        for s in Catalogue::seeded(Utc::now()).orders.iter().take(3) {
            cache.put_order(&s.order, Some(training::PROFILE)).unwrap();
        }
    }
    let counter = Counter::open(dir.path()).unwrap();
    assert_eq!(counter.order_count().unwrap(), 0);
    assert!(counter.operator_list().unwrap().is_empty());
    let demo_pin = pin(DEMO_MANAGER.1);
    assert!(
        counter
            .identify(&Asker::Pin {
                name: DEMO_MANAGER.0,
                pin: &demo_pin
            })
            .is_err()
    );
    assert!(counter.needs_first_manager().unwrap());
}

/// The same privileged call, refused the same way from the window and from
/// the command line: a cashier's PIN where a manager's is needed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_set_aside_is_refused_alike_at_both_doors_and_recorded_when_allowed() {
    let real = real_till().await;
    let counter = Counter::open(real.home()).unwrap();
    let cory = Asker::SignedIn(real.cashier);
    // PC-3008's answer is lost after the sale: it needs a person.
    let o = counter
        .complete(
            &cory,
            Platform::Paciolan,
            "PC-3008",
            &Default::default(),
            Policy::default(),
        )
        .await
        .unwrap();
    assert_eq!(o.entry.state, State::NeedsAttention);
    let id = o.entry.id;

    // The window's door: the cashier signed in, their own PIN as the "manager's".
    let cashier_pin = pin(CASHIER.1);
    let window = counter
        .set_aside(
            &cory,
            &manager_pin(&cashier_pin, real.cashier),
            id,
            "checked",
        )
        .unwrap_err();
    // What the window shows: the error as it crosses to the screen.
    let message = {
        let shown = IpcError::from(window);
        assert_eq!(shown.code, ErrorCode::NeedsManager);
        shown.message
    };
    // The command line's door: the same cashier named, the same PIN.
    let out = cli(
        real.home(),
        &[
            "completions",
            "set-aside",
            &id.to_string(),
            "--manager",
            CASHIER.0,
            "--reason",
            "checked",
        ],
        &format!("{}\n", CASHIER.1),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        format!("box-office: {message}")
    );
    // Without a written reason a manager is refused too.
    let mpin = pin(MANAGER.1);
    assert!(matches!(
        counter.set_aside(&cory, &manager_pin(&mpin, real.manager), id, "  "),
        Err(CounterError::ReasonRequired)
    ));
    // With a manager's PIN and a reason it is done, and recorded with the
    // Request-ID, who asked and who authorised.
    let out = cli(
        real.home(),
        &[
            "completions",
            "set-aside",
            &id.to_string(),
            "--operator",
            CASHIER.0,
            "--manager",
            MANAGER.0,
            "--reason",
            "Paciolan support: nothing sold (case 4411)",
        ],
        &format!("{}\n{}\n", CASHIER.1, MANAGER.1),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c = &counter.controls(5).unwrap()[0];
    assert_eq!(c.action, ControlAction::CompletionSetAside);
    assert_eq!(c.operator_name, CASHIER.0);
    assert_eq!(c.authorised_by_name.as_deref(), Some(MANAGER.0));
    assert_eq!(
        c.reason.as_deref(),
        Some("Paciolan support: nothing sold (case 4411)")
    );
    assert!(
        c.detail
            .as_deref()
            .unwrap()
            .contains(&o.entry.request_id.to_string())
    );
    let e = counter.completions(5).unwrap();
    let e = e.iter().find(|e| e.id == id).unwrap();
    assert_eq!(e.state, State::Abandoned);
    assert!(e.message.as_deref().unwrap().contains(MANAGER.0));
}

/// An operator removed by a manager is refused at once, whatever their
/// window still shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_operator_is_refused_at_once() {
    let real = real_till().await;
    let counter = Counter::open(real.home()).unwrap();
    let cory = Asker::SignedIn(real.cashier);
    assert!(counter.identify(&cory).is_ok());
    counter
        .remove_operator(
            &Asker::SignedIn(real.manager),
            &manager_pin(&pin(MANAGER.1), real.manager),
            OperatorRef::Id(real.cashier),
        )
        .unwrap();
    let refused = counter
        .print(
            &cory,
            None,
            Platform::Afisha,
            "REAL-7001",
            &PrintRequest {
                tickets: None,
                to: PrintTo::Pdf(real.home().join("x.pdf")),
                stock: Stock::Thermal80,
            },
        )
        .await;
    assert!(
        matches!(refused, Err(CounterError::SignedOut)),
        "{refused:?}"
    );
    assert!(!real.home().join("x.pdf").exists());
}

/// An import never gives a printed order other tickets, with or without a
/// manager; without one it replaces nothing at all. What `render` makes is
/// marked COPY — NOT VALID.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_never_change_printed_tickets_and_renders_are_copies() {
    let real = real_till().await;
    let counter = Counter::open(real.home()).unwrap();
    let rita = Asker::SignedIn(real.manager);
    counter
        .print(
            &rita,
            None,
            Platform::Afisha,
            "REAL-7001",
            &PrintRequest {
                tickets: None,
                to: PrintTo::Pdf(real.home().join("orig.pdf")),
                stock: Stock::Thermal80,
            },
        )
        .await
        .unwrap();
    let mut forged = real_order();
    for t in &mut forged.tickets {
        t.id = format!("{}-NEW", t.id);
        if let Some(b) = t.barcode.as_mut() {
            b.value = format!("{}9", &b.value[..b.value.len() - 1]);
        }
    }
    let doc = real.home().join("forged.json");
    std::fs::write(&doc, OrderDocument::new(forged).to_json()).unwrap();
    let file = doc.to_str().unwrap();
    let out = cli(real.home(), &["orders", "import", file], "");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("left 1 order"));
    let out = cli(
        real.home(),
        &["orders", "import", file, "--manager", MANAGER.0],
        &format!("{}\n", MANAGER.1),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("never changes its tickets"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kept = counter.cached_order(Platform::Afisha, "REAL-7001").unwrap();
    assert_eq!(kept.tickets[0].id, "REAL-7001-1");

    // The real order as `orders export` writes it, rendered outside the log.
    let exported = real.home().join("real.json");
    let out = cli(
        real.home(),
        &[
            "orders",
            "export",
            "afisha",
            "REAL-7001",
            "-o",
            exported.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success());
    let rendered = real.home().join("copy.pdf");
    let out = cli(
        real.home(),
        &[
            "render",
            exported.to_str().unwrap(),
            "-o",
            rendered.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf_text(&rendered);
    assert!(
        text.contains("COPY — NOT VALID") && text.contains("КОПИЯ — НЕДЕЙСТВИТЕЛЬНА"),
        "{text}"
    );
}
