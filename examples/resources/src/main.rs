//! Specifying CPU and memory: requests of half a CPU and 1 GiB, limits of one CPU and 2 GiB.
//!
//! The values are Kubernetes quantities, checked while this compiles: `cpu = "500mi"` or a
//! request above its limit would not build. A reusable set of resources is a `const`, checked
//! where it is written.
//!
//! ```text
//! cargo run -p example-resources -- list
//! cargo run -p example-resources -- serialize --out out/resources --image ghcr.io/acme/tasks:1.0.0
//! ```

use podtask::task;
use std::process::ExitCode;

/// Half a CPU and 1 GiB requested; one CPU and 2 GiB at most.
const STANDARD: podtask::Resources = podtask::resources!(
    requests(cpu = "500m", memory = "1Gi"),
    limits(cpu = "1", memory = "2Gi"),
);

/// Sums the numbers it is given.
#[task(resources = STANDARD)]
fn sum(numbers: Vec<i64>) -> i64 {
    numbers.iter().sum()
}

/// Scales the numbers it is given by a factor.
#[task(
    container(image = "ghcr.io/acme/tasks:1.0.0"),
    resources(requests(cpu = "250m", memory = "512Mi"), limits(memory = "1Gi"))
)]
fn scale(numbers: Vec<f64>, factor: f64) -> Vec<f64> {
    numbers.iter().map(|n| n * factor).collect()
}

fn main() -> ExitCode {
    podtask::main()
}
