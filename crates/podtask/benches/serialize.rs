//! Building and serializing the Flyte task templates of 10,000 tasks, each like flytekit's
//! benchmark task (requests, limits, environment, three typed inputs).
//!
//! `cargo bench -p podtask --bench serialize`

use divan::Bencher;
use divan::counter::ItemsCount;
use podtask::__private::{Function, Single};
use podtask::Extras;
use podtask::{Param, Registry, SerializeSettings, TaskDef};

const TASKS: usize = 10_000;

/// What `#[task]` writes for the benchmark task's attribute: an image, requests and limits,
/// two environment variables.
const SPEC: &str = r#"{"container":{"image":"python:3.9-slim-buster","env":[{"key":"MY_ENV_VAR","value":"some_value"},{"key":"DEBUG_MODE","value":"true"}],"resources":{"requests":[{"name":"CPU","value":"500m"},{"name":"MEMORY","value":"1Gi"}],"limits":[{"name":"CPU","value":"1"},{"name":"MEMORY","value":"2Gi"}]}}}"#;

const INPUTS: &[Param] = &[
    Param {
        name: "script_path",
        codec: &<String as podtask::types::Value>::CODEC,
    },
    Param {
        name: "count",
        codec: &<i64 as podtask::types::Value>::CODEC,
    },
    Param {
        name: "ratio",
        codec: &<Option<f64> as podtask::types::Value>::CODEC,
    },
];
const OUTPUTS: &[Param] = &[Param {
    name: "o0",
    codec: &<String as podtask::types::Value>::CODEC,
}];

fn task(script_path: String, count: i64, ratio: Option<f64>) -> String {
    format!("{script_path} {count} {ratio:?}")
}

/// The benchmark task's signature.
type TaskFn = fn(String, i64, Option<f64>) -> String;

static RUN: Function<TaskFn, Single> = Function::new(task);

/// 10,000 definitions as `#[task]` records them, each named apart.
fn registry() -> Registry {
    let defs = (0..TASKS).map(|i| {
        let name: &'static str = Box::leak(format!("bench.tasks.task_{i:05}").into_boxed_str());
        &*Box::leak(Box::new(TaskDef {
            fn_name: "task",
            module_path: "bench",
            file: "benches/serialize.rs",
            line: 1,
            column: 1,
            spec: SPEC,
            inputs: INPUTS,
            outputs: OUTPUTS,
            run: &RUN,
            extras: Box::leak(Box::new([Extras {
                name: Some(name),
                ..Extras::NONE
            }])),
        }))
    });
    Registry::from_defs(defs)
}

fn settings() -> SerializeSettings {
    let mut s = SerializeSettings::default();
    s.entrypoint = Some("/usr/local/bin/tasks".to_owned());
    s
}

/// Every task read and checked once, as `serialize` reads them.
fn tasks(registry: &Registry) -> Vec<podtask::Task> {
    registry
        .tasks()
        .into_iter()
        .map(|t| t.expect("a usable task"))
        .collect()
}

/// Template (with the computed version, a SHA-256 of the protobuf template) and pretty JSON,
/// per task.
#[divan::bench(sample_count = 20)]
fn template_and_json(bencher: Bencher) {
    let tasks = tasks(&registry());
    let settings = settings();
    bencher.counter(ItemsCount::new(TASKS)).bench(|| {
        let mut bytes = 0;
        for task in &tasks {
            bytes += podtask::template_json(task, &settings)
                .expect("template")
                .len();
        }
        bytes
    });
}

/// The same with a given version, so no hash is computed.
#[divan::bench(sample_count = 20)]
fn template_and_json_given_version(bencher: Bencher) {
    let tasks = tasks(&registry());
    let mut settings = settings();
    settings.version = Some("v1".to_owned());
    bencher.counter(ItemsCount::new(TASKS)).bench(|| {
        let mut bytes = 0;
        for task in &tasks {
            bytes += podtask::template_json(task, &settings)
                .expect("template")
                .len();
        }
        bytes
    });
}

/// Reading the task definitions into a registry and every task out of it, checked (names,
/// specs, interfaces, pods), as `check`, `serialize` and `package` do once per run.
#[divan::bench(sample_count = 10)]
fn registry_from_defs(bencher: Bencher) {
    bencher
        .counter(ItemsCount::new(TASKS))
        .bench(|| registry().tasks().len());
}

/// Looking up one task by name among 10,000 and reading it alone, as `run` and `execute` do.
#[divan::bench(sample_count = 20)]
fn registry_one_task(bencher: Bencher) {
    let registry = registry();
    bencher.bench(|| {
        registry
            .task("bench.tasks.task_05000")
            .expect("a usable task")
            .name()
            .len()
    });
}

fn main() {
    divan::main();
}
