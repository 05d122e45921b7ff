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
    job_spec.insert("backoffLimit".to_owned(), json!(task.metadata().retries));
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

/// Adds the tolerations and the node preference of spot nodes to `spec`.
fn interruptible(spec: &mut Map<String, Value>, settings: &JobSettings) {
    if !settings.spot_tolerations.is_empty() {
        let list = spec
            .entry("tolerations")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            for (key, value, effect) in &settings.spot_tolerations {
                list.push(json!({
                    "key": key,
                    "operator": "Equal",
                    "value": value,
                    "effect": effect,
                }));
            }
        }
    }
    if settings.spot_labels.is_empty() {
        return;
    }
    let affinity = spec
        .entry("affinity")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(affinity) = affinity else {
        return;
    };
    let node = affinity
        .entry("nodeAffinity")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(node) = node else { return };
    let preferred = node
        .entry("preferredDuringSchedulingIgnoredDuringExecution")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(preferred) = preferred {
        for (key, value) in &settings.spot_labels {
            preferred.push(json!({
                "weight": 100,
                "preference": {
                    "matchExpressions": [{"key": key, "operator": "In", "values": [value]}],
                },
            }));
        }
    }
}
