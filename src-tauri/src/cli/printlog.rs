//! `box-office printlog list|export|verify|controls`: the print log, for
//! managers, audits and spreadsheets, and the till's controls recorded in it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Local, NaiveDate, NaiveTime, TimeZone, Utc};
use clap::{Args, Subcommand};

use super::common::{fail, open_counter, print_json};
use crate::printlog::{ControlRecord, PrintLogFilter, PrintRecord};

#[derive(Debug, Subcommand)]
pub enum PrintlogCommand {
    /// Prints, newest first, each with its outcome.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The same as CSV (RFC 4180, UTF-8, times in UTC).
    Export {
        #[command(flatten)]
        filter: FilterArgs,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Recompute the chain: exit 0 when intact, 1 naming the first bad entry.
    Verify,
    /// The till's controls, newest first: training switches, decisions on
    /// completions, connections removed, purges and replaced orders.
    Controls {
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// One control as a tab-separated line, times in this computer's zone.
fn control_line(c: &ControlRecord) -> String {
    let who = match &c.authorised_by_name {
        Some(m) if *m != c.operator_name => format!("{} (authorised by {m})", c.operator_name),
        _ => c.operator_name.clone(),
    };
    [
        format!("#{}", c.seq),
        c.at.with_timezone(&Local)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        c.action.as_str().to_owned(),
        who,
        c.workstation.clone(),
        c.order_number.clone().unwrap_or_default(),
        c.reason.clone().unwrap_or_default(),
        c.detail.clone().unwrap_or_default(),
    ]
    .join("\t")
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// From this day (YYYY-MM-DD, this computer's time zone) or time (RFC 3339).
    #[arg(long, value_name = "D", value_parser = parse_from)]
    from: Option<DateTime<Utc>>,
    /// Up to and including this day, or up to (not including) this time.
    #[arg(long, value_name = "D", value_parser = parse_to)]
    to: Option<DateTime<Utc>>,
    /// Prints by this operator (their name).
    #[arg(long, value_name = "O")]
    operator: Option<String>,
    /// Prints of this order (its id or number).
    #[arg(long, value_name = "ID")]
    order: Option<String>,
    /// Reprints only.
    #[arg(long)]
    reprints: bool,
    /// At most this many prints.
    #[arg(long)]
    limit: Option<u32>,
}

impl FilterArgs {
    fn filter(self) -> PrintLogFilter {
        PrintLogFilter {
            from: self.from,
            to: self.to,
            operator: self.operator,
            order: self.order,
            reprints_only: self.reprints,
            limit: self.limit,
        }
    }
}

/// A `--from`/`--to` value that is neither a day nor a time.
#[derive(Debug, thiserror::Error)]
#[error("“{0}” is neither a day (2025-03-14) nor a time (2025-03-14T18:30:00+03:00)")]
pub struct BadTime(String);

/// The start of a local day, in UTC.
fn day_start(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(NaiveTime::MIN);
    match Local.from_local_datetime(&midnight).earliest() {
        Some(t) => t.with_timezone(&Utc),
        // A day starting in a clock change has no local midnight: UTC's will do.
        None => Utc.from_utc_datetime(&midnight),
    }
}

fn parse_time(s: &str, day_end: bool) -> Result<DateTime<Utc>, BadTime> {
    if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        if !day_end {
            return Ok(day_start(day));
        }
        // The end of a day is the start of the next, which `to` excludes.
        return day
            .succ_opt()
            .map(day_start)
            .ok_or_else(|| BadTime(s.to_owned()));
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| BadTime(s.to_owned()))
}

fn parse_from(s: &str) -> Result<DateTime<Utc>, BadTime> {
    parse_time(s, false)
}

fn parse_to(s: &str) -> Result<DateTime<Utc>, BadTime> {
    parse_time(s, true)
}

/// One line of the human list: tab-separated, times in this computer's zone.
fn line(r: &PrintRecord) -> String {
    let copy = match (r.reprint, r.reason) {
        (0, _) => "original".to_owned(),
        (n, reason) => {
            let why = reason.map_or("", |x| x.as_str());
            match &r.reason_note {
                Some(note) => format!("reprint {n}: {why}, {note}"),
                None => format!("reprint {n}: {why}"),
            }
        }
    };
    let who = match &r.authorised_by_name {
        Some(m) => format!("{} (authorised by {m})", r.operator_name),
        None => r.operator_name.clone(),
    };
    let outcome = r
        .outcome
        .map_or("no result yet (may have printed)", |o| o.as_str());
    [
        format!("#{}", r.seq),
        r.at.with_timezone(&Local)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        r.platform.as_str().to_owned(),
        r.order_number.clone(),
        r.ticket_id
            .clone()
            .unwrap_or_else(|| "order form".to_owned()),
        copy,
        who,
        r.workstation.clone(),
        format!("{} ({})", r.target, r.stock),
        outcome.to_owned(),
    ]
    .join("\t")
}

pub fn run(cmd: PrintlogCommand, data_dir: Option<PathBuf>) -> ExitCode {
    let counter = match open_counter(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match cmd {
        PrintlogCommand::Controls { limit, json } => match counter.controls(limit) {
            Ok(rows) if json => print_json(&rows),
            Ok(rows) => {
                for c in &rows {
                    println!("{}", control_line(c));
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        PrintlogCommand::List { filter, json } => match counter.print_log(&filter.filter()) {
            Ok(rows) if json => print_json(&rows),
            Ok(rows) => {
                for r in &rows {
                    println!("{}", line(r));
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        PrintlogCommand::Export { filter, output } => {
            let filter = filter.filter();
            let written = match &output {
                Some(path) => match std::fs::File::create(path) {
                    Ok(f) => counter.print_log_csv(&filter, std::io::BufWriter::new(f)),
                    Err(e) => return fail(format!("cannot write {}: {e}", path.display())),
                },
                None => counter.print_log_csv(&filter, std::io::stdout().lock()),
            };
            match written {
                Ok(n) => {
                    if let Some(path) = output {
                        let prints = if n == 1 { "print" } else { "prints" };
                        eprintln!("exported {n} {prints} to {}", path.display());
                    }
                    let _ = std::io::stdout().flush();
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        PrintlogCommand::Verify => {
            // This counter's own log, then (in site mode) the site's.
            let own = match counter.verify_print_log() {
                Ok(report) if report.broken.is_none() => {
                    println!("{report}");
                    true
                }
                Ok(report) => {
                    eprintln!("box-office: the print log is not intact: {report}");
                    false
                }
                Err(e) => return fail(e),
            };
            let rt = match super::common::runtime() {
                Ok(rt) => rt,
                Err(code) => return code,
            };
            let site = match rt.block_on(counter.verify_site_log()) {
                Ok(None) => true,
                Ok(Some(chain)) if chain.broken.is_none() => {
                    println!("{chain}");
                    true
                }
                Ok(Some(chain)) => {
                    eprintln!("box-office: the site's print log is not intact: {chain}");
                    false
                }
                Err(e) => {
                    eprintln!("box-office: {e}");
                    false
                }
            };
            if own && site {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(super::common::code::FAILED)
            }
        }
    }
}
