//! Orders in and out of the cache from the command line: export as order
//! documents (one, or all as JSON Lines), and import from files or from a
//! running sandbox's repertoire, reporting each committed batch as it lands.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::super::common::{fail, runtime};
use super::super::who::Who;
use crate::counter::Counter;
use crate::counter::import::{Committed, read_files};
use crate::domain::{Order, OrderDocument, Platform};
use crate::providers::http;
use crate::tickets::import::ImportOptions;

pub(super) fn export(
    counter: &Counter,
    platform: Option<Platform>,
    id: Option<String>,
    all: bool,
    output: Option<PathBuf>,
) -> ExitCode {
    if all {
        let list = match counter.list_orders(usize::MAX >> 1) {
            Ok(l) => l,
            Err(e) => return fail(e),
        };
        let mut text = String::new();
        for s in list {
            match counter.cached_order(s.platform, &s.id) {
                Ok(o) => match serde_json::to_string(&OrderDocument::new(o)) {
                    Ok(line) => {
                        text.push_str(&line);
                        text.push('\n');
                    }
                    Err(e) => return fail(e),
                },
                Err(crate::counter::CounterError::OrderNotFound { .. }) => {}
                Err(e) => return fail(e),
            }
        }
        return write_out(output, text.trim_end());
    }
    let (Some(platform), Some(id)) = (platform, id) else {
        return fail("give PLATFORM and ID, or --all");
    };
    match counter.cached_order(platform, &id) {
        Ok(order) => write_out(output, &OrderDocument::new(order).to_json()),
        Err(e) => fail(e),
    }
}

pub(super) fn import(
    counter: &Counter,
    files: Vec<PathBuf>,
    sandbox: Option<String>,
    profile: Option<String>,
    batch: usize,
    options: ImportOptions,
    who: Option<&Who>,
) -> ExitCode {
    let authority = match who {
        Some(w) => Some(or_exit!(w.both())),
        None => None,
    };
    let replace = authority.as_ref().map(|(a, m)| (a, m));
    let started = std::time::Instant::now();
    let stdout = std::io::stdout();
    let report = |c: Committed| {
        // Written and flushed only once the batch is on disk: a line seen
        // here is a promise that those orders survive a crash.
        let mut out = stdout.lock();
        let _ = writeln!(
            out,
            "committed batch {}: {} order(s) so far ({:.0}/s)",
            c.batch,
            c.orders,
            c.orders as f64 / started.elapsed().as_secs_f64().max(1e-9)
        );
        let _ = out.flush();
    };
    let mut total = crate::counter::import::ImportReport::default();
    if !files.is_empty() {
        match counter.import(
            read_files(files, options),
            profile.as_deref(),
            batch,
            replace,
            report,
        ) {
            Ok(r) => total = r,
            Err(e) => return fail(e),
        }
    }
    if let Some(url) = sandbox {
        let orders = match import_sandbox(&url) {
            Ok(o) => o,
            Err(code) => return code,
        };
        // Without --profile each order belongs to the only connection of
        // its platform, as a freshly set-up counter has.
        match counter.import(
            orders.into_iter().map(Ok),
            profile.as_deref(),
            batch,
            replace,
            |_| {},
        ) {
            Ok(r) => {
                total.orders += r.orders;
                total.written += r.written;
                total.replaced += r.replaced;
                total.kept += r.kept;
                total.unchanged += r.unchanged;
                total.refused.extend(r.refused);
            }
            Err(e) => return fail(e),
        }
    }
    for r in &total.refused {
        eprintln!("box-office: not imported: {}: {}", r.source, r.reason);
    }
    println!(
        "imported {} order(s){}{}{}",
        total.written,
        if total.unchanged > 0 {
            format!(
                "; left {} order(s) this counter already holds as they were (replacing them needs --manager)",
                total.unchanged
            )
        } else {
            String::new()
        },
        if total.kept > 0 {
            format!(
                "; kept {} cached order(s) that the copies would have moved backwards",
                total.kept
            )
        } else {
            String::new()
        },
        if total.refused.is_empty() {
            String::new()
        } else {
            format!("; {} input(s) refused, see above", total.refused.len())
        }
    );
    if total.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::super::common::code::FAILED)
    }
}

/// The orders of a running sandbox's repertoire.
fn import_sandbox(url: &str) -> Result<Vec<Order>, ExitCode> {
    #[derive(serde::Deserialize)]
    struct Seeded {
        order: Order,
    }
    #[derive(serde::Deserialize)]
    struct Catalogue {
        orders: Vec<Seeded>,
    }
    let rt = runtime()?;
    let base = url.trim_end_matches('/').to_owned();
    rt.block_on(async move {
        let resp = http::client(http::Timeouts::default())
            .get(format!("{base}/_sandbox/catalogue"))
            .send()
            .await
            .map_err(|e| fail(format!("cannot reach the sandbox at {base}: {e}")))?;
        let text = resp.text().await.map_err(fail)?;
        let cat: Catalogue = serde_json::from_str(&text)
            .map_err(|e| fail(format!("not a sandbox catalogue: {e}")))?;
        Ok(cat.orders.into_iter().map(|s| s.order).collect())
    })
}

fn write_out(output: Option<PathBuf>, text: &str) -> ExitCode {
    match output {
        Some(path) => match std::fs::write(&path, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(format!("cannot write {}: {e}", path.display())),
        },
        None => {
            println!("{text}");
            ExitCode::SUCCESS
        }
    }
}
