//! Tasks registered the way the `#[task]` macro registers them: each in its own `const _`
//! block, every static named alike.

use podtask::__private::{
    Container, KeyValuePair, Param, ResourceEntry, ResourceName, Resources, TaskDef, TaskKind,
    TaskMetadataDef,
};
use podtask::{FlyteType, TaskKind as PublicKind};

const IMAGE_CONTAINER: Container = Container::new_const(
    Some("python:3.9-slim-buster"),
    &[],
    &[],
    Resources::EMPTY,
    &[],
    &[],
);
const NO_IMAGE: Container = Container::new_const(None, &[], &[], Resources::EMPTY, &[], &[]);
const ENV: &[KeyValuePair] = &[KeyValuePair::new_const("A", "1")];
const REQ: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Cpu, "1")];
const OVERRIDE: Resources = Resources::new_const(REQ, &[]);

// A macro, not a `const fn`: the borrow of a `const` with drop glue must sit in the static's
// own initializer to live for `'static`, as it does in what `#[task]` expands to.
macro_rules! def {
    ($fn_name:literal, $line:literal, $name:expr, $container:expr, $resources:expr, $inputs:expr) => {
        TaskDef {
            fn_name: $fn_name,
            module_path: "registry::jobs",
            name: $name,
            file: file!(),
            line: $line,
            column: 1,
            kind: TaskKind::Function,
            container: &$container,
            resources: $resources,
            pod: None,
            metadata: TaskMetadataDef::DEFAULT,
            inputs: $inputs,
            outputs: &[],
            invoke: None,
        }
    };
    ($fn_name:literal, $line:literal) => {
        def!($fn_name, $line, None, IMAGE_CONTAINER, None, &[])
    };
}

const _: () = {
    podtask::__private::register!(def!("zeta", 10));
};
const _: () = {
    podtask::__private::register!(def!("alpha", 20));
};
const _: () = {
    podtask::__private::register!(def!(
        "renamed",
        30,
        Some("custom.name"),
        NO_IMAGE,
        Some(&OVERRIDE),
        &[Param {
            name: "x",
            literal_type: <i64 as FlyteType>::literal_type,
        }]
    ));
};
const _: () = {
    const C: Container = Container::new_const(None, &[], &[], Resources::EMPTY, ENV, &[]);
    podtask::__private::register!(def!("with_env", 40, None, C, None, &[]));
};

#[test]
fn every_task_is_registered_and_sorted_by_name() {
    let registry = podtask::registry().unwrap();
    let names: Vec<&str> = registry.tasks().iter().map(|t| t.name()).collect();
    assert_eq!(
        names,
        [
            "custom.name",
            "registry.jobs.alpha",
            "registry.jobs.with_env",
            "registry.jobs.zeta"
        ]
    );
}

#[test]
fn get_finds_a_task_by_full_name() {
    let registry = podtask::registry().unwrap();
    let t = registry.get("registry.jobs.alpha").unwrap();
    assert_eq!(t.kind(), PublicKind::Function);
    assert_eq!(t.location().to_string(), format!("{}:20:1", file!()));
    assert!(registry.get("alpha").is_none());
    assert!(registry.get("registry.jobs").is_none());
}

#[test]
fn separate_resources_replace_the_containers() {
    let registry = podtask::registry().unwrap();
    let t = registry.get("custom.name").unwrap();
    assert_eq!(t.resources().requests[0].value, "1");
    let alpha = registry.get("registry.jobs.alpha").unwrap();
    assert!(alpha.resources().is_empty());
    assert_eq!(
        serde_json::to_string(t.interface()).unwrap(),
        r#"{"inputs":{"variables":{"x":{"type":{"simple":"INTEGER"},"description":"x"}}},"outputs":{}}"#
    );
}

#[test]
fn the_registry_is_built_once() {
    let a = podtask::registry().unwrap() as *const podtask::Registry;
    let b = podtask::registry().unwrap() as *const podtask::Registry;
    assert_eq!(a, b);
}
