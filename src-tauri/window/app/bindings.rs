//! The typed bridge to the UI: the command list, and the TypeScript bindings
//! generated from it into `ui/src/bindings.ts`. A test fails when the
//! committed bindings differ from what the Rust signatures generate.

#[cfg(test)]
use specta_typescript::Typescript;
use tauri_specta::{Builder, collect_commands};

use super::commands;

/// Where the generated bindings live, relative to the package root.
#[cfg(test)]
pub const BINDINGS_PATH: &str = "ui/src/bindings.ts";

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new().commands(collect_commands![
        commands::app_status,
        commands::platform_links,
        commands::check_platforms,
        commands::ui_ready,
        commands::switch_training,
        commands::sign_in_choices,
        commands::create_first_manager,
        commands::sign_in,
        commands::sign_out,
        commands::search_orders,
        commands::order_details,
        commands::refresh_order,
        commands::ask_afisha,
        commands::complete_order,
        commands::send_completion_again,
        commands::set_aside_completion,
        commands::print_order,
        commands::save_pdf,
        commands::reprint_tickets,
        commands::printers,
        commands::stocks,
        commands::print_test_page,
        commands::print_log,
        commands::export_print_log,
        commands::verify_print_log,
        commands::till_controls,
        commands::site_status,
        commands::site_test,
        commands::site_join,
        commands::site_leave,
        commands::site_acknowledge,
        commands::verify_site_log,
        commands::get_settings,
        commands::save_settings,
        commands::set_language,
        commands::connections,
        commands::add_connection,
        commands::test_connection,
        commands::remove_connection,
        commands::operators,
        commands::add_operator,
        commands::remove_operator,
        commands::unlock_operator,
    ])
}

#[cfg(test)]
pub fn typescript() -> Typescript {
    Typescript::default().header(
        "// Generated from the Rust command signatures by `./dev bindings`; do not edit.\n// @ts-nocheck",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regenerate with `BOX_OFFICE_BLESS=1 cargo test bindings` (or `./dev bindings`).
    #[test]
    fn committed_bindings_match_the_rust_signatures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let committed = root.join(BINDINGS_PATH);
        let fresh = tempfile::NamedTempFile::new().unwrap();
        builder().export(typescript(), fresh.path()).unwrap();
        let generated = std::fs::read_to_string(fresh.path()).unwrap();
        if std::env::var_os("BOX_OFFICE_BLESS").is_some() {
            std::fs::write(&committed, &generated).unwrap();
            return;
        }
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            current == generated,
            "{BINDINGS_PATH} is out of date with the Rust commands; run `./dev bindings` and commit it"
        );
    }
}
