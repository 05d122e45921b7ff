//! Writes the compact description of the Kubernetes Pod schema that `podtask-podspec` reads pod
//! specs with. Run through `scripts/podspec-schema`, which calls it in two steps:
//!
//! - `podspec-schema dump`, built with one of the features `v1_33` … `v1_37`, asks schemars for
//!   the JSON schema of k8s-openapi's `Pod` in that Kubernetes version and prints every type
//!   reachable from it as a small, deterministic JSON document (see [`dump`]);
//! - `podspec-schema merge A.json B.json ...` reads the documents of several versions and prints
//!   one Rust source file holding them all, each type and field with the versions it exists in
//!   (see [`merge`]).

mod dump;
mod merge;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.split_first() {
        Some((command, rest)) if command == "dump" && rest.is_empty() => dump::run(),
        Some((command, files)) if command == "merge" && !files.is_empty() => merge::run(files),
        _ => Err("usage: podspec-schema dump | podspec-schema merge VERSION.json...".to_owned()),
    };
    match result {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("podspec-schema: {message}");
            ExitCode::FAILURE
        }
    }
}
