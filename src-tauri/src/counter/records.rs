//! The till's controls in its print log: each privileged act is appended to
//! the same tamper-evident chain as the prints, with who asked, the manager
//! who authorised it, the reason as written and what it touched.

use chrono::Utc;

use super::authority::Authority;
use super::{Counter, CounterError};
use crate::domain::Platform;
use crate::printlog::{
    ChainReport, Control, ControlAction, ControlRecord, PrintLog, PrintLogFilter, PrintRecord,
};

impl Counter {
    /// Appends a control of this till to its print log.
    pub(super) fn record(
        &self,
        action: ControlAction,
        who: Option<&Authority>,
        order: Option<(Platform, &str, &str)>,
        detail: Option<String>,
    ) -> Result<(), CounterError> {
        self.record_with_reason(action, who, order, None, detail)
    }

    /// [`Counter::record`], with the reason the person wrote.
    pub(super) fn record_with_reason(
        &self,
        action: ControlAction,
        who: Option<&Authority>,
        order: Option<(Platform, &str, &str)>,
        reason: Option<&str>,
        detail: Option<String>,
    ) -> Result<(), CounterError> {
        let seq = PrintLog::new(&self.cache).append_control(&Control {
            action,
            operator: who.map(|w| &w.operator),
            authorised_by: who.and_then(|w| w.approval.as_ref()),
            workstation: &self.workstation(),
            order,
            reason,
            detail,
            at: Utc::now(),
        })?;
        self.mirror_to_site(seq)
    }

    /// The controls recorded at this till, newest first. Reading the log
    /// is not a privileged act: the window shows it to managers, and the
    /// command line to whoever has the till's computer account.
    pub fn controls(&self, limit: u32) -> Result<Vec<ControlRecord>, CounterError> {
        Ok(PrintLog::new(&self.cache).controls(limit)?)
    }

    /// The prints matching `filter`, newest first: this counter's, or in
    /// site mode the whole site's, each with its counter.
    pub fn print_log(&self, filter: &PrintLogFilter) -> Result<Vec<PrintRecord>, CounterError> {
        let log = PrintLog::new(&self.cache);
        Ok(match self.site() {
            Some(site) => log.list_site(filter, &site.link().counter)?,
            None => log.list(filter)?,
        })
    }

    /// The same prints as CSV; returns how many were written.
    pub fn print_log_csv(
        &self,
        filter: &PrintLogFilter,
        out: impl std::io::Write,
    ) -> Result<usize, CounterError> {
        Ok(crate::printlog::write_csv(&self.print_log(filter)?, out)?)
    }

    /// Recomputes the print log's chain and checks it against its anchor.
    pub fn verify_print_log(&self) -> Result<ChainReport, CounterError> {
        Ok(PrintLog::new(&self.cache).verify()?)
    }
}
