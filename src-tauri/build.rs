//! Build script: Tauri's code generation, only for the desktop build.

fn main() {
    #[cfg(feature = "desktop")]
    tauri_build::build();
}
