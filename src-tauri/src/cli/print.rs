//! `box-office print` and `box-office reprint`: the counter's printing from
//! the command line, through the same core calls as the window. The
//! operator (and for a reprint the authorising manager) signs in with a PIN
//! read from standard input or a hidden prompt, never from arguments.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::common::{code, fail, open_counter, print_json, runtime};
use super::who::{PinSource, Who, manager_act};
use crate::counter::{Counter, PrintReport, PrintRequest, PrintTo, ReprintRequest};
use crate::domain::Platform;
use crate::printlog::{PrintOutcome, ReprintReason};
use crate::tickets::Stock;

#[derive(Debug, Args)]
pub struct Where {
    /// The CUPS queue (default: the till's printer setting).
    #[arg(long, value_name = "NAME", conflicts_with = "pdf")]
    printer: Option<String>,
    /// Save as this PDF file instead of printing (it counts as the print).
    #[arg(long, value_name = "FILE")]
    pdf: Option<PathBuf>,
    /// The ticket stock (default: the till's setting).
    #[arg(long, value_name = "STOCK")]
    stock: Option<Stock>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct PrintArgs {
    platform: Platform,
    id: String,
    /// Only these tickets (comma-separated ids); default: every printable
    /// ticket not printed yet.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    tickets: Option<Vec<String>>,
    /// Who prints (their PIN is read from standard input).
    #[arg(long, value_name = "NAME")]
    operator: String,
    /// A manager who authorises (their PIN is read after the operator's):
    /// needed in site mode to print an original while the site cannot be
    /// reached, where a setting asks for it.
    #[arg(long, value_name = "NAME")]
    manager: Option<String>,
    #[command(flatten)]
    to: Where,
}

#[derive(Debug, Args)]
pub struct ReprintArgs {
    platform: Platform,
    id: String,
    /// The ticket to print again (repeat for several); none for an order form.
    #[arg(long = "ticket", value_name = "ID")]
    tickets: Vec<String>,
    /// damaged, printer-jam, lost-by-customer, misprinted, or any other text.
    #[arg(long, value_name = "TEXT")]
    reason: String,
    /// The manager who reprints or authorises (their PIN is read from standard input).
    #[arg(long, value_name = "NAME")]
    manager: String,
    /// A cashier who reprints on the manager's authority (their PIN is read
    /// first, then the manager's).
    #[arg(long, value_name = "NAME")]
    operator: Option<String>,
    #[command(flatten)]
    to: Where,
}

fn target(counter: &Counter, w: &Where) -> Result<(PrintTo, Stock), ExitCode> {
    let stock = w.stock.unwrap_or_else(|| counter.settings().stock);
    let to = match &w.pdf {
        Some(path) => PrintTo::Pdf(path.clone()),
        None => PrintTo::Printer(
            counter
                .printer_or_setting(w.printer.as_deref())
                .map_err(fail)?,
        ),
    };
    Ok((to, stock))
}

/// The reason as typed: one of the list's words, else "other" with the text.
pub fn reason_of(text: &str) -> (ReprintReason, Option<String>) {
    match ReprintReason::parse(text.trim()) {
        Some(r) if r != ReprintReason::Other => (r, None),
        _ => (ReprintReason::Other, Some(text.trim().to_owned())),
    }
}

fn report(r: &PrintReport, json: bool) -> ExitCode {
    if json {
        return print_json(r);
    }
    for c in &r.copies {
        let what = c.ticket_id.as_deref().unwrap_or("order form");
        match c.copy {
            0 => println!("{what}: original"),
            n => println!("{what}: reprint {n}"),
        }
    }
    for t in &r.already_printed {
        eprintln!(
            "box-office: {t} was printed before; not printed again (a reprint needs a manager)"
        );
    }
    for m in &r.refused {
        eprintln!("box-office: not printed: {m}");
    }
    match r.outcome {
        PrintOutcome::Printed => println!("printed on {} (job {})", r.target, r.job_ids.join(", ")),
        PrintOutcome::SavedAsPdf => println!("saved as {}", r.pdf_paths.join(", ")),
        PrintOutcome::AcceptedNotConfirmed => {
            println!(
                "sent to {} (job {}) but not confirmed printed: {}; check the printer before printing again",
                r.target,
                r.job_ids.join(", "),
                r.detail.as_deref().unwrap_or("no answer")
            );
            return ExitCode::from(code::PARTIAL);
        }
        PrintOutcome::PrintedUncertain => {
            println!(
                "{}: the job stopped after the printer began it ({}); it counts as printed",
                r.target,
                r.detail.as_deref().unwrap_or("no detail")
            );
            return ExitCode::from(code::PARTIAL);
        }
        PrintOutcome::Failed => return ExitCode::from(code::FAILED),
    }
    if r.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(code::PARTIAL)
    }
}

pub fn print(args: PrintArgs, data_dir: Option<PathBuf>) -> ExitCode {
    let counter = match open_counter(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let who = or_exit!(Who::read(
        &mut PinSource::new(),
        Some(&args.operator),
        args.manager.as_deref()
    ));
    let asker = or_exit!(who.asker());
    let manager = match &args.manager {
        Some(_) => Some(or_exit!(who.manager())),
        None => None,
    };
    let (to, stock) = match target(&counter, &args.to) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let req = PrintRequest {
        tickets: args.tickets,
        to,
        stock,
    };
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    match rt.block_on(counter.print(&asker, manager.as_ref(), args.platform, &args.id, &req)) {
        Ok(r) => report(&r, args.to.json),
        Err(e) => fail(e),
    }
}

pub fn reprint(args: ReprintArgs, data_dir: Option<PathBuf>) -> ExitCode {
    let counter = match open_counter(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let who = or_exit!(manager_act(args.operator.as_deref(), &args.manager));
    let (asker, manager) = or_exit!(who.both());
    let (to, stock) = match target(&counter, &args.to) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let (reason, note) = reason_of(&args.reason);
    let req = ReprintRequest {
        tickets: args.tickets,
        reason,
        note,
        to,
        stock,
    };
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    match rt.block_on(counter.reprint(&asker, Some(&manager), args.platform, &args.id, &req)) {
        Ok(r) => report(&r, args.to.json),
        Err(e) => fail(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_a_word_of_the_list_or_free_text() {
        assert_eq!(reason_of("printer-jam"), (ReprintReason::PrinterJam, None));
        assert_eq!(
            reason_of("coffee spilt on it"),
            (ReprintReason::Other, Some("coffee spilt on it".into()))
        );
    }
}
