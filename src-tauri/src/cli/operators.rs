//! `box-office operators add|list|remove|unlock`: the counter's operators.
//! PINs are read from standard input, one a line (the authorising manager's
//! first), or asked for at a hidden prompt; never taken from arguments, which
//! other users can see in the process list.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, Utc};
use clap::{Args, Subcommand};

use super::common::{fail, open_counter, print_json};
use crate::operators::{ManagerApproval, OperatorError, Operators, Pin, Role};
use crate::secrets::Sensitive;

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

/// Where PINs come from: a hidden prompt at a terminal, else the lines of
/// standard input, read once and kept wrapped so they are wiped.
pub(super) struct PinSource {
    piped: Option<Sensitive<String>>,
    next_line: usize,
}

impl PinSource {
    pub(super) fn new() -> PinSource {
        PinSource {
            piped: None,
            next_line: 0,
        }
    }

    pub(super) fn line(&mut self, what: &str) -> Result<Pin, ExitCode> {
        let interactive = std::io::stdin().is_terminal();
        if interactive {
            let text = rpassword::prompt_password(format!("{what}: "))
                .map_err(|e| fail(format!("cannot read the {what}: {e}")))?;
            return Pin::new(text).map_err(fail);
        }
        if self.piped.is_none() {
            let mut buf = String::new();
            std::io::stdin()
                .read_to_string(&mut buf)
                .map_err(|e| fail(format!("cannot read PINs from standard input: {e}")))?;
            self.piped = Some(Sensitive::new(buf));
        }
        let all = self
            .piped
            .as_ref()
            .map(|s| s.expose().as_str())
            .unwrap_or("");
        let Some(line) = all.lines().nth(self.next_line) else {
            return Err(fail(format!(
                "no {what} on standard input: give one PIN a line, the manager's first"
            )));
        };
        self.next_line += 1;
        Pin::new(line.trim_end_matches('\r').to_owned()).map_err(fail)
    }

    /// A new PIN; at a terminal it is asked twice.
    fn new_pin(&mut self, name: &str) -> Result<Pin, ExitCode> {
        let pin = self.line(&format!("new PIN for {name}"))?;
        if std::io::stdin().is_terminal() {
            let again = self.line("the same PIN again")?;
            if pin.same_as(&again) {
                return Ok(pin);
            }
            return Err(fail("the two PINs differ: nothing was changed"));
        }
        Ok(pin)
    }
}

fn authorise(
    ops: &Operators<'_>,
    manager: &str,
    pins: &mut PinSource,
    workstation: &str,
) -> Result<ManagerApproval, ExitCode> {
    let m = ops.find(manager, false).map_err(fail)?;
    let pin = pins.line(&format!("PIN of manager {}", m.name))?;
    ops.authorise_manager(m.id, &pin, workstation, false, Utc::now())
        .map_err(fail)
}

pub fn run(cmd: OperatorsCommand, data_dir: Option<PathBuf>) -> ExitCode {
    let counter = match open_counter(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let ops = counter.operators();
    let ws = counter.workstation();
    let mut pins = PinSource::new();
    let done = |r: Result<String, OperatorError>| match r {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    };
    match cmd {
        OperatorsCommand::Add(a) => {
            let role: Role = match a.role.parse() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let first = match ops.has_manager() {
                Ok(has) => !has,
                Err(e) => return fail(e),
            };
            if first && role != Role::Manager {
                return fail(OperatorError::NoManager);
            }
            let approval = match (&a.manager, first) {
                (_, true) => None,
                (Some(m), false) => match authorise(&ops, m, &mut pins, &ws) {
                    Ok(ok) => Some(ok),
                    Err(code) => return code,
                },
                (None, false) => {
                    return fail(
                        "adding an operator needs a manager: give --manager NAME \
                         (their PIN is read first)",
                    );
                }
            };
            let pin = match pins.new_pin(a.name.trim()) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let added = match &approval {
                Some(ok) => ops.add(ok, &a.name, role, &pin, &ws, Utc::now()),
                None => ops.add_first_manager(&a.name, &pin, &ws, Utc::now()),
            };
            done(added.map(|op| format!("added {} “{}”", op.role, op.name)))
        }
        OperatorsCommand::List { json } => match ops.list(false, Utc::now()) {
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
            let ok = match authorise(&ops, &manager, &mut pins, &ws) {
                Ok(ok) => ok,
                Err(code) => return code,
            };
            let r = ops.find(&name, false).and_then(|op| {
                ops.remove(&ok, op.id, &ws, Utc::now())?;
                Ok(format!("removed {} “{}”", op.role, op.name))
            });
            done(r)
        }
        OperatorsCommand::Unlock { name, manager } => {
            let ok = match authorise(&ops, &manager, &mut pins, &ws) {
                Ok(ok) => ok,
                Err(code) => return code,
            };
            let r = ops
                .find(&name, false)
                .and_then(|op| ops.unlock(&ok, op.id, &ws, Utc::now()))
                .map(|op| format!("unlocked “{}”", op.name));
            done(r)
        }
    }
}
