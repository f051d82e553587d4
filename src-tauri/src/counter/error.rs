//! The one error of the counter's use cases: every domain's error, plus the
//! refusals only a use case can make (no connection for this order, the
//! platform is offline). The window maps it to a stable code; the command
//! line prints its message.

use crate::cache::CacheError;
use crate::completion::CompletionError;
use crate::domain::Platform;
use crate::profiles::ProfilesError;
use crate::providers::ProviderError;
use crate::secrets::SecretError;
use crate::tickets::TicketError;
use crate::training::TrainingError;

#[derive(Debug, thiserror::Error)]
pub enum CounterError {
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Completion(#[from] CompletionError),
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Profiles(#[from] ProfilesError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Ticket(#[from] TicketError),
    #[error(transparent)]
    Training(#[from] TrainingError),
    #[error("No {} order “{id}” is known at this counter.", .platform.display_name())]
    OrderNotFound { platform: Platform, id: String },
    #[error("No {} connection is set up at this counter; add one in Settings.", .0.display_name())]
    NoConnection(Platform),
    #[error(
        "Several {} connections are set up and this order does not say which one it belongs to; look it up again through its connection.",
        .0.display_name()
    )]
    AmbiguousConnection(Platform),
}
