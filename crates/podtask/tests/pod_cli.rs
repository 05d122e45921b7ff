//! The `pod` command: the Kubernetes Pod of one run of a task, for container and pod tasks, in
//! YAML and JSON.

mod common;
use common::run;

use std::borrow::Cow;
use std::process::ExitCode;

use podtask::__private::{
    Container, K8sPod, KeyValuePair, Param, PodSpecSource, ResourceEntry, ResourceName, Resources,
    TaskDef, TaskKind, TaskMetadataDef,
};
use podtask::FlyteType;
use serde_json::{Value, json};

const ENV: &[KeyValuePair] = &[KeyValuePair::new_const("MODE", "fast")];
const REQUESTS: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Cpu, "250m"),
    ResourceEntry::new_const(ResourceName::Storage, "1Gi"),
];
const LIMITS: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Gpu, "2")];
const PLAIN: Container = Container::new_const(
    Some("ghcr.io/acme/tasks:1.0.0"),
    &[],
    &[],
    Resources::new_const(REQUESTS, LIMITS),
    ENV,
    &[],
);
const RAW_COMMAND: &[Cow<'static, str>] = &[
    Cow::Borrowed("sh"),
    Cow::Borrowed("-c"),
    Cow::Borrowed("echo {{.inputs.name}} {{.inputs.n}}"),
];
const RAW: Container = Container::new_const(
    Some("busybox:1.36"),
    RAW_COMMAND,
    &[],
    Resources::EMPTY,
    &[],
    &[],
);
const FLYTE_ONLY_COMMAND: &[Cow<'static, str>] =
    &[Cow::Borrowed("cp"), Cow::Borrowed("{{.outputPrefix}}")];
const FLYTE_ONLY: Container = Container::new_const(
    Some("busybox:1.36"),
    FLYTE_ONLY_COMMAND,
    &[],
    Resources::EMPTY,
    &[],
    &[],
);
const LABELS: &[KeyValuePair] = &[KeyValuePair::new_const("team", "ml")];
const ANNOTATIONS: &[KeyValuePair] = &[KeyValuePair::new_const("owner", "data")];
const POD: K8sPod = K8sPod::new_const(
    "main",
    LABELS,
    ANNOTATIONS,
    PodSpecSource::Json(Cow::Borrowed(
        r#"{"containers":[{"name":"main","volumeMounts":[{"name":"d","mountPath":"/d"}]},{"name":"side","image":"busybox:1.36"}],"volumes":[{"name":"d","emptyDir":{}}],"restartPolicy":"OnFailure"}"#,
    )),
);

const INPUTS: &[Param] = &[
    Param {
        name: "name",
        literal_type: <String as FlyteType>::literal_type,
    },
    Param {
        name: "n",
        literal_type: <i64 as FlyteType>::literal_type,
    },
];

macro_rules! task {
    ($fn_name:literal, $kind:ident, $container:expr, $pod:expr) => {
        TaskDef {
            fn_name: $fn_name,
            module_path: "pod_cli",
            name: None,
            file: file!(),
            line: line!(),
            column: 1,
            kind: TaskKind::$kind,
            container: &$container,
            resources: None,
            pod: $pod,
            metadata: TaskMetadataDef::DEFAULT,
            inputs: INPUTS,
            outputs: &[],
            invoke: None,
        }
    };
}

const _: () = {
    podtask::__private::register!(task!("plain", Function, PLAIN, None));
};
const _: () = {
    podtask::__private::register!(task!("in_pod", Function, PLAIN, Some(&POD)));
};
const _: () = {
    podtask::__private::register!(task!("raw", RawContainer, RAW, None));
};
const _: () = {
    podtask::__private::register!(task!("flyte_only", RawContainer, FLYTE_ONLY, None));
};

fn pod_json(args: &[&str]) -> Value {
    let mut all = vec!["pod"];
    all.extend_from_slice(args);
    all.extend(["--entrypoint", "/usr/local/bin/tasks", "-o", "json"]);
    let (code, out, err) = run(&all);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_container_task_is_a_one_container_pod() {
    let pod = pod_json(&["pod_cli.plain", "--input", "name=etl.py", "--input", "n=3"]);
    assert_eq!(
        pod,
        json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "pod-cli-plain"},
            "spec": {
                "containers": [{
                    "args": ["run", "pod_cli.plain", "--input", "name=etl.py", "--input", "n=3"],
                    "command": ["/usr/local/bin/tasks"],
                    "env": [{"name": "MODE", "value": "fast"}],
                    "image": "ghcr.io/acme/tasks:1.0.0",
                    "name": "primary",
                    // GPU named for Kubernetes, request made equal to the limit; no `storage`.
                    "resources": {
                        "limits": {"nvidia.com/gpu": "2"},
                        "requests": {"cpu": "250m", "nvidia.com/gpu": "2"}
                    }
                }],
                "restartPolicy": "Never"
            }
        })
    );
}

#[test]
fn a_pod_task_keeps_its_spec_and_metadata() {
    let pod = pod_json(&[
        "pod_cli.in_pod",
        "--input",
        "name=x",
        "--input",
        "n=1",
        "--namespace",
        "etl",
        "--name",
        "train-1",
        "--gpu-resource",
        "amd.com/gpu",
    ]);
    assert_eq!(
        pod["metadata"],
        json!({"annotations": {"owner": "data"}, "labels": {"team": "ml"}, "name": "train-1", "namespace": "etl"})
    );
    let spec = &pod["spec"];
    assert_eq!(spec["restartPolicy"], "Never");
    assert_eq!(spec["volumes"], json!([{"emptyDir": {}, "name": "d"}]));
    let main = &spec["containers"][0];
    assert_eq!(main["name"], "main");
    assert_eq!(
        main["volumeMounts"],
        json!([{"mountPath": "/d", "name": "d"}])
    );
    assert_eq!(main["resources"]["requests"]["amd.com/gpu"], "2");
    assert_eq!(spec["containers"][1]["name"], "side");
}

#[test]
fn yaml_is_the_default_and_prints_the_same_pod() {
    let (code, yaml, err) = run(&[
        "pod",
        "pod_cli.raw",
        "--input",
        "name=it's",
        "--input",
        "n=2",
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert_eq!(
        yaml,
        "apiVersion: v1
kind: Pod
metadata:
  name: pod-cli-raw
spec:
  containers:
  - command:
    - sh
    - -c
    - echo it's 2
    image: busybox:1.36
    name: primary
  restartPolicy: Never
"
    );
    let (_, again, _) = run(&["pod", "pod_cli.raw", "-i", "name=it's", "-i", "n=2"]);
    assert_eq!(yaml, again);
}

#[test]
fn strings_that_read_as_json_are_written_as_json() {
    // `name="quoted"` is JSON for the string `quoted`, which is written as plain text.
    let pod = pod_json(&[
        "pod_cli.plain",
        "--input",
        "name=\"quoted\"",
        "--input",
        "n=3",
    ]);
    assert_eq!(pod["spec"]["containers"][0]["args"][3], "name=quoted");
    // A string that holds quotes would read back without them, so it is written as JSON.
    let pod = pod_json(&[
        "pod_cli.plain",
        "--input",
        r#"name="\"quoted\"""#,
        "--input",
        "n=3",
    ]);
    assert_eq!(
        pod["spec"]["containers"][0]["args"][3],
        r#"name="\"quoted\"""#
    );
    let pod = pod_json(&["pod_cli.plain", "--input", "name=7", "--input", "n=3"]);
    assert_eq!(pod["spec"]["containers"][0]["args"][3], "name=7");
}

#[test]
fn errors_name_the_input_or_the_setting() {
    let (code, _, err) = run(&["pod", "pod_cli.plain", "--input", "name=x"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.contains(r#"input "n" is missing"#), "{err}");
    let (code, _, err) = run(&["pod", "pod_cli.plain", "-i", "name=x", "-i", "n=x"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.contains("--input n=x"), "{err}");
    let (code, _, err) = run(&[
        "pod",
        "pod_cli.raw",
        "-i",
        "name=x",
        "-i",
        "n=1",
        "--name",
        "Bad_Name",
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        err.starts_with(r#"error: --name: invalid DNS-1123 subdomain "Bad_Name""#),
        "{err}"
    );
    let (code, _, err) = run(&["pod", "pod_cli.flyte_only", "-i", "name=x", "-i", "n=1"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        err.contains("its command uses {{.outputPrefix}}, which only Flyte fills in"),
        "{err}"
    );
    let (code, _, err) = run(&["pod", "nope"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.contains(r#"no task named "nope""#), "{err}");
    let (code, _, _) = run(&["pod", "pod_cli.raw", "-o", "xml"]);
    assert_eq!(code, ExitCode::from(2));
}
