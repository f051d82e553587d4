//! Printing against a real CUPS scheduler: no mock, the same IPP the counter
//! sends. `./dev test` starts `cupsd` when it is not running and creates two
//! cups-pdf queues, one enabled and one paused, then exports:
//!
//! - `BOX_OFFICE_CUPS_QUEUE`: the enabled queue;
//! - `BOX_OFFICE_CUPS_STOPPED_QUEUE`: the paused one (`cupsdisable -r …`);
//! - `BOX_OFFICE_CUPS_PDF_DIR`: where cups-pdf writes that queue's output,
//!   one file per job, named `…-job_N.pdf`;
//! - `BOX_OFFICE_CUPS_URL` only when CUPS is not at `http://localhost:631`.
//!
//! A ticket PDF goes in, cups-pdf's PDF comes out (through CUPS's filters
//! and Ghostscript), and every barcode on it is decoded with zxing-cpp.

#[allow(dead_code)] // the helpers serve tickets_pdf.rs too; this uses a few
#[path = "tools/pdf_tools.rs"]
mod pdf_tools;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use box_office::domain::{Order, Symbology};
use box_office::printing::{Cups, JobOutcome, JobState, PrintError, PrinterState, Submitted};
use box_office::providers::http::{Timeouts, client};
use box_office::sandbox::Catalogue;
use box_office::tickets::{RenderOptions, render_order};
use pdf_tools::{decode, rasterize, run, tmp};

/// Jobs are sent as this computer's user, as the counter sends them (see
/// `printing::system_user` for why not a made-up name).
static USER: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(box_office::printing::system_user);

/// Tests that put jobs on the paused queue or count them take turns.
static STOPPED_QUEUE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn env(name: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| {
            panic!(
                "{name} is not set. These tests need a running CUPS with the Box Office test \
             queues: run them through ./dev test, which starts cupsd, creates the queues and \
             exports {name} (see cups_ensure in ./dev)"
            )
        })
}

fn cups() -> Cups {
    Cups::local(client(Timeouts::default())).unwrap_or_else(|e| panic!("{e}"))
}

fn order(id: &str) -> Order {
    Catalogue::seeded(chrono::Utc::now())
        .orders
        .into_iter()
        .map(|s| s.order)
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no seeded order {id}"))
}

fn zxing_name(s: Symbology) -> &'static str {
    match s {
        Symbology::Ean13 => "EAN13",
        Symbology::QrCode => "QRCode",
        Symbology::Code128 => "Code128",
        Symbology::Interleaved2of5 => "ITF",
        Symbology::Pdf417 => "PDF417",
    }
}

/// Jobs CUPS still holds for `queue`, as `lpstat` (not our code) lists them.
fn queued(queue: &str) -> Vec<String> {
    let out = run(
        Command::new("lpstat").args(["-W", "not-completed", "-o", queue]),
        "Install CUPS (apt-get install -y cups), or run ./dev test.",
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// cups-pdf's output for job `id`, waited for up to `within`.
fn output_of(dir: &Path, id: i32, within: Duration) -> PathBuf {
    let label = format!("job_{id}");
    let started = Instant::now();
    loop {
        // cups-pdf creates the folder with its first file.
        let found = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.file_stem().is_some_and(|s| {
                    let s = s.to_string_lossy();
                    s.ends_with(&format!("-{label}")) || s.starts_with(&format!("{label}-"))
                })
            });
        if let Some(p) = found {
            return p;
        }
        assert!(
            started.elapsed() < within,
            "cups-pdf wrote nothing for job {id} in {} within {within:?}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Queues a ticket with `lp`, which sends it without checking the printer
/// first (as a job already queued when a printer stops would be).
fn lp(queue: &str, options: &[&str]) -> Submitted {
    let work = tmp();
    let file = work.path().join("ticket.pdf");
    let pdf = render_order(&order("AF-1001"), &RenderOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .pdf;
    std::fs::write(&file, pdf).unwrap_or_else(|e| panic!("{e}"));
    let out = run(
        Command::new("lp")
            .args(["-d", queue, "-U", USER.as_str(), "-t", "queued with lp"])
            .args(options)
            .arg(&file),
        "Install CUPS (apt-get install -y cups), or run ./dev test.",
    );
    // "request id is BoxOfficeStopped-12 (1 file(s))"
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let job_id: i32 = said
        .split_whitespace()
        .find_map(|w| w.strip_prefix(&format!("{queue}-")))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no job id in lp's answer: {said}"));
    Submitted {
        job_id,
        printer: queue.to_owned(),
        requesting_user: USER.clone(),
    }
}

#[tokio::test]
async fn printers_lists_both_test_queues_with_their_states() {
    let (ready, paused) = (
        env("BOX_OFFICE_CUPS_QUEUE"),
        env("BOX_OFFICE_CUPS_STOPPED_QUEUE"),
    );
    let printers = cups().printers().await.unwrap_or_else(|e| panic!("{e}"));
    let find = |name: &str| {
        printers
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} is not listed: {printers:?}"))
    };
    let r = find(&ready);
    assert_ne!(r.state, PrinterState::Stopped, "{r:?}");
    assert!(r.accepting_jobs, "{r:?}");
    assert!(r.make_and_model.contains("PDF"), "{r:?}");

    let p = find(&paused);
    assert_eq!(p.state, PrinterState::Stopped, "{p:?}");
    assert!(p.state_reasons.iter().any(|r| r == "paused"), "{p:?}");

    let one = cups()
        .printer(&paused)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        &one, p,
        "Get-Printer-Attributes and CUPS-Get-Printers agree"
    );
}

#[tokio::test]
async fn a_ticket_prints_and_every_barcode_in_the_printed_pdf_decodes() {
    let queue = env("BOX_OFFICE_CUPS_QUEUE");
    let out_dir = PathBuf::from(env("BOX_OFFICE_CUPS_PDF_DIR"));
    let order = order("AF-1001");
    let rendered =
        render_order(&order, &RenderOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let expected: Vec<(String, String)> = order
        .printable_tickets()
        .map(|t| {
            let b = t
                .barcode
                .as_ref()
                .unwrap_or_else(|| panic!("{} has no barcode", t.id));
            (zxing_name(b.symbology).to_owned(), b.value.clone())
        })
        .collect();
    assert_eq!(expected.len(), rendered.pages);

    let cups = cups();
    let started = Instant::now();
    let job = cups
        .submit(
            &queue,
            &format!("Order {}", order.display_number()),
            &USER,
            rendered.pdf,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let accepted = started.elapsed();
    assert_eq!(job.printer, queue);
    let outcome = cups.watch(&job, Duration::from_secs(60)).await;
    let completed = started.elapsed();
    assert_eq!(outcome, JobOutcome::Printed);
    assert_eq!(
        cups.job(&queue, job.job_id).await.map(|s| s.state),
        Ok(JobState::Completed)
    );
    let printed = output_of(&out_dir, job.job_id, Duration::from_secs(10));
    eprintln!(
        "job {}: accepted after {} ms, completed after {} ms, output {}",
        job.job_id,
        accepted.as_millis(),
        completed.as_millis(),
        printed.display()
    );

    let work = tmp();
    let pages = rasterize(&printed, 300, work.path());
    assert_eq!(pages.len(), expected.len(), "one printed page per ticket");
    let found = decode(&pages);
    for (png, want) in pages.iter().zip(&expected) {
        let got: Vec<(String, String)> = found
            .get(png.to_string_lossy().as_ref())
            .into_iter()
            .flatten()
            .map(|s| (s["format"].clone(), s["text"].clone()))
            .collect();
        assert_eq!(got, std::slice::from_ref(want), "{}", png.display());
    }
}

#[tokio::test]
async fn a_stopped_queue_is_refused_and_keeps_nothing() {
    let queue = env("BOX_OFFICE_CUPS_STOPPED_QUEUE");
    let _turn = STOPPED_QUEUE.lock().await;
    let before = queued(&queue);
    let pdf = render_order(&order("AF-1001"), &RenderOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .pdf;
    match cups().submit(&queue, "must not print", &USER, pdf).await {
        Err(PrintError::PrinterStopped { name, message }) => {
            assert_eq!(name, queue);
            assert!(!message.is_empty());
        }
        other => panic!("expected PrinterStopped, got {other:?}"),
    }
    assert_eq!(queued(&queue), before, "nothing was queued");
}

/// A job waiting on a printer that stopped is cancelled, not left to print
/// when someone resumes the queue.
#[tokio::test]
async fn watch_cancels_a_job_held_up_by_a_stopped_printer() {
    let queue = env("BOX_OFFICE_CUPS_STOPPED_QUEUE");
    let _turn = STOPPED_QUEUE.lock().await;
    let job = lp(&queue, &[]);
    let job_id = job.job_id;
    let cups = cups();
    assert_eq!(
        cups.job(&queue, job_id).await.map(|s| s.state),
        Ok(JobState::Pending)
    );

    match cups.watch(&job, Duration::from_secs(20)).await {
        JobOutcome::Failed { reason } => {
            assert!(
                reason.contains("stopped") && reason.contains("cancelled"),
                "{reason}"
            );
        }
        other => panic!("expected Failed, got {other:?}"),
    }
    assert_eq!(
        cups.job(&queue, job_id).await.map(|s| s.state),
        Ok(JobState::Canceled)
    );
    assert!(
        !queued(&queue)
            .iter()
            .any(|l| l.starts_with(&format!("{queue}-{job_id} "))),
        "job {job_id} is still queued"
    );
}

/// A PDF CUPS's filters cannot read: CUPS stops the job, and a stopped job
/// would print if someone restarted it, so watch cancels it. The printer
/// had begun it, so whether anything came out is not known: it counts as
/// partly printed (a second original needs a manager), never as failed.
#[tokio::test]
async fn an_unreadable_pdf_is_cancelled_not_left_stopped_and_counts_as_partly_printed() {
    let queue = env("BOX_OFFICE_CUPS_QUEUE");
    let cups = cups();
    let junk = b"%PDF-1.4\nthis is not a PDF\n".to_vec();
    let job = cups
        .submit(&queue, "unreadable", &USER, junk)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    match cups.watch(&job, Duration::from_secs(30)).await {
        JobOutcome::PartlyPrinted { reason } => {
            assert!(
                reason.contains("stopped") && reason.contains("cancelled"),
                "{reason}"
            );
        }
        other => panic!("expected PartlyPrinted, got {other:?}"),
    }
    assert_eq!(
        cups.job(&queue, job.job_id).await.map(|s| s.state),
        Ok(JobState::Canceled)
    );
}

/// A job still waiting when the time is up may print later: it is
/// "accepted", never "printed" and never "failed". Made with `lp -H
/// indefinite`, which holds it on the enabled queue.
#[tokio::test]
async fn a_job_unfinished_at_the_timeout_is_accepted_not_printed() {
    let queue = env("BOX_OFFICE_CUPS_QUEUE");
    let job = lp(&queue, &["-H", "indefinite"]);
    let cups = cups();
    let started = Instant::now();
    match cups.watch(&job, Duration::from_secs(1)).await {
        JobOutcome::Accepted { reason } => {
            assert!(
                reason.contains("pending-held") && reason.contains("count it as printed"),
                "{reason}"
            );
        }
        other => panic!("expected Accepted, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        cups.job(&queue, job.job_id).await.map(|s| s.state),
        Ok(JobState::Held)
    );
    cups.cancel(&job).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        cups.job(&queue, job.job_id).await.map(|s| s.state),
        Ok(JobState::Canceled)
    );
}

#[tokio::test]
async fn an_unknown_printer_is_no_such_printer() {
    env("BOX_OFFICE_CUPS_QUEUE"); // CUPS is up, with queues of its own
    let cups = cups();
    let name = "BoxOfficeNoSuchQueue";
    assert_eq!(
        cups.printer(name).await,
        Err(PrintError::NoSuchPrinter { name: name.into() })
    );
    assert_eq!(
        cups.submit(name, "nowhere", &USER, b"%PDF-1.4".to_vec())
            .await,
        Err(PrintError::NoSuchPrinter { name: name.into() })
    );
}

#[tokio::test]
async fn a_cups_address_where_nothing_listens_is_cups_unavailable() {
    // A port that was free a moment ago and is closed now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let base =
        url::Url::parse(&format!("http://127.0.0.1:{port}")).unwrap_or_else(|e| panic!("{e}"));
    let cups = Cups::new(base, client(Timeouts::default()));
    for result in [
        cups.printers().await.map(|_| ()),
        cups.printer("BoxOfficeTest").await.map(|_| ()),
        cups.submit("BoxOfficeTest", "nowhere", &USER, b"%PDF-1.4".to_vec())
            .await
            .map(|_| ()),
    ] {
        match result {
            Err(e @ PrintError::CupsUnavailable { .. }) => {
                assert!(e.to_string().contains("cupsd"), "{e}");
            }
            other => panic!("expected CupsUnavailable, got {other:?}"),
        }
    }
}
