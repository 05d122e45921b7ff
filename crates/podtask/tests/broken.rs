//! Tasks whose pod spec, built by code when the program runs, cannot be used: each breaks only
//! itself. The other tasks of the program still run, print their Pods and are found by name;
//! `list` still lists every task; `check`, `serialize` and `package` name every broken task and
//! write nothing.

mod common;
use common::{files, location_of, run};

use std::process::ExitCode;

use podtask::flyteidl::core::{ErrorDocument, LiteralMap, Primitive};
use podtask::{RegistryError, TaskErrorKind, registry};
use prost::Message;
use serde_json::{Value, json};

mod good {
    use podtask::task;

    #[task(container(image = "busybox:1.36"))]
    fn add(a: i64, b: i64) -> i64 {
        a + b
    }

    #[task(container(image = "busybox:1.36"), pod(primary_container = "main", spec = spec))]
    fn in_pod(name: String) -> String {
        format!("hello {name}")
    }

    fn spec() -> serde_json::Value {
        serde_json::json!({"containers": [{"name": "main", "workingDir": "/work"}]})
    }
}

mod bad {
    use podtask::task;

    /// A spec that is not a JSON object.
    fn array() -> serde_json::Value {
        serde_json::json!([{"name": "main"}])
    }

    #[task(container(image = "busybox:1.36"), pod(spec = array))]
    fn not_an_object(n: i64) -> i64 {
        n
    }

    /// A sidecar without an image: only the primary container gets the task's.
    fn sidecar() -> serde_json::Value {
        serde_json::json!({"containers": [{"name": "main"}, {"name": "sidecar"}]})
    }

    #[task(container(image = "busybox:1.36"), pod(primary_container = "main", spec = sidecar))]
    fn sidecar_without_image(n: i64) -> i64 {
        n
    }
}

/// Why `broken.bad.not_an_object` cannot be used.
fn not_an_object_error() -> String {
    format!(
        "task broken.bad.not_an_object at {}: invalid pod spec: a pod spec is a JSON object, the \
         function returned an array",
        location_of(file!(), "not_an_object")
    )
}

/// Why `broken.bad.sidecar_without_image` cannot be used.
fn sidecar_error() -> String {
    format!(
        "task broken.bad.sidecar_without_image at {}: invalid pod spec: containers[1].image: \
         Required value: only the primary container (\"main\") gets the task's image; container \
         \"sidecar\" needs its own",
        location_of(file!(), "sidecar_without_image")
    )
}

/// What `check`, `serialize` and `package` say: both broken tasks, in name order.
fn both_errors() -> String {
    format!(
        "error: 2 problems with the program's tasks:\n  {}\n  {}\n",
        not_an_object_error(),
        sidecar_error()
    )
}

#[test]
fn a_broken_task_is_an_error_naming_it_and_its_spec() {
    let e = registry().task("broken.bad.not_an_object").unwrap_err();
    assert!(
        matches!(
            &e,
            RegistryError::Task {
                kind: TaskErrorKind::InvalidPod(_),
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.to_string(), not_an_object_error());
    let e = registry()
        .task("broken.bad.sidecar_without_image")
        .unwrap_err();
    assert_eq!(e.to_string(), sidecar_error());
    let errors: Vec<String> = registry().check().iter().map(|e| e.to_string()).collect();
    assert_eq!(errors, [not_an_object_error(), sidecar_error()]);
}

#[test]
fn the_other_tasks_are_found_and_run() {
    let add = registry().task("broken.good.add").unwrap();
    let inputs = json!({"a": 2, "b": 3}).as_object().unwrap().clone();
    assert_eq!(
        podtask::run::run_json(&add, inputs).unwrap(),
        [("o0".to_owned(), json!(5))]
    );
    // A spec built by code that is fine is built and checked when its task is read.
    let in_pod = registry().task("broken.good.in_pod").unwrap();
    assert_eq!(
        in_pod.pod().unwrap().check().unwrap()["containers"][0]["workingDir"],
        "/work"
    );
    let names: Vec<String> = registry()
        .tasks()
        .into_iter()
        .filter_map(Result::ok)
        .map(|t| t.name().to_owned())
        .collect();
    assert_eq!(names, ["broken.good.add", "broken.good.in_pod"]);
}

#[test]
fn run_execute_and_pod_of_another_task_work() {
    let (code, out, err) = run(&["run", "broken.good.add", "-i", "a=1", "-i", "b=2"]);
    assert_eq!(code, ExitCode::SUCCESS);
    // Standard error has only the usage report.
    assert!(err.starts_with("task broken.good.add used: wall "), "{err}");
    assert!(!err.contains("error"), "{err}");
    assert_eq!(out, "{\n  \"o0\": 3\n}\n");

    let (code, out, err) = run(&[
        "pod",
        "broken.good.in_pod",
        "-i",
        "name=x",
        "--entrypoint",
        "/usr/local/bin/tasks",
        "-o",
        "json",
    ]);
    assert_eq!((code, err.as_str()), (ExitCode::SUCCESS, ""));
    let pod: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(pod["spec"]["containers"][0]["workingDir"], "/work");
    assert_eq!(
        pod["spec"]["containers"][0]["args"],
        json!(["run", "broken.good.in_pod", "--input", "name=x"])
    );

    let dir = common::scratch("broken", "execute");
    std::fs::create_dir_all(&dir).unwrap();
    let inputs = dir.join("inputs.pb");
    let map = LiteralMap {
        literals: [
            ("a".to_owned(), Primitive::integer(40).into()),
            ("b".to_owned(), Primitive::integer(2).into()),
        ]
        .into_iter()
        .collect(),
    };
    std::fs::write(&inputs, map.encode_to_vec()).unwrap();
    let out_dir = dir.join("out");
    let (code, _, err) = run(&[
        "execute",
        "--task",
        "broken.good.add",
        "--inputs",
        inputs.to_str().unwrap(),
        "--output-prefix",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    // One log line: what the run used.
    assert!(
        err.starts_with("podtask usage: task=broken.good.add wall_seconds=")
            && err.contains(" read_inputs_seconds=")
            && err.contains(" write_outputs_seconds=")
            && err.ends_with('\n')
            && err.lines().count() == 1,
        "{err}"
    );
    let outputs = LiteralMap::decode(
        std::fs::read(out_dir.join("outputs.pb"))
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    assert_eq!(outputs.literals["o0"], Primitive::integer(42).into());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn run_pod_and_execute_of_a_broken_task_name_it() {
    let (code, out, err) = run(&["run", "broken.bad.not_an_object", "-i", "n=1"]);
    assert_eq!((code, out.as_str()), (ExitCode::FAILURE, ""));
    assert_eq!(err, format!("error: {}\n", not_an_object_error()));
    let (code, out, err) = run(&["pod", "broken.bad.sidecar_without_image", "-i", "n=1"]);
    assert_eq!((code, out.as_str()), (ExitCode::FAILURE, ""));
    assert_eq!(err, format!("error: {}\n", sidecar_error()));

    // In its container, the task fails as the task's fault, and says why in error.pb.
    let dir = common::scratch("broken", "execute-broken");
    std::fs::create_dir_all(&dir).unwrap();
    let inputs = dir.join("inputs.pb");
    std::fs::write(&inputs, LiteralMap::default().encode_to_vec()).unwrap();
    let out_dir = dir.join("out");
    let (code, _, _) = run(&[
        "execute",
        "--task",
        "broken.bad.not_an_object",
        "--inputs",
        inputs.to_str().unwrap(),
        "--output-prefix",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(files(&out_dir), ["error.pb"]);
    let doc = ErrorDocument::decode(std::fs::read(out_dir.join("error.pb")).unwrap().as_slice())
        .unwrap()
        .error
        .unwrap();
    assert_eq!(doc.code, "USER:RuntimeError");
    assert_eq!(doc.message, not_an_object_error());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn list_works_with_broken_tasks() {
    let (code, out, err) = run(&["list"]);
    assert_eq!((code, err.as_str()), (ExitCode::SUCCESS, ""));
    assert_eq!(
        out,
        "broken.bad.not_an_object\nbroken.bad.sidecar_without_image\nbroken.good.add\n\
         broken.good.in_pod\n"
    );
}

#[test]
fn check_names_every_broken_task() {
    let (code, out, err) = run(&["check"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(out, "");
    assert_eq!(err, both_errors());
}

#[test]
fn serialize_and_package_name_every_broken_task_and_write_nothing() {
    let dir = common::scratch("broken", "serialize");
    let out_dir = dir.join("out");
    for format in ["json", "pb"] {
        let (code, out, err) = run(&[
            "serialize",
            "--out",
            out_dir.to_str().unwrap(),
            "--format",
            format,
        ]);
        assert_eq!((code, out.as_str()), (ExitCode::FAILURE, ""), "{format}");
        assert_eq!(err, both_errors(), "{format}");
        assert!(!out_dir.exists(), "{format}");
    }

    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("tasks.tgz");
    let (code, out, err) = run(&[
        "package",
        "--output",
        archive.to_str().unwrap(),
        "--entrypoint",
        "/usr/local/bin/tasks",
    ]);
    assert_eq!((code, out.as_str()), (ExitCode::FAILURE, ""));
    assert_eq!(err, both_errors());
    assert_eq!(files(&dir), Vec::<String>::new());
    std::fs::remove_dir_all(&dir).unwrap();
}
