//! `flyteidl/core/tasks.proto`: the task template and what it holds.

use std::collections::BTreeMap;

use super::{Identifier, KeyValuePair, RetryStrategy, SecurityContext, TypedInterface};
use crate::proto::protobuf::{BoolValue, Duration, Struct};

/// Compute resources: `core.Resources`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Resources {
    /// What the task is guaranteed (field 1).
    #[prost(message, repeated, tag = "1")]
    pub requests: Vec<resources::ResourceEntry>,
    /// What the task may use at most (field 2).
    #[prost(message, repeated, tag = "2")]
    pub limits: Vec<resources::ResourceEntry>,
}

/// The nested types of [`Resources`].
pub mod resources {
    proto_enum! {
        /// A kind of resource: `core.Resources.ResourceName`.
        ResourceName {
            /// Not known.
            Unknown = 0 => "UNKNOWN",
            /// CPU.
            Cpu = 1 => "CPU",
            /// GPUs.
            Gpu = 2 => "GPU",
            /// Memory.
            Memory = 3 => "MEMORY",
            /// Storage.
            Storage = 4 => "STORAGE",
            /// Ephemeral storage (local disk).
            EphemeralStorage = 5 => "EPHEMERAL_STORAGE",
        }
    }

    /// One resource and its quantity: `core.Resources.ResourceEntry`.
    #[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
    pub struct ResourceEntry {
        /// The resource (field 1).
        #[prost(enumeration = "ResourceName", tag = "1")]
        pub name: i32,
        /// The quantity, as Kubernetes writes it (field 2).
        #[prost(string, tag = "2")]
        pub value: String,
    }
}

/// A GPU model and partition: `core.GPUAccelerator`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct GpuAccelerator {
    /// The device, such as `nvidia-tesla-a100` (field 1).
    #[prost(string, tag = "1")]
    pub device: String,
    /// Whole or partitioned.
    #[prost(oneof = "gpu_accelerator::PartitionSizeValue", tags = "2, 3")]
    pub partition_size_value: Option<gpu_accelerator::PartitionSizeValue>,
}

/// The oneof of [`GpuAccelerator`].
pub mod gpu_accelerator {
    /// The `partition_size_value` oneof of a [`GpuAccelerator`](super::GpuAccelerator).
    #[derive(Clone, PartialEq, Eq, Hash, ::prost::Oneof)]
    pub enum PartitionSizeValue {
        /// A whole GPU (field 2).
        #[prost(bool, tag = "2")]
        Unpartitioned(bool),
        /// A partition, such as `1g.5gb` (field 3).
        #[prost(string, tag = "3")]
        PartitionSize(String),
    }
}

/// Shared memory for the container: `core.SharedMemory`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct SharedMemory {
    /// Where it is mounted (field 1).
    #[prost(string, tag = "1")]
    pub mount_path: String,
    /// The volume's name (field 2).
    #[prost(string, tag = "2")]
    pub mount_name: String,
    /// Its size limit, a quantity (field 3).
    #[prost(string, tag = "3")]
    pub size_limit: String,
}

/// Resources beyond requests and limits: `core.ExtendedResources`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct ExtendedResources {
    /// The GPU (field 1).
    #[prost(message, optional, tag = "1")]
    pub gpu_accelerator: Option<GpuAccelerator>,
    /// Shared memory (field 2).
    #[prost(message, optional, tag = "2")]
    pub shared_memory: Option<SharedMemory>,
}

/// The runtime that wrote a task: `core.RuntimeMetadata`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct RuntimeMetadata {
    /// The kind of runtime (field 1).
    #[prost(enumeration = "runtime_metadata::RuntimeType", tag = "1")]
    pub r#type: i32,
    /// Its version (field 2).
    #[prost(string, tag = "2")]
    pub version: String,
    /// Its flavor, such as `python` (field 3).
    #[prost(string, tag = "3")]
    pub flavor: String,
}

/// The nested types of [`RuntimeMetadata`].
pub mod runtime_metadata {
    proto_enum! {
        /// The kind of runtime: `core.RuntimeMetadata.RuntimeType`.
        RuntimeType {
            /// Another runtime.
            Other = 0 => "OTHER",
            /// A Flyte SDK.
            FlyteSdk = 1 => "FLYTE_SDK",
        }
    }
}

/// A task's metadata: `core.TaskMetadata`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct TaskMetadata {
    /// Whether outputs are cached (field 1).
    #[prost(bool, tag = "1")]
    pub discoverable: bool,
    /// The runtime that wrote the task (field 2).
    #[prost(message, optional, tag = "2")]
    pub runtime: Option<RuntimeMetadata>,
    /// The timeout of one attempt (field 4).
    #[prost(message, optional, tag = "4")]
    pub timeout: Option<Duration>,
    /// Retries (field 5).
    #[prost(message, optional, tag = "5")]
    pub retries: Option<RetryStrategy>,
    /// The cache version (field 6).
    #[prost(string, tag = "6")]
    pub discovery_version: String,
    /// Set when the task is deprecated (field 7).
    #[prost(string, tag = "7")]
    pub deprecated_error_message: String,
    /// Whether the task may run on interruptible nodes (field 8, a oneof so that unset differs
    /// from `false`).
    #[prost(oneof = "task_metadata::InterruptibleValue", tags = "8")]
    pub interruptible_value: Option<task_metadata::InterruptibleValue>,
    /// Whether cached runs of the same inputs are serialized (field 9).
    #[prost(bool, tag = "9")]
    pub cache_serializable: bool,
    /// Free-form tags (field 11).
    #[prost(btree_map = "string, string", tag = "11")]
    pub tags: BTreeMap<String, String>,
    /// The name of a `PodTemplate` to start from (field 12).
    #[prost(string, tag = "12")]
    pub pod_template_name: String,
    /// Inputs left out of the cache key (field 13).
    #[prost(string, repeated, tag = "13")]
    pub cache_ignore_input_vars: Vec<String>,
    /// Whether the task is eager (field 14).
    #[prost(bool, tag = "14")]
    pub is_eager: bool,
    /// Whether the task writes a deck (field 15).
    #[prost(message, optional, tag = "15")]
    pub generates_deck: Option<BoolValue>,
    /// Labels and annotations for the pod (field 16).
    #[prost(message, optional, tag = "16")]
    pub metadata: Option<K8sObjectMetadata>,
}

/// The oneof of [`TaskMetadata`].
pub mod task_metadata {
    /// The `interruptible_value` oneof of a [`TaskMetadata`](super::TaskMetadata).
    #[derive(Clone, Copy, PartialEq, Eq, Hash, ::prost::Oneof)]
    pub enum InterruptibleValue {
        /// Whether the task may run on interruptible nodes (field 8).
        #[prost(bool, tag = "8")]
        Interruptible(bool),
    }
}

/// A task, as Flyte registers and runs it: `core.TaskTemplate`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct TaskTemplate {
    /// Which task this is (field 1).
    #[prost(message, optional, tag = "1")]
    pub id: Option<Identifier>,
    /// The task type, which picks the plugin that runs it (field 2).
    #[prost(string, tag = "2")]
    pub r#type: String,
    /// Retries, timeout, caching and the like (field 3).
    #[prost(message, optional, tag = "3")]
    pub metadata: Option<TaskMetadata>,
    /// The typed inputs and outputs (field 4).
    #[prost(message, optional, tag = "4")]
    pub interface: Option<TypedInterface>,
    /// Plugin data (field 5).
    #[prost(message, optional, tag = "5")]
    pub custom: Option<Struct>,
    /// What runs the task.
    #[prost(oneof = "task_template::Target", tags = "6, 17, 18")]
    pub target: Option<task_template::Target>,
    /// The version of the plugin data's format (field 7).
    #[prost(int32, tag = "7")]
    pub task_type_version: i32,
    /// Identity and secrets (field 8).
    #[prost(message, optional, tag = "8")]
    pub security_context: Option<SecurityContext>,
    /// GPU and shared memory (field 9).
    #[prost(message, optional, tag = "9")]
    pub extended_resources: Option<ExtendedResources>,
    /// Plugin configuration (field 16).
    #[prost(btree_map = "string, string", tag = "16")]
    pub config: BTreeMap<String, String>,
}

/// The oneof of [`TaskTemplate`].
pub mod task_template {
    /// The `target` oneof of a [`TaskTemplate`](super::TaskTemplate): what runs the task.
    #[derive(Clone, PartialEq, ::prost::Oneof)]
    pub enum Target {
        /// A container (field 6).
        #[prost(message, tag = "6")]
        Container(super::Container),
        /// A Kubernetes pod (field 17).
        #[prost(message, tag = "17")]
        K8sPod(super::K8sPod),
        /// A SQL statement (field 18).
        #[prost(message, tag = "18")]
        Sql(super::Sql),
    }
}

/// A port a container listens on: `core.ContainerPort`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct ContainerPort {
    /// The port number (field 1).
    #[prost(uint32, tag = "1")]
    pub container_port: u32,
    /// Its name (field 2).
    #[prost(string, tag = "2")]
    pub name: String,
}

/// A container: `core.Container`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Container {
    /// The image (field 1).
    #[prost(string, tag = "1")]
    pub image: String,
    /// The command (field 2).
    #[prost(string, repeated, tag = "2")]
    pub command: Vec<String>,
    /// The arguments (field 3).
    #[prost(string, repeated, tag = "3")]
    pub args: Vec<String>,
    /// Requests and limits (field 4).
    #[prost(message, optional, tag = "4")]
    pub resources: Option<Resources>,
    /// Environment variables (field 5).
    #[prost(message, repeated, tag = "5")]
    pub env: Vec<KeyValuePair>,
    /// Extra configuration (field 6, deprecated by flyteidl for the template's `config`).
    #[prost(message, repeated, tag = "6")]
    pub config: Vec<KeyValuePair>,
    /// Ports (field 7).
    #[prost(message, repeated, tag = "7")]
    pub ports: Vec<ContainerPort>,
    /// Data loading for raw containers (field 9).
    #[prost(message, optional, tag = "9")]
    pub data_config: Option<DataLoadingConfig>,
    /// The CPU architecture (field 10).
    #[prost(enumeration = "container::Architecture", tag = "10")]
    pub architecture: i32,
}

/// The nested types of [`Container`].
pub mod container {
    proto_enum! {
        /// A CPU architecture: `core.Container.Architecture`.
        Architecture {
            /// Not known.
            Unknown = 0 => "UNKNOWN",
            /// x86-64.
            Amd64 = 1 => "AMD64",
            /// 64-bit ARM.
            Arm64 = 2 => "ARM64",
            /// ARMv6.
            ArmV6 = 3 => "ARM_V6",
            /// ARMv7.
            ArmV7 = 4 => "ARM_V7",
        }
    }
}

/// How a raw container's data is moved: `core.IOStrategy`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, ::prost::Message)]
pub struct IoStrategy {
    /// How inputs are downloaded (field 1).
    #[prost(enumeration = "io_strategy::DownloadMode", tag = "1")]
    pub download_mode: i32,
    /// How outputs are uploaded (field 2).
    #[prost(enumeration = "io_strategy::UploadMode", tag = "2")]
    pub upload_mode: i32,
}

/// The nested types of [`IoStrategy`].
pub mod io_strategy {
    proto_enum! {
        /// How inputs are downloaded: `core.IOStrategy.DownloadMode`.
        DownloadMode {
            /// All before the container starts.
            DownloadEager = 0 => "DOWNLOAD_EAGER",
            /// Streamed.
            DownloadStream = 1 => "DOWNLOAD_STREAM",
            /// Not at all.
            DoNotDownload = 2 => "DO_NOT_DOWNLOAD",
        }
    }

    proto_enum! {
        /// How outputs are uploaded: `core.IOStrategy.UploadMode`.
        UploadMode {
            /// When the container exits.
            UploadOnExit = 0 => "UPLOAD_ON_EXIT",
            /// As they are written.
            UploadEager = 1 => "UPLOAD_EAGER",
            /// Not at all.
            DoNotUpload = 2 => "DO_NOT_UPLOAD",
        }
    }
}

/// Where a raw container reads inputs and writes outputs: `core.DataLoadingConfig`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct DataLoadingConfig {
    /// Whether Flyte moves the data (field 1).
    #[prost(bool, tag = "1")]
    pub enabled: bool,
    /// The directory inputs are written to (field 2).
    #[prost(string, tag = "2")]
    pub input_path: String,
    /// The directory outputs are read from (field 3).
    #[prost(string, tag = "3")]
    pub output_path: String,
    /// The format of the input and output maps (field 4).
    #[prost(enumeration = "data_loading_config::LiteralMapFormat", tag = "4")]
    pub format: i32,
    /// How data is moved (field 5).
    #[prost(message, optional, tag = "5")]
    pub io_strategy: Option<IoStrategy>,
}

/// The nested types of [`DataLoadingConfig`].
pub mod data_loading_config {
    proto_enum! {
        /// The format of the input and output maps: `core.DataLoadingConfig.LiteralMapFormat`.
        LiteralMapFormat {
            /// JSON.
            Json = 0 => "JSON",
            /// YAML.
            Yaml = 1 => "YAML",
            /// Binary protobuf.
            Proto = 2 => "PROTO",
        }
    }
}

/// A Kubernetes pod as a task's target: `core.K8sPod`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct K8sPod {
    /// Labels and annotations (field 1).
    #[prost(message, optional, tag = "1")]
    pub metadata: Option<K8sObjectMetadata>,
    /// The pod spec, as JSON (field 2).
    #[prost(message, optional, tag = "2")]
    pub pod_spec: Option<Struct>,
    /// Data loading (field 3).
    #[prost(message, optional, tag = "3")]
    pub data_config: Option<DataLoadingConfig>,
    /// The container Flyte treats as the task's (field 4).
    #[prost(string, tag = "4")]
    pub primary_container_name: String,
}

/// Labels and annotations: `core.K8sObjectMetadata`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct K8sObjectMetadata {
    /// Labels (field 1).
    #[prost(btree_map = "string, string", tag = "1")]
    pub labels: BTreeMap<String, String>,
    /// Annotations (field 2).
    #[prost(btree_map = "string, string", tag = "2")]
    pub annotations: BTreeMap<String, String>,
}

/// A SQL statement as a task's target: `core.Sql`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Sql {
    /// The statement (field 1).
    #[prost(string, tag = "1")]
    pub statement: String,
    /// Its dialect (field 2).
    #[prost(enumeration = "sql::Dialect", tag = "2")]
    pub dialect: i32,
}

/// The nested types of [`Sql`].
pub mod sql {
    proto_enum! {
        /// A SQL dialect: `core.Sql.Dialect`.
        Dialect {
            /// Not set.
            Undefined = 0 => "UNDEFINED",
            /// ANSI SQL.
            Ansi = 1 => "ANSI",
            /// Hive.
            Hive = 2 => "HIVE",
            /// Another.
            Other = 3 => "OTHER",
        }
    }
}
