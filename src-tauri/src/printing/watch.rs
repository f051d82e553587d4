//! Following a submitted job to its end. The rule: only CUPS's `completed`
//! is printed; a job that ended otherwise before the printer began it
//! failed; one that ended after the printer began it (aborted, cancelled,
//! stopped) may have put pages out, and counts as partly printed; a job held
//! up by a stopped printer is cancelled, because a printer resumed hours
//! later would otherwise print tickets nobody is waiting for; and whenever
//! the end is not known, the job is "accepted" — it may print, so it counts
//! as printed.

use std::time::Duration;

use tokio::time::{Instant, sleep};

use super::{Cups, JobOutcome, JobState, JobStatus, PrintError, PrinterState, Submitted};

/// How often CUPS is asked. A two-ticket job on a local cups-pdf queue
/// completes about a quarter of a second after it is sent; asking four times
/// a second costs CUPS nothing and keeps the counter from waiting on the poll.
const POLL: Duration = Duration::from_millis(250);

impl Cups {
    /// Polls the job until it ends or `timeout` passes.
    ///
    /// Completed is [`JobOutcome::Printed`]; aborted or canceled is
    /// [`JobOutcome::Failed`]. A job stopped by its printer, or waiting on a
    /// stopped printer, is cancelled and reported failed; if the cancel
    /// fails, or the timeout passes with the job still pending or
    /// processing, it is [`JobOutcome::Accepted`]: sent, not confirmed.
    pub async fn watch(&self, job: &Submitted, timeout: Duration) -> JobOutcome {
        let deadline = Instant::now() + timeout;
        let mut last: String;
        loop {
            match self
                .job_as(&job.printer, job.job_id, Some(&job.requesting_user))
                .await
            {
                Ok(status) => match status.state {
                    JobState::Completed => return JobOutcome::Printed,
                    JobState::Aborted | JobState::Canceled => return failed(job, &status),
                    // CUPS stops a job whose filters failed (an unreadable
                    // PDF) or whose printer faulted; it stays stopped until
                    // someone restarts it, when it would print. The printer
                    // had begun it.
                    JobState::Stopped => {
                        let mut why =
                            format!("the print service stopped it ({})", status.explanation());
                        if let Ok(p) = self.printer_state(&job.printer).await
                            && !p.state_message.trim().is_empty()
                        {
                            why.push_str(&format!(
                                "; the printer reports: {}",
                                p.state_message.trim()
                            ));
                        }
                        return self.cancel_stuck(job, &why, true).await;
                    }
                    JobState::Pending | JobState::Held => {
                        match self.printer_state(&job.printer).await {
                            Ok(p) if p.state == PrinterState::Stopped => {
                                let why = format!("the printer is stopped: {}", p.stop_message());
                                return self.cancel_stuck(job, &why, false).await;
                            }
                            Ok(_) => last = format!("the job is still {}", status.state.keyword()),
                            Err(e) => last = e.to_string(),
                        }
                    }
                    JobState::Processing => {
                        last = format!("the job is still printing ({})", status.explanation());
                    }
                },
                // CUPS briefly away (restarting) may come back in time.
                Err(e @ (PrintError::CupsUnavailable { .. } | PrintError::NoAnswer { .. })) => {
                    last = e.to_string();
                }
                Err(e) => {
                    return JobOutcome::Accepted {
                        reason: format!(
                            "job {} on “{}” was sent, but its state cannot be read ({e}); it \
                             may still print, so count it as printed",
                            job.job_id, job.printer
                        ),
                    };
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return JobOutcome::Accepted {
                    reason: format!(
                        "job {} on “{}” was sent but not confirmed within {timeout:?} ({last}); \
                         it may still print, so count it as printed",
                        job.job_id, job.printer
                    ),
                };
            }
            sleep(POLL.min(deadline - now)).await;
        }
    }

    /// Cancels a job that cannot print now, so it cannot print later.
    /// `started`: CUPS had begun it, so some pages may be out.
    async fn cancel_stuck(&self, job: &Submitted, why: &str, started: bool) -> JobOutcome {
        let refusal = match self.cancel(job).await {
            Ok(()) if started => {
                return JobOutcome::PartlyPrinted {
                    reason: format!(
                        "the job stopped before it finished on “{}”: {why}. Some tickets may \
                         have come out; the job was cancelled so it cannot print later. Check \
                         what came out of the printer: printing again is a reprint",
                        job.printer
                    ),
                };
            }
            Ok(()) => {
                return JobOutcome::Failed {
                    reason: format!(
                        "nothing printed on “{}”: {why}. The job was cancelled so it cannot \
                         print later; fix the printer, have its queue resumed, and print again",
                        job.printer
                    ),
                };
            }
            Err(e) => e,
        };
        // It may have ended between the look and the cancel.
        if let Ok(status) = self
            .job_as(&job.printer, job.job_id, Some(&job.requesting_user))
            .await
        {
            match status.state {
                JobState::Completed => return JobOutcome::Printed,
                JobState::Aborted | JobState::Canceled => return failed(job, &status),
                _ => {}
            }
        }
        tracing::warn!(printer = %job.printer, job_id = job.job_id, error = %refusal, "stuck job not cancelled");
        JobOutcome::Accepted {
            reason: format!(
                "job {} on “{}” is held up ({why}) and could not be cancelled ({refusal}); it \
                 will print when the printer resumes, so count it as printed",
                job.job_id, job.printer
            ),
        }
    }
}

fn failed(job: &Submitted, status: &JobStatus) -> JobOutcome {
    let how = if status.state == JobState::Aborted {
        "the print service aborted it"
    } else {
        "it was cancelled"
    };
    if status.began {
        let out = match status.impressions {
            Some(n) if n > 0 => format!("the printer reports {n} page(s) printed"),
            _ => "some tickets may have come out".to_owned(),
        };
        return JobOutcome::PartlyPrinted {
            reason: format!(
                "the job on “{}” did not complete after the printer began it: {how} ({}); \
                 {out}. Check what came out of the printer: printing again is a reprint",
                job.printer,
                status.explanation()
            ),
        };
    }
    JobOutcome::Failed {
        reason: format!(
            "the job on “{}” did not complete: {how} ({}); check the printer and what came \
             out of it, then print again",
            job.printer,
            status.explanation()
        ),
    }
}
