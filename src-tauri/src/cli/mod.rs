//! The `box-office` command line: the same core as the window, for scripts,
//! support and benchmarks. With no command it opens the window.

/// The value of a `Result<T, ExitCode>`, or the exit code returned at once.
macro_rules! or_exit {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(code) => return code,
        }
    };
}

mod common;
mod complete;
mod logging;
mod operators;
mod orders;
mod print;
mod printers;
mod printlog;
mod profiles;
mod render;
mod sandbox;
mod site;
mod who;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::paths;

#[derive(Debug, Parser)]
#[command(
    name = "box-office",
    version,
    about = "Box Office: look up, complete and print cinema orders",
    long_about = "Box Office: look up, complete and print cinema orders.\n\n\
                  Run without a command to open the counter window (training mode \
                  against the built-in sandbox until a platform is configured)."
)]
pub struct Cli {
    /// Where the database and settings live (default: the platform's data directory).
    #[arg(long, global = true, env = paths::DATA_DIR_ENV, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the counter window (what running without a command does).
    App,
    /// Run the training sandbox: Vista, Paciolan and Afisha over HTTP on loopback.
    Sandbox(sandbox::SandboxArgs),
    /// Print the version, the database schema and the order document version.
    Version,
    /// Connection profiles (secrets go to the OS keyring).
    #[command(subcommand)]
    Profiles(profiles::ProfilesCommand),
    /// Complete an order on its platform, journalled so it is never lost or doubled.
    Complete(complete::CompleteArgs),
    /// The completion journal: list, resume unfinished, decide on those needing attention.
    #[command(subcommand)]
    Completions(complete::CompletionsCommand),
    /// The order cache: list, export, import, fetch from Afisha.
    #[command(subcommand)]
    Orders(orders::OrdersCommand),
    /// Render an order's tickets to a PDF (order document, Afisha or Paciolan JSON).
    Render(render::RenderArgs),
    /// Print an order's tickets not printed yet (the operator's PIN is read from standard input).
    Print(print::PrintArgs),
    /// Print tickets again as REPRINT n, with a reason, on a manager's PIN.
    Reprint(print::ReprintArgs),
    /// The printers CUPS offers, with their state (BOX_OFFICE_CUPS_URL moves to another CUPS).
    Printers(printers::PrintersArgs),
    /// Cashiers and managers: add, list, remove, unlock (PINs never in arguments).
    #[command(subcommand)]
    Operators(operators::OperatorsCommand),
    /// The print log: list, export as CSV, verify its hash chain.
    #[command(subcommand)]
    Printlog(printlog::PrintlogCommand),
    /// Site mode: counters of one cinema sharing one PostgreSQL (migrate, test, join, status, sync, conflicts, ack, leave).
    #[command(subcommand)]
    Site(site::SiteCommand),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None | Some(Command::App) => {
            #[cfg(feature = "desktop")]
            crate::app::engine::set_defaults();
            let dir = paths::data_dir(cli.data_dir.clone());
            logging::init("info", Some(&logging::log_file(&dir)));
        }
        Some(Command::Sandbox(_)) => logging::init("info", None),
        _ => logging::init("warn", None),
    }
    match cli.command {
        None | Some(Command::App) => open_window(cli.data_dir),
        Some(Command::Sandbox(args)) => sandbox::run(args),
        Some(Command::Profiles(cmd)) => profiles::run(cmd, cli.data_dir),
        Some(Command::Complete(args)) => complete::run(args, cli.data_dir),
        Some(Command::Completions(cmd)) => complete::run_completions(cmd, cli.data_dir),
        Some(Command::Orders(cmd)) => orders::run(cmd, cli.data_dir),
        Some(Command::Render(args)) => render::run(args),
        Some(Command::Printers(args)) => printers::run(args),
        Some(Command::Print(args)) => print::print(args, cli.data_dir),
        Some(Command::Reprint(args)) => print::reprint(args, cli.data_dir),
        Some(Command::Operators(cmd)) => operators::run(cmd, cli.data_dir),
        Some(Command::Printlog(cmd)) => printlog::run(cmd, cli.data_dir),
        Some(Command::Site(cmd)) => site::run(cmd, cli.data_dir),
        Some(Command::Version) => {
            println!("box-office {}", env!("CARGO_PKG_VERSION"));
            println!("database schema {}", crate::cache::latest_version());
            println!("order document {}", crate::domain::document::VERSION);
            ExitCode::SUCCESS
        }
    }
}

#[cfg(feature = "desktop")]
fn open_window(data_dir: Option<PathBuf>) -> ExitCode {
    crate::app::launch(data_dir)
}

#[cfg(not(feature = "desktop"))]
fn open_window(_: Option<PathBuf>) -> ExitCode {
    eprintln!("this build of box-office has no window (built without the `desktop` feature)");
    ExitCode::from(2)
}

/// Builds the runtime the command-line commands run on.
pub(crate) fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}
