//! What the `ballast` binary's tests share: running it, and reading its output.

// Each test file uses its own part of these helpers.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `ballast` with `args` and waits for it.
pub fn ballast(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(args)
        .output()
        .expect("run ballast")
}

/// The standard output of a run that must have succeeded.
pub fn stdout_ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The one-line error of a run that must have failed as a user error: status 2, one line
/// starting with `error: `, no panic.
pub fn stderr_line(out: &Output) -> String {
    let e = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "stderr: {e}");
    assert_eq!(e.lines().count(), 1, "not one line: {e}");
    assert!(e.starts_with("error: "), "{e}");
    assert!(!e.contains("panicked") && !e.contains("backtrace"), "{e}");
    e.trim_end().to_string()
}
