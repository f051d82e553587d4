//! Who is running a completion right now, and whether they still are.
//!
//! A journal entry is held by one run at a time (its `runner` column). A run
//! is named `<process>/<n>`: the process part is a UUID drawn when the
//! process first runs a completion, and the process holds an exclusive lock
//! on `runs/<process>.lock` in the data directory for as long as it lives.
//! The operating system releases that lock when the process dies, however it
//! dies (SIGKILL, power cut), so another process can tell a crashed holder
//! from a live one without waiting for a timeout: if it can take the lock,
//! the holder is gone. Within one process a registry of live runs answers
//! the same question (a double click starts a second run in the same window).

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard};

use uuid::Uuid;

/// This process's part of every runner name.
static PROCESS: LazyLock<String> = LazyLock::new(|| Uuid::new_v4().simple().to_string());

/// Runs of this process that are alive, by name.
static LIVE: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(|| Mutex::new(HashSet::new()));

/// The lock files this process holds, one per data directory, kept open
/// (and so locked) until the process ends.
static HELD: LazyLock<Mutex<HashMap<PathBuf, File>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

static NEXT: AtomicU64 = AtomicU64::new(1);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The sets stay consistent whatever panicked while holding them.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn runs_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("runs")
}

fn lock_path(data_dir: &Path, process: &str) -> PathBuf {
    runs_dir(data_dir).join(format!("{process}.lock"))
}

/// One run's name, alive until dropped.
#[derive(Debug)]
pub struct Runner {
    name: String,
}

impl Runner {
    /// A new run of this process, which from now on holds its lock file in
    /// `data_dir`.
    pub fn start(data_dir: &Path) -> std::io::Result<Runner> {
        hold_process_lock(data_dir)?;
        let name = format!("{}/{}", *PROCESS, NEXT.fetch_add(1, Ordering::Relaxed));
        lock(&LIVE).insert(name.clone());
        Ok(Runner { name })
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        lock(&LIVE).remove(&self.name);
    }
}

fn hold_process_lock(data_dir: &Path) -> std::io::Result<()> {
    let mut held = lock(&HELD);
    if held.contains_key(data_dir) {
        return Ok(());
    }
    std::fs::create_dir_all(runs_dir(data_dir))?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(data_dir, &PROCESS))?;
    file.lock()?;
    held.insert(data_dir.to_owned(), file);
    Ok(())
}

/// Whether the run `name` (as stored in the journal) may still be working.
/// Anything that cannot be decided counts as alive: a completion is never
/// taken from a run that might still be sending.
pub fn is_alive(data_dir: &Path, name: &str) -> bool {
    let Some((process, _)) = name.split_once('/') else {
        return true;
    };
    if process == PROCESS.as_str() {
        return lock(&LIVE).contains(name);
    }
    // A process name is a simple UUID; anything else is not ours to open.
    if !process.bytes().all(|b| b.is_ascii_hexdigit()) {
        return true;
    }
    let path = lock_path(data_dir, process);
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return false,
        Err(_) => return true,
    };
    match file.try_lock() {
        Ok(()) => {
            // Nobody holds it: the process is gone. Tidy its file away.
            let _ = file.unlock();
            let _ = std::fs::remove_file(&path);
            false
        }
        Err(TryLockError::WouldBlock) => true,
        Err(TryLockError::Error(_)) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_run_is_alive_and_a_dropped_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let a = Runner::start(dir.path()).unwrap();
        let b = Runner::start(dir.path()).unwrap();
        assert_ne!(a.name(), b.name());
        assert!(is_alive(dir.path(), a.name()));
        let name = b.name().to_owned();
        drop(b);
        assert!(!is_alive(dir.path(), &name));
        assert!(
            dir.path()
                .join("runs")
                .join(format!("{}.lock", *PROCESS))
                .exists()
        );
    }

    #[test]
    fn another_process_without_a_lock_file_is_gone_and_odd_names_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let _me = Runner::start(dir.path()).unwrap();
        let other = format!("{}/1", Uuid::new_v4().simple());
        assert!(!is_alive(dir.path(), &other));
        // A lock file nobody holds: the process died; the file is removed.
        let ghost = Uuid::new_v4().simple().to_string();
        let path = dir.path().join("runs").join(format!("{ghost}.lock"));
        std::fs::write(&path, b"").unwrap();
        assert!(!is_alive(dir.path(), &format!("{ghost}/3")));
        assert!(!path.exists());
        assert!(is_alive(dir.path(), "no-slash"));
        assert!(is_alive(dir.path(), "../../etc/passwd/1"));
    }
}
