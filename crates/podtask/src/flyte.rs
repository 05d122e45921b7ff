//! The Flyte task template: flyteidl `core.TaskTemplate` and the messages it holds, written as
//! proto3 JSON (camelCase names, enums by name, empty values left out, durations as `"600s"`).
//!
//! Struct fields follow the proto field numbers, so the JSON lists them in the order flytekit's
//! `MessageToJson` does; maps are `BTreeMap`s, so the same template always gives the same bytes.
//! See `docs/flyte-output.md` for every field podtask writes and why.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::model::{KeyValuePair, Resources, RuntimeMetadata, is_empty_slice};

/// The task type podtask writes for a Rust function task. It is one of the types the task
/// plugin that runs plain containers registers in every Flyte deployment (see
/// `docs/flyte-output.md`).
pub const FUNCTION_TASK_TYPE: &str = "container";

/// The task type for a task that runs a command in an image, as flytekit's `ContainerTask`.
pub const RAW_CONTAINER_TASK_TYPE: &str = "raw-container";

/// A task, as Flyte registers and runs it: flyteidl `core.TaskTemplate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct TaskTemplate {
    /// Which task this is (field 1).
    pub id: Identifier,
    /// The task type, which picks the plugin that runs it (field 2).
    pub r#type: String,
    /// Retries, timeout, caching and the like (field 3).
    pub metadata: TaskMetadata,
    /// The typed inputs and outputs (field 4).
    pub interface: TypedInterface,
    /// The container to run (field 6, the `container` case of the `target` oneof); `None` for
    /// a task that runs in a pod of its own (`k8s_pod`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    /// Plugin configuration (field 16); `primary_container_name` for a pod task, as flytekit
    /// writes it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub config: BTreeMap<String, String>,
    /// The pod to run (field 17, the `k8sPod` case of the `target` oneof); `None` for a task
    /// that runs in a plain container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k8s_pod: Option<K8sPod>,
}

/// The config key Flyte reads the primary container's name from.
pub const PRIMARY_CONTAINER_NAME_KEY: &str = "primary_container_name";

/// A task's pod: flyteidl `core.K8sPod`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct K8sPod {
    /// Labels and annotations (field 1); written as `{}` when there are none, as flytekit does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<K8sObjectMetadata>,
    /// The Kubernetes pod spec, with the task's container merged into its primary container
    /// (field 2, a `google.protobuf.Struct`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_spec: Option<serde_json::Map<String, serde_json::Value>>,
    /// Data loading for command tasks (field 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_config: Option<DataLoadingConfig>,
    /// The container that runs the task (field 4).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub primary_container_name: String,
}

impl K8sPod {
    /// A pod target.
    pub fn new(
        metadata: K8sObjectMetadata,
        pod_spec: serde_json::Map<String, serde_json::Value>,
        data_config: Option<DataLoadingConfig>,
        primary_container_name: impl Into<String>,
    ) -> Self {
        K8sPod {
            metadata: Some(metadata),
            pod_spec: Some(pod_spec),
            data_config,
            primary_container_name: primary_container_name.into(),
        }
    }
}

/// The kind of entity an [`Identifier`] names: flyteidl `core.ResourceType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum ResourceType {
    /// `UNSPECIFIED` (0).
    #[default]
    Unspecified,
    /// `TASK` (1).
    Task,
    /// `WORKFLOW` (2).
    Workflow,
    /// `LAUNCH_PLAN` (3).
    LaunchPlan,
    /// `DATASET` (4).
    Dataset,
}

impl ResourceType {
    fn is_default(&self) -> bool {
        *self == ResourceType::Unspecified
    }
}

/// The name of a registered entity: flyteidl `core.Identifier`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Identifier {
    /// `TASK` for a task.
    #[serde(default, skip_serializing_if = "ResourceType::is_default")]
    pub resource_type: ResourceType,
    /// The Flyte project.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub project: String,
    /// The Flyte domain (`development`, `staging`, `production`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub domain: String,
    /// The task's name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The version it is registered under.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
}

impl Identifier {
    /// The identifier of a task.
    pub fn task(
        project: impl Into<String>,
        domain: impl Into<String>,
        name: impl Into<String>,
        version: impl Into<String>,
    ) -> Self {
        Identifier {
            resource_type: ResourceType::Task,
            project: project.into(),
            domain: domain.into(),
            name: name.into(),
            version: version.into(),
        }
    }
}

/// How often to retry a failed task: flyteidl `core.RetryStrategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RetryStrategy {
    /// The number of retries after the first attempt.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retries: u32,
}

impl RetryStrategy {
    /// `retries` retries.
    pub const fn new(retries: u32) -> Self {
        RetryStrategy { retries }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Labels and annotations for the pod: flyteidl `core.K8sObjectMetadata`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct K8sObjectMetadata {
    /// Labels.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Annotations.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

/// A task's metadata: flyteidl `core.TaskMetadata` (flyteidl 1.16), fields in field-number
/// order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct TaskMetadata {
    /// Whether outputs are cached (field 1).
    #[serde(default, skip_serializing_if = "is_false")]
    pub discoverable: bool,
    /// The runtime that wrote the task (field 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<RuntimeMetadata>,
    /// The timeout for one attempt, in seconds (field 4, a `google.protobuf.Duration`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "duration_seconds"
    )]
    pub timeout: Option<u64>,
    /// Retries (field 5). flytekit always writes it, `{}` when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<RetryStrategy>,
    /// The cache version (field 6).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub discovery_version: String,
    /// Set when the task is deprecated (field 7).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub deprecated_error_message: String,
    /// Whether the task may run on interruptible nodes (field 8, a oneof: written when set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interruptible: Option<bool>,
    /// Whether cached runs of the same inputs are serialized (field 9).
    #[serde(default, skip_serializing_if = "is_false")]
    pub cache_serializable: bool,
    /// Free-form tags (field 11).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// The name of a `PodTemplate` to start from (field 12).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pod_template_name: String,
    /// Inputs left out of the cache key (field 13).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cache_ignore_input_vars: Vec<String>,
    /// Whether the task is eager (field 14).
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_eager: bool,
    /// Whether the task writes a deck (field 15, a `google.protobuf.BoolValue`: written when
    /// set, `false` included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generates_deck: Option<bool>,
    /// Labels and annotations for the pod (field 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<K8sObjectMetadata>,
}

/// `google.protobuf.Duration` in proto3 JSON: whole seconds as `"600s"`.
mod duration_seconds {
    use serde::{Deserialize, Deserializer, Serializer, de};

    pub fn serialize<S: Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(secs) => s.collect_str(&format_args!("{secs}s")),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        let text = String::deserialize(d)?;
        let secs = text
            .strip_suffix('s')
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "expected a duration in whole seconds such as \"600s\", found {text:?}"
                ))
            })?;
        Ok(Some(secs))
    }
}

/// A task's inputs and outputs: flyteidl `core.TypedInterface`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TypedInterface {
    /// The inputs (written as `{}` when there are none, as flytekit does).
    #[serde(default)]
    pub inputs: VariableMap,
    /// The outputs.
    #[serde(default)]
    pub outputs: VariableMap,
}

impl TypedInterface {
    /// An interface with these inputs and outputs.
    pub fn new(inputs: VariableMap, outputs: VariableMap) -> Self {
        TypedInterface { inputs, outputs }
    }
}

/// Named variables: flyteidl `core.VariableMap`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct VariableMap {
    /// The variables by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, Variable>,
}

impl FromIterator<(String, Variable)> for VariableMap {
    fn from_iter<I: IntoIterator<Item = (String, Variable)>>(iter: I) -> Self {
        VariableMap {
            variables: iter.into_iter().collect(),
        }
    }
}

/// A typed variable: flyteidl `core.Variable`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Variable {
    /// Its type.
    pub r#type: LiteralType,
    /// A description; flytekit writes the variable's name, and so does podtask.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Variable {
    /// A variable of type `literal_type` described as `description`.
    pub fn new(literal_type: LiteralType, description: impl Into<String>) -> Self {
        Variable {
            r#type: literal_type,
            description: description.into(),
        }
    }
}

/// The simple types: flyteidl `core.SimpleType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SimpleType {
    /// `NONE` (0).
    None,
    /// `INTEGER` (1): a 64-bit signed integer.
    Integer,
    /// `FLOAT` (2): a 64-bit float.
    Float,
    /// `STRING` (3).
    String,
    /// `BOOLEAN` (4).
    Boolean,
    /// `DATETIME` (5).
    Datetime,
    /// `DURATION` (6).
    Duration,
    /// `BINARY` (7).
    Binary,
    /// `ERROR` (8).
    Error,
    /// `STRUCT` (9).
    Struct,
}

/// The case of the `type` oneof of a [`LiteralType`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LiteralTypeKind {
    /// `simple` (field 1).
    Simple(SimpleType),
    /// `collectionType` (field 3): a list of this type.
    CollectionType(Box<LiteralType>),
    /// `mapValueType` (field 4): a map from strings to this type.
    MapValueType(Box<LiteralType>),
    /// `enumType` (field 7).
    EnumType(EnumType),
    /// `unionType` (field 10).
    UnionType(UnionType),
}

/// A Flyte type: flyteidl `core.LiteralType`.
///
/// ```
/// use podtask::flyte::{LiteralType, SimpleType};
/// let t = LiteralType::collection(LiteralType::simple(SimpleType::Integer));
/// assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"collectionType":{"simple":"INTEGER"}}"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LiteralType {
    /// The type itself.
    pub kind: LiteralTypeKind,
    /// Descriptive metadata, not used in type checks (field 6, a `google.protobuf.Struct`).
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// Data for clients (field 9).
    pub annotation: Option<TypeAnnotation>,
    /// Hints for type matching, such as a union variant's tag (field 11).
    pub structure: Option<TypeStructure>,
}

impl LiteralType {
    /// A type of this kind, with no metadata, annotation or structure.
    pub fn new(kind: LiteralTypeKind) -> Self {
        LiteralType {
            kind,
            metadata: None,
            annotation: None,
            structure: None,
        }
    }

    /// A simple type.
    pub fn simple(simple: SimpleType) -> Self {
        Self::new(LiteralTypeKind::Simple(simple))
    }

    /// A list of `item`.
    pub fn collection(item: LiteralType) -> Self {
        Self::new(LiteralTypeKind::CollectionType(Box::new(item)))
    }

    /// A map from strings to `value`.
    pub fn map_value(value: LiteralType) -> Self {
        Self::new(LiteralTypeKind::MapValueType(Box::new(value)))
    }

    /// One of `variants`.
    pub fn union(variants: Vec<LiteralType>) -> Self {
        Self::new(LiteralTypeKind::UnionType(UnionType { variants }))
    }

    /// One of the strings `values`; the first is the default.
    pub fn enumeration(values: Vec<String>) -> Self {
        Self::new(LiteralTypeKind::EnumType(EnumType { values }))
    }

    /// This type with its structure tag set to `tag`.
    pub fn with_tag(mut self, tag: impl Into<String>) -> Self {
        self.structure = Some(TypeStructure {
            tag: tag.into(),
            dataclass_type: BTreeMap::new(),
        });
        self
    }
}

impl Serialize for LiteralType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Fields in field-number order: the oneof's case takes its own number's place.
        let number = match &self.kind {
            LiteralTypeKind::Simple(_) => 1,
            LiteralTypeKind::CollectionType(_) => 3,
            LiteralTypeKind::MapValueType(_) => 4,
            LiteralTypeKind::EnumType(_) => 7,
            LiteralTypeKind::UnionType(_) => 10,
        };
        let mut st = s.serialize_struct("LiteralType", 4)?;
        let kind = |st: &mut S::SerializeStruct| match &self.kind {
            LiteralTypeKind::Simple(t) => st.serialize_field("simple", t),
            LiteralTypeKind::CollectionType(t) => st.serialize_field("collectionType", t),
            LiteralTypeKind::MapValueType(t) => st.serialize_field("mapValueType", t),
            LiteralTypeKind::EnumType(t) => st.serialize_field("enumType", t),
            LiteralTypeKind::UnionType(t) => st.serialize_field("unionType", t),
        };
        if number < 6 {
            kind(&mut st)?;
        }
        if let Some(m) = &self.metadata {
            st.serialize_field("metadata", m)?;
        }
        if number == 7 {
            kind(&mut st)?;
        }
        if let Some(a) = &self.annotation {
            st.serialize_field("annotation", a)?;
        }
        if number == 10 {
            kind(&mut st)?;
        }
        if let Some(t) = &self.structure {
            st.serialize_field("structure", t)?;
        }
        st.end()
    }
}

impl<'de> Deserialize<'de> for LiteralType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        struct Raw {
            simple: Option<SimpleType>,
            collection_type: Option<Box<LiteralType>>,
            map_value_type: Option<Box<LiteralType>>,
            enum_type: Option<EnumType>,
            union_type: Option<UnionType>,
            metadata: Option<serde_json::Map<String, serde_json::Value>>,
            annotation: Option<TypeAnnotation>,
            structure: Option<TypeStructure>,
        }
        let raw = Raw::deserialize(d)?;
        let mut kinds = Vec::with_capacity(1);
        kinds.extend(raw.simple.map(LiteralTypeKind::Simple));
        kinds.extend(raw.collection_type.map(LiteralTypeKind::CollectionType));
        kinds.extend(raw.map_value_type.map(LiteralTypeKind::MapValueType));
        kinds.extend(raw.enum_type.map(LiteralTypeKind::EnumType));
        kinds.extend(raw.union_type.map(LiteralTypeKind::UnionType));
        if kinds.len() != 1 {
            return Err(de::Error::custom(format!(
                "a LiteralType needs exactly one of simple, collectionType, mapValueType, \
                 enumType, unionType; found {}",
                kinds.len()
            )));
        }
        Ok(LiteralType {
            kind: kinds.remove(0),
            metadata: raw.metadata,
            annotation: raw.annotation,
            structure: raw.structure,
        })
    }
}

/// A set of strings: flyteidl `core.EnumType`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EnumType {
    /// The values; the first is the default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

/// One of several types: flyteidl `core.UnionType`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UnionType {
    /// The variants, each tagged through its structure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<LiteralType>,
}

/// Hints for type matching: flyteidl `core.TypeStructure`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct TypeStructure {
    /// The tag that must match for types to be castable.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tag: String,
    /// The types of a dataclass's fields.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dataclass_type: BTreeMap<String, LiteralType>,
}

/// Data about a type for clients: flyteidl `core.TypeAnnotation`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TypeAnnotation {
    /// Any JSON object.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub annotations: serde_json::Map<String, serde_json::Value>,
}

/// Where a raw container reads its inputs and writes its outputs: flyteidl
/// `core.DataLoadingConfig`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct DataLoadingConfig {
    /// Whether Flyte loads the data.
    #[serde(default, skip_serializing_if = "is_false")]
    pub enabled: bool,
    /// The directory inputs are written to.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub input_path: String,
    /// The directory outputs are read from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub output_path: String,
}

impl DataLoadingConfig {
    /// The directory flytekit's `ContainerTask` reads inputs from by default.
    pub const DEFAULT_INPUT_PATH: &str = "/var/inputs";
    /// The directory flytekit's `ContainerTask` writes outputs to by default.
    pub const DEFAULT_OUTPUT_PATH: &str = "/var/outputs";

    /// Data loading enabled, with inputs in `input_path` and outputs in `output_path` (the
    /// format stays at its default, JSON, as flytekit leaves it).
    pub fn enabled(input_path: impl Into<String>, output_path: impl Into<String>) -> Self {
        DataLoadingConfig {
            enabled: true,
            input_path: input_path.into(),
            output_path: output_path.into(),
        }
    }
}

/// The container of a task template: flyteidl `core.Container`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Container {
    /// The image (field 1).
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub image: Cow<'static, str>,
    /// The command (field 2).
    #[serde(default, skip_serializing_if = "is_empty_slice")]
    pub command: Cow<'static, [Cow<'static, str>]>,
    /// The arguments (field 3).
    #[serde(default, skip_serializing_if = "is_empty_slice")]
    pub args: Cow<'static, [Cow<'static, str>]>,
    /// Requests and limits (field 4); written as `{}` when empty, as flytekit does.
    #[serde(default)]
    pub resources: Resources,
    /// Environment variables (field 5).
    #[serde(default, skip_serializing_if = "is_empty_slice")]
    pub env: Cow<'static, [KeyValuePair]>,
    /// Extra configuration (field 6, deprecated by flyteidl in favour of the template's
    /// `config`, still read by plugins).
    #[serde(default, skip_serializing_if = "is_empty_slice")]
    pub config: Cow<'static, [KeyValuePair]>,
    /// Data loading for raw containers (field 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_config: Option<DataLoadingConfig>,
}

impl Container {
    /// A template container from the model's container, with `image` resolved and the full
    /// argv.
    pub fn new(
        image: Cow<'static, str>,
        command: Cow<'static, [Cow<'static, str>]>,
        args: Cow<'static, [Cow<'static, str>]>,
        resources: Resources,
        env: Cow<'static, [KeyValuePair]>,
        config: Cow<'static, [KeyValuePair]>,
        data_config: Option<DataLoadingConfig>,
    ) -> Self {
        Container {
            image,
            command,
            args,
            resources,
            env,
            config,
            data_config,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_type_fields_follow_field_numbers() {
        let t = LiteralType::union(vec![
            LiteralType::simple(SimpleType::Integer).with_tag("int"),
            LiteralType::simple(SimpleType::None).with_tag("none"),
        ]);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"unionType":{"variants":[{"simple":"INTEGER","structure":{"tag":"int"}},{"simple":"NONE","structure":{"tag":"none"}}]}}"#
        );
        let mut s = LiteralType::simple(SimpleType::Struct);
        s.metadata = Some(serde_json::Map::new());
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"simple":"STRUCT","metadata":{}}"#
        );
        let back: LiteralType = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        assert!(serde_json::from_str::<LiteralType>(r#"{}"#).is_err());
        assert!(
            serde_json::from_str::<LiteralType>(r#"{"simple":"INTEGER","enumType":{}}"#).is_err()
        );
    }

    #[test]
    fn metadata_writes_durations_and_set_wrappers() {
        let m = TaskMetadata {
            timeout: Some(5400),
            retries: Some(RetryStrategy::default()),
            generates_deck: Some(false),
            interruptible: Some(false),
            ..TaskMetadata::default()
        };
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"timeout":"5400s","retries":{},"interruptible":false,"generatesDeck":false}"#
        );
        let back: TaskMetadata = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
        assert!(serde_json::from_str::<TaskMetadata>(r#"{"timeout":"1.5s"}"#).is_err());
    }
}
