//! Cold start to a finished `outputs.pb`: this program is a task binary with one trivial task,
//! and runs itself through `execute` as a Flyte pod would, N times, timing each run from spawn
//! to exit.
//!
//! `cargo bench -p podtask --bench execute` (N = 200; `PODTASK_BENCH_RUNS` sets another).

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use podtask::__private::{
    self as p, Container, Inputs, Outputs, Param, Resources, TaskDef, TaskFailure, TaskKind,
    TaskMetadataDef,
};
use podtask::proto::core::{LiteralMap, Primitive};
use prost::Message;

const C: Container = Container::new_const(Some("img:1"), &[], &[], Resources::EMPTY, &[], &[]);

fn add(mut inputs: Inputs) -> Result<Outputs, TaskFailure> {
    let a: i64 = p::input(&mut inputs, "a")?;
    let b: i64 = p::input(&mut inputs, "b")?;
    let mut outputs = Outputs::new();
    p::output(&mut outputs, "o0", &(a + b))?;
    Ok(outputs)
}

const _: () = {
    p::register!(TaskDef {
        fn_name: "add",
        module_path: "bench",
        name: None,
        file: file!(),
        line: line!(),
        column: column!(),
        kind: TaskKind::Function,
        container: &C,
        resources: None,
        pod: None,
        metadata: TaskMetadataDef::DEFAULT,
        inputs: &[
            Param {
                name: "a",
                literal_type: <i64 as podtask::FlyteType>::literal_type,
            },
            Param {
                name: "b",
                literal_type: <i64 as podtask::FlyteType>::literal_type,
            },
        ],
        outputs: &[Param {
            name: "o0",
            literal_type: <i64 as podtask::FlyteType>::literal_type,
        }],
        invoke: Some(add),
    });
};

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
