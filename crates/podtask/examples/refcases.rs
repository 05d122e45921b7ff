//! A task binary with flytekit's reference cases (written once, in
//! `tests/common/refcases.rs`, for this example and the golden tests):
//!
//! ```text
//! cargo run -p podtask --example refcases -- serialize --out DIR --image ghcr.io/acme/tasks:1.0
//! ```

use std::process::ExitCode;

#[path = "../tests/common/refcases.rs"]
mod refcases;

fn main() -> ExitCode {
    podtask::main()
}
