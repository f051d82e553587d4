//! A bulk import killed with SIGKILL at random points, twenty times: each
//! time the database must pass SQLite's integrity check, and every batch the
//! import reported committed (a line on its standard output, written only
//! after the commit) must be there, whole.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use box_office::cache::{Cache, KeyKind};
use box_office::domain::{OrderDocument, Platform};
use box_office::sandbox::population;

const BIN: &str = env!("CARGO_BIN_EXE_box-office");
const ORDERS: u64 = 30_000;
const BATCH: u64 = 1_000;

/// A deterministic spread of kill delays, 50 ms to 2.5 s.
fn delays(n: usize) -> Vec<Duration> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration::from_millis(50 + x % 2_450)
        })
        .collect()
}

fn platform_of(id: &str) -> Platform {
    match &id[..2] {
        "AF" => Platform::Afisha,
        "VS" => Platform::Vista,
        _ => Platform::Paciolan,
    }
}

#[test]
fn a_killed_import_keeps_every_batch_it_reported_and_a_sound_database() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("orders.jsonl");
    let now = chrono::Utc::now();
    let ids: Vec<String> = {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        population::orders(11, 0, ORDERS, now)
            .map(|o| {
                let id = o.id.clone();
                writeln!(
                    f,
                    "{}",
                    serde_json::to_string(&OrderDocument::new(o)).unwrap()
                )
                .unwrap();
                id
            })
            .collect()
    };
    let mut reported_max = 0;
    let mut killed_mid_import = 0;
    for (run, delay) in delays(20).into_iter().enumerate() {
        let data = work.path().join(format!("run-{run}"));
        let mut child = Command::new(BIN)
            .env("BOX_OFFICE_DATA_DIR", &data)
            .args(["orders", "import", "--batch", &BATCH.to_string()])
            .arg(&input)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // "committed batch 3: 3000 order(s) so far (…/s)"
                if let Some(rest) = line.strip_prefix("committed batch ") {
                    let n: u64 = rest
                        .split(": ")
                        .nth(1)
                        .and_then(|s| s.split(' ').next())
                        .and_then(|s| s.parse().ok())
                        .unwrap();
                    let _ = tx.send(n);
                }
            }
        });
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        // SIGKILL: no destructor, no rollback, no flush.
        let _ = child.kill();
        child.wait().unwrap();
        reader.join().unwrap();
        let committed = rx.try_iter().max().unwrap_or(0);
        if !finished {
            killed_mid_import += 1;
        }
        reported_max = reported_max.max(committed);

        let cache = Cache::open_in(&data).unwrap();
        let check: String = cache
            .connection()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "run {run}: the database is damaged");
        let count = cache.order_count().unwrap();
        assert!(
            (count >= committed && count.is_multiple_of(BATCH)) || count == ORDERS,
            "run {run}: {count} orders after {committed} reported: only whole batches survive"
        );
        // Every reported order is there and reads back, and the index finds it.
        for id in ids.iter().take(committed as usize).step_by(97) {
            let o = cache.get_order(platform_of(id), id).unwrap();
            assert!(
                o.is_some(),
                "run {run}: {id} was reported committed but is gone"
            );
            let found = cache.find_orders(id, 3).unwrap();
            assert!(
                found.iter().any(|s| &s.id == id),
                "run {run}: {id} is not indexed"
            );
        }
        let fts: i64 = cache
            .connection()
            .query_row(
                "SELECT count(*) FROM lookup_keys WHERE kind = ?1",
                [KeyKind::Id.code()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(fts as u64, count, "run {run}: keys and orders disagree");
    }
    assert!(
        killed_mid_import >= 10,
        "most runs must be killed while importing ({killed_mid_import}/20)"
    );
    assert!(reported_max > 0, "some batches must have been reported");
}
