//! Faults the sandbox injects at random into platform requests, for the
//! randomized completion tests and for trainers who want to show what a bad
//! network looks like. Each request rolls once; scripted per-order behaviours
//! (see `catalogue::Behaviour`) come on top.

use rand::Rng;
use serde::{Deserialize, Serialize};

/// Probabilities (0 to 1) of each fault per platform request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Faults {
    /// Read the request, change nothing, close the connection.
    pub drop_before_apply: f64,
    /// Read the request, carry it out, close the connection unanswered.
    pub drop_after_apply: f64,
    /// Answer 500 (Paciolan: UNHANDLED_EXCEPTION) without doing anything.
    pub server_error: f64,
    /// Carry the request out, then answer as a gateway would: 502, 503 or
    /// 504 with an HTML page.
    pub gateway_error_after_apply: f64,
    /// Carry the request out, then answer 2xx with a body cut off mid-way.
    pub garbled_after_apply: f64,
    /// Answer 429 with `Retry-After: retry_after_seconds`.
    pub rate_limit: f64,
    pub retry_after_seconds: u32,
    /// Wait `slow_millis` before answering.
    pub slow: f64,
    pub slow_millis: u64,
}

/// What one request gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Roll {
    None,
    DropBeforeApply,
    DropAfterApply,
    ServerError,
    RateLimit {
        seconds: u32,
    },
    GatewayAfterApply {
        status: u16,
    },
    GarbledAfterApply,
    /// Refused with this status, nothing done.
    Refuse {
        status: u16,
    },
}

impl Roll {
    /// The ledger's name for the fault.
    pub fn name(self) -> &'static str {
        match self {
            Roll::None => "none",
            Roll::DropBeforeApply => "dropBeforeApply",
            Roll::DropAfterApply => "dropAfterApply",
            Roll::ServerError => "serverError",
            Roll::RateLimit { .. } => "rateLimit",
            Roll::GatewayAfterApply { .. } => "gatewayErrorAfterApply",
            Roll::GarbledAfterApply => "garbledAfterApply",
            Roll::Refuse { .. } => "refuse",
        }
    }

    /// Whether the request is carried out before the fault shows.
    pub fn after_apply(self) -> bool {
        matches!(
            self,
            Roll::None
                | Roll::DropAfterApply
                | Roll::GatewayAfterApply { .. }
                | Roll::GarbledAfterApply
        )
    }
}

impl Faults {
    pub fn is_quiet(&self) -> bool {
        self == &Faults::default()
    }

    /// Rolls the dice for one request: at most one failure, plus a delay.
    pub fn roll(&self, rng: &mut impl Rng) -> (Roll, Option<std::time::Duration>) {
        let delay = (self.slow > 0.0 && rng.random_bool(self.slow.clamp(0.0, 1.0)))
            .then(|| std::time::Duration::from_millis(self.slow_millis));
        let x: f64 = rng.random();
        let mut edge = 0.0;
        let mut hit = |p: f64| {
            edge += p.max(0.0);
            x < edge
        };
        let roll = if hit(self.drop_before_apply) {
            Roll::DropBeforeApply
        } else if hit(self.drop_after_apply) {
            Roll::DropAfterApply
        } else if hit(self.server_error) {
            Roll::ServerError
        } else if hit(self.gateway_error_after_apply) {
            Roll::GatewayAfterApply {
                status: [502, 503, 504][rng.random_range(0..3)],
            }
        } else if hit(self.garbled_after_apply) {
            Roll::GarbledAfterApply
        } else if hit(self.rate_limit) {
            Roll::RateLimit {
                seconds: self.retry_after_seconds,
            }
        } else {
            Roll::None
        };
        (roll, delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn quiet_faults_never_fire() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for _ in 0..1000 {
            assert_eq!(Faults::default().roll(&mut rng), (Roll::None, None));
        }
    }

    #[test]
    fn rates_are_roughly_respected() {
        let f = Faults {
            server_error: 0.25,
            rate_limit: 0.25,
            ..Faults::default()
        };
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let n = 4000;
        let errors = (0..n)
            .filter(|_| f.roll(&mut rng).0 == Roll::ServerError)
            .count();
        assert!((800..1200).contains(&errors), "{errors}");
    }
}
