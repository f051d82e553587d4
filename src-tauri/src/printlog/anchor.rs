//! The anchor: a file next to the database (`<db file>.printlog-head`) that
//! records the newest entry's number and hash. The chain alone cannot show
//! that its newest entries were deleted; the anchor can, because it says how
//! far the log had reached.
//!
//! Appends and verification take a lock file (`<db file>.printlog-head.lock`)
//! around their work, so the anchor always describes a committed entry and
//! lags the database by at most the one entry a crash between commit and
//! anchor write can leave. The anchor is replaced atomically (written beside
//! it, synced, renamed over it).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::chain::Head;

/// What the anchor file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AnchorRead {
    Absent,
    /// Present but not in the anchor's form.
    Unreadable,
    Found(Head),
}

pub(crate) struct AnchorFile {
    path: PathBuf,
    lock_path: PathBuf,
}

/// Holds the anchor lock until dropped (closing the file releases it).
pub(crate) struct AnchorLock {
    _file: File,
}

fn with_suffix(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

impl AnchorFile {
    pub fn for_database(db: &Path) -> AnchorFile {
        AnchorFile {
            path: with_suffix(db, ".printlog-head"),
            lock_path: with_suffix(db, ".printlog-head.lock"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Waits for and takes the lock: exclusive to append, shared to verify.
    pub fn lock(&self, exclusive: bool) -> io::Result<AnchorLock> {
        let f = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.lock_path)?;
        if exclusive {
            f.lock()?;
        } else {
            f.lock_shared()?;
        }
        Ok(AnchorLock { _file: f })
    }

    pub fn read(&self) -> io::Result<AnchorRead> {
        let text = match fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(AnchorRead::Absent),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                return Ok(AnchorRead::Unreadable);
            }
            Err(e) => return Err(e),
        };
        Ok(parse(&text).map_or(AnchorRead::Unreadable, AnchorRead::Found))
    }

    pub fn write(&self, head: &Head) -> io::Result<()> {
        let tmp = with_suffix(&self.path, ".tmp");
        {
            let mut f = File::create(&tmp)?;
            writeln!(f, "{} {}", head.seq, head.hash)?;
            f.sync_all()?;
        }
        fs::rename(&tmp, &self.path)?;
        // The rename itself survives a power cut only once the directory is
        // synced; where directories cannot be opened (Windows) rename is
        // already durable enough for this purpose.
        if let Some(dir) = self.path.parent()
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

fn parse(text: &str) -> Option<Head> {
    let (seq, hash) = text.trim_end_matches('\n').split_once(' ')?;
    let seq = seq.parse().ok()?;
    let hex = hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    hex.then(|| Head {
        seq,
        hash: hash.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_back_and_refuses_anything_else() {
        let dir = tempfile::tempdir().unwrap();
        let a = AnchorFile::for_database(&dir.path().join("db.sqlite3"));
        assert_eq!(a.path().file_name().unwrap(), "db.sqlite3.printlog-head");
        assert_eq!(a.read().unwrap(), AnchorRead::Absent);
        let head = Head {
            seq: 42,
            hash: "ab".repeat(32),
        };
        a.write(&head).unwrap();
        assert_eq!(a.read().unwrap(), AnchorRead::Found(head));
        for bad in ["", "42", "x abab", &format!("42 {}", "AB".repeat(32))] {
            fs::write(a.path(), bad).unwrap();
            assert_eq!(a.read().unwrap(), AnchorRead::Unreadable, "{bad:?}");
        }
        fs::write(a.path(), [0xff, 0xfe]).unwrap();
        assert_eq!(a.read().unwrap(), AnchorRead::Unreadable);
    }
}
