//! Pod tasks in the Flyte task template (JSON and protobuf), and the registry's checks of pod
//! specs built by code.

use std::borrow::Cow;

use podtask::__private::{
    Container, K8sPod, KeyValuePair, Param, PodSpecSource, ResourceEntry, ResourceName, Resources,
    TaskDef, TaskKind, TaskMetadataDef,
};
use podtask::k8s_openapi::api::core::v1::{Container as K8sContainer, PodSpec};
use podtask::proto::core;
use podtask::{FlyteType, Registry, RegistryError, SerializeSettings, Task, TemplateError};
use prost::Message;
use serde_json::{Value, json};

const REQUESTS: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Cpu, "250m")];
const LIMITS: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Cpu, "1"),
    ResourceEntry::new_const(ResourceName::Gpu, "1"),
];
const ENV: &[KeyValuePair] = &[KeyValuePair::new_const("MODE", "fast")];
static FUNCTION: Container = Container::new_const(
    Some("ghcr.io/acme/tasks:1.0.0"),
    &[],
    &[],
    Resources::new_const(REQUESTS, LIMITS),
    ENV,
    &[],
);
static NO_IMAGE: Container = Container::new_const(None, &[], &[], Resources::EMPTY, &[], &[]);
const RAW_COMMAND: &[Cow<'static, str>] = &[
    Cow::Borrowed("wc"),
    Cow::Borrowed("-l"),
    Cow::Borrowed("{{.inputs.path}}"),
];
static RAW: Container = Container::new_const(
    Some("busybox:1.36"),
    RAW_COMMAND,
    &[],
    Resources::EMPTY,
    &[],
    &[],
);

const LABELS: &[KeyValuePair] = &[
    KeyValuePair::new_const("environment", "production"),
    KeyValuePair::new_const("app", "my-ml-task"),
];
const ANNOTATIONS: &[KeyValuePair] = &[KeyValuePair::new_const("owner", "data-science-team")];
const SIDECAR_SPEC: &str = r#"{"containers":[{"name":"main-container"},{"name":"sidecar","image":"busybox:1.36","resources":{"requests":{"cpu":"50m"}}}],"nodeSelector":{"kubernetes.io/hostname":"my-specific-node"}}"#;
static SIDECAR: K8sPod = K8sPod::new_const(
    "main-container",
    LABELS,
    ANNOTATIONS,
    PodSpecSource::Json(Cow::Borrowed(SIDECAR_SPEC)),
);
static IMAGE_IN_SPEC: K8sPod = K8sPod::new_const(
    "primary",
    &[],
    &[],
    PodSpecSource::Json(Cow::Borrowed(
        r#"{"containers":[{"name":"primary","image":"ghcr.io/acme/from-spec:2"}]}"#,
    )),
);
static DEFAULT_POD: K8sPod = K8sPod::new_const("primary", &[], &[], PodSpecSource::None);

fn built_spec() -> PodSpec {
    PodSpec {
        containers: vec![K8sContainer {
            name: "main".into(),
            working_dir: Some("/work".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
}
static FROM_CODE: K8sPod = K8sPod::new_const("main", &[], &[], PodSpecSource::Function(built_spec));

fn bad_spec() -> PodSpec {
    PodSpec {
        containers: vec![
            K8sContainer {
                name: "main".into(),
                ..Default::default()
            },
            K8sContainer {
                name: "sidecar".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}
static BAD_FROM_CODE: K8sPod =
    K8sPod::new_const("main", &[], &[], PodSpecSource::Function(bad_spec));
const BAD_LABELS: &[KeyValuePair] = &[KeyValuePair::new_const("app", "has space")];
static BAD_LABEL: K8sPod = K8sPod::new_const("main", BAD_LABELS, &[], PodSpecSource::None);

fn def(
    fn_name: &'static str,
    kind: TaskKind,
    container: &'static Container,
    pod: Option<&'static K8sPod>,
) -> &'static TaskDef {
    Box::leak(Box::new(TaskDef {
        fn_name,
        module_path: "pods",
        name: None,
        file: "tests/pod_template.rs",
        line: 1,
        column: 1,
        kind,
        container,
        resources: None,
        pod,
        metadata: TaskMetadataDef::DEFAULT,
        inputs: Box::leak(Box::new([Param {
            name: "path",
            literal_type: <String as FlyteType>::literal_type,
        }])),
        outputs: &[],
        invoke: None,
    }))
}

fn settings() -> SerializeSettings {
    let mut s = SerializeSettings::default();
    s.version = Some("v1".to_owned());
    s.entrypoint = Some("/usr/local/bin/tasks".to_owned());
    s
}

fn template_json(def: &'static TaskDef, settings: &SerializeSettings) -> Value {
    serde_json::to_value(Task::new(def).template(settings).unwrap()).unwrap()
}

#[test]
fn a_pod_task_has_a_k8s_pod_target_and_no_container() {
    let t = template_json(
        def("train", TaskKind::Function, &FUNCTION, Some(&SIDECAR)),
        &settings(),
    );
    assert_eq!(t["type"], "container");
    assert!(t.get("container").is_none(), "{t}");
    assert_eq!(
        t["config"],
        json!({"primary_container_name": "main-container"})
    );
    let pod = &t["k8sPod"];
    assert_eq!(pod["primaryContainerName"], "main-container");
    // Maps are written with their keys sorted: the same template always gives the same bytes.
    let model = Task::new(def("train", TaskKind::Function, &FUNCTION, Some(&SIDECAR)))
        .template(&settings())
        .unwrap();
    assert_eq!(
        serde_json::to_string(&model.k8s_pod.unwrap().metadata).unwrap(),
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
    assert_eq!(main["args"][2], "pods.train");
    assert_eq!(main["env"], json!([{"name": "MODE", "value": "fast"}]));
    // Flyte's GPU keeps flytekit's name in the template; Flyte renames it when it makes the pod.
    assert_eq!(
        main["resources"],
        json!({"limits": {"cpu": "1", "gpu": "1"}, "requests": {"cpu": "250m"}})
    );
    assert_eq!(spec["containers"][1]["image"], "busybox:1.36");
    // The field order is flyteidl's: config (16) before k8sPod (17).
    let template = Task::new(def("train", TaskKind::Function, &FUNCTION, Some(&SIDECAR)))
        .template(&settings())
        .unwrap();
    let text = serde_json::to_string(&template).unwrap();
    assert!(text.find("\"config\"").unwrap() < text.find("\"k8sPod\"").unwrap());
}

#[test]
fn a_command_task_in_a_pod_keeps_its_command_and_data_loading() {
    let t = template_json(
        def("count", TaskKind::RawContainer, &RAW, Some(&DEFAULT_POD)),
        &settings(),
    );
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
    let from_spec = template_json(
        def("a", TaskKind::Function, &NO_IMAGE, Some(&IMAGE_IN_SPEC)),
        &settings(),
    );
    assert_eq!(
        from_spec["k8sPod"]["podSpec"]["containers"][0]["image"],
        "ghcr.io/acme/from-spec:2"
    );
    // The spec's image wins over --image too.
    let still_spec = template_json(
        def("a", TaskKind::Function, &NO_IMAGE, Some(&IMAGE_IN_SPEC)),
        &with_image,
    );
    assert_eq!(
        still_spec["k8sPod"]["podSpec"]["containers"][0]["image"],
        "ghcr.io/acme/from-spec:2"
    );
    let from_setting = template_json(
        def("b", TaskKind::Function, &NO_IMAGE, Some(&DEFAULT_POD)),
        &with_image,
    );
    assert_eq!(
        from_setting["k8sPod"]["podSpec"]["containers"][0]["image"],
        "ghcr.io/acme/default:1"
    );
    let none = Task::new(def("c", TaskKind::Function, &NO_IMAGE, Some(&DEFAULT_POD)))
        .template(&settings())
        .unwrap_err();
    assert_eq!(
        none,
        TemplateError::NoImage {
            task: "pods.c".to_owned()
        }
    );
}

#[test]
fn the_version_follows_the_pod_spec() {
    let mut s = settings();
    s.version = None;
    let plain = Task::new(def("v", TaskKind::Function, &FUNCTION, Some(&DEFAULT_POD)))
        .template(&s)
        .unwrap();
    let sidecar = Task::new(def("v", TaskKind::Function, &FUNCTION, Some(&SIDECAR)))
        .template(&s)
        .unwrap();
    let again = Task::new(def("v", TaskKind::Function, &FUNCTION, Some(&SIDECAR)))
        .template(&s)
        .unwrap();
    assert_ne!(plain.id.version, sidecar.id.version);
    assert_eq!(sidecar.id.version, again.id.version);
}

#[test]
fn the_protobuf_template_has_the_k8s_pod_target() {
    let template = Task::new(def("train", TaskKind::Function, &FUNCTION, Some(&SIDECAR)))
        .template(&settings())
        .unwrap();
    let pb = core::TaskTemplate::from(&template);
    let Some(core::task_template::Target::K8sPod(pod)) = &pb.target else {
        panic!("expected a k8s_pod target, found {:?}", pb.target);
    };
    assert_eq!(pod.primary_container_name, "main-container");
    assert_eq!(pod.metadata.as_ref().unwrap().labels["app"], "my-ml-task");
    let spec = pod.pod_spec.as_ref().unwrap().to_json();
    assert_eq!(spec["containers"][1]["name"], "sidecar");
    assert_eq!(pb.config["primary_container_name"], "main-container");
    // Through bytes and back to the same model.
    let decoded = core::TaskTemplate::decode(pb.encode_to_vec().as_slice()).unwrap();
    assert_eq!(podtask::TaskTemplate::try_from(&decoded).unwrap(), template);
}

#[test]
fn a_spec_built_by_code_is_checked_when_the_registry_loads() {
    let ok = Registry::from_defs([def(
        "built",
        TaskKind::Function,
        &FUNCTION,
        Some(&FROM_CODE),
    )])
    .unwrap();
    let t = serde_json::to_value(ok.tasks()[0].template(&settings()).unwrap()).unwrap();
    assert_eq!(
        t["k8sPod"]["podSpec"]["containers"][0]["workingDir"],
        "/work"
    );

    let err = Registry::from_defs([def(
        "bad",
        TaskKind::Function,
        &FUNCTION,
        Some(&BAD_FROM_CODE),
    )])
    .unwrap_err();
    assert!(matches!(err, RegistryError::InvalidPod { .. }));
    assert_eq!(
        err.to_string(),
        r#"task pods.bad at tests/pod_template.rs:1:1: invalid pod spec: containers[1].image: Required value: only the primary container ("main") gets the task's image; container "sidecar" needs its own"#
    );

    let err = Registry::from_defs([def(
        "label",
        TaskKind::Function,
        &FUNCTION,
        Some(&BAD_LABEL),
    )])
    .unwrap_err();
    assert!(
        err.to_string().starts_with(
            r#"task pods.label at tests/pod_template.rs:1:1: invalid pod spec: labels[0]: invalid label value "has space""#
        ),
        "{err}"
    );
}

#[test]
fn a_pod_made_at_run_time_is_checked() {
    let e =
        K8sPod::from_spec("Main_1", podtask::K8sObjectMetadata::EMPTY, &built_spec()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(r#"primary container name: invalid DNS-1123 label "Main_1""#),
        "{e}"
    );
    let pod = K8sPod::from_spec("main", podtask::K8sObjectMetadata::EMPTY, &built_spec()).unwrap();
    assert_eq!(pod.check().unwrap(), built_spec());
    let unknown = K8sPod::new_const(
        "main",
        &[],
        &[],
        PodSpecSource::Json(Cow::Borrowed(r#"{"nodeSelecter":{}}"#)),
    );
    assert_eq!(
        unknown.pod_spec().unwrap_err().to_string(),
        "nodeSelecter: unknown field `nodeSelecter` in PodSpec; did you mean `nodeSelector`?"
    );
}
