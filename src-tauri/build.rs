//! Build script: Tauri's code generation, only for the desktop build; and,
//! for release builds on x86-64 Linux, the startup order file.

use std::path::Path;

/// The functions a start runs, in order (`./dev order` writes it).
const STARTUP_ORDER: &str = "src-tauri/startup.order";

fn main() {
    #[cfg(feature = "desktop")]
    tauri_build::build();
    startup_order();
}

/// Lays out the functions the window runs from start to idle together in
/// the release window executable. The kernel maps an executable's pages in blocks
/// of 64 KiB as code touches them, so scattered startup code keeps most of
/// the binary resident in an idle till (docs/benchmarks.md). Only where
/// rustc links with LLD (x86-64 Linux, Rust 1.90 and later), whose
/// `--symbol-ordering-file` this is; names the binary no longer has are
/// skipped quietly.
fn startup_order() {
    println!("cargo::rerun-if-changed={STARTUP_ORDER}");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let target = std::env::var("TARGET").unwrap_or_default();
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return;
    };
    let order = Path::new(&dir).join(STARTUP_ORDER);
    if release && target == "x86_64-unknown-linux-gnu" && order.is_file() {
        println!(
            "cargo::rustc-link-arg-bin=box-office-window=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo::rustc-link-arg-bin=box-office-window=-Wl,--no-warn-symbol-ordering");
    }
}
