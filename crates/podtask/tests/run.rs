//! Running tasks in process: `Task::run_json` and the `run` command, with tasks registered as
//! `#[task]` registers them (invoker included).

use std::process::ExitCode;
use std::time::Duration;

use podtask::__private::{
    self as p, Container, Inputs, Outputs, Param, Probe, Resources, TaskDef, TaskFailure, TaskKind,
    TaskMetadataDef,
};
use podtask::flyte::LiteralType;
use podtask::{FailureKind, RunError, registry};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

const C: Container = Container::new_const(Some("img:1"), &[], &[], Resources::EMPTY, &[], &[]);

macro_rules! lt {
    ($t:ty) => {{
        let f: fn() -> LiteralType = || {
            #[allow(unused_imports)]
            use podtask::__private::{ViaFlyteType as _, ViaSerde as _};
            (&&Probe::<$t>::NEW).literal_type()
        };
        f
    }};
}

macro_rules! def {
    ($name:literal, $kind:ident, [$($i:literal: $it:ty),*], [$($o:literal: $ot:ty),*], $invoke:expr) => {
        const _: () = {
            p::register!(TaskDef {
                fn_name: $name,
                module_path: "runs",
                name: None,
                file: file!(),
                line: line!(),
                column: column!(),
                kind: TaskKind::$kind,
                container: &C,
                resources: None,
                pod: None,
                metadata: TaskMetadataDef::DEFAULT,
                inputs: &[$(Param { name: $i, literal_type: lt!($it) }),*],
                outputs: &[$(Param { name: $o, literal_type: lt!($ot) }),*],
                invoke: $invoke,
            });
        };
    };
}

#[derive(Debug, Serialize, Deserialize)]
struct Point {
    x: f64,
    y: f64,
}

fn add(mut inputs: Inputs) -> Result<Outputs, TaskFailure> {
    let a: i64 = p::input(&mut inputs, "a")?;
    let b: Option<i64> = p::input(&mut inputs, "b")?;
    let mut outputs = Outputs::new();
    p::output(&mut outputs, "sum", &(a + b.unwrap_or(0)))?;
    p::output(&mut outputs, "text", &format!("{a}+{b:?}"))?;
    Ok(outputs)
}
def!("add", Function, ["a": i64, "b": Option<i64>], ["sum": i64, "text": String], Some(add));

fn checked(mut inputs: Inputs) -> Result<Outputs, TaskFailure> {
    let n: u32 = p::input(&mut inputs, "n")?;
    let result: Result<u32, String> = if n > 10 {
        Err(format!("{n} is too big"))
    } else {
        Ok(n * 2)
    };
    let value = match result {
        Ok(v) => v,
        Err(e) => return Err(p::fail(e)),
    };
    let mut outputs = Outputs::new();
    p::output(&mut outputs, "o0", &value)?;
    Ok(outputs)
}
def!("checked", Function, ["n": u32], ["o0": u32], Some(checked));

fn panics(mut inputs: Inputs) -> Result<Outputs, TaskFailure> {
    let what: String = p::input(&mut inputs, "what")?;
    panic!("boom: {what}");
}
def!("panics", Function, ["what": String], ["o0": i64], Some(panics));

fn geometry(mut inputs: Inputs) -> Result<Outputs, TaskFailure> {
    let pts: Vec<Point> = p::input(&mut inputs, "points")?;
    let wait: Duration = p::input(&mut inputs, "wait")?;
    let mut outputs = Outputs::new();
    let sum = Point {
        x: pts.iter().map(|p| p.x).sum(),
        y: pts.iter().map(|p| p.y).sum(),
    };
    p::output(&mut outputs, "o0", &sum)?;
    p::output(&mut outputs, "o1", &(wait * 2))?;
    Ok(outputs)
}
def!("geometry", Function, ["points": Vec<Point>, "wait": Duration], ["o0": Point, "o1": Duration], Some(geometry));

fn too_big(_: Inputs) -> Result<Outputs, TaskFailure> {
    let mut outputs = Outputs::new();
    p::output(&mut outputs, "o0", &u64::MAX)?;
    Ok(outputs)
}
def!("too_big", Function, [], ["o0": u64], Some(too_big));

fn forgets(_: Inputs) -> Result<Outputs, TaskFailure> {
    Ok(Outputs::new())
}
def!("forgets", Function, [], ["o0": i64], Some(forgets));

fn sleeper(mut inputs: Inputs) -> Result<Outputs, TaskFailure> {
    let n: i64 = p::input(&mut inputs, "n")?;
    let v = p::block_on(async move {
        // Yields once, woken by itself, as an async task waiting on I/O would be.
        YieldOnce(false).await;
        n + 1
    });
    let mut outputs = Outputs::new();
    p::output(&mut outputs, "o0", &v)?;
    Ok(outputs)
}
def!("sleeper", Function, ["n": i64], ["o0": i64], Some(sleeper));

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

const RAW: Container = Container::new_const(
    Some("img:1"),
    &[std::borrow::Cow::Borrowed("echo")],
    &[],
    Resources::EMPTY,
    &[],
    &[],
);
const _: () = {
    p::register!(TaskDef {
        fn_name: "raw",
        module_path: "runs",
        name: None,
        file: file!(),
        line: line!(),
        column: column!(),
        kind: TaskKind::RawContainer,
        container: &RAW,
        resources: None,
        pod: None,
        metadata: TaskMetadataDef::DEFAULT,
        inputs: &[],
        outputs: &[],
        invoke: None,
    });
};

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

/// Runs a task; the error is boxed, as `RunError` is large for a `Result`.
fn run(task: &str, inputs: Value) -> Result<Vec<(String, Value)>, Box<RunError>> {
    registry()
        .unwrap()
        .get(task)
        .unwrap()
        .run_json(obj(inputs))
        .map_err(Box::new)
}

#[test]
fn runs_and_orders_outputs() {
    let out = run("runs.add", json!({"a": 2, "b": 3})).unwrap();
    assert_eq!(
        out,
        vec![
            ("sum".to_owned(), json!(5)),
            ("text".to_owned(), json!("2+Some(3)"))
        ]
    );
    // An Option input may be left out.
    let out = run("runs.add", json!({"a": 2})).unwrap();
    assert_eq!(out[0].1, json!(2));
}

#[test]
fn input_errors_name_the_input_and_list_the_interface() {
    let e = *run("runs.add", json!({"b": 1})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "task runs.add: input \"a\" is missing; inputs: a: INTEGER, b: optional<INTEGER>; \
         outputs: sum: INTEGER, text: STRING"
    );
    let e = *run("runs.add", json!({"a": 1, "c": 2})).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("task runs.add has no input \"c\"; inputs: a: INTEGER"),
        "{e}"
    );
    let e = *run("runs.add", json!({"a": "one"})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "task runs.add: input \"a\" (INTEGER): expected INTEGER, found the string \"one\""
    );
    // Out of the task's Rust type's range: serde's message, naming the input and the type.
    let e = *run("runs.checked", json!({"n": -1})).unwrap_err();
    let RunError::Failed { failure, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(
        failure
            .message
            .starts_with("input \"n\": cannot read it as u32: invalid value"),
        "{failure:?}"
    );
}

#[test]
fn errors_and_panics_are_failures() {
    let e = *run("runs.checked", json!({"n": 11})).unwrap_err();
    assert_eq!(
        e,
        RunError::Failed {
            task: "runs.checked".to_owned(),
            failure: TaskFailure {
                message: "11 is too big".to_owned(),
                kind: FailureKind::User,
                recoverable: false,
            },
        }
    );
    let e = *run("runs.panics", json!({"what": "here"})).unwrap_err();
    let RunError::Failed { failure, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(failure.kind, FailureKind::User);
    assert!(
        failure
            .message
            .starts_with("the task panicked at crates/podtask/tests/run.rs:"),
        "{failure:?}"
    );
    assert!(failure.message.ends_with(": boom: here"), "{failure:?}");
    // The runner goes on after a panic.
    assert_eq!(run("runs.checked", json!({"n": 1})).unwrap()[0].1, json!(2));
}

#[test]
fn structs_durations_and_async() {
    let out = run(
        "runs.geometry",
        json!({"points": [{"x": 1, "y": 2.5}, {"x": 0.5, "y": 0}], "wait": "1.5s"}),
    )
    .unwrap();
    assert_eq!(out[0].1, json!({"x": 1.5, "y": 2.5}));
    assert_eq!(out[1].1, json!({"secs": 3, "nanos": 0}));
    let e = *run("runs.geometry", json!({"points": [{"x": 1}], "wait": "1s"})).unwrap_err();
    assert!(e.to_string().contains("missing field `y`"), "{e}");
    assert_eq!(run("runs.sleeper", json!({"n": 1})).unwrap()[0].1, json!(2));
}

#[test]
fn outputs_are_checked() {
    let e = *run("runs.too_big", json!({})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "task runs.too_big: output \"o0\" (INTEGER): 18446744073709551615 is above the largest \
         Flyte INTEGER (9223372036854775807), a 64-bit signed integer"
    );
    let e = *run("runs.forgets", json!({})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "task runs.forgets: output \"o0\" (INTEGER): the task did not give it"
    );
}

#[test]
fn raw_containers_do_not_run_here() {
    let e = *run("runs.raw", json!({})).unwrap_err();
    assert!(
        e.to_string()
            .contains("raw-container task), not a Rust function, so it cannot run in this process"),
        "{e}"
    );
}

fn cli(args: &[&str]) -> (ExitCode, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = podtask::main_with_io(
        std::iter::once("tasks").chain(args.iter().copied()),
        &mut out,
        &mut err,
    );
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn run_command_prints_outputs_in_order() {
    let (code, out, err) = cli(&["run", "runs.add", "--input", "a=2", "-i", "b=null"]);
    assert_eq!((code, err.as_str()), (ExitCode::SUCCESS, ""));
    assert_eq!(out, "{\n  \"sum\": 2,\n  \"text\": \"2+None\"\n}\n");
    // A string input takes the text as it is when it is not JSON of its type.
    let (code, out, _) = cli(&["run", "runs.panics", "-i", "what=etl.py"]);
    assert_eq!((code, out.as_str()), (ExitCode::FAILURE, ""));
    let (code, _, err) = cli(&["run", "runs.add", "-i", "a=x"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(
        err,
        "error: task runs.add: --input a=x: expected INTEGER, found \"x\", which is not JSON of \
         that type; inputs: a: INTEGER, b: optional<INTEGER>; outputs: sum: INTEGER, text: STRING\n"
    );
    let (code, _, err) = cli(&["run", "runs.nope"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        err.starts_with("error: no task named \"runs.nope\"; the tasks are: runs.add"),
        "{err}"
    );
}

#[test]
fn run_command_reads_a_json_file() {
    let dir = std::env::temp_dir().join(format!("podtask-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("inputs.json");
    std::fs::write(
        &file,
        r#"{"points": [{"x": 1, "y": 1}], "wait": {"secs": 1, "nanos": 5}}"#,
    )
    .unwrap();
    let (code, out, err) = cli(&[
        "run",
        "runs.geometry",
        "--inputs-json",
        file.to_str().unwrap(),
    ]);
    assert_eq!((code, err.as_str()), (ExitCode::SUCCESS, ""));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        json!({"o0": {"x": 1.0, "y": 1.0}, "o1": {"secs": 2, "nanos": 10}})
    );
    std::fs::write(&file, "[1]").unwrap();
    let (code, _, err) = cli(&[
        "run",
        "runs.geometry",
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
    let v = p::block_on(async { tokio::spawn(async { 41 }).await.unwrap() + 1 });
    assert_eq!(v, 42);
}
