//! Reading pod specs: unknown fields, wrong types and missing fields, each at its path, and
//! syntax errors of YAML and JSON files with their line and column.

use podtask_podspec::{JsonPath, SpecError, check, from_json_text, from_value, from_yaml};
use serde_json::json;

fn shown(errors: &[SpecError]) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

fn read_errors(value: serde_json::Value) -> Vec<SpecError> {
    match from_value(&value) {
        Ok(spec) => panic!("expected errors, read {spec:?}"),
        Err(errors) => errors,
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
    // Empty or default values are not written back by k8s-openapi; they are still known fields.
    let spec = from_value(&json!({
        "containers": [{"name": "main", "args": [], "env": [], "stdin": false, "resources": {}}],
        "volumes": [],
        "nodeSelector": {},
        "hostNetwork": false
    }))
    .unwrap();
    assert_eq!(spec.containers[0].stdin, Some(false));
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
    let spec = from_value(&json!({"nodeSelector": {"disk": "ssd"}})).unwrap();
    assert!(spec.containers.is_empty());
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
fn paths_after_a_cut_element_keep_the_input_indices() {
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
fn yaml_syntax_errors_name_line_and_column() {
    let e = from_yaml("containers:\n  - name: main\n    image: [busybox\nnodeSelector: {}\n")
        .unwrap_err();
    assert!(e.path.is_root());
    assert!(
        e.message.starts_with("invalid YAML at line 4, column "),
        "{}",
        e.message
    );
    let e = from_yaml("containers:\n- name: a\n\tname: b\n").unwrap_err();
    assert!(
        e.message.starts_with("invalid YAML at line 3, column 1: "),
        "{}",
        e.message
    );
}

#[test]
fn yaml_reads_as_json_does() {
    let v = from_yaml(
        "containers:\n  - name: main\n    resources:\n      requests: {cpu: 500m, memory: 1Gi}\n      limits:\n        cpu: 1\n",
    )
    .unwrap();
    assert_eq!(
        v,
        json!({"containers": [{"name": "main", "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"cpu": 1}}}]})
    );
    let spec = from_value(&v).unwrap();
    let limits = spec.containers[0]
        .resources
        .as_ref()
        .and_then(|r| r.limits.as_ref())
        .unwrap();
    assert_eq!(limits["cpu"].0, "1");
}

#[test]
fn yaml_type_errors_keep_their_paths() {
    // `yes` is a string in YAML 1.2 (and to this reader), not a boolean.
    let v = from_yaml("containers: []\nhostNetwork: yes\n").unwrap();
    assert_eq!(
        shown(&read_errors(v)),
        [r#"hostNetwork: invalid type: string "yes", expected a boolean"#]
    );
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
    assert!(from_value(&v).is_ok());
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
    let spec = from_value(&spec).unwrap();
    let checked = check(&spec, Some("main-container"));
    assert!(checked.is_ok(), "{checked:?}");
    assert!(checked.warnings.is_empty());
    // Without the primary container's name, the two containers are refused.
    assert_eq!(check(&spec, None).errors.len(), 1);
}
