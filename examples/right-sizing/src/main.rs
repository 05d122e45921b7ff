//! Right-sizing: run a task locally, read what it used against its requests and limits, adjust
//! `resources(...)`, run it again under its limits, then print the Job that runs it on
//! Kubernetes with its retries and timeout (docs/usage.md walks through the loop).
//!
//! ```text
//! cargo run -p example-right-sizing -- run example_right_sizing.aggregate --input mib=300
//! cargo run -p example-right-sizing -- run example_right_sizing.aggregate --input mib=300 --enforce-limits
//! cargo run -p example-right-sizing -- run example_right_sizing.crunch --input cpu_ms=500 --input threads=2 --usage-json usage.json
//! cargo run -p example-right-sizing -- job example_right_sizing.aggregate --input mib=100 --image ghcr.io/acme/tasks:1.0.0
//! ```

use std::process::ExitCode;

use podtask::task;

/// Holds `mib` MiB of numbers in memory at once and sums them: its peak memory grows with
/// `mib`. A memory limit of 256Mi leaves room for about 200 MiB; for small inputs the request
/// is far more than it needs, which the usage report points out.
#[task(
    container(image = "ghcr.io/acme/tasks:1.0.0"),
    resources(
        requests(cpu = "2", memory = "256Mi"),
        limits(cpu = "2", memory = "256Mi")
    ),
    retries = 2,
    timeout = "10m",
    interruptible = true
)]
fn aggregate(mib: u64) -> u64 {
    let len = usize::try_from(mib.saturating_mul(1 << 20) / 8).unwrap_or(usize::MAX);
    let mut values: Vec<u64> = Vec::with_capacity(len);
    // Written, so every page is resident.
    values.extend((0..len as u64).map(|i| i.wrapping_mul(2_654_435_761)));
    // A checksum below 2^63, so it fits Flyte's INTEGER.
    values.iter().fold(0u64, |a, v| a ^ v) >> 1
}

/// [`aggregate`] in a pod whose primary container sets the memory limit: the report and
/// `--enforce-limits` hold the task to it as to a limit of the task's own.
#[task(
    container(image = "ghcr.io/acme/tasks:1.0.0"),
    pod(
        primary_container = "main",
        spec = {
            "containers": [{
                "name": "main",
                "resources": { "requests": { "memory": "128Mi" }, "limits": { "memory": "128Mi" } }
            }]
        },
    ),
)]
fn aggregate_in_pod(mib: u64) -> u64 {
    aggregate(mib)
}

/// Spends `cpu_ms` milliseconds of CPU time on each of `threads` threads: its CPU time is
/// `threads × cpu_ms`, and it uses about `threads` cores where that many are free.
#[task(
    container(image = "ghcr.io/acme/tasks:1.0.0"),
    resources(requests(cpu = "4", memory = "512Mi"), limits(memory = "1Gi")),
    timeout = "5m"
)]
fn crunch(cpu_ms: u64, threads: u32) -> u64 {
    let workers: Vec<_> = (0..threads.max(1))
        .map(|t| std::thread::spawn(move || spin(cpu_ms, u64::from(t))))
        .collect();
    workers
        .into_iter()
        .map(|w| w.join().unwrap_or(0))
        .fold(0, |a, v| a ^ v)
        >> 1
}

/// Refuses a negative row count: a failure of the task's own, which no retry mends.
#[task(container(image = "ghcr.io/acme/tasks:1.0.0"), retries = 3)]
fn validate(rows: i64) -> Result<u64, String> {
    u64::try_from(rows).map_err(|_| format!("rows must not be negative, found {rows}"))
}

/// Busy work until this thread has had `cpu_ms` milliseconds of CPU.
fn spin(cpu_ms: u64, seed: u64) -> u64 {
    let mut x = seed;
    loop {
        for _ in 0..100_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        }
        match thread_cpu_ms() {
            Some(used) if used < cpu_ms => {}
            // Done, or no per-thread clock here (one batch of work then).
            _ => return x,
        }
    }
}

/// This thread's CPU time so far, in milliseconds (Linux: `/proc/thread-self/schedstat`).
fn thread_cpu_ms() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1_000_000)
}

fn main() -> ExitCode {
    podtask::main()
}
