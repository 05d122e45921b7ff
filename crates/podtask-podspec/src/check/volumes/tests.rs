//! The rules of volumes, mounts and devices, on small specs.
use serde_json::json;

use crate::KubernetesVersion;
use crate::check::test_support::{errors, warnings};
use crate::check::{Mode, Quantities, run};

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

/// The errors of a spec judged as the API server of `version` judges it, each as
/// `<server field>: <message>`.
fn server(spec: serde_json::Value, version: KubernetesVersion) -> Vec<String> {
    let checked = run(&spec, Mode::Server, version, Quantities::PassOver);
    checked
        .errors
        .iter()
        .map(|e| format!("{}: {}", e.field(), e.message))
        .collect()
}

/// The errors of one volume that no container mounts, on 1.35.
fn volume(v: serde_json::Value) -> Vec<String> {
    server(
        json!({"containers": [{"name": "main", "image": "busybox"}], "volumes": [v]}),
        KubernetesVersion::V1_35,
    )
}

/// The errors of one container's mounts of a pod with volumes `data` (emptyDir) and `claim`
/// (a claim), on 1.35.
fn mounts(container: serde_json::Value) -> Vec<String> {
    let mut c = json!({"name": "main", "image": "busybox"});
    if let (Some(c), Some(extra)) = (c.as_object_mut(), container.as_object()) {
        c.extend(extra.clone());
    }
    server(
        json!({"containers": [c], "volumes": [
            {"name": "data", "emptyDir": {}},
            {"name": "claim", "persistentVolumeClaim": {"claimName": "c"}}
        ]}),
        KubernetesVersion::V1_35,
    )
}

#[test]
fn a_volume_without_source_is_an_empty_dir() {
    assert!(volume(json!({"name": "v"})).is_empty());
    assert!(volume(json!({"name": "v", "emptyDir": null})).is_empty());
}

#[test]
fn the_first_source_in_the_servers_order_wins() {
    assert_eq!(
        volume(json!({"name": "v", "configMap": {"name": "c"}, "secret": {"secretName": "s"}})),
        ["volumes[0].configMap: Forbidden: may not specify more than 1 volume type"]
    );
    assert_eq!(
        volume(json!({"name": "v", "emptyDir": {}, "downwardAPI": {}})),
        ["volumes[0].downwarAPI: Forbidden: may not specify more than 1 volume type"]
    );
}

#[test]
fn host_paths() {
    let host = |p: serde_json::Value| volume(json!({"name": "v", "hostPath": p}));
    assert_eq!(
        host(json!({"path": ""})),
        ["volumes[0].hostPath.path: Required value"]
    );
    assert_eq!(
        host(json!({"path": "/mnt/cache/.."})),
        [r#"volumes[0].hostPath.path: Invalid value: "/mnt/cache/..": must not contain '..'"#]
    );
    assert!(host(json!({"path": "mnt/..cache", "type": ""})).is_empty());
    assert_eq!(
        host(json!({"path": "/x", "type": "FileOrCreate "})),
        [
            r#"volumes[0].hostPath.type: Unsupported value: "FileOrCreate ": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket""#
        ]
    );
}

#[test]
fn config_maps_and_secrets() {
    assert_eq!(
        volume(
            json!({"name": "v", "configMap": {"name": "", "defaultMode": 4095, "items": [
                {"key": "a", "path": "/etc/a"},
                {"key": "", "path": "../a", "mode": -1},
                {"key": "b", "path": "..b"},
                {"key": "c", "path": ""}
            ]}})
        ),
        [
            "volumes[0].configMap.name: Required value",
            "volumes[0].configMap.defaultMode: Invalid value: 4095: must be a number between 0 and 0777 (octal), both inclusive",
            r#"volumes[0].configMap.items[0].path: Invalid value: "/etc/a": must be a relative path"#,
            "volumes[0].configMap.items[1].key: Required value",
            r#"volumes[0].configMap.items[1].path: Invalid value: "../a": must not contain '..'"#,
            "volumes[0].configMap.items[1].mode: Invalid value: -1: must be a number between 0 and 0777 (octal), both inclusive",
            r#"volumes[0].configMap.items[2].path: Invalid value: "..b": must not start with '..'"#,
            "volumes[0].configMap.items[3].path: Required value",
        ]
    );
    assert_eq!(
        volume(json!({"name": "v", "secret": {"items": [{"key": "t", "path": "t", "mode": 384}]}})),
        ["volumes[0].secret.secretName: Required value"]
    );
    // Names and keys are not checked beyond being given; item paths may repeat.
    assert!(
        volume(
            json!({"name": "v", "configMap": {"name": "Trainer-Config", "items": [
                {"key": "ÄBC", "path": "a"}, {"key": "..", "path": "a"}
            ]}})
        )
        .is_empty()
    );
}

#[test]
fn claims_nfs_and_csi() {
    assert_eq!(
        volume(json!({"name": "v", "persistentVolumeClaim": {"claimName": ""}})),
        ["volumes[0].persistentVolumeClaim.claimName: Required value"]
    );
    assert_eq!(
        volume(json!({"name": "v", "nfs": {"server": "10.0.0.5", "path": "exports"}})),
        [r#"volumes[0].nfs.path: Invalid value: "exports": must be an absolute path"#]
    );
    assert_eq!(
        volume(json!({"name": "v", "csi": {"driver": ""}})),
        ["volumes[0].csi.driver: Required value"]
    );
    let long = "a".repeat(64);
    let e = volume(json!({"name": "v", "csi": {"driver": long}}));
    assert_eq!(
        e,
        ["volumes[0].csi.driver: Too long: may not be more than 63 bytes"]
    );
    let e = volume(json!({"name": "v", "csi": {"driver": "dataset_csi"}}));
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with(r#"volumes[0].csi.driver: invalid DNS-1123 subdomain "dataset_csi""#),
        "{e:?}"
    );
    // Upper case is allowed: the name is lower-cased first.
    assert!(volume(json!({"name": "v", "csi": {"driver": "Dataset.CSI.example.com"}})).is_empty());
    let e = volume(
        json!({"name": "v", "csi": {"driver": "d.example.com", "nodePublishSecretRef": {"name": "Bad"}}}),
    );
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("volumes[0].csi.name: "), "{e:?}");
}

#[test]
fn projected_volumes() {
    let projected = |sources: serde_json::Value| {
        volume(json!({"name": "v", "projected": {"defaultMode": 420, "sources": sources}}))
    };
    assert_eq!(
        projected(json!([
            {"serviceAccountToken": {"expirationSeconds": 599, "path": "/token"}},
            {"serviceAccountToken": {"path": "t", "expirationSeconds": 4294967297_i64}}
        ])),
        [
            "volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes",
            r#"volumes[0].projected.path: Invalid value: "/token": must be a relative path"#,
            "volumes[0].projected.sources[1].serviceAccountToken.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds",
        ]
    );
    // The token's path takes no part in the check of duplicate paths; 2^32 seconds is allowed.
    assert!(
        projected(json!([
            {"serviceAccountToken": {"path": "a/b", "expirationSeconds": 4294967296_i64}},
            {"configMap": {"name": "c", "items": [{"key": "k", "path": "a/b"}]}}
        ]))
        .is_empty()
    );
    assert_eq!(
        projected(json!([
            {"configMap": {"name": "c", "items": [{"key": "k", "path": "x"}]}},
            {"secret": {"name": "s", "items": [{"key": "k", "path": "x"}]}},
            {"downwardAPI": {"items": [{"path": "x", "fieldRef": {"fieldPath": "spec.nodeName"}}]}},
            {"secret": {"name": "s"}, "configMap": {"name": "c"}}
        ])),
        [
            r#"volumes[0].projected: Invalid value: "s": conflicting duplicate paths"#,
            r#"volumes[0].projected.sources[2].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid""#,
            r#"volumes[0].projected: Invalid value: "x": conflicting duplicate paths"#,
            "volumes[0].projected.sources[3]: Forbidden: may not specify more than 1 volume type per source",
        ]
    );
    assert_eq!(
        volume(json!({"name": "v", "projected": {"defaultMode": 1024}})),
        [
            "volumes[0].projected.defaultMode: Invalid value: 1024: must be a number between 0 and 0777 (octal), both inclusive"
        ]
    );
}

#[test]
fn downward_api_files() {
    let file =
        |item: serde_json::Value| volume(json!({"name": "v", "downwardAPI": {"items": [item]}}));
    assert!(
        file(json!({"path": "labels", "fieldRef": {"fieldPath": "metadata.labels['app']"}}))
            .is_empty()
    );
    assert!(file(json!({"path": "cpu", "resourceFieldRef": {"containerName": "nope", "resource": "limits.cpu", "divisor": "1m"}})).is_empty());
    assert_eq!(
        file(json!({"path": "../name", "mode": 777, "fieldRef": {"fieldPath": "status.podIP"}})),
        [
            r#"volumes[0].downwardAPI.path: Invalid value: "../name": must not contain '..'"#,
            r#"volumes[0].downwardAPI.fieldRef.fieldPath: Unsupported value: "status.podIP": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid""#,
            "volumes[0].downwardAPI.mode: Invalid value: 777: must be a number between 0 and 0777 (octal), both inclusive",
        ]
    );
    let e = file(json!({"path": "l", "fieldRef": {"fieldPath": "metadata.labels['Bad Key']"}}));
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with(r#"volumes[0].downwardAPI.fieldRef: invalid qualified name "Bad Key""#),
        "{e:?}"
    );
    assert_eq!(
        file(json!({"path": "x", "fieldRef": {"fieldPath": "spec.bogus"}})),
        [
            r#"volumes[0].downwardAPI.fieldRef.fieldPath: Invalid value: "spec.bogus": error converting fieldPath: field label not supported: spec.bogus"#
        ]
    );
    assert_eq!(
        file(json!({"path": "x"})),
        [
            "volumes[0].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required"
        ]
    );
    assert_eq!(
        file(
            json!({"path": "x", "resourceFieldRef": {"containerName": "c", "resource": "limits.cpu", "divisor": "1Mi"}})
        ),
        [
            r#"volumes[0].downwardAPI.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource"#
        ]
    );
    assert_eq!(
        file(
            json!({"path": "x", "resourceFieldRef": {"containerName": "c", "resource": "limits.gpu"}})
        ),
        [
            r#"volumes[0].downwardAPI.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory""#
        ]
    );
}

#[test]
fn ephemeral_claims() {
    let claim = |template: serde_json::Value| {
        volume(json!({"name": "v", "ephemeral": {"volumeClaimTemplate": template}}))
    };
    let spec = |extra: serde_json::Value| {
        let mut s = json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}});
        if let (Some(s), Some(extra)) = (s.as_object_mut(), extra.as_object()) {
            s.extend(extra.clone());
        }
        json!({"spec": s})
    };
    assert!(
        claim(spec(
            json!({"volumeMode": "Block", "accessModes": ["ReadWriteOncePod"]})
        ))
        .is_empty()
    );
    assert_eq!(
        claim(spec(
            json!({"resources": {}, "accessModes": ["RWO"], "volumeMode": "Bogus"})
        )),
        [
            r#"volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Unsupported value: "RWO": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod""#,
            "volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value",
            r#"volumes[0].ephemeral.volumeClaimTemplate.spec.volumeMode: Unsupported value: "Bogus": supported values: "Block", "Filesystem""#,
        ]
    );
    assert_eq!(
        claim(spec(
            json!({"accessModes": ["ReadWriteOnce", "ReadWriteOncePod"], "resources": {"requests": {"storage": "0"}}})
        )),
        [
            "volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
            r#"volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Invalid value: "0": must be greater than zero"#,
        ]
    );
    assert_eq!(
        claim(json!({"spec": {}})),
        [
            "volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required",
            "volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value",
        ]
    );
    let mut t = spec(json!({}));
    t["metadata"] = json!({"labels": {"bad key": "x", "type": "a b"}, "name": "x", "uid": "u"});
    let e = claim(t);
    let fields: Vec<&str> = e
        .iter()
        .map(|e| e.split(": ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        fields,
        [
            "volumes[0].ephemeral.volumeClaimTemplate.metadata.labels",
            "volumes[0].ephemeral.volumeClaimTemplate.metadata.labels",
            "volumes[0].ephemeral.volumeClaimTemplate.metadata.name",
            "volumes[0].ephemeral.volumeClaimTemplate.metadata.uID",
        ],
        "{e:#?}"
    );
    assert_eq!(
        claim(spec(
            json!({"dataSource": {"kind": "VolumeSnapshot", "name": "s"}, "selector": {"matchExpressions": [{"key": "a", "operator": "In"}]}})
        )),
        [
            "volumes[0].ephemeral.volumeClaimTemplate.spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
            r#"volumes[0].ephemeral.volumeClaimTemplate.spec.dataSource: Invalid value: "VolumeSnapshot": must be 'PersistentVolumeClaim' when referencing the default apiGroup"#,
        ]
    );
}

#[test]
fn volume_attributes_class_from_1_34() {
    let spec = json!({"containers": [{"name": "main", "image": "busybox"}], "volumes": [
        {"name": "v", "ephemeral": {"volumeClaimTemplate": {"spec": {
            "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
            "volumeAttributesClassName": "Fast_SSD"}}}}
    ]});
    assert!(server(spec.clone(), KubernetesVersion::V1_33).is_empty());
    let e = server(spec, KubernetesVersion::V1_34);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with(
            "volumes[0].ephemeral.volumeClaimTemplate.spec.volumeAttributesClassName: "
        )
    );
}

#[test]
fn image_volumes_are_dropped_before_1_35() {
    let pod = |image: serde_json::Value| {
        json!({"containers": [{"name": "main", "image": "busybox",
            "volumeMounts": [{"name": "model", "mountPath": "/m", "subPath": "weights"}]}],
            "volumes": [{"name": "model", "image": image}]})
    };
    assert_eq!(
        server(pod(json!({"reference": ""})), KubernetesVersion::V1_35),
        [
            "volumes[0].image.reference: Required value",
            r#"containers[0].volumeMounts[0].name: Not found: "model": the volume of this name breaks a rule of its own"#,
        ]
    );
    assert_eq!(
        server(
            pod(json!({"reference": "ghcr.io/acme/model:1", "pullPolicy": "always"})),
            KubernetesVersion::V1_35
        ),
        [
            r#"volumes[0].image.pullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never""#,
            r#"containers[0].volumeMounts[0].name: Not found: "model": the volume of this name breaks a rule of its own"#,
        ]
    );
    // Off by default in 1.33 and 1.34: the volume and its mounts are dropped, with a warning.
    let spec = pod(json!({"reference": ""}));
    let checked = run(
        &spec,
        Mode::Server,
        KubernetesVersion::V1_34,
        Quantities::PassOver,
    );
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    assert_eq!(checked.warnings.len(), 1);
    assert!(
        checked.warnings[0]
            .to_string()
            .starts_with("volumes[0].image: image volumes are off by default in Kubernetes 1.34")
    );
}

#[test]
fn sub_paths_and_propagation() {
    let mount = |m: serde_json::Value| mounts(json!({"volumeMounts": [m]}));
    assert!(mount(json!({"name": "data", "mountPath": "/d", "subPath": "a..b"})).is_empty());
    assert!(mount(json!({"name": "data", "mountPath": "/d", "subPath": ""})).is_empty());
    assert_eq!(
        mount(json!({"name": "data", "mountPath": "/d", "subPath": "a/../b"})),
        [r#"containers[0].volumeMounts.subPath: Invalid value: "a/../b": must not contain '..'"#]
    );
    assert_eq!(
        mount(json!({"name": "data", "mountPath": "/d", "subPath": "a", "subPathExpr": "/$(POD)"})),
        [
            r#"containers[0].volumeMounts[0].subPathExpr: Invalid value: "/$(POD)": subPathExpr and subPath are mutually exclusive"#,
            r#"containers[0].volumeMounts.subPathExpr: Invalid value: "/$(POD)": must be a relative path"#,
        ]
    );
    assert_eq!(
        mount(json!({"name": "data", "mountPath": "/d", "mountPropagation": "hosttocontainer"})),
        [
            r#"containers[0].volumeMounts.mountPropagation: Unsupported value: "hosttocontainer": supported values: "Bidirectional", "HostToContainer", "None""#
        ]
    );
    assert_eq!(
        mount(json!({"name": "data", "mountPath": "/d", "mountPropagation": "Bidirectional"})),
        [
            "containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers"
        ]
    );
    assert!(
        mounts(
            json!({"securityContext": {"privileged": true}, "volumeMounts": [
                {"name": "data", "mountPath": "/d", "mountPropagation": "Bidirectional"}
            ]})
        )
        .is_empty()
    );
}

#[test]
fn recursive_read_only() {
    let mount = |m: serde_json::Value| mounts(json!({"volumeMounts": [m]}));
    assert!(mount(json!({"name": "data", "mountPath": "/d", "readOnly": true, "recursiveReadOnly": "Enabled"})).is_empty());
    assert!(
        mount(json!({"name": "data", "mountPath": "/d", "recursiveReadOnly": "Disabled"}))
            .is_empty()
    );
    assert_eq!(
        mount(
            json!({"name": "data", "mountPath": "/d", "recursiveReadOnly": "IfPossible", "mountPropagation": "HostToContainer"})
        ),
        [
            "containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true",
            "containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when mountPropagation is None or not specified",
        ]
    );
    assert_eq!(
        mount(
            json!({"name": "data", "mountPath": "/d", "readOnly": true, "recursiveReadOnly": "enabled"})
        ),
        [
            r#"containers[0].volumeMounts.recursiveReadOnly: Unsupported value: "enabled": supported values: "Disabled", "Enabled", "IfPossible""#
        ]
    );
}

#[test]
fn devices_are_claims_apart_from_mounts() {
    assert!(
        mounts(json!({"volumeDevices": [{"name": "claim", "devicePath": "dev/xvda"}]})).is_empty()
    );
    assert_eq!(
        mounts(json!({
            "volumeMounts": [{"name": "claim", "mountPath": "/dev/xvda"}],
            "volumeDevices": [
                {"name": "claim", "devicePath": "/dev/xvda"},
                {"name": "data", "devicePath": "/dev/../xvdb"},
                {"name": "nope", "devicePath": ""}
            ]
        })),
        [
            r#"containers[0].volumeMounts[0].name: Invalid value: "claim": must not already exist in volumeDevices"#,
            r#"containers[0].volumeMounts[0].mountPath: Invalid value: "/dev/xvda": must not already exist as a path in volumeDevices"#,
            r#"containers[0].volumeDevices[0].name: Invalid value: "claim": must not already exist in volumeMounts"#,
            r#"containers[0].volumeDevices[0].devicePath: Invalid value: "/dev/xvda": must not already exist as a path in volumeMounts"#,
            r#"containers[0].volumeDevices[1].name: Invalid value: "data": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"#,
            r#"containers[0].volumeDevices[1].devicePath: Invalid value: "/dev/../xvdb": can not contain backsteps ('..')"#,
            r#"containers[0].volumeDevices[2].name: Not found: "nope""#,
            "containers[0].volumeDevices[2].devicePath: Required value",
        ]
    );
}

#[test]
fn ephemeral_containers_have_no_sub_paths() {
    let e = server(
        json!({"containers": [{"name": "main", "image": "busybox"}],
            "ephemeralContainers": [{"name": "debug", "image": "busybox",
                "volumeMounts": [{"name": "data", "mountPath": "/d", "subPath": "x"}]}],
            "volumes": [{"name": "data", "emptyDir": {}}]}),
        KubernetesVersion::V1_35,
    );
    assert!(
        e.contains(&"ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container".to_owned()),
        "{e:#?}"
    );
}

#[test]
fn other_sources() {
    assert_eq!(
        volume(json!({"name": "v", "gcePersistentDisk": {"pdName": "", "partition": 256}})),
        [
            "volumes[0].persistentDisk.pdName: Required value",
            "volumes[0].persistentDisk.partition: Invalid value: 256: must be between 1 and 255, inclusive",
        ]
    );
    assert_eq!(
        volume(json!({"name": "v", "azureDisk": {"diskName": "d", "diskURI": "/subscriptions/x"}})),
        [
            r#"volumes[0].azureDisk.diskURI: Unsupported value: "/subscriptions/x": supported values: "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd""#
        ]
    );
    assert!(volume(json!({"name": "v", "azureDisk": {"diskName": "d", "diskURI": "/subscriptions/x", "kind": "Managed"}})).is_empty());
    assert_eq!(
        volume(
            json!({"name": "v", "iscsi": {"targetPortal": "10.0.0.1:3260", "iqn": "target", "lun": 256}})
        ),
        [
            r#"volumes[0].iscsi.iqn: Invalid value: "target": must be valid format starting with iqn, eui, or naa"#,
            "volumes[0].iscsi.lun: Invalid value: 256: must be between 0 and 255, inclusive",
        ]
    );
    assert_eq!(
        volume(
            json!({"name": "v", "flexVolume": {"driver": "d", "options": {"kubernetes.io/x": "y"}}})
        ),
        [
            r#"volumes[0].flexVolume.options[kubernetes.io/x]: Invalid value: "kubernetes.io/x": kubernetes.io and k8s.io namespaces are reserved"#
        ]
    );
    assert_eq!(
        volume(json!({"name": "v", "emptyDir": {"sizeLimit": "-1Gi"}})),
        [
            "volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity"
        ]
    );
    assert!(volume(json!({"name": "v", "emptyDir": {"medium": "bogus"}})).is_empty());
}

/// The warnings of a spec judged as the API server of 1.35 judges it.
fn server_warnings(spec: serde_json::Value) -> Vec<String> {
    run(
        &spec,
        Mode::Server,
        KubernetesVersion::V1_35,
        Quantities::PassOver,
    )
    .warnings
    .iter()
    .map(ToString::to_string)
    .collect()
}

#[test]
fn relative_mount_paths_are_warned_about() {
    let pod = |os: &str| {
        json!({"os": {"name": os}, "containers": [{"name": "main", "image": "busybox",
            "volumeMounts": [{"name": "data", "mountPath": "data"}, {"name": "data", "mountPath": "/d"}],
            "volumeDevices": [{"name": "claim", "devicePath": "dev/xvda"}]}],
            "volumes": [{"name": "data", "emptyDir": {}},
                {"name": "claim", "persistentVolumeClaim": {"claimName": "c"}}]})
    };
    let w = server_warnings(pod("linux"));
    let paths: Vec<&str> = w
        .iter()
        .map(|w| w.split(": ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        paths,
        [
            "containers[0].volumeMounts[0].mountPath",
            "containers[0].volumeDevices[0].devicePath"
        ]
    );
    assert!(server_warnings(pod("windows")).is_empty());
}

#[test]
fn unknown_empty_dir_media_are_warned_about() {
    let medium = |m: &str| {
        server_warnings(json!({"containers": [{"name": "main", "image": "busybox"}],
            "volumes": [{"name": "v", "emptyDir": {"medium": m}}]}))
    };
    for known in ["", "Memory", "HugePages", "HugePages-2Mi", "HugePages-1Gi"] {
        // (Huge pages with no request for them are warned about otherwise.)
        let w = medium(known);
        assert!(
            !w.iter().any(|w| w.contains("unknown storage medium")),
            "{known}: {w:?}"
        );
    }
    for unknown in ["bogus", "memory", "HugePages-3x", "HugePages-"] {
        let w = medium(unknown);
        assert_eq!(w.len(), 1, "{unknown}");
        assert!(w[0].starts_with("volumes[0].emptyDir.medium: unknown storage medium"));
    }
}

#[test]
fn mounts_and_devices_of_an_invalid_volume_are_not_found() {
    // As the server does: an invalid volume takes no name, so a second volume of the same name
    // is no duplicate, and the mounts find the valid one.
    let e = server(
        json!({"containers": [{"name": "main", "image": "busybox",
        "volumeMounts": [{"name": "cfg", "mountPath": "/c"}, {"name": "bad", "mountPath": "/b"}],
        "volumeDevices": [{"name": "bad", "devicePath": "/dev/b"}]}],
        "volumes": [
            {"name": "cfg", "configMap": {"name": ""}},
            {"name": "cfg", "configMap": {"name": "c"}},
            {"name": "bad", "persistentVolumeClaim": {"claimName": ""}}
        ]}),
        KubernetesVersion::V1_35,
    );
    assert_eq!(
        e,
        [
            "volumes[0].configMap.name: Required value",
            "volumes[2].persistentVolumeClaim.claimName: Required value",
            r#"containers[0].volumeMounts[1].name: Not found: "bad": the volume of this name breaks a rule of its own"#,
            r#"containers[0].volumeMounts[1].name: Invalid value: "bad": must not already exist in volumeDevices"#,
            r#"containers[0].volumeDevices[0].name: Not found: "bad": the volume of this name breaks a rule of its own"#,
            r#"containers[0].volumeDevices[0].name: Invalid value: "bad": must not already exist in volumeMounts"#,
        ]
    );
}

#[test]
fn gated_projections_are_warned_about_not_checked() {
    let w = server_warnings(json!({"containers": [{"name": "main", "image": "busybox"}],
    "volumes": [{"name": "v", "projected": {"sources": [
        {"clusterTrustBundle": {"path": "/abs"}},
        {"podCertificate": {"signerName": "example.com/x"}}
    ]}}]}));
    let paths: Vec<&str> = w
        .iter()
        .map(|w| w.split(": ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        paths,
        [
            "volumes[0].projected.sources[0].clusterTrustBundle",
            "volumes[0].projected.sources[1].podCertificate"
        ]
    );
    assert!(
        volume(json!({"name": "v", "projected": {"sources": [{"clusterTrustBundle": {"path": "/abs"}}]}}))
            .is_empty()
    );
}

#[test]
fn image_references_the_runtime_cannot_parse() {
    let spec = json!({"containers": [{"name": "main", "image": "busybox"}],
        "volumes": [{"name": "model", "image": {"reference": "ghcr.io/Acme/Model:1"}}]});
    // The server accepts it: a warning in Server mode, an error for a task's pod.
    let checked = run(
        &spec,
        Mode::Server,
        KubernetesVersion::V1_35,
        Quantities::PassOver,
    );
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    assert_eq!(checked.warnings.len(), 1);
    assert_eq!(
        checked.warnings[0].path.to_string(),
        "volumes[0].image.reference"
    );
    let checked = run(
        &spec,
        Mode::Task {
            primary: Some("main"),
        },
        KubernetesVersion::V1_35,
        Quantities::PassOver,
    );
    assert_eq!(checked.errors.len(), 1, "{:?}", checked.errors);
    assert_eq!(
        checked.errors[0].path.to_string(),
        "volumes[0].image.reference"
    );
    let fine = json!({"containers": [{"name": "main", "image": "busybox"}],
        "volumes": [{"name": "model", "image": {"reference": "ghcr.io/acme/model:1"}}]});
    let checked = run(
        &fine,
        Mode::Server,
        KubernetesVersion::V1_35,
        Quantities::PassOver,
    );
    assert!(checked.warnings.is_empty() && checked.errors.is_empty());
}

#[test]
fn huge_page_media_need_a_matching_request() {
    let pod = |medium: &str, sizes: &[&str]| {
        let mut limits = serde_json::Map::new();
        for s in sizes {
            limits.insert(format!("hugepages-{s}"), json!("2Gi"));
        }
        limits.insert("memory".to_owned(), json!("1Gi"));
        json!({"containers": [{"name": "main", "image": "busybox",
            "resources": {"requests": {"memory": "1Gi"}, "limits": limits}}],
            "volumes": [{"name": "v", "emptyDir": {"medium": medium}}]})
    };
    assert!(server_warnings(pod("HugePages-2Mi", &["2Mi"])).is_empty());
    assert!(server_warnings(pod("HugePages", &["1Gi"])).is_empty());
    for (medium, sizes) in [
        ("HugePages-1Gi", &["2Mi"][..]),
        ("HugePages", &[][..]),
        ("HugePages", &["2Mi", "1Gi"][..]),
    ] {
        let w = server_warnings(pod(medium, sizes));
        assert_eq!(w.len(), 1, "{medium} {sizes:?}: {w:?}");
        assert!(w[0].starts_with("volumes[0].emptyDir.medium: "), "{w:?}");
    }
}

#[test]
fn cluster_trust_bundles_are_checked_from_1_37() {
    let spec = json!({"containers": [{"name": "main", "image": "busybox"}],
    "volumes": [{"name": "v", "projected": {"sources": [
        {"clusterTrustBundle": {"name": "", "path": "/ca.pem", "labelSelector": {}}},
        {"clusterTrustBundle": {"signerName": "example.com/signer", "path": "ca.pem"}},
        {"secret": {"name": "s"}, "podCertificate": {"signerName": "example.com/x"}}
    ]}}]});
    // Up to 1.36 the server drops these sources (and podCertificate in every version here).
    assert!(server(spec.clone(), KubernetesVersion::V1_36).is_empty());
    assert_eq!(
        server(spec, KubernetesVersion::V1_37),
        [
            "volumes[0].projected.sources[0].clusterTrustBundle.name: Required value: must be a valid object name",
            r#"volumes[0].projected.sources[0].clusterTrustBundle.labelSelector: Invalid value: "labelSelector": labelSelector must be unset if name is specified"#,
            r#"volumes[0].projected.sources[0].clusterTrustBundle.path: Invalid value: "/ca.pem": must be a relative path"#,
        ]
    );
}

#[test]
fn required_fields_left_out_are_named_as_the_server_names_them() {
    assert_eq!(
        volume(json!({"name": "v", "projected": {"sources": [{"serviceAccountToken": {}}]}})),
        ["volumes[0].projected.path: Required value"]
    );
    assert_eq!(
        volume(
            json!({"name": "v", "downwardAPI": {"items": [{"fieldRef": {"fieldPath": "metadata.name"}}]}})
        ),
        ["volumes[0].downwardAPI.path: Required value"]
    );
    assert_eq!(
        volume(json!({"name": "v", "ephemeral": {"volumeClaimTemplate": {}}})),
        [
            "volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required",
            "volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value",
        ]
    );
}
