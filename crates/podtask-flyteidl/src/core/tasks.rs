//! `flyteidl/core/tasks.proto`: the task template and what it holds.

use super::{Identifier, KeyValuePair, RetryStrategy, SecurityContext, TypedInterface};
use crate::protobuf::{BoolValue, Duration, Struct};

message! {
    /// Compute resources: `core.Resources`.
    #[derive(Eq, Hash)]
    Resources {
        /// What the task is guaranteed (field 1).
        requests: repeated(message(resources::ResourceEntry)) = 1 "requests",
        /// What the task may use at most (field 2).
        limits: repeated(message(resources::ResourceEntry)) = 2 "limits",
    }
}

/// The nested types of [`Resources`].
pub mod resources {
    enumeration! {
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

    message! {
        /// One resource and its quantity: `core.Resources.ResourceEntry`.
        #[derive(Eq, Hash)]
        ResourceEntry {
            /// The resource (field 1).
            name: enumeration(ResourceName) = 1 "name",
            /// The quantity, as Kubernetes writes it (field 2).
            value: string = 2 "value",
        }
    }
}

message! {
    /// A GPU model and partition: `core.GPUAccelerator`.
    #[derive(Eq, Hash)]
    GpuAccelerator {
        /// The device, such as `nvidia-tesla-a100` (field 1).
        device: string = 1 "device",
        /// Whole or partitioned.
        partition_size_value: oneof(gpu_accelerator::PartitionSizeValue),
    }
}

/// The oneof of [`GpuAccelerator`].
pub mod gpu_accelerator {
    oneof! {
        /// The `partition_size_value` oneof of a [`GpuAccelerator`](super::GpuAccelerator).
        #[derive(Eq, Hash)]
        PartitionSizeValue {
            /// A whole GPU (field 2).
            Unpartitioned: bool = 2 "unpartitioned",
            /// A partition, such as `1g.5gb` (field 3).
            PartitionSize: string = 3 "partitionSize",
        }
    }
}

message! {
    /// Shared memory for the container: `core.SharedMemory`.
    #[derive(Eq, Hash)]
    SharedMemory {
        /// Where it is mounted (field 1).
        mount_path: string = 1 "mountPath",
        /// The volume's name (field 2).
        mount_name: string = 2 "mountName",
        /// Its size limit, a quantity (field 3).
        size_limit: string = 3 "sizeLimit",
    }
}

message! {
    /// Resources beyond requests and limits: `core.ExtendedResources`.
    #[derive(Eq, Hash)]
    ExtendedResources {
        /// The GPU (field 1).
        gpu_accelerator: message(GpuAccelerator) = 1 "gpuAccelerator",
        /// Shared memory (field 2).
        shared_memory: message(SharedMemory) = 2 "sharedMemory",
    }
}

message! {
    /// The runtime that wrote a task: `core.RuntimeMetadata`.
    #[derive(Eq, Hash)]
    RuntimeMetadata {
        /// The kind of runtime (field 1).
        r#type: enumeration(runtime_metadata::RuntimeType) = 1 "type",
        /// Its version (field 2).
        version: string = 2 "version",
        /// Its flavor, such as `python` (field 3).
        flavor: string = 3 "flavor",
    }
}

/// The nested types of [`RuntimeMetadata`].
pub mod runtime_metadata {
    enumeration! {
        /// The kind of runtime: `core.RuntimeMetadata.RuntimeType`.
        RuntimeType {
            /// Another runtime.
            Other = 0 => "OTHER",
            /// A Flyte SDK.
            FlyteSdk = 1 => "FLYTE_SDK",
        }
    }
}

message! {
    /// A task's metadata: `core.TaskMetadata`.
    ///
    /// A set message is written even when empty, and the `interruptible` case even when `false`,
    /// as flytekit writes them:
    ///
    /// ```
    /// use podtask_flyteidl::core::{task_metadata::InterruptibleValue, RetryStrategy, TaskMetadata};
    /// use podtask_flyteidl::protobuf::{BoolValue, Duration};
    ///
    /// let m = TaskMetadata {
    ///     timeout: Some(Duration { seconds: 5400, nanos: 0 }),
    ///     retries: Some(RetryStrategy::default()),
    ///     interruptible_value: Some(InterruptibleValue::Interruptible(false)),
    ///     generates_deck: Some(BoolValue { value: false }),
    ///     ..TaskMetadata::default()
    /// };
    /// assert_eq!(
    ///     serde_json::to_string(&m).unwrap(),
    ///     r#"{"timeout":"5400s","retries":{},"interruptible":false,"generatesDeck":false}"#
    /// );
    /// ```
    TaskMetadata {
        /// Whether outputs are cached (field 1).
        discoverable: bool = 1 "discoverable",
        /// The runtime that wrote the task (field 2).
        runtime: message(RuntimeMetadata) = 2 "runtime",
        /// The timeout of one attempt (field 4).
        timeout: message(Duration) = 4 "timeout",
        /// Retries (field 5).
        retries: message(RetryStrategy) = 5 "retries",
        /// The cache version (field 6).
        discovery_version: string = 6 "discoveryVersion",
        /// Set when the task is deprecated (field 7).
        deprecated_error_message: string = 7 "deprecatedErrorMessage",
        /// Whether the task may run on interruptible nodes (field 8, a oneof so that unset differs
        /// from `false`).
        interruptible_value: oneof(task_metadata::InterruptibleValue),
        /// Whether cached runs of the same inputs are serialized (field 9).
        cache_serializable: bool = 9 "cacheSerializable",
        /// Free-form tags (field 11).
        tags: map(string, string) = 11 "tags",
        /// The name of a `PodTemplate` to start from (field 12).
        pod_template_name: string = 12 "podTemplateName",
        /// Inputs left out of the cache key (field 13).
        cache_ignore_input_vars: repeated(string) = 13 "cacheIgnoreInputVars",
        /// Whether the task is eager (field 14).
        is_eager: bool = 14 "isEager",
        /// Whether the task writes a deck (field 15).
        generates_deck: message(BoolValue) = 15 "generatesDeck",
        /// Labels and annotations for the pod (field 16).
        metadata: message(K8sObjectMetadata) = 16 "metadata",
    }
}

/// The oneof of [`TaskMetadata`].
pub mod task_metadata {
    oneof! {
        /// The `interruptible_value` oneof of a [`TaskMetadata`](super::TaskMetadata).
        #[derive(Copy, Eq, Hash)]
        InterruptibleValue {
            /// Whether the task may run on interruptible nodes (field 8).
            Interruptible: bool = 8 "interruptible",
        }
    }
}

message! {
    /// A task, as Flyte registers and runs it: `core.TaskTemplate`.
    TaskTemplate {
        /// Which task this is (field 1).
        id: message(Identifier) = 1 "id",
        /// The task type, which picks the plugin that runs it (field 2).
        r#type: string = 2 "type",
        /// Retries, timeout, caching and the like (field 3).
        metadata: message(TaskMetadata) = 3 "metadata",
        /// The typed inputs and outputs (field 4).
        interface: message(TypedInterface) = 4 "interface",
        /// Plugin data (field 5).
        custom: message(Struct) = 5 "custom",
        /// What runs the task.
        target: oneof(task_template::Target),
        /// The version of the plugin data's format (field 7).
        task_type_version: int32 = 7 "taskTypeVersion",
        /// Identity and secrets (field 8).
        security_context: message(SecurityContext) = 8 "securityContext",
        /// GPU and shared memory (field 9).
        extended_resources: message(ExtendedResources) = 9 "extendedResources",
        /// Plugin configuration (field 16).
        config: map(string, string) = 16 "config",
    }
}

/// The oneof of [`TaskTemplate`].
pub mod task_template {
    oneof! {
        /// The `target` oneof of a [`TaskTemplate`](super::TaskTemplate): what runs the task.
        Target {
            /// A container (field 6).
            Container: message(super::Container) = 6 "container",
            /// A Kubernetes pod (field 17).
            K8sPod: message(super::K8sPod) = 17 "k8sPod",
            /// A SQL statement (field 18).
            Sql: message(super::Sql) = 18 "sql",
        }
    }
}

message! {
    /// A port a container listens on: `core.ContainerPort`.
    #[derive(Eq, Hash)]
    ContainerPort {
        /// The port number (field 1).
        container_port: uint32 = 1 "containerPort",
        /// Its name (field 2).
        name: string = 2 "name",
    }
}

message! {
    /// A container: `core.Container`.
    #[derive(Eq, Hash)]
    Container {
        /// The image (field 1).
        image: string = 1 "image",
        /// The command (field 2).
        command: repeated(string) = 2 "command",
        /// The arguments (field 3).
        args: repeated(string) = 3 "args",
        /// Requests and limits (field 4).
        resources: message(Resources) = 4 "resources",
        /// Environment variables (field 5).
        env: repeated(message(KeyValuePair)) = 5 "env",
        /// Extra configuration (field 6, deprecated by flyteidl for the template's `config`).
        config: repeated(message(KeyValuePair)) = 6 "config",
        /// Ports (field 7).
        ports: repeated(message(ContainerPort)) = 7 "ports",
        /// Data loading for raw containers (field 9).
        data_config: message(DataLoadingConfig) = 9 "dataConfig",
        /// The CPU architecture (field 10).
        architecture: enumeration(container::Architecture) = 10 "architecture",
    }
}

/// The nested types of [`Container`].
pub mod container {
    enumeration! {
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

message! {
    /// How a raw container's data is moved: `core.IOStrategy`.
    #[derive(Copy, Eq, Hash)]
    IoStrategy {
        /// How inputs are downloaded (field 1).
        download_mode: enumeration(io_strategy::DownloadMode) = 1 "downloadMode",
        /// How outputs are uploaded (field 2).
        upload_mode: enumeration(io_strategy::UploadMode) = 2 "uploadMode",
    }
}

/// The nested types of [`IoStrategy`].
pub mod io_strategy {
    enumeration! {
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

    enumeration! {
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

message! {
    /// Where a raw container reads inputs and writes outputs: `core.DataLoadingConfig`.
    #[derive(Eq, Hash)]
    DataLoadingConfig {
        /// Whether Flyte moves the data (field 1).
        enabled: bool = 1 "enabled",
        /// The directory inputs are written to (field 2).
        input_path: string = 2 "inputPath",
        /// The directory outputs are read from (field 3).
        output_path: string = 3 "outputPath",
        /// The format of the input and output maps (field 4).
        format: enumeration(data_loading_config::LiteralMapFormat) = 4 "format",
        /// How data is moved (field 5).
        io_strategy: message(IoStrategy) = 5 "ioStrategy",
    }
}

/// The nested types of [`DataLoadingConfig`].
pub mod data_loading_config {
    enumeration! {
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

message! {
    /// A Kubernetes pod as a task's target: `core.K8sPod`.
    K8sPod {
        /// Labels and annotations (field 1).
        metadata: message(K8sObjectMetadata) = 1 "metadata",
        /// The pod spec, as JSON (field 2).
        pod_spec: message(Struct) = 2 "podSpec",
        /// Data loading (field 3).
        data_config: message(DataLoadingConfig) = 3 "dataConfig",
        /// The container Flyte treats as the task's (field 4).
        primary_container_name: string = 4 "primaryContainerName",
    }
}

message! {
    /// Labels and annotations: `core.K8sObjectMetadata`.
    #[derive(Eq, Hash)]
    K8sObjectMetadata {
        /// Labels (field 1).
        labels: map(string, string) = 1 "labels",
        /// Annotations (field 2).
        annotations: map(string, string) = 2 "annotations",
    }
}

message! {
    /// A SQL statement as a task's target: `core.Sql`.
    #[derive(Eq, Hash)]
    Sql {
        /// The statement (field 1).
        statement: string = 1 "statement",
        /// Its dialect (field 2).
        dialect: enumeration(sql::Dialect) = 2 "dialect",
    }
}

/// The nested types of [`Sql`].
pub mod sql {
    enumeration! {
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
