//! Running tasks in process: `podtask::run::run_json` and the `run` command, with tasks written
//! with `#[task]`: plain, fallible, panicking, async, and raw container tasks.

mod common;
use common::run as cli;

use std::process::ExitCode;
use std::time::Duration;

use podtask::invoke::{Call, Run};
use podtask::{FailureKind, Param, Registry, RunError, TaskDef, TaskFailure, registry, task};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

#[derive(Debug, Serialize, Deserialize)]
struct Point {
    x: f64,
    y: f64,
}

#[task(container(image = "img:1"))]
fn add(a: i64, b: Option<i64>) -> (i64, String) {
    (a + b.unwrap_or(0), format!("{a}+{b:?}"))
}

/// Doubles `n`, up to 10.
#[task(container(image = "img:1"))]
fn checked(n: u32) -> Result<u32, String> {
    if n > 10 {
        Err(format!("{n} is too big"))
    } else {
        Ok(n * 2)
    }
}

#[task(container(image = "img:1"))]
fn panics(what: String) -> i64 {
    panic!("boom: {what}");
}

#[task(container(image = "img:1"))]
fn geometry(points: Vec<Point>, wait: Duration) -> (Point, Duration) {
    let sum = Point {
        x: points.iter().map(|p| p.x).sum(),
        y: points.iter().map(|p| p.y).sum(),
    };
    (sum, wait * 2)
}

#[task(container(image = "img:1"))]
fn too_big() -> u64 {
    u64::MAX
}

#[task(container(image = "img:1"))]
async fn sleeper(n: i64) -> i64 {
    // Yields once, woken by itself, as an async task waiting on I/O would be.
    YieldOnce(false).await;
    n + 1
}

#[task(container(image = "img:1"))]
async fn sleepy_check(n: i64) -> Result<i64, Refused> {
    YieldOnce(false).await;
    if n < 0 {
        return Err(Refused(n));
    }
    Ok(n)
}

/// An error whose `Display` is the task's failure message.
#[derive(Debug)]
struct Refused(i64);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is negative", self.0)
    }
}

#[task(container(image = "img:1", command = ["echo"]))]
fn raw() {}

struct YieldOnce(bool);

impl std::future::Future for YieldOnce {
    type Output = ();
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

/// Runs a task; the error is boxed, as `RunError` is large for a `Result`.
fn run(task: &str, inputs: Value) -> Result<Vec<(String, Value)>, Box<RunError>> {
    let task = registry().task(task).unwrap();
    podtask::run::run_json(&task, obj(inputs)).map_err(Box::new)
}

#[test]
fn runs_and_orders_outputs() {
    let out = run("run.add", json!({"a": 2, "b": 3})).unwrap();
    assert_eq!(
        out,
        vec![
            ("o0".to_owned(), json!(5)),
            ("o1".to_owned(), json!("2+Some(3)"))
        ]
    );
    // An Option input may be left out.
    let out = run("run.add", json!({"a": 2})).unwrap();
    assert_eq!(out[0].1, json!(2));
    assert_eq!(out[1].1, json!("2+None"));
}

#[test]
fn input_errors_name_the_input_and_list_the_interface() {
    let e = *run("run.add", json!({"b": 1})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "task run.add: input \"a\" is missing; inputs: a: INTEGER, b: optional<INTEGER>; \
         outputs: o0: INTEGER, o1: STRING"
    );
    let e = *run("run.add", json!({"a": 1, "c": 2})).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("task run.add has no input \"c\"; inputs: a: INTEGER"),
        "{e}"
    );
    let e = *run("run.add", json!({"a": "one"})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "task run.add: input \"a\" (INTEGER): expected INTEGER, found the string \"one\""
    );
    // Out of the task's Rust type's range: serde's message, naming the input and the type.
    let e = *run("run.checked", json!({"n": -1})).unwrap_err();
    let RunError::Failed { failure, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(failure.kind, FailureKind::User);
    assert!(
        failure
            .message
            .starts_with("input \"n\": cannot read it as u32: invalid value"),
        "{failure:?}"
    );
}

#[test]
fn an_err_fails_with_its_display_and_a_panic_with_its_message() {
    let e = *run("run.checked", json!({"n": 11})).unwrap_err();
    assert_eq!(
        e,
        RunError::Failed {
            task: "run.checked".to_owned(),
            failure: TaskFailure {
                message: "11 is too big".to_owned(),
                kind: FailureKind::User,
                recoverable: false,
            },
        }
    );
    assert_eq!(e.to_string(), "task run.checked failed: 11 is too big");
    // `Ok` is the output.
    assert_eq!(
        run("run.checked", json!({"n": 4})).unwrap(),
        [("o0".to_owned(), json!(8))]
    );
    let e = *run("run.panics", json!({"what": "here"})).unwrap_err();
    let RunError::Failed { failure, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(failure.kind, FailureKind::User);
    assert!(!failure.recoverable);
    assert!(
        failure
            .message
            .starts_with("the task panicked at crates/podtask/tests/run.rs:"),
        "{failure:?}"
    );
    assert!(failure.message.ends_with(": boom: here"), "{failure:?}");
    // The runner goes on after a panic.
    assert_eq!(run("run.checked", json!({"n": 1})).unwrap()[0].1, json!(2));
}

#[test]
fn structs_and_durations() {
    let out = run(
        "run.geometry",
        json!({"points": [{"x": 1, "y": 2.5}, {"x": 0.5, "y": 0}], "wait": "1.5s"}),
    )
    .unwrap();
    assert_eq!(out[0].1, json!({"x": 1.5, "y": 2.5}));
    assert_eq!(out[1].1, json!({"secs": 3, "nanos": 0}));
    let e = *run("run.geometry", json!({"points": [{"x": 1}], "wait": "1s"})).unwrap_err();
    assert!(e.to_string().contains("missing field `y`"), "{e}");
}

#[test]
fn async_tasks_run_to_their_outputs() {
    assert_eq!(
        run("run.sleeper", json!({"n": 1})).unwrap(),
        [("o0".to_owned(), json!(2))]
    );
    assert_eq!(
        run("run.sleepy_check", json!({"n": 5})).unwrap(),
        [("o0".to_owned(), json!(5))]
    );
    // An async task's `Err` fails it with the error's `Display`.
    let e = *run("run.sleepy_check", json!({"n": -3})).unwrap_err();
    assert_eq!(
        e,
        RunError::Failed {
            task: "run.sleepy_check".to_owned(),
            failure: TaskFailure::user("-3 is negative"),
        }
    );
    let (code, out, err) = cli(&["run", "run.sleeper", "-i", "n=41"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(usage_report_only(&err), "{err}");
    assert_eq!(out, "{\n  \"o0\": 42\n}\n");
}

#[test]
fn outputs_are_checked() {
    let e = *run("run.too_big", json!({})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "task run.too_big: output \"o0\" (INTEGER): 18446744073709551615 is above the largest \
         Flyte INTEGER (9223372036854775807), a 64-bit signed integer"
    );
}

/// A function that returns without giving its output: what `#[task]` cannot write, as every
/// function it records gives all its outputs when it returns.
struct Forgets;

impl Run for Forgets {
    fn run(&self, _: &mut Call<'_>) -> Result<(), TaskFailure> {
        Ok(())
    }
}

static FORGETS: TaskDef = TaskDef {
    fn_name: "forgets",
    module_path: "given",
    file: "src/given.rs",
    line: 1,
    column: 4,
    spec: "{}",
    inputs: &[],
    outputs: &[Param {
        name: "o0",
        codec: &<i64 as podtask::types::Value>::CODEC,
    }],
    run: &Forgets,
    extras: &[],
};

#[test]
fn a_missing_output_is_named() {
    let task = Registry::from_defs([&FORGETS])
        .task("given.forgets")
        .unwrap();
    let e = podtask::run::run_json(&task, Map::new()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "task given.forgets: output \"o0\" (INTEGER): the task did not give it"
    );
}

#[test]
fn raw_containers_do_not_run_here() {
    let e = *run("run.raw", json!({})).unwrap_err();
    assert!(
        matches!(&e, RunError::NotRunnable { task, .. } if task == "run.raw"),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .contains("raw-container task), not a Rust function, so it cannot run in this process"),
        "{e}"
    );
    let literals =
        podtask::run::run_literals(&registry().task("run.raw").unwrap(), &Default::default())
            .unwrap_err();
    assert_eq!(literals, e);
}

#[test]
fn run_command_prints_outputs_in_order() {
    let (code, out, err) = cli(&["run", "run.add", "--input", "a=2", "-i", "b=null"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(usage_report_only(&err), "{err}");
    assert_eq!(out, "{\n  \"o0\": 2,\n  \"o1\": \"2+None\"\n}\n");
    // A string input takes the text as it is when it is not JSON of its type.
    let (code, out, err) = cli(&["run", "run.panics", "-i", "what=etl.py"]);
    assert_eq!((code, out.as_str()), (ExitCode::FAILURE, ""));
    assert!(err.ends_with(": boom: etl.py\n"), "{err}");
    let (code, _, err) = cli(&["run", "run.checked", "-i", "n=11"]);
    assert_eq!(code, ExitCode::FAILURE);
    // The usage report, then the error.
    let (report, error) = err.split_at(err.find("error: ").unwrap_or(0));
    assert!(usage_report_only(report), "{err}");
    assert_eq!(error, "error: task run.checked failed: 11 is too big\n");
    let (code, _, err) = cli(&["run", "run.add", "-i", "a=x"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(
        err,
        "error: task run.add: --input a=x: expected INTEGER, found \"x\", which is not JSON of \
         that type; inputs: a: INTEGER, b: optional<INTEGER>; outputs: o0: INTEGER, o1: STRING\n"
    );
    let (code, _, err) = cli(&["run", "run.add", "-i", "a"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(err, "error: --input \"a\": expected NAME=VALUE\n");
    let (code, _, err) = cli(&["run", "run.nope"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(
        err,
        "error: no task is named \"run.nope\" (`list` prints every task)\n"
    );
    let (code, _, err) = cli(&["run", "run.chekced"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(
        err,
        "error: no task is named \"run.chekced\"; did you mean \"run.checked\"? (`list` prints \
         every task)\n"
    );
}

#[test]
fn run_command_reads_a_json_file() {
    let dir = common::scratch("run", "inputs-json");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("inputs.json");
    std::fs::write(
        &file,
        r#"{"points": [{"x": 1, "y": 1}], "wait": {"secs": 1, "nanos": 5}}"#,
    )
    .unwrap();
    let (code, out, err) = cli(&[
        "run",
        "run.geometry",
        "--inputs-json",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(usage_report_only(&err), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        json!({"o0": {"x": 1.0, "y": 1.0}, "o1": {"secs": 2, "nanos": 10}})
    );
    std::fs::write(&file, "[1]").unwrap();
    let (code, _, err) = cli(&[
        "run",
        "run.geometry",
        "--inputs-json",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        err.contains("expected a JSON object of input name to value"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// With the `tokio` feature, async tasks run on a tokio runtime: tokio's own futures work.
#[cfg(feature = "tokio")]
#[test]
fn tokio_runs_async_tasks() {
    let v = podtask::invoke::block_on(async { tokio::spawn(async { 41 }).await.unwrap() + 1 });
    assert_eq!(v, 42);
}

/// Whether `err` is only the usage report `run` prints on standard error.
fn usage_report_only(err: &str) -> bool {
    let mut lines = err.lines();
    lines
        .next()
        .is_some_and(|l| l.starts_with("task ") && l.contains(" used: wall "))
        && lines.all(|l| {
            ["  warning: ", "  advice: ", "  note: "]
                .iter()
                .any(|p| l.starts_with(p))
        })
}
