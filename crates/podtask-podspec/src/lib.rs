//! Kubernetes pod specs for podtask tasks, read and checked by one set of rules at compile time
//! (by the `#[task(pod(...))]` macro) and at run time (for specs built by code or read from
//! files).
//!
//! - [`from_value`] reads a k8s-openapi [`PodSpec`] from JSON, refusing unknown fields (with the
//!   nearest known one), wrong types and missing required fields, each at its [`JsonPath`];
//!   [`from_yaml`] and [`from_json_text`] turn file contents into that JSON.
//! - [`check`] applies Kubernetes' API validation of names, images, resources, volumes,
//!   environment, scheduling and podtask's primary-container rules, and warns of risky settings.
//! - [`check_metadata`] checks the pod's labels and annotations.
//!
//! Every rule on a single name or value is the rulebook's (`podtask-rules`); this crate adds the
//! rules on the structure of a pod. docs/pod-rules.md lists them all with their messages.
//!
//! ```
//! use podtask_podspec::{check, from_yaml, from_value};
//! let value = from_yaml("
//! containers:
//!   - name: main-container
//!   - name: sidecar
//!     image: busybox
//!     resources:
//!       requests: {cpu: 50m, memory: 50Mi}
//! nodeSelector:
//!   kubernetes.io/hostname: my-specific-node
//! ").unwrap();
//! let spec = from_value(&value).unwrap();
//! assert!(check(&spec, Some("main-container")).is_ok());
//! ```
//!
//! The Kubernetes version of the API types is chosen by a feature (`k8s-v1_33`, the default,
//! to `k8s-v1_37`); see docs/pod-rules.md, "Kubernetes version".

mod check;
mod error;
mod metadata;
mod path;
mod read;

pub use check::{Checked, check};
pub use error::{SpecError, SpecWarning};
pub use k8s_openapi;
pub use k8s_openapi::api::core::v1::PodSpec;
pub use metadata::{MetaField, MetaIssue, check_metadata};
pub use path::{JsonPath, Segment};
pub use read::{from_json_text, from_value, from_yaml};
