//! `box-office-window`: the counter window, and every command of
//! `box-office` besides (one parser for both). `box-office` run bare hands
//! over to it; the desktop launcher starts it through `box-office`.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod app;

fn main() -> std::process::ExitCode {
    box_office::cli::main(Some(box_office::cli::Window {
        prepare: app::engine::set_defaults,
        open: app::launch,
    }))
}
