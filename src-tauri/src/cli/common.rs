//! What every command-line command shares: opening the database, reading a
//! file, printing JSON, and the exit codes scripts can rely on.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::counter::Counter;
use crate::paths;

/// Exit codes: 0 done, 1 refused or failed, 2 usage (from clap), 3 partly
/// done, 4 needs a person, 5 not finished yet (run again to continue).
pub mod code {
    pub const FAILED: u8 = 1;
    pub const PARTIAL: u8 = 3;
    pub const NEEDS_ATTENTION: u8 = 4;
    pub const UNFINISHED: u8 = 5;
}

/// Prints `message` as an error and returns the failure exit code.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("box-office: {message}");
    ExitCode::from(code::FAILED)
}

/// The real till over the data directory: its database and its settings.
/// The command line always works on the real till; training lives in the
/// window.
/// In site mode it first has one round with the site (sends what waits,
/// reads what changed), so the command decides on what the site knows, and
/// when the command is done it sends what the command did.
pub fn open_counter(data_dir: Option<PathBuf>) -> Result<Synced, ExitCode> {
    let counter = open_alone(data_dir)?;
    if counter.site().is_some() {
        let rt = runtime()?;
        if let Err(e) = rt.block_on(counter.site_sync()) {
            eprintln!("box-office: warning: {e}");
        }
    }
    Ok(Synced(counter))
}

/// The till of one command in site mode: what the command did (orders
/// fetched or imported, completions, log entries) goes to the site when
/// it is dropped, if the site answers; else it waits in the outbox.
pub struct Synced(Counter);

impl std::ops::Deref for Synced {
    type Target = Counter;
    fn deref(&self) -> &Counter {
        &self.0
    }
}

impl Drop for Synced {
    fn drop(&mut self) {
        if self.0.site().is_none() {
            return;
        }
        let Ok(rt) = super::runtime() else { return };
        if let Err(e) = rt.block_on(self.0.site_push()) {
            eprintln!("box-office: warning: {e}");
        }
    }
}

/// The till without a round with the site.
pub fn open_alone(data_dir: Option<PathBuf>) -> Result<Counter, ExitCode> {
    Counter::open(&paths::data_dir(data_dir)).map_err(fail)
}

pub fn read_file(path: &Path) -> Result<String, ExitCode> {
    std::fs::read_to_string(path).map_err(|e| fail(format!("cannot read {}: {e}", path.display())))
}

pub fn print_json<T: Serialize>(value: &T) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

pub fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    super::runtime().map_err(|e| fail(format!("cannot start the async runtime: {e}")))
}
