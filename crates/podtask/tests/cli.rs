//! The task binary's command line, run in process, with two usable tasks: one with an image,
//! one without.

mod common;
use common::{files, run};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod tasks {
    use podtask::task;

    #[task(container(image = "busybox:1.36"))]
    fn second(n: u32) {
        let _ = n;
    }

    /// Takes the image given with `serialize --image`.
    #[task]
    fn first(n: u32) {
        let _ = n;
    }
}

/// A fresh directory under the system's temporary directory, unique to this test.
fn scratch(test: &str) -> PathBuf {
    common::scratch("cli", test)
}

#[test]
fn list_prints_the_names_sorted() {
    let (code, out, err) = run(&["list"]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert_eq!(out, "cli.tasks.first\ncli.tasks.second\n");
}

#[test]
fn check_exits_0_when_every_task_is_usable() {
    // A task without an image is usable: the image may be given when serializing.
    let (code, out, err) = run(&["check"]);
    assert_eq!((code, err.as_str()), (ExitCode::SUCCESS, ""));
    assert_eq!(out, "2 tasks checked, all usable\n");
}

#[test]
fn serialize_writes_one_file_per_task_and_nothing_else() {
    let dir = scratch("one-per-task");
    let out_dir = dir.join("nested/out");
    let (code, out, err) = run(&[
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
        out,
        format!("wrote 2 task templates to {}\n", out_dir.display())
    );
    assert_eq!(
        files(&out_dir),
        ["cli.tasks.first.json", "cli.tasks.second.json"]
    );
    let text = fs::read_to_string(out_dir.join("cli.tasks.first.json")).unwrap();
    assert!(text.ends_with("}\n"));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["container"]["image"], "ghcr.io/acme/tasks:1.0");
    assert_eq!(json["container"]["command"][0], "/app/tasks");
    assert_eq!(json["id"]["project"], "flytesnacks");
    assert_eq!(json["id"]["domain"], "development");
    assert_eq!(json["id"]["version"].as_str().unwrap().len(), 16);
    // The task's own image wins over --image.
    let second: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out_dir.join("cli.tasks.second.json")).unwrap())
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
    let names = files(&dir.join("a"));
    assert_eq!(names.len(), 2);
    for name in names {
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
        serde_json::from_str(&fs::read_to_string(dir.join("cli.tasks.second.json")).unwrap())
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
    let (code, out, err) = run(&["serialize", "--out", dir.to_str().unwrap()]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: task cli.tasks.first has no image: set container(image = ...) or pass --image\n"
    );
    assert!(!dir.exists());
}

#[test]
fn invalid_settings_are_named() {
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
    for (flag, value) in [
        ("--project", ""),
        ("--domain", ""),
        ("--version", ""),
        ("--entrypoint", ""),
    ] {
        let (code, _, err) = run(&[
            "serialize",
            "--out",
            dir.to_str().unwrap(),
            "--image",
            "busybox:1.36",
            flag,
            value,
        ]);
        assert_eq!(code, ExitCode::FAILURE, "{flag}");
        assert_eq!(err, format!("error: {flag} must not be empty\n"));
    }
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
    for command in [
        "list",
        "check",
        "serialize",
        "run",
        "execute",
        "package",
        "pod",
    ] {
        assert!(out.contains(command), "{command} in {out}");
    }
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
