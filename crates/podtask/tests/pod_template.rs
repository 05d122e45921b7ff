//! Pod tasks in the Flyte task template (JSON and protobuf), and the registry's checks of pods:
//! specs built by code when the program runs, and pods given by path.

mod common;
use common::location_of;

use std::borrow::Cow;

use podtask::Extras;
use podtask::flyteidl::core;
use podtask::{
    K8sObjectMetadata, K8sPod, KeyValuePair, PodSpecSource, RegistryError, SerializeSettings, Task,
    TaskDef, TaskErrorKind, TemplateError, registry, task,
};
use prost::Message;
use serde_json::{Value, json};

#[task(
    container(image = "ghcr.io/acme/tasks:1.0.0", env(MODE = "fast")),
    resources(requests(cpu = "250m"), limits(cpu = "1", gpu = "1")),
    pod(
        primary_container = "main-container",
        labels(environment = "production", app = "my-ml-task"),
        annotations(owner = "data-science-team"),
        spec = {
            "containers": [
                {"name": "main-container"},
                {"name": "sidecar", "image": "busybox:1.36", "resources": {"requests": {"cpu": "50m"}}}
            ],
            "nodeSelector": {"kubernetes.io/hostname": "my-specific-node"}
        }
    )
)]
fn train(path: String) {
    let _ = path;
}

/// `train` in the pod of a task without one.
#[task(
    container(image = "ghcr.io/acme/tasks:1.0.0", env(MODE = "fast")),
    resources(requests(cpu = "250m"), limits(cpu = "1", gpu = "1")),
    pod = DEFAULT_POD
)]
fn train_plain(path: String) {
    let _ = path;
}

const DEFAULT_POD: K8sPod = K8sPod::new_const("primary", &[], &[], PodSpecSource::None);

#[task(
    container(image = "busybox:1.36", command = ["wc", "-l", "{{.inputs.path}}"]),
    pod = DEFAULT_POD
)]
fn count(path: String) {
    let _ = path;
}

/// No image of its own: the spec's primary container names one.
#[task(pod(spec = {"containers": [{"name": "primary", "image": "ghcr.io/acme/from-spec:2"}]}))]
fn image_in_spec(path: String) {
    let _ = path;
}

/// No image anywhere: it takes the one given when serializing.
#[task(pod = DEFAULT_POD)]
fn no_image(path: String) {
    let _ = path;
}

fn built_spec() -> Value {
    json!({"containers": [{"name": "main", "workingDir": "/work"}]})
}

#[task(
    container(image = "ghcr.io/acme/tasks:1.0.0"),
    pod(primary_container = "main", spec = built_spec)
)]
fn built(path: String) {
    let _ = path;
}

/// A sidecar without an image: only the primary container gets the task's.
fn bad_spec() -> serde_json::Map<String, Value> {
    let Value::Object(m) = json!({"containers": [{"name": "main"}, {"name": "sidecar"}]}) else {
        unreachable!()
    };
    m
}

#[task(
    container(image = "ghcr.io/acme/tasks:1.0.0"),
    pod(primary_container = "main", spec = bad_spec)
)]
fn bad(path: String) {
    let _ = path;
}

const BAD_LABELS: &[KeyValuePair] = &[KeyValuePair::new_const("app", "has space")];
const BAD_LABEL: K8sPod = K8sPod::new_const("main", BAD_LABELS, &[], PodSpecSource::None);

#[task(container(image = "ghcr.io/acme/tasks:1.0.0"), pod = BAD_LABEL)]
fn label(path: String) {
    let _ = path;
}

/// A spec written by hand, not through the macros: read strictly and checked when its task is.
const HAND_WRITTEN: K8sPod = K8sPod::new_const(
    "main",
    &[],
    &[],
    PodSpecSource::Json(Cow::Borrowed(
        r#"{"containers":[{"name":"main"},{"name":"sidecar"}],"nodeSelecter":{}}"#,
    )),
);

#[task(container(image = "ghcr.io/acme/tasks:1.0.0"), pod = HAND_WRITTEN)]
fn hand_written(path: String) {
    let _ = path;
}

/// The same pod through `pod!`, whose spec the compiler has checked.
const BY_MACRO: K8sPod = podtask::pod!(
    primary_container = "main",
    spec = {"containers": [{"name": "main"}, {"name": "sidecar", "image": "busybox:1.36"}]},
);

#[task(container(image = "ghcr.io/acme/tasks:1.0.0"), pod = BY_MACRO)]
fn by_macro(path: String) {
    let _ = path;
}

fn settings() -> SerializeSettings {
    let mut s = SerializeSettings::default();
    s.version = Some("v1".to_owned());
    s.entrypoint = Some("/usr/local/bin/tasks".to_owned());
    s
}

fn template(name: &str, settings: &SerializeSettings) -> core::TaskTemplate {
    podtask::template(&registry().task(name).unwrap(), settings).unwrap()
}

fn template_json(name: &str, settings: &SerializeSettings) -> Value {
    serde_json::to_value(template(name, settings)).unwrap()
}

#[test]
fn a_pod_task_has_a_k8s_pod_target_and_no_container() {
    let t = template_json("pod_template.train", &settings());
    assert_eq!(t["type"], "container");
    assert!(t.get("container").is_none(), "{t}");
    assert_eq!(
        t["config"],
        json!({"primary_container_name": "main-container"})
    );
    let pod = &t["k8sPod"];
    assert_eq!(pod["primaryContainerName"], "main-container");
    // Maps are written with their keys sorted: the same template always gives the same bytes.
    let model = template("pod_template.train", &settings());
    let Some(core::task_template::Target::K8sPod(k8s_pod)) = &model.target else {
        panic!("{:?}", model.target)
    };
    assert_eq!(
        serde_json::to_string(&k8s_pod.metadata).unwrap(),
        r#"{"labels":{"app":"my-ml-task","environment":"production"},"annotations":{"owner":"data-science-team"}}"#
    );
    let spec = &pod["podSpec"];
    assert_eq!(
        spec["nodeSelector"]["kubernetes.io/hostname"],
        "my-specific-node"
    );
    let main = &spec["containers"][0];
    assert_eq!(main["name"], "main-container");
    assert_eq!(main["image"], "ghcr.io/acme/tasks:1.0.0");
    assert_eq!(main["command"], json!(["/usr/local/bin/tasks"]));
    assert_eq!(main["args"][0], "execute");
    assert_eq!(main["args"][2], "pod_template.train");
    assert_eq!(main["env"], json!([{"name": "MODE", "value": "fast"}]));
    // Flyte's GPU keeps flytekit's name in the template; Flyte renames it when it makes the pod.
    assert_eq!(
        main["resources"],
        json!({"limits": {"cpu": "1", "gpu": "1"}, "requests": {"cpu": "250m"}})
    );
    assert_eq!(spec["containers"][1]["image"], "busybox:1.36");
    // The field order is flyteidl's: config (16) before k8sPod (17).
    let text = serde_json::to_string(&model).unwrap();
    assert!(text.find("\"config\"").unwrap() < text.find("\"k8sPod\"").unwrap());
}

#[test]
fn a_command_task_in_a_pod_keeps_its_command_and_data_loading() {
    let t = template_json("pod_template.count", &settings());
    assert_eq!(t["type"], "raw-container");
    let pod = &t["k8sPod"];
    assert_eq!(
        pod["dataConfig"],
        json!({"enabled": true, "inputPath": "/var/inputs", "outputPath": "/var/outputs"})
    );
    assert_eq!(pod["metadata"], json!({}));
    assert_eq!(
        pod["podSpec"],
        json!({"containers": [{"command": ["wc", "-l", "{{.inputs.path}}"], "image": "busybox:1.36", "name": "primary"}]})
    );
}

#[test]
fn the_image_comes_from_the_spec_the_task_or_the_setting() {
    let mut with_image = settings();
    with_image.image = Some("ghcr.io/acme/default:1".to_owned());
    let from_spec = template_json("pod_template.image_in_spec", &settings());
    assert_eq!(
        from_spec["k8sPod"]["podSpec"]["containers"][0]["image"],
        "ghcr.io/acme/from-spec:2"
    );
    // The spec's image wins over --image too.
    let still_spec = template_json("pod_template.image_in_spec", &with_image);
    assert_eq!(
        still_spec["k8sPod"]["podSpec"]["containers"][0]["image"],
        "ghcr.io/acme/from-spec:2"
    );
    let from_setting = template_json("pod_template.no_image", &with_image);
    assert_eq!(
        from_setting["k8sPod"]["podSpec"]["containers"][0]["image"],
        "ghcr.io/acme/default:1"
    );
    let none = podtask::template(
        &registry().task("pod_template.no_image").unwrap(),
        &settings(),
    )
    .unwrap_err();
    assert_eq!(
        none,
        TemplateError::NoImage {
            task: "pod_template.no_image".to_owned()
        }
    );
}

/// The task `name` is defined as, under the name `pods.v`: two of them differ only by what
/// their definitions differ by.
fn as_v(name: &str) -> Task {
    let def = registry().task(name).unwrap().def();
    Task::new(Box::leak(Box::new(TaskDef {
        extras: Box::leak(Box::new([Extras {
            name: Some("pods.v"),
            ..*def.extras()
        }])),
        ..*def
    })))
    .unwrap()
}

#[test]
fn the_version_follows_the_pod_spec() {
    let mut s = settings();
    s.version = None;
    let version = |t: &Task| podtask::template(t, &s).unwrap().id.unwrap().version;
    let plain = version(&as_v("pod_template.train_plain"));
    let sidecar = version(&as_v("pod_template.train"));
    let again = version(&as_v("pod_template.train"));
    assert_ne!(plain, sidecar);
    assert_eq!(sidecar, again);
}

#[test]
fn the_protobuf_template_has_the_k8s_pod_target() {
    let template = template("pod_template.train", &settings());
    let Some(core::task_template::Target::K8sPod(pod)) = &template.target else {
        panic!("expected a k8s_pod target, found {:?}", template.target);
    };
    assert_eq!(pod.primary_container_name, "main-container");
    assert_eq!(pod.metadata.as_ref().unwrap().labels["app"], "my-ml-task");
    let spec = pod.pod_spec.as_ref().unwrap().to_json();
    assert_eq!(spec["containers"][1]["name"], "sidecar");
    assert_eq!(template.config["primary_container_name"], "main-container");
    // Through bytes and back to the same message, which writes the same JSON.
    let decoded = core::TaskTemplate::decode(template.encode_to_vec().as_slice()).unwrap();
    assert_eq!(decoded, template);
    assert_eq!(
        serde_json::to_string(&decoded).unwrap(),
        serde_json::to_string(&template).unwrap()
    );
}

#[test]
fn a_spec_built_by_code_is_built_and_checked_when_its_task_is_read() {
    let t = template_json("pod_template.built", &settings());
    assert_eq!(
        t["k8sPod"]["podSpec"]["containers"][0]["workingDir"],
        "/work"
    );

    let err = registry().task("pod_template.bad").unwrap_err();
    assert!(
        matches!(
            &err,
            RegistryError::Task {
                kind: TaskErrorKind::InvalidPod(_),
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            r#"task pod_template.bad at {}: invalid pod spec: containers[1].image: Required value: only the primary container ("main") gets the task's image; container "sidecar" needs its own"#,
            location_of(file!(), "bad")
        )
    );
}

#[test]
fn the_metadata_of_a_pod_given_by_path_is_checked_when_its_task_is_read() {
    let err = registry().task("pod_template.label").unwrap_err();
    assert!(
        err.to_string().starts_with(&format!(
            r#"task pod_template.label at {}: invalid pod spec: labels[0]: invalid label value "has space""#,
            location_of(file!(), "label")
        )),
        "{err}"
    );
}

#[test]
fn a_spec_given_by_path_without_the_macros_is_checked_when_its_task_is_read() {
    let err = registry().task("pod_template.hand_written").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "task pod_template.hand_written at {}: invalid pod spec: nodeSelecter: unknown field \
             `nodeSelecter` in PodSpec; did you mean `nodeSelector`?",
            location_of(file!(), "hand_written")
        )
    );
    let t = template_json("pod_template.by_macro", &settings());
    assert_eq!(
        t["k8sPod"]["podSpec"]["containers"][1]["image"],
        "busybox:1.36"
    );
    let broken: Vec<String> = registry()
        .check()
        .into_iter()
        .map(|e| match e {
            RegistryError::Task { task, .. } => task,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        broken,
        [
            "pod_template.bad",
            "pod_template.hand_written",
            "pod_template.label"
        ]
    );
}

#[test]
fn a_pod_made_at_run_time_is_checked() {
    let e = K8sPod::from_spec("Main_1", K8sObjectMetadata::EMPTY, built_spec()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(r#"primary container name: invalid DNS-1123 label "Main_1""#),
        "{e}"
    );
    let pod = K8sPod::from_spec("main", K8sObjectMetadata::EMPTY, built_spec()).unwrap();
    assert_eq!(Value::Object(pod.check().unwrap()), built_spec());
    assert_eq!(pod.primary_container_name(), "main");
    let e = K8sPod::from_spec("main", K8sObjectMetadata::EMPTY, json!("spec")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "a pod spec is a JSON object, the function returned the string \"spec\""
    );
    let e = K8sPod::from_spec("main", K8sObjectMetadata::EMPTY, bad_spec()).unwrap_err();
    assert!(e.to_string().starts_with("containers[1].image: "), "{e}");
    let labels = K8sObjectMetadata::new(vec![KeyValuePair::new("app", "etl")], vec![]).unwrap();
    let pod = K8sPod::from_spec("main", labels, built_spec()).unwrap();
    assert_eq!(pod.metadata.labels[0].value, "etl");
}

#[test]
fn a_spec_as_json_text_is_read_by_pod_spec_and_checked_by_check() {
    let unknown = K8sPod::new_const(
        "main",
        &[],
        &[],
        PodSpecSource::Json(Cow::Borrowed(r#"{"nodeSelecter":{}}"#)),
    );
    // Read, not checked.
    assert_eq!(
        Value::Object(unknown.pod_spec().unwrap()),
        json!({"nodeSelecter": {}})
    );
    assert_eq!(
        unknown.check().unwrap_err().to_string(),
        "nodeSelecter: unknown field `nodeSelecter` in PodSpec; did you mean `nodeSelector`?"
    );
    let not_json = K8sPod::new_const(
        "main",
        &[],
        &[],
        PodSpecSource::Json(Cow::Borrowed(r#"{"containers": "#)),
    );
    assert!(not_json.pod_spec().is_err());
    let array = K8sPod::new_const("main", &[], &[], PodSpecSource::Json(Cow::Borrowed("[]")));
    assert_eq!(
        array.pod_spec().unwrap_err().to_string(),
        "a pod spec is a JSON object"
    );
    let none = K8sPod::new_const("main", &[], &[], PodSpecSource::None);
    assert!(none.pod_spec().unwrap().is_empty());
    assert!(none.check().unwrap().is_empty());
}
