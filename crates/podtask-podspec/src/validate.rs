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
pub fn validate_pod(
    pod: &Value,
    version: KubernetesVersion,
) -> Result<Vec<FieldWarning>, Vec<FieldError>> {
    if let Err(read) = crate::read::read_pod_as_server(pod, version) {
        return Err(read.iter().map(|e| field_error("", e)).collect());
    }
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for e in crate::metadata::validate_object_meta(pod, version) {
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

/// The path of `metadata` in a Pod, for rules on the object's metadata.
pub(crate) fn metadata_path() -> JsonPath {
    JsonPath::root().key("metadata")
}
