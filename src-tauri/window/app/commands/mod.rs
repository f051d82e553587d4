//! The commands the window may call. Each is a thin call into the core
//! ([`box_office::counter::Counter`]) with its errors mapped to
//! [`crate::app::error::IpcError`]; nothing here decides anything the
//! command line would decide differently.

mod completion;
mod orders;
mod printing;
mod printlog;
mod session;
mod settings;
mod site;
mod status;

pub use completion::*;
pub use orders::*;
pub use printing::*;
pub use printlog::*;
pub use session::*;
pub use settings::*;
pub use site::*;
pub use status::*;
