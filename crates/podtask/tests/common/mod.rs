//! What several test binaries share: running the task binary's command line in process, scratch
//! directories, and where a task is defined.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
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

/// The names of the files in `dir`, sorted; none when it does not exist.
pub fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// Where `fn <function>` is written in `file` (a path as `file!()` gives it), as
/// `FILE:LINE:COLUMN` of the function's name: the place `#[task]` records for it.
pub fn location_of(file: &str, function: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    let needle = format!("fn {function}(");
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(&needle).map(|at| (i + 1, at + 4)))
        .unwrap_or_else(|| panic!("no `{needle}` in {file}"));
    format!("{file}:{line}:{column}")
}
