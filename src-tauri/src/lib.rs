//! Box Office: the box-office counter for cinemas. Cashiers look an order up
//! (typed or scanned), complete it on its ticketing platform (Vista,
//! Paciolan, Afisha) and print its tickets; managers reprint; cached orders
//! stay findable when the network is down.
//!
//! One folder per domain. `domain` is the shared model; `providers` talk to
//! the platforms; `cache` is the SQLite store; `tickets` renders PDFs;
//! `secrets` holds credentials in the OS keyring; `printing` sends PDFs to
//! printers; `operators` knows who is at the counter and `printlog` every
//! print they made; `sandbox` is the training server that speaks all three
//! platforms. `cli` is the command line. The window (`src-tauri/window`, the
//! only code that knows Tauri) is a separate binary built on this crate,
//! which has no Tauri among its dependencies.

pub mod cache;
pub mod cli;
pub mod completion;
pub mod counter;
pub mod domain;
pub mod ipc;
pub mod operators;
pub mod paths;
pub mod printing;
pub mod printlog;
pub mod profiles;
pub mod providers;
pub mod sandbox;
pub mod secrets;
pub mod settings;
pub mod site;
pub mod tickets;
pub mod training;
