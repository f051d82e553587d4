//! Printing: sending rendered PDFs to a real printer through the CUPS
//! scheduler, and finding out whether they printed.
//!
//! Box Office speaks IPP to CUPS over HTTP (`http://localhost:631` unless
//! `BOX_OFFICE_CUPS_URL` says otherwise), with the same `reqwest` client the
//! platform clients use and the `ipp` crate for the messages, so there is no
//! C library to link. [`Cups`] lists printers, checks one before sending
//! (a stopped or refusing queue gets nothing), submits a PDF, and
//! [`Cups::watch`]es the job: completed is printed, aborted or canceled is
//! not, and a job stuck behind a stopped printer is cancelled so it cannot
//! come out later unnoticed. Anything less certain is reported as
//! [`JobOutcome::Accepted`] — sent, maybe printed — never as printed.
//!
//! Plain Rust with no window types, like every domain outside `app`.

mod error;
mod exchange;
mod model;
mod watch;
mod wire;

use std::sync::atomic::AtomicI32;

use ipp::model::{DelimiterTag, Operation, StatusCode};
use reqwest::Client;
use url::Url;

pub use error::PrintError;
pub use model::{JobOutcome, JobState, JobStatus, PrinterInfo, PrinterState, Submitted};

use exchange::{base_address, over_http};
use model::{JOB_ATTRIBUTES, PRINTER_ATTRIBUTES};

/// Where CUPS listens unless told otherwise.
pub const DEFAULT_CUPS_URL: &str = "http://localhost:631";
/// Moves Box Office to another CUPS (a print server, a test scheduler).
pub const CUPS_URL_ENV: &str = "BOX_OFFICE_CUPS_URL";

/// A CUPS scheduler, spoken to over IPP.
#[derive(Debug)]
pub struct Cups {
    base: Url,
    http: Client,
    next_request: AtomicI32,
}

impl Cups {
    /// CUPS at `base` (`http://host:631`; `ipp://` and `ipps://` are taken
    /// as the `http://` and `https://` they travel over, port 631 unless
    /// given).
    pub fn new(base: Url, http: Client) -> Cups {
        Cups {
            base: over_http(base),
            http,
            next_request: AtomicI32::new(1),
        }
    }

    /// The local CUPS, or the one `BOX_OFFICE_CUPS_URL` names.
    pub fn local(http: Client) -> Result<Cups, PrintError> {
        let value = std::env::var(CUPS_URL_ENV).unwrap_or_default();
        let base = if value.trim().is_empty() {
            base_address(DEFAULT_CUPS_URL)?
        } else {
            base_address(&value)?
        };
        Ok(Cups::new(base, http))
    }

    /// The address requests go to.
    pub fn address(&self) -> &Url {
        &self.base
    }

    /// Every printer CUPS knows, the default marked.
    pub async fn printers(&self) -> Result<Vec<PrinterInfo>, PrintError> {
        let req = self
            .request(Operation::CupsGetPrinters)?
            .requested(PRINTER_ATTRIBUTES)?;
        let answer = self
            .call("CUPS-Get-Printers", self.base.clone(), req, &[])
            .await?;
        // CUPS answers "not found" when it has no printers at all.
        if answer.is(StatusCode::ClientErrorNotFound) {
            return Ok(Vec::new());
        }
        if !answer.is_success() {
            return Err(answer.refusal());
        }
        let mut printers = answer
            .groups(DelimiterTag::PrinterAttributes)
            .map(PrinterInfo::read)
            .collect::<Result<Vec<_>, _>>()?;
        let default = self.default_printer().await?;
        for p in &mut printers {
            p.is_default = default.as_deref() == Some(p.name.as_str());
        }
        Ok(printers)
    }

    /// CUPS's default destination, if one is set.
    pub async fn default_printer(&self) -> Result<Option<String>, PrintError> {
        let req = self
            .request(Operation::CupsGetDefault)?
            .requested(&["printer-name"])?;
        let answer = self
            .call("CUPS-Get-Default", self.base.clone(), req, &[])
            .await?;
        if answer.is(StatusCode::ClientErrorNotFound) {
            return Ok(None);
        }
        if !answer.is_success() {
            return Err(answer.refusal());
        }
        Ok(answer
            .groups(DelimiterTag::PrinterAttributes)
            .find_map(|g| wire::text(g, "printer-name")))
    }

    /// One printer; a name CUPS does not know is [`PrintError::NoSuchPrinter`].
    pub async fn printer(&self, name: &str) -> Result<PrinterInfo, PrintError> {
        let mut info = self.printer_state(name).await?;
        info.is_default = self.default_printer().await?.as_deref() == Some(info.name.as_str());
        Ok(info)
    }

    /// [`Cups::printer`] without asking which printer is the default.
    async fn printer_state(&self, name: &str) -> Result<PrinterInfo, PrintError> {
        let (url, uri) = self.printer_address(name)?;
        let req = self
            .request(Operation::GetPrinterAttributes)?
            .printer_uri(&uri)?
            .requested(PRINTER_ATTRIBUTES)?;
        let answer = self.call("Get-Printer-Attributes", url, req, &[]).await?;
        if answer.is(StatusCode::ClientErrorNotFound) {
            return Err(no_such(name));
        }
        if !answer.is_success() {
            return Err(answer.refusal());
        }
        let group = answer
            .groups(DelimiterTag::PrinterAttributes)
            .next()
            .ok_or_else(|| PrintError::Protocol {
                detail: format!("CUPS described no printer “{name}”"),
            })?;
        PrinterInfo::read(group)
    }

    /// Sends `pdf` to `printer` as one job, after checking the printer is
    /// there, not stopped and accepting jobs (so a stopped printer is
    /// never left holding tickets that would print when it resumes).
    /// Success means CUPS accepted the job and gave it an id — not that it
    /// printed: [`Cups::watch`] tells that.
    pub async fn submit(
        &self,
        printer: &str,
        job_name: &str,
        requesting_user: &str,
        pdf: Vec<u8>,
    ) -> Result<Submitted, PrintError> {
        let info = self.printer_state(printer).await?;
        if info.state == PrinterState::Stopped {
            return Err(PrintError::PrinterStopped {
                message: info.stop_message(),
                name: info.name,
            });
        }
        if !info.accepting_jobs {
            return Err(PrintError::NotAccepting { name: info.name });
        }
        let (url, uri) = self.printer_address(printer)?;
        let req = self
            .request(Operation::PrintJob)?
            .printer_uri(&uri)?
            .requesting_user(requesting_user)?
            .job_name(job_name)?
            .document_format("application/pdf")?;
        let answer = self.call("Print-Job", url, req, &pdf).await?;
        if answer.is(StatusCode::ClientErrorNotFound) {
            return Err(no_such(printer));
        }
        if answer.is(StatusCode::ServerErrorNotAcceptingJobs) {
            return Err(PrintError::NotAccepting {
                name: printer.to_owned(),
            });
        }
        if !answer.is_success() {
            return Err(answer.refusal());
        }
        let job_id = answer
            .groups(DelimiterTag::JobAttributes)
            .find_map(|g| wire::enum_value(g, "job-id"))
            .ok_or_else(|| PrintError::Protocol {
                detail: "CUPS answered Print-Job without a job-id, so the job cannot be \
                         followed"
                    .to_owned(),
            })?;
        tracing::info!(printer, job_id, bytes = pdf.len(), "job accepted");
        Ok(Submitted {
            job_id,
            printer: printer.to_owned(),
            requesting_user: requesting_user.to_owned(),
        })
    }

    /// The state of job `job_id` on `printer`.
    pub async fn job(&self, printer: &str, job_id: i32) -> Result<JobStatus, PrintError> {
        self.job_as(printer, job_id, None).await
    }

    async fn job_as(
        &self,
        printer: &str,
        job_id: i32,
        user: Option<&str>,
    ) -> Result<JobStatus, PrintError> {
        let (url, uri) = self.printer_address(printer)?;
        // Always say who asks (RFC 8011 asks for it on every request).
        let os_user = system_user();
        let req = self
            .request(Operation::GetJobAttributes)?
            .printer_uri(&uri)?
            .job_id(job_id)
            .requesting_user(user.unwrap_or(&os_user))?
            .requested(JOB_ATTRIBUTES)?;
        let answer = self.call("Get-Job-Attributes", url, req, &[]).await?;
        if !answer.is_success() {
            return Err(answer.refusal());
        }
        let group = answer
            .groups(DelimiterTag::JobAttributes)
            .next()
            .ok_or_else(|| PrintError::Protocol {
                detail: format!("CUPS described no job {job_id}"),
            })?;
        JobStatus::read(group, job_id)
    }

    /// Cancels the job, as the user who sent it (CUPS lets a job's owner
    /// cancel it without a login).
    pub async fn cancel(&self, job: &Submitted) -> Result<(), PrintError> {
        let (url, uri) = self.printer_address(&job.printer)?;
        let req = self
            .request(Operation::CancelJob)?
            .printer_uri(&uri)?
            .job_id(job.job_id)
            .requesting_user(&job.requesting_user)?;
        let answer = self.call("Cancel-Job", url, req, &[]).await?;
        if !answer.is_success() {
            return Err(answer.refusal());
        }
        tracing::info!(printer = %job.printer, job_id = job.job_id, "job cancelled");
        Ok(())
    }
}

/// The computer's user this process runs as (from the user database, not
/// `$USER`, which a service or a container may leave unset): CUPS records
/// it as a job's owner, who may then cancel the job. A name the system does
/// not know is worse than useless: CUPS 2.4.2 as Debian 12 ships it
/// (2.4.2-3+deb12u10) crashes when such a user's job waits on a stopped
/// queue.
pub fn system_user() -> String {
    whoami::fallible::username()
        .ok()
        .or_else(|| std::env::var("USER").ok())
        .filter(|u| !u.trim().is_empty())
        // Every Unix system knows this one.
        .unwrap_or_else(|| "nobody".to_owned())
}

fn no_such(name: &str) -> PrintError {
    PrintError::NoSuchPrinter {
        name: name.to_owned(),
    }
}
