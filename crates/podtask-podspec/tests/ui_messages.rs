//! The specs of the workspace's compile-fail cases (`tests/ui/fail/pod_*.rs`), read and checked
//! here: the messages are those of their `.stderr` snapshots, word for word and in order.

use podtask_podspec::{KubernetesVersion, read_and_check};
use serde_json::{Value, json};

fn errors(spec: Value, primary: Option<&str>) -> Vec<String> {
    read_and_check(&spec, primary, KubernetesVersion::default())
        .errors
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn pod_spec_unknown_field() {
    assert_eq!(
        errors(
            json!({
                "containers": [{ "name": "main", "imagePullPolicy": "Always", "resoures": {} }],
                "nodeSelecter": { "disktype": "ssd" }
            }),
            Some("main")
        ),
        [
            "containers[0].resoures: unknown field `resoures` in Container; did you mean `resources`?",
            "nodeSelecter: unknown field `nodeSelecter` in PodSpec; did you mean `nodeSelector`?",
        ]
    );
}

#[test]
fn pod_spec_wrong_type() {
    assert_eq!(
        errors(
            json!({
                "containers": [{ "name": "main", "args": "--verbose" }],
                "hostNetwork": "yes"
            }),
            None
        ),
        [
            r#"containers[0].args: invalid type: string "--verbose", expected a sequence"#,
            r#"hostNetwork: invalid type: string "yes", expected a boolean"#,
        ]
    );
}

#[test]
fn pod_macro_invalid() {
    assert_eq!(
        errors(
            json!({ "containers": [{ "name": "main", "ports": [{ "containerPort": "http" }] }] }),
            Some("main")
        ),
        [r#"containers[0].ports[0].containerPort: invalid type: string "http", expected i32"#]
    );
}

#[test]
fn pod_spec_missing_field() {
    assert_eq!(
        errors(json!({ "containers": [{ "image": "busybox:1.36" }] }), None),
        ["containers[0].name: Required value: missing field `name` in Container"]
    );
}

#[test]
fn pod_resources_invalid() {
    assert_eq!(
        errors(
            json!({
                "containers": [
                    { "name": "main" },
                    {
                        "name": "sidecar",
                        "image": "busybox:1.36",
                        "resources": {
                            "requests": { "cpu": "1ki", "memory": "2Gi", "nvidia.com/gpu": "1" },
                            "limits": { "memory": "1Gi" }
                        }
                    }
                ]
            }),
            Some("main")
        ),
        [
            r#"containers[1].resources.requests.cpu: invalid quantity "1ki": unable to parse quantity's suffix (at bytes 1..3: "ki")"#,
            r#"containers[1].resources.requests.memory: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi"#,
            r#"containers[1].resources.requests[nvidia.com/gpu]: Invalid value: "1": Limit must be set for non overcommitable resources"#,
        ]
    );
}

#[test]
fn pod_container_names() {
    let spec = json!({
        "containers": [
            { "name": "logger", "image": "busybox:1.36" },
            { "name": "logger", "image": "busybox:1.36" }
        ]
    });
    let checked = read_and_check(&spec, Some("main_container"), KubernetesVersion::default());
    let primary = checked
        .primary_name
        .as_ref()
        .expect("the primary name is refused");
    assert!(
        primary
            .to_string()
            .starts_with(r#"invalid DNS-1123 label "main_container": a lowercase RFC 1123 label"#),
        "{primary}"
    );
    assert_eq!(primary.range(), 4..5);
    let shown: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
    assert_eq!(shown, [r#"containers[1].name: Duplicate value: "logger""#]);
}

#[test]
fn pod_primary_not_named() {
    assert_eq!(
        errors(
            json!({
                "containers": [
                    { "name": "trainer", "image": "ghcr.io/acme/ml:2.4.0" },
                    { "name": "sidecar", "image": "busybox:1.36" }
                ]
            }),
            None
        ),
        [
            r#"containers: the pod has 2 containers ("trainer", "sidecar") but no primary container is named: name the one that runs the task as the primary container, or the task never completes"#
        ]
    );
}

#[test]
fn pod_volume_mount_undeclared() {
    assert_eq!(
        errors(
            json!({
                "containers": [{
                    "name": "main",
                    "volumeMounts": [{ "name": "scrach", "mountPath": "/scratch" }]
                }],
                "volumes": [{ "name": "scratch", "emptyDir": {} }]
            }),
            Some("main")
        ),
        [
            r#"containers[0].volumeMounts[0].name: Not found: "scrach": must match the name of a volume of the pod; did you mean `scratch`?"#
        ]
    );
}

#[test]
fn pod_warnings_denied() {
    let spec = json!({
        "hostNetwork": true,
        "containers": [{
            "name": "main",
            "securityContext": { "privileged": true },
            "env": [{ "name": "DB_PASSWORD", "value": "hunter2" }]
        }],
        "volumes": [{ "name": "host", "hostPath": { "path": "/var/run" } }]
    });
    let checked = read_and_check(&spec, Some("main"), KubernetesVersion::default());
    assert!(checked.is_ok(), "{checked:?}");
    let shown: Vec<String> = checked.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            r#"containers[0].env[0].value: "DB_PASSWORD" looks like a secret written in plain text: anyone who can read the task or the pod can read it; use `valueFrom.secretKeyRef` to read it from a Kubernetes Secret"#,
            "volumes[0].hostPath: a hostPath volume exposes the node's file system to the pod; clusters that enforce the baseline Pod Security Standard refuse it",
            "hostNetwork: the pod shares the node's network; clusters that enforce the baseline Pod Security Standard refuse it",
            "containers[0].securityContext.privileged: a privileged container has every capability of the node's root user; clusters that enforce the baseline Pod Security Standard refuse it",
        ]
    );
}
