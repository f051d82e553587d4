//! `box-office operators add|list|remove|unlock`: the counter's operators.
//! PINs are read from standard input, one a line (the authorising manager's
//! first), or asked for at a hidden prompt; never taken from arguments, which
//! other users can see in the process list.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Local;
use clap::{Args, Subcommand};

use super::common::{fail, open_counter, print_json};
use super::who::{PinSource, Who};
use crate::counter::{CounterError, OperatorRef};
use crate::operators::{OperatorError, Role};

#[derive(Debug, Subcommand)]
pub enum OperatorsCommand {
    /// Add an operator. The first manager needs no authorisation; after that
    /// `--manager` names who authorises, and their PIN is read first.
    Add(AddArgs),
    /// List the operators (never their PINs).
    List {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove an operator; the print log keeps naming them.
    Remove {
        name: String,
        /// The manager who authorises (their PIN is read from standard input).
        #[arg(long, value_name = "NAME")]
        manager: String,
    },
    /// End an operator's lock after wrong PINs.
    Unlock {
        name: String,
        /// The manager who authorises (their PIN is read from standard input).
        #[arg(long, value_name = "NAME")]
        manager: String,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The name shown at the counter and in the print log.
    name: String,
    #[arg(long, value_parser = ["cashier", "manager"])]
    role: String,
    /// The manager who authorises (not needed for the very first manager).
    #[arg(long, value_name = "NAME")]
    manager: Option<String>,
}

pub fn run(cmd: OperatorsCommand, data_dir: Option<PathBuf>) -> ExitCode {
    let counter = match open_counter(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut pins = PinSource::new();
    let done = |r: Result<String, CounterError>| match r {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    };
    let manager_of = |pins: &mut PinSource, name: &str| Who::read(pins, None, Some(name));
    match cmd {
        OperatorsCommand::Add(a) => {
            let role: Role = match a.role.parse() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let first = match counter.needs_first_manager() {
                Ok(first) => first,
                Err(e) => return fail(e),
            };
            if first && role != Role::Manager {
                return fail(OperatorError::NoManager);
            }
            if first {
                let pin = match pins.new_pin(a.name.trim()) {
                    Ok(p) => p,
                    Err(code) => return code,
                };
                return done(
                    counter
                        .add_first_manager(&a.name, &pin)
                        .map(|op| format!("added {} “{}”", op.role, op.name)),
                );
            }
            let Some(m) = &a.manager else {
                return fail(
                    "adding an operator needs a manager: give --manager NAME (their PIN is read first)",
                );
            };
            let who = match manager_of(&mut pins, m) {
                Ok(w) => w,
                Err(code) => return code,
            };
            let pin = match pins.new_pin(a.name.trim()) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let (asker, manager) = or_exit!(who.both());
            done(
                counter
                    .add_operator(&asker, &manager, &a.name, role, &pin)
                    .map(|op| format!("added {} “{}”", op.role, op.name)),
            )
        }
        OperatorsCommand::List { json } => match counter.operator_list() {
            Ok(list) if json => print_json(&list),
            Ok(list) => {
                for op in list {
                    let lock = op.locked_until.map_or(String::new(), |t| {
                        format!(
                            "locked until {}",
                            t.with_timezone(&Local).format("%Y-%m-%d %H:%M")
                        )
                    });
                    println!("{}\t{}\t{}", op.name, op.role, lock);
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        OperatorsCommand::Remove { name, manager } => {
            let who = match manager_of(&mut pins, &manager) {
                Ok(w) => w,
                Err(code) => return code,
            };
            let (asker, manager) = or_exit!(who.both());
            done(
                counter
                    .remove_operator(&asker, &manager, OperatorRef::Name(&name))
                    .map(|op| format!("removed {} “{}”", op.role, op.name)),
            )
        }
        OperatorsCommand::Unlock { name, manager } => {
            let who = match manager_of(&mut pins, &manager) {
                Ok(w) => w,
                Err(code) => return code,
            };
            let (asker, manager) = or_exit!(who.both());
            done(
                counter
                    .unlock_operator(&asker, &manager, OperatorRef::Name(&name))
                    .map(|op| format!("unlocked “{}”", op.name)),
            )
        }
    }
}
