//! The `box-office` command line run as a user runs it: its own process,
//! a data folder of its own, answers (PINs, passwords) on standard input.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_box-office");

/// Runs `box-office ARGS` on the data folder `data`, writing `stdin` to it.
pub fn cli(data: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .env("BOX_OFFICE_DATA_DIR", data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}
