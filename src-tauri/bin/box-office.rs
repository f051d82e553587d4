//! The `box-office` command: the core's command line, linked without the
//! window's libraries (GTK, WebKit), so `--help`, a lookup or a render
//! starts in milliseconds. Run bare, or as `box-office app`, it becomes
//! `box-office-window`, installed beside it, with the same arguments.

fn main() -> std::process::ExitCode {
    box_office::cli::main(None)
}
