//! Where a completion of an order stands, as the completion journal records
//! it and the counter shows it. The journal (in `completion`) moves it; the
//! order list reads it beside each order.

use serde::Serialize;

/// Where a completion stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CompletionState {
    /// Written; the request has not been sent.
    Intent,
    /// About to be sent or sent, no answer yet. Found after a crash, it means
    /// "may have been sent".
    Sending,
    /// The platform is working on it; poll.
    Pending,
    /// The answer was lost; reconcile by asking the platform (Vista).
    Unknown,
    Completed,
    /// Some tickets sold, others failed (Paciolan 207).
    Partial,
    /// Not done, and safe to try again later.
    Failed,
    /// May or may not have been done, and cannot be asked: a person must
    /// check with the platform before anything is sent again.
    NeedsAttention,
    /// Set aside by a person after checking with the platform.
    Abandoned,
}

impl CompletionState {
    pub fn as_str(self) -> &'static str {
        match self {
            CompletionState::Intent => "intent",
            CompletionState::Sending => "sending",
            CompletionState::Pending => "pending",
            CompletionState::Unknown => "unknown",
            CompletionState::Completed => "completed",
            CompletionState::Partial => "partial",
            CompletionState::Failed => "failed",
            CompletionState::NeedsAttention => "needs_attention",
            CompletionState::Abandoned => "abandoned",
        }
    }

    /// Reads the journal's spelling back.
    pub fn from_stored(s: &str) -> CompletionState {
        match s {
            "intent" => CompletionState::Intent,
            "sending" => CompletionState::Sending,
            "pending" => CompletionState::Pending,
            "unknown" => CompletionState::Unknown,
            "completed" => CompletionState::Completed,
            "partial" => CompletionState::Partial,
            "failed" => CompletionState::Failed,
            "abandoned" => CompletionState::Abandoned,
            // An unreadable state is treated as the most careful one.
            _ => CompletionState::NeedsAttention,
        }
    }

    /// An end state: nothing more happens without a person.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            CompletionState::Completed
                | CompletionState::Partial
                | CompletionState::Failed
                | CompletionState::NeedsAttention
                | CompletionState::Abandoned
        )
    }
}
