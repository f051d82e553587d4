//! Bulk import into the cache: order documents and platform answers, one
//! per file or one per line (JSON Lines), written in batches of one
//! transaction each, so a crash loses at most the batch being written and
//! every batch reported committed is on disk. Reading and preparing
//! (parsing, compressing, computing keys) run on one thread while the other
//! writes.
//!
//! An import adds orders the counter does not hold. Replacing one it holds
//! is a manager's act: without a manager's PIN a cached order is left as it
//! is; with one it may be refreshed, but an order that is sold or has
//! anything printed never gets other tickets (its printed copies would no
//! longer be counted against them).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;

use serde::Serialize;

use super::authority::{Asker, ManagerPin};
use super::{Counter, CounterError};
use crate::cache::{PreparedBatch, Refusal, Replace, Stored};
use crate::domain::Order;
use crate::printlog::ControlAction;
use crate::tickets::import::{ImportOptions, read_order};

/// One input that could not be read, and why; the rest still imports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refused {
    pub source: String,
    pub reason: String,
}

/// A batch just committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Committed {
    pub batch: u64,
    /// Orders read so far, this batch included.
    pub orders: u64,
    /// Of them, kept as cached because the copy would have moved them backwards.
    pub kept: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub orders: u64,
    /// New orders and replaced ones.
    pub written: u64,
    /// Of them, cached orders replaced (on a manager's authority).
    pub replaced: u64,
    /// Kept as cached because the copy would have moved them backwards.
    pub kept: u64,
    /// Already cached and left as they were: replacing needs a manager.
    pub unchanged: u64,
    pub batches: u64,
    /// Inputs that could not be read, and orders whose tickets an import
    /// may not change.
    pub refused: Vec<Refused>,
}

/// An order read from an input, or why it could not be.
pub type Item = Result<Order, Refused>;

/// Reads every order of `files`, lazily (a million-order file is never
/// held in memory): a file whose first line is a whole JSON value is JSON
/// Lines, one order a line; any other file is one order document.
pub fn read_files(
    files: Vec<PathBuf>,
    options: ImportOptions,
) -> impl Iterator<Item = Item> + Send {
    files
        .into_iter()
        .flat_map(move |path| Records::open(path, options.clone()))
}

/// The orders of one file, read as they are asked for.
enum Records {
    /// JSON Lines: the rest of the file, line by line.
    Lines(Box<Lines>),
    /// One item (a single document, or why the file could not be read).
    One(Option<Box<Item>>),
}

struct Lines {
    name: String,
    lines: std::io::Lines<BufReader<std::fs::File>>,
    /// The first line, read to tell JSON Lines from one document.
    first: Option<String>,
    number: usize,
    options: ImportOptions,
}

impl Records {
    fn open(path: PathBuf, options: ImportOptions) -> Records {
        let name = path.display().to_string();
        let refuse = |reason: String| {
            Records::One(Some(Box::new(Err(Refused {
                source: name.clone(),
                reason,
            }))))
        };
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => return refuse(format!("cannot read it: {e}")),
        };
        let mut lines = BufReader::new(file).lines();
        let first = loop {
            match lines.next() {
                None => return refuse("it is empty".to_owned()),
                Some(Err(e)) => return refuse(format!("cannot read it: {e}")),
                Some(Ok(l)) if l.trim().is_empty() => continue,
                Some(Ok(l)) => break l,
            }
        };
        if serde_json::from_str::<serde::de::IgnoredAny>(&first).is_ok() {
            return Records::Lines(Box::new(Lines {
                name,
                lines,
                first: Some(first),
                number: 0,
                options,
            }));
        }
        // A document spread over several lines: read it whole.
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let item = read_order(&text, &options)
                    .map(|i| i.order)
                    .map_err(|e| Refused {
                        source: name,
                        reason: e.to_string(),
                    });
                Records::One(Some(Box::new(item)))
            }
            Err(e) => refuse(format!("cannot read it: {e}")),
        }
    }
}

impl Iterator for Records {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        match self {
            Records::One(item) => item.take().map(|i| *i),
            Records::Lines(l) => loop {
                let Lines {
                    name,
                    lines,
                    first,
                    number,
                    options,
                } = &mut **l;
                let line = match first.take() {
                    Some(l) => Ok(l),
                    None => lines.next()?,
                };
                *number += 1;
                let source = format!("{name}:{number}");
                match line {
                    Ok(l) if l.trim().is_empty() => continue,
                    Ok(l) => {
                        return Some(read_order(&l, options).map(|i| i.order).map_err(|e| {
                            Refused {
                                source,
                                reason: e.to_string(),
                            }
                        }));
                    }
                    Err(e) => {
                        return Some(Err(Refused {
                            source,
                            reason: e.to_string(),
                        }));
                    }
                }
            },
        }
    }
}

/// Orders per transaction unless asked otherwise: a batch's keys land all
/// over the keys' B-tree, so each commit writes out most of its pages, and
/// fewer, larger batches write each page fewer times. At this size a batch
/// commits every few seconds.
pub const DEFAULT_BATCH: usize = 50_000;

impl Counter {
    /// Imports `items` into the cache under `profile`, `batch` orders per
    /// transaction, calling `committed` after each commit. `replace`: the
    /// asker and a manager's PIN, to let the import replace cached orders.
    pub fn import(
        &self,
        items: impl Iterator<Item = Item> + Send,
        profile: Option<&str>,
        batch: usize,
        replace: Option<(&Asker<'_>, &ManagerPin<'_>)>,
        mut committed: impl FnMut(Committed),
    ) -> Result<ImportReport, CounterError> {
        let who = match replace {
            Some((asker, manager)) => Some(self.manager_authority(asker, manager)?),
            None => None,
        };
        let rule = if who.is_some() {
            Replace::KeepingTickets
        } else {
            Replace::Never
        };
        let batch = batch.max(1);
        let cache = &self.cache;
        let _bulk = cache.bulk_writes()?;
        let profile = profile.map(str::to_owned);
        let mut report = ImportReport::default();
        std::thread::scope(|s| -> Result<(), CounterError> {
            // One batch prepared while one is written keeps both cores busy
            // without holding much of the import in memory.
            let (tx, rx) = sync_channel::<(PreparedBatch, Vec<Refused>)>(1);
            // Written batches go back to be freed where they were made: the
            // writer is the slower side, and memory freed on another thread
            // than it was allocated on costs it the allocator's locks.
            let (spent_tx, spent_rx) = sync_channel::<PreparedBatch>(1);
            let producer = s.spawn(move || -> Result<(), CounterError> {
                let mut rows = Vec::with_capacity(batch);
                let mut refused = Vec::new();
                for item in items {
                    spent_rx.try_iter().for_each(drop);
                    match item.and_then(|o| {
                        cache.prepare(&o).map_err(|e| Refused {
                            source: o.id.clone(),
                            reason: e.to_string(),
                        })
                    }) {
                        Ok(p) => rows.push((p, profile.clone())),
                        Err(r) => refused.push(r),
                    }
                    if rows.len() == batch {
                        let full = std::mem::replace(&mut rows, Vec::with_capacity(batch));
                        let full = PreparedBatch::new(full);
                        if tx.send((full, std::mem::take(&mut refused))).is_err() {
                            return Ok(());
                        }
                    }
                }
                let _ = tx.send((PreparedBatch::new(rows), refused));
                Ok(())
            });
            for (rows, refused) in rx {
                report.refused.extend(refused);
                if rows.is_empty() {
                    continue;
                }
                let stored = cache.put_batch_with(&rows, rule)?;
                report.batches += 1;
                report.orders += rows.len() as u64;
                for (s, id) in stored.iter().zip(rows.ids()) {
                    match s {
                        Stored::Written => report.written += 1,
                        Stored::Replaced => {
                            report.written += 1;
                            report.replaced += 1;
                        }
                        Stored::KeptCached(_) => report.kept += 1,
                        Stored::Refused(Refusal::Exists) => report.unchanged += 1,
                        Stored::Refused(Refusal::TicketsWouldChange { sold, printed }) => {
                            let why = match (sold, printed) {
                                (_, true) => "has printed tickets",
                                _ => "is sold",
                            };
                            report.refused.push(Refused {
                                source: id.to_owned(),
                                reason: CounterError::ImportWouldChangeTickets {
                                    order: id.to_owned(),
                                    why: why.to_owned(),
                                }
                                .to_string(),
                            });
                        }
                    }
                }
                // Once the reader has finished, nobody takes it back.
                let _ = spent_tx.try_send(rows);
                committed(Committed {
                    batch: report.batches,
                    orders: report.orders,
                    kept: report.kept,
                });
            }
            producer.join().unwrap_or_else(|_| {
                Err(CounterError::InvalidInput(
                    "the import's reader stopped".into(),
                ))
            })
        })?;
        if report.written > 0 {
            self.cache.optimize()?;
        }
        if report.replaced > 0 {
            self.record(
                ControlAction::OrdersReplaced,
                who.as_ref(),
                None,
                Some(format!(
                    "{} cached order(s) replaced by an import; {} refused because their tickets would change",
                    report.replaced,
                    report.refused.len()
                )),
            )?;
        }
        Ok(report)
    }
}
