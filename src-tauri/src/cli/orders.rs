//! `box-office orders`: the order cache from the command line: find orders
//! by anything a customer says or shows, show one, export and import
//! (order documents, platform answers, JSON Lines; a running sandbox's
//! repertoire), purge old ones, see what the cache costs, and fetch an
//! Afisha order.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::common::{fail, open_counter, print_json, runtime};
use super::who::manager_act;
use crate::cache::OrderSummary;
use crate::counter::{LookupFilter, OrderView};
use crate::domain::{Currency, OrderDocument, Platform};
use crate::settings::Language;
use crate::tickets::import::ImportOptions;

mod transfer;
use transfer::{export, import};

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
        /// Let the import replace orders this counter already holds, on this
        /// manager's authority (their PIN is read from standard input). An
        /// order that is sold or has anything printed never gets other
        /// tickets; without a manager cached orders are left as they are.
        #[arg(long, value_name = "NAME")]
        manager: Option<String>,
    },
    /// Remove orders whose session ended more than DAYS days ago (default:
    /// the till's retention setting, 30 days unless changed), on a manager's
    /// PIN; orders that still matter stay and are listed.
    Purge {
        #[arg(long, value_name = "DAYS")]
        older_than: Option<u32>,
        /// The manager who authorises (their PIN is read from standard input).
        #[arg(long, value_name = "NAME")]
        manager: String,
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
            manager,
        } => {
            let who = match &manager {
                Some(m) => Some(or_exit!(manager_act(None, m))),
                None => None,
            };
            import(
                &counter,
                files,
                sandbox,
                profile,
                batch,
                ImportOptions {
                    currency,
                    time_zone,
                },
                who.as_ref(),
            )
        }
        OrdersCommand::Purge {
            older_than,
            manager,
        } => {
            let who = or_exit!(manager_act(None, &manager));
            let (asker, manager) = or_exit!(who.both());
            match counter.purge(&asker, &manager, older_than) {
                Ok(r) => {
                    println!("purged: {}", r.summary());
                    for k in &r.kept {
                        println!(
                            "  kept {} order {}: {}",
                            k.platform,
                            k.number,
                            k.why.words()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        OrdersCommand::Stats { json } => match counter.cache_stats() {
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
            match counter.connection_profile(&profile) {
                Ok(p) if p.platform != Platform::Afisha => {
                    return fail(
                        "orders fetch asks Afisha; Vista and Paciolan orders are completed with `box-office complete`",
                    );
                }
                Ok(_) => {}
                Err(e) => return fail(e),
            }
            let known = counter
                .cached_order(Platform::Afisha, &id)
                .ok()
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
