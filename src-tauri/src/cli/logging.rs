//! Where the program's own log goes. The command line writes to standard
//! error, where the person running it reads it. The window has nobody
//! reading a terminal, so it also appends to `logs/box-office.log` in the
//! data directory, where the IT person looks after a cashier reports a
//! problem; that file is started afresh (the previous one kept as
//! `box-office.log.1`) once it passes a size, so a till that runs for
//! years does not fill its disk. Secrets never reach a log: they are
//! `Sensitive` and print as redacted.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, fmt};

/// The size past which the window's log is rotated when the window opens.
const ROTATE_AT_BYTES: u64 = 8 * 1024 * 1024;

/// The window's log file in a data directory.
pub fn log_file(data_dir: &Path) -> PathBuf {
    data_dir.join("logs").join("box-office.log")
}

/// Sets up logging: `default` is the level unless `BOX_OFFICE_LOG` says
/// otherwise; with `file`, lines also go there (without colours).
pub fn init(default: &str, file: Option<&Path>) {
    let filter =
        EnvFilter::try_from_env("BOX_OFFICE_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let to_file = file.and_then(|path| match open_rotated(path) {
        Ok(f) => Some(f),
        Err(e) => {
            eprintln!("box-office: cannot write the log {}: {e}", path.display());
            None
        }
    });
    // Only fails when a subscriber is already set (tests), which is fine.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(io::stderr))
        .with(to_file.map(|f| fmt::layer().with_ansi(false).with_writer(Mutex::new(f))))
        .try_init();
}

/// Opens `path` for appending, first moving a file past the size limit to
/// `path.1` (replacing an older one).
fn open_rotated(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    if fs::metadata(path).is_ok_and(|m| m.len() > ROTATE_AT_BYTES) {
        let mut old = path.as_os_str().to_owned();
        old.push(".1");
        fs::rename(path, PathBuf::from(old))?;
    }
    OpenOptions::new().create(true).append(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn appends_and_rotates_a_large_log() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = log_file(dir.path());
        writeln!(open_rotated(&path).expect("opens"), "first").expect("writes");
        writeln!(open_rotated(&path).expect("opens"), "second").expect("writes");
        assert_eq!(fs::read_to_string(&path).expect("reads"), "first\nsecond\n");

        fs::write(&path, vec![b'x'; ROTATE_AT_BYTES as usize + 1]).expect("writes");
        writeln!(open_rotated(&path).expect("opens"), "fresh").expect("writes");
        assert_eq!(fs::read_to_string(&path).expect("reads"), "fresh\n");
        let old = dir.path().join("logs").join("box-office.log.1");
        assert_eq!(fs::metadata(old).expect("kept").len(), ROTATE_AT_BYTES + 1);
    }
}
