//! The program's registry, read lazily: names without decoding, one task looked up by name,
//! every task checked; and registries of given definitions, for the definitions `#[task]`
//! refuses to write.

mod common;
use common::location_of;

use std::borrow::Cow;

use podtask::__private::{Function, Single};
use podtask::Extras;
use podtask::flyteidl::core::{LiteralType, SimpleType};
use podtask::{
    CacheDef, Param, Registry, RegistryError, ResourceName, TaskDef, TaskErrorKind, TaskKind,
    registry,
};

mod jobs {
    use podtask::task;

    #[task(container(image = "python:3.9-slim-buster"))]
    fn zeta() {}

    #[task(container(image = "python:3.9-slim-buster"))]
    fn alpha() {}

    /// Takes its image from `serialize --image`, and resources apart from the container.
    #[task(name = "custom.name", resources(requests(cpu = "1")))]
    fn renamed(x: i64) {
        let _ = x;
    }

    #[task(container(env(A = "1"), resources(limits(memory = "1Gi"))))]
    fn with_env() {}

    /// Scales the numbers.
    ///
    /// Every one of them.
    #[task(
        container(image = "python:3.9-slim-buster"),
        retries = 2,
        timeout = "1h",
        interruptible,
        cache(version = "1.0", serialize, ignored_inputs = ["verbose"]),
        deprecated = "use scale_v2"
    )]
    fn scale(xs: Vec<f64>, by: Option<f64>, verbose: bool) -> (Vec<f64>, usize) {
        let _ = verbose;
        let by = by.unwrap_or(1.0);
        let n = xs.len();
        (xs.into_iter().map(|x| x * by).collect(), n)
    }
}

const NAMES: [&str; 5] = [
    "custom.name",
    "registry.jobs.alpha",
    "registry.jobs.scale",
    "registry.jobs.with_env",
    "registry.jobs.zeta",
];

#[test]
fn every_task_is_registered_and_listed_sorted_by_name() {
    let registry = registry();
    assert_eq!(registry.len(), NAMES.len());
    assert!(!registry.is_empty());
    assert_eq!(registry.names(), NAMES);
    let tasks: Vec<String> = registry
        .tasks()
        .into_iter()
        .map(|t| t.unwrap().name().to_owned())
        .collect();
    assert_eq!(tasks, NAMES);
    assert_eq!(registry.check(), []);
}

#[test]
fn task_finds_a_task_by_its_full_name() {
    let registry = registry();
    let t = registry.task("registry.jobs.alpha").unwrap();
    assert_eq!(t.name(), "registry.jobs.alpha");
    assert_eq!(t.kind(), TaskKind::Function);
    assert_eq!(t.def().fn_name, "alpha");
    assert_eq!(t.def().module_path, "registry::jobs");
    assert_eq!(
        t.location().to_string(),
        location_of(file!(), "alpha"),
        "the location is the function's name"
    );
    assert_eq!(
        t.container().image.as_deref(),
        Some("python:3.9-slim-buster")
    );
    // Only the full name finds it.
    for (partial, suggestion) in [
        ("alpha", None),
        ("registry.jobs", None),
        ("jobs.alpha", None),
        ("registry.jobs.alpha.x", Some("registry.jobs.alpha")),
    ] {
        assert_eq!(
            registry.task(partial).unwrap_err(),
            RegistryError::NotFound {
                name: partial.to_owned(),
                suggestion: suggestion.map(str::to_owned),
            },
            "{partial}"
        );
    }
}

#[test]
fn a_missing_name_suggests_the_nearest_task() {
    let e = registry().task("registry.jobs.alpah").unwrap_err();
    assert_eq!(
        e,
        RegistryError::NotFound {
            name: "registry.jobs.alpah".to_owned(),
            suggestion: Some("registry.jobs.alpha".to_owned()),
        }
    );
    assert_eq!(
        e.to_string(),
        "no task is named \"registry.jobs.alpah\"; did you mean \"registry.jobs.alpha\"? \
         (`list` prints every task)"
    );
    let e = registry().task("Custom.Name").unwrap_err();
    assert!(
        matches!(&e, RegistryError::NotFound { suggestion: Some(s), .. } if s == "custom.name"),
        "{e:?}"
    );
    let e = registry().task("nothing.like.it").unwrap_err();
    assert_eq!(
        e.to_string(),
        "no task is named \"nothing.like.it\" (`list` prints every task)"
    );
}

#[test]
fn separate_resources_replace_the_containers() {
    let registry = registry();
    let t = registry.task("custom.name").unwrap();
    assert_eq!(t.def().fn_name, "renamed");
    assert_eq!(t.container().image, None);
    assert_eq!(t.resources().request(ResourceName::Cpu).unwrap().value, "1");
    let alpha = registry.task("registry.jobs.alpha").unwrap();
    assert!(alpha.resources().is_empty());
    // Without resources of the task's own, the container's are the task's.
    let with_env = registry.task("registry.jobs.with_env").unwrap();
    assert_eq!(
        with_env
            .resources()
            .limit(ResourceName::Memory)
            .unwrap()
            .value,
        "1Gi"
    );
    assert_eq!(with_env.container().env[0].key, "A");
    assert_eq!(
        serde_json::to_string(&podtask::template::interface(&t)).unwrap(),
        r#"{"inputs":{"variables":{"x":{"type":{"simple":"INTEGER"},"description":"x"}}},"outputs":{}}"#
    );
}

#[test]
fn a_task_holds_its_metadata_and_typed_interface_in_the_functions_order() {
    let t = registry().task("registry.jobs.scale").unwrap();
    let m = t.metadata();
    assert_eq!(m.retries, 2);
    assert_eq!(m.timeout_seconds, Some(3600));
    assert!(m.interruptible);
    let mut cache = CacheDef::default();
    cache.version = "1.0".to_owned();
    cache.serialize = true;
    cache.ignored_inputs = vec!["verbose".to_owned()];
    assert_eq!(m.cache, Some(cache));
    assert_eq!(m.deprecated.as_deref(), Some("use scale_v2"));
    assert_eq!(
        t.description(),
        Some("Scales the numbers.\n\nEvery one of them.")
    );
    assert_eq!(m.description.as_deref(), t.description());
    let inputs: Vec<&str> = t.inputs().map(|(n, _)| n).collect();
    assert_eq!(inputs, ["xs", "by", "verbose"]);
    let outputs: Vec<&str> = t.outputs().map(|(n, _)| n).collect();
    assert_eq!(outputs, ["o0", "o1"]);
    assert_eq!(
        t.input_type("verbose"),
        Some(&LiteralType::simple(SimpleType::Boolean))
    );
    assert_eq!(
        t.output_type("o1"),
        Some(&LiteralType::simple(SimpleType::Integer))
    );
    assert_eq!(t.input_type("o1"), None);
    assert_eq!(t.output_type("xs"), None);
    assert_eq!(
        podtask::run::interface_text(&t),
        "inputs: xs: list<FLOAT>, by: optional<FLOAT>, verbose: BOOLEAN; outputs: o0: \
         list<FLOAT>, o1: INTEGER"
    );
    // A task without metadata has the defaults.
    let alpha = registry().task("registry.jobs.alpha").unwrap();
    assert_eq!(alpha.metadata(), &Default::default());
    assert_eq!(alpha.description(), None);
}

#[test]
fn the_registry_is_made_once() {
    let a = registry() as *const Registry;
    let b = registry() as *const Registry;
    assert_eq!(a, b);
}

#[test]
fn a_registry_of_the_programs_definitions_reads_the_same_tasks() {
    let given = Registry::from_defs(podtask::TASKS.iter());
    assert_eq!(given.names(), registry().names());
    let a = given.task("registry.jobs.scale").unwrap();
    let b = registry().task("registry.jobs.scale").unwrap();
    assert!(std::ptr::eq(a.def(), b.def()));
    assert_eq!(a.metadata(), b.metadata());
    assert!(Registry::from_defs([]).is_empty());
    assert_eq!(Registry::from_defs([]).tasks().len(), 0);
}

// ---- definitions `#[task]` refuses to write ------------------------------------------------

fn double(x: i64) -> i64 {
    x * 2
}

/// A definition as `#[task]` records one, with the given name and spec.
macro_rules! def {
    ($fn_name:literal, $name:expr, $line:literal, $spec:literal) => {
        TaskDef {
            fn_name: $fn_name,
            module_path: "given",
            file: "src/given.rs",
            line: $line,
            column: 4,
            spec: $spec,
            inputs: &[Param {
                name: "x",
                codec: &<i64 as podtask::types::Value>::CODEC,
            }],
            outputs: &[Param {
                name: "o0",
                codec: &<i64 as podtask::types::Value>::CODEC,
            }],
            run: &Function::<fn(_) -> _, Single>::new(double),
            extras: &[Extras {
                name: $name,
                ..Extras::NONE
            }],
        }
    };
}

static GOOD: TaskDef = def!("double", None, 10, "{}");
static SPACED: TaskDef = def!("spaced", Some("has space"), 20, "{}");
static OLD_MACRO: TaskDef = def!("old", None, 30, r#"{"kind":"function"}"#);
static SECOND_DOUBLE: TaskDef = def!("twice", Some("given.double"), 40, "{}");
static THIRD_DOUBLE: TaskDef = def!("thrice", Some("given.double"), 5, "{}");

#[test]
fn an_invalid_name_breaks_only_its_task() {
    let r = Registry::from_defs([&SPACED, &GOOD]);
    assert_eq!(r.names(), ["given.double", "has space"]);
    let e = r.task("has space").unwrap_err();
    let RegistryError::Task {
        task,
        location,
        kind: TaskErrorKind::InvalidName(reason),
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!((task.as_str(), location.line), ("has space", 20));
    assert!(
        e.to_string().starts_with(&format!(
            "invalid task name \"has space\" at src/given.rs:20:4: {reason}"
        )),
        "{e}"
    );
    let t = r.task("given.double").unwrap();
    let out = podtask::run::run_json(
        &t,
        serde_json::json!({"x": 21}).as_object().unwrap().clone(),
    )
    .unwrap();
    assert_eq!(out, [("o0".to_owned(), serde_json::json!(42))]);
    assert_eq!(r.check(), [e]);
}

#[test]
fn a_spec_another_version_of_the_macros_wrote_is_named() {
    let e = Registry::from_defs([&OLD_MACRO])
        .task("given.old")
        .unwrap_err();
    assert!(
        matches!(
            &e,
            RegistryError::Task {
                kind: TaskErrorKind::Definition(_),
                ..
            }
        ),
        "{e:?}"
    );
    let text = e.to_string();
    assert!(
        text.starts_with("task given.old at src/given.rs:30:4: its definition cannot be read (")
            && text.ends_with("was it compiled by another version of podtask's macros?"),
        "{text}"
    );
}

#[test]
fn two_tasks_of_one_name_are_refused_naming_both_places() {
    let place = |line| podtask::Location {
        file: "src/given.rs",
        line,
        column: 4,
    };
    let two = Registry::from_defs([&SECOND_DOUBLE, &GOOD]);
    let e = two.task("given.double").unwrap_err();
    // The places in source order, whatever the order of the definitions.
    assert_eq!(
        e,
        RegistryError::DuplicateName {
            name: "given.double".to_owned(),
            first: place(10),
            second: place(40),
        }
    );
    assert_eq!(
        e.to_string(),
        "two tasks are named \"given.double\": one at src/given.rs:10:4, one at \
         src/given.rs:40:4; rename one with #[task(name = \"...\")]"
    );
    // Both come out of `tasks` as the same error, and `check` reports the pair once.
    let tasks = two.tasks();
    assert_eq!(tasks.len(), 2);
    assert!(tasks.iter().all(|t| t.as_ref().err() == Some(&e)));
    assert_eq!(two.check(), [e]);

    // Three of one name: every task is refused, every pair of neighbours in source order named.
    let three = Registry::from_defs([&SECOND_DOUBLE, &GOOD, &THIRD_DOUBLE]);
    assert_eq!(three.names(), ["given.double"; 3].map(Cow::Borrowed));
    assert!(three.tasks().iter().all(Result::is_err));
    let pair = |a, b| RegistryError::DuplicateName {
        name: "given.double".to_owned(),
        first: place(a),
        second: place(b),
    };
    assert_eq!(three.check(), [pair(5, 10), pair(10, 40)]);
    assert!(matches!(
        three.task("given.double").unwrap_err(),
        RegistryError::DuplicateName { .. }
    ));
}
