//! What a pod spec must hold, or leave free, for a task's accelerator and shared memory: the
//! rules the `#[task]` macro applies to a spec it reads and the runtime to a spec built by code.

use podtask_rules::Quantity;
use serde_json::{Map, Value};

/// Where Flyte mounts a task's shared memory in its primary container (flytekit's
/// `SHARED_MEMORY_MOUNT_PATH`).
pub const SHARED_MEMORY_MOUNT_PATH: &str = "/dev/shm";

/// The name of the shared memory volume (flytekit's `SHARED_MEMORY_MOUNT_NAME`).
pub const SHARED_MEMORY_MOUNT_NAME: &str = "flyte-shared-memory";

/// The Kubernetes extended resources that are accelerators: what a container asks for to get a
/// GPU, a TPU or a similar device.
pub const ACCELERATOR_RESOURCES: &[&str] = &[
    "nvidia.com/gpu",
    "amd.com/gpu",
    "google.com/tpu",
    "aws.amazon.com/neuron",
    "aws.amazon.com/neuroncore",
    "habana.ai/gaudi",
    "gpu.intel.com/i915",
];

/// Whether a container resource is an accelerator: one of [`ACCELERATOR_RESOURCES`], any
/// `<vendor>/gpu`, or an NVIDIA MIG slice (`nvidia.com/mig-1g.5gb`).
pub fn is_accelerator_resource(name: &str) -> bool {
    ACCELERATOR_RESOURCES.contains(&name)
        || name.ends_with("/gpu")
        || name.starts_with("nvidia.com/mig-")
}

fn name_of(v: &Value) -> Option<&str> {
    v.get("name").and_then(Value::as_str)
}

fn list(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// Whether a container of `spec` requests or limits an accelerator resource to more than zero.
///
/// ```
/// use podtask_podspec::asks_for_accelerator;
/// let spec = serde_json::json!({"containers": [
///     {"name": "main", "resources": {"limits": {"nvidia.com/gpu": "1"}}}
/// ]});
/// assert!(asks_for_accelerator(spec.as_object().unwrap()));
/// ```
pub fn asks_for_accelerator(spec: &Map<String, Value>) -> bool {
    list(spec.get("containers"))
        .iter()
        .filter_map(|c| c.get("resources"))
        .flat_map(|r| ["requests", "limits"].map(|k| r.get(k)))
        .flatten()
        .filter_map(Value::as_object)
        .flatten()
        .any(|(name, v)| {
            is_accelerator_resource(name)
                && v.as_str()
                    .is_some_and(|q| Quantity::parse(q).is_ok_and(|q| q.signum() > 0))
        })
}

/// Why `spec` has no room for the shared memory volume, if it has none: a volume of its name,
/// or something mounted at its path or with its name in the container `primary` (Flyte refuses
/// such a task when it starts it).
///
/// ```
/// use podtask_podspec::shared_memory_conflict;
/// let spec = serde_json::json!({"containers": [
///     {"name": "main", "volumeMounts": [{"name": "shm", "mountPath": "/dev/shm"}]}
/// ]});
/// assert!(shared_memory_conflict(spec.as_object().unwrap(), "main").is_some());
/// assert!(shared_memory_conflict(spec.as_object().unwrap(), "other").is_none());
/// ```
pub fn shared_memory_conflict(spec: &Map<String, Value>, primary: &str) -> Option<String> {
    if list(spec.get("volumes"))
        .iter()
        .any(|v| name_of(v) == Some(SHARED_MEMORY_MOUNT_NAME))
    {
        return Some(format!(
            "the pod spec already has a volume named \"{SHARED_MEMORY_MOUNT_NAME}\", the name of \
             the shared memory volume: rename it"
        ));
    }
    let container = list(spec.get("containers"))
        .iter()
        .find(|c| name_of(c) == Some(primary));
    list(container.and_then(|c| c.get("volumeMounts")))
        .iter()
        .find_map(|m| {
            let path = m.get("mountPath").and_then(Value::as_str);
            (name_of(m) == Some(SHARED_MEMORY_MOUNT_NAME) || path == Some(SHARED_MEMORY_MOUNT_PATH))
                .then(|| {
                    format!(
                        "container \"{primary}\" of the pod spec already mounts {} at {}, where \
                         the shared memory goes: drop that mount, or drop shared_memory",
                        name_of(m).unwrap_or("a volume"),
                        path.unwrap_or(SHARED_MEMORY_MOUNT_PATH)
                    )
                })
        })
}
