//! The container entrypoint: `execute` reads `inputs.pb`, writes `outputs.pb` or `error.pb`,
//! and exits as `pyflyte-execute` does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use podtask::__private::{
    self as p, Container, Inputs, Outputs, Param, Probe, Resources, TaskDef, TaskFailure, TaskKind,
    TaskMetadataDef,
};
use podtask::flyte::LiteralType;
use podtask::proto::core::{
    ErrorDocument, Literal, LiteralMap, Primitive, container_error, execution_error::ErrorKind,
};
use prost::Message;

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
    ($name:literal, [$($i:literal: $it:ty),*], [$($o:literal: $ot:ty),*], $invoke:expr) => {
        const _: () = {
            p::register!(TaskDef {
                fn_name: $name,
                module_path: "ex",
                name: None,
                file: file!(),
                line: line!(),
                column: column!(),
                kind: TaskKind::Function,
                container: &C,
                resources: None,
                pod: None,
                metadata: TaskMetadataDef::DEFAULT,
                inputs: &[$(Param { name: $i, literal_type: lt!($it) }),*],
                outputs: &[$(Param { name: $o, literal_type: lt!($ot) }),*],
                invoke: Some($invoke),
            });
        };
    };
}

fn double(mut inputs: Inputs) -> Result<Outputs, TaskFailure> {
    let xs: Vec<i64> = p::input(&mut inputs, "xs")?;
    let label: Option<String> = p::input(&mut inputs, "label")?;
    let mut outputs = Outputs::new();
    p::output(
        &mut outputs,
        "o0",
        &xs.iter().map(|x| x * 2).collect::<Vec<_>>(),
    )?;
    p::output(&mut outputs, "o1", &label)?;
    Ok(outputs)
}
def!("double", ["xs": Vec<i64>, "label": Option<String>], ["o0": Vec<i64>, "o1": Option<String>], double);

fn refuse(mut inputs: Inputs) -> Result<Outputs, TaskFailure> {
    let why: String = p::input(&mut inputs, "why")?;
    Err(p::fail(why))
}
def!("refuse", ["why": String], ["o0": i64], refuse);

fn explode(_: Inputs) -> Result<Outputs, TaskFailure> {
    let v: Vec<i64> = Vec::new();
    let mut outputs = Outputs::new();
    #[allow(clippy::indexing_slicing)]
    p::output(&mut outputs, "o0", &v[3])?;
    Ok(outputs)
}
def!("explode", [], ["o0": i64], explode);

fn flaky(_: Inputs) -> Result<Outputs, TaskFailure> {
    Err(TaskFailure::system("the database went away"))
}
def!("flaky", [], ["o0": i64], flaky);

fn nothing(_: Inputs) -> Result<Outputs, TaskFailure> {
    Ok(Outputs::new())
}
def!("nothing", [], [], nothing);

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

fn error_doc(path: &Path) -> podtask::proto::core::ContainerError {
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
    let (code, err) = execute("ex.double", &inputs, &dir.path("out"));
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
    let o1 = podtask::value::literal_to_json(
        &map.literals["o1"],
        &podtask::registry()
            .unwrap()
            .get("ex.double")
            .unwrap()
            .interface()
            .outputs
            .variables["o1"]
            .r#type,
    )
    .unwrap();
    assert_eq!(o1, serde_json::json!("x"));
    let Some(podtask::proto::core::literal::Value::Scalar(s)) = &map.literals["o1"].value else {
        panic!()
    };
    assert!(matches!(
        s.value,
        Some(podtask::proto::core::scalar::Value::Union(_))
    ));
}

#[test]
fn no_outputs_is_an_empty_map() {
    let dir = Dir::new("empty");
    let inputs = inputs_file(&dir, vec![]);
    let (code, err) = execute("ex.nothing", &inputs, &dir.path("out"));
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
    let (code, _) = execute("ex.refuse", &inputs, &dir.path("out"));
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
    let (code, _) = execute("ex.explode", &inputs, &dir.path("out"));
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
    let dir = Dir::new("system");
    let inputs = inputs_file(&dir, vec![]);
    let (code, _) = execute("ex.flaky", &inputs, &dir.path("out"));
    assert_eq!(code, ExitCode::SUCCESS);
    let e = error_doc(&dir.path("out/error.pb"));
    assert_eq!(e.code, "SYSTEM");
    assert_eq!(e.kind, container_error::Kind::Recoverable as i32);
    assert_eq!(e.origin, ErrorKind::System as i32);
}

#[test]
fn unreadable_inputs_are_a_system_error() {
    let dir = Dir::new("noinputs");
    let (code, _) = execute("ex.double", &dir.path("missing.pb"), &dir.path("out"));
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
    let (code, _) = execute("ex.double", &dir.path("bad.pb"), &dir.path("out2"));
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
    execute("ex.double", &inputs, &dir.path("out"));
    let e = error_doc(&dir.path("out/error.pb"));
    assert_eq!(e.origin, ErrorKind::User as i32);
    assert_eq!(
        e.message,
        "task ex.double: input \"xs\" (list<INTEGER>): expected list<INTEGER>, found a string"
    );
    execute("ex.nope", &inputs, &dir.path("out2"));
    let e = error_doc(&dir.path("out2/error.pb"));
    assert_eq!(e.origin, ErrorKind::User as i32);
    assert!(
        e.message
            .starts_with("this program has no task named \"ex.nope\" (it has: ex.double,"),
        "{}",
        e.message
    );
}

#[test]
fn exits_1_when_nothing_can_be_written() {
    let dir = Dir::new("unwritable");
    let inputs = inputs_file(&dir, vec![("why", Primitive::string("x").into())]);
    // The output prefix is a file: neither outputs.pb nor error.pb can go under it.
    std::fs::write(dir.path("file"), "").unwrap();
    let (code, err) = execute("ex.refuse", &inputs, &dir.path("file"));
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        err.starts_with(
            "error: task ex.refuse failed (x), and its error document cannot be written: "
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
            "ex.double".to_owned(),
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
        "ex.refuse",
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
