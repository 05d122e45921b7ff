//! Reading pod specs and pods: unknown fields, wrong types, values that do not parse and
//! missing fields, each at its path, for each Kubernetes version; and syntax errors of JSON files
//! with their line and column.

use podtask_podspec::{
    JsonPath, KubernetesVersion, SpecError, check, from_json_text, read_pod, read_spec,
};
use serde_json::{Value, json};

const V: KubernetesVersion = KubernetesVersion::V1_33;

fn shown(errors: &[SpecError]) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

fn read_errors(value: Value) -> Vec<SpecError> {
    read_errors_in(value, V)
}

fn read_errors_in(value: Value, version: KubernetesVersion) -> Vec<SpecError> {
    match read_spec(&value, version) {
        Ok(()) => panic!("expected errors, read {value}"),
        Err(errors) => errors,
    }
}

fn reads(value: Value) {
    if let Err(errors) = read_spec(&value, V) {
        panic!("{value} does not read: {:#?}", shown(&errors));
    }
}

fn pod_errors(value: Value, version: KubernetesVersion) -> Vec<String> {
    match read_pod(&value, version) {
        Ok(()) => Vec::new(),
        Err(errors) => shown(&errors),
    }
}

#[test]
fn unknown_top_level_field_suggests_the_nearest() {
    let e = read_errors(json!({"containers": [{"name": "main"}], "nodeSelecter": {"disk": "ssd"}}));
    assert_eq!(
        shown(&e),
        ["nodeSelecter: unknown field `nodeSelecter` in PodSpec; did you mean `nodeSelector`?"]
    );
    assert!(e[0].on_key);
    assert_eq!(e[0].path, JsonPath::root().key("nodeSelecter"));
}

#[test]
fn unknown_fields_at_every_depth() {
    let e = read_errors(json!({
        "containers": [
            {"name": "main"},
            {
                "name": "side",
                "image": "busybox",
                "resoures": {"requests": {"cpu": "1"}},
                "securityContext": {"privilegd": true},
                "env": [{"name": "A", "valu": "1"}],
                "volumeMounts": [{"name": "data", "mountPath": "/data", "readonly": true}]
            }
        ],
        "volumes": [{"name": "data", "emptyDir": {"sizelimit": "1Gi"}}],
        "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [{"key": "k", "operator": "In", "value": ["v"]}]}]
        }}}
    }));
    assert_eq!(
        shown(&e),
        [
            "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].value: unknown field `value` in NodeSelectorRequirement; did you mean `values`?",
            "containers[1].env[0].valu: unknown field `valu` in EnvVar; did you mean `value`?",
            "containers[1].resoures: unknown field `resoures` in Container; did you mean `resources`?",
            "containers[1].securityContext.privilegd: unknown field `privilegd` in SecurityContext; did you mean `privileged`?",
            "containers[1].volumeMounts[0].readonly: unknown field `readonly` in VolumeMount; did you mean `readOnly`?",
            "volumes[0].emptyDir.sizelimit: unknown field `sizelimit` in EmptyDirVolumeSource; did you mean `sizeLimit`?",
        ]
    );
    assert!(e.iter().all(|e| e.on_key));
}

#[test]
fn unknown_field_without_a_near_one_lists_a_short_list() {
    let e = read_errors(
        json!({"containers": [{"name": "main", "env": [{"name": "A", "secret": "x"}]}]}),
    );
    assert_eq!(
        shown(&e),
        [
            "containers[0].env[0].secret: unknown field `secret` in EnvVar; expected one of `name`, `value`, `valueFrom`"
        ]
    );
    let e = read_errors(json!({"containers": [], "frobnicate": 1}));
    assert_eq!(
        shown(&e),
        ["frobnicate: unknown field `frobnicate` in PodSpec"]
    );
}

#[test]
fn fields_with_empty_values_are_known() {
    reads(json!({
        "containers": [{"name": "main", "args": [], "env": [], "stdin": false, "resources": {}}],
        "volumes": [],
        "nodeSelector": {},
        "hostNetwork": false
    }));
}

#[test]
fn wrong_types_are_reported_at_their_paths() {
    let e = read_errors(json!({
        "containers": [
            {"name": "main", "ports": [{"containerPort": "8080"}]},
            {"name": "side", "image": 7, "args": "run"}
        ],
        "hostNetwork": "yes",
        "activeDeadlineSeconds": 1.5
    }));
    assert_eq!(
        shown(&e),
        [
            "activeDeadlineSeconds: invalid type: floating point `1.5`, expected i64",
            r#"containers[0].ports[0].containerPort: invalid type: string "8080", expected i32"#,
            "containers[1].args: invalid type: string \"run\", expected a sequence",
            "containers[1].image: invalid type: integer `7`, expected a string",
            r#"hostNetwork: invalid type: string "yes", expected a boolean"#,
        ]
    );
    assert!(e.iter().all(|e| !e.on_key));
}

#[test]
fn missing_required_fields_are_reported_at_their_object() {
    let e = read_errors(json!({
        "containers": [{"image": "busybox"}, {"name": "ok"}, {"image": "x", "volumeMounts": [{"name": "v"}]}]
    }));
    assert_eq!(
        shown(&e),
        [
            "containers[0].name: Required value: missing field `name` in Container",
            "containers[2].name: Required value: missing field `name` in Container",
            "containers[2].volumeMounts[0].mountPath: Required value: missing field `mountPath` in VolumeMount",
        ]
    );
    let e = read_errors(json!({"containers": [{"name": "main", "ports": [{"name": "http"}]}]}));
    assert_eq!(
        shown(&e),
        [
            "containers[0].ports[0].containerPort: Required value: missing field `containerPort` in ContainerPort"
        ]
    );
}

#[test]
fn containers_may_be_left_out() {
    // The primary container is added when the pod is made.
    reads(json!({"nodeSelector": {"disk": "ssd"}}));
    // Only the spec's own: a pod's spec lists them, and so does a volume's claim template.
    assert_eq!(
        pod_errors(
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {}, "spec": {}}),
            V
        ),
        ["spec.containers: Required value: missing field `containers` in PodSpec"]
    );
}

#[test]
fn a_wrong_required_value_is_reported_once() {
    // Cutting out `name: 5` must not add "missing field `name`".
    let e = read_errors(json!({"containers": [{"name": 5}, {"name": "b", "image": true}]}));
    assert_eq!(
        shown(&e),
        [
            "containers[0].name: invalid type: integer `5`, expected a string",
            "containers[1].image: invalid type: boolean `true`, expected a string",
        ]
    );
}

#[test]
fn paths_keep_the_input_indices() {
    let e = read_errors(json!({"containers": [
        {"image": "a"},
        {"image": "b"},
        {"name": "c", "tty": "no"},
        {"name": "d", "resoures": {}}
    ]}));
    assert_eq!(
        shown(&e),
        [
            "containers[0].name: Required value: missing field `name` in Container",
            "containers[1].name: Required value: missing field `name` in Container",
            r#"containers[2].tty: invalid type: string "no", expected a boolean"#,
            "containers[3].resoures: unknown field `resoures` in Container; did you mean `resources`?",
        ]
    );
}

#[test]
fn wrong_and_unknown_together() {
    let e = read_errors(json!({"containers": "main", "nodeSelecter": {}}));
    assert_eq!(
        shown(&e),
        [
            r#"containers: invalid type: string "main", expected a sequence"#,
            "nodeSelecter: unknown field `nodeSelecter` in PodSpec; did you mean `nodeSelector`?",
        ]
    );
}

#[test]
fn not_an_object() {
    let e = read_errors(json!(["containers"]));
    assert_eq!(shown(&e), ["invalid type: sequence, expected PodSpec"]);
}

#[test]
fn json_text_errors_name_line_and_column() {
    let e =
        from_json_text("{\n  \"containers\": [\n    {\"name\": \"main\",}\n  ]\n}").unwrap_err();
    assert_eq!(
        e.message,
        "invalid JSON at line 3, column 21: trailing comma"
    );
    let v = from_json_text(r#"{"containers": [{"name": "main"}]}"#).unwrap();
    assert!(read_spec(&v, V).is_ok());
}

/// flytekit's case c: the pod template of `run_script_pod`, as its PodSpec was serialized.
#[test]
fn flytekit_case_c_reads_and_checks() {
    let spec = json!({
        "nodeSelector": {"kubernetes.io/hostname": "my-specific-node"},
        "containers": [
            {
                "resources": {"limits": {"cpu": "1", "memory": "2Gi"}, "requests": {"cpu": "500m", "memory": "1Gi"}},
                "image": "python:3.9-slim-buster",
                "env": [{"value": "some_value", "name": "MY_ENV_VAR"}, {"value": "true", "name": "DEBUG_MODE"}],
                "args": ["pyflyte-execute", "--inputs", "{{.input}}"],
                "command": [],
                "name": "main-container"
            },
            {
                "resources": {"requests": {"cpu": "50m", "memory": "50Mi"}},
                "image": "busybox",
                "command": ["sh", "-c", "sleep 3600"],
                "name": "sidecar"
            }
        ]
    });
    reads(spec.clone());
    let checked = check(&spec, Some("main-container"), V);
    assert!(checked.is_ok(), "{checked:?}");
    assert!(checked.warnings.is_empty());
    // Without the primary container's name, the two containers are refused.
    assert_eq!(check(&spec, None, V).errors.len(), 1);
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let e = read_errors(json!({
        "containers": [
            {"name": "main", "ports": [{"containerPort": "80"}, {"containerPort": 3000000000_i64}, {"name": "x"}]},
            {"name": 1, "image": ["busybox"], "tty": "no", "resoures": {}},
            "sidecar",
            null
        ],
        "initContainers": [{"image": "busybox", "env": [{"name": "A", "valu": "1"}, {"name": false}]}],
        "hostNetwork": "yes",
        "nodeSelector": {"disk": 1},
        "overhead": {"cpu": "lots"},
        "nodeSelecter": {}
    }));
    assert_eq!(
        shown(&e),
        [
            r#"containers[0].ports[0].containerPort: invalid type: string "80", expected i32"#,
            "containers[0].ports[1].containerPort: invalid value: integer `3000000000`, expected i32",
            "containers[0].ports[2].containerPort: Required value: missing field `containerPort` in ContainerPort",
            "containers[1].image: invalid type: sequence, expected a string",
            "containers[1].name: invalid type: integer `1`, expected a string",
            "containers[1].resoures: unknown field `resoures` in Container; did you mean `resources`?",
            r#"containers[1].tty: invalid type: string "no", expected a boolean"#,
            r#"containers[2]: invalid type: string "sidecar", expected Container"#,
            "containers[3]: invalid type: null, expected Container",
            "hostNetwork: invalid type: string \"yes\", expected a boolean",
            "initContainers[0].env[0].valu: unknown field `valu` in EnvVar; did you mean `value`?",
            "initContainers[0].env[1].name: invalid type: boolean `false`, expected a string",
            "initContainers[0].name: Required value: missing field `name` in Container",
            "nodeSelecter: unknown field `nodeSelecter` in PodSpec; did you mean `nodeSelector`?",
            "nodeSelector.disk: invalid type: integer `1`, expected a string",
            r#"overhead.cpu: invalid quantity "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (at byte 0: "l")"#,
        ]
    );
    // Only the unknown fields are about the key.
    let on_key: Vec<bool> = e.iter().map(|e| e.on_key).collect();
    assert_eq!(
        on_key,
        [
            false, false, false, false, false, true, false, false, false, false, true, false,
            false, true, false, false
        ]
    );
}

#[test]
fn null_is_a_field_left_out() {
    // As k8s-openapi reads it: an optional field, and even a required one, given as `null`.
    reads(json!({
        "containers": [{"name": null, "image": null, "env": null, "resources": {"limits": null}}],
        "nodeSelector": null,
        "volumes": null
    }));
    // Not inside arrays and maps, whose items must be values.
    assert_eq!(
        shown(&read_errors(json!({
            "containers": [{"name": "main", "args": [null], "resources": {"requests": {"cpu": null}}}],
            "nodeSelector": {"disk": null}
        }))),
        [
            "containers[0].args[0]: invalid type: null, expected a string",
            "containers[0].resources.requests.cpu: invalid type: null, expected Quantity",
            "nodeSelector.disk: invalid type: null, expected a string",
        ]
    );
}

#[test]
fn numbers_in_and_out_of_range() {
    reads(json!({
        "containers": [{"name": "main", "ports": [{"containerPort": 2147483647}, {"containerPort": -2147483648}]}],
        "activeDeadlineSeconds": 9223372036854775807_i64,
        "terminationGracePeriodSeconds": -1
    }));
    assert_eq!(
        shown(&read_errors(json!({
            "containers": [{"name": "main", "ports": [{"containerPort": 2147483648_i64}, {"containerPort": 80.0}]}],
            "activeDeadlineSeconds": 18446744073709551615_u64,
            "priority": 1e20
        }))),
        [
            "activeDeadlineSeconds: invalid value: integer `18446744073709551615`, expected i64",
            "containers[0].ports[0].containerPort: invalid value: integer `2147483648`, expected i32",
            "containers[0].ports[1].containerPort: invalid type: floating point `80.0`, expected i32",
            "priority: invalid type: floating point `1e+20`, expected i32",
        ]
    );
}

#[test]
fn int_or_string_takes_a_32_bit_integer_or_a_string() {
    let probe = |port: Value| json!({"containers": [{"name": "main", "livenessProbe": {"httpGet": {"port": port}}}]});
    reads(probe(json!(8080)));
    reads(probe(json!("http")));
    reads(probe(json!(-1)));
    for (port, message) in [
        (
            json!(3000000000_u64),
            "invalid value: integer `3000000000`, expected a 32-bit integer",
        ),
        (
            json!(1.5),
            "invalid type: floating point `1.5`, expected IntOrString",
        ),
        (
            json!(true),
            "invalid type: boolean `true`, expected IntOrString",
        ),
        (
            json!([8080]),
            "invalid type: sequence, expected IntOrString",
        ),
    ] {
        let e = read_errors(probe(port));
        assert_eq!(
            shown(&e),
            [format!(
                "containers[0].livenessProbe.httpGet.port: {message}"
            )]
        );
    }
}

#[test]
fn quantities_parse_as_kubernetes_parses_them() {
    reads(json!({
        "containers": [{"name": "main", "resources": {"requests": {"cpu": 0.5, "memory": "1Gi"}, "limits": {"cpu": 1}}}],
        "overhead": {"cpu": "250m"},
        "volumes": [{"name": "scratch", "emptyDir": {"sizeLimit": "1Gi"}}]
    }));
    let e = read_errors(json!({
        "containers": [{"name": "main", "resources": {"requests": {"cpu": "1ki", "memory": true}}}],
        "volumes": [{"name": "scratch", "emptyDir": {"sizeLimit": "1 Gi"}}]
    }));
    assert_eq!(
        shown(&e),
        [
            r#"containers[0].resources.requests.cpu: invalid quantity "1ki": unable to parse quantity's suffix (at bytes 1..3: "ki")"#,
            "containers[0].resources.requests.memory: invalid type: boolean `true`, expected Quantity",
            r#"volumes[0].emptyDir.sizeLimit: invalid quantity "1 Gi": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (at byte 1: " ")"#,
        ]
    );
    // A quantity that does not parse carries the rule it broke, so that a caller can point
    // inside the string; a value of the wrong type does not.
    let rule = e[0].rule.as_ref().expect("the rule");
    assert_eq!(rule.range(), 1..3);
    assert!(e[1].rule.is_none());
}

#[test]
fn versions_decide_which_fields_are_known() {
    let spec = json!({"containers": [{"name": "main"}], "hostnameOverride": "node-1"});
    assert_eq!(
        shown(&read_errors_in(spec.clone(), KubernetesVersion::V1_33)),
        [
            "hostnameOverride: unknown field `hostnameOverride` in PodSpec of Kubernetes 1.33 (added in Kubernetes 1.34)"
        ]
    );
    for v in [
        KubernetesVersion::V1_34,
        KubernetesVersion::V1_35,
        KubernetesVersion::V1_36,
        KubernetesVersion::V1_37,
    ] {
        assert!(read_spec(&spec, v).is_ok(), "{v}");
    }
    let workload = json!({"workloadRef": {"name": "w", "podGroup": "g"}});
    assert!(read_spec(&workload, KubernetesVersion::V1_35).is_ok());
    for v in [KubernetesVersion::V1_34, KubernetesVersion::V1_37] {
        assert_eq!(
            shown(&read_errors_in(workload.clone(), v)),
            [format!(
                "workloadRef: unknown field `workloadRef` in PodSpec of Kubernetes {v} (only in Kubernetes 1.35)"
            )]
        );
    }
    // Required fields follow the version too: a type that came in 1.34.
    let rules = json!({"containers": [{"name": "main", "restartPolicy": "Always", "restartPolicyRules": [{"exitCodes": {"values": [42]}}]}]});
    assert_eq!(
        shown(&read_errors_in(rules, KubernetesVersion::V1_34)),
        [
            "containers[0].restartPolicyRules[0].action: Required value: missing field `action` in ContainerRestartRule",
            "containers[0].restartPolicyRules[0].exitCodes.operator: Required value: missing field `operator` in ContainerRestartRuleOnExitCodes",
        ]
    );
}

#[test]
fn a_whole_pod_reads_with_its_metadata_and_status() {
    let pod = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "train",
            "namespace": "ml",
            "labels": {"app": "train"},
            "annotations": {"owner": "data-science"},
            "creationTimestamp": "2025-03-01T12:00:00Z",
            "deletionTimestamp": "2025-03-01T12:00:00.123456+01:00",
            "generation": 3,
            "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "train", "uid": "0b7e", "controller": true}],
            "managedFields": [{"manager": "kubectl", "operation": "Apply", "time": "2025-03-01T12:00:00Z", "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {}}}]
        },
        "spec": {"containers": [{"name": "main", "image": "busybox", "livenessProbe": {"httpGet": {"port": "http"}}}]},
        "status": {"phase": "Running", "startTime": "2025-03-01T12:00:05Z", "podIPs": [{"ip": "10.0.0.1"}]}
    });
    for v in KubernetesVersion::ALL {
        assert_eq!(pod_errors(pod.clone(), v), Vec::<String>::new(), "{v}");
    }
    let e = pod_errors(
        json!({
            "apiVersion": "apps/v1",
            "metadata": {
                "name": 7,
                "labels": {"app": true},
                "creationTimestamp": "2025-02-30T12:00:00Z",
                "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "train"}],
                "managedFields": [{"fieldsV1": "f:metadata"}],
                "generaton": 1
            },
            "spec": {"containers": [{"name": "main"}]},
            "status": {"startTime": 1700000000, "phase": "Running", "hostIPs": "10.0.0.2"},
            "specs": {}
        }),
        KubernetesVersion::V1_35,
    );
    assert_eq!(
        e,
        [
            r#"apiVersion: invalid value: string "apps/v1", expected v1"#,
            "kind: Required value: missing field `kind` in Pod",
            r#"metadata.creationTimestamp: invalid value: string "2025-02-30T12:00:00Z", expected an RFC 3339 date-time such as "2006-01-02T15:04:05Z""#,
            "metadata.generaton: unknown field `generaton` in ObjectMeta; did you mean `generation`?",
            "metadata.labels.app: invalid type: boolean `true`, expected a string",
            r#"metadata.managedFields[0].fieldsV1: invalid type: string "f:metadata", expected a map"#,
            "metadata.name: invalid type: integer `7`, expected a string",
            "metadata.ownerReferences[0].uid: Required value: missing field `uid` in OwnerReference",
            "specs: unknown field `specs` in Pod; did you mean `spec`?",
            r#"status.hostIPs: invalid type: string "10.0.0.2", expected a sequence"#,
            r#"status.startTime: invalid type: integer `1700000000`, expected an RFC 3339 date-time such as "2006-01-02T15:04:05Z""#,
        ]
    );
    assert_eq!(
        pod_errors(json!(["a pod"]), V),
        ["invalid type: sequence, expected Pod"]
    );
    assert_eq!(
        pod_errors(json!({"apiVersion": "v1", "kind": "Pod"}), V),
        ["metadata: Required value: missing field `metadata` in Pod"]
    );
    assert_eq!(
        pod_errors(
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {}, "frobnicate": 1}),
            V
        ),
        [
            "frobnicate: unknown field `frobnicate` in Pod; expected one of `apiVersion`, `kind`, `metadata`, `spec`, `status`"
        ]
    );
}
