//! `box-office complete`: runs one completion to its end state (or as far
//! as it gets in the time allowed) and prints it. `box-office completions`
//! lists the journal, resumes what is unfinished, and records a person's
//! decision on a completion that needs attention.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::common::{code, fail, open_cache, print_json, read_file, runtime};
use crate::cache::Cache;
use crate::completion::{Completer, CompletionError, Journal, Outcome, Policy, State, describe};
use crate::domain::{Order, OrderDocument, OrderStatus, Platform, RawJson};
use crate::profiles::Profiles;
use crate::providers::http;
use crate::providers::paciolan::Cart;
use crate::secrets::Keyring;

#[derive(Debug, Args)]
pub struct CompleteArgs {
    /// The connection profile to complete through.
    #[arg(long)]
    profile: String,
    /// The order id (Vista orderId, Paciolan externalOrderId).
    order: String,
    /// The order's details when they are not cached: for Paciolan a JSON
    /// document in the shape of the page's request (listing, buyer,
    /// settlement); for Vista a Box Office order document.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    /// How long to keep polling before leaving the completion unfinished, in seconds.
    #[arg(long, default_value_t = 90)]
    timeout: u64,
}

#[derive(Debug, Subcommand)]
pub enum CompletionsCommand {
    /// The journal, newest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Continue every unfinished completion (what the app does on start).
    Resume {
        #[arg(long)]
        json: bool,
    },
    /// A person checked with the platform that nothing was sold: send the
    /// completion that needs attention again, with the same Request-ID.
    SendAgain { id: i64 },
    /// A person checked with the platform that nothing was sold: set the
    /// completion aside so the order can be completed afresh later.
    SetAside { id: i64 },
}

/// The in-progress order a Paciolan cart describes, for a cart not cached.
fn order_from_cart(
    id: &str,
    text: &str,
    profile_currency: crate::domain::Currency,
) -> Result<Order, CompletionError> {
    let cart: Cart = serde_json::from_str(text).map_err(|e| CompletionError::BadCart {
        order: id.to_owned(),
        detail: e.to_string(),
    })?;
    let mut o = Order::new(Platform::Paciolan, id, OrderStatus::InProgress);
    o.ids.order_number = Some(cart.listing.external_order_id.clone());
    o.ids.listing_id = Some(cart.listing.external_listing_id.clone());
    for t in &cart.listing.tokens {
        let price = t
            .individual_price
            .as_ref()
            .and_then(|a| a.to_money(profile_currency).ok());
        let fee = t
            .individual_fees
            .as_ref()
            .and_then(|a| a.to_money(profile_currency).ok());
        o.tickets.push(crate::domain::Ticket {
            id: t.token.clone(),
            barcode: None,
            seat: Default::default(),
            level: None,
            category: None,
            price_type: None,
            cost: Some(crate::domain::Cost {
                price,
                fee,
                total: price.zip(fee).and_then(|(p, f)| p.checked_add(f).ok()),
            }),
            vat: None,
            holder: None,
            access_id: None,
            passes: Default::default(),
            organizer_info: None,
            state: Default::default(),
        });
    }
    o.customer = Some(crate::domain::Customer {
        first_name: Some(cart.buyer.first_name.clone()),
        last_name: Some(cart.buyer.last_name.clone()),
        email: Some(cart.buyer.email_address.email.clone()),
        phone: None,
    });
    o.raw = RawJson::from_text(text).ok();
    Ok(o)
}

fn exit_for(state: State) -> ExitCode {
    match state {
        State::Completed => ExitCode::SUCCESS,
        State::Partial => ExitCode::from(code::PARTIAL),
        State::NeedsAttention => ExitCode::from(code::NEEDS_ATTENTION),
        State::Failed | State::Abandoned => ExitCode::from(code::FAILED),
        State::Intent | State::Sending | State::Pending | State::Unknown => {
            ExitCode::from(code::UNFINISHED)
        }
    }
}

fn print(o: &Outcome, json: bool) -> ExitCode {
    if json {
        let _ = print_json(o);
        return exit_for(o.entry.state);
    }
    let e = &o.entry;
    println!(
        "{} order {}: {}",
        e.platform.display_name(),
        e.order_id,
        describe(e.state)
    );
    if let Some(m) = &e.message {
        println!("  {m}");
    }
    println!(
        "  Request-ID {}   journal #{}   attempts {}",
        e.request_id, e.id, e.attempts
    );
    if let Some(t) = &o.order.ids.transaction_number {
        println!("  transaction {t}");
    }
    if let Some(kind) = &o.order.order_type {
        println!("  order type {kind}");
    }
    if matches!(e.state, State::Pending | State::Unknown | State::Intent)
        && let Some(exp) = o.order.expires_at
    {
        let left = exp - chrono::Utc::now();
        println!(
            "  the in-progress order expires in {} min {} s",
            left.num_minutes(),
            left.num_seconds() % 60
        );
    }
    let printable = o.order.printable_tickets().count();
    if e.state.is_final() {
        println!("  {printable} ticket(s) printable");
    }
    exit_for(e.state)
}

fn completer(cache: &Cache, timeout: u64) -> Completer<'_> {
    let policy = Policy {
        overall: std::time::Duration::from_secs(timeout),
        ..Policy::default()
    };
    Completer::new(cache, http::client(http::Timeouts::default()), policy)
}

pub fn run(a: CompleteArgs, data_dir: Option<PathBuf>) -> ExitCode {
    let cache = match open_cache(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let (profile, credentials) = match Profiles::new(&cache, Keyring::new()).load(&a.profile) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let input = match &a.input {
        Some(path) => match read_file(path) {
            Ok(t) => Some(t),
            Err(code) => return code,
        },
        None => None,
    };
    let cached = match cache.get_order(profile.platform, &a.order) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let (order, cart) = match (profile.platform, input) {
        (Platform::Paciolan, Some(text)) => {
            let order = match cached {
                Some(o) => o,
                None => match order_from_cart(&a.order, &text, profile.currency) {
                    Ok(o) => o,
                    Err(e) => return fail(e),
                },
            };
            (order, Some(text))
        }
        (_, Some(text)) => match OrderDocument::from_json(&text) {
            Ok(doc) if doc.order.id == a.order => (doc.order, None),
            Ok(doc) => {
                return fail(format!(
                    "the --input document is order {}, not {}",
                    doc.order.id, a.order
                ));
            }
            Err(e) => return fail(e),
        },
        (_, None) => match cached {
            Some(o) => (o, None),
            None => {
                return fail(format!(
                    "order {} is not in the cache; give its details with --input",
                    a.order
                ));
            }
        },
    };
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let c = completer(&cache, a.timeout);
    match rt.block_on(c.complete(&profile, &credentials, &order, cart.as_deref())) {
        Ok(o) => print(&o, a.json),
        Err(e) => fail(e),
    }
}

pub fn run_completions(cmd: CompletionsCommand, data_dir: Option<PathBuf>) -> ExitCode {
    let cache = match open_cache(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let journal = Journal::new(&cache);
    let profiles = Profiles::new(&cache, Keyring::new());
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let c = completer(&cache, 90);
    match cmd {
        CompletionsCommand::List { limit, json } => match journal.recent(limit) {
            Ok(list) if json => print_json(&list),
            Ok(list) => {
                for e in list {
                    println!(
                        "#{}\t{}\t{}\t{}\t{}\t{}",
                        e.id,
                        e.platform,
                        e.order_id,
                        e.state.as_str(),
                        e.request_id,
                        e.message.unwrap_or_default()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        CompletionsCommand::Resume { json } => {
            let unfinished = match journal.unfinished() {
                Ok(u) => u,
                Err(e) => return fail(e),
            };
            let mut worst = ExitCode::SUCCESS;
            let mut outcomes = Vec::new();
            for entry in unfinished {
                let (profile, credentials) = match profiles.load(&entry.profile) {
                    Ok(p) => p,
                    Err(e) => {
                        eprintln!("box-office: cannot resume #{}: {e}", entry.id);
                        worst = ExitCode::from(code::FAILED);
                        continue;
                    }
                };
                match rt.block_on(c.run(&profile, &credentials, entry)) {
                    Ok(o) if json => outcomes.push(o),
                    Ok(o) => {
                        let code = print(&o, false);
                        if code != ExitCode::SUCCESS {
                            worst = code;
                        }
                    }
                    Err(e) => {
                        eprintln!("box-office: {e}");
                        worst = ExitCode::from(code::FAILED);
                    }
                }
            }
            if json {
                let _ = print_json(&outcomes);
            }
            worst
        }
        CompletionsCommand::SendAgain { id } => {
            let entry = match journal.get(id) {
                Ok(Some(e)) => e,
                Ok(None) => return fail(format!("no completion #{id}")),
                Err(e) => return fail(e),
            };
            let (profile, credentials) = match profiles.load(&entry.profile) {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            match rt.block_on(c.send_again(&profile, &credentials, id)) {
                Ok(o) => print(&o, false),
                Err(e) => fail(e),
            }
        }
        CompletionsCommand::SetAside { id } => match c.set_aside(id) {
            Ok(e) => {
                println!("#{} set aside: {}", e.id, e.message.unwrap_or_default());
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
    }
}
