//! What the window's commands share: the till ([`Counter`]) or the reason it
//! could not open, and who is signed in at this window. The idle lock is
//! kept here too, so a command from a window left alone past the lock is
//! refused even if the screen's own timer did not fire.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::counter::{Counter, CounterError};
use crate::operators::{Operator, Pin};
use crate::secrets::Sensitive;

use super::error::IpcError;

/// A secret typed in the window (a PIN, a connection's token). It arrives
/// from the screen and goes no further than the core: it cannot be
/// serialised back, and its `Debug` is masked.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct Secret(#[specta(type = String)] Sensitive<String>);

impl Secret {
    pub fn pin(self) -> Result<Pin, IpcError> {
        Ok(Pin::new(self.0.expose().clone()).map_err(CounterError::from)?)
    }

    pub fn into_sensitive(self) -> Sensitive<String> {
        self.0
    }
}

#[derive(Debug)]
struct SignedIn {
    operator: Operator,
    last_seen: Instant,
}

pub struct AppState {
    pub data_dir: PathBuf,
    pub counter: Result<Counter, IpcError>,
    signed_in: Mutex<Option<SignedIn>>,
    /// When the process started, for the cold-start figure.
    pub started: Instant,
}

impl AppState {
    pub fn new(data_dir: PathBuf, counter: Result<Counter, IpcError>, started: Instant) -> Self {
        AppState {
            data_dir,
            counter,
            signed_in: Mutex::new(None),
            started,
        }
    }

    pub fn counter(&self) -> Result<&Counter, IpcError> {
        self.counter.as_ref().map_err(Clone::clone)
    }

    pub fn training(&self) -> bool {
        self.counter.as_ref().is_ok_and(Counter::is_training)
    }

    pub fn startup_error(&self) -> Option<IpcError> {
        self.counter.as_ref().err().cloned()
    }

    fn idle_limit(&self) -> Duration {
        let minutes = self
            .counter
            .as_ref()
            .map_or(5, |c| c.settings().idle_lock_minutes);
        Duration::from_secs(u64::from(minutes) * 60)
    }

    pub fn sign_in(&self, operator: Operator) {
        *self.lock() = Some(SignedIn {
            operator,
            last_seen: Instant::now(),
        });
    }

    pub fn sign_out(&self) {
        *self.lock() = None;
    }

    /// The signed-in operator, refreshed as active; signed out (and
    /// refused) once the idle lock has passed.
    pub fn operator(&self) -> Result<Operator, IpcError> {
        let limit = self.idle_limit();
        let mut guard = self.lock();
        match guard.as_mut() {
            Some(s) if s.last_seen.elapsed() <= limit => {
                s.last_seen = Instant::now();
                Ok(s.operator.clone())
            }
            _ => {
                *guard = None;
                Err(CounterError::SignedOut.into())
            }
        }
    }

    /// The signed-in operator without counting as activity (status polls).
    pub fn current(&self) -> Option<Operator> {
        let limit = self.idle_limit();
        let mut guard = self.lock();
        if guard
            .as_ref()
            .is_some_and(|s| s.last_seen.elapsed() > limit)
        {
            *guard = None;
        }
        guard.as_ref().map(|s| s.operator.clone())
    }

    pub fn manager(&self) -> Result<Operator, IpcError> {
        let op = self.operator()?;
        self.counter()?.require_manager(&op)?;
        Ok(op)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<SignedIn>> {
        self.signed_in.lock().unwrap_or_else(|p| p.into_inner())
    }
}
