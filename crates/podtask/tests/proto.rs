//! The binary templates podtask writes against its JSON ones: a template goes to protobuf and
//! back unchanged, and `serialize --format pb` writes the same template `serialize` writes as
//! JSON, byte-identical across runs, and nothing at all when a task cannot be serialized.
//!
//! The messages themselves, against flyteidl's bytes and flytekit's files, are tested in the
//! `podtask-flyteidl` crate.

mod common;
use common::run;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use podtask::flyteidl::core;
use podtask::flyteidl::protobuf::Duration;
use podtask::{SerializeSettings, registry, task};
use prost::Message;
use serde::{Deserialize, Serialize};

mod pb_tasks {
    use super::*;

    #[task(
        container(image = "busybox:1.36"),
        retries = 3,
        timeout = "10m",
        interruptible
    )]
    fn scale(xs: Vec<f64>, by: Option<i64>) -> BTreeMap<String, String> {
        let by = by.unwrap_or(1) as f64;
        xs.iter()
            .enumerate()
            .map(|(i, x)| (i.to_string(), (x * by).to_string()))
            .collect()
    }

    /// Templates of other shapes: a pod, a command, caching, structs and enums.
    #[task(
        container(image = "busybox:1.36", env(MODE = "fast")),
        resources(requests(cpu = "1", memory = "1Gi"), limits(gpu = "1")),
        cache(version = "2", serialize, ignored_inputs = ["tags"]),
        deprecated = "use shapes_v2",
        pod(
            primary_container = "main",
            labels(team = "ml"),
            annotations(owner = "data"),
            spec = {
                "containers": [
                    {"name": "main", "volumeMounts": [{"name": "d", "mountPath": "/d"}]},
                    {"name": "side", "image": "busybox:1.36", "args": ["sleep", "1"]}
                ],
                "volumes": [{"name": "d", "emptyDir": {}}],
                "tolerations": [{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}]
            }
        )
    )]
    fn shapes(p: Params, colors: Vec<Color>, tags: BTreeMap<String, Option<f64>>) -> Params {
        let _ = (colors, tags);
        p
    }

    #[task(container(
        image = "busybox:1.36",
        command = ["sh", "-c", "echo {{.inputs.n}} > /var/outputs/o0"],
    ))]
    fn command(n: i64) -> i64 {
        n
    }
}

/// A struct: a Flyte STRUCT with a schema.
#[derive(Debug, Serialize, Deserialize)]
struct Params {
    rate: f64,
    layers: Vec<i64>,
    color: Option<Color>,
}

/// An enum of unit variants: a Flyte enum.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Color {
    Red,
    Green,
}

fn settings() -> SerializeSettings {
    let mut s = SerializeSettings::default();
    s.entrypoint = Some("/usr/local/bin/tasks".to_owned());
    s
}

/// Every template this binary writes: JSON, protobuf, bytes, protobuf, JSON again, each step
/// unchanged.
#[test]
fn templates_of_every_shape_survive_protobuf_unchanged() {
    let tasks = registry().tasks();
    assert_eq!(tasks.len(), 3);
    for task in tasks {
        let task = task.unwrap();
        let template = podtask::template(&task, &settings()).unwrap();
        let json = podtask::template::to_json(&template);
        let decoded = core::TaskTemplate::decode(template.encode_to_vec().as_slice()).unwrap();
        assert_eq!(decoded, template, "{}", task.name());
        assert_eq!(
            String::from_utf8(podtask::template::to_json(&decoded)).unwrap(),
            String::from_utf8(json).unwrap(),
            "{}",
            task.name()
        );
        // The same bytes again.
        assert_eq!(decoded.encode_to_vec(), template.encode_to_vec());
    }
}

#[test]
fn the_metadata_podtask_writes_reads_back_from_protobuf() {
    let task = registry().task("proto.pb_tasks.scale").unwrap();
    let mut template = podtask::template(&task, &settings()).unwrap();
    // Fields no podtask task sets, so that the whole message is exercised.
    template.config.insert("k".to_owned(), "v".to_owned());
    let metadata = template.metadata.as_mut().unwrap();
    metadata.tags.insert("team".to_owned(), "ml".to_owned());
    metadata.pod_template_name = "base".to_owned();
    metadata.is_eager = true;
    metadata.cache_ignore_input_vars = vec!["by".to_owned()];
    let decoded = core::TaskTemplate::decode(template.encode_to_vec().as_slice()).unwrap();
    assert_eq!(decoded, template);
    let meta = decoded.metadata.unwrap();
    assert_eq!(
        meta.timeout,
        Some(Duration {
            seconds: 600,
            nanos: 0
        })
    );
    assert_eq!(meta.retries, Some(core::RetryStrategy { retries: 3 }));
    assert_eq!(
        meta.interruptible_value,
        Some(core::task_metadata::InterruptibleValue::Interruptible(true))
    );
    assert_eq!(meta.generates_deck.map(|b| b.value), Some(false));
    assert_eq!(meta.tags["team"], "ml");
    assert!(meta.is_eager);
    let runtime = meta.runtime.unwrap();
    assert_eq!(
        (runtime.version.as_str(), runtime.flavor.as_str()),
        (env!("CARGO_PKG_VERSION"), "rust")
    );
    assert_eq!(
        runtime.r#type,
        core::runtime_metadata::RuntimeType::FlyteSdk as i32
    );
    let cached = podtask::template(
        &registry().task("proto.pb_tasks.shapes").unwrap(),
        &settings(),
    )
    .unwrap()
    .metadata
    .unwrap();
    assert!(cached.discoverable);
    assert_eq!(cached.discovery_version, "2");
    assert!(cached.cache_serializable);
    assert_eq!(cached.cache_ignore_input_vars, ["tags"]);
    assert_eq!(cached.deprecated_error_message, "use shapes_v2");
}

fn scratch(test: &str) -> PathBuf {
    common::scratch("pb", test)
}

#[test]
fn serialize_pb_writes_the_json_template_in_binary_the_same_every_time() {
    let dir = scratch("pb");
    let (a, b, json) = (dir.join("a"), dir.join("b"), dir.join("json"));
    let common = ["--entrypoint", "/usr/local/bin/tasks", "--version", "v1"];
    for (out, format) in [(&a, "pb"), (&b, "pb"), (&json, "json")] {
        let mut args = vec![
            "serialize",
            "--out",
            out.to_str().unwrap(),
            "--format",
            format,
        ];
        args.extend(common);
        let (code, stdout, err) = run(&args);
        assert_eq!(code, ExitCode::SUCCESS, "{err}");
        assert_eq!(
            stdout,
            format!("wrote 3 task templates to {}\n", out.display())
        );
    }
    let names = common::files(&a);
    assert_eq!(
        names,
        [
            "proto.pb_tasks.command.pb",
            "proto.pb_tasks.scale.pb",
            "proto.pb_tasks.shapes.pb"
        ]
    );
    for name in names {
        let bytes = fs::read(a.join(&name)).unwrap();
        assert_eq!(bytes, fs::read(b.join(&name)).unwrap(), "{name}");
        let decoded = core::TaskTemplate::decode(bytes.as_slice()).unwrap();
        let task = name.trim_end_matches(".pb");
        let json_text = fs::read(json.join(format!("{task}.json"))).unwrap();
        // The binary template writes exactly the JSON `serialize` wrote.
        assert_eq!(
            String::from_utf8(podtask::template::to_json(&decoded)).unwrap(),
            String::from_utf8(json_text).unwrap(),
            "{name}"
        );
        let id = decoded.id.unwrap();
        assert_eq!(
            (
                id.project.as_str(),
                id.domain.as_str(),
                id.version.as_str(),
                id.name.as_str()
            ),
            ("flytesnacks", "development", "v1", task)
        );
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn serialize_pb_writes_nothing_on_error() {
    let dir = scratch("pb-error");
    // An image reference Kubernetes would refuse: no template is built, no file written.
    let (code, out, err) = run(&[
        "serialize",
        "--out",
        dir.to_str().unwrap(),
        "--format",
        "pb",
        "--image",
        "Not An Image",
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(out, "");
    assert!(err.starts_with("error: --image: "), "{err}");
    assert!(!dir.exists());
    let (code, _, err) = run(&[
        "serialize",
        "--out",
        dir.to_str().unwrap(),
        "--format",
        "yaml",
    ]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("yaml"), "{err}");
    assert!(!dir.exists());
}
