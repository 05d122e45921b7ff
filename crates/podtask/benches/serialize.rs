//! Building and serializing the Flyte task templates of 10,000 tasks, each like flytekit's
//! benchmark task (requests, limits, environment, three typed inputs).
//!
//! `cargo bench -p podtask --bench serialize`

use divan::Bencher;
use divan::counter::ItemsCount;
use podtask::__private::{
    Container, KeyValuePair, Param, ResourceEntry, ResourceName, Resources, TaskDef, TaskKind,
    TaskMetadataDef,
};
use podtask::{FlyteType, Registry, SerializeSettings};

const TASKS: usize = 10_000;

const REQUESTS: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Cpu, "500m"),
    ResourceEntry::new_const(ResourceName::Memory, "1Gi"),
];
const LIMITS: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Cpu, "1"),
    ResourceEntry::new_const(ResourceName::Memory, "2Gi"),
];
const ENV: &[KeyValuePair] = &[
    KeyValuePair::new_const("MY_ENV_VAR", "some_value"),
    KeyValuePair::new_const("DEBUG_MODE", "true"),
];
const INPUTS: &[Param] = &[
    Param {
        name: "script_path",
        literal_type: <String as FlyteType>::literal_type,
    },
    Param {
        name: "count",
        literal_type: <i64 as FlyteType>::literal_type,
    },
    Param {
        name: "ratio",
        literal_type: <Option<f64> as FlyteType>::literal_type,
    },
];
const OUTPUTS: &[Param] = &[Param {
    name: "o0",
    literal_type: <String as FlyteType>::literal_type,
}];

fn registry() -> Registry {
    let container: &'static Container = Box::leak(Box::new(Container::new_const(
        Some("python:3.9-slim-buster"),
        &[],
        &[],
        Resources::new_const(REQUESTS, LIMITS),
        ENV,
        &[],
    )));
    let defs = (0..TASKS).map(|i| {
        let name: &'static str = Box::leak(format!("bench.tasks.task_{i:05}").into_boxed_str());
        &*Box::leak(Box::new(TaskDef {
            fn_name: "task",
            module_path: "bench",
            name: Some(name),
            file: "benches/serialize.rs",
            line: 1,
            column: 1,
            kind: TaskKind::Function,
            container,
            resources: None,
            pod: None,
            metadata: TaskMetadataDef::DEFAULT,
            inputs: INPUTS,
            outputs: OUTPUTS,
            invoke: None,
        }))
    });
    Registry::from_defs(defs).expect("distinct names")
}

fn settings() -> SerializeSettings {
    let mut s = SerializeSettings::default();
    s.entrypoint = Some("/usr/local/bin/tasks".to_owned());
    s
}

/// Template (with the computed version, a SHA-256 of the template) and pretty JSON, per task.
#[divan::bench(sample_count = 20)]
fn template_and_json(bencher: Bencher) {
    let registry = registry();
    let settings = settings();
    bencher.counter(ItemsCount::new(TASKS)).bench(|| {
        let mut bytes = 0;
        for task in registry.tasks() {
            bytes += task.template_json(&settings).expect("template").len();
        }
        bytes
    });
}

/// The same with a given version, so no hash is computed.
#[divan::bench(sample_count = 20)]
fn template_and_json_given_version(bencher: Bencher) {
    let registry = registry();
    let mut settings = settings();
    settings.version = Some("v1".to_owned());
    bencher.counter(ItemsCount::new(TASKS)).bench(|| {
        let mut bytes = 0;
        for task in registry.tasks() {
            bytes += task.template_json(&settings).expect("template").len();
        }
        bytes
    });
}

/// Reading the task definitions into a registry (names, interfaces), once per program.
#[divan::bench(sample_count = 10)]
fn registry_from_defs(bencher: Bencher) {
    bencher
        .counter(ItemsCount::new(TASKS))
        .bench(|| registry().tasks().len());
}

fn main() {
    divan::main();
}
