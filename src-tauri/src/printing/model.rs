//! What Box Office knows about printers and jobs, read from CUPS's IPP
//! attributes, and what a watched job came to.

use ipp::attribute::IppAttributeGroup;
use serde::{Deserialize, Serialize};

use super::error::PrintError;
use super::wire::{boolean, enum_value, keywords, text};

/// IPP `printer-state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PrinterState {
    Idle,
    Processing,
    /// Paused by an operator (`cupsdisable`) or stopped by a fault.
    Stopped,
}

/// A print queue as CUPS describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrinterInfo {
    /// The queue name jobs are sent to.
    pub name: String,
    /// `printer-info`: the description set with `lpadmin -D`.
    pub description: String,
    pub location: String,
    pub make_and_model: String,
    pub state: PrinterState,
    pub accepting_jobs: bool,
    /// `printer-state-message`, e.g. the reason given to `cupsdisable -r`.
    pub state_message: String,
    /// `printer-state-reasons` without `none`, e.g. `paused`, `media-empty-error`.
    pub state_reasons: Vec<String>,
    /// CUPS's default destination.
    pub is_default: bool,
}

/// The attributes [`PrinterInfo`] is read from.
pub(super) const PRINTER_ATTRIBUTES: &[&str] = &[
    "printer-name",
    "printer-info",
    "printer-location",
    "printer-make-and-model",
    "printer-state",
    "printer-state-message",
    "printer-state-reasons",
    "printer-is-accepting-jobs",
];

impl PrinterInfo {
    pub(super) fn read(g: &IppAttributeGroup) -> Result<PrinterInfo, PrintError> {
        let name = text(g, "printer-name").ok_or_else(|| missing("printer-name", "a printer"))?;
        let state = match enum_value(g, "printer-state") {
            Some(3) => PrinterState::Idle,
            Some(4) => PrinterState::Processing,
            Some(5) => PrinterState::Stopped,
            Some(n) => {
                return Err(PrintError::Protocol {
                    detail: format!(
                        "printer “{name}” has printer-state {n}, which IPP does not define"
                    ),
                });
            }
            None => return Err(missing("printer-state", &format!("printer “{name}”"))),
        };
        Ok(PrinterInfo {
            description: text(g, "printer-info").unwrap_or_default(),
            location: text(g, "printer-location").unwrap_or_default(),
            make_and_model: text(g, "printer-make-and-model").unwrap_or_default(),
            state,
            // RFC 8011 makes it required; a server that leaves it out is
            // not trusted to take jobs.
            accepting_jobs: boolean(g, "printer-is-accepting-jobs").unwrap_or(false),
            state_message: text(g, "printer-state-message").unwrap_or_default(),
            state_reasons: keywords(g, "printer-state-reasons"),
            is_default: false,
            name,
        })
    }

    /// Why the printer is stopped, in CUPS's words.
    pub fn stop_message(&self) -> String {
        if !self.state_message.trim().is_empty() {
            self.state_message.trim().to_owned()
        } else if !self.state_reasons.is_empty() {
            self.state_reasons.join(", ")
        } else {
            "no reason given".to_owned()
        }
    }
}

/// IPP `job-state` (3 to 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobState {
    Pending,
    /// `pending-held`: waiting for a release or a hold-until time.
    Held,
    Processing,
    /// `processing-stopped`: the printer stopped while printing it.
    Stopped,
    Canceled,
    Aborted,
    Completed,
}

impl JobState {
    fn from_ipp(n: i32) -> Option<JobState> {
        Some(match n {
            3 => JobState::Pending,
            4 => JobState::Held,
            5 => JobState::Processing,
            6 => JobState::Stopped,
            7 => JobState::Canceled,
            8 => JobState::Aborted,
            9 => JobState::Completed,
            _ => return None,
        })
    }

    /// The word IPP uses, for messages.
    pub fn keyword(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Held => "pending-held",
            JobState::Processing => "processing",
            JobState::Stopped => "processing-stopped",
            JobState::Canceled => "canceled",
            JobState::Aborted => "aborted",
            JobState::Completed => "completed",
        }
    }
}

/// A job as CUPS reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobStatus {
    pub state: JobState,
    /// `job-state-reasons` without `none`, e.g. `job-completed-successfully`.
    pub reasons: Vec<String>,
    /// `job-state-message`, e.g. "Printing page 1, 50% complete."
    pub message: String,
    /// Whether the printer began the job: CUPS sets `time-at-processing`
    /// when it hands the job to the printer's filters and backend.
    pub began: bool,
    /// `job-impressions-completed`, where the printer reports it.
    pub impressions: Option<u32>,
}

pub(super) const JOB_ATTRIBUTES: &[&str] = &[
    "job-state",
    "job-state-reasons",
    "job-state-message",
    "time-at-processing",
    "job-impressions-completed",
];

impl JobStatus {
    pub(super) fn read(g: &IppAttributeGroup, job_id: i32) -> Result<JobStatus, PrintError> {
        let state = match enum_value(g, "job-state") {
            Some(n) => JobState::from_ipp(n).ok_or_else(|| PrintError::Protocol {
                detail: format!("job {job_id} has job-state {n}, which IPP does not define"),
            })?,
            None => return Err(missing("job-state", &format!("job {job_id}"))),
        };
        Ok(JobStatus {
            state,
            reasons: keywords(g, "job-state-reasons"),
            message: text(g, "job-state-message").unwrap_or_default(),
            began: enum_value(g, "time-at-processing").is_some_and(|t| t > 0)
                || state == JobState::Processing
                || state == JobState::Stopped,
            impressions: enum_value(g, "job-impressions-completed")
                .and_then(|n| u32::try_from(n).ok()),
        })
    }

    /// CUPS's explanation: the message, else the reasons, else the state.
    pub fn explanation(&self) -> String {
        if !self.message.trim().is_empty() {
            self.message.trim().to_owned()
        } else if !self.reasons.is_empty() {
            self.reasons.join(", ")
        } else {
            self.state.keyword().to_owned()
        }
    }
}

fn missing(attribute: &str, of: &str) -> PrintError {
    PrintError::Protocol {
        detail: format!("{of} came without the required {attribute}"),
    }
}

/// A job CUPS accepted: Print-Job answered with a job id. Accepted is not
/// printed; [`super::Cups::watch`] finds out which it became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    pub job_id: i32,
    pub printer: String,
    /// The user the job was sent as: CUPS lets only the job's owner cancel
    /// it without a login.
    pub requesting_user: String,
}

/// What a watched job came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobOutcome {
    /// CUPS reports the job completed: the printer took every page.
    Printed,
    /// The job ended without printing and cannot print later.
    Failed { reason: String },
    /// Sent, not confirmed: the job may still print (it is still queued, or
    /// it could not be cancelled), so it must be counted as printed.
    Accepted { reason: String },
    /// The job ended without completing after the printer had begun it
    /// (aborted, cancelled, or stopped and then cancelled): some pages may
    /// be out, so it counts as printed, uncertainly.
    PartlyPrinted { reason: String },
}

#[cfg(test)]
mod tests {
    use ipp::attribute::{IppAttribute, IppAttributeName};
    use ipp::model::DelimiterTag;
    use ipp::value::IppValue;

    use super::*;

    fn group(tag: DelimiterTag, attrs: Vec<(IppAttributeName, IppValue)>) -> IppAttributeGroup {
        let mut g = IppAttributeGroup::new(tag);
        for (n, v) in attrs {
            g.attributes_mut().push(IppAttribute::new(n, v));
        }
        g
    }

    fn kw(s: &str) -> IppValue {
        IppValue::new_keyword(s).unwrap()
    }

    #[test]
    fn a_paused_printer_reads_as_stopped_with_its_message() {
        let g = group(
            DelimiterTag::PrinterAttributes,
            vec![
                (
                    IppAttributeName::PRINTER_NAME,
                    IppValue::new_name_without_language("Boca").unwrap(),
                ),
                (IppAttributeName::PRINTER_STATE, IppValue::Enum(5)),
                (IppAttributeName::PRINTER_STATE_REASONS, kw("paused")),
                (
                    IppAttributeName::PRINTER_STATE_MESSAGE,
                    IppValue::new_text_without_language("Out of ticket stock").unwrap(),
                ),
                (
                    IppAttributeName::PRINTER_IS_ACCEPTING_JOBS,
                    IppValue::Boolean(true),
                ),
                (
                    IppAttributeName::PRINTER_MAKE_AND_MODEL,
                    IppValue::new_text_without_language("Boca Systems 46/Lemur").unwrap(),
                ),
            ],
        );
        let p = PrinterInfo::read(&g).unwrap();
        assert_eq!(p.name, "Boca");
        assert_eq!(p.state, PrinterState::Stopped);
        assert!(p.accepting_jobs);
        assert_eq!(p.state_reasons, ["paused"]);
        assert_eq!(p.stop_message(), "Out of ticket stock");
        assert_eq!(p.make_and_model, "Boca Systems 46/Lemur");
        assert_eq!(p.description, "");

        let quiet = PrinterInfo {
            state_message: " ".into(),
            ..p.clone()
        };
        assert_eq!(quiet.stop_message(), "paused");
    }

    #[test]
    fn a_printer_without_state_or_with_an_unknown_one_is_unreadable() {
        let name = (
            IppAttributeName::PRINTER_NAME,
            IppValue::new_name_without_language("Boca").unwrap(),
        );
        let g = group(DelimiterTag::PrinterAttributes, vec![name.clone()]);
        assert!(matches!(
            PrinterInfo::read(&g),
            Err(PrintError::Protocol { .. })
        ));
        let g = group(
            DelimiterTag::PrinterAttributes,
            vec![name, (IppAttributeName::PRINTER_STATE, IppValue::Enum(9))],
        );
        let e = PrinterInfo::read(&g).unwrap_err();
        assert!(e.to_string().contains("printer-state 9"), "{e}");
    }

    #[test]
    fn job_states_3_to_9_map_and_others_are_refused() {
        let states: Vec<JobState> = (3..=9).filter_map(JobState::from_ipp).collect();
        assert_eq!(
            states,
            [
                JobState::Pending,
                JobState::Held,
                JobState::Processing,
                JobState::Stopped,
                JobState::Canceled,
                JobState::Aborted,
                JobState::Completed
            ]
        );
        assert_eq!(JobState::from_ipp(2), None);
        assert_eq!(JobState::from_ipp(10), None);

        let g = group(
            DelimiterTag::JobAttributes,
            vec![
                (IppAttributeName::JOB_STATE, IppValue::Enum(8)),
                (
                    IppAttributeName::JOB_STATE_REASONS,
                    IppValue::Array(vec![
                        kw("job-aborted-by-system"),
                        kw("document-format-error"),
                    ]),
                ),
            ],
        );
        let s = JobStatus::read(&g, 12).unwrap();
        assert_eq!(s.state, JobState::Aborted);
        assert_eq!(
            s.explanation(),
            "job-aborted-by-system, document-format-error"
        );

        let g = group(
            DelimiterTag::JobAttributes,
            vec![(IppAttributeName::JOB_STATE, IppValue::Enum(11))],
        );
        assert!(matches!(
            JobStatus::read(&g, 12),
            Err(PrintError::Protocol { .. })
        ));
    }
}
