//! The merge rule of docs/pods.md, field by field, on pod specs as JSON, and against what
//! flytekit 1.16.31 writes for the same pod template (case c of the reference data).

use std::borrow::Cow;

use podtask::pod::{PrimaryContainer, merge};
use podtask::{KeyValuePair, ResourceEntry, ResourceName, Resources};
use serde_json::{Map, Value, json};

fn spec(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

const COMMAND: &[Cow<'static, str>] = &[Cow::Borrowed("/usr/local/bin/tasks")];
const ARGS: &[Cow<'static, str>] = &[Cow::Borrowed("execute"), Cow::Borrowed("--task")];
const REQUESTS: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Cpu, "500m"),
    ResourceEntry::new_const(ResourceName::Memory, "1Gi"),
];
const LIMITS: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Cpu, "1"),
    ResourceEntry::new_const(ResourceName::Memory, "2Gi"),
];
static RESOURCES: Resources = Resources::new_const(REQUESTS, LIMITS);
const ENV: &[KeyValuePair] = &[
    KeyValuePair::new_const("MY_ENV_VAR", "some_value"),
    KeyValuePair::new_const("DEBUG_MODE", "true"),
];

fn task(image: Option<&'static str>) -> PrimaryContainer<'static> {
    PrimaryContainer::new(image, COMMAND, ARGS, &RESOURCES, ENV)
}

/// The merged spec as JSON, primary container `main`.
fn merged(value: Value, primary: &PrimaryContainer<'_>) -> Value {
    let mut s = spec(value);
    merge(&mut s, "main", primary, "gpu");
    Value::Object(s)
}

fn primary(merged: &Value) -> &Value {
    merged["containers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "main")
        .expect("a primary container")
}

#[test]
fn the_primary_container_is_found_by_name_or_added_last() {
    let present = merged(
        json!({"containers": [{"name": "main"}, {"name": "side", "image": "busybox"}]}),
        &task(Some("img:1")),
    );
    let names: Vec<&Value> = present["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["name"])
        .collect();
    assert_eq!(names, ["main", "side"]);

    let absent = merged(
        json!({"containers": [{"name": "side", "image": "busybox"}]}),
        &task(Some("img:1")),
    );
    let names: Vec<&Value> = absent["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["name"])
        .collect();
    assert_eq!(names, ["side", "main"]);

    let empty = merged(json!({}), &task(Some("img:1")));
    assert_eq!(empty["containers"].as_array().unwrap().len(), 1);
}

#[test]
fn image_the_specs_wins_else_the_tasks() {
    let m = merged(
        json!({"containers": [{"name": "main", "image": "spec/image:2"}]}),
        &task(Some("task/image:1")),
    );
    assert_eq!(primary(&m)["image"], "spec/image:2");
    let m = merged(
        json!({"containers": [{"name": "main"}]}),
        &task(Some("task/image:1")),
    );
    assert_eq!(primary(&m)["image"], "task/image:1");
    let m = merged(json!({"containers": [{"name": "main"}]}), &task(None));
    assert!(primary(&m).get("image").is_none());
    // Other containers keep theirs, with or without the task's.
    let m = merged(
        json!({"containers": [{"name": "side", "image": "busybox"}]}),
        &task(Some("task/image:1")),
    );
    assert_eq!(m["containers"][0]["image"], "busybox");
}

#[test]
fn command_and_args_are_the_tasks_always() {
    let m = merged(
        json!({"containers": [{"name": "main", "command": ["sh"], "args": ["-c", "x"]}]}),
        &task(Some("i:1")),
    );
    assert_eq!(primary(&m)["command"], json!(["/usr/local/bin/tasks"]));
    assert_eq!(primary(&m)["args"], json!(["execute", "--task"]));
    // A task without arguments leaves none, even where the spec had some.
    let no_args = PrimaryContainer::new(Some("i:1"), COMMAND, &[], &RESOURCES, ENV);
    let m = merged(
        json!({"containers": [{"name": "main", "args": ["-c", "x"]}]}),
        &no_args,
    );
    assert!(primary(&m).get("args").is_none(), "{m}");
}

#[test]
fn resources_the_tasks_replace_the_specs_when_it_gives_any() {
    let spec_resources = json!({"containers": [{"name": "main", "resources": {
        "requests": {"cpu": "100m"}, "limits": {"cpu": "4", "memory": "8Gi"},
        "claims": [{"name": "gpu-claim"}]
    }}]});
    let m = merged(spec_resources.clone(), &task(Some("i:1")));
    assert_eq!(
        primary(&m)["resources"],
        json!({
            "claims": [{"name": "gpu-claim"}],
            "limits": {"cpu": "1", "memory": "2Gi"},
            "requests": {"cpu": "500m", "memory": "1Gi"}
        })
    );
    // Requests alone replace the spec's limits too, as flytekit replaces the whole requirements.
    static ONLY_REQUESTS: Resources = Resources::new_const(REQUESTS, &[]);
    let m = merged(
        spec_resources.clone(),
        &PrimaryContainer::new(Some("i:1"), COMMAND, ARGS, &ONLY_REQUESTS, ENV),
    );
    assert_eq!(
        primary(&m)["resources"],
        json!({"claims": [{"name": "gpu-claim"}], "requests": {"cpu": "500m", "memory": "1Gi"}})
    );
    // No resources on the task: the spec's stay as written.
    let m = merged(
        spec_resources,
        &PrimaryContainer::new(Some("i:1"), COMMAND, ARGS, &Resources::EMPTY, ENV),
    );
    assert_eq!(primary(&m)["resources"]["limits"]["memory"], "8Gi");
    assert_eq!(primary(&m)["resources"]["requests"]["cpu"], "100m");
}

#[test]
fn resources_take_kubernetes_names_and_the_gpu_name_given() {
    const GPU_REQUESTS: &[ResourceEntry] = &[
        ResourceEntry::new_const(ResourceName::Gpu, "1"),
        ResourceEntry::new_const(ResourceName::EphemeralStorage, "10Gi"),
    ];
    static GPU: Resources = Resources::new_const(GPU_REQUESTS, GPU_REQUESTS);
    let t = PrimaryContainer::new(Some("i:1"), COMMAND, ARGS, &GPU, &[]);
    let m = merged(json!({}), &t);
    assert_eq!(
        primary(&m)["resources"]["requests"],
        json!({"ephemeral-storage": "10Gi", "gpu": "1"})
    );
    let mut s = spec(json!({}));
    merge(&mut s, "main", &t, "amd.com/gpu");
    let m = Value::Object(s);
    assert_eq!(primary(&m)["resources"]["limits"]["amd.com/gpu"], "1");
}

#[test]
fn env_the_tasks_first_then_the_specs_and_a_name_in_both_keeps_the_specs() {
    let m = merged(
        json!({"containers": [{"name": "main", "env": [
            {"name": "FROM_SPEC", "value": "1"},
            {"name": "DEBUG_MODE", "value": "false"},
            {"name": "SECRET", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}
        ]}]}),
        &task(Some("i:1")),
    );
    assert_eq!(
        primary(&m)["env"],
        json!([
            {"name": "MY_ENV_VAR", "value": "some_value"},
            {"name": "FROM_SPEC", "value": "1"},
            {"name": "DEBUG_MODE", "value": "false"},
            {"name": "SECRET", "valueFrom": {"secretKeyRef": {"key": "k", "name": "s"}}}
        ])
    );
    // A task without environment leaves the spec's as written.
    let m = merged(
        json!({"containers": [{"name": "main", "env": [{"name": "A", "value": "1"}]}]}),
        &PrimaryContainer::new(Some("i:1"), COMMAND, ARGS, &RESOURCES, &[]),
    );
    assert_eq!(primary(&m)["env"], json!([{"name": "A", "value": "1"}]));
}

#[test]
fn volume_mounts_and_everything_else_stay_the_specs() {
    let input = json!({
        "containers": [{
            "name": "main",
            "volumeMounts": [{"name": "data", "mountPath": "/data", "readOnly": true}],
            "ports": [{"containerPort": 8080}],
            "workingDir": "/work",
            "securityContext": {"runAsNonRoot": true}
        }],
        "initContainers": [{"name": "fetch", "image": "curl:8", "command": ["curl"]}],
        "volumes": [{"name": "data", "emptyDir": {}}],
        "nodeSelector": {"disk": "ssd"},
        "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}]
    });
    let m = merged(input.clone(), &task(Some("i:1")));
    let p = primary(&m);
    assert_eq!(p["volumeMounts"], input["containers"][0]["volumeMounts"]);
    assert_eq!(p["ports"], json!([{"containerPort": 8080}]));
    assert_eq!(p["workingDir"], "/work");
    assert_eq!(p["securityContext"], json!({"runAsNonRoot": true}));
    for key in ["initContainers", "volumes", "nodeSelector", "tolerations"] {
        assert_eq!(m[key], input[key], "{key}");
    }
}

/// flytekit 1.16.31's `k8sPod.podSpec` for case c (`c_pod_template.json`), less the primary
/// container's argv, which is `pyflyte-execute ...` there and the task binary here.
fn flytekit_case_c() -> Value {
    json!({
        "nodeSelector": {"kubernetes.io/hostname": "my-specific-node"},
        "containers": [
            {
                "resources": {"limits": {"cpu": "1", "memory": "2Gi"}, "requests": {"cpu": "500m", "memory": "1Gi"}},
                "image": "python:3.9-slim-buster",
                "env": [{"value": "some_value", "name": "MY_ENV_VAR"}, {"value": "true", "name": "DEBUG_MODE"}],
                "name": "main-container"
            },
            {
                "resources": {"requests": {"cpu": "50m", "memory": "50Mi"}},
                "image": "busybox",
                "command": ["sh", "-c", "sleep 3600"],
                "name": "sidecar"
            }
        ]
    })
}

#[test]
fn the_rule_gives_flytekits_spec_for_case_c() {
    let mut s = spec(json!({
        "containers": [
            {"name": "main-container"},
            {"name": "sidecar", "image": "busybox", "command": ["sh", "-c", "sleep 3600"],
             "resources": {"requests": {"cpu": "50m", "memory": "50Mi"}}}
        ],
        "nodeSelector": {"kubernetes.io/hostname": "my-specific-node"}
    }));
    merge(
        &mut s,
        "main-container",
        &PrimaryContainer::new(
            Some("python:3.9-slim-buster"),
            COMMAND,
            ARGS,
            &RESOURCES,
            ENV,
        ),
        "gpu",
    );
    let mut ours = Value::Object(s);
    let primary = ours["containers"][0].as_object_mut().unwrap();
    assert_eq!(primary.remove("command").unwrap(), json!(COMMAND));
    assert_eq!(primary.remove("args").unwrap(), json!(ARGS));
    assert_eq!(ours, flytekit_case_c());
}

#[test]
fn an_added_primary_comes_after_the_specs_containers_as_in_flytekits_noprimary_case() {
    let mut s = spec(json!({
        "containers": [{"name": "sidecar", "image": "busybox",
                        "resources": {"requests": {"cpu": "50m", "memory": "50Mi"}}}],
        "nodeSelector": {"kubernetes.io/hostname": "my-specific-node"}
    }));
    merge(
        &mut s,
        "main-container",
        &PrimaryContainer::new(
            Some("python:3.9-slim-buster"),
            &[],
            &[],
            &Resources::EMPTY,
            &[],
        ),
        "gpu",
    );
    // c_pod_template__noprimary.json, less flytekit's argv and its empty `env` and `command`.
    assert_eq!(
        Value::Object(s.clone()),
        json!({
            "nodeSelector": {"kubernetes.io/hostname": "my-specific-node"},
            "containers": [
                {"image": "busybox", "name": "sidecar", "resources": {"requests": {"cpu": "50m", "memory": "50Mi"}}},
                {"image": "python:3.9-slim-buster", "name": "main-container"}
            ]
        })
    );
    let names: Vec<&str> = s["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["sidecar", "main-container"]);
}

#[test]
fn where_the_spec_holds_another_json_type_the_tasks_value_replaces_it() {
    // A spec read strictly never holds these; the merge still gives a container to run.
    let m = merged(json!({"containers": {"name": "main"}}), &task(Some("i:1")));
    assert_eq!(m["containers"].as_array().unwrap().len(), 1);
    assert_eq!(primary(&m)["image"], "i:1");
    let m = merged(
        json!({"containers": [{"name": "main", "resources": "big", "env": "A=1"}]}),
        &task(Some("i:1")),
    );
    assert_eq!(
        primary(&m)["resources"],
        json!({"limits": {"cpu": "1", "memory": "2Gi"}, "requests": {"cpu": "500m", "memory": "1Gi"}})
    );
    assert_eq!(
        primary(&m)["env"],
        json!([
            {"name": "MY_ENV_VAR", "value": "some_value"},
            {"name": "DEBUG_MODE", "value": "true"}
        ])
    );
    // An image that is not a string, or is empty, is no image: the task's goes in.
    for image in [json!(""), json!(7)] {
        let m = merged(
            json!({"containers": [{"name": "main", "image": image}]}),
            &task(Some("i:1")),
        );
        assert_eq!(primary(&m)["image"], "i:1");
    }
}
