//! The Kubernetes Pod of one run of a task, ready for `kubectl apply -f -`.

use std::borrow::Cow;
use std::fmt;
use std::io::Write;

use podtask_rules::resource::{DEFAULT_GPU_RESOURCE, K8sResourceName};
use podtask_rules::template::{Placeholder, substitute};
use podtask_rules::{RuleError, Subject, names};
use serde_json::{Map, Value};

use super::inject::{self, DEFAULT_GPU_DEVICE_LABEL, DEFAULT_GPU_PARTITION_SIZE_LABEL};
use super::{K8sPod, PLAIN_POD, merged_spec};
use crate::registry::{Task, TaskKind};
use crate::run::{RunError, check_inputs};
use crate::settings::{SerializeSettings, TemplateError};
use crate::value::check_json;

/// What the Pod of one run of a task needs beyond the task itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PodSettings {
    /// The image for a task that names none (neither on its container nor in its pod spec).
    pub image: Option<String>,
    /// The task binary's path inside the image, for Rust function tasks; `None` means
    /// `/usr/local/bin/<the running program's file name>`, as for `serialize`.
    pub entrypoint: Option<String>,
    /// The Pod's name; `None` derives it from the task's name (see [`pod_name`]).
    pub name: Option<String>,
    /// The Pod's namespace; `None` leaves it to `kubectl`.
    pub namespace: Option<String>,
    /// The Kubernetes resource Flyte's GPU becomes ([`DEFAULT_GPU_RESOURCE`] by default).
    pub gpu_resource: String,
    /// The node label that names a node's accelerator device
    /// ([`DEFAULT_GPU_DEVICE_LABEL`] by default, as in Flyte).
    pub gpu_device_label: String,
    /// The node label that names the partition of a node's devices
    /// ([`DEFAULT_GPU_PARTITION_SIZE_LABEL`] by default, as in Flyte).
    pub gpu_partition_size_label: String,
    /// The task's inputs, input name → JSON value.
    pub inputs: Map<String, Value>,
}

impl Default for PodSettings {
    fn default() -> Self {
        PodSettings {
            image: None,
            entrypoint: None,
            name: None,
            namespace: None,
            gpu_resource: DEFAULT_GPU_RESOURCE.to_owned(),
            gpu_device_label: DEFAULT_GPU_DEVICE_LABEL.to_owned(),
            gpu_partition_size_label: DEFAULT_GPU_PARTITION_SIZE_LABEL.to_owned(),
            inputs: Map::new(),
        }
    }
}

/// Why a task has no Pod manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ManifestError {
    /// No image, a bad `--image` or entrypoint, or a pod spec that cannot be read.
    Template(Box<TemplateError>),
    /// An input is missing, unknown or not of its type.
    Input(Box<RunError>),
    /// A setting breaks a rule (`name`, `namespace`, `gpu-resource`, the node labels).
    Setting {
        /// The setting.
        setting: &'static str,
        /// The broken rule.
        error: Box<RuleError>,
    },
    /// A setting that is not one of the values it may take (a toleration's effect).
    InvalidSetting {
        /// The setting.
        setting: &'static str,
        /// What is wrong, and what was expected.
        message: String,
    },
    /// A command task's command uses a placeholder only Flyte fills in (`{{.outputPrefix}}`).
    FlytePlaceholder {
        /// The task's name.
        task: String,
        /// The placeholder as written.
        placeholder: String,
    },
    /// A secret the Pod cannot give the task as requested.
    Secret {
        /// The task's name.
        task: String,
        /// Why.
        message: String,
    },
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestError::Template(e) => e.fmt(f),
            ManifestError::Input(e) => e.fmt(f),
            ManifestError::Setting { setting, error } => write!(f, "--{setting}: {error}"),
            ManifestError::InvalidSetting { setting, message } => {
                write!(f, "--{setting}: {message}")
            }
            ManifestError::FlytePlaceholder { task, placeholder } => write!(
                f,
                "task {task}: its command uses {placeholder}, which only Flyte fills in; a Pod \
                 of its own can fill in {{{{.inputs.NAME}}}} alone"
            ),
            ManifestError::Secret { task, message } => write!(f, "task {task}: {message}"),
        }
    }
}

impl std::error::Error for ManifestError {}

impl From<TemplateError> for ManifestError {
    fn from(e: TemplateError) -> Self {
        ManifestError::Template(Box::new(e))
    }
}

/// A Pod name for a task: its name in lowercase, every run of characters other than `a-z` and
/// `0-9` made one `-`, trimmed of `-` at both ends and cut to 63 characters, so that it is a
/// DNS-1123 label (and so a subdomain, what Kubernetes requires of a Pod's name, and a valid
/// host name); `task` when nothing is left.
///
/// ```
/// use podtask::pod::pod_name;
/// assert_eq!(pod_name("example_k8s_pod.train_model"), "example-k8s-pod-train-model");
/// assert_eq!(pod_name("__X__"), "x");
/// assert_eq!(pod_name("_"), "task");
/// ```
pub fn pod_name(task_name: &str) -> String {
    let mut out = String::with_capacity(task_name.len().min(63));
    for ch in task_name.chars() {
        let ch = ch.to_ascii_lowercase();
        if ch.is_ascii_lowercase() || ch.is_ascii_digit() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(63);
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "task".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// How a Pod is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum OutputFormat {
    /// YAML, as `kubectl get -o yaml` prints it.
    #[default]
    Yaml,
    /// JSON, pretty-printed with two spaces.
    Json,
}

/// Writes `pod` in `format`, ending with a newline. The same Pod always gives the same bytes:
/// keys sorted, as Kubernetes' own clients write them.
pub fn write_pod(pod: &Value, format: OutputFormat, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &Sorted(pod))?;
            out.write_all(b"\n")
        }
        OutputFormat::Yaml => out.write_all(super::to_yaml(pod).as_bytes()),
    }
}

/// A JSON value written with every object's keys sorted, whatever order its maps keep (a
/// program may build serde_json with `preserve_order`).
struct Sorted<'a>(&'a Value);

impl serde::Serialize for Sorted<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Object(m) => {
                let mut entries: Vec<(&String, &Value)> = m.iter().collect();
                entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, &Sorted(v))?;
                }
                map.end()
            }
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(&Sorted(v))?;
                }
                seq.end()
            }
            other => other.serialize(s),
        }
    }
}

/// The Kubernetes Pod of one run of `task` with `settings.inputs`, as a JSON object: the task's
/// pod spec (a plain container task gets one container named `primary`) with the task's
/// container merged in by the rule of [`merge`](super::merge), then made ready to run on its own
/// as Flyte makes a task's pod:
///
/// - the primary container runs the task once: for a Rust function task, the task binary's
///   `run` command, `[ENTRYPOINT] run TASK --input NAME=VALUE ...`, which prints the outputs as
///   JSON to the container's log; for a command task, its command with each `{{.inputs.NAME}}`
///   replaced by the input's value (a string as it is, any other value as JSON);
/// - Flyte's GPU becomes `settings.gpu_resource`, its request and limit the same (the limit
///   when both are given; Kubernetes requires them equal), and Flyte's `storage`, which
///   Kubernetes has no container resource for, is left out;
/// - what Flyte adds for the task's accelerator (a node affinity and tolerations on
///   `settings.gpu_device_label` and `settings.gpu_partition_size_label`), shared memory (a
///   memory-backed volume at `/dev/shm`) and secrets (variables from `secretKeyRef`s, secret
///   volumes under `/etc/flyte/secrets`), in the primary container (see docs/pods.md);
/// - `restartPolicy` is `Never`;
/// - the task's `timeout` is the Pod's `activeDeadlineSeconds` (in place of any the pod spec
///   gives);
/// - the metadata holds the name, the namespace, and the pod's labels and annotations.
pub fn manifest(task: &Task, settings: &PodSettings) -> Result<Value, ManifestError> {
    pod_object(task, settings).map(Value::Object)
}

/// [`manifest`], as the map it is.
pub(super) fn pod_object(
    task: &Task,
    settings: &PodSettings,
) -> Result<Map<String, Value>, ManifestError> {
    let name = match &settings.name {
        Some(n) => {
            check_setting(
                "name",
                n,
                Subject::Dns1123Subdomain,
                names::dns1123_subdomain,
            )?;
            n.clone()
        }
        None => pod_name(task.name()),
    };
    if let Some(ns) = &settings.namespace {
        check_setting("namespace", ns, Subject::Dns1123Label, names::dns1123_label)?;
    }
    K8sResourceName::parse(&settings.gpu_resource).map_err(|error| ManifestError::Setting {
        setting: "gpu-resource",
        error: Box::new(error),
    })?;
    for (setting, label) in [
        ("gpu-device-label", &settings.gpu_device_label),
        (
            "gpu-partition-size-label",
            &settings.gpu_partition_size_label,
        ),
    ] {
        check_setting(
            setting,
            label,
            Subject::QualifiedName,
            names::qualified_name,
        )?;
    }
    let mut serialize = SerializeSettings::default();
    serialize.image.clone_from(&settings.image);
    serialize.entrypoint.clone_from(&settings.entrypoint);
    let resolved = serialize.resolve()?;

    let inputs = check_inputs(task, settings.inputs.clone())
        .map_err(|e| ManifestError::Input(Box::new(e)))?;
    let container = task.container();
    let (command, args): (Vec<Cow<'static, str>>, Vec<Cow<'static, str>>) = match task.kind() {
        TaskKind::Function => (
            vec![resolved.entrypoint().clone()],
            run_args(task, &settings.inputs, &inputs),
        ),
        TaskKind::RawContainer => (
            fill_inputs(task, &container.command, &inputs)?,
            fill_inputs(task, &container.args, &inputs)?,
        ),
    };
    let image = container.image.as_deref().or(settings.image.as_deref());
    let pod: &K8sPod = task.pod().unwrap_or(&PLAIN_POD);
    let mut spec = merged_spec(task, pod, image, &command, &args, &settings.gpu_resource)?;
    let primary = pod.primary_container_name().to_owned();
    kubernetes_resources(&mut spec, &primary, &settings.gpu_resource);
    if let Some(a) = task.accelerator() {
        inject::accelerator(
            &mut spec,
            a,
            &settings.gpu_resource,
            &settings.gpu_device_label,
            &settings.gpu_partition_size_label,
        );
    }
    if let Some(m) = task.shared_memory() {
        inject::shared_memory(&mut spec, m, &primary);
    }
    inject::secrets(&mut spec, task.secrets(), &primary, task.name())?;
    spec.insert(
        "restartPolicy".to_owned(),
        Value::String("Never".to_owned()),
    );
    // A timeout of 0 is none, as Flyte reads it.
    if let Some(timeout) = task.metadata().timeout_seconds.filter(|t| *t > 0) {
        spec.insert("activeDeadlineSeconds".to_owned(), Value::from(timeout));
    }
    let mut metadata = Map::new();
    metadata.insert("name".to_owned(), Value::String(name));
    if let Some(ns) = &settings.namespace {
        metadata.insert("namespace".to_owned(), Value::String(ns.clone()));
    }
    let map = |kvs: &[crate::KeyValuePair]| -> Value {
        Value::Object(
            kvs.iter()
                .map(|kv| (kv.key.to_string(), Value::String(kv.value.to_string())))
                .collect(),
        )
    };
    if !pod.metadata.labels.is_empty() {
        metadata.insert("labels".to_owned(), map(&pod.metadata.labels));
    }
    if !pod.metadata.annotations.is_empty() {
        metadata.insert("annotations".to_owned(), map(&pod.metadata.annotations));
    }
    let mut out = Map::new();
    out.insert("apiVersion".to_owned(), Value::String("v1".to_owned()));
    out.insert("kind".to_owned(), Value::String("Pod".to_owned()));
    out.insert("metadata".to_owned(), Value::Object(metadata));
    out.insert("spec".to_owned(), Value::Object(spec));
    Ok(out)
}

/// `run TASK --input NAME=VALUE ...` for the inputs given, in the function's order. A value is
/// written as plain text when `run` reads that text back as the same value (a string that is
/// not itself JSON of the input's type), else as compact JSON.
fn run_args(
    task: &Task,
    given: &Map<String, Value>,
    checked: &Map<String, Value>,
) -> Vec<Cow<'static, str>> {
    let mut args = vec![Cow::Borrowed("run"), Cow::Owned(task.name().to_owned())];
    for (name, t) in task.inputs() {
        if !given.contains_key(name) {
            continue;
        }
        let Some(value) = checked.get(name) else {
            continue;
        };
        let text = match value {
            Value::String(s)
                if !serde_json::from_str::<Value>(s).is_ok_and(|v| check_json(v, t).is_ok()) =>
            {
                s.clone()
            }
            other => other.to_string(),
        };
        args.push(Cow::Borrowed("--input"));
        args.push(Cow::Owned(format!("{name}={text}")));
    }
    args
}

/// A command task's argv with each `{{.inputs.NAME}}` replaced by the input's value.
fn fill_inputs(
    task: &Task,
    items: &[Cow<'static, str>],
    inputs: &Map<String, Value>,
) -> Result<Vec<Cow<'static, str>>, ManifestError> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let mut flyte_only = None;
        let filled = substitute(item, |p| match p {
            Placeholder::Inputs(name) => Some(match inputs.get(*name) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            }),
            other => {
                flyte_only.get_or_insert_with(|| other.canonical());
                None
            }
        })
        .map_err(|error| ManifestError::Setting {
            setting: "command",
            error: Box::new(error),
        })?;
        if let Some(placeholder) = flyte_only {
            return Err(ManifestError::FlytePlaceholder {
                task: task.name().to_owned(),
                placeholder,
            });
        }
        out.push(Cow::Owned(filled));
    }
    Ok(out)
}

pub(super) fn check_setting(
    setting: &'static str,
    value: &str,
    subject: Subject,
    rule: fn(&str) -> Result<(), podtask_rules::Violation>,
) -> Result<(), ManifestError> {
    rule(value).map_err(|v| ManifestError::Setting {
        setting,
        error: Box::new(v.into_error(subject, value)),
    })
}

/// What Flyte does to the primary container's resources when it makes the pod: the GPU's request
/// and limit made equal, Flyte's `storage` left out.
fn kubernetes_resources(spec: &mut Map<String, Value>, primary: &str, gpu_resource: &str) {
    let Some(c) = spec
        .get_mut("containers")
        .and_then(Value::as_array_mut)
        .and_then(|list| {
            list.iter_mut()
                .filter_map(Value::as_object_mut)
                .find(|c| c.get("name").and_then(Value::as_str) == Some(primary))
        })
    else {
        return;
    };
    let Some(r) = c.get_mut("resources").and_then(Value::as_object_mut) else {
        return;
    };
    for key in ["requests", "limits"] {
        if let Some(map) = r.get_mut(key).and_then(Value::as_object_mut) {
            map.remove("storage");
        }
    }
    let get = |r: &Map<String, Value>, key: &str| r.get(key)?.get(gpu_resource).cloned();
    if let Some(q) = get(r, "limits").or_else(|| get(r, "requests")) {
        for key in ["requests", "limits"] {
            let map = r.entry(key).or_insert_with(|| Value::Object(Map::new()));
            if let Some(map) = map.as_object_mut() {
                map.insert(gpu_resource.to_owned(), q.clone());
            }
        }
    }
    for key in ["requests", "limits"] {
        if r.get(key)
            .and_then(Value::as_object)
            .is_some_and(Map::is_empty)
        {
            r.remove(key);
        }
    }
}
