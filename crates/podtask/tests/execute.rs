//! The container entrypoint: `execute` reads `inputs.pb`, writes `outputs.pb` or `error.pb`,
//! and exits as `pyflyte-execute` does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use podtask::flyteidl::core::{
    ContainerError, ErrorDocument, Literal, LiteralMap, Primitive, container_error,
    execution_error::ErrorKind, literal, scalar,
};
use podtask::invoke::{Call, Run};
use podtask::{FailureKind, Param, Registry, RunError, TaskDef, TaskFailure, registry, task};
use prost::Message;

#[task(container(image = "img:1"))]
fn double(xs: Vec<i64>, label: Option<String>) -> (Vec<i64>, Option<String>) {
    (xs.iter().map(|x| x * 2).collect(), label)
}

#[task(container(image = "img:1"))]
fn refuse(why: String) -> Result<i64, String> {
    Err(why)
}

#[task(container(image = "img:1"))]
fn explode() -> i64 {
    let v: Vec<i64> = std::hint::black_box(Vec::new());
    v[3]
}

#[task(container(image = "img:1"))]
fn nothing() {}

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("podtask-ex-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn names(&self, sub: &str) -> Vec<String> {
        let mut v: Vec<String> = match std::fs::read_dir(self.path(sub)) {
            Ok(rd) => rd
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        v.sort();
        v
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn inputs_file(dir: &Dir, literals: Vec<(&str, Literal)>) -> PathBuf {
    let map = LiteralMap {
        literals: literals
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    };
    let path = dir.path("inputs.pb");
    std::fs::write(&path, map.encode_to_vec()).unwrap();
    path
}

/// `execute` with the arguments the template gives, placeholders filled in.
fn execute(task: &str, inputs: &Path, prefix: &Path) -> (ExitCode, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let args = [
        "tasks",
        "execute",
        "--task",
        task,
        "--inputs",
        inputs.to_str().unwrap(),
        "--output-prefix",
        prefix.to_str().unwrap(),
        "--raw-output-data-prefix",
        "/tmp/raw",
        "--checkpoint-path",
        "/tmp/checkpoint",
        "--prev-checkpoint",
        "",
    ];
    let code = podtask::main_with_io(args, &mut out, &mut err);
    (code, String::from_utf8(err).unwrap())
}

fn error_doc(path: &Path) -> ContainerError {
    let bytes = std::fs::read(path).unwrap();
    ErrorDocument::decode(bytes.as_slice())
        .unwrap()
        .error
        .unwrap()
}

#[test]
fn writes_outputs() {
    let dir = Dir::new("ok");
    let xs = Literal::collection(vec![
        Primitive::integer(1).into(),
        Primitive::integer(-4).into(),
    ]);
    let inputs = inputs_file(
        &dir,
        vec![("xs", xs), ("label", Primitive::string("x").into())],
    );
    let (code, err) = execute("execute.double", &inputs, &dir.path("out"));
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert_eq!(dir.names("out"), ["outputs.pb"]);
    let bytes = std::fs::read(dir.path("out/outputs.pb")).unwrap();
    let map = LiteralMap::decode(bytes.as_slice()).unwrap();
    assert_eq!(
        map.literals["o0"],
        Literal::collection(vec![
            Primitive::integer(2).into(),
            Primitive::integer(-8).into()
        ])
    );
    // An Option output is a union, as flytekit writes Optional[str].
    let task = registry().task("execute.double").unwrap();
    let o1 = podtask::value::literal_to_json(&map.literals["o1"], task.output_type("o1").unwrap())
        .unwrap();
    assert_eq!(o1, serde_json::json!("x"));
    let Some(literal::Value::Scalar(s)) = &map.literals["o1"].value else {
        panic!("{:?}", map.literals["o1"])
    };
    assert!(matches!(s.value, Some(scalar::Value::Union(_))));
}

#[test]
fn no_outputs_is_an_empty_map() {
    let dir = Dir::new("empty");
    let inputs = inputs_file(&dir, vec![]);
    let (code, err) = execute("execute.nothing", &inputs, &dir.path("out"));
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    let bytes = std::fs::read(dir.path("out/outputs.pb")).unwrap();
    assert_eq!(
        LiteralMap::decode(bytes.as_slice()).unwrap(),
        LiteralMap::default()
    );
}

#[test]
fn an_err_is_a_user_error_document() {
    let dir = Dir::new("err");
    let inputs = inputs_file(&dir, vec![("why", Primitive::string("no data").into())]);
    let (code, _) = execute("execute.refuse", &inputs, &dir.path("out"));
    // As pyflyte-execute: the failure is in error.pb, and the process exits 0.
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(dir.names("out"), ["error.pb"]);
    let e = error_doc(&dir.path("out/error.pb"));
    assert_eq!(e.code, "USER:RuntimeError");
    assert_eq!(e.message, "no data");
    assert_eq!(e.kind, container_error::Kind::NonRecoverable as i32);
    assert_eq!(e.origin, ErrorKind::User as i32);
    assert!(e.timestamp.unwrap().seconds > 1_700_000_000);
    assert_eq!(e.worker, "");
}

#[test]
fn a_panic_is_a_user_error_document() {
    let dir = Dir::new("panic");
    let inputs = inputs_file(&dir, vec![]);
    let (code, _) = execute("execute.explode", &inputs, &dir.path("out"));
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(dir.names("out"), ["error.pb"]);
    let e = error_doc(&dir.path("out/error.pb"));
    assert_eq!(e.origin, ErrorKind::User as i32);
    assert!(
        e.message
            .starts_with("the task panicked at crates/podtask/tests/execute.rs:")
            && e.message.contains("index out of bounds"),
        "{}",
        e.message
    );
}

#[test]
fn a_system_failure_is_recoverable() {
    // Inputs that cannot be read are the platform's failure, not the task's: worth another try.
    let dir = Dir::new("system");
    let (code, _) = execute("execute.double", &dir.path("missing.pb"), &dir.path("out"));
    assert_eq!(code, ExitCode::SUCCESS);
    let e = error_doc(&dir.path("out/error.pb"));
    assert_eq!(e.code, "SYSTEM");
    assert_eq!(e.kind, container_error::Kind::Recoverable as i32);
    assert_eq!(e.origin, ErrorKind::System as i32);
}

/// A function that fails as the platform around it would: what `#[task]` cannot write, as a
/// task's own `Err` is always the task's fault.
struct Flaky;

impl Run for Flaky {
    fn run(&self, _: &mut Call<'_>) -> Result<(), TaskFailure> {
        Err(TaskFailure::system("the database went away"))
    }
}

static FLAKY: TaskDef = TaskDef {
    fn_name: "flaky",
    module_path: "given",
    file: "src/given.rs",
    line: 1,
    column: 4,
    spec: r#"{"container":{"image":"img:1"}}"#,
    inputs: &[],
    outputs: &[Param {
        name: "o0",
        codec: &<i64 as podtask::types::Value>::CODEC,
    }],
    run: &Flaky,
    extras: &[],
};

#[test]
fn a_system_failure_of_the_task_stays_the_platforms() {
    let task = Registry::from_defs([&FLAKY]).task("given.flaky").unwrap();
    let e = podtask::run::run_literals(&task, &LiteralMap::default()).unwrap_err();
    let failure = TaskFailure {
        message: "the database went away".to_owned(),
        kind: FailureKind::System,
        recoverable: true,
    };
    assert_eq!(
        e,
        RunError::Failed {
            task: "given.flaky".to_owned(),
            failure: failure.clone(),
        }
    );
    assert_eq!(e.to_failure(), failure);
    assert_eq!(
        e.to_string(),
        "task given.flaky failed: the database went away"
    );
    // Any other error of a run is the caller's: a user failure with the error's message.
    let unknown = LiteralMap {
        literals: [("x".to_owned(), Primitive::integer(1).into())]
            .into_iter()
            .collect(),
    };
    let e = podtask::run::run_literals(&task, &unknown).unwrap_err();
    assert_eq!(
        e.to_failure(),
        TaskFailure::user(
            "task given.flaky has no input \"x\"; inputs: none; outputs: o0: INTEGER"
        )
    );
}

#[test]
fn unreadable_inputs_are_a_system_error() {
    let dir = Dir::new("noinputs");
    let (code, _) = execute("execute.double", &dir.path("missing.pb"), &dir.path("out"));
    assert_eq!(code, ExitCode::SUCCESS);
    let e = error_doc(&dir.path("out/error.pb"));
    assert_eq!(e.code, "SYSTEM");
    assert!(
        e.message.starts_with("cannot read the inputs: "),
        "{}",
        e.message
    );
    assert!(e.message.contains("missing.pb"), "{}", e.message);
    // Bytes that are not a LiteralMap.
    std::fs::write(dir.path("bad.pb"), [0xff, 0xff, 0xff]).unwrap();
    let (code, _) = execute("execute.double", &dir.path("bad.pb"), &dir.path("out2"));
    assert_eq!(code, ExitCode::SUCCESS);
    let e = error_doc(&dir.path("out2/error.pb"));
    assert!(
        e.message.contains("is not a flyteidl LiteralMap"),
        "{}",
        e.message
    );
}

#[test]
fn mistyped_inputs_and_unknown_tasks_are_user_errors() {
    let dir = Dir::new("mistyped");
    let inputs = inputs_file(&dir, vec![("xs", Primitive::string("1, 2").into())]);
    execute("execute.double", &inputs, &dir.path("out"));
    let e = error_doc(&dir.path("out/error.pb"));
    assert_eq!(e.origin, ErrorKind::User as i32);
    assert_eq!(e.code, "USER:RuntimeError");
    assert_eq!(
        e.message,
        "task execute.double: input \"xs\" (list<INTEGER>): expected list<INTEGER>, found a string"
    );
    execute("execute.dubble", &inputs, &dir.path("out2"));
    let e = error_doc(&dir.path("out2/error.pb"));
    assert_eq!(e.origin, ErrorKind::User as i32);
    assert_eq!(
        e.message,
        "no task is named \"execute.dubble\"; did you mean \"execute.double\"? (`list` prints \
         every task); the template and the image's binary do not match"
    );
}

#[test]
fn exits_1_when_nothing_can_be_written() {
    let dir = Dir::new("unwritable");
    let inputs = inputs_file(&dir, vec![("why", Primitive::string("x").into())]);
    // The output prefix is a file: neither outputs.pb nor error.pb can go under it.
    std::fs::write(dir.path("file"), "").unwrap();
    let (code, err) = execute("execute.refuse", &inputs, &dir.path("file"));
    assert_eq!(code, ExitCode::FAILURE);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "task execute.refuse failed: x", "{err}");
    assert!(
        lines[1].starts_with("podtask usage: task=execute.refuse "),
        "{err}"
    );
    assert!(
        lines[2].starts_with(
            "error: task execute.refuse failed (x), and its error document cannot be written: "
        ),
        "{err}"
    );
}

#[test]
fn file_urls_are_local_paths() {
    let dir = Dir::new("urls");
    let inputs = inputs_file(&dir, vec![("xs", Literal::collection(vec![]))]);
    let url = |p: PathBuf| format!("file://{}", p.display());
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = podtask::main_with_io(
        [
            "tasks".to_owned(),
            "execute".to_owned(),
            "--task".to_owned(),
            "execute.double".to_owned(),
            "--inputs".to_owned(),
            url(inputs),
            "--output-prefix".to_owned(),
            url(dir.path("out")),
        ],
        &mut out,
        &mut err,
    );
    assert_eq!(code, ExitCode::SUCCESS, "{}", String::from_utf8_lossy(&err));
    assert_eq!(dir.names("out"), ["outputs.pb"]);
}

#[test]
fn atomic_writes_leave_no_partial_file() {
    let dir = Dir::new("atomic");
    let target = dir.path("outputs.pb");
    std::fs::write(&target, b"old").unwrap();
    // A write that fails half way: the old file stays, no temporary file is left.
    let r = podtask::store::write_local_atomic(&target, |f| {
        use std::io::Write;
        f.write_all(b"new but only half")?;
        Err(std::io::Error::other("disk full"))
    });
    assert_eq!(r.unwrap_err().to_string(), "disk full");
    assert_eq!(std::fs::read(&target).unwrap(), b"old");
    assert_eq!(dir.names(""), ["outputs.pb"]);
    podtask::store::write(target.to_str().unwrap(), b"new").unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"new");
    assert_eq!(dir.names(""), ["outputs.pb"]);
}

/// Runs `execute` in a child process with `FLYTE_FAIL_ON_ERROR` set (the environment of this
/// process cannot be changed safely while tests run in threads).
#[test]
fn fail_on_error_exits_1() {
    if let Ok(args) = std::env::var("PODTASK_TEST_EXECUTE") {
        let args: Vec<&str> = args.split('\u{1f}').collect();
        let code = podtask::main_with_args(std::iter::once("tasks").chain(args));
        let status = if code == ExitCode::SUCCESS { 0 } else { 1 };
        std::process::exit(status);
    }
    let dir = Dir::new("failonerror");
    let inputs = inputs_file(&dir, vec![("why", Primitive::string("x").into())]);
    let prefix = dir.path("out");
    let args = [
        "execute",
        "--task",
        "execute.refuse",
        "--inputs",
        inputs.to_str().unwrap(),
        "--output-prefix",
        prefix.to_str().unwrap(),
    ]
    .join("\u{1f}");
    let child = |fail_on_error: &str| {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "fail_on_error_exits_1", "--nocapture"])
            .env("PODTASK_TEST_EXECUTE", &args)
            .env("FLYTE_FAIL_ON_ERROR", fail_on_error)
            .output()
            .unwrap()
    };
    let failing = child("true");
    assert_eq!(failing.status.code(), Some(1), "{failing:?}");
    assert_eq!(dir.names("out"), ["error.pb"]);
    let passing = child("false");
    assert_eq!(passing.status.code(), Some(0), "{passing:?}");
}
