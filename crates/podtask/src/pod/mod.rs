//! Kubernetes pods for tasks: flytekit's `PodTemplate` (`K8sPod`, `K8sObjectMetadata`,
//! `primary_container_name`), how the task's container goes into the pod ([`merge`]), and the
//! Pod manifest of one run of a task ([`PodSettings`], `Task::pod_manifest`).
//!
//! A pod is written on the function with `#[task(pod(...))]`, or as a `const` with
//! `podtask::pod!`:
//!
//! ```
//! use podtask::{K8sPod, KeyValuePair, PodSpecSource};
//! use std::borrow::Cow;
//!
//! const LABELS: &[KeyValuePair] = &[KeyValuePair::new_const("app", "etl")];
//! const POD: K8sPod = K8sPod::new_const(
//!     "main",
//!     LABELS,
//!     &[],
//!     PodSpecSource::Json(Cow::Borrowed(r#"{"nodeSelector":{"disk":"ssd"}}"#)),
//! );
//! let spec = POD.check().unwrap();
//! assert_eq!(spec.node_selector.unwrap()["disk"], "ssd");
//! ```
//!
//! See docs/pods.md for the merge rule and the outputs.

mod manifest;
mod merge;
mod proto;

use std::borrow::Cow;
use std::fmt;

use podtask_podspec::{MetaIssue, PodSpec, SpecError};
use podtask_rules::RuleError;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};

use crate::flyte;
use crate::model::KeyValuePair;
use crate::registry::Task;
use crate::template::TemplateError;

pub use manifest::{ManifestError, OutputFormat, PodSettings, pod_name, write_pod};
pub use merge::{PrimaryContainer, merge};

/// The primary container's name when none is given: flytekit's `PRIMARY_CONTAINER_DEFAULT_NAME`.
pub const DEFAULT_PRIMARY_CONTAINER_NAME: &str = "primary";

/// The pod's labels and annotations: flyteidl `core.K8sObjectMetadata`, in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct K8sObjectMetadata {
    /// Labels, each key once.
    pub labels: Cow<'static, [KeyValuePair]>,
    /// Annotations, each key once.
    pub annotations: Cow<'static, [KeyValuePair]>,
}

impl K8sObjectMetadata {
    /// No labels and no annotations.
    pub const EMPTY: K8sObjectMetadata = K8sObjectMetadata::new_const(&[], &[]);

    /// Metadata for a `const` item (the macros check it when they write it).
    pub const fn new_const(
        labels: &'static [KeyValuePair],
        annotations: &'static [KeyValuePair],
    ) -> Self {
        K8sObjectMetadata {
            labels: Cow::Borrowed(labels),
            annotations: Cow::Borrowed(annotations),
        }
    }

    /// Checked metadata: label keys and values, annotation keys and the annotations' total size
    /// as Kubernetes checks them, each key once.
    ///
    /// ```
    /// use podtask::{K8sObjectMetadata, KeyValuePair};
    /// let ok = K8sObjectMetadata::new(vec![KeyValuePair::new("app", "etl")], vec![]);
    /// assert!(ok.is_ok());
    /// let e = K8sObjectMetadata::new(vec![KeyValuePair::new("app", "-etl")], vec![]).unwrap_err();
    /// assert!(e.to_string().starts_with(r#"labels[0]: invalid label value "-etl""#), "{e}");
    /// ```
    pub fn new(
        labels: Vec<KeyValuePair>,
        annotations: Vec<KeyValuePair>,
    ) -> Result<Self, PodError> {
        let m = K8sObjectMetadata {
            labels: Cow::Owned(labels),
            annotations: Cow::Owned(annotations),
        };
        m.check()?;
        Ok(m)
    }

    /// True when there are neither labels nor annotations.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.annotations.is_empty()
    }

    /// Checks the rules of [`K8sObjectMetadata::new`].
    pub fn check(&self) -> Result<(), PodError> {
        fn pairs(kvs: &[KeyValuePair]) -> Vec<(&str, &str)> {
            kvs.iter().map(|kv| (&*kv.key, &*kv.value)).collect()
        }
        let issues =
            podtask_podspec::check_metadata(&pairs(&self.labels), &pairs(&self.annotations));
        if issues.is_empty() {
            Ok(())
        } else {
            Err(PodError::Metadata(issues))
        }
    }
}

/// Pairs written as a map, in their order.
struct AsMap<'a>(&'a [KeyValuePair]);

impl Serialize for AsMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for kv in self.0 {
            m.serialize_entry(&*kv.key, &*kv.value)?;
        }
        m.end()
    }
}

impl Serialize for K8sObjectMetadata {
    /// `{"labels": {key: value, ...}, "annotations": {...}}`, as Kubernetes writes them; an
    /// empty map is left out.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("K8sObjectMetadata", 2)?;
        if self.labels.is_empty() {
            st.skip_field("labels")?;
        } else {
            st.serialize_field("labels", &AsMap(&self.labels))?;
        }
        if self.annotations.is_empty() {
            st.skip_field("annotations")?;
        } else {
            st.serialize_field("annotations", &AsMap(&self.annotations))?;
        }
        st.end()
    }
}

/// Where a task's pod spec comes from.
#[derive(Clone)]
#[non_exhaustive]
pub enum PodSpecSource {
    /// No spec: the pod holds the primary container alone.
    None,
    /// A spec as compact JSON text, read and checked when it was written (by the macro, at
    /// compile time).
    Json(Cow<'static, str>),
    /// A spec built by code when the program runs; the registry calls it and checks what it
    /// gives when it loads, naming the task.
    Function(fn() -> PodSpec),
}

impl fmt::Debug for PodSpecSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PodSpecSource::None => f.write_str("None"),
            PodSpecSource::Json(text) => f.debug_tuple("Json").field(text).finish(),
            PodSpecSource::Function(_) => f.write_str("Function(..)"),
        }
    }
}

/// A task's pod: flytekit's `PodTemplate` (flyteidl `core.K8sPod`): labels and annotations, a
/// Kubernetes pod spec, and the name of the container that runs the task.
///
/// The task's image, command, arguments, resources and environment go into the primary
/// container by [`merge`]'s rule; the other containers, volumes and scheduling settings are the
/// spec's.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct K8sPod {
    /// Labels and annotations of the pod.
    pub metadata: K8sObjectMetadata,
    /// The pod spec.
    pub pod_spec: PodSpecSource,
    /// The container that runs the task ([`DEFAULT_PRIMARY_CONTAINER_NAME`] unless given).
    pub primary_container_name: Cow<'static, str>,
}

impl K8sPod {
    /// A pod for a `const` item: what `#[task(pod(...))]` and `pod!` write.
    pub const fn new_const(
        primary_container_name: &'static str,
        labels: &'static [KeyValuePair],
        annotations: &'static [KeyValuePair],
        pod_spec: PodSpecSource,
    ) -> Self {
        K8sPod {
            metadata: K8sObjectMetadata::new_const(labels, annotations),
            pod_spec,
            primary_container_name: Cow::Borrowed(primary_container_name),
        }
    }

    /// A checked pod from a spec built at run time (see [`K8sPod::check`]); the spec is kept
    /// as JSON.
    ///
    /// ```
    /// use podtask::k8s_openapi::api::core::v1::{Container, PodSpec};
    /// use podtask::{K8sObjectMetadata, K8sPod};
    /// let spec = PodSpec {
    ///     containers: vec![Container { name: "sidecar".into(), ..Default::default() }],
    ///     ..Default::default()
    /// };
    /// let e = K8sPod::from_spec("main", K8sObjectMetadata::EMPTY, &spec).unwrap_err();
    /// assert_eq!(
    ///     e.to_string(),
    ///     r#"containers[0].image: Required value: only the primary container ("main") gets the task's image; container "sidecar" needs its own"#
    /// );
    /// ```
    pub fn from_spec(
        primary_container_name: impl Into<Cow<'static, str>>,
        metadata: K8sObjectMetadata,
        spec: &PodSpec,
    ) -> Result<Self, PodError> {
        let json = serde_json::to_string(spec).map_err(|e| {
            PodError::Read(vec![SpecError::new(
                podtask_podspec::JsonPath::root(),
                format!("cannot write the spec as JSON: {e}"),
            )])
        })?;
        let pod = K8sPod {
            metadata,
            pod_spec: PodSpecSource::Json(Cow::Owned(json)),
            primary_container_name: primary_container_name.into(),
        };
        pod.check()?;
        Ok(pod)
    }

    /// The pod spec as written, before the task's container goes into it: empty for
    /// [`PodSpecSource::None`], read for [`PodSpecSource::Json`] (unknown fields and wrong types
    /// are errors at their paths), built for [`PodSpecSource::Function`]. Not checked: see
    /// [`K8sPod::check`].
    pub fn pod_spec(&self) -> Result<PodSpec, PodError> {
        match &self.pod_spec {
            PodSpecSource::None => Ok(PodSpec::default()),
            PodSpecSource::Json(text) => {
                let value =
                    podtask_podspec::from_json_text(text).map_err(|e| PodError::Read(vec![e]))?;
                podtask_podspec::from_value(&value).map_err(PodError::Read)
            }
            PodSpecSource::Function(f) => Ok(f()),
        }
    }

    /// The primary container's name.
    pub fn primary_container_name(&self) -> &str {
        &self.primary_container_name
    }

    /// The spec, read and checked as the Kubernetes API server checks a pod
    /// (`podtask_podspec::check`, with this pod's primary container), and the labels and
    /// annotations (`podtask_podspec::check_metadata`). Warnings are not errors.
    pub fn check(&self) -> Result<PodSpec, PodError> {
        self.metadata.check()?;
        let spec = self.pod_spec()?;
        let checked = podtask_podspec::check(&spec, Some(&self.primary_container_name));
        if let Some(e) = checked.primary_name {
            return Err(PodError::PrimaryName(Box::new(e)));
        }
        if !checked.errors.is_empty() {
            return Err(PodError::Spec(checked.errors));
        }
        Ok(spec)
    }
}

/// The default pod of a task without one: the primary container alone, named
/// [`DEFAULT_PRIMARY_CONTAINER_NAME`].
pub(crate) static PLAIN_POD: K8sPod = K8sPod::new_const(
    DEFAULT_PRIMARY_CONTAINER_NAME,
    &[],
    &[],
    PodSpecSource::None,
);

/// Why a task's pod cannot be used: every problem, each at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PodError {
    /// The spec cannot be read: JSON syntax, unknown fields, values of the wrong type, missing
    /// required fields.
    Read(Vec<SpecError>),
    /// Kubernetes would refuse the spec, or podtask cannot run it.
    Spec(Vec<SpecError>),
    /// The primary container's name is not a DNS-1123 label.
    PrimaryName(Box<RuleError>),
    /// A label or annotation breaks a rule.
    Metadata(Vec<MetaIssue>),
}

impl fmt::Display for PodError {
    /// Each problem at its path, joined by `; `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "{item}")?;
            }
            Ok(())
        }
        match self {
            PodError::Read(errors) | PodError::Spec(errors) => list(f, errors),
            PodError::PrimaryName(e) => write!(f, "primary container name: {e}"),
            PodError::Metadata(issues) => list(f, issues),
        }
    }
}

impl std::error::Error for PodError {}

/// The Kubernetes name the template's pod spec gives Flyte's GPU: `gpu`, as flytekit writes it;
/// Flyte renames it to the cluster's GPU resource (`nvidia.com/gpu` by default) when it makes
/// the pod.
pub const FLYTE_GPU_KEY: &str = "gpu";

/// The pod spec of `task` (its own pod, or [`PLAIN_POD`]) with the task's container merged into
/// the primary container; the primary container must end up with an image.
pub(crate) fn merged_spec(
    task: &Task,
    pod: &K8sPod,
    image: Option<&str>,
    command: &[Cow<'static, str>],
    args: &[Cow<'static, str>],
    gpu_resource: &str,
) -> Result<PodSpec, TemplateError> {
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
    let has_image = spec
        .containers
        .iter()
        .find(|c| c.name == pod.primary_container_name())
        .is_some_and(|c| c.image.as_deref().is_some_and(|i| !i.is_empty()));
    if !has_image {
        return Err(TemplateError::NoImage {
            task: task.name().to_owned(),
        });
    }
    Ok(spec)
}

/// The `k8sPod` target of a pod task's template: the merged spec as JSON, the labels and
/// annotations, the primary container's name and, for a command task, its data loading.
pub(crate) fn flyte_target(
    task: &Task,
    pod: &K8sPod,
    image: Option<&str>,
    command: &[Cow<'static, str>],
    args: &[Cow<'static, str>],
    data_config: Option<flyte::DataLoadingConfig>,
) -> Result<flyte::K8sPod, TemplateError> {
    let spec = merged_spec(task, pod, image, command, args, FLYTE_GPU_KEY)?;
    let pod_spec = match serde_json::to_value(&spec) {
        Ok(serde_json::Value::Object(map)) => map,
        // k8s-openapi writes a PodSpec as a JSON object, and a spec holds no map with keys that
        // are not strings; keep an error path all the same rather than a panic.
        other => {
            return Err(TemplateError::InvalidPod {
                task: task.name().to_owned(),
                error: PodError::Read(vec![SpecError::new(
                    podtask_podspec::JsonPath::root(),
                    format!("cannot write the merged spec as a JSON object: {other:?}"),
                )]),
            });
        }
    };
    let map = |kvs: &[KeyValuePair]| {
        kvs.iter()
            .map(|kv| (kv.key.to_string(), kv.value.to_string()))
            .collect()
    };
    let mut metadata = flyte::K8sObjectMetadata::default();
    metadata.labels = map(&pod.metadata.labels);
    metadata.annotations = map(&pod.metadata.annotations);
    Ok(flyte::K8sPod::new(
        metadata,
        pod_spec,
        data_config,
        pod.primary_container_name(),
    ))
}

impl Task {
    /// The task's pod, if it was given one (`#[task(pod(...))]`).
    pub fn pod(&self) -> Option<&'static K8sPod> {
        self.def().pod
    }

    /// Reads and checks a pod spec built by code ([`PodSpecSource::Function`]) and the pod's
    /// labels and annotations; a spec written as JSON was checked when it was written, and is
    /// only read here. The registry calls this for every task when it loads.
    pub(crate) fn check_pod(&self) -> Result<(), crate::RegistryError> {
        let Some(pod) = self.def().pod else {
            return Ok(());
        };
        let result = match pod.pod_spec {
            PodSpecSource::Function(_) => pod.check().map(drop),
            _ => pod.metadata.check().and_then(|()| pod.pod_spec().map(drop)),
        };
        result.map_err(|error| crate::RegistryError::InvalidPod {
            task: self.name().to_owned(),
            location: self.location(),
            error,
        })
    }
}
