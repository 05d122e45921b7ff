//! Two tasks with one name: the registry refuses them, naming both places.

use podtask::__private::{Container, Resources, TaskDef, TaskKind, TaskMetadataDef};

const C: Container =
    Container::new_const(Some("busybox:1.36"), &[], &[], Resources::EMPTY, &[], &[]);

macro_rules! task {
    ($module:literal, $fn_name:literal, $name:expr, $line:literal) => {
        TaskDef {
            fn_name: $fn_name,
            module_path: $module,
            name: $name,
            file: "src/jobs.rs",
            line: $line,
            column: 5,
            kind: TaskKind::Function,
            container: &C,
            resources: None,
            pod: None,
            metadata: TaskMetadataDef::DEFAULT,
            inputs: &[],
            outputs: &[],
            invoke: None,
        }
    };
}

const _: () = {
    podtask::__private::register!(task!("jobs", "train", None, 30));
};
// The same full name through a name override.
const _: () = {
    podtask::__private::register!(task!("other", "fit", Some("jobs.train"), 12));
};
const _: () = {
    podtask::__private::register!(task!("jobs", "unique", None, 50));
};

#[test]
fn duplicate_names_are_an_error_naming_both_locations() {
    let err = podtask::registry().unwrap_err();
    assert_eq!(
        err.to_string(),
        "two tasks are named \"jobs.train\": one at src/jobs.rs:12:5, one at src/jobs.rs:30:5; \
         rename one with #[task(name = \"...\")]"
    );
    // The same error every time.
    assert_eq!(podtask::registry().unwrap_err(), err);
}

#[test]
fn the_cli_reports_the_duplicate() {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = podtask::main_with_io(["tasks", "list"], &mut out, &mut err);
    assert_eq!(code, std::process::ExitCode::FAILURE);
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("src/jobs.rs:12:5") && err.contains("src/jobs.rs:30:5"),
        "{err}"
    );
    assert!(out.is_empty());
}
