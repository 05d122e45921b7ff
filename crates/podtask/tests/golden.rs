//! The templates podtask writes for flytekit's reference cases, compared with what flytekit
//! 1.16 writes (`tests/data/flytekit/*.json`, keys sorted), value by value.
//!
//! Only the differences `docs/flyte-output.md` documents are allowed, and each is applied to
//! flytekit's side explicitly before the comparison: the runtime (podtask, Rust), the argv of a
//! function task, its task type, and the parts of a case podtask does not model yet.

use podtask::SerializeSettings;
use podtask::flyteidl::core;
use prost::Message;
use serde_json::{Value, json};

#[path = "common/refcases.rs"]
mod refcases;

const ENTRYPOINT: &str = "/usr/local/bin/refcases";

fn settings() -> SerializeSettings {
    let mut s = SerializeSettings::default();
    s.version = Some("v1".to_owned());
    s.entrypoint = Some(ENTRYPOINT.to_owned());
    s
}

fn template(name: &str) -> core::TaskTemplate {
    let task = podtask::registry().task(name).unwrap();
    podtask::template(&task, &settings()).unwrap()
}

fn ours(name: &str) -> Value {
    serde_json::to_value(template(name)).unwrap()
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
    // Datetimes are not mapped yet, and structs not as flytekit's dataclasses (msgpack).
    let inputs = expected["interface"]["inputs"]["variables"]
        .as_object_mut()
        .unwrap();
    for unmapped in ["p", "ts"] {
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
    // The labels and annotations of a container task's pod are not modelled yet.
    let metadata = expected["metadata"].as_object_mut().unwrap();
    metadata.insert("metadata".to_owned(), json!({}));
    assert_same(&ours(name), &expected);
}

#[test]
fn an_accelerator_and_shared_memory_match_flytekit() {
    let name = "refcases.b_gpu_ephemeral.train_accel";
    assert_same(
        &ours(name),
        &as_podtask_function_task(flytekit("b_gpu_ephemeral__train_accel"), name),
    );
}

#[test]
fn accelerators_shared_memory_secrets_and_pod_templates_match_flytekit() {
    for (case, task) in [
        ("h_accel_secrets", "finetune"),
        ("h_accel_secrets__pretrain", "pretrain"),
        ("h_accel_secrets__whole_gpu", "whole_gpu"),
        ("h_accel_secrets__report", "report"),
    ] {
        let name = format!("scases.h_accel_secrets.{task}");
        assert_same(
            &ours(&name),
            &as_podtask_function_task(flytekit(case), &name),
        );
    }
}

#[test]
fn a_task_without_them_has_no_extended_resources_or_security_context() {
    for name in [
        "refcases.a_plain.run_script",
        "refcases.b_gpu_ephemeral.train",
        "refcases.e_typed_interface.no_io",
    ] {
        let t = ours(name);
        assert!(t.get("extendedResources").is_none(), "{name}");
        assert!(t.get("securityContext").is_none(), "{name}");
        assert!(t["metadata"].get("podTemplateName").is_none(), "{name}");
    }
}

#[test]
fn the_description_stays_out_of_the_template() {
    let task = podtask::registry()
        .task("refcases.f_metadata.with_metadata")
        .unwrap();
    assert_eq!(task.description(), Some("A task with metadata."));
    let json = serde_json::to_string(&template(task.name())).unwrap();
    assert!(!json.contains("A task with metadata."));
}

#[test]
fn templates_read_back_equal() {
    let tasks = podtask::registry().tasks();
    assert_eq!(tasks.len(), 13);
    let mut settings = settings();
    settings.image = Some("ghcr.io/acme/tasks:1.0.0".to_owned());
    for task in tasks {
        let task = task.unwrap();
        let template = podtask::template(&task, &settings).unwrap();
        let back = core::TaskTemplate::decode(template.encode_to_vec().as_slice()).unwrap();
        assert_eq!(back, template, "{}", task.name());
        assert_eq!(
            serde_json::to_string_pretty(&back).unwrap(),
            serde_json::to_string_pretty(&template).unwrap(),
            "{}",
            task.name()
        );
    }
}

#[test]
fn field_order_follows_proto_field_numbers() {
    let text = serde_json::to_string(&template("refcases.f_metadata.with_metadata")).unwrap();
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
