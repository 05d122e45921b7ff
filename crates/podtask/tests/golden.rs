//! The templates podtask writes for flytekit's reference cases, compared with what flytekit
//! 1.16 writes (`tests/data/flytekit/*.json`, keys sorted), value by value.
//!
//! Only the differences `docs/flyte-output.md` documents are allowed, and each is applied to
//! flytekit's side explicitly before the comparison: the runtime (podtask, Rust), the argv of a
//! function task, its task type, and the parts of a case podtask does not model yet.

use podtask::__private::{CacheDef, Param, TaskDef, TaskKind, TaskMetadataDef};
use podtask::{FlyteType, SerializeSettings};
use serde_json::{Value, json};

mod common;
use common::refcases::*;

macro_rules! task {
    ($module:literal, $fn_name:literal, $name:expr, $kind:ident, $container:expr, $metadata:expr,
     [$($input:tt)*], [$($output:tt)*]) => {
        TaskDef {
            fn_name: $fn_name,
            module_path: $module,
            name: $name,
            file: file!(),
            line: line!(),
            column: column!(),
            kind: TaskKind::$kind,
            container: &$container,
            resources: None,
            pod: None,
            metadata: $metadata,
            inputs: &[$($input)*],
            outputs: &[$($output)*],
            invoke: None,
        }
    };
}

// Case a: a function task with requests, limits, an image and environment variables.
const _: () = {
    podtask::__private::register!(task!(
        "refcases::a_plain",
        "run_script",
        None,
        Function,
        PLAIN,
        TaskMetadataDef::DEFAULT,
        [param!("script_path": String)],
        [param!("o0": String)]
    ));
};

// Case d: a raw container task, as flytekit's ContainerTask.
const _: () = {
    podtask::__private::register!(task!(
        "refcases::d_container_task",
        "run_script_container",
        Some("run_script_container"),
        RawContainer,
        RAW,
        TaskMetadataDef::DEFAULT,
        [param!("script_path": String)],
        [param!("result": String)]
    ));
};

// Case e: the typed interface, for the types podtask maps.
const _: () = {
    podtask::__private::register!(task!(
        "refcases::e_typed_interface",
        "typed",
        None,
        Function,
        BARE,
        TaskMetadataDef::DEFAULT,
        [
            param!("i": i64),
            param!("f": f64),
            param!("b": bool),
            param!("s": String),
            param!("li": Vec<i64>),
            param!("d": std::collections::HashMap<String, f64>),
            param!("oi": Option<i64>),
        ],
        [param!("total": i64), param!("mean": f64)]
    ));
};

const _: () = {
    podtask::__private::register!(task!(
        "refcases::e_typed_interface",
        "no_io",
        None,
        Function,
        BARE,
        TaskMetadataDef::DEFAULT,
        [],
        []
    ));
};

// Case f: retries, timeout, interruptible, cache and deprecation.
const _: () = {
    podtask::__private::register!(task!(
        "refcases::f_metadata",
        "with_metadata",
        None,
        Function,
        BARE,
        TaskMetadataDef {
            retries: 3,
            timeout_seconds: Some(600),
            interruptible: true,
            cache: Some(CacheDef {
                version: "1.0",
                serialize: true,
                ignored_inputs: &["verbose"],
            }),
            deprecated: Some("use run_script_v2"),
            description: Some("A task with metadata."),
        },
        [param!("x": i64), param!("verbose": bool)],
        [param!("o0": i64)]
    ));
};

const ENTRYPOINT: &str = "/usr/local/bin/refcases";

fn settings() -> SerializeSettings {
    let mut s = SerializeSettings::default();
    s.version = Some("v1".to_owned());
    s.entrypoint = Some(ENTRYPOINT.to_owned());
    s
}

fn ours(name: &str) -> Value {
    let task = podtask::registry().unwrap().get(name).unwrap();
    serde_json::to_value(task.template(&settings()).unwrap()).unwrap()
}

fn flytekit(case: &str) -> Value {
    let path = format!(
        "{}/tests/data/flytekit/{case}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The documented differences of every function task: the runtime, the task type and the argv.
fn as_podtask_function_task(mut expected: Value, name: &str) -> Value {
    as_podtask_runtime(&mut expected);
    expected["type"] = json!("container");
    let args: Vec<Value> = podtask::execute_args(name)
        .iter()
        .map(|a| json!(a))
        .collect();
    expected["container"]["command"] = json!([ENTRYPOINT]);
    expected["container"]["args"] = Value::Array(args);
    expected
}

fn as_podtask_runtime(expected: &mut Value) {
    expected["metadata"]["runtime"] = json!({
        "type": "FLYTE_SDK",
        "version": env!("CARGO_PKG_VERSION"),
        "flavor": "rust",
    });
}

/// Compares two JSON values and lists every path where they differ.
fn diff(path: &str, ours: &Value, theirs: &Value, out: &mut Vec<String>) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let p = format!("{path}.{k}");
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => diff(&p, x, y, out),
                    (Some(x), None) => out.push(format!("{p}: only podtask writes {x}")),
                    (None, Some(y)) => out.push(format!("{p}: only flytekit writes {y}")),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff(&format!("{path}[{i}]"), x, y, out);
            }
        }
        _ if ours != theirs => out.push(format!("{path}: podtask {ours} != flytekit {theirs}")),
        _ => {}
    }
}

fn assert_same(ours: &Value, expected: &Value) {
    let mut out = Vec::new();
    diff("", ours, expected, &mut out);
    assert!(out.is_empty(), "differences:\n{}", out.join("\n"));
}

#[test]
fn a_plain_matches_flytekit() {
    let name = "refcases.a_plain.run_script";
    assert_same(
        &ours(name),
        &as_podtask_function_task(flytekit("a_plain"), name),
    );
}

#[test]
fn d_container_task_matches_flytekit() {
    let mut expected = flytekit("d_container_task");
    as_podtask_runtime(&mut expected);
    assert_same(&ours("run_script_container"), &expected);
}

#[test]
fn e_typed_interface_matches_flytekit_for_the_types_podtask_maps() {
    let name = "refcases.e_typed_interface.typed";
    let mut expected = as_podtask_function_task(flytekit("e_typed_interface"), name);
    // Datetimes are not mapped yet.
    let inputs = expected["interface"]["inputs"]["variables"]
        .as_object_mut()
        .unwrap();
    for unmapped in ["p", "ts", "dur", "color"] {
        assert!(inputs.remove(unmapped).is_some());
    }
    let outputs = expected["interface"]["outputs"]["variables"]
        .as_object_mut()
        .unwrap();
    assert!(outputs.remove("params_out").is_some());
    assert_same(&ours(name), &expected);
}

#[test]
fn a_task_without_inputs_or_outputs_matches_flytekit() {
    let name = "refcases.e_typed_interface.no_io";
    assert_same(
        &ours(name),
        &as_podtask_function_task(flytekit("e_typed_interface__no_io"), name),
    );
}

#[test]
fn f_metadata_matches_flytekit_for_the_metadata_podtask_models() {
    let name = "refcases.f_metadata.with_metadata";
    let mut expected = as_podtask_function_task(flytekit("f_metadata"), name);
    // Secrets, the pod template name and pod labels/annotations are not modelled yet.
    let top = expected.as_object_mut().unwrap();
    assert!(top.remove("securityContext").is_some());
    let metadata = expected["metadata"].as_object_mut().unwrap();
    assert!(metadata.remove("podTemplateName").is_some());
    metadata.insert("metadata".to_owned(), json!({}));
    assert_same(&ours(name), &expected);
}

#[test]
fn the_description_stays_out_of_the_template() {
    let task = podtask::registry()
        .unwrap()
        .get("refcases.f_metadata.with_metadata")
        .unwrap();
    assert_eq!(task.description(), Some("A task with metadata."));
    let json = serde_json::to_string(&task.template(&settings()).unwrap()).unwrap();
    assert!(!json.contains("A task with metadata."));
}

#[test]
fn templates_read_back_equal() {
    for task in podtask::registry().unwrap().tasks() {
        let template = task.template(&settings()).unwrap();
        let text = serde_json::to_string_pretty(&template).unwrap();
        let back: podtask::TaskTemplate = serde_json::from_str(&text).unwrap();
        assert_eq!(back, template, "{}", task.name());
    }
}

#[test]
fn field_order_follows_proto_field_numbers() {
    let task = podtask::registry()
        .unwrap()
        .get("refcases.f_metadata.with_metadata")
        .unwrap();
    let text = serde_json::to_string(&task.template(&settings()).unwrap()).unwrap();
    let order = |keys: &[&str]| {
        let at: Vec<usize> = keys
            .iter()
            .map(|k| text.find(&format!("\"{k}\":")).unwrap())
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{keys:?} in {text}");
    };
    order(&["id", "type", "metadata", "interface", "container"]);
    order(&[
        "discoverable",
        "runtime",
        "timeout",
        "retries",
        "discoveryVersion",
        "deprecatedErrorMessage",
        "interruptible",
        "cacheSerializable",
        "cacheIgnoreInputVars",
        "generatesDeck",
    ]);
}
