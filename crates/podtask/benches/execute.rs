//! Cold start to a finished `outputs.pb`: this program is a task binary with one trivial task,
//! and runs itself through `execute` as a Flyte pod would, N times, timing each run from spawn
//! to exit.
//!
//! `cargo bench -p podtask --bench execute` (N = 200; `PODTASK_BENCH_RUNS` sets another).

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use podtask::flyteidl::core::{LiteralMap, Primitive};
use prost::Message;

#[podtask::task(name = "bench.add", container(image = "img:1"))]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("execute") {
        return podtask::main();
    }
    // `cargo bench` passes `--bench`; anything else is the driver's turn.
    let runs: usize = std::env::var("PODTASK_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let dir = std::env::temp_dir().join(format!("podtask-bench-execute-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let inputs = dir.join("inputs.pb");
    let map = LiteralMap {
        literals: [
            ("a".to_owned(), Primitive::integer(40).into()),
            ("b".to_owned(), Primitive::integer(2).into()),
        ]
        .into_iter()
        .collect(),
    };
    std::fs::write(&inputs, map.encode_to_vec()).expect("inputs.pb written");
    let exe = std::env::current_exe().expect("this program's path");
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for i in 0..runs {
        let out = dir.join(format!("out{i}"));
        let start = Instant::now();
        let status = Command::new(&exe)
            .args(["execute", "--task", "bench.add", "--inputs"])
            .arg(&inputs)
            .arg("--output-prefix")
            .arg(&out)
            .args([
                "--raw-output-data-prefix",
                "/tmp/raw",
                "--checkpoint-path",
                "/tmp/ck",
            ])
            .args(["--prev-checkpoint", ""])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("the task binary starts");
        times.push(start.elapsed());
        assert!(status.success() && out.join("outputs.pb").exists());
    }
    let _ = std::fs::remove_dir_all(&dir);
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mean = times.iter().map(|d| ms(*d)).sum::<f64>() / runs as f64;
    println!(
        "execute bench.add, cold process to outputs.pb, {runs} runs: min {:.2} ms, median {:.2} ms, \
         mean {mean:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(times[0]),
        ms(times[runs / 2]),
        ms(times[runs * 95 / 100]),
        ms(times[runs - 1]),
    );
    ExitCode::SUCCESS
}
