//! Two real `box-office` processes racing for the same completion against a
//! slow sandbox process: exactly one POST reaches the platform, and the
//! loser says what the winner is doing. And a completed order handed back
//! to `complete --input` as its older in-progress self is refused, not
//! overwritten. Runs against the real OS keyring, like an installation.

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

fn command(data: &std::path::Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.env("BOX_OFFICE_DATA_DIR", data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// The operator who completes, and their PIN as stdin gives it.
const OPERATOR: &str = "Race Tester";
const PIN_LINE: &str = "482913\n";

/// `complete … --operator OPERATOR`, started with the PIN already given.
fn spawn_complete(data: &std::path::Path, args: &[&str]) -> std::process::Child {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--operator", OPERATOR]);
    let mut child = command(data, &all).spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(PIN_LINE.as_bytes())
        .unwrap();
    child
}

fn complete(data: &std::path::Path, args: &[&str]) -> Output {
    spawn_complete(data, args).wait_with_output().unwrap()
}

fn cli(data: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = command(data, args).spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
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

/// A data directory with a Vista and a Paciolan profile pointing at `sb`
/// and the sandbox's orders cached.
fn setup(sb: &Sandbox, tag: &str) -> (tempfile::TempDir, String, String) {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let (vista, pac) = (format!("{tag}-vista"), format!("{tag}-pac"));
    let out = cli(
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
        "training-vista-token\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(
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
        "training-paciolan-token\ntraining-paciolan-api-key\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(d, &["orders", "import", "--sandbox", &sb.1], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(
        d,
        &["operators", "add", OPERATOR, "--role", "manager"],
        PIN_LINE,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (data, vista, pac)
}

fn remove_profiles(d: &std::path::Path, names: &[&str]) {
    for n in names {
        let out = cli(
            d,
            &["profiles", "remove", n, "--manager", OPERATOR],
            PIN_LINE,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn two_processes_racing_for_one_completion_send_one_post() {
    let sb = sandbox(&["--bulk", "2", "--slow", "1.0", "--slow-ms", "1500"]);
    let tag = format!("race{}", std::process::id());
    let (data, vista, pac) = setup(&sb, &tag);
    let d = data.path();
    for (profile, order) in [(&vista, "VS-B00001"), (&pac, "PC-B00001")] {
        let args = ["complete", "--profile", profile, order, "--timeout", "30"];
        let a = spawn_complete(d, &args);
        std::thread::sleep(Duration::from_millis(200));
        let b = spawn_complete(d, &args);
        // A third comes in through the journal, as the window's
        // resume-on-start does.
        std::thread::sleep(Duration::from_millis(200));
        let c = command(d, &["completions", "resume"]).spawn().unwrap();
        let outs: Vec<Output> = [a, b, c]
            .into_iter()
            .map(|p| p.wait_with_output().unwrap())
            .collect();
        let text: Vec<String> = outs
            .iter()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .collect();
        assert!(
            text.iter().any(|t| t.contains(": completed")),
            "{order}: one run completes it: {text:#?}"
        );
        assert!(
            text[1].contains("another window, till or script is completing it"),
            "{order}: the second run reports the first: {text:#?}"
        );
        let platform = if order.starts_with("VS") {
            "vista"
        } else {
            "paciolan"
        };
        let l = ledger(&sb.1);
        assert_eq!(
            l["posts"][format!("{platform}:{order}")].as_u64(),
            Some(1),
            "{order}: exactly one POST: {l}"
        );
        assert_eq!(
            l["applied"][format!("{platform}:{order}")].as_u64(),
            Some(1)
        );
    }
    remove_profiles(d, &[&vista, &pac]);
}

#[test]
fn a_completed_order_is_never_overwritten_by_its_older_self() {
    let sb = sandbox(&[]);
    let tag = format!("older{}", std::process::id());
    let (data, vista, pac) = setup(&sb, &tag);
    let d = data.path();
    let doc = d.join("vs-2001-in-progress.json");
    let out = cli(
        d,
        &[
            "orders",
            "export",
            "vista",
            "VS-2001",
            "-o",
            doc.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = complete(d, &["complete", "--profile", &vista, "VS-2001"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let out = complete(
        d,
        &[
            "complete",
            "--profile",
            &vista,
            "VS-2001",
            "--input",
            doc.to_str().unwrap(),
        ],
    );
    let both = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The journal answers: this order's completion is done; nothing is sent.
    assert!(both.contains("completed"), "{both}");
    let out = cli(d, &["orders", "export", "vista", "VS-2001"], "");
    let now: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(now["order"]["status"], "completed");
    assert!(!now["order"]["tickets"].as_array().unwrap().is_empty());

    // Imported as a document, the older copy does not replace it either.
    let out = cli(d, &["orders", "import", doc.to_str().unwrap()], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(d, &["orders", "export", "vista", "VS-2001"], "");
    let now: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(now["order"]["status"], "completed");
    let l = ledger(&sb.1);
    assert_eq!(l["posts"]["vista:VS-2001"].as_u64(), Some(1));
    remove_profiles(d, &[&vista, &pac]);
}
