//! What the window's commands share: the till that is open ([`Counter`]) or
//! the reason it could not open, and who is signed in at this window. The
//! till is replaced when a manager switches between training and the real
//! till (the window reopens on the other one). The idle lock is kept here
//! too, so a command from a window left alone past the lock is refused even
//! if the screen's own timer did not fire.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use serde::Deserialize;

use box_office::counter::{Asker, Counter, CounterError, ManagerPin, OperatorRef};
use box_office::operators::{Operator, Pin};
use box_office::secrets::Sensitive;

use super::Id;
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

/// A manager's PIN entered on the spot for a privileged act.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ManagerPinInput {
    pub manager_id: Id,
    pub pin: Secret,
}

impl ManagerPinInput {
    /// The PIN, checked for form; the manager it names is checked by the core.
    pub fn into_parts(self) -> Result<(i64, Pin), IpcError> {
        Ok((self.manager_id.0, self.pin.pin()?))
    }
}

/// The core's view of a manager's PIN from the window.
pub fn manager_pin(id: i64, pin: &Pin) -> ManagerPin<'_> {
    ManagerPin {
        manager: OperatorRef::Id(id),
        pin,
    }
}

#[derive(Debug)]
struct SignedIn {
    operator: Operator,
    last_seen: Instant,
}

pub struct AppState {
    /// The real till's data folder (training's is inside it).
    pub home: PathBuf,
    till: RwLock<Result<Arc<Counter>, IpcError>>,
    signed_in: Mutex<Option<SignedIn>>,
    /// When the process started, for the cold-start figure.
    pub started: Instant,
}

impl AppState {
    pub fn new(home: PathBuf, counter: Result<Counter, IpcError>, started: Instant) -> Self {
        AppState {
            home,
            till: RwLock::new(counter.map(Arc::new)),
            signed_in: Mutex::new(None),
            started,
        }
    }

    /// The till that is open now.
    pub fn counter(&self) -> Result<Arc<Counter>, IpcError> {
        self.till
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(Arc::clone)
            .map_err(Clone::clone)
    }

    /// The window reopens on another till: whoever was signed in is signed
    /// out (their PIN opened the other one).
    pub fn reopen(&self, counter: Result<Counter, IpcError>) {
        self.sign_out();
        *self.till.write().unwrap_or_else(|p| p.into_inner()) = counter.map(Arc::new);
    }

    pub fn training(&self) -> bool {
        self.counter().is_ok_and(|c| c.is_training())
    }

    pub fn startup_error(&self) -> Option<IpcError> {
        self.counter().err()
    }

    fn idle_limit(&self) -> Duration {
        let minutes = self.counter().map_or(5, |c| c.settings().idle_lock_minutes);
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

    /// The asker at this window: the signed-in operator, refreshed as
    /// active; refused once the idle lock has passed. The core re-reads
    /// them from the database for every act.
    pub fn asker(&self) -> Result<Asker<'static>, IpcError> {
        let limit = self.idle_limit();
        let mut guard = self.lock();
        match guard.as_mut() {
            Some(s) if s.last_seen.elapsed() <= limit => {
                s.last_seen = Instant::now();
                Ok(Asker::SignedIn(s.operator.id))
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

    /// The asker, checked now to be a manager.
    pub fn manager(&self) -> Result<(Arc<Counter>, Asker<'static>), IpcError> {
        let asker = self.asker()?;
        let counter = self.counter()?;
        counter.require_manager(&asker)?;
        Ok((counter, asker))
    }

    /// Signs out whoever is signed in at this window if they are no longer
    /// a live operator (removed at the site, say).
    pub fn check_signed_in(&self) {
        let Some(id) = self.lock().as_ref().map(|s| s.operator.id) else {
            return;
        };
        if let Ok(counter) = self.counter()
            && matches!(
                counter.identify(&Asker::SignedIn(id)),
                Err(CounterError::SignedOut)
            )
        {
            self.sign_out();
        }
    }

    /// The asker, checked now to be a live operator.
    pub fn operator(&self) -> Result<(Arc<Counter>, Asker<'static>), IpcError> {
        let asker = self.asker()?;
        let counter = self.counter()?;
        if let Err(e) = counter.identify(&asker) {
            self.sign_out();
            return Err(e.into());
        }
        Ok((counter, asker))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<SignedIn>> {
        self.signed_in.lock().unwrap_or_else(|p| p.into_inner())
    }
}
