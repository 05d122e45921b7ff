//! Checks Kubernetes quantities the way the API server does, and prints each one's canonical
//! form, or the rule it breaks.
//!
//! ```text
//! cargo run -p quantity-check -- 500m 1.5Gi 1ki
//! 500m    500m
//! 1.5Gi   1536Mi
//! 1ki     error: invalid quantity "1ki": unable to parse quantity's suffix (at bytes 1..3: "ki")
//! ```
//!
//! The exit status is 1 when any input is invalid.

use podtask_rules::Quantity;
use std::process::ExitCode;

fn main() -> ExitCode {
    let inputs: Vec<String> = std::env::args().skip(1).collect();
    if inputs.is_empty() {
        eprintln!("usage: quantity-check QUANTITY...");
        return ExitCode::from(2);
    }
    let mut ok = true;
    for input in &inputs {
        match input.parse::<Quantity>() {
            Ok(q) => println!("{input}\t{q}"),
            Err(e) => {
                ok = false;
                println!("{input}\terror: {e}");
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
