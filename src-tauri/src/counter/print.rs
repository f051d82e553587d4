//! Printing at the counter: an order's tickets to a printer through CUPS,
//! or saved as a PDF, every copy in the print log.
//!
//! The rules live here once, for the window and the command line alike:
//! - printing (to a printer or as a PDF) is an operator's act; a reprint
//!   needs a manager (the asker, or a manager's PIN entered for it);
//! - a ticket already on record (printed, saved as a PDF, or sent with an
//!   unknown outcome) is never printed again as an original: Print skips it
//!   and says so, and only [`Counter::reprint`] prints it again, as
//!   "REPRINT n", with a reason and a manager (the print log refuses a
//!   cashier's reprint without a manager's approval);
//! - each copy is appended to the log before its job leaves, and its result
//!   once known, so a crash in between still counts the copy;
//! - nothing counts as printed unless CUPS accepted the job; a job that
//!   ended before the printer began it is recorded as failed and does not
//!   count, one that ended after (pages may be out) counts, as uncertain;
//! - a PDF is written beside its place and renamed into it once its print
//!   is on record, and removed if the record fails: no file is left behind
//!   as a printable original the log does not know;
//! - in training every page says TRAINING — NOT VALID.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde::Serialize;

use super::authority::{Asker, ManagerPin};
use super::{Counter, CounterError};
use crate::domain::{AttachmentType, Order, Platform};
use crate::operators::{ManagerApproval, Operator};
use crate::printing::{Cups, JobOutcome, PrintError};
use crate::printlog::{
    AttemptId, PrintAttempt, PrintLog, PrintOutcome, PrintResult, PrintTarget, Reprint,
    ReprintReason,
};
use crate::tickets::{self, RenderOptions, Stamp, Stock};

/// How long a job is followed before it counts as accepted, not confirmed.
const WATCH: Duration = Duration::from_secs(30);

/// Where the copies go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintTo {
    /// The CUPS queue of this name.
    Printer(String),
    /// A PDF file written here.
    Pdf(PathBuf),
}

/// An original print of an order's tickets.
#[derive(Debug, Clone)]
pub struct PrintRequest {
    /// Only these tickets; `None`: every printable ticket not printed yet.
    pub tickets: Option<Vec<String>>,
    pub to: PrintTo,
    pub stock: Stock,
}

/// Printing tickets again.
#[derive(Debug, Clone)]
pub struct ReprintRequest {
    /// The tickets to print again; empty for the order form of an Afisha
    /// ORDER order.
    pub tickets: Vec<String>,
    pub reason: ReprintReason,
    /// Free text; required when the reason is "other".
    pub note: Option<String>,
    pub to: PrintTo,
    pub stock: Stock,
}

/// One copy that was sent or saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintedCopy {
    /// `None` for the order form.
    pub ticket_id: Option<String>,
    /// 0 for the original, n for reprint n.
    pub copy: u32,
    /// The print log's entry for it.
    pub attempt: AttemptId,
}

/// What a print did.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintReport {
    /// Printed (the printer took every page), accepted but not confirmed,
    /// or saved as a PDF.
    pub outcome: PrintOutcome,
    /// The printer's name, or `PDF`.
    pub target: String,
    pub job_ids: Vec<String>,
    /// The files written, when saved as PDF (one per copy number).
    pub pdf_paths: Vec<String>,
    pub pages: u32,
    pub copies: Vec<PrintedCopy>,
    /// Tickets left out because they were printed before: a reprint.
    pub already_printed: Vec<String>,
    /// Tickets the renderer refused, each with why.
    pub refused: Vec<String>,
    /// What the print service said when it could not confirm the job.
    pub detail: Option<String>,
    /// From the call to CUPS accepting the last job (or the PDF written).
    pub accepted_after_ms: u32,
    /// From the call to the last job's end as CUPS reported it (printed,
    /// or given up watching), or the PDF written.
    pub finished_after_ms: u32,
}

/// One job: the tickets of one copy number (`None`: the order form).
struct Job {
    units: Vec<Option<String>>,
    copy: u32,
}

fn is_form(order: &Order) -> bool {
    order.platform == Platform::Afisha && order.attachment == AttachmentType::Order
}

/// What an order prints as, one unit a copy each: its order form (`None`),
/// or its printable tickets that can be printed. Nothing when the order
/// prints nothing.
pub(super) fn units(order: &Order) -> Vec<Option<String>> {
    if tickets::check_printable(order).is_err() {
        return Vec::new();
    }
    if is_form(order) {
        return vec![None];
    }
    order
        .printable_tickets()
        .filter(|t| tickets::ticket_problem(order, t).is_none())
        .map(|t| Some(t.id.clone()))
        .collect()
}

fn ms(d: Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
}

impl Counter {
    /// The asker prints the originals of `req`'s tickets of a cached order
    /// (or saves them as a PDF, which counts as their print).
    pub async fn print(
        &self,
        asker: &Asker<'_>,
        manager: Option<&ManagerPin<'_>>,
        platform: Platform,
        id: &str,
        req: &PrintRequest,
    ) -> Result<PrintReport, CounterError> {
        let who = match manager {
            Some(m) => self.manager_authority(asker, m)?,
            None => self.operator_authority(asker)?,
        };
        let (operator, approval) = (&who.operator, who.approval.as_ref());
        let order = self.cached_order(platform, id)?;
        tickets::check_printable(&order)?;
        let copies = self.copies_of(platform, id).await?;
        let wanted: Vec<Option<String>> = if is_form(&order) {
            vec![None]
        } else {
            let printable: Vec<&str> = order.printable_tickets().map(|t| t.id.as_str()).collect();
            match &req.tickets {
                None => printable.iter().map(|t| Some((*t).to_owned())).collect(),
                Some(ids) => {
                    if let Some(bad) = ids.iter().find(|i| !printable.contains(&i.as_str())) {
                        return Err(CounterError::NotPrintable {
                            order: order.display_number().to_owned(),
                            ticket: bad.clone(),
                        });
                    }
                    ids.iter().cloned().map(Some).collect()
                }
            }
        };
        let (fresh, printed): (Vec<_>, Vec<_>) = wanted
            .into_iter()
            .partition(|u| copies.get(u).copied().unwrap_or(0) == 0);
        let printed_units = printed.clone();
        let already: Vec<String> = printed
            .into_iter()
            .map(|u| u.unwrap_or_else(|| order.display_number().to_owned()))
            .collect();
        if fresh.is_empty() {
            // In site mode, say where and by whom the first of them was
            // printed (another counter, most likely).
            if let Some(first) = printed_units.first()
                && let Some((counter, operator, at)) =
                    self.printed_where(platform, id, first.as_deref())?
            {
                return Err(CounterError::PrintedElsewhere {
                    ticket: already.join(", "),
                    counter,
                    operator,
                    at: super::site::shown_time(&at),
                });
            }
            return Err(CounterError::AlreadyPrinted {
                order: order.display_number().to_owned(),
                tickets: already,
            });
        }
        let jobs = vec![Job {
            units: fresh,
            copy: 0,
        }];
        let printed = self
            .print_jobs(operator, approval, &order, jobs, None, &req.to, req.stock)
            .await;
        self.site_send().await;
        let mut report = printed?;
        report.already_printed = already;
        Ok(report)
    }

    /// Prints tickets again, each as the next copy on record, with the
    /// reason. A manager reprints on their own authority; anyone else needs
    /// `manager`, a manager's PIN entered for it.
    pub async fn reprint(
        &self,
        asker: &Asker<'_>,
        manager: Option<&ManagerPin<'_>>,
        platform: Platform,
        id: &str,
        req: &ReprintRequest,
    ) -> Result<PrintReport, CounterError> {
        let who = self.reprint_authority(asker, manager)?;
        let (operator, approval) = (&who.operator, who.approval.as_ref());
        let order = self.cached_order(platform, id)?;
        tickets::check_printable(&order)?;
        let copies = self.copies_of(platform, id).await?;
        let units: Vec<Option<String>> = if is_form(&order) {
            vec![None]
        } else {
            if req.tickets.is_empty() {
                return Err(CounterError::InvalidInput(
                    "Choose the ticket to print again.".to_owned(),
                ));
            }
            let printable: Vec<&str> = order.printable_tickets().map(|t| t.id.as_str()).collect();
            if let Some(bad) = req
                .tickets
                .iter()
                .find(|i| !printable.contains(&i.as_str()))
            {
                return Err(CounterError::NotPrintable {
                    order: order.display_number().to_owned(),
                    ticket: bad.clone(),
                });
            }
            req.tickets.iter().cloned().map(Some).collect()
        };
        let mut by_copy: BTreeMap<u32, Vec<Option<String>>> = BTreeMap::new();
        for u in units {
            let n = copies.get(&u).copied().unwrap_or(0);
            if n == 0 {
                return Err(CounterError::NotPrintedYet {
                    order: order.display_number().to_owned(),
                    ticket: u.unwrap_or_else(|| order.display_number().to_owned()),
                });
            }
            by_copy.entry(n).or_default().push(u);
        }
        let jobs = by_copy
            .into_iter()
            .map(|(copy, units)| Job { units, copy })
            .collect();
        let why = (req.reason, req.note.clone());
        let printed = self
            .print_jobs(
                operator,
                approval,
                &order,
                jobs,
                Some(why),
                &req.to,
                req.stock,
            )
            .await;
        self.site_send().await;
        printed
    }

    #[allow(clippy::too_many_arguments)]
    async fn print_jobs(
        &self,
        operator: &Operator,
        approval: Option<&ManagerApproval>,
        order: &Order,
        jobs: Vec<Job>,
        reason: Option<(ReprintReason, Option<String>)>,
        to: &PrintTo,
        stock: Stock,
    ) -> Result<PrintReport, CounterError> {
        let started = Instant::now();
        let log = PrintLog::new(&self.cache);
        let target = match to {
            PrintTo::Printer(name) => PrintTarget::Printer(name.clone()),
            PrintTo::Pdf(_) => PrintTarget::Pdf,
        };
        let workstation = self.workstation();
        let mut report = PrintReport {
            outcome: match to {
                PrintTo::Printer(_) => PrintOutcome::Printed,
                PrintTo::Pdf(_) => PrintOutcome::SavedAsPdf,
            },
            target: match to {
                PrintTo::Printer(name) => name.clone(),
                PrintTo::Pdf(_) => "PDF".to_owned(),
            },
            job_ids: Vec::new(),
            pdf_paths: Vec::new(),
            pages: 0,
            copies: Vec::new(),
            already_printed: Vec::new(),
            refused: Vec::new(),
            detail: None,
            accepted_after_ms: 0,
            finished_after_ms: 0,
        };
        let printer = match to {
            PrintTo::Printer(name) => Some((Cups::local(self.http.clone())?, name.clone())),
            PrintTo::Pdf(_) => None,
        };
        let groups = jobs.len();
        for (n, job) in jobs.into_iter().enumerate() {
            let at = Utc::now();
            let reprint = (job.copy > 0).then_some(tickets::Reprint {
                number: job.copy,
                at,
            });
            let only: Option<Vec<String>> = job.units.iter().cloned().collect();
            let rendered = tickets::render_order(
                order,
                &RenderOptions {
                    stock,
                    reprint,
                    stamp: self.is_training().then_some(Stamp::Training),
                    tickets: only,
                },
            )?;
            let refused: Vec<&str> = rendered
                .refused
                .iter()
                .map(|r| r.ticket_id.as_str())
                .collect();
            report
                .refused
                .extend(rendered.refused.iter().map(|r| r.message()));
            report.pages += u32::try_from(rendered.pages).unwrap_or(u32::MAX);
            let mut attempts: Vec<AttemptId> = Vec::new();
            let sent = job
                .units
                .iter()
                .filter(|u| u.as_deref().is_none_or(|t| !refused.contains(&t)));
            for unit in sent {
                let attempt = PrintAttempt {
                    platform: order.platform,
                    order_id: &order.id,
                    order_number: order.display_number(),
                    ticket_id: unit.as_deref(),
                    operator,
                    authorised_by: approval,
                    workstation: &workstation,
                    target: &target,
                    stock: stock.name(),
                    reprint: reason.as_ref().map(|(reason, note)| Reprint {
                        number: job.copy,
                        reason: *reason,
                        note: note.clone(),
                    }),
                    at,
                };
                // In site mode the site decides first (or, cut off, what
                // this counter knows of the site's log did, above).
                let decided = match self
                    .decide_at_site(&attempt, job.copy, approval.is_some())
                    .await
                {
                    Ok(d) => d,
                    Err(e) => {
                        self.close(&log, &attempts, PrintOutcome::Failed, None, Some(NOT_SENT))?;
                        return Err(e);
                    }
                };
                let appended = match &decided {
                    Some(_) => log.append_decided_attempt(&attempt),
                    None => log.append_attempt(&attempt),
                };
                match appended {
                    Ok(a) => {
                        if let Some(key) = decided {
                            self.remember_key(i64::try_from(a.0).unwrap_or(i64::MAX), key)?;
                        }
                        attempts.push(a);
                        report.copies.push(PrintedCopy {
                            ticket_id: unit.clone(),
                            copy: job.copy,
                            attempt: a,
                        });
                    }
                    Err(e) => {
                        // Another till printed meanwhile, or the log
                        // refused: what was recorded of this job never left.
                        self.close(&log, &attempts, PrintOutcome::Failed, None, Some(NOT_SENT))?;
                        return Err(e.into());
                    }
                }
            }
            match (&printer, to) {
                (Some((cups, name)), _) => {
                    let outcome = self
                        .send(cups, name, order, job.copy, rendered.pdf, &log, &attempts)
                        .await?;
                    report.accepted_after_ms = ms(outcome.accepted.duration_since(started));
                    report.finished_after_ms = ms(started.elapsed());
                    report.job_ids.push(outcome.job_id);
                    if let Some(reason) = outcome.unconfirmed {
                        report.outcome = PrintOutcome::AcceptedNotConfirmed;
                        report.detail = Some(reason);
                    }
                }
                (None, PrintTo::Pdf(path)) => {
                    // Copies of different numbers carry different marks:
                    // one file each.
                    let path = if groups > 1 {
                        numbered(path, n + 1)
                    } else {
                        path.clone()
                    };
                    // Written beside its place first: the file appears under
                    // its name only once its print is on record.
                    let part = part_of(&path);
                    let written = path
                        .parent()
                        .map_or(Ok(()), std::fs::create_dir_all)
                        .and_then(|()| std::fs::write(&part, &rendered.pdf));
                    if let Err(e) = written {
                        let _ = std::fs::remove_file(&part);
                        let why = format!("cannot write {}: {e}", path.display());
                        self.close(&log, &attempts, PrintOutcome::Failed, None, Some(&why))?;
                        return Err(CounterError::SavePdf { path, source: e });
                    }
                    let shown = path.display().to_string();
                    if let Err(e) = self.close(
                        &log,
                        &attempts,
                        PrintOutcome::SavedAsPdf,
                        None,
                        Some(&shown),
                    ) {
                        let _ = std::fs::remove_file(&part);
                        return Err(e);
                    }
                    if let Err(e) = std::fs::rename(&part, &path) {
                        let _ = std::fs::remove_file(&part);
                        return Err(CounterError::SavePdf { path, source: e });
                    }
                    report.pdf_paths.push(shown);
                    report.accepted_after_ms = ms(started.elapsed());
                    report.finished_after_ms = report.accepted_after_ms;
                }
                (None, PrintTo::Printer(_)) => unreachable!("a printer target has a printer"),
            }
        }
        Ok(report)
    }

    /// Sends one job and follows it, recording the result of its attempts.
    #[allow(clippy::too_many_arguments)]
    async fn send(
        &self,
        cups: &Cups,
        printer: &str,
        order: &Order,
        copy: u32,
        pdf: Vec<u8>,
        log: &PrintLog<'_>,
        attempts: &[AttemptId],
    ) -> Result<Sent, CounterError> {
        let name = match copy {
            0 => format!("Box Office {}", order.display_number()),
            n => format!("Box Office {} reprint {n}", order.display_number()),
        };
        let submitted = match cups
            .submit(printer, &name, &crate::printing::system_user(), pdf)
            .await
        {
            Ok(s) => s,
            Err(e) => {
                let outcome = match e {
                    // The job may exist: it counts as a copy.
                    PrintError::NoAnswer { .. } => PrintOutcome::AcceptedNotConfirmed,
                    _ => PrintOutcome::Failed,
                };
                self.close(log, attempts, outcome, None, Some(&e.to_string()))?;
                return Err(e.into());
            }
        };
        let accepted = Instant::now();
        let job_id = submitted.job_id.to_string();
        match cups.watch(&submitted, WATCH).await {
            JobOutcome::Printed => {
                self.close(log, attempts, PrintOutcome::Printed, Some(&job_id), None)?;
                Ok(Sent {
                    job_id,
                    accepted,
                    unconfirmed: None,
                })
            }
            JobOutcome::Accepted { reason } => {
                self.close(
                    log,
                    attempts,
                    PrintOutcome::AcceptedNotConfirmed,
                    Some(&job_id),
                    Some(&reason),
                )?;
                Ok(Sent {
                    job_id,
                    accepted,
                    unconfirmed: Some(reason),
                })
            }
            JobOutcome::Failed { reason } => {
                self.close(
                    log,
                    attempts,
                    PrintOutcome::Failed,
                    Some(&job_id),
                    Some(&reason),
                )?;
                Err(CounterError::JobFailed {
                    printer: printer.to_owned(),
                    reason,
                })
            }
            JobOutcome::PartlyPrinted { reason } => {
                // Pages may be out: it counts as a copy, so printing the
                // tickets again is a reprint, which needs a manager.
                self.close(
                    log,
                    attempts,
                    PrintOutcome::PrintedUncertain,
                    Some(&job_id),
                    Some(&reason),
                )?;
                Err(CounterError::PartlyPrinted {
                    printer: printer.to_owned(),
                    reason,
                })
            }
        }
    }
}

const NOT_SENT: &str = "not sent: the print was stopped before the job left";

/// A job CUPS took.
struct Sent {
    job_id: String,
    /// When CUPS accepted the job.
    accepted: Instant,
    /// Why it is not confirmed printed, when it is not.
    unconfirmed: Option<String>,
}

/// Where a PDF is written before it takes its name.
fn part_of(path: &std::path::Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".part");
    PathBuf::from(s)
}

/// `tickets.pdf` as `tickets-2.pdf`.
fn numbered(path: &std::path::Path, n: usize) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "tickets".to_owned());
    path.with_file_name(format!("{stem}-{n}.pdf"))
}

impl Counter {
    /// Appends the result of each attempt; in site mode each result goes to
    /// the site too (through the outbox, after its attempt).
    fn close(
        &self,
        log: &PrintLog<'_>,
        attempts: &[AttemptId],
        outcome: PrintOutcome,
        job_id: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), CounterError> {
        for a in attempts {
            let seq = log.append_result(
                *a,
                &PrintResult {
                    outcome,
                    job_id: job_id.map(str::to_owned),
                    detail: detail.map(str::to_owned),
                    at: Utc::now(),
                },
            )?;
            self.mirror_to_site(seq)?;
        }
        Ok(())
    }

    /// The copies on record of each ticket of an order: this counter's log,
    /// or in site mode what it knows of the whole site's (read afresh when
    /// the site answers).
    pub(super) async fn copies_of(
        &self,
        platform: Platform,
        id: &str,
    ) -> Result<std::collections::HashMap<Option<String>, u32>, CounterError> {
        if let Some(site) = self.site() {
            if !site.seems_cut_off()
                && let Err(e) = crate::site::log::pull(site.connection(), &self.cache).await
                && !e.cuts_off()
            {
                // The print goes on what this counter knows; the site still
                // decides every attempt. `printlog verify` says what is wrong.
                tracing::warn!(error = %e, "could not read the site's log");
            }
            return self.known_copies(platform, id);
        }
        Ok(PrintLog::new(&self.cache).copies_of_order(platform, id)?)
    }

    /// In site mode, sends the attempt for the site to decide and returns
    /// its key: refused when another counter printed the original (or
    /// reprinted it meanwhile), decided here when the site cannot be
    /// reached. `None` without a site.
    async fn decide_at_site(
        &self,
        a: &PrintAttempt<'_>,
        copy: u32,
        approved: bool,
    ) -> Result<Option<uuid::Uuid>, CounterError> {
        let Some(site) = self.site() else {
            return Ok(None);
        };
        let key = crate::site::new_key();
        let entry = crate::site::SiteEntry {
            entry_key: key,
            counter: site.link().counter.clone(),
            kind: "attempt".to_owned(),
            platform: Some(a.platform.as_str().to_owned()),
            order_id: Some(a.order_id.to_owned()),
            order_number: Some(a.order_number.to_owned()),
            ticket_id: a.ticket_id.map(str::to_owned),
            operator_name: Some(a.operator.name.clone()),
            authorised_by_name: a.authorised_by.map(|m| m.manager().name.clone()),
            workstation: Some(a.workstation.to_owned()),
            target: Some(a.target.stored().to_owned()),
            stock: Some(a.stock.to_owned()),
            copy: Some(i32::try_from(copy).unwrap_or(i32::MAX)),
            reason: a.reprint.as_ref().map(|r| r.reason.as_str().to_owned()),
            reason_note: a.reprint.as_ref().and_then(|r| r.note.clone()),
            at: crate::operators::db_time(a.at),
            ..Default::default()
        };
        let ticket = || a.ticket_id.unwrap_or(a.order_number).to_owned();
        match site.decide(&self.cache, &entry).await? {
            Ok(crate::site::Decision::Decided { copy: decided, .. }) if decided == copy => {
                Ok(Some(key))
            }
            Ok(crate::site::Decision::Decided { .. }) => {
                // Another counter printed it again a moment ago: what this
                // counter was about to print carries the wrong number.
                self.void_at_site(key)?;
                Err(CounterError::AlreadyPrinted {
                    order: a.order_number.to_owned(),
                    tickets: vec![ticket()],
                })
            }
            Ok(crate::site::Decision::CutOff) => {
                if copy == 0 && !approved && self.settings().offline_originals_need_manager {
                    crate::site::outbox::discard(&self.cache, key)?;
                    return Err(CounterError::OfflineNeedsManager);
                }
                Ok(Some(key))
            }
            Err(crate::site::log::Refusal::PrintedElsewhere {
                counter,
                operator,
                at,
            }) => Err(CounterError::PrintedElsewhere {
                ticket: ticket(),
                counter,
                operator,
                at: super::site::shown_time(&at),
            }),
            Err(crate::site::log::Refusal::NotPrinted) => Err(CounterError::NotPrintedYet {
                order: a.order_number.to_owned(),
                ticket: ticket(),
            }),
        }
    }

    /// Closes, at the site, an attempt the site recorded that will not be
    /// printed (its result: failed).
    fn void_at_site(&self, attempt_key: uuid::Uuid) -> Result<(), CounterError> {
        let Some(site) = self.site() else {
            return Ok(());
        };
        let entry = crate::site::SiteEntry {
            entry_key: crate::site::new_key(),
            counter: site.link().counter.clone(),
            kind: "result".to_owned(),
            attempt_key: Some(attempt_key),
            outcome: Some(PrintOutcome::Failed.as_str().to_owned()),
            detail: Some(NOT_SENT.to_owned()),
            at: crate::operators::db_time(Utc::now()),
            ..Default::default()
        };
        crate::site::outbox::enqueue(&self.cache, &entry)?;
        Ok(())
    }
}
