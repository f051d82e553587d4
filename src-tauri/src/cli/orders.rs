//! `box-office orders`: the order cache from the command line: list and
//! search it, export an order document (what `render` reads), import one or
//! a running sandbox's repertoire, and fetch an Afisha order.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::common::{fail, open_cache, print_json, read_file, runtime};
use crate::counter::Counter;
use crate::domain::{Order, OrderDocument, Platform};
use crate::providers::http;

#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// Cached orders matching QUERY (an order number, code word, barcode,
    /// name), or all of them.
    List {
        query: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Write a cached order as a Box Office order document.
    Export {
        platform: Platform,
        id: String,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Put order documents into the cache, or a running sandbox's repertoire
    /// with --sandbox URL.
    Import {
        files: Vec<PathBuf>,
        #[arg(long, value_name = "URL")]
        sandbox: Option<String>,
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

pub fn run(cmd: OrdersCommand, data_dir: Option<PathBuf>) -> ExitCode {
    let cache = match open_cache(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match cmd {
        OrdersCommand::List { query, limit, json } => {
            match cache.find_orders(query.as_deref().unwrap_or(""), limit) {
                Ok(list) if json => print_json(&list),
                Ok(list) => {
                    for o in list {
                        println!(
                            "{}\t{}\t{:?}\t{}\t{}",
                            o.platform,
                            o.number,
                            o.status,
                            o.event_name.unwrap_or_default(),
                            o.session.unwrap_or_default()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        OrdersCommand::Export {
            platform,
            id,
            output,
        } => match cache.get_order(platform, &id) {
            Ok(Some(order)) => {
                let text = OrderDocument::new(order).to_json();
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
            Ok(None) => fail(format!("no {platform} order {id} in the cache")),
            Err(e) => fail(e),
        },
        OrdersCommand::Import { files, sandbox } => {
            let mut orders: Vec<(Order, Option<&str>)> = Vec::new();
            for path in &files {
                let text = match read_file(path) {
                    Ok(t) => t,
                    Err(code) => return code,
                };
                match OrderDocument::from_json(&text) {
                    Ok(doc) => orders.push((doc.order, None)),
                    Err(e) => return fail(format!("{}: {e}", path.display())),
                }
            }
            if let Some(url) = sandbox {
                match import_sandbox(&url) {
                    Ok(list) => orders.extend(
                        list.into_iter()
                            .map(|o| (o, Some(crate::training::PROFILE))),
                    ),
                    Err(code) => return code,
                }
            }
            for (o, profile) in &orders {
                if let Err(e) = cache.put_order(o, *profile) {
                    return fail(e);
                }
            }
            println!("imported {} order(s)", orders.len());
            ExitCode::SUCCESS
        }
        OrdersCommand::Fetch { profile, id, json } => {
            let counter = Counter::with_cache(cache);
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
