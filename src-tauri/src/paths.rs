//! Where Box Office keeps its files. The window asks Tauri's path resolver;
//! the command line, which has no Tauri, uses the same rule through `dirs`
//! (Tauri resolves `app_data_dir` to the platform data directory joined with
//! the bundle identifier, which is what this computes).

use std::path::PathBuf;

/// The bundle identifier from `tauri.conf.json`; also the data folder's name.
pub const IDENTIFIER: &str = "org.boxoffice.desktop";

/// The environment variable that moves the data directory (tests use it).
pub const DATA_DIR_ENV: &str = "BOX_OFFICE_DATA_DIR";

/// The data directory: `explicit` if given, else the platform default.
pub fn data_dir(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(DATA_DIR_ENV).map(PathBuf::from))
        .or_else(|| dirs::data_dir().map(|d| d.join(IDENTIFIER)))
        .unwrap_or_else(|| PathBuf::from(".box-office"))
}
