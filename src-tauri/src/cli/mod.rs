//! The `box-office` command line: the same core as the window, for scripts,
//! support and benchmarks. With no command it opens the window: in the
//! window binary directly, in the command-line binary by becoming the
//! window binary installed beside it.

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

/// What the window binary brings: the window, and what must be set before
/// any of its libraries load.
#[derive(Clone, Copy)]
pub struct Window {
    pub prepare: fn(),
    pub open: fn(Option<PathBuf>) -> ExitCode,
}

/// The name of the window binary, installed beside `box-office`.
pub const WINDOW_BINARY: &str = "box-office-window";

/// Runs the command line; `window` is `None` in the binary without one.
pub fn main(window: Option<Window>) -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        // The window sets up its own log, in its data folder.
        None | Some(Command::App) => {}
        Some(Command::Sandbox(_)) => logging::init("info", None),
        _ => logging::init("warn", None),
    }
    match cli.command {
        None | Some(Command::App) => open_window(window, cli.data_dir),
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

/// Opens the window here, or, in the binary without one, becomes the
/// window binary.
fn open_window(window: Option<Window>, data_dir: Option<PathBuf>) -> ExitCode {
    let Some(w) = window else {
        return become_window();
    };
    (w.prepare)();
    let dir = paths::data_dir(data_dir.clone());
    logging::init("info", Some(&logging::log_file(&dir)));
    (w.open)(data_dir)
}

/// Replaces this process with the window binary beside it, with the same
/// arguments and environment (so a desktop launcher, a test driver or a
/// script that starts `box-office` gets the window in the same process).
fn become_window() -> ExitCode {
    let window = std::env::current_exe()
        .map(|exe| exe.with_file_name(WINDOW_BINARY))
        .unwrap_or_else(|_| PathBuf::from(WINDOW_BINARY));
    let mut cmd = std::process::Command::new(&window);
    cmd.args(std::env::args_os().skip(1));
    #[cfg(unix)]
    let error = {
        use std::os::unix::process::CommandExt;
        cmd.exec()
    };
    #[cfg(not(unix))]
    let error = match cmd.status() {
        Ok(status) => return ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8),
        Err(e) => e,
    };
    eprintln!(
        "box-office: the counter window could not start ({}: {error}). It is installed with \
         the package beside box-office; reinstall the package, or build it with `cargo build --bins`",
        window.display()
    );
    ExitCode::from(2)
}

/// Builds the runtime the command-line commands run on.
pub(crate) fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}
