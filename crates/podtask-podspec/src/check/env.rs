//! A container's `env` and `envFrom` (`ValidateEnv`, `validateEnvVarValueFrom`,
//! `ValidateEnvFrom`, and the API server's warning about repeated names), and a warning for
//! secrets written in plain text.

use podtask_rules::{Quantity, Subject, names};
use serde_json::Value;

use super::{Cx, REQUIRED, invalid, list, name_rule, not_supported, set, string};
use crate::read::quantity_text;
use crate::{JsonPath, KubernetesVersion, SpecError, SpecWarning};

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    let volumes = list(cx.spec, "volumes");
    for c in &cx.containers {
        if !c.env.is_empty() {
            vars(
                &c.path.clone().key("env"),
                c.env,
                cx.version,
                volumes,
                &mut cx.errors,
                &mut cx.warnings,
            );
        }
        let sources = list(c.value, "envFrom");
        if !sources.is_empty() {
            env_from(&c.path.clone().key("envFrom"), sources, &mut cx.errors);
        }
    }
}

/// Checks the variables of one container, under `base` (its `env`).
fn vars(
    base: &JsonPath,
    env: &[Value],
    version: KubernetesVersion,
    volumes: &[Value],
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    let mut seen = crate::check::Seen::default();
    for (i, var) in env.iter().enumerate() {
        let path = base.clone().index(i);
        let name_path = path.clone().key("name");
        let name = string(var, "name").unwrap_or_default();
        if name.is_empty() {
            errors.push(SpecError::new(name_path, REQUIRED));
        } else if let Some(e) = name_rule(
            name_path.clone(),
            Subject::EnvVarName,
            name,
            names::relaxed_env_var_name,
        ) {
            errors.push(e);
        } else if names::env_var_name(name).is_err() {
            warnings.push(SpecWarning::new(
                name_path,
                format!(
                    "{name:?} is not a portable environment variable name: a shell cannot use it, and Kubernetes before 1.32 refuses it; use letters, digits, '_', '-' and '.', not starting with a digit"
                ),
            ));
        }
        let literal = string(var, "value").filter(|v| !v.is_empty());
        if let Some(from) = set(var, "valueFrom") {
            value_from(
                &path.clone().key("valueFrom"),
                from,
                literal.is_some(),
                version,
                volumes,
                errors,
            );
        }
        if !seen.insert(name) {
            warnings.push(SpecWarning::new(
                path.clone(),
                format!(
                    "hides previous definition of {name:?}, which may be dropped when using apply"
                ),
            ));
        }
        if literal.is_some() && podtask_rules::secret::secret_name(name) {
            warnings.push(SpecWarning::new(
                path.key("value"),
                format!(
                    "{name:?} looks like a secret written in plain text: anyone who can read the task or the pod can read it; use `valueFrom.secretKeyRef` to read it from a Kubernetes Secret"
                ),
            ));
        }
    }
}

/// The fields of the pod a variable may read with `fieldRef` (without a subscript).
const ENV_FIELD_PATHS: [&str; 9] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// The field labels of a pod that the downward API knows (`ConvertDownwardAPIFieldLabel`),
/// whatever they may be used for.
pub(super) const POD_FIELD_LABELS: [&str; 14] = [
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.serviceAccountName",
    "spec.schedulerName",
    "status.phase",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// The resources of the container a variable (or a downward API volume) may read with
/// `resourceFieldRef`, besides huge pages (`requests.hugepages-<size>`, `limits.hugepages-<size>`).
pub(super) const ENV_RESOURCES: [&str; 6] = [
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

/// The divisors of a memory, storage or huge-page resource, as Kubernetes writes them.
const BYTE_DIVISORS: [&str; 13] = [
    "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
];

/// Whether the `fileKeyRef` source exists and is on by default (the `EnvFiles` feature gate:
/// alpha and off in 1.34, where the server drops the field; beta and on from 1.35).
fn file_key_ref_on(version: KubernetesVersion) -> bool {
    version >= KubernetesVersion::V1_35
}

/// Checks a variable's `valueFrom` (`validateEnvVarValueFrom`), at `path`. `literal` says
/// whether the variable has a `value` that is not empty.
fn value_from(
    path: &JsonPath,
    from: &Value,
    literal: bool,
    version: KubernetesVersion,
    volumes: &[Value],
    errors: &mut Vec<SpecError>,
) {
    let mut sources = 0;
    if let Some(r) = set(from, "fieldRef") {
        sources += 1;
        field_ref(&path.clone().key("fieldRef"), r, errors);
    }
    if let Some(r) = set(from, "resourceFieldRef") {
        sources += 1;
        resource_field_ref(&path.clone().key("resourceFieldRef"), r, errors);
    }
    if let Some(r) = set(from, "configMapKeyRef") {
        sources += 1;
        key_selector(&path.clone().key("configMapKeyRef"), r, errors);
    }
    if let Some(r) = set(from, "secretKeyRef") {
        sources += 1;
        key_selector(&path.clone().key("secretKeyRef"), r, errors);
    }
    let files = file_key_ref_on(version);
    if files && let Some(r) = set(from, "fileKeyRef") {
        sources += 1;
        file_key_ref(&path.clone().key("fileKeyRef"), r, volumes, errors);
    }
    let detail = if sources == 0 {
        if files || version >= KubernetesVersion::V1_34 {
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`"
        } else {
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"
        }
    } else if literal {
        "may not be specified when `value` is not empty"
    } else if sources > 1 {
        "may not have more than one field specified at a time"
    } else {
        return;
    };
    errors.push(SpecError::new(path.clone(), invalid("", detail)));
}

/// A `fieldRef` (`validateObjectFieldSelector` with the fields a variable may read), at `path`.
fn field_ref(path: &JsonPath, r: &Value, errors: &mut Vec<SpecError>) {
    // The server sets a missing or empty `apiVersion` to `v1` before it validates.
    let api_version = string(r, "apiVersion")
        .filter(|v| !v.is_empty())
        .unwrap_or("v1");
    let field_path = string(r, "fieldPath").unwrap_or_default();
    let fp_path = path.clone().key("fieldPath");
    if field_path.is_empty() {
        errors.push(SpecError::new(fp_path, REQUIRED));
        return;
    }
    if api_version != "v1" {
        errors.push(SpecError::new(
            fp_path,
            invalid(
                field_path,
                &format!("error converting fieldPath: unsupported pod version: {api_version}"),
            ),
        ));
        return;
    }
    match split_subscript(field_path) {
        Some((field, subscript)) => {
            let key = match field {
                "metadata.annotations" => subscript.to_ascii_lowercase(),
                "metadata.labels" => subscript.to_owned(),
                _ => {
                    errors.push(SpecError::new(
                        fp_path,
                        invalid(
                            field_path,
                            &format!(
                                "error converting fieldPath: field label does not support subscript: {field_path}"
                            ),
                        ),
                    ));
                    return;
                }
            };
            if let Err(v) = names::qualified_name(&key) {
                // The server names the selector, not its `fieldPath`.
                errors.push(
                    SpecError::new(fp_path, invalid(subscript, v.message))
                        .reported_at(path.to_string()),
                );
            }
        }
        None => {
            // `spec.host` is an old name of `spec.nodeName`.
            let field = if field_path == "spec.host" {
                "spec.nodeName"
            } else {
                field_path
            };
            if !POD_FIELD_LABELS.contains(&field) {
                errors.push(SpecError::new(
                    fp_path,
                    invalid(
                        field_path,
                        &format!(
                            "error converting fieldPath: field label not supported: {field_path}"
                        ),
                    ),
                ));
            } else if !ENV_FIELD_PATHS.contains(&field) {
                errors.push(SpecError::new(
                    fp_path,
                    not_supported(field, &ENV_FIELD_PATHS),
                ));
            }
        }
    }
}

/// A field path with a subscript, `field['subscript']`, split in two (Kubernetes
/// `SplitMaybeSubscriptedPath`); `None` for a path without one.
fn split_subscript(path: &str) -> Option<(&str, &str)> {
    let inner = path.strip_suffix("']")?;
    let (field, subscript) = inner.split_once("['")?;
    (!field.is_empty()).then_some((field, subscript))
}

/// A `resourceFieldRef` of a variable (`validateContainerResourceFieldSelector` and
/// `validateContainerResourceDivisor`), at `path`. The container it names is not checked.
fn resource_field_ref(path: &JsonPath, r: &Value, errors: &mut Vec<SpecError>) {
    let resource = string(r, "resource").unwrap_or_default();
    if resource.is_empty() {
        errors.push(SpecError::new(path.clone().key("resource"), REQUIRED));
    } else if !ENV_RESOURCES.contains(&resource)
        && !resource.starts_with("requests.hugepages-")
        && !resource.starts_with("limits.hugepages-")
    {
        errors.push(SpecError::new(
            path.clone().key("resource"),
            not_supported(resource, &ENV_RESOURCES),
        ));
    }
    let Some(divisor) = r
        .get("divisor")
        .and_then(quantity_text)
        .and_then(|t| Quantity::parse(&t).ok())
    else {
        return;
    };
    if let Some(detail) = divisor_detail(resource, &divisor) {
        // The server shows the resource as the value, not the divisor.
        errors.push(SpecError::new(
            path.clone().key("divisor"),
            invalid(resource, detail),
        ));
    }
}

/// What is wrong with the `divisor` of a `resourceFieldRef` of `resource`
/// (`validateContainerResourceDivisor`), if anything: a zero divisor is unset; `cpu` takes `1m`
/// and `1`; memory, ephemeral storage and huge pages a power of 1000 or 1024 from 1 to 1E or
/// 1Ei, compared in Kubernetes' canonical form (`1000m` is `1`). Shared with the downward API
/// volume's items, which follow the same rule.
pub(super) fn divisor_detail(resource: &str, divisor: &Quantity) -> Option<&'static str> {
    if divisor.is_zero() {
        return None;
    }
    let shown = divisor.to_string();
    match resource {
        "limits.cpu" | "requests.cpu" => (!["1m", "1"].contains(&shown.as_str()))
            .then_some("only divisor's values 1m and 1 are supported with the cpu resource"),
        "limits.memory" | "requests.memory" => (!BYTE_DIVISORS.contains(&shown.as_str())).then_some(
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource",
        ),
        "limits.ephemeral-storage" | "requests.ephemeral-storage" => (!BYTE_DIVISORS
            .contains(&shown.as_str()))
        .then_some(
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource",
        ),
        r if (r.starts_with("requests.hugepages-") || r.starts_with("limits.hugepages-"))
            && !BYTE_DIVISORS.contains(&shown.as_str()) =>
        {
            Some(
                "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource",
            )
        }
        _ => None,
    }
}

/// A `configMapKeyRef` or `secretKeyRef` (`validateConfigMapKeySelector`,
/// `validateSecretKeySelector`), at `path`: the name is a DNS-1123 subdomain (an empty one too
/// breaks it), the key is required and a config key.
fn key_selector(path: &JsonPath, r: &Value, errors: &mut Vec<SpecError>) {
    let name = string(r, "name").unwrap_or_default();
    if let Some(e) = name_rule(
        path.clone().key("name"),
        Subject::Dns1123Subdomain,
        name,
        names::dns1123_subdomain,
    ) {
        errors.push(e);
    }
    let key = string(r, "key").unwrap_or_default();
    let key_path = path.clone().key("key");
    if key.is_empty() {
        errors.push(SpecError::new(key_path, REQUIRED));
    } else if let Some(e) = name_rule(key_path, Subject::SecretKey, key, names::config_key) {
        errors.push(e);
    }
}

/// A `fileKeyRef` (Kubernetes 1.35 on), at `path`: the volume is a DNS-1123 label and a volume
/// of the pod, an `emptyDir` (the file is written there by an init container), the path a
/// relative path without `..`, the key an environment variable name.
fn file_key_ref(path: &JsonPath, r: &Value, volumes: &[Value], errors: &mut Vec<SpecError>) {
    let volume = string(r, "volumeName").unwrap_or_default();
    let volume_path = path.clone().key("volumeName");
    if volume.is_empty() {
        errors.push(SpecError::new(volume_path, REQUIRED));
    } else if let Some(e) = name_rule(
        volume_path.clone(),
        Subject::Dns1123Label,
        volume,
        names::dns1123_label,
    ) {
        errors.push(e);
    } else {
        match volumes.iter().find(|v| string(v, "name") == Some(volume)) {
            None => errors.push(SpecError::new(
                volume_path,
                format!("Not found: {volume:?}"),
            )),
            Some(v) if !is_empty_dir(v) => errors.push(SpecError::new(
                volume_path,
                invalid(volume, "referenced volume must be an emptyDir"),
            )),
            Some(_) => {}
        }
    }
    let file = string(r, "path").unwrap_or_default();
    let file_path = path.clone().key("path");
    if file.is_empty() {
        errors.push(SpecError::new(file_path, REQUIRED));
    } else if file.starts_with('/') {
        errors.push(SpecError::new(
            file_path,
            invalid(file, "must be a relative path"),
        ));
    } else if file.split('/').any(|part| part == "..") {
        errors.push(SpecError::new(
            file_path,
            invalid(file, "must not contain '..'"),
        ));
    } else if file.starts_with("..") {
        errors.push(SpecError::new(
            file_path,
            invalid(file, "must not start with '..'"),
        ));
    }
    let key = string(r, "key").unwrap_or_default();
    let key_path = path.clone().key("key");
    if key.is_empty() {
        errors.push(SpecError::new(key_path, REQUIRED));
    } else if let Some(e) = name_rule(
        key_path,
        Subject::EnvVarName,
        key,
        names::relaxed_env_var_name,
    ) {
        errors.push(e);
    }
}

/// The sources a volume may have; a volume with none of them is an `emptyDir` (the server sets
/// one).
const VOLUME_SOURCES: [&str; 30] = [
    "awsElasticBlockStore",
    "azureDisk",
    "azureFile",
    "cephfs",
    "cinder",
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "fc",
    "flexVolume",
    "flocker",
    "gcePersistentDisk",
    "gitRepo",
    "glusterfs",
    "hostPath",
    "image",
    "iscsi",
    "nfs",
    "persistentVolumeClaim",
    "photonPersistentDisk",
    "portworxVolume",
    "projected",
    "quobyte",
    "rbd",
    "scaleIO",
    "secret",
    "storageos",
    "vsphereVolume",
];

/// Whether a volume of the pod is an `emptyDir`, written so or with no source at all.
fn is_empty_dir(volume: &Value) -> bool {
    set(volume, "emptyDir").is_some() || !VOLUME_SOURCES.iter().any(|k| set(volume, k).is_some())
}

/// Whether a name is a DNS-1123 subdomain when read as the start of a generated name, as
/// `ValidateConfigMapName(name, true)` and `ValidateSecretName(name, true)` read the names of
/// `envFrom`: a trailing `-` is allowed. Kubernetes' `maskTrailingDash` replaces the last two
/// characters of such a name with `a`, and so does this.
fn subdomain_as_prefix(name: &str) -> bool {
    names::mask_trailing_dash(name).is_some_and(|masked| names::dns1123_subdomain(&masked).is_ok())
}

/// Checks the sources of one container's `envFrom` (`ValidateEnvFrom`), under `base`.
fn env_from(base: &JsonPath, sources: &[Value], errors: &mut Vec<SpecError>) {
    for (i, source) in sources.iter().enumerate() {
        let path = base.clone().index(i);
        if let Some(prefix) = string(source, "prefix").filter(|p| !p.is_empty())
            && let Some(e) = name_rule(
                path.clone().key("prefix"),
                Subject::EnvVarName,
                prefix,
                names::relaxed_env_var_name,
            )
        {
            errors.push(e);
        }
        let mut count = 0;
        for key in ["configMapRef", "secretRef"] {
            if let Some(r) = set(source, key) {
                count += 1;
                let name = string(r, "name").unwrap_or_default();
                let name_path = path.clone().key(key).key("name");
                if name.is_empty() {
                    errors.push(SpecError::new(name_path, REQUIRED));
                } else if !subdomain_as_prefix(name)
                    && let Some(e) = name_rule(
                        name_path,
                        Subject::Dns1123Subdomain,
                        name,
                        names::dns1123_subdomain,
                    )
                {
                    errors.push(e);
                }
            }
        }
        let detail = match count {
            0 => "must specify one of: `configMapRef` or `secretRef`",
            1 => continue,
            _ => "may not have more than one field specified at a time",
        };
        // The server names the whole list.
        errors.push(SpecError::new(path, invalid("", detail)).reported_at(base.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::check::test_support::{errors, warnings};

    #[test]
    fn names_follow_the_relaxed_env_rule() {
        // Kubernetes 1.33 on accepts any printable ASCII but `=` (`IsRelaxedEnvVarName`).
        let e = errors(
            json!({"containers": [{"name": "main", "env": [
                {"name": "GOOD", "value": "1"},
                {"name": "1BAD", "value": "1"},
                {"name": "", "value": "1"},
                {"name": "..x"},
                {"name": "A=B"},
                {"name": "é"}
            ]}]}),
            Some("main"),
        );
        assert_eq!(
            e,
            [
                "containers[0].env[2].name: Required value",
                r#"containers[0].env[4].name: invalid environment variable name "A=B": a valid environment variable name must consist only of printable ASCII characters other than '=' (at byte 1: "=")"#,
                r#"containers[0].env[5].name: invalid environment variable name "é": a valid environment variable name must consist only of printable ASCII characters other than '='"#,
            ]
        );
        // A name only the relaxed rule accepts is a warning.
        let w = warnings(
            json!({"containers": [{"name": "main", "env": [{"name": "FOO BAR", "value": "1"}, {"name": "OK", "value": "1"}]}]}),
            Some("main"),
        );
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(w[0].starts_with(
            r#"containers[0].env[0].name: "FOO BAR" is not a portable environment variable name"#
        ));
    }

    fn env_errors(value_from: serde_json::Value) -> Vec<String> {
        errors(
            json!({"containers": [{"name": "main", "env": [{"name": "A", "valueFrom": value_from}]}]}),
            Some("main"),
        )
    }

    fn server_fields(spec: serde_json::Value) -> Vec<String> {
        crate::check::run(
            &spec,
            crate::check::Mode::Server,
            crate::KubernetesVersion::V1_35,
            crate::check::Quantities::PassOver,
        )
        .errors
        .iter()
        .map(crate::SpecError::field)
        .collect()
    }

    #[test]
    fn value_from_needs_exactly_one_source() {
        assert_eq!(
            env_errors(json!({})),
            [
                "containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"
            ]
        );
        assert_eq!(
            env_errors(
                json!({"fieldRef": {"fieldPath": "metadata.name"}, "secretKeyRef": {"name": "s", "key": "k"}})
            ),
            [
                "containers[0].env[0].valueFrom: Invalid value: \"\": may not have more than one field specified at a time"
            ]
        );
        // From 1.34 the message names `fileKeyRef`; from 1.35 it is a source.
        let spec =
            json!({"containers": [{"name": "main", "env": [{"name": "A", "valueFrom": {}}]}]});
        let checked = crate::check(&spec, Some("main"), crate::KubernetesVersion::V1_35);
        assert!(
            checked.errors[0]
                .message
                .ends_with("`secretKeyRef` or `fileKeyRef`")
        );
        let spec = json!({"volumes": [{"name": "env", "emptyDir": {}}, {"name": "cfg", "configMap": {"name": "c"}}], "containers": [{"name": "main", "env": [{"name": "A", "valueFrom": {"fileKeyRef": {"volumeName": "env", "path": "a.env", "key": "K"}}}]}]});
        assert!(
            crate::check(&spec, Some("main"), crate::KubernetesVersion::V1_35)
                .errors
                .is_empty()
        );
        let checked = crate::check(&spec, Some("main"), crate::KubernetesVersion::V1_34);
        assert_eq!(checked.errors.len(), 1, "{checked:?}");
        let spec = json!({"volumes": [{"name": "cfg", "configMap": {"name": "c"}}], "containers": [{"name": "main", "env": [
            {"name": "A", "valueFrom": {"fileKeyRef": {"volumeName": "cfg", "path": "a.env", "key": "K"}}},
            {"name": "B", "valueFrom": {"fileKeyRef": {"volumeName": "none", "path": "../a.env", "key": "A=B"}}}
        ]}]});
        let fields: Vec<String> =
            crate::check(&spec, Some("main"), crate::KubernetesVersion::V1_35)
                .errors
                .iter()
                .map(|e| e.path.to_string())
                .collect();
        assert_eq!(
            fields,
            [
                "containers[0].env[0].valueFrom.fileKeyRef.volumeName",
                "containers[0].env[1].valueFrom.fileKeyRef.volumeName",
                "containers[0].env[1].valueFrom.fileKeyRef.path",
                "containers[0].env[1].valueFrom.fileKeyRef.key",
            ]
        );
    }

    #[test]
    fn field_refs_follow_the_downward_api() {
        assert!(env_errors(json!({"fieldRef": {"fieldPath": "status.hostIPs"}})).is_empty());
        assert!(
            env_errors(
                json!({"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels['app']"}})
            )
            .is_empty()
        );
        assert!(
            env_errors(json!({"fieldRef": {"fieldPath": "metadata.annotations['Example.com/X']"}}))
                .is_empty()
        );
        assert_eq!(
            env_errors(json!({"fieldRef": {"fieldPath": ""}})),
            ["containers[0].env[0].valueFrom.fieldRef.fieldPath: Required value"]
        );
        assert_eq!(
            env_errors(json!({"fieldRef": {"fieldPath": "metadata.annotations"}})),
            [
                r#"containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.annotations": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs""#
            ]
        );
        assert_eq!(
            env_errors(json!({"fieldRef": {"fieldPath": "metadata.labels[app]"}})),
            [
                r#"containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.labels[app]": error converting fieldPath: field label not supported: metadata.labels[app]"#
            ]
        );
        assert_eq!(
            env_errors(json!({"fieldRef": {"apiVersion": "v2", "fieldPath": "metadata.name"}})),
            [
                r#"containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: v2"#
            ]
        );
        // A bad label key is reported at the selector.
        let spec = json!({"containers": [{"name": "main", "image": "busybox", "env": [{"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['a/b/c']"}}}]}]});
        assert_eq!(
            server_fields(spec),
            ["containers[0].env[0].valueFrom.fieldRef"]
        );
    }

    #[test]
    fn resource_field_refs_and_divisors() {
        assert!(
            env_errors(
                json!({"resourceFieldRef": {"resource": "limits.hugepages-2Mi", "divisor": "1Mi"}})
            )
            .is_empty()
        );
        assert!(
            env_errors(json!({"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1000m"}}))
                .is_empty()
        );
        assert!(
            env_errors(json!({"resourceFieldRef": {"resource": "limits.cpu", "divisor": "0"}}))
                .is_empty()
        );
        assert_eq!(
            env_errors(json!({"resourceFieldRef": {"resource": "limits.nvidia.com/gpu"}})),
            [
                r#"containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.nvidia.com/gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory""#
            ]
        );
        assert_eq!(
            env_errors(json!({"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1k"}})),
            [
                r#"containers[0].env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource"#
            ]
        );
        assert_eq!(
            env_errors(
                json!({"resourceFieldRef": {"resource": "requests.memory", "divisor": "1m"}})
            )
            .len(),
            1
        );
    }

    #[test]
    fn key_selectors_name_a_subdomain_and_a_config_key() {
        assert_eq!(
            env_errors(json!({"secretKeyRef": {"name": "", "key": ".."}})),
            [
                r#"containers[0].env[0].valueFrom.secretKeyRef.name: invalid DNS-1123 subdomain "": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#,
                r#"containers[0].env[0].valueFrom.secretKeyRef.key: invalid secret key "..": must not be '..'"#,
            ]
        );
        assert_eq!(
            env_errors(json!({"configMapKeyRef": {"name": "cfg", "key": ""}})),
            ["containers[0].env[0].valueFrom.configMapKeyRef.key: Required value"]
        );
        assert!(env_errors(json!({"configMapKeyRef": {"name": "cfg.v1", "key": "-x"}})).is_empty());
    }

    #[test]
    fn env_from_names_may_end_with_a_dash() {
        use super::subdomain_as_prefix;
        for ok in ["config-", "a-", "ab.-", "train.config"] {
            assert!(subdomain_as_prefix(ok), "{ok}");
        }
        for bad in ["Config-", "a_b-", "é-", "-x", "x.", "-"] {
            assert!(!subdomain_as_prefix(bad), "{bad}");
        }
        let e = errors(
            json!({"containers": [{"name": "main", "envFrom": [{"configMapRef": {"name": "cfg-"}}, {"secretRef": {"name": "Cfg-"}}]}]}),
            Some("main"),
        );
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(e[0].starts_with(
            r#"containers[0].envFrom[1].secretRef.name: invalid DNS-1123 subdomain "Cfg-""#
        ));
    }

    #[test]
    fn env_from_sources() {
        let spec = json!({"containers": [{"name": "main", "image": "busybox", "envFrom": [
            {"prefix": "1X", "configMapRef": {"name": "a"}},
            {"prefix": "A=B", "secretRef": {"name": ""}},
            {},
            {"configMapRef": {"name": "a"}, "secretRef": {"name": "Bad"}}
        ]}]});
        let e = errors(spec.clone(), Some("main"));
        assert_eq!(e.len(), 5, "{e:#?}");
        assert!(e[0].starts_with(
            r#"containers[0].envFrom[1].prefix: invalid environment variable name "A=B""#
        ));
        assert_eq!(
            e[1],
            "containers[0].envFrom[1].secretRef.name: Required value"
        );
        assert_eq!(
            e[2],
            "containers[0].envFrom[2]: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`"
        );
        assert!(e[3].starts_with(
            r#"containers[0].envFrom[3].secretRef.name: invalid DNS-1123 subdomain "Bad""#
        ));
        assert_eq!(
            e[4],
            "containers[0].envFrom[3]: Invalid value: \"\": may not have more than one field specified at a time"
        );
        assert_eq!(
            server_fields(spec),
            [
                "containers[0].envFrom[1].prefix",
                "containers[0].envFrom[1].secretRef.name",
                "containers[0].envFrom",
                "containers[0].envFrom[3].secretRef.name",
                "containers[0].envFrom",
            ]
        );
    }

    #[test]
    fn value_and_value_from_exclude_each_other() {
        let e = errors(
            json!({"containers": [{"name": "main", "env": [
                {"name": "A", "value": "x", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "B", "value": "", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}
            ]}]}),
            Some("main"),
        );
        assert_eq!(
            e,
            [
                "containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty"
            ]
        );
    }

    #[test]
    fn secrets_in_plain_text_are_warned_about() {
        let w = warnings(
            json!({"containers": [{"name": "main", "env": [
                {"name": "DB_PASSWORD", "value": "hunter2"},
                {"name": "GITHUB_TOKEN", "valueFrom": {"secretKeyRef": {"name": "gh", "key": "token"}}},
                {"name": "LOG_LEVEL", "value": "debug"}
            ]}]}),
            Some("main"),
        );
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(w[0].starts_with(
            r#"containers[0].env[0].value: "DB_PASSWORD" looks like a secret written in plain text"#
        ));
        assert!(w[0].ends_with("use `valueFrom.secretKeyRef` to read it from a Kubernetes Secret"));
    }

    #[test]
    fn repeated_names_are_warned_about() {
        let w = warnings(
            json!({"containers": [{"name": "main", "env": [{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]}]}),
            Some("main"),
        );
        assert_eq!(
            w,
            [
                r#"containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply"#
            ]
        );
    }
}
