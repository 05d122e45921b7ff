//! A whole Pod manifest judged as the Kubernetes API server judges it on create: decoded with
//! strict field validation, then validated (`ValidatePodCreate`), every error reported at the
//! field the server names.

use std::fmt;

use serde_json::Value;

use crate::check::{Mode, Quantities, run};
use crate::{JsonPath, KubernetesVersion, SpecError, SpecWarning};

/// Something the API server refuses in a Pod: the field as the server names it
/// (`spec.containers[0].resources.requests`, `metadata.labels`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct FieldError {
    /// The field, as the API server writes field paths.
    pub field: String,
    /// What is wrong, in the server's words where it has them.
    pub message: String,
}

/// Something the API server accepts but a careful user would not want (a privileged
/// container, a secret in plain text, a field the server drops), or that a node will refuse
/// later (an image reference the container runtime cannot parse).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct FieldWarning {
    /// The field, as the API server writes field paths.
    pub field: String,
    /// Why it is worth a look, and what to do instead.
    pub message: String,
}

impl FieldError {
    /// An error at `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl FieldWarning {
    /// A warning at `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldWarning {
            field: field.into(),
            message: message.into(),
        }
    }
}

fn write_at(f: &mut fmt::Formatter<'_>, field: &str, message: &str) -> fmt::Result {
    if field.is_empty() {
        f.write_str(message)
    } else {
        write!(f, "{field}: {message}")
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_at(f, &self.field, &self.message)
    }
}

impl fmt::Display for FieldWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_at(f, &self.field, &self.message)
    }
}

impl std::error::Error for FieldError {}

/// `field` under `prefix` (`spec`), as the server joins them.
fn under(prefix: &str, field: &str) -> String {
    match (prefix.is_empty(), field.is_empty()) {
        (true, _) => field.to_owned(),
        (false, true) => prefix.to_owned(),
        (false, false) if field.starts_with('[') => format!("{prefix}{field}"),
        (false, false) => format!("{prefix}.{field}"),
    }
}

pub(crate) fn field_error(prefix: &str, e: &SpecError) -> FieldError {
    FieldError::new(under(prefix, &e.field()), e.message.clone())
}

pub(crate) fn field_warning(prefix: &str, w: &SpecWarning) -> FieldWarning {
    FieldWarning::new(under(prefix, &w.path.to_string()), w.message.clone())
}

/// Judges a whole Pod manifest (`apiVersion`, `kind`, `metadata`, `spec`) as the Kubernetes API
/// server of `version` judges it on create, with strict field validation: first decoding
/// (unknown fields, wrong JSON types, quantities that do not parse: the server's 400), then
/// validation (names, images, resources, env, volumes and mounts, ports, probes, lifecycle,
/// restart policies, security contexts, scheduling, DNS and host settings, service accounts,
/// times: the server's 422). Every error is reported, each at the field the server names.
///
/// `Ok` holds the warnings: what the server accepts but is worth a look. Rules that depend on
/// objects in the cluster (admission: priority classes, runtime classes, quotas) are not applied.
///
/// ```
/// use podtask_podspec::{KubernetesVersion, validate_pod};
/// use serde_json::json;
/// let pod = json!({
///     "apiVersion": "v1", "kind": "Pod",
///     "metadata": {"name": "train"},
///     "spec": {"containers": [{"name": "main", "image": "busybox:1.36", "imagePullPolicy": "Sometimes"}]}
/// });
/// let errors = validate_pod(&pod, KubernetesVersion::V1_35).unwrap_err();
/// assert_eq!(errors[0].field, "spec.containers[0].imagePullPolicy");
/// ```
///
/// The Pod is judged as created in the namespace it names (as `kubectl create` sends it); see
/// [`validate_pod_in`] for a request to a given namespace.
pub fn validate_pod(
    pod: &Value,
    version: KubernetesVersion,
) -> Result<Vec<FieldWarning>, Vec<FieldError>> {
    validate_pod_in(pod, version, None)
}

/// [`validate_pod`] for a create request to `namespace`
/// (`POST /api/v1/namespaces/{namespace}/pods`): a Pod that names another namespace is
/// refused, as the server refuses it (400, "the namespace of the provided object does not
/// match the namespace sent on the request"). `None` is the namespace the Pod names.
///
/// ```
/// use podtask_podspec::{KubernetesVersion, validate_pod_in};
/// use serde_json::json;
/// let pod = json!({
///     "apiVersion": "v1", "kind": "Pod",
///     "metadata": {"name": "train", "namespace": "ml"},
///     "spec": {"containers": [{"name": "main", "image": "busybox:1.36"}]}
/// });
/// assert!(validate_pod_in(&pod, KubernetesVersion::V1_35, Some("ml")).is_ok());
/// let errors = validate_pod_in(&pod, KubernetesVersion::V1_35, Some("default")).unwrap_err();
/// assert_eq!(errors[0].field, "metadata.namespace");
/// ```
pub fn validate_pod_in(
    pod: &Value,
    version: KubernetesVersion,
    namespace: Option<&str>,
) -> Result<Vec<FieldWarning>, Vec<FieldError>> {
    if let Err(read) = crate::read::read_pod_as_server(pod, version) {
        return Err(read.iter().map(|e| field_error("", e)).collect());
    }
    let named = pod
        .get("metadata")
        .and_then(|m| m.get("namespace"))
        .and_then(Value::as_str)
        .filter(|ns| !ns.is_empty());
    if let (Some(request), Some(named)) = (namespace, named)
        && request != named
    {
        return Err(vec![FieldError::new(
            "metadata.namespace".to_owned(),
            format!(
                "the namespace of the provided object ({named:?}) does not match the namespace \
                 sent on the request ({request:?})"
            ),
        )]);
    }
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let dropped = drop_disabled_fields(pod, version);
    let pod = match &dropped {
        Some((kept, fields)) => {
            warnings.extend(fields.iter().map(|(field, gate)| {
                FieldWarning::new(field.clone(), dropped_warning(gate, version))
            }));
            kept
        }
        None => pod,
    };
    for e in crate::metadata::validate_object_meta(pod, version) {
        errors.push(field_error("", &e));
    }
    for e in crate::check::pod_annotations(pod) {
        errors.push(field_error("", &e));
    }
    let spec = pod.get("spec").unwrap_or(&Value::Null);
    let checked = run(spec, Mode::Server, version, Quantities::PassOver);
    errors.extend(checked.errors.iter().map(|e| field_error("spec", e)));
    warnings.extend(checked.warnings.iter().map(|w| field_warning("spec", w)));
    if errors.is_empty() {
        Ok(warnings)
    } else {
        Err(errors)
    }
}

/// The fields the API server drops from a Pod it creates because the feature gate behind them
/// is off by default in `version` (`DropDisabledPodFields`), each with its gate.
///
/// | field | gate | dropped in |
/// |---|---|---|
/// | `spec.resources` | PodLevelResources (alpha until 1.34) | 1.33 |
/// | `spec.resourceClaims`, containers' `resources.claims` | DynamicResourceAllocation (beta, off, until 1.34) | 1.33 |
/// | containers' `lifecycle.stopSignal` | ContainerStopSignals (alpha, off by default) | all |
/// | `spec.hostnameOverride` | HostnameOverride (alpha in 1.34, beta from 1.35) | 1.34 |
/// | `projected.sources[].podCertificate` | PodCertificateRequest (off by default) | all |
/// | `spec.workloadRef` | GenericWorkload (off by default) | all |
fn dropped_fields(version: KubernetesVersion) -> DroppedFields {
    use KubernetesVersion::{V1_33, V1_34};
    DroppedFields {
        pod_resources: version == V1_33,
        resource_claims: version == V1_33,
        stop_signal: true,
        hostname_override: version == V1_34,
    }
}

/// Which version-dependent fields are dropped (see [`dropped_fields`]).
struct DroppedFields {
    pod_resources: bool,
    resource_claims: bool,
    stop_signal: bool,
    hostname_override: bool,
}

/// The Pod without the fields the server drops (see [`dropped_fields`]) and the fields dropped
/// (as the server names them) with their gates; `None` when nothing is dropped.
fn drop_disabled_fields(
    pod: &Value,
    version: KubernetesVersion,
) -> Option<(Value, Vec<(String, &'static str)>)> {
    let (spec, dropped) = drop_disabled_spec_fields(pod.get("spec")?, version)?;
    let mut kept = pod.clone();
    kept["spec"] = spec;
    let fields = dropped
        .into_iter()
        .map(|(path, gate)| (under("spec", &path.to_string()), gate))
        .collect();
    Some((kept, fields))
}

/// The warning for a field the server drops because `gate` is off by default in `version`.
pub(crate) fn dropped_warning(gate: &str, version: KubernetesVersion) -> String {
    let hint = match gate {
        "ContainerStopSignals" => "; set the stop signal in the image (STOPSIGNAL) instead",
        _ => "",
    };
    format!(
        "dropped by the API server: the feature gate {gate} is off by default in Kubernetes \
         {version}{hint}"
    )
}

/// A pod spec without the fields the server drops (see [`dropped_fields`]), and the fields
/// dropped with their gates; `None` when nothing is dropped.
pub(crate) fn drop_disabled_spec_fields(
    spec: &Value,
    version: KubernetesVersion,
) -> Option<(Value, Vec<(JsonPath, &'static str)>)> {
    let drop = dropped_fields(version);
    let spec_value = spec;
    let spec = spec.as_object()?;
    let mut paths: Vec<(Vec<String>, &'static str)> = Vec::new();
    let key = |k: &str| k.to_owned();
    let mut spec_field = |name: &str, on: bool, gate: &'static str| {
        if on && spec.get(name).is_some_and(|v| !v.is_null()) {
            paths.push((vec![key(name)], gate));
        }
    };
    spec_field("resources", drop.pod_resources, "PodLevelResources");
    spec_field(
        "resourceClaims",
        drop.resource_claims,
        "DynamicResourceAllocation",
    );
    spec_field(
        "hostnameOverride",
        drop.hostname_override,
        "HostnameOverride",
    );
    spec_field("workloadRef", true, "GenericWorkload");
    for kind in ["containers", "initContainers", "ephemeralContainers"] {
        let list = spec.get(kind).and_then(Value::as_array);
        for (i, c) in list.into_iter().flatten().enumerate() {
            let at = |rest: &[&str]| {
                let mut p = vec![key(kind), i.to_string()];
                p.extend(rest.iter().map(|r| key(r)));
                p
            };
            if drop.stop_signal
                && c.pointer("/lifecycle/stopSignal")
                    .is_some_and(|v| !v.is_null())
            {
                paths.push((at(&["lifecycle", "stopSignal"]), "ContainerStopSignals"));
            }
            if drop.resource_claims && c.pointer("/resources/claims").is_some_and(|v| !v.is_null())
            {
                paths.push((at(&["resources", "claims"]), "DynamicResourceAllocation"));
            }
        }
    }
    let volumes = spec.get("volumes").and_then(Value::as_array);
    for (i, v) in volumes.into_iter().flatten().enumerate() {
        let sources = v.pointer("/projected/sources").and_then(Value::as_array);
        for (j, source) in sources.into_iter().flatten().enumerate() {
            if source.get("podCertificate").is_some_and(|v| !v.is_null()) {
                let p = [
                    "volumes",
                    &i.to_string(),
                    "projected",
                    "sources",
                    &j.to_string(),
                    "podCertificate",
                ];
                paths.push((p.iter().map(|s| key(s)).collect(), "PodCertificateRequest"));
            }
        }
    }
    if paths.is_empty() {
        return None;
    }
    let mut kept = spec_value.clone();
    let mut fields = Vec::with_capacity(paths.len());
    for (path, gate) in paths {
        let (last, parents) = path.split_last()?;
        let mut at = &mut kept;
        let mut json_path = JsonPath::root();
        for p in parents {
            at = match at {
                Value::Array(items) => {
                    let i = p.parse::<usize>().ok()?;
                    json_path = json_path.index(i);
                    items.get_mut(i)?
                }
                other => {
                    json_path = json_path.key(p.as_str());
                    other.get_mut(p.as_str())?
                }
            };
        }
        let parent = at.as_object_mut()?;
        parent.remove(last.as_str());
        // A lifecycle that held only the stop signal goes with it.
        let emptied = gate == "ContainerStopSignals" && parent.is_empty();
        fields.push((json_path.key(last.as_str()), gate));
        if emptied {
            let lifecycle = parents.last()?;
            let (_, container) = parents.split_last()?;
            let mut c = &mut kept;
            for p in container {
                c = match c {
                    Value::Array(items) => items.get_mut(p.parse::<usize>().ok()?)?,
                    other => other.get_mut(p.as_str())?,
                };
            }
            c.as_object_mut()?.remove(lifecycle.as_str());
        }
    }
    Some((kept, fields))
}

/// The path of `metadata` in a Pod, for rules on the object's metadata.
pub(crate) fn metadata_path() -> JsonPath {
    JsonPath::root().key("metadata")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(spec: Value) -> Value {
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec})
    }

    #[test]
    fn fields_behind_gates_that_are_off_are_dropped() {
        let spec = json!({
            "containers": [{"name": "a", "image": "x", "lifecycle": {"stopSignal": "SIGUSR1"}}],
            "volumes": [{"name": "c", "projected": {"sources": [{"podCertificate": {"signerName": "x"}}]}}],
            "resources": {"limits": {"cpu": "1"}}
        });
        let (kept, fields) =
            drop_disabled_fields(&pod(spec.clone()), KubernetesVersion::V1_35).expect("dropped");
        assert_eq!(
            fields,
            [
                (
                    "spec.containers[0].lifecycle.stopSignal".to_owned(),
                    "ContainerStopSignals"
                ),
                (
                    "spec.volumes[0].projected.sources[0].podCertificate".to_owned(),
                    "PodCertificateRequest"
                ),
            ]
        );
        // The lifecycle held nothing else: it goes too.
        assert!(kept["spec"]["containers"][0].get("lifecycle").is_none());
        assert_eq!(
            kept["spec"]["volumes"][0]["projected"]["sources"][0],
            json!({})
        );
        assert_eq!(kept["spec"]["resources"], spec["resources"]);
        // Pod-level resources are dropped in 1.33 only; stop signals in every version (the
        // gate is alpha, off by default, through 1.37).
        let (kept, _) =
            drop_disabled_fields(&pod(spec.clone()), KubernetesVersion::V1_33).expect("dropped");
        assert!(kept["spec"].get("resources").is_none());
        let (kept, _) =
            drop_disabled_fields(&pod(spec), KubernetesVersion::V1_37).expect("dropped");
        assert!(
            kept["spec"]["containers"][0]["lifecycle"]
                .get("stopSignal")
                .is_none()
        );
        let plain = pod(json!({"containers": [{"name": "a", "image": "x"}]}));
        assert!(drop_disabled_fields(&plain, KubernetesVersion::V1_35).is_none());
    }

    #[test]
    fn a_dropped_field_is_a_warning() {
        let spec = json!({"containers": [{"name": "a", "image": "x", "lifecycle": {"stopSignal": "SIGUSR1"}}]});
        let warnings = validate_pod(&pod(spec), KubernetesVersion::V1_35).expect("valid");
        assert!(
            warnings
                .iter()
                .any(|w| w.field == "spec.containers[0].lifecycle.stopSignal"
                    && w.message.contains("ContainerStopSignals")),
            "{warnings:?}"
        );
    }
}
