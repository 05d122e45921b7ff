//! From a [`Task`] to the Flyte task template that registers it: a flyteidl
//! [`core::TaskTemplate`], written as protobuf and as proto3 JSON from the same value.
//!
//! The computed version is the SHA-256 of the template's protobuf encoding with its project,
//! domain and version left empty: the encoding is deterministic (fields in number order, maps
//! sorted), so the same task always gets the same version, in every project and domain.

use std::borrow::Cow;
use std::collections::BTreeMap;

use prost::Message;
use sha2::{Digest, Sha256};

use crate::extended::{Partition, SHARED_MEMORY_MOUNT_NAME, SHARED_MEMORY_MOUNT_PATH};
use crate::flyteidl::core::gpu_accelerator::PartitionSizeValue;
use crate::flyteidl::core::{
    self, DataLoadingConfig, Identifier, ResourceType, RetryStrategy, TaskMetadata, TypedInterface,
    Variable, VariableMap, runtime_metadata, task_metadata, task_template,
};
use crate::flyteidl::protobuf::{BoolValue, Duration, Struct};
use crate::model::{KeyValuePair, ResourceEntry, Resources, RuntimeMetadata};
use crate::pod::{FLYTE_GPU_KEY, merged_spec};
use crate::registry::{Task, TaskKind};
use crate::settings::{
    Resolved, SerializeSettings, TemplateError, VERSION_HEX_DIGITS, execute_args,
};

/// The task type podtask writes for a Rust function task. It is one of the types the task
/// plugin that runs plain containers registers in every Flyte deployment (see
/// `docs/flyte-output.md`).
pub const FUNCTION_TASK_TYPE: &str = "container";

/// The task type for a task that runs a command in an image, as flytekit's `ContainerTask`.
pub const RAW_CONTAINER_TASK_TYPE: &str = "raw-container";

/// The config key Flyte reads the primary container's name from.
pub const PRIMARY_CONTAINER_NAME_KEY: &str = "primary_container_name";

/// The directory flytekit's `ContainerTask` reads inputs from by default.
pub const DEFAULT_INPUT_PATH: &str = "/var/inputs";
/// The directory flytekit's `ContainerTask` writes outputs to by default.
pub const DEFAULT_OUTPUT_PATH: &str = "/var/outputs";

/// The Flyte task template of `task` (see `docs/flyte-output.md`), with its version computed
/// unless `settings` gives one.
///
/// Fails when the task has no image and `settings` gives none, a setting is invalid, or the
/// task's pod spec cannot be read.
pub fn template(
    task: &Task,
    settings: &SerializeSettings,
) -> Result<core::TaskTemplate, TemplateError> {
    template_resolved(task, &settings.resolve()?)
}

/// The template as `serialize` writes it: pretty proto3 JSON and a newline.
pub fn template_json(task: &Task, settings: &SerializeSettings) -> Result<Vec<u8>, TemplateError> {
    Ok(to_json(&template(task, settings)?))
}

/// `template` as pretty proto3 JSON and a newline.
pub fn to_json(template: &core::TaskTemplate) -> Vec<u8> {
    let mut json = Vec::with_capacity(4096);
    // A template holds string keys and no float that is not finite: writing it cannot fail.
    if serde_json::to_writer_pretty(&mut json, template).is_err() {
        json.clear();
    }
    json.push(b'\n');
    json
}

pub(crate) fn template_resolved(
    task: &Task,
    resolved: &Resolved<'_>,
) -> Result<core::TaskTemplate, TemplateError> {
    let mut template = blank_template(task, resolved)?;
    let settings = resolved.settings;
    let version = match &settings.version {
        Some(v) => v.clone(),
        None => version_of_blank(&template),
    };
    if let Some(id) = template.id.as_mut() {
        id.project.clone_from(&settings.project);
        id.domain.clone_from(&settings.domain);
        id.version = version;
    }
    Ok(template)
}

/// The version computed for a template: the first [`VERSION_HEX_DIGITS`] hex digits of the
/// SHA-256 of its protobuf encoding with the project, domain and version left empty.
///
/// So the version changes with anything Flyte would refuse to register again under one
/// version (image, command, resources, interface, metadata, ...), and with nothing else.
pub fn version_of(template: &core::TaskTemplate) -> String {
    let mut blank = template.clone();
    if let Some(id) = blank.id.as_mut() {
        id.project.clear();
        id.domain.clear();
        id.version.clear();
    }
    version_of_blank(&blank)
}

fn version_of_blank(blank: &core::TaskTemplate) -> String {
    // One buffer per thread for the encodings that are hashed, not one allocation per task.
    thread_local! {
        static ENCODED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let digest = ENCODED.with(|buf| {
        let mut buf = buf.borrow_mut();
        buf.clear();
        buf.reserve(blank.encoded_len());
        blank.encode_raw(&mut *buf);
        Sha256::digest(buf.as_slice())
    });
    let mut out = String::with_capacity(VERSION_HEX_DIGITS);
    for byte in digest.iter().take(VERSION_HEX_DIGITS / 2) {
        out.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
    }
    out
}

fn strings(items: &[Cow<'static, str>]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn pairs(items: &[KeyValuePair]) -> Vec<core::KeyValuePair> {
    items
        .iter()
        .map(|kv| core::KeyValuePair {
            key: kv.key.to_string(),
            value: kv.value.to_string(),
        })
        .collect()
}

fn entries(items: &[ResourceEntry]) -> Vec<core::resources::ResourceEntry> {
    items
        .iter()
        .map(|e| core::resources::ResourceEntry {
            name: e.name.proto_number(),
            value: e.value.to_string(),
        })
        .collect()
}

/// Requests and limits as flyteidl writes them.
pub(crate) fn resources(r: &Resources) -> core::Resources {
    core::Resources {
        requests: entries(&r.requests),
        limits: entries(&r.limits),
    }
}

fn runtime(r: &RuntimeMetadata) -> core::RuntimeMetadata {
    core::RuntimeMetadata {
        r#type: match r.r#type {
            crate::model::RuntimeType::Other => runtime_metadata::RuntimeType::Other as i32,
            crate::model::RuntimeType::FlyteSdk => runtime_metadata::RuntimeType::FlyteSdk as i32,
        },
        version: r.version.to_string(),
        flavor: r.flavor.to_string(),
    }
}

fn variables<'a>(vars: impl Iterator<Item = (&'static str, &'a core::LiteralType)>) -> VariableMap {
    VariableMap {
        variables: vars
            .map(|(name, t)| {
                (
                    name.to_owned(),
                    Variable {
                        r#type: Some(t.clone()),
                        description: name.to_owned(),
                    },
                )
            })
            .collect(),
    }
}

/// The typed interface of `task`: each variable described by its name, as flytekit does.
pub fn interface(task: &Task) -> TypedInterface {
    TypedInterface {
        inputs: Some(variables(task.inputs())),
        outputs: Some(variables(task.outputs())),
    }
}

/// The accelerator and shared memory, as flytekit writes them; `None` for a task with neither,
/// so that its template has no `extendedResources`.
fn extended_resources(task: &Task) -> Option<core::ExtendedResources> {
    let accelerator = task.accelerator().map(|a| core::GpuAccelerator {
        device: a.device.to_string(),
        partition_size_value: match &a.partition {
            Partition::Unspecified => None,
            Partition::Size(p) => Some(PartitionSizeValue::PartitionSize(p.to_string())),
            Partition::Unpartitioned => Some(PartitionSizeValue::Unpartitioned(true)),
        },
    });
    let shared_memory = task.shared_memory().map(|m| core::SharedMemory {
        mount_path: SHARED_MEMORY_MOUNT_PATH.to_owned(),
        mount_name: SHARED_MEMORY_MOUNT_NAME.to_owned(),
        size_limit: m.size_limit.as_deref().unwrap_or_default().to_owned(),
    });
    (accelerator.is_some() || shared_memory.is_some()).then_some(core::ExtendedResources {
        gpu_accelerator: accelerator,
        shared_memory,
    })
}

/// The secrets, as flytekit writes them; `None` for a task without any, so that its template
/// has no `securityContext`.
fn security_context(task: &Task) -> Option<core::SecurityContext> {
    let secrets: Vec<core::Secret> = task
        .secrets()
        .iter()
        .map(|s| core::Secret {
            group: s.group.to_string(),
            group_version: s.group_version.as_deref().unwrap_or_default().to_owned(),
            key: s.key.as_deref().unwrap_or_default().to_owned(),
            mount_requirement: s.mount.proto_number(),
            env_var: s.env_var.as_deref().unwrap_or_default().to_owned(),
        })
        .collect();
    (!secrets.is_empty()).then(|| core::SecurityContext {
        secrets,
        ..core::SecurityContext::default()
    })
}

/// The template with its project, domain and version left empty: what the version hashes.
fn blank_template(
    task: &Task,
    resolved: &Resolved<'_>,
) -> Result<core::TaskTemplate, TemplateError> {
    let settings = resolved.settings;
    let container = task.container();
    // A pod task may take its image from its spec's primary container instead.
    let image: Option<Cow<'_, str>> = match (&container.image, &settings.image) {
        (Some(image), _) => Some(Cow::Borrowed(image)),
        (None, Some(image)) => Some(Cow::Borrowed(image)),
        (None, None) => None,
    };
    let (r#type, command, args, data_config) = match task.kind() {
        TaskKind::Function => (
            FUNCTION_TASK_TYPE,
            vec![resolved.entrypoint().clone()],
            execute_args(task.name()),
            None,
        ),
        TaskKind::RawContainer => (
            RAW_CONTAINER_TASK_TYPE,
            container.command.to_vec(),
            container.args.to_vec(),
            Some(DataLoadingConfig {
                enabled: true,
                input_path: DEFAULT_INPUT_PATH.to_owned(),
                output_path: DEFAULT_OUTPUT_PATH.to_owned(),
                ..DataLoadingConfig::default()
            }),
        ),
    };
    let def = task.metadata();
    let mut metadata = TaskMetadata {
        runtime: Some(runtime(&RuntimeMetadata::PODTASK)),
        timeout: def.timeout_seconds.map(|s| Duration {
            seconds: i64::try_from(s).unwrap_or(i64::MAX),
            nanos: 0,
        }),
        retries: Some(RetryStrategy {
            retries: def.retries,
        }),
        deprecated_error_message: def.deprecated.clone().unwrap_or_default(),
        interruptible_value: def
            .interruptible
            .then_some(task_metadata::InterruptibleValue::Interruptible(true)),
        // flytekit writes these two always; see docs/flyte-output.md.
        generates_deck: Some(BoolValue { value: false }),
        metadata: Some(core::K8sObjectMetadata::default()),
        ..TaskMetadata::default()
    };
    if let Some(name) = &def.pod_template_name {
        metadata.pod_template_name.clone_from(name);
    }
    if let Some(cache) = &def.cache {
        metadata.discoverable = true;
        metadata.discovery_version.clone_from(&cache.version);
        metadata.cache_serializable = cache.serialize;
        metadata
            .cache_ignore_input_vars
            .clone_from(&cache.ignored_inputs);
    }
    let mut template = core::TaskTemplate {
        id: Some(Identifier {
            resource_type: ResourceType::Task as i32,
            name: task.name().to_owned(),
            ..Identifier::default()
        }),
        r#type: r#type.to_owned(),
        metadata: Some(metadata),
        interface: Some(interface(task)),
        config: BTreeMap::new(),
        extended_resources: extended_resources(task),
        security_context: security_context(task),
        ..core::TaskTemplate::default()
    };
    match task.pod() {
        Some(pod) => {
            let spec = merged_spec(task, pod, image.as_deref(), &command, &args, FLYTE_GPU_KEY)?;
            let map = |kvs: &[KeyValuePair]| -> BTreeMap<String, String> {
                kvs.iter()
                    .map(|kv| (kv.key.to_string(), kv.value.to_string()))
                    .collect()
            };
            template.config.insert(
                PRIMARY_CONTAINER_NAME_KEY.to_owned(),
                pod.primary_container_name().to_owned(),
            );
            template.target = Some(task_template::Target::K8sPod(core::K8sPod {
                metadata: Some(core::K8sObjectMetadata {
                    labels: map(&pod.metadata.labels),
                    annotations: map(&pod.metadata.annotations),
                }),
                pod_spec: Some(Struct::from(spec)),
                data_config,
                primary_container_name: pod.primary_container_name().to_owned(),
            }));
        }
        None => {
            let Some(image) = image else {
                return Err(TemplateError::NoImage {
                    task: task.name().to_owned(),
                });
            };
            template.target = Some(task_template::Target::Container(core::Container {
                image: image.into_owned(),
                command: strings(&command),
                args: strings(&args),
                resources: Some(resources(task.resources())),
                env: pairs(&task.container().env),
                config: pairs(&task.container().config),
                data_config,
                ..core::Container::default()
            }));
        }
    }
    Ok(template)
}
