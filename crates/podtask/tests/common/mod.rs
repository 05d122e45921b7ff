//! What several test binaries share: running the task binary's command line in process.

// Each test binary uses a part of this module.
#![allow(dead_code)]

pub mod refcases;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command line with `args` (after the program name) and returns the exit code and
/// what it wrote to standard output and standard error.
pub fn run(args: &[&str]) -> (ExitCode, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv: Vec<OsString> = std::iter::once("tasks")
        .chain(args.iter().copied())
        .map(OsString::from)
        .collect();
    let code = podtask::main_with_io(argv, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// A fresh path under the system's temporary directory, unique to this process and `test`;
/// nothing exists there.
pub fn scratch(binary: &str, test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("podtask-{binary}-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
