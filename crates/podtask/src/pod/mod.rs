//! Kubernetes pods for tasks, as JSON: how the task's container goes into the pod spec
//! ([`merge`]), and the Pod manifest of one run of a task ([`PodSettings`], [`manifest`]),
//! printed as YAML or JSON ([`write_pod`]).
//!
//! A pod is written on the function with `#[task(pod(...))]`, or as a `const` with
//! `podtask::pod!` (the types are in [`crate::model`] and re-exported here). Specs are
//! `serde_json` objects, read strictly and checked by `podtask_podspec` for the Kubernetes
//! version podtask is built for ([`KUBERNETES_VERSION`]); building a spec with k8s-openapi's
//! typed API is the `k8s-openapi` feature. See docs/pods.md.

mod inject;
mod job;
mod manifest;
mod merge;
mod yaml;

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::registry::Task;
use crate::settings::TemplateError;

pub use crate::model::{
    BuildPodSpec, DEFAULT_PRIMARY_CONTAINER_NAME, IntoPodSpec, K8sObjectMetadata, K8sPod, PodError,
    PodSpecSource, SpecFunction,
};
pub use inject::{DEFAULT_GPU_DEVICE_LABEL, DEFAULT_GPU_PARTITION_SIZE_LABEL};
pub use job::{DEFAULT_SPOT_LABELS, DEFAULT_SPOT_TOLERATIONS, JobSettings, job_manifest};
pub use manifest::{ManifestError, OutputFormat, PodSettings, manifest, pod_name, write_pod};
pub use merge::{PrimaryContainer, merge};
pub use podtask_podspec::{FieldError, FieldWarning, KubernetesVersion};
pub use yaml::to_yaml;

/// The Kubernetes version whose rules pod specs are read and checked against: chosen with the
/// features `k8s-v1_33` to `k8s-v1_37` (the newest one enabled wins), 1.33 when none is.
pub const KUBERNETES_VERSION: KubernetesVersion = if cfg!(feature = "k8s-v1_37") {
    KubernetesVersion::V1_37
} else if cfg!(feature = "k8s-v1_36") {
    KubernetesVersion::V1_36
} else if cfg!(feature = "k8s-v1_35") {
    KubernetesVersion::V1_35
} else if cfg!(feature = "k8s-v1_34") {
    KubernetesVersion::V1_34
} else {
    KubernetesVersion::V1_33
};

/// Judges a whole Pod manifest (`apiVersion`, `kind`, `metadata`, `spec`) as the Kubernetes API
/// server of version `kubernetes` (`"1.33"` to `"1.37"`, whatever version podtask is built for)
/// judges it on create with strict field validation: decoding (unknown fields, wrong JSON
/// types, quantities that do not parse), then validation, with every error at the field the
/// server names (`spec.containers[0].resources.requests`, `metadata.labels`).
///
/// `Ok` holds warnings: what the server accepts but a careful user would not want (a privileged
/// container, host namespaces, a secret in plain text, a field the server drops), or what a node
/// will refuse later (an image reference the container runtime cannot parse). An unknown version
/// is one error with an empty `field`, naming the supported versions. Rules that depend on
/// objects in the cluster (priority classes, runtime classes, quotas) are not applied. The Pod
/// is judged as created in the namespace it names. docs/pod-rules.md lists the rules.
///
/// ```
/// let pod = serde_json::json!({
///     "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "train"},
///     "spec": {"containers": [{"name": "main", "image": "busybox:1.36", "imagePullPolicy": "Sometimes"}]}
/// });
/// let errors = podtask::pod::validate_pod(&pod, "1.35").unwrap_err();
/// assert_eq!(errors[0].field, "spec.containers[0].imagePullPolicy");
/// let e = podtask::pod::validate_pod(&pod, "1.29").unwrap_err();
/// assert_eq!((e[0].field.as_str(), e.len()), ("", 1));
/// ```
pub fn validate_pod(
    pod: &serde_json::Value,
    kubernetes: &str,
) -> Result<Vec<FieldWarning>, Vec<FieldError>> {
    validate_pod_in(pod, kubernetes, None)
}

/// [`validate_pod`] for a create request to `namespace` (`POST
/// /api/v1/namespaces/{namespace}/pods`): a Pod that names another namespace is refused at
/// `metadata.namespace`, as the server refuses it. `None` is the namespace the Pod names, as
/// `kubectl create` sends it.
pub fn validate_pod_in(
    pod: &serde_json::Value,
    kubernetes: &str,
    namespace: Option<&str>,
) -> Result<Vec<FieldWarning>, Vec<FieldError>> {
    let version = KubernetesVersion::parse(kubernetes)
        .map_err(|e| vec![FieldError::new("", e.to_string())])?;
    podtask_podspec::validate_pod_in(pod, version, namespace)
}

/// The Kubernetes name the template's pod spec gives Flyte's GPU: `gpu`, as flytekit writes it;
/// Flyte renames it to the cluster's GPU resource (`nvidia.com/gpu` by default) when it makes
/// the pod.
pub const FLYTE_GPU_KEY: &str = "gpu";

/// The default pod of a task without one: the primary container alone, named
/// [`DEFAULT_PRIMARY_CONTAINER_NAME`].
pub(crate) static PLAIN_POD: K8sPod = K8sPod::from_parts(
    DEFAULT_PRIMARY_CONTAINER_NAME,
    &[],
    &[],
    PodSpecSource::None,
    true,
);

/// The pod spec of `task` (its own pod, or [`PLAIN_POD`]) with the task's container merged into
/// the primary container; the primary container must end up with an image.
pub(crate) fn merged_spec(
    task: &Task,
    pod: &K8sPod,
    image: Option<&str>,
    command: &[Cow<'static, str>],
    args: &[Cow<'static, str>],
    gpu_resource: &str,
) -> Result<Map<String, Value>, TemplateError> {
    let mut spec = pod.pod_spec().map_err(|error| TemplateError::InvalidPod {
        task: task.name().to_owned(),
        error,
    })?;
    let primary = PrimaryContainer::new(
        image,
        command,
        args,
        task.resources(),
        &task.container().env,
    );
    merge(
        &mut spec,
        pod.primary_container_name(),
        &primary,
        gpu_resource,
    );
    let has_image = primary_container(&spec, pod.primary_container_name())
        .and_then(|c| c.get("image"))
        .and_then(Value::as_str)
        .is_some_and(|i| !i.is_empty());
    if !has_image {
        return Err(TemplateError::NoImage {
            task: task.name().to_owned(),
        });
    }
    Ok(spec)
}

/// The container named `name` in `spec`.
pub(crate) fn primary_container<'a>(
    spec: &'a Map<String, Value>,
    name: &str,
) -> Option<&'a Map<String, Value>> {
    spec.get("containers")?
        .as_array()?
        .iter()
        .filter_map(Value::as_object)
        .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
}
