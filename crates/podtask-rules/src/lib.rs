//! The podtask rulebook: every rule a task's execution environment must follow, written once and
//! checked exactly as Kubernetes and Flyte check it.
//!
//! The `#[task]` macro calls these rules while the code compiles and points each error at the
//! offending token; the `podtask` runtime calls the same functions for values built at run time.
//! The crate uses nothing but `std`, and the rules that can be are `const fn`, so that a `const`
//! written by hand is checked by the compiler too.
//!
//! | module | rules |
//! |---|---|
//! | [`quantity`] | Kubernetes resource quantities: parse, canonical form, exact comparison |
//! | [`resource`] | Flyte and Kubernetes resource names, requests and limits |
//! | [`names`] | DNS-1123 labels and subdomains, qualified names, label values, env names, annotations |
//! | [`net`] | IP addresses and CIDR values of legacy fields, DNS search domains |
//! | [`image`] | container image references |
//! | [`port`] | port numbers and port names |
//! | [`http`] | HTTP header names of probes and hooks |
//! | [`duration`] | durations such as timeouts |
//! | [`template`] | Flyte placeholders in commands and arguments |
//! | [`accelerator`] | GPU and TPU devices as Flyte names them, and their partitions |
//! | [`secret`] | secrets as Flyte injects them (names, paths), values that look like secrets |
//! | [`security`] | user and group IDs, sysctl names and namespaces, Windows user names |
//! | [`suggest`] | "did you mean" for misspelt keys |
//! | [`volume_path`] | paths inside volumes: relative, without `..` |
//!
//! Every rule reports a [`RuleError`] (or, in a `const fn`, a [`Violation`]) that names the
//! input, says what was expected and where in the input the problem is.

pub mod accelerator;
pub mod duration;
pub mod error;
pub mod http;
pub mod image;
pub mod names;
pub mod net;
pub mod port;
pub mod quantity;
pub mod resource;
pub mod secret;
pub mod security;
pub mod suggest;
pub mod template;
pub mod volume_path;

pub use error::{RuleError, Subject, Violation};
pub use quantity::Quantity;
