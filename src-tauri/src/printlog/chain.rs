//! The hash chain: how an entry's hash is computed, and how a chain read
//! back from the database is checked, entry by entry and against the anchor.
//!
//! An entry's hash is SHA-256 over a domain tag followed by every column in a
//! fixed order, each written as a type byte and, for text, its length before
//! its bytes. No two different entries encode the same way, so moving text
//! from one column to the next, or dropping a NULL, changes the hash. The
//! previous entry's hash is one of the columns, which is what chains them.

use rusqlite::Row;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::anchor::AnchorRead;

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Versions the encoding, so a future change cannot collide with this one.
const DOMAIN: &[u8] = b"box-office print log v1\0";

/// An entry exactly as stored: the values the hash covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Entry {
    pub seq: i64,
    pub kind: String,
    pub attempt_seq: Option<i64>,
    pub platform: Option<String>,
    pub order_id: Option<String>,
    pub order_number: Option<String>,
    pub ticket_id: Option<String>,
    pub operator_id: Option<i64>,
    pub operator_name: Option<String>,
    pub authorised_by_id: Option<i64>,
    pub authorised_by_name: Option<String>,
    pub workstation: Option<String>,
    pub target: Option<String>,
    pub stock: Option<String>,
    pub reprint: Option<i64>,
    pub reason: Option<String>,
    pub reason_note: Option<String>,
    pub outcome: Option<String>,
    pub job_id: Option<String>,
    pub detail: Option<String>,
    pub at: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The columns in hash order (`hash` last, not hashed), for SELECT and INSERT.
pub(crate) const COLUMNS: &str = "seq, kind, attempt_seq, platform, order_id, order_number, \
     ticket_id, operator_id, operator_name, authorised_by_id, authorised_by_name, workstation, \
     target, stock, reprint, reason, reason_note, outcome, job_id, detail, at, prev_hash, hash";

enum Field<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
}

impl Entry {
    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Entry> {
        Ok(Entry {
            seq: r.get(0)?,
            kind: r.get(1)?,
            attempt_seq: r.get(2)?,
            platform: r.get(3)?,
            order_id: r.get(4)?,
            order_number: r.get(5)?,
            ticket_id: r.get(6)?,
            operator_id: r.get(7)?,
            operator_name: r.get(8)?,
            authorised_by_id: r.get(9)?,
            authorised_by_name: r.get(10)?,
            workstation: r.get(11)?,
            target: r.get(12)?,
            stock: r.get(13)?,
            reprint: r.get(14)?,
            reason: r.get(15)?,
            reason_note: r.get(16)?,
            outcome: r.get(17)?,
            job_id: r.get(18)?,
            detail: r.get(19)?,
            at: r.get(20)?,
            prev_hash: r.get(21)?,
            hash: r.get(22)?,
        })
    }

    fn fields(&self) -> [Field<'_>; 22] {
        fn t(v: &Option<String>) -> Field<'_> {
            Field::Text(v.as_deref())
        }
        [
            Field::Int(Some(self.seq)),
            Field::Text(Some(&self.kind)),
            Field::Int(self.attempt_seq),
            t(&self.platform),
            t(&self.order_id),
            t(&self.order_number),
            t(&self.ticket_id),
            Field::Int(self.operator_id),
            t(&self.operator_name),
            Field::Int(self.authorised_by_id),
            t(&self.authorised_by_name),
            t(&self.workstation),
            t(&self.target),
            t(&self.stock),
            Field::Int(self.reprint),
            t(&self.reason),
            t(&self.reason_note),
            t(&self.outcome),
            t(&self.job_id),
            t(&self.detail),
            Field::Text(Some(&self.at)),
            Field::Text(Some(&self.prev_hash)),
        ]
    }

    /// The hash this entry's content and `prev_hash` give.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(DOMAIN);
        for f in self.fields() {
            match f {
                Field::Int(None) | Field::Text(None) => h.update([0u8]),
                Field::Int(Some(v)) => {
                    h.update([1u8]);
                    h.update(v.to_be_bytes());
                }
                Field::Text(Some(s)) => {
                    h.update([2u8]);
                    h.update((s.len() as u64).to_be_bytes());
                    h.update(s.as_bytes());
                }
            }
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What is wrong with the chain, at the first entry where it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ChainProblem {
    /// The entry's hash does not match its content: something in it was changed.
    ContentEdited,
    /// The numbering skips this entry: it was deleted.
    Missing {
        #[specta(type = specta_typescript::Number)]
        next: u64,
    },
    /// The entry links to one that comes after it: entries were reordered.
    OutOfOrder,
    /// The entry links to no entry in the log: the one before it was deleted
    /// (and the rest renumbered) or rewritten.
    Unlinked,
    /// The database ends before the anchor's entry: the newest were removed.
    NewestRemoved {
        #[specta(type = specta_typescript::Number)]
        anchor: u64,
    },
    /// The entry differs from the copy of its hash in the anchor file: the
    /// log was rewritten from there on.
    AnchorMismatch,
    /// The anchor file is gone although the log has entries.
    AnchorMissing,
    /// The anchor file cannot be read.
    AnchorUnreadable,
    /// The anchor lags the log by more than the one entry a crash can leave.
    AnchorBehind {
        #[specta(type = specta_typescript::Number)]
        anchor: u64,
    },
}

/// Where the chain first fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChainBreak {
    #[specta(type = specta_typescript::Number)]
    pub seq: u64,
    pub problem: ChainProblem,
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.seq;
        match &self.problem {
            ChainProblem::ContentEdited => write!(
                f,
                "entry #{n} was edited: its content no longer matches its hash"
            ),
            ChainProblem::Missing { next } => write!(
                f,
                "entry #{n} is missing: the log goes from #{} to #{next}",
                n.saturating_sub(1)
            ),
            ChainProblem::OutOfOrder => write!(
                f,
                "entry #{n} is out of order: it links to an entry that comes after it"
            ),
            ChainProblem::Unlinked => write!(
                f,
                "entry #{n} does not follow the entry before it: an entry before #{n} was removed or rewritten"
            ),
            ChainProblem::NewestRemoved { anchor } => write!(
                f,
                "the newest entries were removed: the log ends at #{} but had reached #{anchor}",
                n.saturating_sub(1)
            ),
            ChainProblem::AnchorMismatch => write!(
                f,
                "entry #{n} differs from the anchor file's record of it: the log was rewritten from there on"
            ),
            ChainProblem::AnchorMissing => write!(
                f,
                "the anchor file is missing although the log has {n} entries: it was deleted, or the database was copied without it"
            ),
            ChainProblem::AnchorUnreadable => {
                write!(
                    f,
                    "the anchor file cannot be read: it was damaged or replaced"
                )
            }
            ChainProblem::AnchorBehind { anchor } => write!(
                f,
                "the anchor file records entry #{anchor} but the log has {n}: it was replaced by an older copy or could not be written"
            ),
        }
    }
}

/// The newest entry as far as the chain goes: what an anchor records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub seq: u64,
    pub hash: String,
}

/// Checks entries one by one in `seq` order.
pub(crate) struct Walker {
    expected: u64,
    prev: String,
    /// The hash seen at the anchor's seq, if the walk reached it.
    pub at_anchor: Option<String>,
    anchor_seq: Option<u64>,
}

impl Walker {
    pub fn new(anchor_seq: Option<u64>) -> Walker {
        Walker {
            expected: 1,
            prev: GENESIS.to_owned(),
            at_anchor: None,
            anchor_seq,
        }
    }

    /// The next entry; the first problem it shows, if any. `seq_of_hash`
    /// finds the entry with a given hash, to tell reordering from deletion.
    pub fn step(
        &mut self,
        e: &Entry,
        seq_of_hash: impl FnOnce(&str) -> rusqlite::Result<Option<u64>>,
    ) -> rusqlite::Result<Option<ChainBreak>> {
        let seq = u64::try_from(e.seq).unwrap_or(0);
        let at = |problem| Ok(Some(ChainBreak { seq, problem }));
        if seq != self.expected {
            return Ok(Some(ChainBreak {
                seq: self.expected,
                problem: ChainProblem::Missing { next: seq },
            }));
        }
        if e.prev_hash != self.prev {
            return match seq_of_hash(&e.prev_hash)? {
                Some(s) if s > seq => at(ChainProblem::OutOfOrder),
                _ => at(ChainProblem::Unlinked),
            };
        }
        if e.compute_hash() != e.hash {
            return at(ChainProblem::ContentEdited);
        }
        if self.anchor_seq == Some(seq) {
            self.at_anchor = Some(e.hash.clone());
        }
        self.prev = e.hash.clone();
        self.expected += 1;
        Ok(None)
    }

    /// After the last entry: how many there were, and the newest.
    pub fn head(&self) -> Head {
        Head {
            seq: self.expected - 1,
            hash: self.prev.clone(),
        }
    }
}

/// The anchor against the intact chain ending at `head`; `at_anchor` is the
/// hash the walk saw at the anchor's entry.
pub(crate) fn check_anchor(
    anchor: &AnchorRead,
    head: &Head,
    at_anchor: Option<&str>,
) -> Option<ChainBreak> {
    let brk = |seq, problem| Some(ChainBreak { seq, problem });
    let a = match anchor {
        AnchorRead::Unreadable => return brk(head.seq, ChainProblem::AnchorUnreadable),
        // A crash between the first commit and the first anchor write.
        AnchorRead::Absent if head.seq <= 1 => return None,
        AnchorRead::Absent => return brk(head.seq, ChainProblem::AnchorMissing),
        AnchorRead::Found(a) => a,
    };
    if a.seq > head.seq {
        return brk(head.seq + 1, ChainProblem::NewestRemoved { anchor: a.seq });
    }
    let expected = if a.seq == 0 { Some(GENESIS) } else { at_anchor };
    if expected != Some(a.hash.as_str()) {
        return brk(a.seq, ChainProblem::AnchorMismatch);
    }
    if head.seq - a.seq > 1 {
        return brk(head.seq, ChainProblem::AnchorBehind { anchor: a.seq });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encoding_is_unambiguous() {
        let a = Entry {
            order_id: Some("12".into()),
            order_number: Some("3".into()),
            ..Entry::default()
        };
        let b = Entry {
            order_id: Some("1".into()),
            order_number: Some("23".into()),
            ..Entry::default()
        };
        let c = Entry {
            order_id: Some("123".into()),
            order_number: None,
            ..Entry::default()
        };
        let d = Entry {
            order_id: Some("123".into()),
            order_number: Some(String::new()),
            ..Entry::default()
        };
        let hashes: std::collections::HashSet<_> =
            [&a, &b, &c, &d].iter().map(|e| e.compute_hash()).collect();
        assert_eq!(hashes.len(), 4);
        assert_eq!(a.compute_hash().len(), 64);
        assert_eq!(a.compute_hash(), a.clone().compute_hash());
    }

    #[test]
    fn the_hash_covers_every_column_but_itself() {
        let base = Entry {
            seq: 1,
            at: "t".into(),
            prev_hash: GENESIS.into(),
            ..Entry::default()
        };
        let h = base.compute_hash();
        let mut changed = base.clone();
        changed.hash = "anything".into();
        assert_eq!(changed.compute_hash(), h);
        let edits: Vec<fn(&mut Entry)> = vec![
            |e| e.seq = 2,
            |e| e.kind = "result".into(),
            |e| e.attempt_seq = Some(1),
            |e| e.operator_id = Some(0),
            |e| e.reprint = Some(0),
            |e| e.outcome = Some("failed".into()),
            |e| e.detail = Some(String::new()),
            |e| e.at = "u".into(),
            |e| e.prev_hash = "1".repeat(64),
        ];
        for edit in edits {
            let mut e = base.clone();
            edit(&mut e);
            assert_ne!(e.compute_hash(), h, "{e:?}");
        }
    }
}
