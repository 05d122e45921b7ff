//! From podtask's template model ([`crate::flyte`]) to the protobuf messages, and back.
//!
//! The model holds what podtask writes; the way back refuses what it cannot hold (a `k8s_pod`
//! target, plugin data, ...) by naming the field, rather than dropping it.

use std::borrow::Cow;
use std::fmt;

use super::admin::{self, DescriptionEntity};
use super::core;
use super::protobuf::{BoolValue, Duration, Struct};
use crate::flyte::{self, LiteralTypeKind};
use crate::model::{
    KeyValuePair, ResourceEntry, ResourceName, Resources, RuntimeMetadata, RuntimeType,
};

/// The most characters of a doc comment's first line kept as a task's short description, so
/// that it stays one short line in the Flyte console.
pub const SHORT_DESCRIPTION_MAX_CHARS: usize = 255;

/// Why a protobuf message has no counterpart in podtask's model.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FromProtoError {
    /// A field podtask's model does not hold is set.
    Unsupported {
        /// The field's path in the message, as in the `.proto` file (`container.ports`).
        field: String,
    },
    /// A field podtask's model needs is missing.
    Missing {
        /// The field's path.
        field: String,
    },
    /// An enum field holds a number the enum does not define.
    UnknownEnum {
        /// The field's path.
        field: String,
        /// The number.
        value: i32,
    },
    /// A duration is negative or has nanoseconds; podtask holds whole seconds.
    Duration {
        /// The field's path.
        field: String,
    },
}

impl fmt::Display for FromProtoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FromProtoError::Unsupported { field } => {
                write!(
                    f,
                    "{field}: podtask's task template does not hold this field"
                )
            }
            FromProtoError::Missing { field } => write!(f, "{field}: expected a value, found none"),
            FromProtoError::UnknownEnum { field, value } => {
                write!(f, "{field}: {value} is not a value of this enum")
            }
            FromProtoError::Duration { field } => write!(
                f,
                "{field}: expected a whole, non-negative number of seconds"
            ),
        }
    }
}

impl std::error::Error for FromProtoError {}

fn unsupported<T>(field: &str) -> Result<T, FromProtoError> {
    Err(FromProtoError::Unsupported {
        field: field.to_owned(),
    })
}

fn enum_value<E: TryFrom<i32>>(field: &str, value: i32) -> Result<E, FromProtoError> {
    E::try_from(value).map_err(|_| FromProtoError::UnknownEnum {
        field: field.to_owned(),
        value,
    })
}

fn strings(items: &[Cow<'static, str>]) -> Vec<String> {
    items.iter().map(|s| s.as_ref().to_owned()).collect()
}

fn pairs(items: &[KeyValuePair]) -> Vec<core::KeyValuePair> {
    items
        .iter()
        .map(|p| core::KeyValuePair {
            key: p.key.as_ref().to_owned(),
            value: p.value.as_ref().to_owned(),
        })
        .collect()
}

fn pairs_back(items: &[core::KeyValuePair]) -> Cow<'static, [KeyValuePair]> {
    Cow::Owned(
        items
            .iter()
            .map(|p| KeyValuePair::new(p.key.clone(), p.value.clone()))
            .collect(),
    )
}

impl From<&flyte::Identifier> for core::Identifier {
    fn from(id: &flyte::Identifier) -> Self {
        let resource_type = match id.resource_type {
            flyte::ResourceType::Unspecified => core::ResourceType::Unspecified,
            flyte::ResourceType::Task => core::ResourceType::Task,
            flyte::ResourceType::Workflow => core::ResourceType::Workflow,
            flyte::ResourceType::LaunchPlan => core::ResourceType::LaunchPlan,
            flyte::ResourceType::Dataset => core::ResourceType::Dataset,
        };
        core::Identifier {
            resource_type: resource_type as i32,
            project: id.project.clone(),
            domain: id.domain.clone(),
            name: id.name.clone(),
            version: id.version.clone(),
            org: String::new(),
        }
    }
}

impl TryFrom<&core::Identifier> for flyte::Identifier {
    type Error = FromProtoError;

    fn try_from(id: &core::Identifier) -> Result<Self, FromProtoError> {
        if !id.org.is_empty() {
            return unsupported("id.org");
        }
        let resource_type = match enum_value("id.resource_type", id.resource_type)? {
            core::ResourceType::Unspecified => flyte::ResourceType::Unspecified,
            core::ResourceType::Task => flyte::ResourceType::Task,
            core::ResourceType::Workflow => flyte::ResourceType::Workflow,
            core::ResourceType::LaunchPlan => flyte::ResourceType::LaunchPlan,
            core::ResourceType::Dataset => flyte::ResourceType::Dataset,
        };
        let mut out = flyte::Identifier::task(
            id.project.clone(),
            id.domain.clone(),
            id.name.clone(),
            id.version.clone(),
        );
        out.resource_type = resource_type;
        Ok(out)
    }
}

impl From<&RuntimeMetadata> for core::RuntimeMetadata {
    fn from(r: &RuntimeMetadata) -> Self {
        let kind = match r.r#type {
            RuntimeType::Other => core::runtime_metadata::RuntimeType::Other,
            RuntimeType::FlyteSdk => core::runtime_metadata::RuntimeType::FlyteSdk,
        };
        core::RuntimeMetadata {
            r#type: kind as i32,
            version: r.version.as_ref().to_owned(),
            flavor: r.flavor.as_ref().to_owned(),
        }
    }
}

fn runtime_back(r: &core::RuntimeMetadata) -> Result<RuntimeMetadata, FromProtoError> {
    let kind = match enum_value("metadata.runtime.type", r.r#type)? {
        core::runtime_metadata::RuntimeType::Other => RuntimeType::Other,
        core::runtime_metadata::RuntimeType::FlyteSdk => RuntimeType::FlyteSdk,
    };
    Ok(RuntimeMetadata {
        r#type: kind,
        version: Cow::Owned(r.version.clone()),
        flavor: Cow::Owned(r.flavor.clone()),
    })
}

impl From<&flyte::K8sObjectMetadata> for core::K8sObjectMetadata {
    fn from(m: &flyte::K8sObjectMetadata) -> Self {
        core::K8sObjectMetadata {
            labels: m.labels.clone(),
            annotations: m.annotations.clone(),
        }
    }
}

fn k8s_metadata_back(m: &core::K8sObjectMetadata) -> flyte::K8sObjectMetadata {
    let mut out = flyte::K8sObjectMetadata::default();
    out.labels.clone_from(&m.labels);
    out.annotations.clone_from(&m.annotations);
    out
}

impl From<&flyte::TaskMetadata> for core::TaskMetadata {
    fn from(m: &flyte::TaskMetadata) -> Self {
        core::TaskMetadata {
            discoverable: m.discoverable,
            runtime: m.runtime.as_ref().map(core::RuntimeMetadata::from),
            // A timeout beyond `i64::MAX` seconds cannot be a protobuf Duration; flyteidl would
            // refuse it in JSON too.
            timeout: m.timeout.map(|secs| Duration {
                seconds: i64::try_from(secs).unwrap_or(i64::MAX),
                nanos: 0,
            }),
            retries: m
                .retries
                .map(|r| core::RetryStrategy { retries: r.retries }),
            discovery_version: m.discovery_version.clone(),
            deprecated_error_message: m.deprecated_error_message.clone(),
            interruptible_value: m
                .interruptible
                .map(core::task_metadata::InterruptibleValue::Interruptible),
            cache_serializable: m.cache_serializable,
            tags: m.tags.clone(),
            pod_template_name: m.pod_template_name.clone(),
            cache_ignore_input_vars: m.cache_ignore_input_vars.clone(),
            is_eager: m.is_eager,
            generates_deck: m.generates_deck.map(|value| BoolValue { value }),
            metadata: m.metadata.as_ref().map(core::K8sObjectMetadata::from),
        }
    }
}

impl TryFrom<&core::TaskMetadata> for flyte::TaskMetadata {
    type Error = FromProtoError;

    fn try_from(m: &core::TaskMetadata) -> Result<Self, FromProtoError> {
        let timeout = match m.timeout {
            None => None,
            Some(Duration { seconds, nanos: 0 }) if seconds >= 0 => Some(seconds.unsigned_abs()),
            Some(_) => {
                return Err(FromProtoError::Duration {
                    field: "metadata.timeout".to_owned(),
                });
            }
        };
        Ok(flyte::TaskMetadata {
            discoverable: m.discoverable,
            runtime: m.runtime.as_ref().map(runtime_back).transpose()?,
            timeout,
            retries: m.retries.map(|r| flyte::RetryStrategy::new(r.retries)),
            discovery_version: m.discovery_version.clone(),
            deprecated_error_message: m.deprecated_error_message.clone(),
            interruptible: m.interruptible_value.map(|v| match v {
                core::task_metadata::InterruptibleValue::Interruptible(b) => b,
            }),
            cache_serializable: m.cache_serializable,
            tags: m.tags.clone(),
            pod_template_name: m.pod_template_name.clone(),
            cache_ignore_input_vars: m.cache_ignore_input_vars.clone(),
            is_eager: m.is_eager,
            generates_deck: m.generates_deck.map(|b| b.value),
            metadata: m.metadata.as_ref().map(k8s_metadata_back),
        })
    }
}

fn simple(t: flyte::SimpleType) -> core::SimpleType {
    match t {
        flyte::SimpleType::None => core::SimpleType::None,
        flyte::SimpleType::Integer => core::SimpleType::Integer,
        flyte::SimpleType::Float => core::SimpleType::Float,
        flyte::SimpleType::String => core::SimpleType::String,
        flyte::SimpleType::Boolean => core::SimpleType::Boolean,
        flyte::SimpleType::Datetime => core::SimpleType::Datetime,
        flyte::SimpleType::Duration => core::SimpleType::Duration,
        flyte::SimpleType::Binary => core::SimpleType::Binary,
        flyte::SimpleType::Error => core::SimpleType::Error,
        flyte::SimpleType::Struct => core::SimpleType::Struct,
    }
}

fn simple_back(t: core::SimpleType) -> flyte::SimpleType {
    match t {
        core::SimpleType::None => flyte::SimpleType::None,
        core::SimpleType::Integer => flyte::SimpleType::Integer,
        core::SimpleType::Float => flyte::SimpleType::Float,
        core::SimpleType::String => flyte::SimpleType::String,
        core::SimpleType::Boolean => flyte::SimpleType::Boolean,
        core::SimpleType::Datetime => flyte::SimpleType::Datetime,
        core::SimpleType::Duration => flyte::SimpleType::Duration,
        core::SimpleType::Binary => flyte::SimpleType::Binary,
        core::SimpleType::Error => flyte::SimpleType::Error,
        core::SimpleType::Struct => flyte::SimpleType::Struct,
    }
}

impl From<&flyte::LiteralType> for core::LiteralType {
    fn from(t: &flyte::LiteralType) -> Self {
        use core::literal_type::Type;
        let kind = match &t.kind {
            LiteralTypeKind::Simple(s) => Type::Simple(simple(*s) as i32),
            LiteralTypeKind::CollectionType(item) => {
                Type::CollectionType(Box::new(core::LiteralType::from(&**item)))
            }
            LiteralTypeKind::MapValueType(value) => {
                Type::MapValueType(Box::new(core::LiteralType::from(&**value)))
            }
            LiteralTypeKind::EnumType(e) => Type::EnumType(core::EnumType {
                values: e.values.clone(),
            }),
            LiteralTypeKind::UnionType(u) => Type::UnionType(core::UnionType {
                variants: u.variants.iter().map(core::LiteralType::from).collect(),
            }),
        };
        core::LiteralType {
            r#type: Some(kind),
            metadata: t.metadata.clone().map(Struct::from),
            // proto3 JSON leaves out an empty Struct, so `"annotation": {}` has no Struct.
            annotation: t.annotation.as_ref().map(|a| core::TypeAnnotation {
                annotations: (!a.annotations.is_empty())
                    .then(|| Struct::from(a.annotations.clone())),
            }),
            structure: t.structure.as_ref().map(|s| core::TypeStructure {
                tag: s.tag.clone(),
                dataclass_type: s
                    .dataclass_type
                    .iter()
                    .map(|(k, v)| (k.clone(), core::LiteralType::from(v)))
                    .collect(),
            }),
        }
    }
}

impl TryFrom<&core::LiteralType> for flyte::LiteralType {
    type Error = FromProtoError;

    fn try_from(t: &core::LiteralType) -> Result<Self, FromProtoError> {
        use core::literal_type::Type;
        let kind = match &t.r#type {
            None => {
                return Err(FromProtoError::Missing {
                    field: "LiteralType.type".to_owned(),
                });
            }
            Some(Type::Simple(s)) => {
                LiteralTypeKind::Simple(simple_back(enum_value("LiteralType.simple", *s)?))
            }
            Some(Type::CollectionType(item)) => {
                LiteralTypeKind::CollectionType(Box::new(flyte::LiteralType::try_from(&**item)?))
            }
            Some(Type::MapValueType(value)) => {
                LiteralTypeKind::MapValueType(Box::new(flyte::LiteralType::try_from(&**value)?))
            }
            Some(Type::EnumType(e)) => LiteralTypeKind::EnumType(flyte::EnumType {
                values: e.values.clone(),
            }),
            Some(Type::UnionType(u)) => LiteralTypeKind::UnionType(flyte::UnionType {
                variants: u
                    .variants
                    .iter()
                    .map(flyte::LiteralType::try_from)
                    .collect::<Result<_, _>>()?,
            }),
            Some(Type::Schema(_)) => return unsupported("LiteralType.schema"),
            Some(Type::Blob(_)) => return unsupported("LiteralType.blob"),
            Some(Type::StructuredDatasetType(_)) => {
                return unsupported("LiteralType.structured_dataset_type");
            }
        };
        let mut out = flyte::LiteralType::new(kind);
        out.metadata = t.metadata.as_ref().map(Struct::to_json);
        out.annotation = t.annotation.as_ref().map(|a| flyte::TypeAnnotation {
            annotations: a
                .annotations
                .as_ref()
                .map(Struct::to_json)
                .unwrap_or_default(),
        });
        out.structure = match &t.structure {
            None => None,
            Some(s) => Some(flyte::TypeStructure {
                tag: s.tag.clone(),
                dataclass_type: s
                    .dataclass_type
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), flyte::LiteralType::try_from(v)?)))
                    .collect::<Result<_, FromProtoError>>()?,
            }),
        };
        Ok(out)
    }
}

impl From<&flyte::VariableMap> for core::VariableMap {
    fn from(m: &flyte::VariableMap) -> Self {
        core::VariableMap {
            variables: m
                .variables
                .iter()
                .map(|(name, v)| {
                    let var = core::Variable {
                        r#type: Some(core::LiteralType::from(&v.r#type)),
                        description: v.description.clone(),
                    };
                    (name.clone(), var)
                })
                .collect(),
        }
    }
}

fn variables_back(
    m: Option<&core::VariableMap>,
    field: &str,
) -> Result<flyte::VariableMap, FromProtoError> {
    let Some(m) = m else {
        return Ok(flyte::VariableMap::default());
    };
    m.variables
        .iter()
        .map(|(name, v)| {
            let t = v.r#type.as_ref().ok_or_else(|| FromProtoError::Missing {
                field: format!("{field}.variables[{name}].type"),
            })?;
            let var = flyte::Variable::new(flyte::LiteralType::try_from(t)?, v.description.clone());
            Ok((name.clone(), var))
        })
        .collect()
}

impl From<&flyte::TypedInterface> for core::TypedInterface {
    fn from(i: &flyte::TypedInterface) -> Self {
        // podtask writes both maps always, `{}` when empty, as flytekit does.
        core::TypedInterface {
            inputs: Some(core::VariableMap::from(&i.inputs)),
            outputs: Some(core::VariableMap::from(&i.outputs)),
        }
    }
}

fn entries(items: &[ResourceEntry]) -> Vec<core::resources::ResourceEntry> {
    items
        .iter()
        .map(|e| core::resources::ResourceEntry {
            name: e.name.proto_number(),
            value: e.value.as_ref().to_owned(),
        })
        .collect()
}

fn entries_back(
    items: &[core::resources::ResourceEntry],
    field: &str,
) -> Result<Vec<ResourceEntry>, FromProtoError> {
    items
        .iter()
        .map(|e| {
            let name = ResourceName::from_proto_number(e.name).ok_or_else(|| {
                FromProtoError::UnknownEnum {
                    field: format!("{field}.name"),
                    value: e.name,
                }
            })?;
            // Values are taken as written, as Flyte passes them on; checking them is the
            // rulebook's job where a template is built.
            Ok(ResourceEntry {
                name,
                value: Cow::Owned(e.value.clone()),
            })
        })
        .collect()
}

impl From<&Resources> for core::Resources {
    fn from(r: &Resources) -> Self {
        core::Resources {
            requests: entries(&r.requests),
            limits: entries(&r.limits),
        }
    }
}

impl From<&flyte::DataLoadingConfig> for core::DataLoadingConfig {
    fn from(d: &flyte::DataLoadingConfig) -> Self {
        core::DataLoadingConfig {
            enabled: d.enabled,
            input_path: d.input_path.clone(),
            output_path: d.output_path.clone(),
            format: core::data_loading_config::LiteralMapFormat::Json as i32,
            io_strategy: None,
        }
    }
}

impl From<&flyte::Container> for core::Container {
    fn from(c: &flyte::Container) -> Self {
        core::Container {
            image: c.image.as_ref().to_owned(),
            command: strings(&c.command),
            args: strings(&c.args),
            resources: Some(core::Resources::from(&c.resources)),
            env: pairs(&c.env),
            config: pairs(&c.config),
            ports: Vec::new(),
            data_config: c.data_config.as_ref().map(core::DataLoadingConfig::from),
            architecture: core::container::Architecture::Unknown as i32,
        }
    }
}

impl TryFrom<&core::Container> for flyte::Container {
    type Error = FromProtoError;

    fn try_from(c: &core::Container) -> Result<Self, FromProtoError> {
        if !c.ports.is_empty() {
            return unsupported("container.ports");
        }
        if c.architecture != 0 {
            return unsupported("container.architecture");
        }
        let data_config = match &c.data_config {
            None => None,
            Some(d) if d.format != 0 => return unsupported("container.data_config.format"),
            Some(d) if d.io_strategy.is_some() => {
                return unsupported("container.data_config.io_strategy");
            }
            Some(d) => {
                let mut out =
                    flyte::DataLoadingConfig::enabled(d.input_path.clone(), d.output_path.clone());
                out.enabled = d.enabled;
                Some(out)
            }
        };
        let resources = c.resources.clone().unwrap_or_default();
        let owned = |v: &[String]| -> Cow<'static, [Cow<'static, str>]> {
            Cow::Owned(v.iter().map(|s| Cow::Owned(s.clone())).collect())
        };
        Ok(flyte::Container::new(
            Cow::Owned(c.image.clone()),
            owned(&c.command),
            owned(&c.args),
            Resources {
                requests: Cow::Owned(entries_back(
                    &resources.requests,
                    "container.resources.requests",
                )?),
                limits: Cow::Owned(entries_back(
                    &resources.limits,
                    "container.resources.limits",
                )?),
            },
            pairs_back(&c.env),
            pairs_back(&c.config),
            data_config,
        ))
    }
}

impl From<&flyte::TaskTemplate> for core::TaskTemplate {
    fn from(t: &flyte::TaskTemplate) -> Self {
        core::TaskTemplate {
            id: Some(core::Identifier::from(&t.id)),
            r#type: t.r#type.clone(),
            metadata: Some(core::TaskMetadata::from(&t.metadata)),
            interface: Some(core::TypedInterface::from(&t.interface)),
            custom: None,
            target: match (&t.k8s_pod, &t.container) {
                (Some(pod), _) => {
                    Some(core::task_template::Target::K8sPod(core::K8sPod::from(pod)))
                }
                (None, Some(c)) => Some(core::task_template::Target::Container(
                    core::Container::from(c),
                )),
                (None, None) => None,
            },
            task_type_version: 0,
            security_context: None,
            extended_resources: None,
            config: t.config.clone(),
        }
    }
}

impl TryFrom<&core::TaskTemplate> for flyte::TaskTemplate {
    type Error = FromProtoError;

    fn try_from(t: &core::TaskTemplate) -> Result<Self, FromProtoError> {
        if t.custom.is_some() {
            return unsupported("custom");
        }
        if t.task_type_version != 0 {
            return unsupported("task_type_version");
        }
        if t.security_context.is_some() {
            return unsupported("security_context");
        }
        if t.extended_resources.is_some() {
            return unsupported("extended_resources");
        }
        let (container, k8s_pod) = match &t.target {
            Some(core::task_template::Target::Container(c)) => {
                (Some(flyte::Container::try_from(c)?), None)
            }
            Some(core::task_template::Target::K8sPod(p)) => {
                (None, Some(flyte::K8sPod::try_from(p)?))
            }
            Some(core::task_template::Target::Sql(_)) => return unsupported("sql"),
            None => {
                return Err(FromProtoError::Missing {
                    field: "container".to_owned(),
                });
            }
        };
        let id = t.id.as_ref().ok_or_else(|| FromProtoError::Missing {
            field: "id".to_owned(),
        })?;
        let interface = t.interface.clone().unwrap_or_default();
        Ok(flyte::TaskTemplate {
            id: flyte::Identifier::try_from(id)?,
            r#type: t.r#type.clone(),
            metadata: match &t.metadata {
                Some(m) => flyte::TaskMetadata::try_from(m)?,
                None => flyte::TaskMetadata::default(),
            },
            interface: flyte::TypedInterface::new(
                variables_back(interface.inputs.as_ref(), "interface.inputs")?,
                variables_back(interface.outputs.as_ref(), "interface.outputs")?,
            ),
            container,
            config: t.config.clone(),
            k8s_pod,
        })
    }
}

impl admin::TaskSpec {
    /// The spec `flytectl register files` reads for `template`, described by a task's doc
    /// comment: its first line as the short description (at most
    /// [`SHORT_DESCRIPTION_MAX_CHARS`] characters), the whole text as the long one, Markdown
    /// as Rust doc comments are. Without a doc comment there is no description.
    pub fn new(template: core::TaskTemplate, doc: Option<&str>) -> Self {
        let description = doc.map(str::trim).filter(|d| !d.is_empty()).map(|doc| {
            let first = doc.lines().next().unwrap_or_default().trim();
            DescriptionEntity {
                id: None,
                short_description: first.chars().take(SHORT_DESCRIPTION_MAX_CHARS).collect(),
                long_description: Some(admin::Description {
                    content: Some(admin::description::Content::Value(doc.to_owned())),
                    format: admin::DescriptionFormat::Markdown as i32,
                    icon_link: String::new(),
                }),
                source_code: None,
                tags: Vec::new(),
            }
        });
        admin::TaskSpec {
            template: Some(template),
            description,
        }
    }
}
