//! podtask: describe where and how a Rust function runs, right on the function, checked while
//! the code compiles, and serialize it to the Flyte task templates a Flyte cluster registers.
//!
//! - [`model`]: the spec, with flyteidl's names: [`Container`], [`Resources`],
//!   [`ResourceEntry`], [`KeyValuePair`], [`RuntimeMetadata`].
//! - [`flyte`]: [`TaskTemplate`] and the messages in it, as proto3 JSON.
//! - [`types`]: [`FlyteType`], the Flyte type of a Rust type.
//! - [`registry()`]: every task of the program, each a [`Task`].
//! - [`main`]: the command line of a task binary (`list`, `serialize`, `package`, `run`,
//!   `execute`, `pod`).
//!
//! A task binary is one line:
//!
//! ```no_run
//! fn main() -> std::process::ExitCode {
//!     podtask::main()
//! }
//! ```

// The macros expand to `::podtask::...` paths; this lets them work inside this crate too.
extern crate self as podtask;

pub mod cli;
mod exec;
pub mod flyte;
pub mod model;
pub mod pod;
pub mod proto;
mod registry;
mod rulebook;
mod run;
pub mod store;
mod template;
pub mod types;
pub mod value;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use cli::{main, main_with_args, main_with_io};
pub use exec::{FailureKind, TaskFailure};
pub use flyte::TaskTemplate;
pub use model::{
    Container, KeyValuePair, ResourceEntry, ResourceName, Resources, RuntimeMetadata, RuntimeType,
};
pub use pod::{K8sObjectMetadata, K8sPod, PodSpecSource};
pub use podtask_macros::{container, pod, resources, task};
pub use podtask_podspec::k8s_openapi;
pub use podtask_rules as rules;
pub use registry::{
    CacheDef, Location, Param, Registry, RegistryError, Task, TaskDef, TaskKind, TaskMetadataDef,
    registry,
};
pub use run::RunError;
pub use template::{
    DEFAULT_DOMAIN, DEFAULT_ENTRYPOINT_DIR, DEFAULT_PROJECT, SerializeSettings, TemplateError,
    VERSION_HEX_DIGITS, execute_args, version_of,
};
pub use types::FlyteType;
