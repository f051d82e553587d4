//! The provider-neutral model shared by every other domain: orders, tickets,
//! money and the order document. Nothing here talks to a network, a disk or a
//! window; it is plain data with the rules that hold whatever the platform.

pub mod actor;
pub mod completion_state;
pub mod document;
pub mod format;
pub mod money;
pub mod order;
pub mod raw;
pub mod ticket;

pub use actor::Actor;
pub use completion_state::CompletionState;
pub use document::{DocumentError, OrderDocument};
pub use money::{Cost, Currency, Money, MoneyError};
pub use order::{
    AttachmentType, CancelledItem, Customer, ErrorGroup, Event, Order, OrderIds, OrderStatus,
    Platform, Session, SoldItem, UnknownPlatform, Venue,
};
pub use raw::RawJson;
pub use ticket::{Barcode, Label, Passes, Seat, Symbology, Ticket, TicketState, Vat};
