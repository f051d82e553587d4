//! The command line killed with SIGKILL in the middle of completions, then
//! started again: the journal must resume every completion to a known state,
//! and the platform (the sandbox process, whose ledger is the truth) must
//! never have sold an order twice. Runs against the real OS keyring (the test
//! script starts a Secret Service), like a real installation.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_box-office");

struct Sandbox(Child, String);

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn sandbox(args: &[&str]) -> Sandbox {
    let mut child = Command::new(BIN)
        .args(["sandbox", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    Sandbox(child, url.trim().to_owned())
}

/// The operator who completes, and their PIN as stdin gives it.
const OPERATOR: &str = "Crash Tester";
const PIN_LINE: &str = "482913\n";

fn cli(data: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .env("BOX_OFFICE_DATA_DIR", data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn ledger(url: &str) -> Value {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        reqwest::get(format!("{url}/_sandbox/ledger"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    })
}

/// A deterministic spread of kill delays, 40 ms to 1.5 s.
fn delays(n: usize) -> Vec<Duration> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration::from_millis(40 + x % 1_460)
        })
        .collect()
}

#[test]
fn sigkill_mid_completion_then_restart_loses_and_doubles_nothing() {
    let sb = sandbox(&[
        "--bulk",
        "12",
        "--pending-polls",
        "2",
        "--slow",
        "1.0",
        "--slow-ms",
        "400",
    ]);
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let tag = format!("crash{}", std::process::id());
    let (vista, pac) = (format!("{tag}-vista"), format!("{tag}-pac"));
    let add = cli(
        d,
        &[
            "profiles",
            "add",
            &vista,
            "--platform",
            "vista",
            "--url",
            &sb.1,
        ],
        Some("training-vista-token\n"),
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let add = cli(
        d,
        &[
            "profiles",
            "add",
            &pac,
            "--platform",
            "paciolan",
            "--url",
            &sb.1,
            "--application-id",
            "org.boxoffice.training",
            "--channel-code",
            "box-office-training",
        ],
        Some("training-paciolan-token\ntraining-paciolan-api-key\n"),
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    assert!(
        cli(d, &["orders", "import", "--sandbox", &sb.1], None)
            .status
            .success()
    );
    // Completing is an operator's act: the operator's PIN goes on stdin.
    assert!(
        cli(
            d,
            &["operators", "add", OPERATOR, "--role", "manager"],
            Some(PIN_LINE)
        )
        .status
        .success()
    );

    let orders: Vec<(String, String)> = (1..=12)
        .flat_map(|i| {
            [
                (vista.clone(), format!("VS-B{i:05}")),
                (pac.clone(), format!("PC-B{i:05}")),
            ]
        })
        .collect();
    let mut killed = 0;
    for ((profile, order), delay) in orders.iter().zip(delays(orders.len())) {
        let mut child = Command::new(BIN)
            .env("BOX_OFFICE_DATA_DIR", d)
            .args([
                "complete",
                "--profile",
                profile,
                order,
                "--timeout",
                "20",
                "--operator",
                OPERATOR,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(PIN_LINE.as_bytes())
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL: no destructor, no flush, no goodbye
            killed += 1;
        }
        child.wait().unwrap();
    }
    assert!(
        killed >= orders.len() / 2,
        "most runs must really be killed mid-way ({killed})"
    );

    // Started again: resume what was left unfinished.
    for _ in 0..3 {
        let out = cli(d, &["completions", "resume"], None);
        if out.status.code() != Some(5) {
            break;
        }
    }
    // Completing each order again reports its one completion; it never
    // starts a second one.
    for (profile, order) in &orders {
        cli(
            d,
            &[
                "complete",
                "--profile",
                profile,
                order,
                "--timeout",
                "20",
                "--operator",
                OPERATOR,
            ],
            Some(PIN_LINE),
        );
    }

    let list = cli(
        d,
        &["completions", "list", "--json", "--limit", "1000"],
        None,
    );
    let journal: Vec<Value> = serde_json::from_slice(&list.stdout).unwrap();
    let ledger = ledger(&sb.1);
    let mut summary = std::collections::BTreeMap::new();
    for (_, order) in &orders {
        let platform = if order.starts_with("VS") {
            "vista"
        } else {
            "paciolan"
        };
        let entries: Vec<&Value> = journal
            .iter()
            .filter(|e| e["orderId"] == order.as_str())
            .collect();
        let live: Vec<&&Value> = entries
            .iter()
            .filter(|e| !matches!(e["state"].as_str(), Some("failed" | "abandoned")))
            .collect();
        assert!(live.len() <= 1, "{order}: more than one live completion");
        let last = entries.first().expect("journalled");
        let state = last["state"].as_str().unwrap().to_owned();
        let sold = ledger["applied"][format!("{platform}:{order}")]
            .as_u64()
            .unwrap_or(0);
        assert!(sold <= 1, "{order} sold {sold} times");
        match state.as_str() {
            "completed" | "partial" => assert_eq!(sold, 1, "{order} recorded sold but not sold"),
            "failed" => assert_eq!(sold, 0, "{order} recorded failed but sold"),
            "needsAttention" => {}
            other => panic!("{order} left in state {other}"),
        }
        *summary.entry(state).or_insert(0) += 1;
    }
    let dup: u64 = ledger["duplicates"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(Value::as_u64)
        .sum();
    assert_eq!(dup, 0, "a sold order was sent again");
    println!(
        "SIGKILL run: {} orders, {killed} killed mid-way, end states {summary:?}",
        orders.len()
    );

    for p in [&vista, &pac] {
        let out = cli(
            d,
            &["profiles", "remove", p, "--manager", OPERATOR],
            Some(PIN_LINE),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
