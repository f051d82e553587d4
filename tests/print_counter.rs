//! The counter's printing, end to end below the window: `Counter::print`
//! and `Counter::reprint` against the real CUPS that `./dev test` starts,
//! the print log they write, and what cups-pdf prints. The rules: a ticket
//! on record is never printed again as an original (a saved PDF counts),
//! only a manager (or a cashier with a manager's approval) reprints, a
//! reprint carries "REPRINT n", and a print that did not happen is logged as
//! failed and does not count.

#[allow(dead_code)]
#[path = "tools/pdf_tools.rs"]
mod pdf_tools;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use box_office::cache::Cache;
use box_office::counter::{
    Asker, Counter, CounterError, ManagerPin, OperatorRef, PrintRequest, PrintTo, ReprintRequest,
};
use box_office::domain::Order;
use box_office::domain::Platform;
use box_office::operators::{Operator, Pin, Role};
use box_office::printlog::{PrintLogFilter, PrintOutcome, ReprintReason};
use box_office::sandbox::Catalogue;
use box_office::tickets::{RenderOptions, Reprint, Stock, render_order};
use chrono::Utc;
use pdf_tools::{decode, rasterize, run, tmp};

/// Tests that use the paused queue take turns with each other.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn env(name: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| panic!("{name} is not set: run these tests through ./dev test"))
}

struct Till {
    counter: Counter,
    manager: Operator,
    cashier: Operator,
    _dir: tempfile::TempDir,
}

const MANAGER_PIN: &str = "482916";

impl Till {
    fn cashier(&self) -> Asker<'static> {
        Asker::SignedIn(self.cashier.id)
    }

    fn manager(&self) -> Asker<'static> {
        Asker::SignedIn(self.manager.id)
    }
}

fn till() -> Till {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open_in(dir.path()).unwrap();
    for s in Catalogue::seeded(Utc::now()).orders {
        cache.put_order(&s.order, Some("sandbox")).unwrap();
    }
    let counter = Counter::with_cache(cache);
    let pin = |p: &str| Pin::new(p.to_owned()).unwrap();
    let manager = counter
        .add_first_manager("Marta Manager", &pin(MANAGER_PIN))
        .unwrap();
    let cashier = counter
        .add_operator(
            &Asker::SignedIn(manager.id),
            &ManagerPin {
                manager: OperatorRef::Id(manager.id),
                pin: &pin(MANAGER_PIN),
            },
            "Carl Cashier",
            Role::Cashier,
            &pin("135790"),
        )
        .unwrap();
    Till {
        counter,
        manager,
        cashier,
        _dir: dir,
    }
}

fn to_printer() -> PrintTo {
    PrintTo::Printer(env("BOX_OFFICE_CUPS_QUEUE"))
}

fn print_all(to: PrintTo) -> PrintRequest {
    PrintRequest {
        tickets: None,
        to,
        stock: Stock::Thermal80,
    }
}

/// cups-pdf's output for job `id`.
fn output_of(id: &str) -> PathBuf {
    let dir = PathBuf::from(env("BOX_OFFICE_CUPS_PDF_DIR"));
    let label = format!("job_{id}");
    let started = Instant::now();
    loop {
        let found = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.file_stem()
                    .is_some_and(|s| s.to_string_lossy().ends_with(&format!("-{label}")))
            });
        if let Some(p) = found {
            return p;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "cups-pdf wrote nothing for job {id}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn barcodes(pdf: &Path) -> Vec<String> {
    let work = tmp();
    let pages = rasterize(pdf, 300, work.path());
    let found = decode(&pages);
    let mut all: Vec<String> = found
        .values()
        .flatten()
        .map(|s| s["text"].clone())
        .collect();
    all.sort();
    all
}

/// The printed page is the ticket with its "REPRINT 1" mark: cups-pdf's
/// output no longer yields its text, so the page is compared with the
/// ticket rendered with the mark and without it, and must be much nearer the
/// first. (The renders' own text is checked by tests/tickets_pdf.rs.)
fn assert_carries_the_reprint_mark(order: &Order, ticket: &str, printed: &Path) {
    let work = tmp();
    let render = |reprint: Option<Reprint>, name: &str| {
        let r = render_order(
            order,
            &RenderOptions {
                stamp: None,
                stock: Stock::A4,
                reprint,
                tickets: Some(vec![ticket.to_owned()]),
            },
        )
        .unwrap();
        assert_eq!(
            pdf_text(&r.pdf).contains("REPRINT 1"),
            reprint.is_some(),
            "only the marked render says REPRINT 1"
        );
        let path = work.path().join(name);
        std::fs::write(&path, &r.pdf).unwrap();
        rasterize(&path, 100, work.path()).remove(0)
    };
    let marked = render(
        Some(Reprint {
            number: 1,
            at: Utc::now(),
        }),
        "marked.pdf",
    );
    let plain = render(None, "plain.pdf");
    let page = rasterize(printed, 100, work.path()).remove(0);
    let out = run(
        std::process::Command::new(pdf_tools::python())
            .arg(pdf_tools::root().join("tests/tools/compare_images.py"))
            .args([&page, &marked, &plain]),
        "run ./dev setup for the Python test tools",
    );
    let d: Vec<f64> = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!(
        "printed page: {:.3} from the marked render, {:.3} from the unmarked",
        d[0], d[1]
    );
    assert!(
        d[0] * 2.0 < d[1],
        "the printed page should be the marked ticket: {:.3} from it, {:.3} from the unmarked one",
        d[0],
        d[1]
    );
}

fn pdf_text(pdf: &[u8]) -> String {
    let work = tmp();
    let path = work.path().join("t.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = run(
        std::process::Command::new("pdftotext").arg(&path).arg("-"),
        "Install poppler-utils, or run ./dev test.",
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_cashier_prints_once_and_a_manager_reprints_with_the_mark() {
    let t = till();
    let c = &t.counter;
    let order = c.cached_order(Platform::Afisha, "AF-1001").unwrap();
    let mut want: Vec<String> = order
        .printable_tickets()
        .map(|t| t.barcode.as_ref().unwrap().value.clone())
        .collect();
    want.sort();

    let first = c
        .print(
            &t.cashier(),
            None,
            Platform::Afisha,
            "AF-1001",
            &print_all(to_printer()),
        )
        .await
        .unwrap();
    assert_eq!(first.outcome, PrintOutcome::Printed, "{first:?}");
    assert_eq!(first.copies.len(), want.len());
    assert!(first.copies.iter().all(|c| c.copy == 0));
    assert_eq!(
        barcodes(&output_of(&first.job_ids[0])),
        want,
        "every barcode decodes"
    );

    // Print again: nothing is printed as a second original.
    match c
        .print(
            &t.cashier(),
            None,
            Platform::Afisha,
            "AF-1001",
            &print_all(to_printer()),
        )
        .await
    {
        Err(CounterError::AlreadyPrinted { tickets, .. }) => assert_eq!(tickets.len(), want.len()),
        other => panic!("expected AlreadyPrinted, got {other:?}"),
    }

    let ticket = order.printable_tickets().next().unwrap().id.clone();
    let again = ReprintRequest {
        tickets: vec![ticket.clone()],
        reason: ReprintReason::Damaged,
        note: None,
        to: to_printer(),
        stock: Stock::A4,
    };
    // A cashier alone may not reprint; refused before anything is sent.
    match c
        .reprint(&t.cashier(), None, Platform::Afisha, "AF-1001", &again)
        .await
    {
        Err(CounterError::ManagersOnly) => {}
        other => panic!("expected ManagersOnly, got {other:?}"),
    }
    let reprinted = c
        .reprint(&t.manager(), None, Platform::Afisha, "AF-1001", &again)
        .await
        .unwrap();
    assert_eq!(reprinted.copies.len(), 1);
    assert_eq!(reprinted.copies[0].copy, 1);
    let out = output_of(&reprinted.job_ids[0]);
    let wanted = order.tickets.iter().find(|x| x.id == ticket).unwrap();
    assert_eq!(
        barcodes(&out),
        [wanted.barcode.as_ref().unwrap().value.clone()]
    );
    assert_carries_the_reprint_mark(&order, &ticket, &out);

    // The second reprint, by the cashier on the manager's PIN, is copy 2.
    let manager_pin = Pin::new(MANAGER_PIN.into()).unwrap();
    let approval = ManagerPin {
        manager: OperatorRef::Id(t.manager.id),
        pin: &manager_pin,
    };
    let second = c
        .reprint(
            &t.cashier(),
            Some(&approval),
            Platform::Afisha,
            "AF-1001",
            &again,
        )
        .await
        .unwrap();
    assert_eq!(second.copies[0].copy, 2);

    let records = c.print_log(&PrintLogFilter::default()).unwrap();
    assert_eq!(records.len(), want.len() + 2);
    let reprints: Vec<_> = records.iter().filter(|r| r.reprint > 0).collect();
    assert_eq!(reprints.len(), 2);
    assert!(
        reprints
            .iter()
            .all(|r| r.reason == Some(ReprintReason::Damaged)
                && r.outcome == Some(PrintOutcome::Printed))
    );
    let by_cashier = reprints.iter().find(|r| r.reprint == 2).unwrap();
    assert_eq!(by_cashier.operator_name, "Carl Cashier");
    assert_eq!(
        by_cashier.authorised_by_name.as_deref(),
        Some("Marta Manager")
    );
    assert!(c.verify_print_log().unwrap().broken.is_none());
}

/// A printer that began the job and then failed it (CUPS aborts it part-way:
/// pages may be out) is not a failed print: it counts as printed, uncertain,
/// so the next original is refused and printing again needs a manager.
#[tokio::test]
async fn a_job_aborted_after_the_printer_began_it_counts_as_printed() {
    let t = till();
    let c = &t.counter;
    let aborting = PrintTo::Printer(env("BOX_OFFICE_CUPS_ABORT_QUEUE"));
    match c
        .print(
            &t.cashier(),
            None,
            Platform::Afisha,
            "AF-1001",
            &print_all(aborting),
        )
        .await
    {
        Err(CounterError::PartlyPrinted { reason, .. }) => {
            assert!(reason.contains("began"), "{reason}")
        }
        other => panic!("expected PartlyPrinted, got {other:?}"),
    }
    let records = c.print_log(&PrintLogFilter::default()).unwrap();
    assert!(!records.is_empty());
    assert!(
        records
            .iter()
            .all(|r| r.outcome == Some(PrintOutcome::PrintedUncertain)),
        "{records:?}"
    );
    match c
        .print(
            &t.cashier(),
            None,
            Platform::Afisha,
            "AF-1001",
            &print_all(to_printer()),
        )
        .await
    {
        Err(CounterError::AlreadyPrinted { .. }) => {}
        other => panic!("a second original must be refused, got {other:?}"),
    }
    assert!(c.verify_print_log().unwrap().broken.is_none());
}

#[tokio::test]
async fn a_stopped_printer_prints_nothing_logs_the_failure_and_the_ticket_stays_an_original() {
    let _turn = TURN.lock().await;
    let t = till();
    let c = &t.counter;
    let stopped = PrintTo::Printer(env("BOX_OFFICE_CUPS_STOPPED_QUEUE"));
    match c
        .print(
            &t.cashier(),
            None,
            Platform::Afisha,
            "AF-1005",
            &print_all(stopped),
        )
        .await
    {
        Err(CounterError::Print(e)) => assert!(e.to_string().contains("stopped"), "{e}"),
        other => panic!("expected a stopped printer, got {other:?}"),
    }
    let records = c.print_log(&PrintLogFilter::default()).unwrap();
    assert!(!records.is_empty());
    assert!(
        records
            .iter()
            .all(|r| r.outcome == Some(PrintOutcome::Failed)),
        "{records:?}"
    );
    assert!(
        records[0]
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("stopped"))
    );
    // Nothing came out, so the next print is still the original.
    let ok = c
        .print(
            &t.cashier(),
            None,
            Platform::Afisha,
            "AF-1005",
            &print_all(to_printer()),
        )
        .await;
    let ok = ok.unwrap();
    assert!(ok.copies.iter().all(|c| c.copy == 0));
}

#[tokio::test]
async fn a_saved_pdf_is_the_print_and_printing_afterwards_is_a_reprint() {
    let t = till();
    let c = &t.counter;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tickets.pdf");
    let saved = c
        .print(
            &t.cashier(),
            None,
            Platform::Afisha,
            "AF-1007",
            &print_all(PrintTo::Pdf(file.clone())),
        )
        .await
        .unwrap();
    assert_eq!(saved.outcome, PrintOutcome::SavedAsPdf);
    assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF"));
    let view = c
        .order_view(
            Platform::Afisha,
            "AF-1007",
            box_office::settings::Language::En,
        )
        .unwrap();
    assert_eq!(view.unprinted_count, 0);
    assert!(
        view.tickets
            .iter()
            .filter(|t| t.printable)
            .all(|t| t.copies == 1)
    );
    assert!(matches!(
        c.print(
            &t.cashier(),
            None,
            Platform::Afisha,
            "AF-1007",
            &print_all(to_printer())
        )
        .await,
        Err(CounterError::AlreadyPrinted { .. })
    ));
    // A reprint of a ticket never printed is refused as such.
    let never = c
        .reprint(
            &t.manager(),
            None,
            Platform::Afisha,
            "AF-1006",
            &ReprintRequest {
                tickets: vec![
                    c.cached_order(Platform::Afisha, "AF-1006").unwrap().tickets[0]
                        .id
                        .clone(),
                ],
                reason: ReprintReason::LostByCustomer,
                note: None,
                to: to_printer(),
                stock: Stock::Thermal80,
            },
        )
        .await;
    assert!(
        matches!(never, Err(CounterError::NotPrintedYet { .. })),
        "{never:?}"
    );
}
