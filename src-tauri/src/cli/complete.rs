//! `box-office complete`: an operator runs one completion to its end state
//! (or as far as it gets in the time allowed) and prints it. `box-office
//! completions` lists the journal, resumes what is unfinished, and records a
//! manager's decision, with a PIN and a reason, on a completion that needs
//! attention. The same core calls as the window's.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::common::{code, fail, open_counter, print_json, read_file, runtime};
use super::who::{PinSource, Who, manager_act};
use crate::completion::{Outcome, Policy, State, describe};
use crate::counter::CompletionInput;

#[derive(Debug, Args)]
pub struct CompleteArgs {
    /// The connection profile to complete through.
    #[arg(long)]
    profile: String,
    /// Who completes it (their PIN is read from standard input).
    #[arg(long, value_name = "NAME")]
    operator: String,
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
    /// A manager checked with the platform that nothing was sold: send the
    /// completion that needs attention again, with the same Request-ID.
    SendAgain(Decision),
    /// A manager checked with the platform that nothing was sold: set the
    /// completion aside so the order can be completed afresh later.
    SetAside(Decision),
}

/// A manager's decision on a completion that needs attention.
#[derive(Debug, Args)]
pub struct Decision {
    /// The completion's journal number (`completions list`).
    id: i64,
    /// Why, as checked with the platform's support (recorded with the
    /// Request-ID).
    #[arg(long, value_name = "TEXT")]
    reason: String,
    /// The manager who decides (their PIN is read from standard input).
    #[arg(long, value_name = "NAME")]
    manager: String,
    /// Who asks, when not the manager (their PIN is read first).
    #[arg(long, value_name = "NAME")]
    operator: Option<String>,
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
        "{} order {}: {}{}",
        e.platform.display_name(),
        e.order_id,
        describe(e.state),
        if o.elsewhere {
            " (another window, till or script is completing it right now)"
        } else {
            ""
        }
    );
    if let Some(m) = &e.message {
        println!("  {m}");
    }
    println!(
        "  Request-ID {}   journal #{}   attempts {}",
        e.request_id, e.id, e.attempts
    );
    match &o.order.ids.transaction_number {
        Some(t) => println!("  transaction {t}"),
        None if e.state == State::Completed && e.platform == crate::domain::Platform::Vista => {
            println!("  no collection number from Vista")
        }
        None => {}
    }
    if let (Some(kind), code) = (&e.error_type, &e.error_code) {
        println!(
            "  platform error {kind}{}",
            code.as_deref().map(|c| format!(" {c}")).unwrap_or_default()
        );
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

fn policy(timeout: u64) -> Policy {
    Policy {
        overall: std::time::Duration::from_secs(timeout),
        ..Policy::default()
    }
}

pub fn run(a: CompleteArgs, data_dir: Option<PathBuf>) -> ExitCode {
    let counter = match open_counter(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let profile = match counter.connection_profile(&a.profile) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let who = or_exit!(Who::read(&mut PinSource::new(), Some(&a.operator), None));
    let asker = or_exit!(who.asker());
    let text = match &a.input {
        Some(path) => match read_file(path) {
            Ok(t) => Some(t),
            Err(code) => return code,
        },
        None => None,
    };
    let input = CompletionInput {
        profile: Some(profile.name.clone()),
        text,
    };
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    match rt.block_on(counter.complete(
        &asker,
        profile.platform,
        &a.order,
        &input,
        policy(a.timeout),
    )) {
        Ok(o) => print(&o, a.json),
        Err(e) => fail(e),
    }
}

pub fn run_completions(cmd: CompletionsCommand, data_dir: Option<PathBuf>) -> ExitCode {
    let counter = match open_counter(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let policy = policy(90);
    match cmd {
        CompletionsCommand::List { limit, json } => match counter.completions(limit) {
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
            let results = match rt.block_on(counter.resume_unfinished(policy)) {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let mut worst = ExitCode::SUCCESS;
            let mut outcomes = Vec::new();
            for (entry, result) in results {
                match result {
                    Ok(o) if json => outcomes.push(o),
                    Ok(o) => {
                        let code = print(&o, false);
                        if code != ExitCode::SUCCESS {
                            worst = code;
                        }
                    }
                    Err(e) => {
                        eprintln!("box-office: cannot resume #{}: {e}", entry.id);
                        worst = ExitCode::from(code::FAILED);
                    }
                }
            }
            if json {
                let _ = print_json(&outcomes);
            }
            worst
        }
        CompletionsCommand::SendAgain(d) => {
            let who = or_exit!(manager_act(d.operator.as_deref(), &d.manager));
            let (asker, manager) = or_exit!(who.both());
            match rt.block_on(counter.send_again(&asker, &manager, d.id, &d.reason, policy)) {
                Ok(o) => print(&o, false),
                Err(e) => fail(e),
            }
        }
        CompletionsCommand::SetAside(d) => {
            let who = or_exit!(manager_act(d.operator.as_deref(), &d.manager));
            let (asker, manager) = or_exit!(who.both());
            match counter.set_aside(&asker, &manager, d.id, &d.reason) {
                Ok(e) => {
                    println!("#{} set aside: {}", e.id, e.message.unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
    }
}
