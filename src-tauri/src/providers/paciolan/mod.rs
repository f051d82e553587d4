//! Paciolan Link API: `POST /v1/cart/complete-order` and its polling, as
//! `../shared/seeds/002_…` specifies them.

pub mod amount;
pub mod cart;
pub mod client;
pub mod map;
pub mod response;

pub use amount::Amount;
pub use cart::Cart;
pub use client::{PaciolanClient, Progress};
pub use response::parse as parse_response;
