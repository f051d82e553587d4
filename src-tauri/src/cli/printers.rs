//! `box-office printers`: the printers Box Office can send tickets to, as
//! CUPS reports them, with the state that decides whether a job would go
//! out (a stopped or refusing printer gets nothing).

use std::process::ExitCode;

use clap::Args;

use super::common::{fail, print_json, runtime};
use crate::printing::{Cups, PrinterInfo, PrinterState};
use crate::providers::http;

#[derive(Debug, Args)]
pub struct PrintersArgs {
    /// Print the list as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: PrintersArgs) -> ExitCode {
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let cups = match Cups::local(http::client(http::Timeouts::default())) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let printers = match rt.block_on(cups.printers()) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if args.json {
        return print_json(&printers);
    }
    if printers.is_empty() {
        println!(
            "CUPS at {} has no printers yet: add one as docs/printing.md shows",
            cups.address()
        );
    }
    for p in &printers {
        println!("{}", line(p));
    }
    ExitCode::SUCCESS
}

/// `Boca (default)  stopped, accepting jobs  Box office 2 — Boca Systems …`
/// and, for a stopped printer, why.
fn line(p: &PrinterInfo) -> String {
    let state = match p.state {
        PrinterState::Idle => "idle",
        PrinterState::Processing => "printing",
        PrinterState::Stopped => "stopped",
    };
    let accepting = if p.accepting_jobs {
        "accepting jobs"
    } else {
        "not accepting jobs"
    };
    let default = if p.is_default { " (default)" } else { "" };
    let about: Vec<&str> = [&p.description, &p.location, &p.make_and_model]
        .into_iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = format!("{}{default}\t{state}, {accepting}", p.name);
    if !about.is_empty() {
        out.push('\t');
        out.push_str(&about.join(" — "));
    }
    if p.state == PrinterState::Stopped {
        out.push_str(&format!("\n\tstopped: {}", p.stop_message()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_says_name_state_and_what_the_printer_is() {
        let p = PrinterInfo {
            name: "Boca".into(),
            description: "Counter 2 tickets".into(),
            location: String::new(),
            make_and_model: "Boca Systems 46/Lemur".into(),
            state: PrinterState::Stopped,
            accepting_jobs: true,
            state_message: "Out of ticket stock".into(),
            state_reasons: vec!["paused".into()],
            is_default: true,
        };
        assert_eq!(
            line(&p),
            "Boca (default)\tstopped, accepting jobs\tCounter 2 tickets — Boca Systems 46/Lemur\n\
             \tstopped: Out of ticket stock"
        );
    }
}
