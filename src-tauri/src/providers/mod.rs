//! Platform clients: how Box Office talks to Vista, Paciolan and Afisha over
//! HTTP, each exactly as its page specifies, mapping their answers to the
//! provider-neutral [`crate::domain::Order`].
//!
//! Every client is plain async Rust over `reqwest`, with no window types, so
//! the integration tests drive them against the sandbox on loopback. A client
//! call is one request; retries, polling and the journal belong to
//! [`crate::completion`].

pub mod afisha;
pub mod error;
pub mod http;
pub mod lenient;
pub mod paciolan;
pub mod probe;
pub mod profile;
pub mod vista;

pub use error::{ParseError, ProviderError};
pub use profile::{Credentials, Profile, ProfileError};
