//! Two tasks with one name in one program: each is refused, naming both places, while the
//! program's other tasks still work.

mod common;
use common::{location_of, run};

use std::process::ExitCode;

use podtask::{RegistryError, registry};

mod jobs {
    use podtask::task;

    #[task(container(image = "busybox:1.36"))]
    fn train(n: i64) -> i64 {
        n
    }

    #[task(container(image = "busybox:1.36"))]
    fn unique(n: i64) -> i64 {
        n + 1
    }
}

mod other {
    use podtask::task;

    // The same full name through a name override.
    #[task(name = "duplicates.jobs.train", container(image = "busybox:1.36"))]
    fn fit(n: i64) -> i64 {
        n * 2
    }
}

/// The error both tasks named `duplicates.jobs.train` give, its places in source order.
fn expected() -> String {
    let (fit, train) = (location_of(file!(), "fit"), location_of(file!(), "train"));
    format!(
        "two tasks are named \"duplicates.jobs.train\": one at {train}, one at {fit}; \
         rename one with #[task(name = \"...\")]"
    )
}

#[test]
fn duplicate_names_are_an_error_naming_both_places() {
    let err = registry().task("duplicates.jobs.train").unwrap_err();
    assert!(
        matches!(&err, RegistryError::DuplicateName { name, .. } if name == "duplicates.jobs.train"),
        "{err:?}"
    );
    assert_eq!(err.to_string(), expected());
    // The same error every time, from every way of reading the tasks.
    assert_eq!(registry().task("duplicates.jobs.train").unwrap_err(), err);
    assert_eq!(registry().check(), std::slice::from_ref(&err));
    let tasks = registry().tasks();
    let errors: Vec<&RegistryError> = tasks.iter().filter_map(|t| t.as_ref().err()).collect();
    assert_eq!(errors, [&err, &err]);
}

#[test]
fn the_other_tasks_still_work() {
    let t = registry().task("duplicates.jobs.unique").unwrap();
    assert_eq!(t.def().fn_name, "unique");
    let (code, out, err) = run(&["run", "duplicates.jobs.unique", "--input", "n=1"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(
        err.starts_with("task duplicates.jobs.unique used: "),
        "{err}"
    );
    assert_eq!(out, "{\n  \"o0\": 2\n}\n");
}

#[test]
fn list_prints_both_and_check_reports_the_pair() {
    let (code, out, err) = run(&["list"]);
    assert_eq!((code, err.as_str()), (ExitCode::SUCCESS, ""));
    assert_eq!(
        out,
        "duplicates.jobs.train\nduplicates.jobs.train\nduplicates.jobs.unique\n"
    );
    let (code, out, err) = run(&["check"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(out, "");
    assert_eq!(err, format!("error: {}\n", expected()));
}

#[test]
fn run_and_serialize_report_the_duplicate_and_write_nothing() {
    let (code, out, err) = run(&["run", "duplicates.jobs.train", "--input", "n=1"]);
    assert_eq!((code, out.as_str()), (ExitCode::FAILURE, ""));
    assert_eq!(err, format!("error: {}\n", expected()));
    let dir = common::scratch("duplicates", "serialize");
    let (code, out, err) = run(&["serialize", "--out", dir.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (ExitCode::FAILURE, ""));
    assert_eq!(err, format!("error: {}\n", expected()));
    assert!(!dir.exists());
}
