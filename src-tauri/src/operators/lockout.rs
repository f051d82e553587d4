//! The wrong-PIN rule, as plain arithmetic so it can be read and tested
//! without a database or a clock.
//!
//! - [`TRIES`] (5) wrong PINs in a row lock the operator. A successful
//!   sign-in, a manager's unlock or a lock sets the count of wrong PINs back
//!   to zero.
//! - The first lock lasts 1 minute, the second 5, the third 15, and every
//!   further one 60 minutes, counting the locks since the operator last
//!   signed in successfully. A manager's unlock ends the current lock but does
//!   not reset that count: only the operator's own correct PIN does, so
//!   someone guessing cannot use a helpful manager to get short locks.
//! - While locked, a PIN is not even checked: the attempt is refused and
//!   recorded, so a lock really stops guessing.

use chrono::{DateTime, Duration, Utc};

/// Wrong PINs in a row that lock an operator.
pub const TRIES: u32 = 5;

/// The length of each lock in minutes, the last one repeating.
const LOCK_MINUTES: [i64; 4] = [1, 5, 15, 60];

/// How long the `nth` lock (1 for the first since the last successful
/// sign-in) lasts.
pub fn lock_duration(nth: u32) -> Duration {
    let i = usize::try_from(nth.max(1) - 1).unwrap_or(usize::MAX);
    let minutes = LOCK_MINUTES.get(i).copied().unwrap_or(60);
    Duration::minutes(minutes)
}

/// What one more wrong PIN does to an operator with `failed` wrong PINs in a
/// row and `locks` locks since their last sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterWrongPin {
    /// Not locked yet: this many tries remain.
    TriesLeft { failed: u32, left: u32 },
    /// Locked until the given time; this is lock number `locks`.
    Locked { locks: u32, until: DateTime<Utc> },
}

pub fn after_wrong_pin(failed: u32, locks: u32, now: DateTime<Utc>) -> AfterWrongPin {
    let failed = failed.saturating_add(1);
    if failed >= TRIES {
        let locks = locks.saturating_add(1);
        AfterWrongPin::Locked {
            locks,
            until: now + lock_duration(locks),
        }
    } else {
        AfterWrongPin::TriesLeft {
            failed,
            left: TRIES - failed,
        }
    }
}

/// The end of a lock that still holds at `now`; `None` when there is no
/// lock or it has run out.
pub fn in_force(until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    until.filter(|u| now < *u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_grow_then_stay_at_an_hour() {
        let mins: Vec<i64> = (1..=6).map(|n| lock_duration(n).num_minutes()).collect();
        assert_eq!(mins, [1, 5, 15, 60, 60, 60]);
    }

    #[test]
    fn the_fifth_wrong_pin_locks() {
        let now = Utc::now();
        assert_eq!(
            after_wrong_pin(0, 0, now),
            AfterWrongPin::TriesLeft { failed: 1, left: 4 }
        );
        assert_eq!(
            after_wrong_pin(3, 0, now),
            AfterWrongPin::TriesLeft { failed: 4, left: 1 }
        );
        assert_eq!(
            after_wrong_pin(4, 2, now),
            AfterWrongPin::Locked {
                locks: 3,
                until: now + Duration::minutes(15)
            }
        );
    }

    #[test]
    fn a_lock_ends_at_its_time() {
        let now = Utc::now();
        let soon = now + Duration::seconds(1);
        assert_eq!(in_force(Some(soon), now), Some(soon));
        assert_eq!(in_force(Some(now), now), None);
        assert_eq!(in_force(None, now), None);
    }
}
