//! Which till opens — the real one or training's — and the switch between
//! them. Training is a till of its own (see [`crate::training`]): its own
//! database and settings in its own folder, the sandbox as its only
//! platform. The switch is a manager's act with a PIN, recorded in the real
//! till's print log; the window then reopens on the other till.

use std::path::Path;

use chrono::Utc;

use super::authority::{Asker, ManagerPin};
use super::{Counter, CounterError};
use crate::cache::{Cache, TillKind};
use crate::printlog::{Control, ControlAction, PrintLog};
use crate::settings::Settings;
use crate::training;

/// Which till a start opens, from the real till's settings: the manager's
/// choice when one was made, else training while the real till has no
/// platform connection (a new installation).
pub fn starts_in_training(real: &Path) -> Result<bool, CounterError> {
    let settings = Settings::load(real)?;
    if let Some(chosen) = settings.training_mode {
        return Ok(chosen);
    }
    if !real.join(crate::cache::FILE_NAME).exists() {
        return Ok(true);
    }
    let cache = Cache::open_in(real)?;
    Ok(cache.profiles()?.is_empty())
}

impl Counter {
    /// The till a start opens for the real data folder `real`: training's
    /// or the real one ([`starts_in_training`]).
    pub async fn open_till(real: &Path) -> Result<Counter, CounterError> {
        if starts_in_training(real)? {
            Counter::open_training(real).await
        } else {
            Counter::open(real)
        }
    }

    /// The training till of the real till in `real`: its own database and
    /// settings in `real/training`, the sandbox started in this process,
    /// the demo operators. It never opens the real till's database.
    pub async fn open_training(real: &Path) -> Result<Counter, CounterError> {
        let dir = training::dir(real);
        let fresh = !dir.join(crate::settings::FILE_NAME).exists();
        let cache = Cache::open_in(&dir)?;
        cache.claim(TillKind::Training)?;
        if fresh {
            // The counter's printer, stock, language and name follow it
            // into training; nothing else of the real till does.
            let real_settings = Settings::load(real).unwrap_or_default();
            Settings {
                language: real_settings.language,
                printer: real_settings.printer,
                stock: real_settings.stock,
                workstation: real_settings.workstation,
                ..Settings::default()
            }
            .save(&dir)?;
        }
        let settings = Settings::load(&dir)?;
        let mut counter = Counter::assemble(cache, settings, TillKind::Training, real);
        match training::start(&counter.cache).await {
            Ok(s) => counter.training = Some(s),
            // The till still opens: its cached orders can be found.
            Err(e) => tracing::error!(error = %e, "the training sandbox could not start"),
        }
        counter.operators().ensure_training_operators(Utc::now())?;
        if let Err(e) = training::note_opened(&dir, Utc::now()) {
            tracing::warn!(error = %e, "could not note that training opened");
        }
        Ok(counter)
    }

    /// A manager switches the real till into training: recorded in its
    /// print log, then its setting says training, and the window reopens.
    pub fn start_training(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
    ) -> Result<(), CounterError> {
        if self.is_training() {
            return Err(CounterError::InTraining);
        }
        let who = self.manager_authority(asker, manager)?;
        PrintLog::new(&self.cache).append_control(&Control {
            action: ControlAction::TrainingStarted,
            operator: Some(&who.operator),
            authorised_by: who.approval.as_ref(),
            workstation: &self.workstation(),
            order: None,
            reason: None,
            detail: None,
            at: Utc::now(),
        })?;
        let mut s = Settings::load(&self.home)?;
        s.training_mode = Some(true);
        s.save(&self.home)?;
        Ok(())
    }

    /// A (demo) manager leaves training: the real till's setting says so,
    /// and the real till records the end of training when it opens.
    pub fn leave_training(
        &self,
        asker: &Asker<'_>,
        manager: &ManagerPin<'_>,
    ) -> Result<(), CounterError> {
        if !self.is_training() {
            return Err(CounterError::NotInTraining);
        }
        self.manager_authority(asker, manager)?;
        let mut s = Settings::load(&self.home)?;
        s.training_mode = Some(false);
        s.save(&self.home)?;
        Ok(())
    }

    /// On opening the real till: whatever an earlier version left of
    /// training in this database goes (training orders, demo operators,
    /// training completions), and a training session since the last switch
    /// is recorded as ended.
    pub(super) fn after_training(&self) -> Result<(), CounterError> {
        let removed = self.cache.delete_orders_of(training::PROFILE)?;
        let demos = self
            .operators()
            .retire_training_operators(&self.workstation(), Utc::now())?;
        let set_aside = crate::completion::Journal::new(&self.cache)
            .set_aside_profile(training::PROFILE, "A training completion, left from before training had a till of its own: it never reached a real platform.")?;
        if removed + u64::from(demos) + set_aside > 0 {
            tracing::info!(
                orders = removed,
                operators = demos,
                completions = set_aside,
                "training's leftovers removed from the real till"
            );
        }
        let log = PrintLog::new(&self.cache);
        let last =
            log.last_control(&[ControlAction::TrainingStarted, ControlAction::TrainingEnded])?;
        let opened = training::last_opened(&self.home);
        let detail = match (&last, opened) {
            (Some(c), _) if c.action == ControlAction::TrainingStarted => Some(format!(
                "the real till opened again after training (started {})",
                c.at.to_rfc3339()
            )),
            (last, Some(at)) if last.as_ref().is_none_or(|c| c.at < at) => Some(format!(
                "training was opened at {} without a manager's switch (the settings file was changed by hand); nothing of the real till was open to it",
                at.to_rfc3339()
            )),
            _ => None,
        };
        if let Some(detail) = detail {
            log.append_control(&Control {
                action: ControlAction::TrainingEnded,
                operator: None,
                authorised_by: None,
                workstation: &self.workstation(),
                order: None,
                reason: None,
                detail: Some(detail),
                at: Utc::now(),
            })?;
        }
        Ok(())
    }
}
