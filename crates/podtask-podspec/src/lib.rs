//! Kubernetes pod specs for podtask tasks, read and checked by one set of rules at compile time
//! (by the `#[task(pod(...))]` macro) and at run time (for specs built by code or read from
//! files).
//!
//! - [`read_spec`] reads a pod spec from JSON for a [`KubernetesVersion`], refusing unknown
//!   fields (with the nearest known one, or the version that has the field), wrong types,
//!   quantities and times that do not parse, and missing required fields, each at its
//!   [`JsonPath`]; [`read_pod`] reads a whole Pod manifest the same way, metadata and status
//!   included. [`from_json_text`] turns a file's text into that JSON.
//! - [`check`](fn@check) applies Kubernetes' API validation of names, images, resources, volumes,
//!   environment, scheduling and podtask's primary-container rules, and warns of risky settings;
//!   [`read_and_check`] does both steps and shows every error at once.
//! - [`check_metadata`] checks the pod's labels and annotations.
//! - [`validate_pod`] judges a whole Pod manifest as the API server does, every error at the
//!   field the server names.
//! - [`asks_for_accelerator`] and [`shared_memory_conflict`] check a spec against a task's
//!   accelerator and shared memory.
//!
//! Reading follows a description of the Kubernetes Pod schema of every supported version
//! (1.33 to 1.37), generated from k8s-openapi's schemas by `scripts/podspec-schema` and built in
//! as plain static data: this crate needs nothing but `serde_json` and the rulebook
//! (`podtask-rules`), which keeps it cheap to build inside a proc macro. Every rule on a single
//! name or value is the rulebook's; this crate adds the rules on the structure of a pod.
//! docs/pod-rules.md lists them all with their messages.
//!
//! ```
//! use podtask_podspec::{KubernetesVersion, check, read_spec};
//! let spec = serde_json::json!({
//!     "containers": [
//!         {"name": "main-container"},
//!         {"name": "sidecar", "image": "busybox", "resources": {"requests": {"cpu": "50m", "memory": "50Mi"}}}
//!     ],
//!     "nodeSelector": {"kubernetes.io/hostname": "my-specific-node"}
//! });
//! let version = KubernetesVersion::default();
//! read_spec(&spec, version).unwrap();
//! assert!(check(&spec, Some("main-container"), version).is_ok());
//! ```

mod check;
mod error;
mod extended;
mod metadata;
mod path;
mod read;
mod schema;
mod validate;
mod version;

pub use check::{Checked, check, read_and_check};
pub use error::{SpecError, SpecWarning};
pub use extended::{
    ACCELERATOR_RESOURCES, SHARED_MEMORY_MOUNT_NAME, SHARED_MEMORY_MOUNT_PATH,
    asks_for_accelerator, is_accelerator_resource, shared_memory_conflict,
};
pub use metadata::{MetaField, MetaIssue, check_metadata};
pub use path::{JsonPath, Segment};
pub use read::{from_json_text, read_pod, read_spec};
pub use validate::{FieldError, FieldWarning, validate_pod, validate_pod_in};
pub use version::{KubernetesVersion, UnsupportedVersion};
