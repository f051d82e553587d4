//! Vista Digital Platform, OCAPI v1: order completion (`POST` and `GET`
//! `/ocapi/v1/orders/{orderId}/completion`), as `../shared/seeds/000_…`
//! specifies it.

pub mod client;
pub mod wire;

pub use client::VistaClient;
