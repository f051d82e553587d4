//! Operators through the real binary: PINs read only from standard input,
//! the first manager added without authorisation, a lock that a manager (and
//! not a cashier) ends, and distinctive PINs found nowhere in the data
//! directory (database and WAL) or in anything the commands print.

mod common;

use std::path::Path;
use std::process::Output;

use box_office::cache::Cache;
use box_office::operators::{OperatorError, Operators, Pin};
use chrono::Utc;

use common::cli::cli;
const ANNA: &str = "73915046";
const BORIS: &str = "58204716";
const CAROL: &str = "64027719";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

struct Session<'a> {
    data: &'a Path,
    printed: Vec<u8>,
}

impl Session<'_> {
    fn run(&mut self, args: &[&str], stdin: &str) -> Output {
        let out = cli(self.data, args, stdin);
        self.printed.extend(&out.stdout);
        self.printed.extend(&out.stderr);
        out
    }
    fn ok(&mut self, args: &[&str], stdin: &str) -> String {
        let out = self.run(args, stdin);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    }
    fn refused(&mut self, args: &[&str], stdin: &str) -> String {
        let out = self.run(args, stdin);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

#[test]
fn operators_are_managed_from_the_command_line_and_pins_never_show() {
    let dir = tempfile::tempdir().unwrap();
    // Held open so that the WAL stays on disk to be searched too.
    let cache = Cache::open_in(dir.path()).unwrap();
    let mut s = Session {
        data: dir.path(),
        printed: Vec::new(),
    };

    let err = s.refused(&["operators", "add", "Boris", "--role", "cashier"], "");
    assert!(err.contains("add a manager first"), "{err}");
    let out = s.ok(
        &["operators", "add", "Anna", "--role", "manager"],
        &format!("{ANNA}\n"),
    );
    assert_eq!(out.trim(), "added manager “Anna”");
    let err = s.refused(
        &["operators", "add", "Eve", "--role", "manager"],
        &format!("{ANNA}\n"),
    );
    assert!(err.contains("--manager"), "{err}");
    // There is no way to put a PIN in the arguments.
    let argv = s.run(
        &[
            "operators",
            "add",
            "Eve",
            "--role",
            "cashier",
            "--pin",
            BORIS,
        ],
        "",
    );
    assert_eq!(argv.status.code(), Some(2));

    let manager = ["--manager", "anna"];
    let add = |name: &'static str, role: &'static str| {
        [
            &["operators", "add", name, "--role", role][..],
            &manager[..],
        ]
        .concat()
    };
    s.ok(&add("Boris", "cashier"), &format!("{ANNA}\n{BORIS}\r\n"));
    s.ok(&add("Carol", "cashier"), &format!("{ANNA}\n{CAROL}\n"));
    let err = s.refused(&add("Dana", "cashier"), &format!("{ANNA}\n12ab\n"));
    assert!(err.contains("4 to 12 digits"), "{err}");
    let err = s.refused(&add("Dana", "cashier"), "00000000\n11112222\n");
    assert!(
        err.contains("Wrong PIN: 4 tries left before the operator is locked"),
        "{err}"
    );
    let err = s.refused(&add("Dana", "cashier"), &format!("{ANNA}\n"));
    assert!(
        err.contains("no new PIN for Dana on standard input"),
        "{err}"
    );

    // Boris forgets his PIN at the counter.
    let ops = Operators::new(&cache);
    let boris = ops.find("Boris", false).unwrap();
    let wrong = Pin::new("00000000".into()).unwrap();
    let right = Pin::new(BORIS.into()).unwrap();
    for _ in 0..5 {
        let _ = ops.sign_in(boris.id, &wrong, "till-1", false, Utc::now());
    }
    let locked = ops.sign_in(boris.id, &right, "till-1", false, Utc::now());
    assert!(
        matches!(locked, Err(OperatorError::Locked { .. })),
        "{locked:?}"
    );

    let err = s.refused(
        &["operators", "unlock", "Boris", "--manager", "Carol"],
        &format!("{CAROL}\n"),
    );
    assert!(err.contains("“Carol” is not a manager"), "{err}");
    assert!(
        ops.sign_in(boris.id, &right, "till-1", false, Utc::now())
            .is_err()
    );
    let out = s.ok(
        &["operators", "unlock", "Boris", "--manager", "Anna"],
        &format!("{ANNA}\n"),
    );
    assert_eq!(out.trim(), "unlocked “Boris”");
    ops.sign_in(boris.id, &right, "till-1", false, Utc::now())
        .unwrap();

    s.ok(
        &["operators", "remove", "Carol", "--manager", "Anna"],
        &format!("{ANNA}\n"),
    );
    let err = s.refused(
        &["operators", "remove", "Anna", "--manager", "Anna"],
        &format!("{ANNA}\n"),
    );
    assert!(err.contains("only manager"), "{err}");
    let list: serde_json::Value =
        serde_json::from_str(&s.ok(&["operators", "list", "--json"], "")).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Anna", "Boris"]);
    let plain = s.ok(&["operators", "list"], "");
    assert!(plain.contains("Anna\tmanager"), "{plain}");

    let mut files = Vec::new();
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let path = e.unwrap().path();
        files.push(path.file_name().unwrap().to_string_lossy().into_owned());
        let bytes = std::fs::read(&path).unwrap();
        for pin in [ANNA, BORIS, CAROL] {
            assert!(!contains(&bytes, pin), "{pin} is in {}", path.display());
        }
    }
    assert!(
        files.iter().any(|f| f.ends_with("-wal")),
        "the WAL was searched: {files:?}"
    );
    for pin in [ANNA, BORIS, CAROL] {
        assert!(!contains(&s.printed, pin), "{pin} was printed");
    }
    assert!(contains(&s.printed, "Boris"), "the output was captured");
}
