//! Credentials: where bearer tokens and API keys live (the OS keyring, and
//! only there) and the type that carries them through the program without
//! leaking them into logs, IPC replies, files or crash output.
//!
//! There is deliberately no fallback: when no keyring is available Box
//! Office says so and what to do, rather than writing a secret to disk.

mod keyring_store;
mod sensitive;

pub use keyring_store::{Keyring, SecretKind};
pub use sensitive::Sensitive;

/// Why a secret could not be stored or read.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(
        "no OS keyring is available ({0}). Box Office keeps credentials only in the keyring: \
         on Linux start a Secret Service (GNOME Keyring or KWallet) in your desktop session and \
         restart Box Office"
    )]
    Unavailable(String),
    #[error("the OS keyring is locked or refused access ({0}); unlock it and try again")]
    Locked(String),
    #[error(
        "the {kind} for profile “{profile}” is not in the OS keyring; enter it again with \
         `box-office profiles add` (or in Settings)"
    )]
    Missing { profile: String, kind: &'static str },
    #[error("the OS keyring failed: {0}")]
    Keyring(String),
}
