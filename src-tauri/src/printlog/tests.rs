//! The print log against real SQLite files: two-phase appends, copies, the
//! reprint rules, and tampering as someone holding the file would do it.

use chrono::{Duration, TimeZone, Utc};
use rusqlite::Connection;

use super::anchor::AnchorFile;
use super::chain::Head;
use super::*;
use crate::cache::Cache;
use crate::operators::{Operators, Pin, Role};

fn t(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap() + Duration::minutes(min)
}

fn pin(s: &str) -> Pin {
    Pin::new(s.to_owned()).unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    cache: Cache,
    manager: Operator,
    cashier: Operator,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_in(dir.path()).unwrap();
        let ops = Operators::new(&cache);
        let manager = ops
            .add_first_manager("Anna", &pin("9999"), "till-1", t(0))
            .unwrap();
        let ok = ops
            .authorise_manager(manager.id, &pin("9999"), "till-1", false, t(0))
            .unwrap();
        let cashier = ops
            .add(&ok, "Борис", Role::Cashier, &pin("1111"), "till-1", t(0))
            .unwrap();
        World {
            _dir: dir,
            cache,
            manager,
            cashier,
        }
    }
    fn log(&self) -> PrintLog<'_> {
        PrintLog::new(&self.cache)
    }
    fn approval(&self) -> ManagerApproval {
        Operators::new(&self.cache)
            .authorise_manager(self.manager.id, &pin("9999"), "till-1", false, t(0))
            .unwrap()
    }
    fn raw(&self) -> Connection {
        let c = Connection::open(self.cache.path()).unwrap();
        // What someone with the file does first (the sqlite3 shell also
        // leaves foreign keys unchecked).
        c.execute_batch(
            "PRAGMA foreign_keys = OFF;
             DROP TRIGGER print_log_no_update; DROP TRIGGER print_log_no_delete;
             DROP TRIGGER print_log_chain;",
        )
        .unwrap();
        c
    }
    /// Prints ticket `ticket` of order `order` (original, or the next reprint).
    fn print(&self, order: &str, ticket: Option<&str>, at: DateTime<Utc>, outcome: PrintOutcome) {
        let log = self.log();
        let copies = log.copies(Platform::Vista, order, ticket).unwrap();
        let approval = self.approval();
        let reprint = (copies > 0).then_some(Reprint {
            number: copies,
            reason: ReprintReason::PrinterJam,
            note: None,
        });
        let id = log
            .append_attempt(&PrintAttempt {
                authorised_by: reprint.as_ref().map(|_| &approval),
                reprint,
                ..attempt(&self.cashier, order, ticket, at)
            })
            .unwrap();
        log.append_result(id, &result(outcome, at)).unwrap();
    }
}

const PRINTER: PrintTarget = PrintTarget::Pdf;

fn attempt<'a>(
    op: &'a Operator,
    order: &'a str,
    ticket: Option<&'a str>,
    at: DateTime<Utc>,
) -> PrintAttempt<'a> {
    PrintAttempt {
        platform: Platform::Vista,
        order_id: order,
        order_number: order,
        ticket_id: ticket,
        operator: op,
        authorised_by: None,
        workstation: "till-1",
        target: &PRINTER,
        stock: "thermal-80",
        reprint: None,
        at,
    }
}

fn result(outcome: PrintOutcome, at: DateTime<Utc>) -> PrintResult {
    PrintResult {
        outcome,
        job_id: Some("TicketPDF-7".into()),
        detail: None,
        at,
    }
}

/// Six entries: three tickets printed, each attempt with its result.
fn six(w: &World) {
    for (i, tk) in ["T1", "T2", "T3"].into_iter().enumerate() {
        w.print("O1", Some(tk), t(i as i64), PrintOutcome::Printed);
    }
    assert_eq!(
        w.log().verify().unwrap().to_string(),
        "6 entries, chain intact"
    );
}

fn broken(w: &World) -> ChainBreak {
    w.log()
        .verify()
        .unwrap()
        .broken
        .expect("the tampering is seen")
}

#[test]
fn copies_count_attempts_without_a_result_and_not_failed_ones() {
    let w = World::new();
    let log = w.log();
    let copies = || log.copies(Platform::Vista, "O1", Some("T1")).unwrap();
    assert_eq!(copies(), 0);
    let a = log
        .append_attempt(&attempt(&w.cashier, "O1", Some("T1"), t(0)))
        .unwrap();
    assert_eq!(copies(), 1, "no result yet: it may have printed");
    log.append_result(a, &result(PrintOutcome::Failed, t(1)))
        .unwrap();
    assert_eq!(copies(), 0, "a failed print is not a copy");
    let b = log
        .append_attempt(&attempt(&w.cashier, "O1", Some("T1"), t(2)))
        .unwrap();
    log.append_result(b, &result(PrintOutcome::AcceptedNotConfirmed, t(3)))
        .unwrap();
    assert_eq!(copies(), 1);
    // The order form and other tickets and platforms are counted apart.
    assert_eq!(log.copies(Platform::Vista, "O1", None).unwrap(), 0);
    assert_eq!(log.copies(Platform::Vista, "O1", Some("T2")).unwrap(), 0);
    assert_eq!(log.copies(Platform::Afisha, "O1", Some("T1")).unwrap(), 0);
    log.append_attempt(&attempt(&w.cashier, "O1", None, t(4)))
        .unwrap();
    assert_eq!(log.copies(Platform::Vista, "O1", None).unwrap(), 1);

    let again = log.append_result(b, &result(PrintOutcome::Printed, t(5)));
    assert!(
        matches!(again, Err(PrintLogError::ResultExists(_))),
        "{again:?}"
    );
    let not_attempt = log.append_result(AttemptId(2), &result(PrintOutcome::Printed, t(5)));
    assert!(matches!(not_attempt, Err(PrintLogError::UnknownAttempt(2))));
}

#[test]
fn a_reprint_needs_the_right_number_a_reason_and_a_manager_for_a_cashier() {
    let w = World::new();
    let log = w.log();
    w.print("O1", Some("T1"), t(0), PrintOutcome::Printed);
    let reprint = |note: Option<&str>, reason| Reprint {
        number: 1,
        reason,
        note: note.map(str::to_owned),
    };
    let as_original = log.append_attempt(&attempt(&w.cashier, "O1", Some("T1"), t(1)));
    let err = as_original.unwrap_err();
    assert!(matches!(
        err,
        PrintLogError::CopyNumber {
            copies: 1,
            given: 0
        }
    ));
    assert!(err.to_string().contains("print it as reprint 1"), "{err}");

    let alone = PrintAttempt {
        reprint: Some(reprint(None, ReprintReason::Damaged)),
        ..attempt(&w.cashier, "O1", Some("T1"), t(1))
    };
    assert!(matches!(
        log.append_attempt(&alone),
        Err(PrintLogError::NeedsManager)
    ));
    let approval = w.approval();
    let other = PrintAttempt {
        authorised_by: Some(&approval),
        reprint: Some(reprint(Some("  "), ReprintReason::Other)),
        ..attempt(&w.cashier, "O1", Some("T1"), t(1))
    };
    assert!(matches!(
        log.append_attempt(&other),
        Err(PrintLogError::NoteRequired)
    ));
    let ok = PrintAttempt {
        reprint: Some(reprint(
            Some("coffee, on the barcode"),
            ReprintReason::Other,
        )),
        ..other.clone()
    };
    log.append_attempt(&ok).unwrap();
    // A manager reprints on their own authority.
    let own = PrintAttempt {
        reprint: Some(Reprint {
            number: 2,
            reason: ReprintReason::LostByCustomer,
            note: None,
        }),
        ..attempt(&w.manager, "O1", Some("T1"), t(2))
    };
    log.append_attempt(&own).unwrap();

    let rows = log.list(&PrintLogFilter::default()).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].reprint, 2);
    assert_eq!(rows[0].authorised_by_name, None);
    assert_eq!(rows[1].reprint, 1);
    assert_eq!(rows[1].authorised_by_name.as_deref(), Some("Anna"));
    assert_eq!(rows[1].reason, Some(ReprintReason::Other));
    assert_eq!(
        rows[1].reason_note.as_deref(),
        Some("coffee, on the barcode")
    );
    assert_eq!(rows[1].outcome, None);
    assert_eq!(rows[2].outcome, Some(PrintOutcome::Printed));
    assert_eq!(rows[2].job_id.as_deref(), Some("TicketPDF-7"));
    assert_eq!(rows[2].operator_name, "Борис");
}

#[test]
fn the_database_refuses_updates_and_deletes() {
    let w = World::new();
    six(&w);
    let conn = w.cache.connection();
    for sql in [
        "UPDATE print_log SET stock = 'other' WHERE seq = 1",
        "DELETE FROM print_log WHERE seq = 6",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let skip = conn.execute(
        "INSERT INTO print_log (seq, kind, attempt_seq, outcome, at, prev_hash, hash)
         VALUES (9, 'result', 1, 'printed', 'now', 'x', 'y')",
        [],
    );
    assert!(skip.unwrap_err().to_string().contains("must follow"));
}

#[test]
fn an_edited_entry_is_named() {
    let w = World::new();
    six(&w);
    w.raw()
        .execute(
            "UPDATE print_log SET operator_name = 'Anna' WHERE seq = 3",
            [],
        )
        .unwrap();
    let b = broken(&w);
    assert_eq!((b.seq, &b.problem), (3, &ChainProblem::ContentEdited));
    assert!(b.to_string().starts_with("entry #3 was edited"), "{b}");
}

#[test]
fn a_deleted_entry_is_named_whether_or_not_the_rest_is_renumbered() {
    let w = World::new();
    six(&w);
    w.raw()
        .execute("DELETE FROM print_log WHERE seq = 4", [])
        .unwrap();
    let b = broken(&w);
    assert_eq!((b.seq, &b.problem), (4, &ChainProblem::Missing { next: 5 }));

    let w = World::new();
    six(&w);
    w.raw()
        .execute_batch(
            "DELETE FROM print_log WHERE seq = 4;
             UPDATE print_log SET seq = seq - 1 WHERE seq > 4;",
        )
        .unwrap();
    let b = broken(&w);
    assert_eq!((b.seq, &b.problem), (4, &ChainProblem::Unlinked));
}

#[test]
fn reordered_entries_are_named() {
    let w = World::new();
    six(&w);
    w.raw()
        .execute_batch(
            "UPDATE print_log SET seq = -3 WHERE seq = 3;
             UPDATE print_log SET seq = 3 WHERE seq = 4;
             UPDATE print_log SET seq = 4 WHERE seq = -3;",
        )
        .unwrap();
    let b = broken(&w);
    assert_eq!((b.seq, &b.problem), (3, &ChainProblem::OutOfOrder));
}

#[test]
fn removing_the_newest_entries_is_seen_through_the_anchor_and_stays_seen() {
    let w = World::new();
    six(&w);
    w.raw()
        .execute("DELETE FROM print_log WHERE seq > 4", [])
        .unwrap();
    let b = broken(&w);
    assert_eq!(
        (b.seq, &b.problem),
        (5, &ChainProblem::NewestRemoved { anchor: 6 })
    );
    assert!(
        b.to_string().contains("ends at #4 but had reached #6"),
        "{b}"
    );

    // The counter keeps printing; the evidence is not overwritten.
    w.print("O2", None, t(10), PrintOutcome::SavedAsPdf);
    w.print("O3", None, t(11), PrintOutcome::SavedAsPdf);
    let b = broken(&w);
    assert_eq!((b.seq, &b.problem), (6, &ChainProblem::AnchorMismatch));

    let w = World::new();
    six(&w);
    w.raw().execute("DELETE FROM print_log", []).unwrap();
    assert_eq!(
        broken(&w).problem,
        ChainProblem::NewestRemoved { anchor: 6 }
    );
}

#[test]
fn an_anchor_one_entry_behind_is_a_crash_and_more_is_not() {
    let w = World::new();
    six(&w);
    let anchor = AnchorFile::for_database(w.cache.path());
    let entry = |seq: i64| -> String {
        w.cache
            .connection()
            .query_row("SELECT hash FROM print_log WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })
            .unwrap()
    };
    anchor
        .write(&Head {
            seq: 5,
            hash: entry(5),
        })
        .unwrap();
    assert_eq!(w.log().verify().unwrap().broken, None);
    anchor
        .write(&Head {
            seq: 4,
            hash: entry(4),
        })
        .unwrap();
    assert_eq!(broken(&w).problem, ChainProblem::AnchorBehind { anchor: 4 });
    anchor
        .write(&Head {
            seq: 5,
            hash: entry(4),
        })
        .unwrap();
    assert_eq!(broken(&w).problem, ChainProblem::AnchorMismatch);
    std::fs::remove_file(anchor.path()).unwrap();
    assert_eq!(broken(&w).problem, ChainProblem::AnchorMissing);
    // A consistent, merely stale anchor is moved on by the next append.
    anchor
        .write(&Head {
            seq: 4,
            hash: entry(4),
        })
        .unwrap();
    w.print("O2", None, t(10), PrintOutcome::Printed);
    assert_eq!(
        w.log().verify().unwrap().to_string(),
        "8 entries, chain intact"
    );
}

#[test]
fn threads_with_their_own_connections_keep_the_chain_whole() {
    let w = World::new();
    let path = w.cache.path().to_owned();
    let cashier = w.cashier.clone();
    std::thread::scope(|s| {
        for n in 0..4 {
            let (path, cashier) = (path.clone(), cashier.clone());
            s.spawn(move || {
                let cache = Cache::open(&path).unwrap();
                let log = PrintLog::new(&cache);
                for i in 0..10 {
                    let order = format!("O{n}");
                    let ticket = format!("T{i}");
                    let id = log
                        .append_attempt(&attempt(&cashier, &order, Some(&ticket), t(i)))
                        .unwrap();
                    log.append_result(id, &result(PrintOutcome::Printed, t(i)))
                        .unwrap();
                }
            });
        }
    });
    assert_eq!(
        w.log().verify().unwrap().to_string(),
        "80 entries, chain intact"
    );
}

#[test]
fn lists_filter_and_merge_newest_first() {
    let w = World::new();
    w.print("O1", Some("T1"), t(0), PrintOutcome::Printed);
    w.print("O1", Some("T1"), t(60), PrintOutcome::Printed);
    w.print("O2", None, t(120), PrintOutcome::Failed);
    let log = w.log();
    let all = log.list(&PrintLogFilter::default()).unwrap();
    assert_eq!(all.iter().map(|r| r.seq).collect::<Vec<_>>(), [5, 3, 1]);
    let f =
        |f: PrintLogFilter| -> Vec<u64> { log.list(&f).unwrap().iter().map(|r| r.seq).collect() };
    let reprints = f(PrintLogFilter {
        reprints_only: true,
        ..Default::default()
    });
    assert_eq!(reprints, [3]);
    let window = f(PrintLogFilter {
        from: Some(t(30)),
        to: Some(t(120)),
        ..Default::default()
    });
    assert_eq!(window, [3]);
    let by_order = f(PrintLogFilter {
        order: Some("O2".into()),
        ..Default::default()
    });
    assert_eq!(by_order, [5]);
    let by_name = f(PrintLogFilter {
        operator: Some("БОРИС".into()),
        limit: Some(2),
        ..Default::default()
    });
    // SQLite folds only ASCII case: the Cyrillic name must match as written.
    assert!(by_name.is_empty());
    let by_name = f(PrintLogFilter {
        operator: Some("Борис".into()),
        limit: Some(2),
        ..Default::default()
    });
    assert_eq!(by_name, [5, 3]);
}

#[test]
fn csv_round_trips_commas_quotes_and_cyrillic() {
    let w = World::new();
    let log = w.log();
    let nasty = "Кассир \"Первый\", зал 2\nвторая строка";
    let op = Operator {
        name: nasty.to_owned(),
        ..w.manager.clone()
    };
    let target = PrintTarget::Printer("Zebra, \"front\"".into());
    log.append_attempt(&PrintAttempt {
        target: &target,
        ..attempt(&op, "Заказ,1", Some("Т\"1"), t(0))
    })
    .unwrap();
    let mut out = Vec::new();
    assert_eq!(
        log.export_csv(&PrintLogFilter::default(), &mut out)
            .unwrap(),
        1
    );
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.starts_with("seq,time,platform,order_id,"), "{text}");
    assert!(text.contains("\r\n"));
    assert!(text.contains("\"Заказ,1\""));

    let mut rd = csv::Reader::from_reader(out.as_slice());
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let h = rd.headers().unwrap().clone();
    let col = |name: &str| &rows[0][h.iter().position(|x| x == name).unwrap()];
    assert_eq!(col("operator"), nasty);
    assert_eq!(col("order_id"), "Заказ,1");
    assert_eq!(col("ticket_id"), "Т\"1");
    assert_eq!(col("target"), "Zebra, \"front\"");
    assert_eq!(col("time"), "2025-03-14T10:00:00Z");
    assert_eq!(col("outcome"), "");
}
