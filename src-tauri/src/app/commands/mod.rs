//! The commands the window may call. Each is a thin call into the core with
//! its errors mapped to [`IpcError`]; nothing here decides anything.

mod completion;
mod orders;
mod tickets;

pub use completion::*;
pub use orders::*;
pub use tickets::*;
