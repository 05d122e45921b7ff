//! The rules of volumes, mounts and devices, on small specs.
use serde_json::json;

use crate::check::test_support::{errors, warnings};

#[test]
fn volume_names_and_sources() {
    let e = errors(
        json!({"containers": [{"name": "main"}], "volumes": [
            {"name": "data", "emptyDir": {}},
            {"name": "data", "emptyDir": {}},
            {"name": "Cache", "emptyDir": {}},
            {"name": "none"},
            {"name": "both", "emptyDir": {}, "hostPath": {"path": "/tmp"}}
        ]}),
        Some("main"),
    );
    // A volume with no source is accepted: decoding makes it an `emptyDir`.
    assert_eq!(e.len(), 3, "{e:#?}");
    assert_eq!(e[0], r#"volumes[1].name: Duplicate value: "data""#);
    assert!(e[1].starts_with(r#"volumes[2].name: invalid DNS-1123 label "Cache""#));
    assert_eq!(
        e[2],
        "volumes[4].hostPath: Forbidden: may not specify more than 1 volume type"
    );
}

#[test]
fn mounts_name_volumes_and_paths_are_unique() {
    let e = errors(
        json!({
            "containers": [{"name": "main", "volumeMounts": [
                {"name": "data", "mountPath": "/data"},
                {"name": "dta", "mountPath": "/data"},
                {"name": "cache", "mountPath": ""}
            ]}],
            "volumes": [{"name": "data", "emptyDir": {}}, {"name": "scratch", "emptyDir": {}}]
        }),
        Some("main"),
    );
    assert_eq!(
        e,
        [
            r#"containers[0].volumeMounts[1].name: Not found: "dta": must match the name of a volume of the pod; did you mean `data`?"#,
            r#"containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique"#,
            r#"containers[0].volumeMounts[2].name: Not found: "cache": must match the name of a volume of the pod (data, scratch)"#,
            "containers[0].volumeMounts[2].mountPath: Required value",
        ]
    );
    let e = errors(
        json!({"containers": [{"name": "main", "volumeMounts": [{"name": "x", "mountPath": "/x"}]}]}),
        Some("main"),
    );
    assert_eq!(
        e,
        [
            r#"containers[0].volumeMounts[0].name: Not found: "x": must match the name of a volume of the pod (the pod declares no volumes)"#
        ]
    );
}

#[test]
fn host_path_is_warned_about() {
    let w = warnings(
        json!({"containers": [{"name": "main"}], "volumes": [{"name": "docker", "hostPath": {"path": "/var/run/docker.sock"}}]}),
        Some("main"),
    );
    assert_eq!(w.len(), 1);
    assert!(w[0].starts_with("volumes[0].hostPath: a hostPath volume exposes"));
}
