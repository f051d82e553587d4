//! The operator rules against a real SQLite file, with the clock passed in.

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::cache::Cache;

const WS: &str = "till-1";
/// Distinctive enough that finding it anywhere means it leaked.
const SECRET_PIN: &str = "73915046";

fn pin(s: &str) -> Pin {
    Pin::new(s.to_owned()).unwrap()
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap()
}

struct World {
    dir: tempfile::TempDir,
    cache: Cache,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_in(dir.path()).unwrap();
        World { dir, cache }
    }
    fn ops(&self) -> Operators<'_> {
        Operators::new(&self.cache)
    }
    /// A manager "Anna" (PIN 9999) and a cashier "Boris" (PIN 1111).
    fn staffed(&self) -> (ManagerApproval, Operator) {
        let ops = self.ops();
        let anna = ops
            .add_first_manager("Anna", &pin("9999"), WS, t0())
            .unwrap();
        let ok = ops
            .authorise_manager(anna.id, &pin("9999"), WS, false, t0())
            .unwrap();
        let boris = ops
            .add(&ok, "Boris", Role::Cashier, &pin("1111"), WS, t0())
            .unwrap();
        (ok, boris)
    }
    fn kinds(&self, id: i64) -> Vec<EventKind> {
        self.ops()
            .events(id)
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }
}

/// Five wrong PINs at `at`; returns the last error.
fn five_wrong(ops: &Operators<'_>, id: i64, at: DateTime<Utc>) -> OperatorError {
    let mut last = None;
    for _ in 0..5 {
        last = ops.sign_in(id, &pin("0000"), WS, false, at).err();
    }
    last.unwrap()
}

#[test]
fn the_first_manager_needs_no_authorisation_and_only_once() {
    let w = World::new();
    let ops = w.ops();
    assert!(!ops.has_manager().unwrap());
    // Demo operators do not count as a manager.
    ops.ensure_training_operators(t0()).unwrap();
    assert!(!ops.has_manager().unwrap());
    let anna = ops
        .add_first_manager("  Anna ", &pin("9999"), WS, t0())
        .unwrap();
    assert_eq!((anna.name.as_str(), anna.role), ("Anna", Role::Manager));
    assert!(ops.has_manager().unwrap());
    let again = ops.add_first_manager("Eve", &pin("1234"), WS, t0());
    assert!(
        matches!(again, Err(OperatorError::ManagerExists)),
        "{again:?}"
    );
    assert_eq!(w.kinds(anna.id), [EventKind::Added]);
}

#[test]
fn wrong_pins_count_down_then_lock_and_a_lock_refuses_even_the_right_pin() {
    let w = World::new();
    let (_, boris) = w.staffed();
    let ops = w.ops();
    for left in [4, 3, 2, 1] {
        let err = ops
            .sign_in(boris.id, &pin("0000"), WS, false, t0())
            .unwrap_err();
        assert!(matches!(err, OperatorError::WrongPin { tries_left } if tries_left == left));
    }
    let err = ops
        .sign_in(boris.id, &pin("0000"), WS, false, t0())
        .unwrap_err();
    let OperatorError::Locked { until } = err else {
        panic!("{err:?}")
    };
    assert_eq!(until, t0() + Duration::minutes(1));
    assert!(err.to_string().starts_with("Locked until "), "{err}");
    assert!(
        err.to_string().ends_with(": ask a manager to unlock"),
        "{err}"
    );

    let refused = ops.sign_in(
        boris.id,
        &pin("1111"),
        WS,
        false,
        t0() + Duration::seconds(59),
    );
    assert!(
        matches!(refused, Err(OperatorError::Locked { .. })),
        "{refused:?}"
    );
    let listed = ops.list(false, t0()).unwrap();
    let b = listed.iter().find(|o| o.id == boris.id).unwrap();
    assert_eq!(b.locked_until, Some(until));

    let mut expected = vec![EventKind::Added];
    expected.extend([EventKind::WrongPin; 5]);
    expected.extend([EventKind::Locked, EventKind::RefusedLocked]);
    assert_eq!(w.kinds(boris.id), expected);
    let events = ops.events(boris.id).unwrap();
    assert!(events.iter().all(|e| e.workstation == WS));
    assert_eq!(events[2].detail.as_deref(), Some("3 left"));
}

#[test]
fn the_message_counts_tries_as_a_cashier_reads_them() {
    let two = OperatorError::WrongPin { tries_left: 2 };
    assert_eq!(
        two.to_string(),
        "Wrong PIN: 2 tries left before the operator is locked"
    );
    let one = OperatorError::WrongPin { tries_left: 1 };
    assert_eq!(
        one.to_string(),
        "Wrong PIN: 1 try left before the operator is locked"
    );
}

#[test]
fn each_lock_without_a_sign_in_between_lasts_longer() {
    let w = World::new();
    let (_, boris) = w.staffed();
    let ops = w.ops();
    let mut at = t0();
    for minutes in [1, 5, 15, 60, 60] {
        let err = five_wrong(&ops, boris.id, at);
        let OperatorError::Locked { until } = err else {
            panic!("{err:?}")
        };
        assert_eq!(until - at, Duration::minutes(minutes));
        at = until;
    }
    // A successful sign-in starts the scale again.
    ops.sign_in(boris.id, &pin("1111"), WS, false, at).unwrap();
    let err = five_wrong(&ops, boris.id, at);
    assert!(matches!(err, OperatorError::Locked { until } if until - at == Duration::minutes(1)));
}

#[test]
fn a_manager_unlocks_and_a_cashier_cannot() {
    let w = World::new();
    let (anna_ok, boris) = w.staffed();
    let ops = w.ops();
    let carol = ops
        .add(&anna_ok, "Carol", Role::Cashier, &pin("2222"), WS, t0())
        .unwrap();
    five_wrong(&ops, boris.id, t0());

    // A cashier's PIN, however right, authorises nothing.
    let err = ops
        .authorise_manager(carol.id, &pin("2222"), WS, false, t0())
        .unwrap_err();
    assert!(
        matches!(err, OperatorError::NotManager(ref n) if n == "Carol"),
        "{err:?}"
    );
    assert!(
        ops.sign_in(boris.id, &pin("1111"), WS, false, t0())
            .is_err()
    );

    let anna = ops.find("anna", false).unwrap();
    let ok = ops
        .authorise_manager(anna.id, &pin("9999"), "till-2", false, t0())
        .unwrap();
    let unlocked = ops.unlock(&ok, boris.id, "till-2", t0()).unwrap();
    assert_eq!(unlocked.locked_until, None);
    ops.sign_in(boris.id, &pin("1111"), WS, false, t0())
        .unwrap();
    let unlock = ops
        .events(boris.id)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == EventKind::Unlocked)
        .unwrap();
    assert_eq!(unlock.by_operator, Some(anna.id));
    assert_eq!(unlock.workstation, "till-2");
}

#[test]
fn an_unlock_does_not_reset_the_growing_delay() {
    let w = World::new();
    let (ok, boris) = w.staffed();
    let ops = w.ops();
    five_wrong(&ops, boris.id, t0());
    ops.unlock(&ok, boris.id, WS, t0()).unwrap();
    let err = five_wrong(&ops, boris.id, t0());
    assert!(matches!(err, OperatorError::Locked { until } if until - t0() == Duration::minutes(5)));
}

#[test]
fn wrong_manager_pins_lock_the_manager_too() {
    let w = World::new();
    let (ok, _) = w.staffed();
    let ops = w.ops();
    let anna = ok.manager().id;
    for _ in 0..4 {
        let e = ops.authorise_manager(anna, &pin("0000"), WS, false, t0());
        assert!(matches!(e, Err(OperatorError::WrongPin { .. })));
    }
    let e = ops.authorise_manager(anna, &pin("0000"), WS, false, t0());
    assert!(matches!(e, Err(OperatorError::Locked { .. })), "{e:?}");
}

#[test]
fn training_operators_sign_in_only_in_training_and_are_hidden_otherwise() {
    let w = World::new();
    w.staffed();
    let ops = w.ops();
    let demo = ops.ensure_training_operators(t0()).unwrap();
    assert_eq!(demo.len(), 2);
    // Idempotent: a second call finds them.
    assert_eq!(ops.ensure_training_operators(t0()).unwrap(), demo);
    let cashier = demo.iter().find(|o| o.role == Role::Cashier).unwrap();
    assert!(cashier.training);
    assert_eq!(cashier.name, "Demo Cashier");

    let err = ops
        .sign_in(cashier.id, &pin("1357"), WS, false, t0())
        .unwrap_err();
    assert!(matches!(err, OperatorError::TrainingOnly(_)), "{err:?}");
    assert!(ops.find("Demo Cashier", false).is_err());
    assert!(ops.list(false, t0()).unwrap().iter().all(|o| !o.training));

    assert_eq!(ops.list(true, t0()).unwrap().len(), 4);
    ops.sign_in(cashier.id, &pin("1357"), WS, true, t0())
        .unwrap();
    let manager = ops.find("Demo Manager", true).unwrap();
    let demo_ok = ops
        .authorise_manager(manager.id, &pin("2468"), WS, true, t0())
        .unwrap();
    // The public demo PIN must not open the real counter.
    let add = ops.add(&demo_ok, "Mallory", Role::Manager, &pin("4444"), WS, t0());
    assert!(
        matches!(add, Err(OperatorError::TrainingApproval)),
        "{add:?}"
    );
    let boris = ops.find("Boris", true).unwrap();
    let unlock = ops.unlock(&demo_ok, boris.id, WS, t0());
    assert!(
        matches!(unlock, Err(OperatorError::TrainingApproval)),
        "{unlock:?}"
    );
    assert_eq!(w.kinds(cashier.id)[1], EventKind::RefusedTraining);
}

#[test]
fn removal_is_soft_and_keeps_the_last_manager() {
    let w = World::new();
    let (ok, boris) = w.staffed();
    let ops = w.ops();
    let err = ops.remove(&ok, ok.manager().id, WS, t0()).unwrap_err();
    assert!(matches!(err, OperatorError::LastManager(_)), "{err:?}");

    ops.remove(&ok, boris.id, WS, t0()).unwrap();
    assert!(ops.find("Boris", false).is_err());
    assert!(
        ops.sign_in(boris.id, &pin("1111"), WS, false, t0())
            .is_err()
    );
    assert_eq!(w.kinds(boris.id).last(), Some(&EventKind::Removed));
    let name: String = w
        .cache
        .connection()
        .query_row(
            "SELECT name FROM operators WHERE id = ?1",
            [boris.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "Boris", "the row stays for the print log");
    // The name is free again.
    let again = ops
        .add(&ok, "boris", Role::Cashier, &pin("1111"), WS, t0())
        .unwrap();
    assert_ne!(again.id, boris.id);
    let dup = ops.add(&ok, "BORIS", Role::Cashier, &pin("1111"), WS, t0());
    assert!(matches!(dup, Err(OperatorError::NameTaken(_))), "{dup:?}");
}

#[test]
fn the_pin_is_nowhere_but_in_the_hash() {
    let w = World::new();
    let ops = w.ops();
    let anna = ops
        .add_first_manager("Anna", &pin(SECRET_PIN), WS, t0())
        .unwrap();
    let ok = ops
        .authorise_manager(anna.id, &pin(SECRET_PIN), WS, false, t0())
        .unwrap();
    let wrong = ops.sign_in(anna.id, &pin("12345678"), WS, false, t0());
    let mut shown = format!("{ok:?} {anna:?} {wrong:?} {:?}", pin(SECRET_PIN));
    shown.push_str(&serde_json::to_string(&ops.list(true, t0()).unwrap()).unwrap());
    shown.push_str(&serde_json::to_string(&ops.events(anna.id).unwrap()).unwrap());
    assert!(!shown.contains(SECRET_PIN), "{shown}");

    // While the database is open its WAL holds the newest pages.
    let mut files = 0;
    for entry in std::fs::read_dir(w.dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        files += 1;
        assert!(
            !bytes
                .windows(SECRET_PIN.len())
                .any(|b| b == SECRET_PIN.as_bytes())
        );
    }
    assert!(files >= 2, "the database and its WAL were both checked");
    let hash: String = w
        .cache
        .connection()
        .query_row("SELECT pin_hash FROM operators", [], |r| r.get(0))
        .unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
}

#[test]
fn names_and_roles_are_checked() {
    let w = World::new();
    let ops = w.ops();
    for bad in ["", "   ", "a\nb", &"x".repeat(41)] {
        let e = ops.add_first_manager(bad, &pin("1234"), WS, t0());
        assert!(matches!(e, Err(OperatorError::NameForm)), "{bad:?}");
    }
    assert_eq!("Manager".parse::<Role>().unwrap(), Role::Manager);
    assert!("boss".parse::<Role>().is_err());
}
