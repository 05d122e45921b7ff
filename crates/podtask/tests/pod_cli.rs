//! The `pod` command: the Kubernetes Pod of one run of a task, for container and pod tasks, in
//! YAML and JSON.

mod common;
use common::run;

use std::process::ExitCode;

use podtask::task;
use serde_json::{Value, json};

#[task(
    container(image = "ghcr.io/acme/tasks:1.0.0", env(MODE = "fast")),
    resources(requests(cpu = "250m", storage = "1Gi"), limits(gpu = "2"))
)]
fn plain(name: String, n: i64) {
    let _ = (name, n);
}

#[task(
    container(image = "ghcr.io/acme/tasks:1.0.0", env(MODE = "fast")),
    resources(requests(cpu = "250m", storage = "1Gi"), limits(gpu = "2")),
    pod = POD
)]
fn in_pod(name: String, n: i64) {
    let _ = (name, n);
}

const POD: podtask::K8sPod = podtask::pod!(
    primary_container = "main",
    labels(team = "ml"),
    annotations(owner = "data"),
    spec = {
        "containers": [
            {"name": "main", "volumeMounts": [{"name": "d", "mountPath": "/d"}]},
            {"name": "side", "image": "busybox:1.36"}
        ],
        "volumes": [{"name": "d", "emptyDir": {}}],
        "restartPolicy": "OnFailure"
    },
);

#[task(container(image = "busybox:1.36", command = ["sh", "-c", "echo {{.inputs.name}} {{.inputs.n}}"]))]
fn raw(name: String, n: i64) {
    let _ = (name, n);
}

#[task(container(image = "busybox:1.36", command = ["cp", "{{.outputPrefix}}"]))]
fn flyte_only(name: String, n: i64) {
    let _ = (name, n);
}

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
    assert_eq!(
        err,
        "error: no task is named \"nope\" (`list` prints every task)\n"
    );
    let (code, _, err) = run(&["pod", "pod_cli.plian", "-i", "name=x", "-i", "n=1"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        err.starts_with(
            "error: no task is named \"pod_cli.plian\"; did you mean \"pod_cli.plain\"?"
        ),
        "{err}"
    );
    let (code, _, _) = run(&["pod", "pod_cli.raw", "-o", "xml"]);
    assert_eq!(code, ExitCode::from(2));
}

#[test]
fn the_library_builds_and_prints_the_pod_the_command_prints() {
    let task = podtask::registry().task("pod_cli.in_pod").unwrap();
    let mut settings = podtask::pod::PodSettings::default();
    settings.entrypoint = Some("/usr/local/bin/tasks".to_owned());
    settings.inputs = json!({"name": "x", "n": 1}).as_object().unwrap().clone();
    let pod = podtask::pod::manifest(&task, &settings).unwrap();
    assert_eq!(
        pod,
        pod_json(&["pod_cli.in_pod", "--input", "name=x", "--input", "n=1"])
    );
    let mut yaml = Vec::new();
    podtask::pod::write_pod(&pod, podtask::pod::OutputFormat::Yaml, &mut yaml).unwrap();
    assert_eq!(
        String::from_utf8(yaml).unwrap(),
        podtask::pod::to_yaml(&pod)
    );
    let (code, printed, err) = run(&[
        "pod",
        "pod_cli.in_pod",
        "-i",
        "name=x",
        "-i",
        "n=1",
        "--entrypoint",
        "/usr/local/bin/tasks",
    ]);
    assert_eq!((code, err.as_str()), (ExitCode::SUCCESS, ""));
    assert_eq!(printed, podtask::pod::to_yaml(&pod));
    let mut json_text = Vec::new();
    podtask::pod::write_pod(&pod, podtask::pod::OutputFormat::Json, &mut json_text).unwrap();
    assert!(json_text.ends_with(b"}\n"));
    let back: Value = serde_json::from_slice(&json_text).unwrap();
    assert_eq!(back, pod);
    // Settings are checked: an input the task does not have is refused with the interface.
    settings.inputs.insert("extra".to_owned(), json!(1));
    let e = podtask::pod::manifest(&task, &settings).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("task pod_cli.in_pod has no input \"extra\"; inputs: name: STRING"),
        "{e}"
    );
}
