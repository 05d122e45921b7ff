//! The merge rule: how the task's container goes into the pod spec's primary container.

use std::borrow::Cow;
use std::collections::BTreeMap;

use podtask_podspec::PodSpec;
use podtask_podspec::k8s_openapi::api::core::v1::{Container, EnvVar, ResourceRequirements};
use podtask_podspec::k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use crate::model::{KeyValuePair, ResourceEntry, Resources};

/// What the task gives its primary container: the parts of its container that [`merge`] puts
/// into the pod.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct PrimaryContainer<'a> {
    /// The task's image (its own, else the one given when serializing), if any.
    pub image: Option<&'a str>,
    /// The command: the task binary for a Rust function task, the command as written for a
    /// command task.
    pub command: &'a [Cow<'static, str>],
    /// The arguments.
    pub args: &'a [Cow<'static, str>],
    /// Requests and limits.
    pub resources: &'a Resources,
    /// Environment variables, in the order written.
    pub env: &'a [KeyValuePair],
}

impl<'a> PrimaryContainer<'a> {
    /// The task's parts.
    pub fn new(
        image: Option<&'a str>,
        command: &'a [Cow<'static, str>],
        args: &'a [Cow<'static, str>],
        resources: &'a Resources,
        env: &'a [KeyValuePair],
    ) -> Self {
        PrimaryContainer {
            image,
            command,
            args,
            resources,
            env,
        }
    }
}

/// Puts the task's container into `spec`'s primary container (the container named
/// `primary_name`), by the one rule docs/pods.md states, which is flytekit's
/// (`_serialize_pod_spec`):
///
/// - **the container**: the spec's container named `primary_name`; when the spec has none, a
///   container of that name is added after the spec's containers.
/// - **image**: the spec's, when its primary container names one; else the task's.
/// - **command, args**: the task's, always (an empty one leaves the field out, which Kubernetes
///   reads as the image's entrypoint, as flytekit's `[]`).
/// - **resources**: when the task gives any request or limit, its requests and limits replace
///   the spec's (both: a spec's limit is dropped even when the task gives only requests); else
///   the spec's stay. `claims` stay the spec's. Flyte's names become Kubernetes' (`cpu`,
///   `memory`, `ephemeral-storage`, `storage`), and its GPU becomes `gpu_resource`.
/// - **env**: the task's variables, then the spec's. A name set in both keeps the spec's value
///   alone, which is the value Kubernetes uses for flytekit's list, where the later entry wins.
/// - **everything else** (volume mounts, ports, probes, security context, working directory, the
///   other containers, init containers, volumes, scheduling): the spec's, as written.
///
/// ```
/// use podtask::k8s_openapi::api::core::v1::{Container, PodSpec};
/// use podtask::pod::{merge, PrimaryContainer};
/// use podtask::{KeyValuePair, Resources};
/// use std::borrow::Cow;
///
/// let mut spec = PodSpec {
///     containers: vec![Container { name: "sidecar".into(), image: Some("busybox".into()), ..Default::default() }],
///     ..Default::default()
/// };
/// let command = [Cow::Borrowed("/usr/local/bin/tasks")];
/// let env = [KeyValuePair::new("MODE", "fast")];
/// merge(&mut spec, "main", &PrimaryContainer::new(Some("ghcr.io/acme/tasks:1"), &command, &[], &Resources::EMPTY, &env), "gpu");
/// assert_eq!(spec.containers[1].name, "main");
/// assert_eq!(spec.containers[1].image.as_deref(), Some("ghcr.io/acme/tasks:1"));
/// assert_eq!(spec.containers[1].env.as_ref().unwrap()[0].name, "MODE");
/// ```
pub fn merge(
    spec: &mut PodSpec,
    primary_name: &str,
    task: &PrimaryContainer<'_>,
    gpu_resource: &str,
) {
    let index = match spec.containers.iter().position(|c| c.name == primary_name) {
        Some(i) => i,
        None => {
            spec.containers.push(Container {
                name: primary_name.to_owned(),
                ..Container::default()
            });
            spec.containers.len() - 1
        }
    };
    let c = &mut spec.containers[index];
    if c.image.as_deref().is_none_or(str::is_empty) {
        c.image = task.image.map(str::to_owned);
    }
    c.command = strings(task.command);
    c.args = strings(task.args);
    if !task.resources.is_empty() {
        let r = c
            .resources
            .get_or_insert_with(ResourceRequirements::default);
        r.requests = quantities(&task.resources.requests, gpu_resource);
        r.limits = quantities(&task.resources.limits, gpu_resource);
    }
    if !task.env.is_empty() {
        let theirs = c.env.take().unwrap_or_default();
        let mut env: Vec<EnvVar> = task
            .env
            .iter()
            .filter(|kv| !theirs.iter().any(|e| e.name == *kv.key))
            .map(|kv| EnvVar {
                name: kv.key.to_string(),
                value: Some(kv.value.to_string()),
                ..EnvVar::default()
            })
            .collect();
        env.extend(theirs);
        c.env = Some(env);
    }
}

fn strings(items: &[Cow<'static, str>]) -> Option<Vec<String>> {
    (!items.is_empty()).then(|| items.iter().map(|s| s.to_string()).collect())
}

fn quantities(entries: &[ResourceEntry], gpu_resource: &str) -> Option<BTreeMap<String, Quantity>> {
    (!entries.is_empty()).then(|| {
        entries
            .iter()
            .map(|e| {
                (
                    e.name.to_k8s(gpu_resource).as_str().into_owned(),
                    Quantity(e.value.to_string()),
                )
            })
            .collect()
    })
}
