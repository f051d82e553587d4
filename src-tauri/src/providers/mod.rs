//! Platform clients: how Box Office talks to Vista, Paciolan and Afisha over
//! HTTP, each exactly as its page specifies, mapping their answers to the
//! provider-neutral [`crate::domain::Order`].
//!
//! Every client is plain async Rust over `reqwest`, with no window types, so
//! the integration tests drive them against the sandbox on loopback.

pub mod paciolan;
