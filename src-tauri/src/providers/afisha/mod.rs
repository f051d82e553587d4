//! Afisha ticket-partner API: `POST /order-info`, as `../shared/seeds/003_…`
//! specifies it. Afisha orders are not completed through this page; the
//! counter fetches the order and prints what is APPROVED.

pub mod client;
pub mod map;
pub mod request;
pub mod wire;

pub use client::AfishaClient;
