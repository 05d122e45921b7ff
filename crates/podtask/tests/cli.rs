//! The task binary's command line, run in process.

mod common;
use common::run;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use podtask::__private::{Container, Param, Resources, TaskDef, TaskKind, TaskMetadataDef};
use podtask::FlyteType;

const WITH_IMAGE: Container =
    Container::new_const(Some("busybox:1.36"), &[], &[], Resources::EMPTY, &[], &[]);
const WITHOUT_IMAGE: Container = Container::new_const(None, &[], &[], Resources::EMPTY, &[], &[]);

macro_rules! task {
    ($fn_name:literal, $container:expr) => {
        TaskDef {
            fn_name: $fn_name,
            module_path: "cli_tasks",
            name: None,
            file: file!(),
            line: line!(),
            column: 1,
            kind: TaskKind::Function,
            container: &$container,
            resources: None,
            pod: None,
            metadata: TaskMetadataDef::DEFAULT,
            inputs: &[Param {
                name: "n",
                literal_type: <u32 as FlyteType>::literal_type,
            }],
            outputs: &[],
            invoke: None,
        }
    };
}

const _: () = {
    podtask::__private::register!(task!("second", WITH_IMAGE));
};
const _: () = {
    podtask::__private::register!(task!("first", WITHOUT_IMAGE));
};

/// A fresh directory under the system's temporary directory, unique to this test.
fn scratch(test: &str) -> PathBuf {
    common::scratch("cli", test)
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn list_prints_the_names_sorted() {
    let (code, out, err) = run(&["list"]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert_eq!(out, "cli_tasks.first\ncli_tasks.second\n");
}

#[test]
fn serialize_writes_one_file_per_task_and_nothing_else() {
    let dir = scratch("one-per-task");
    let out_dir = dir.join("nested/out");
    let (code, _, err) = run(&[
        "serialize",
        "--out",
        out_dir.to_str().unwrap(),
        "--image",
        "ghcr.io/acme/tasks:1.0",
        "--entrypoint",
        "/app/tasks",
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert_eq!(
        files(&out_dir),
        ["cli_tasks.first.json", "cli_tasks.second.json"]
    );
    let text = fs::read_to_string(out_dir.join("cli_tasks.first.json")).unwrap();
    assert!(text.ends_with("}\n"));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["container"]["image"], "ghcr.io/acme/tasks:1.0");
    assert_eq!(json["container"]["command"][0], "/app/tasks");
    assert_eq!(json["id"]["project"], "flytesnacks");
    assert_eq!(json["id"]["domain"], "development");
    assert_eq!(json["id"]["version"].as_str().unwrap().len(), 16);
    // The task's own image wins over --image.
    let second: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out_dir.join("cli_tasks.second.json")).unwrap())
            .unwrap();
    assert_eq!(second["container"]["image"], "busybox:1.36");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn serializing_twice_gives_the_same_bytes() {
    let dir = scratch("twice");
    let args = |d: &Path| {
        vec![
            "serialize".to_owned(),
            "--out".to_owned(),
            d.to_str().unwrap().to_owned(),
            "--image".to_owned(),
            "busybox:1.36".to_owned(),
        ]
    };
    for sub in ["a", "b"] {
        let a = args(&dir.join(sub));
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        assert_eq!(run(&a).0, ExitCode::SUCCESS);
    }
    for name in files(&dir.join("a")) {
        assert_eq!(
            fs::read(dir.join("a").join(&name)).unwrap(),
            fs::read(dir.join("b").join(&name)).unwrap(),
            "{name}"
        );
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn settings_reach_the_template() {
    let dir = scratch("settings");
    let (code, _, err) = run(&[
        "serialize",
        "--out",
        dir.to_str().unwrap(),
        "--image",
        "busybox:1.36",
        "--project",
        "ml",
        "--domain",
        "production",
        "--version",
        "v7",
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("cli_tasks.second.json")).unwrap())
            .unwrap();
    assert_eq!(json["id"]["project"], "ml");
    assert_eq!(json["id"]["domain"], "production");
    assert_eq!(json["id"]["version"], "v7");
    // Without --entrypoint: /usr/local/bin/<this program's file name>.
    let exe = std::env::current_exe().unwrap();
    let expected = format!(
        "/usr/local/bin/{}",
        exe.file_name().unwrap().to_str().unwrap()
    );
    assert_eq!(json["container"]["command"][0], expected.as_str());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_task_without_an_image_fails_and_nothing_is_written() {
    let dir = scratch("no-image");
    let (code, _, err) = run(&["serialize", "--out", dir.to_str().unwrap()]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(
        err,
        "error: task cli_tasks.first has no image: set container(image = ...) or pass --image\n"
    );
    assert!(!dir.exists());
}

#[test]
fn an_invalid_image_flag_is_named() {
    let dir = scratch("bad-image");
    let (code, _, err) = run(&[
        "serialize",
        "--out",
        dir.to_str().unwrap(),
        "--image",
        "Busy Box",
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        err.starts_with("error: --image: invalid image reference \"Busy Box\""),
        "{err}"
    );
    assert!(!dir.exists());
}

#[test]
fn usage_errors_exit_with_2() {
    let (code, _, err) = run(&["serialize"]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("--out <DIR>"), "{err}");
    let (code, _, err) = run(&["nope"]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("nope"), "{err}");
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(out.contains("serialize") && out.contains("list"), "{out}");
}

#[test]
fn an_unwritable_directory_is_named() {
    let dir = scratch("unwritable");
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("a-file");
    fs::write(&file, "x").unwrap();
    let (code, _, err) = run(&[
        "serialize",
        "--out",
        file.join("sub").to_str().unwrap(),
        "--image",
        "busybox:1.36",
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.contains("a-file/sub"), "{err}");
    assert_eq!(files(&dir), ["a-file"]);
    fs::remove_dir_all(&dir).unwrap();
}
