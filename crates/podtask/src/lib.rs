//! podtask: describe where and how a Rust function runs, right on the function, checked while
//! the code compiles, and serialize it to the Flyte task templates a Flyte cluster registers
//! and the Kubernetes Pods that run it.
//!
//! The flow, one module each:
//!
//! - **definitions**: [`model`] (the spec as authors write it: [`Container`], [`Resources`],
//!   [`K8sPod`], ...), [`def`] (what `#[task]` records: a [`TaskDef`] per task), [`types`] (the
//!   Flyte type of a Rust type).
//! - **registry**: [`registry()`], every task of the program, read lazily, each a [`Task`].
//! - **building**: [`mod@template`] (the flyteidl task template), [`mod@pod`] (pod specs, the Pod
//!   manifest of a run), with [`settings`]; the wire messages are [`flyteidl`]'s.
//! - **execution**: [`run`] (a task in this process), [`invoke`] (calling the function),
//!   [`value`] (literals and JSON), [`store`] (where `execute` reads and writes), [`usage`]
//!   (what a run used, against the task's requests and limits).
//! - **command line**: [`cli`], whose [`main`] a task binary calls:
//!
//! ```no_run
//! fn main() -> std::process::ExitCode {
//!     podtask::main()
//! }
//! ```

// The macros expand to `::podtask::...` paths; this lets them work inside this crate too.
extern crate self as podtask;

pub mod cli;
pub mod def;
pub mod extended;
pub mod invoke;
pub mod model;
pub mod pod;
mod registry;
mod rulebook;
pub mod run;
pub mod secrets;
pub mod settings;
pub mod store;
pub mod template;
pub mod types;
pub mod usage;
pub mod value;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// The flyteidl 1.16 messages: protobuf and proto3 JSON from one model (the
/// `podtask-flyteidl` crate).
pub use podtask_flyteidl as flyteidl;

pub use cli::{main, main_with_args, main_with_io};
pub use def::{CacheDef, Extras, Param, TaskDef, TaskMetadataDef};
pub use extended::{Accelerator, Partition, Secret, SecretMount, SharedMemory};
pub use invoke::{FailureKind, TaskFailure};
#[cfg(feature = "k8s-openapi")]
pub use k8s_openapi;
pub use model::{
    Container, K8sObjectMetadata, K8sPod, KeyValuePair, PodSpecSource, ResourceEntry, ResourceName,
    Resources, RuntimeMetadata, RuntimeType,
};
pub use podtask_macros::{accelerator, container, pod, resources, secrets, task};
pub use podtask_rules as rules;
pub use registry::{
    Location, Registry, RegistryError, TASKS, Task, TaskErrorKind, TaskKind, registry,
};
pub use run::RunError;
pub use secrets::secret;
pub use settings::{
    DEFAULT_DOMAIN, DEFAULT_ENTRYPOINT_DIR, DEFAULT_PROJECT, SerializeSettings, TemplateError,
    VERSION_HEX_DIGITS, execute_args,
};
pub use template::{template, template_json, version_of};
