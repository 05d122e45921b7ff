//! What measuring a run costs: `Meter::start` and `Meter::stop` (a clock and two `getrusage`
//! calls), and the report, the JSON and the log line made from the figures.
//!
//! `cargo bench -p podtask --bench usage`

use podtask::usage::{Limits, Meter, log_line, report_text, usage_json};
use podtask::{ResourceEntry, ResourceName, Resources};

fn main() {
    divan::main();
}

const REQUESTS: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Cpu, "500m"),
    ResourceEntry::new_const(ResourceName::Memory, "1Gi"),
];
const LIMITS: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Memory, "2Gi")];

/// Starting and stopping the meter: what `run` and `execute` add to every run.
#[divan::bench]
fn measure() -> podtask::usage::Usage {
    let meter = Meter::start();
    divan::black_box(&meter).stop()
}

/// Measuring, then the report `run` prints and the JSON of `--usage-json`.
#[divan::bench]
fn measure_and_report() -> usize {
    let limits = Limits::of(&Resources::new_const(REQUESTS, LIMITS));
    let usage = Meter::start().stop();
    let text = report_text("bench.task", &usage, &limits);
    let json = usage_json("bench.task", &usage, &limits, false);
    text.len() + json.to_string().len()
}

/// Measuring, then the log line of `execute`.
#[divan::bench]
fn measure_and_log_line() -> usize {
    let limits = Limits::of(&Resources::new_const(REQUESTS, LIMITS));
    let usage = Meter::start().stop();
    log_line("bench.task", &usage, &limits).len()
}
