//! What Flyte adds to a task's pod for its accelerator, shared memory and secrets, added to the
//! Pod of a run the same way (see docs/pods.md):
//!
//! - the accelerator: a required node affinity and a toleration on the device label (and on the
//!   partition label for a partition; for whole devices, a requirement that nodes have no
//!   partition label), when a container of the pod asks for the GPU resource, as flytepropeller's
//!   Kubernetes plugin adds them;
//! - shared memory: a memory-backed `emptyDir` named `flyte-shared-memory`, mounted at
//!   `/dev/shm` in the primary container;
//! - secrets, as Flyte's secret injection with Kubernetes secrets does: an `env` secret as the
//!   variable `_FSEC_<GROUP>_<KEY>` (and its `env_var`) from a `secretKeyRef`; a `file` or `any`
//!   secret as a read-only secret volume mounted at `/etc/flyte/secrets/<group>`, holding the
//!   file `<key>`. Unlike Flyte's injection, which gives them to every container, only the
//!   primary container gets them.

use serde_json::{Map, Value, json};

use super::ManifestError;
use crate::extended::{
    Accelerator, Partition, SHARED_MEMORY_MOUNT_NAME, SHARED_MEMORY_MOUNT_PATH, Secret,
    SecretMount, SharedMemory,
};
use crate::rules::secret as names;

/// The node label Flyte selects an accelerator's device by (flytepropeller's
/// `gpu-device-node-label`).
pub const DEFAULT_GPU_DEVICE_LABEL: &str = "k8s.amazonaws.com/accelerator";

/// The node label Flyte selects a device's partition by (flytepropeller's
/// `gpu-partition-size-node-label`).
pub const DEFAULT_GPU_PARTITION_SIZE_LABEL: &str = "k8s.amazonaws.com/gpu-partition-size";

/// The list at `key` of `map`, made one if it is missing or holds something else.
fn list<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Vec<Value> {
    let slot = map.entry(key).or_insert_with(|| Value::Array(Vec::new()));
    if !slot.is_array() {
        *slot = Value::Array(Vec::new());
    }
    match slot {
        Value::Array(items) => items,
        _ => unreachable!("just made a list"),
    }
}

/// The object at `key` of `map`, made one if it is missing or holds something else.
fn object<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    let slot = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
    }
}

fn primary<'a>(spec: &'a mut Map<String, Value>, name: &str) -> Option<&'a mut Map<String, Value>> {
    list(spec, "containers")
        .iter_mut()
        .filter_map(Value::as_object_mut)
        .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
}

/// Adds the node affinity and tolerations that send the pod to nodes with the accelerator,
/// when one of its containers has a limit of `gpu_resource` (Flyte adds nothing otherwise).
pub(crate) fn accelerator(
    spec: &mut Map<String, Value>,
    a: &Accelerator,
    gpu_resource: &str,
    device_label: &str,
    partition_label: &str,
) {
    let asks = list(spec, "containers").iter().any(|c| {
        c.get("resources")
            .and_then(|r| r.get("limits"))
            .and_then(|l| l.get(gpu_resource))
            .is_some()
    });
    if !asks {
        return;
    }
    let mut requirements = vec![json!({
        "key": device_label, "operator": "In", "values": [a.device.as_ref()]
    })];
    let mut tolerations = vec![json!({
        "key": device_label, "operator": "Equal", "value": a.device.as_ref(), "effect": "NoSchedule"
    })];
    match &a.partition {
        Partition::Unspecified => {}
        Partition::Size(p) => {
            requirements.push(json!({
                "key": partition_label, "operator": "In", "values": [p.as_ref()]
            }));
            tolerations.push(json!({
                "key": partition_label, "operator": "Equal", "value": p.as_ref(),
                "effect": "NoSchedule"
            }));
        }
        Partition::Unpartitioned => {
            requirements.push(json!({"key": partition_label, "operator": "DoesNotExist"}));
        }
    }
    let required = object(
        object(object(spec, "affinity"), "nodeAffinity"),
        "requiredDuringSchedulingIgnoredDuringExecution",
    );
    let terms = list(required, "nodeSelectorTerms");
    if terms.is_empty() {
        terms.push(json!({ "matchExpressions": requirements }));
    } else {
        // Terms are alternatives: the requirements go into each.
        for term in terms.iter_mut() {
            if !term.is_object() {
                *term = Value::Object(Map::new());
            }
            if let Value::Object(t) = term {
                list(t, "matchExpressions").extend(requirements.iter().cloned());
            }
        }
    }
    list(spec, "tolerations").extend(tolerations);
}

/// Adds the shared memory volume and mounts it in the primary container.
pub(crate) fn shared_memory(spec: &mut Map<String, Value>, m: &SharedMemory, primary_name: &str) {
    let mut empty_dir = Map::new();
    empty_dir.insert("medium".to_owned(), Value::String("Memory".to_owned()));
    if let Some(size) = &m.size_limit {
        empty_dir.insert("sizeLimit".to_owned(), Value::String(size.to_string()));
    }
    list(spec, "volumes").push(json!({
        "name": SHARED_MEMORY_MOUNT_NAME,
        "emptyDir": Value::Object(empty_dir),
    }));
    if let Some(c) = primary(spec, primary_name) {
        list(c, "volumeMounts").push(json!({
            "name": SHARED_MEMORY_MOUNT_NAME,
            "mountPath": SHARED_MEMORY_MOUNT_PATH,
        }));
    }
}

/// Adds the secrets to the primary container: environment variables from `secretKeyRef`s,
/// secret volumes and their mounts, and the variables that tell the task where they are.
pub(crate) fn secrets(
    spec: &mut Map<String, Value>,
    secrets: &[Secret],
    primary_name: &str,
    task: &str,
) -> Result<(), ManifestError> {
    if secrets.is_empty() {
        return Ok(());
    }
    let mut env: Vec<Value> = Vec::new();
    let mut mounts: Vec<Value> = Vec::new();
    let mut files = false;
    let mut vars = false;
    for s in secrets {
        let group = s.group.as_ref();
        match s.mount {
            SecretMount::Env => {
                let Some(key) = s.key() else {
                    return Err(ManifestError::Secret {
                        task: task.to_owned(),
                        message: format!(
                            "secret {s} has no key: a Pod can put one key of a Secret in an \
                             environment variable; give the key, or mount it as a file"
                        ),
                    });
                };
                let from = json!({
                    "secretKeyRef": {"name": group, "key": key, "optional": true}
                });
                env.push(json!({"name": s.flyte_env_var(), "valueFrom": from.clone()}));
                if let Some(var) = &s.env_var {
                    env.push(json!({"name": var.as_ref(), "valueFrom": from}));
                }
                vars = true;
            }
            SecretMount::File | SecretMount::Any => {
                let volume = secret_volume(spec, s);
                if !mounts
                    .iter()
                    .any(|m| m.get("name").and_then(Value::as_str) == Some(&volume))
                {
                    mounts.push(json!({
                        "name": volume,
                        "mountPath": names::group_dir(group),
                        "readOnly": true,
                    }));
                }
                if let Some(var) = &s.env_var {
                    env.push(json!({"name": var.as_ref(), "value": s.flyte_file()}));
                }
                files = true;
            }
        }
    }
    if vars {
        env.push(json!({"name": names::ENV_PREFIX_VAR, "value": names::ENV_PREFIX}));
    }
    if files {
        env.push(json!({"name": names::DIR_VAR, "value": names::SECRETS_DIR}));
        env.push(json!({"name": names::FILE_PREFIX_VAR, "value": ""}));
    }
    let Some(c) = primary(spec, primary_name) else {
        return Ok(());
    };
    let theirs = std::mem::take(list(c, "env"));
    let ours: Vec<&str> = env
        .iter()
        .filter_map(|e| e.get("name").and_then(Value::as_str))
        .collect();
    let kept: Vec<Value> = theirs
        .into_iter()
        .filter(|e| {
            e.get("name")
                .and_then(Value::as_str)
                .is_none_or(|n| !ours.contains(&n))
        })
        .collect();
    let all = list(c, "env");
    all.extend(env);
    all.extend(kept);
    list(c, "volumeMounts").extend(mounts);
    Ok(())
}

/// The name of the secret volume holding `s`'s file: the volume already made for its group, or
/// a new one, named as Flyte names it.
fn secret_volume(spec: &mut Map<String, Value>, s: &Secret) -> String {
    let group = s.group.as_ref();
    let volumes = list(spec, "volumes");
    let existing = volumes.iter_mut().find(|v| {
        v.get("secret")
            .and_then(|x| x.get("secretName"))
            .and_then(Value::as_str)
            == Some(group)
    });
    if let Some(v) = existing {
        let name = v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if let (Some(key), Some(Value::Object(secret))) = (s.key(), v.get_mut("secret"))
            && secret.contains_key("items")
        {
            let items = list(secret, "items");
            if !items
                .iter()
                .any(|i| i.get("key").and_then(Value::as_str) == Some(key))
            {
                items.push(json!({"key": key, "path": key.to_ascii_lowercase()}));
            }
        }
        return name;
    }
    let name = names::volume_name(group, s.group_version.as_deref());
    let mut secret = Map::new();
    secret.insert("secretName".to_owned(), Value::String(group.to_owned()));
    if let Some(key) = s.key() {
        secret.insert(
            "items".to_owned(),
            json!([{"key": key, "path": key.to_ascii_lowercase()}]),
        );
    }
    secret.insert("optional".to_owned(), Value::Bool(true));
    volumes.push(json!({"name": name, "secret": Value::Object(secret)}));
    name
}
