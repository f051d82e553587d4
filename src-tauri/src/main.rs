//! The `box-office` executable: the window when run bare, the command line
//! otherwise. Everything lives in the library; this only hands over.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    box_office::run()
}
