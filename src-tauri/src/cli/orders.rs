//! `box-office orders`: the order cache from the command line: find orders
//! by anything a customer says or shows, show one, export and import
//! (order documents, platform answers, JSON Lines; a running sandbox's
//! repertoire), purge old ones, see what the cache costs, and fetch an
//! Afisha order.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::common::{fail, open_counter, print_json, runtime};
use crate::cache::OrderSummary;
use crate::counter::import::{Committed, read_files};
use crate::counter::{Counter, LookupFilter, OrderView};
use crate::domain::{Currency, Order, OrderDocument, Platform};
use crate::providers::http;
use crate::settings::Language;
use crate::tickets::import::ImportOptions;

#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// Cached orders matching QUERY: a barcode, order number, code word,
    /// ticket id, token, access id, transaction number, a customer's name,
    /// e-mail or phone, or an event's name. Never asks a platform.
    Find {
        query: String,
        /// Only sessions on this day (YYYY-MM-DD, or `today`); all days by default.
        #[arg(long, value_name = "DATE", default_value = "all")]
        date: String,
        /// Only events whose name contains these words.
        #[arg(long, value_name = "WORDS")]
        event: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// The cached orders by session time (or those matching QUERY).
    List {
        query: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// One cached order: its tickets, completion and when it was cached.
    Show {
        platform: Platform,
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Write a cached order as a Box Office order document, or with --all
    /// every cached order as JSON Lines (one document per line).
    Export {
        #[arg(required_unless_present = "all")]
        platform: Option<Platform>,
        #[arg(required_unless_present = "all")]
        id: Option<String>,
        #[arg(long, conflicts_with_all = ["platform", "id"])]
        all: bool,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Put orders into the cache: order documents, Afisha /order-info or
    /// Paciolan complete-order answers, one per file or one per line (JSON
    /// Lines); or a running sandbox's repertoire with --sandbox URL. Each
    /// batch is one transaction, reported on standard output once committed.
    Import {
        files: Vec<PathBuf>,
        #[arg(long, value_name = "URL")]
        sandbox: Option<String>,
        /// The connection the orders belong to.
        #[arg(long)]
        profile: Option<String>,
        /// Orders per transaction.
        #[arg(long, default_value_t = crate::counter::import::DEFAULT_BATCH)]
        batch: usize,
        /// Currency of Paciolan answers' amounts (ISO 4217, default USD).
        #[arg(long, value_name = "CODE")]
        currency: Option<Currency>,
        /// The venue's time zone, for Afisha answers that give none.
        #[arg(long, value_name = "ZONE")]
        time_zone: Option<String>,
    },
    /// Remove orders whose session ended more than DAYS days ago (default:
    /// the till's retention setting, 30 days unless changed).
    Purge {
        #[arg(long, value_name = "DAYS")]
        older_than: Option<u32>,
    },
    /// How many orders and tickets the cache holds, and its size per order.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Ask Afisha for an order (by id, order number or code word) and cache it.
    Fetch {
        #[arg(long)]
        profile: String,
        id: String,
        #[arg(long)]
        json: bool,
    },
}

fn print_summaries(list: &[OrderSummary]) {
    for o in list {
        let locale = if o.platform == Platform::Afisha {
            "ru-RU"
        } else {
            "en-US"
        };
        println!(
            "{}\t{}\t{:?}\t{}\t{}\t{}\tcached {}",
            o.platform,
            o.number,
            o.status,
            o.event_name.as_deref().unwrap_or_default(),
            o.session_text(locale).unwrap_or_default(),
            o.customer_name.as_deref().unwrap_or_default(),
            o.cached_at.format("%Y-%m-%d %H:%M UTC"),
        );
    }
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

pub fn run(cmd: OrdersCommand, data_dir: Option<PathBuf>) -> ExitCode {
    let counter = match open_counter(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match cmd {
        OrdersCommand::Find {
            query,
            date,
            event,
            limit,
            json,
        } => {
            let filter = LookupFilter { date, event };
            match counter.lookup(&query, &filter, limit) {
                Ok(found) if json => print_json(&found),
                Ok(found) => {
                    print_summaries(&found.orders);
                    if found.orders.is_empty() {
                        eprintln!("box-office: no cached order matches “{query}”");
                        return ExitCode::from(1);
                    }
                    if found.truncated {
                        eprintln!(
                            "box-office: more orders match; narrow the search or raise --limit"
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        OrdersCommand::List { query, limit, json } => {
            match counter.lookup(query.as_deref().unwrap_or(""), &LookupFilter::all(), limit) {
                Ok(found) if json => print_json(&found.orders),
                Ok(found) => {
                    print_summaries(&found.orders);
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        OrdersCommand::Show { platform, id, json } => {
            match counter.order_view(platform, &id, Language::En) {
                Ok(view) if json => print_json(&view),
                Ok(view) => {
                    print_view(&view);
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        OrdersCommand::Export {
            platform,
            id,
            all,
            output,
        } => export(&counter, platform, id, all, output),
        OrdersCommand::Import {
            files,
            sandbox,
            profile,
            batch,
            currency,
            time_zone,
        } => import(
            &counter,
            files,
            sandbox,
            profile,
            batch,
            ImportOptions {
                currency,
                time_zone,
            },
        ),
        OrdersCommand::Purge { older_than } => {
            let days = older_than.unwrap_or_else(|| counter.settings().retention_days);
            match counter.cache.purge(days, chrono::Utc::now()) {
                Ok(n) => {
                    println!("purged {n} order(s) whose session ended more than {days} day(s) ago");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        OrdersCommand::Stats { json } => match counter.cache.stats() {
            Ok(s) if json => print_json(&s),
            Ok(s) => {
                println!(
                    "{} order(s), {} ticket(s), {} bytes on disk{}",
                    s.orders,
                    s.tickets,
                    s.bytes,
                    s.bytes_per_order
                        .map(|b| format!(", {b} bytes per order"))
                        .unwrap_or_default()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        OrdersCommand::Fetch { profile, id, json } => {
            match counter.profiles().load(&profile) {
                Ok((p, _)) if p.platform != Platform::Afisha => {
                    return fail(
                        "orders fetch asks Afisha; Vista and Paciolan orders are completed with `box-office complete`",
                    );
                }
                Ok(_) => {}
                Err(e) => return fail(e),
            }
            let known = counter
                .cache
                .get_order(Platform::Afisha, &id)
                .ok()
                .flatten()
                .map(|o| o.id);
            let rt = match runtime() {
                Ok(rt) => rt,
                Err(code) => return code,
            };
            let result = rt.block_on(async {
                match &known {
                    Some(known) => counter.refresh(Platform::Afisha, known).await,
                    None => counter.ask_afisha(&id, Some(&profile)).await,
                }
            });
            match result {
                Ok(order) => {
                    if json {
                        return print_json(&OrderDocument::new(order));
                    }
                    println!(
                        "Afisha order {} ({}): {:?}, {} ticket(s), {} printable, attachment {:?}",
                        order.display_number(),
                        order.id,
                        order.status,
                        order.tickets.len(),
                        order.printable_tickets().count(),
                        order.attachment
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
    }
}

fn print_view(v: &OrderView) {
    println!(
        "{} order {} ({}): {:?}",
        v.platform.display_name(),
        v.number,
        v.id,
        v.status
    );
    if let Some(e) = &v.event_name {
        println!("  {e}");
    }
    if let Some(s) = &v.session {
        println!("  {s}");
    }
    if let Some(c) = &v.customer {
        println!("  customer {c}");
    }
    for t in &v.tickets {
        println!(
            "  ticket {}\t{}\t{:?}{}",
            t.id,
            t.seat_text,
            t.state,
            t.refusal
                .as_deref()
                .map(|r| format!("\t{r}"))
                .unwrap_or_default()
        );
    }
    if let Some(c) = &v.completion {
        println!(
            "  completion #{} {}: {}",
            c.id,
            c.state.as_str(),
            c.message.as_deref().unwrap_or_default()
        );
    }
    if let Some(at) = v.source.cached_at {
        println!("  cached at {}", at.format("%Y-%m-%d %H:%M:%S UTC"));
    }
}

fn export(
    counter: &Counter,
    platform: Option<Platform>,
    id: Option<String>,
    all: bool,
    output: Option<PathBuf>,
) -> ExitCode {
    if all {
        let list = match counter.cache.list_orders(usize::MAX >> 1) {
            Ok(l) => l,
            Err(e) => return fail(e),
        };
        let mut text = String::new();
        for s in list {
            match counter.cache.get_order(s.platform, &s.id) {
                Ok(Some(o)) => match serde_json::to_string(&OrderDocument::new(o)) {
                    Ok(line) => {
                        text.push_str(&line);
                        text.push('\n');
                    }
                    Err(e) => return fail(e),
                },
                Ok(None) => {}
                Err(e) => return fail(e),
            }
        }
        return write_out(output, text.trim_end());
    }
    let (Some(platform), Some(id)) = (platform, id) else {
        return fail("give PLATFORM and ID, or --all");
    };
    match counter.cache.get_order(platform, &id) {
        Ok(Some(order)) => write_out(output, &OrderDocument::new(order).to_json()),
        Ok(None) => fail(format!("no {platform} order {id} in the cache")),
        Err(e) => fail(e),
    }
}

fn import(
    counter: &Counter,
    files: Vec<PathBuf>,
    sandbox: Option<String>,
    profile: Option<String>,
    batch: usize,
    options: ImportOptions,
) -> ExitCode {
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
            |_| {},
        ) {
            Ok(r) => {
                total.orders += r.orders;
                total.written += r.written;
                total.kept += r.kept;
            }
            Err(e) => return fail(e),
        }
    }
    for r in &total.refused {
        eprintln!("box-office: not imported: {}: {}", r.source, r.reason);
    }
    println!(
        "imported {} order(s){}{}",
        total.written,
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
        ExitCode::from(super::common::code::FAILED)
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
