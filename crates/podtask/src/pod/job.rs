//! A Kubernetes Job that carries a whole task: its Pod, its retries, its timeout, and what its
//! failures mean.

use podtask_rules::{Subject, names};
use serde_json::{Map, Value, json};

use super::manifest::{ManifestError, PodSettings, check_setting, pod_object};
use crate::cli::{EXIT_TASK_FAILED, EXIT_USAGE};
use crate::registry::{Task, TaskKind};

/// The node labels of spot and preemptible nodes of the common clouds, each a `(key, value)`
/// an interruptible task's Pod prefers: GKE Spot and preemptible VMs, EKS managed node groups,
/// Karpenter, AKS spot node pools.
pub const DEFAULT_SPOT_LABELS: &[(&str, &str)] = &[
    ("cloud.google.com/gke-spot", "true"),
    ("cloud.google.com/gke-preemptible", "true"),
    ("eks.amazonaws.com/capacityType", "SPOT"),
    ("karpenter.sh/capacity-type", "spot"),
    ("kubernetes.azure.com/scalesetpriority", "spot"),
];

/// The taints of spot and preemptible nodes an interruptible task's Pod tolerates, each
/// `(key, value, effect)`: those GKE advises for Spot and preemptible node pools and the one
/// AKS puts on every spot node pool.
pub const DEFAULT_SPOT_TOLERATIONS: &[(&str, &str, &str)] = &[
    ("cloud.google.com/gke-spot", "true", "NoSchedule"),
    ("cloud.google.com/gke-preemptible", "true", "NoSchedule"),
    (
        "kubernetes.azure.com/scalesetpriority",
        "spot",
        "NoSchedule",
    ),
];

/// What the Job of a task needs beyond its Pod.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct JobSettings {
    /// The Pod, as for [`manifest`](super::manifest()); its name is the Job's.
    pub pod: PodSettings,
    /// `ttlSecondsAfterFinished`: how long the finished Job stays before Kubernetes deletes it
    /// (`None`: it stays).
    pub ttl_seconds_after_finished: Option<u32>,
    /// For an interruptible task, the node labels of spot nodes the Pod prefers, each
    /// `(key, value)` ([`DEFAULT_SPOT_LABELS`] by default).
    pub spot_labels: Vec<(String, String)>,
    /// For an interruptible task, the taints of spot nodes it tolerates, each
    /// `(key, value, effect)` ([`DEFAULT_SPOT_TOLERATIONS`] by default).
    pub spot_tolerations: Vec<(String, String, String)>,
}

impl Default for JobSettings {
    fn default() -> Self {
        JobSettings {
            pod: PodSettings::default(),
            ttl_seconds_after_finished: None,
            spot_labels: DEFAULT_SPOT_LABELS
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            spot_tolerations: DEFAULT_SPOT_TOLERATIONS
                .iter()
                .map(|(k, v, e)| ((*k).to_owned(), (*v).to_owned(), (*e).to_owned()))
                .collect(),
        }
    }
}

/// The taint effects a toleration may name.
const EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/// The `batch/v1` Job of one run of `task`: the Pod of [`manifest`](super::manifest()) as its template, and
///
/// - `backoffLimit`: the task's `retries` (0 when it has none, not Kubernetes' default of 6);
/// - the task's `timeout`, per attempt, as the Pod's `activeDeadlineSeconds` (the Pod has it
///   already);
/// - a `podFailurePolicy` that fails the Job at once when the task's own code failed (exit
///   status [`EXIT_TASK_FAILED`] or [`EXIT_USAGE`] of the primary container, for a Rust
///   function task: another attempt would fail the same way), does not count a Pod disrupted
///   by the cluster (preemption, eviction, a drained node: the `DisruptionTarget` condition),
///   and counts every other failure (a system error, an OOMKill) against `backoffLimit`;
/// - `ttlSecondsAfterFinished` from the settings;
/// - for an interruptible task, tolerations of spot nodes' taints and a preference for spot
///   nodes' labels (preferred, not required: the Pod still runs on a cluster without them).
pub fn job_manifest(task: &Task, settings: &JobSettings) -> Result<Value, ManifestError> {
    if let Some(name) = &settings.pod.name {
        // The Job controller labels its Pods with the Job's name: a label value.
        check_setting("name", name, Subject::Dns1123Label, names::dns1123_label)?;
    }
    let mut pod = pod_object(task, &settings.pod)?;
    for (key, value) in &settings.spot_labels {
        check_setting(
            "spot-label",
            key,
            Subject::QualifiedName,
            names::qualified_name,
        )?;
        check_setting("spot-label", value, Subject::LabelValue, names::label_value)?;
    }
    for (key, value, effect) in &settings.spot_tolerations {
        check_setting(
            "spot-toleration",
            key,
            Subject::QualifiedName,
            names::qualified_name,
        )?;
        check_setting(
            "spot-toleration",
            value,
            Subject::LabelValue,
            names::label_value,
        )?;
        if !EFFECTS.contains(&effect.as_str()) {
            return Err(ManifestError::InvalidSetting {
                setting: "spot-toleration",
                message: format!(
                    "effect {effect:?} is not a taint effect; expected one of {}",
                    EFFECTS.join(", ")
                ),
            });
        }
    }
    let metadata = pod.remove("metadata").unwrap_or(Value::Null);
    let mut spec = match pod.remove("spec") {
        Some(Value::Object(spec)) => spec,
        _ => Map::new(),
    };
    if task.metadata().interruptible {
        interruptible(&mut spec, settings);
    }
    let primary = task
        .pod()
        .map_or(crate::pod::DEFAULT_PRIMARY_CONTAINER_NAME, |p| {
            p.primary_container_name()
        });

    let mut job_meta = Map::new();
    let mut template_meta = Map::new();
    if let Value::Object(m) = metadata {
        for (k, v) in m {
            match k.as_str() {
                "name" | "namespace" => {
                    job_meta.insert(k, v);
                }
                _ => {
                    template_meta.insert(k, v);
                }
            }
        }
    }
    let mut rules = Vec::new();
    if task.kind() == TaskKind::Function {
        rules.push(json!({
            "action": "FailJob",
            "onExitCodes": {
                "containerName": primary,
                "operator": "In",
                "values": [EXIT_TASK_FAILED, EXIT_USAGE],
            },
        }));
    }
    // `status` may be left out from 1.34 (it defaults to "True"); 1.33 requires it.
    rules.push(json!({
        "action": "Ignore",
        "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}],
    }));
    let mut job_spec = Map::new();
    // `backoffLimit` is an int32.
    let retries = task.metadata().retries.min(i32::MAX.unsigned_abs());
    job_spec.insert("backoffLimit".to_owned(), json!(retries));
    job_spec.insert("podFailurePolicy".to_owned(), json!({ "rules": rules }));
    if let Some(ttl) = settings.ttl_seconds_after_finished {
        job_spec.insert("ttlSecondsAfterFinished".to_owned(), json!(ttl));
    }
    let mut template = Map::new();
    if !template_meta.is_empty() {
        template.insert("metadata".to_owned(), Value::Object(template_meta));
    }
    template.insert("spec".to_owned(), Value::Object(spec));
    job_spec.insert("template".to_owned(), Value::Object(template));
    Ok(json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": job_meta,
        "spec": job_spec,
    }))
}

/// Adds the tolerations and the node preference of spot nodes to `spec`, after what the pod
/// spec has (a `null` list or object counts as none); an entry the spec has already is not
/// added again.
fn interruptible(spec: &mut Map<String, Value>, settings: &JobSettings) {
    if !settings.spot_tolerations.is_empty()
        && let Some(list) = array_at(spec, "tolerations")
    {
        for (key, value, effect) in &settings.spot_tolerations {
            let toleration = json!({
                "key": key,
                "operator": "Equal",
                "value": value,
                "effect": effect,
            });
            if !list.contains(&toleration) {
                list.push(toleration);
            }
        }
    }
    if settings.spot_labels.is_empty() {
        return;
    }
    let Some(preferred) = object_at(spec, "affinity")
        .and_then(|a| object_at(a, "nodeAffinity"))
        .and_then(|n| array_at(n, "preferredDuringSchedulingIgnoredDuringExecution"))
    else {
        return;
    };
    for (key, value) in &settings.spot_labels {
        let term = json!({
            "weight": 100,
            "preference": {
                "matchExpressions": [{"key": key, "operator": "In", "values": [value]}],
            },
        });
        if !preferred.contains(&term) {
            preferred.push(term);
        }
    }
}

/// The object under `key`, made one when it is missing or `null`.
fn object_at<'a>(map: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Map<String, Value>> {
    let slot = map.entry(key).or_insert(Value::Null);
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut()
}

/// The array under `key`, made one when it is missing or `null`.
fn array_at<'a>(map: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Vec<Value>> {
    let slot = map.entry(key).or_insert(Value::Null);
    if slot.is_null() {
        *slot = Value::Array(Vec::new());
    }
    slot.as_array_mut()
}
