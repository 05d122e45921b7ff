//! What `#[task]` records of a task: a [`TaskDef`], plain `'static` data in one `static` per
//! task, and the `TaskSpec` its `spec` string decodes to when the task is used (the contract
//! between the macro and the runtime, private to them: camelCase JSON of the attribute's inline
//! parts).
//!
//! The split keeps the build cheap: the compiler sees one string literal, a few references and
//! one codec per input and output; everything else is decoded at run time, for the one task a
//! command needs.

use std::borrow::Cow;

use serde::Deserialize;

use crate::extended::{Accelerator, Secret, SharedMemory};
use crate::invoke::Run;
use crate::model::{Container, K8sPod, KeyValuePair, Resources};
use crate::pod::BuildPodSpec;
use crate::types::Codec;

/// A task as the `#[task]` macro records it, in a `static`. [`crate::Task`] is its checked,
/// decoded view.
#[derive(Clone, Copy)]
pub struct TaskDef {
    /// The Rust function's name.
    pub fn_name: &'static str,
    /// `module_path!()` at the function.
    pub module_path: &'static str,
    /// `file!()` at the function.
    pub file: &'static str,
    /// `line!()` at the function.
    pub line: u32,
    /// `column!()` at the function.
    pub column: u32,
    /// Everything written inline in the attribute, checked by the macro, as JSON: see
    /// `TaskSpec` in this module's source.
    pub spec: &'static str,
    /// The inputs, in the function's order.
    pub inputs: &'static [Param],
    /// The outputs (`o0`, `o1`, ...).
    pub outputs: &'static [Param],
    /// Calls the function, or, for a raw container task (whose container runs a command), says
    /// it has none to call.
    pub run: &'static dyn Run,
    /// What few tasks have: a name given with `#[task(name = ...)]` and parts given by path.
    /// Empty for most tasks, else one [`Extras`] (a slice, so that most tasks write `&[]`).
    pub extras: &'static [Extras],
}

/// What few tasks have, apart from [`TaskDef`]'s other fields.
#[derive(Clone, Copy, Default)]
pub struct Extras {
    /// The name given with `#[task(name = "...")]`.
    pub name: Option<&'static str>,
    /// The container, when given by path (`container = MY_CONTAINER`).
    pub container: Option<&'static Container>,
    /// The resources, when given by path (`resources = MY_RESOURCES`).
    pub resources: Option<&'static Resources>,
    /// The pod, when given by path (`pod = MY_POD`).
    pub pod: Option<&'static K8sPod>,
    /// The function that builds the pod spec of an inline pod (`pod(spec = f)`).
    pub pod_spec: Option<&'static dyn BuildPodSpec>,
    /// The accelerator, when given by path (`accelerator = A100_MIG`).
    pub accelerator: Option<&'static Accelerator>,
    /// The secrets, when given by path (`secrets = DB_SECRETS`).
    pub secrets: Option<&'static [Secret]>,
}

impl Extras {
    /// Nothing given.
    pub const NONE: Extras = Extras {
        name: None,
        container: None,
        resources: None,
        pod: None,
        pod_spec: None,
        accelerator: None,
        secrets: None,
    };
}

impl TaskDef {
    /// The task's extras ([`Extras::NONE`] when it has none).
    pub fn extras(&self) -> &'static Extras {
        self.extras.first().unwrap_or(&Extras::NONE)
    }

    /// The name given with `#[task(name = "...")]`, if any.
    pub fn name(&self) -> Option<&'static str> {
        self.extras().name
    }
}

impl std::fmt::Debug for TaskDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskDef")
            .field("fn_name", &self.fn_name)
            .field("module_path", &self.module_path)
            .field("name", &self.name())
            .field("file", &self.file)
            .field("line", &self.line)
            .field("spec", &self.spec)
            .field("inputs", &self.inputs)
            .field("outputs", &self.outputs)
            .field("runs_a_function", &self.run.calls_function())
            .finish_non_exhaustive()
    }
}

/// One input or output: its name and the codec of its Rust type.
#[derive(Clone, Copy)]
pub struct Param {
    /// The variable's name: the parameter's, or `o0`, `o1`, ... for outputs.
    pub name: &'static str,
    /// The type's Flyte type and value conversions.
    pub codec: &'static Codec,
}

impl std::fmt::Debug for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, (self.codec.type_name)())
    }
}

/// What a task's attribute says, as the macro writes it into [`TaskDef::spec`] (camelCase JSON;
/// every member optional). Parts given by path are not in it: they are [`TaskDef`]'s own
/// fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TaskSpec {
    /// `container(...)`.
    #[serde(default)]
    pub container: Option<Container>,
    /// `resources(...)`.
    #[serde(default)]
    pub resources: Option<Resources>,
    /// Retries, timeout and the like.
    #[serde(default)]
    pub metadata: TaskMetadataDef,
    /// `pod(...)`.
    #[serde(default)]
    pub pod: Option<PodSpecDoc>,
    /// `accelerator(...)`.
    #[serde(default)]
    pub accelerator: Option<Accelerator>,
    /// `shared_memory`.
    #[serde(default)]
    pub shared_memory: Option<SharedMemory>,
    /// `secrets(...)`.
    #[serde(default)]
    pub secrets: Vec<Secret>,
}

/// An inline `pod(...)` in a [`TaskSpec`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PodSpecDoc {
    #[serde(default)]
    pub primary_container_name: Option<String>,
    #[serde(default)]
    pub labels: Vec<KeyValuePair>,
    #[serde(default)]
    pub annotations: Vec<KeyValuePair>,
    /// The spec, read and checked by the macro.
    #[serde(default)]
    pub pod_spec: Option<serde_json::Map<String, serde_json::Value>>,
}

/// How a task is cached (flytekit's `Cache`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct CacheDef {
    /// The cache version: change it to drop cached results.
    pub version: String,
    /// Whether concurrent runs with the same inputs wait for one another.
    #[serde(default)]
    pub serialize: bool,
    /// Inputs left out of the cache key.
    #[serde(default)]
    pub ignored_inputs: Vec<String>,
}

/// A task's metadata as written on the function.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct TaskMetadataDef {
    /// Retries after a failed attempt.
    #[serde(default)]
    pub retries: u32,
    /// The timeout of one attempt, in seconds.
    #[serde(default)]
    pub timeout_seconds: Option<u64>,
    /// Whether the task may run on interruptible (spot) nodes.
    #[serde(default)]
    pub interruptible: bool,
    /// Caching, if the task's outputs are cached.
    #[serde(default)]
    pub cache: Option<CacheDef>,
    /// The deprecation message, if the task is deprecated.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// The function's doc comment.
    #[serde(default)]
    pub description: Option<String>,
    /// The name of the cluster's `PodTemplate` Flyte starts the task's pod from.
    #[serde(default)]
    pub pod_template_name: Option<String>,
}

impl TaskSpec {
    /// Decodes a [`TaskDef::spec`]. The macro wrote it, so an error here means a macro and a
    /// runtime of different versions.
    pub(crate) fn decode(text: &str) -> Result<TaskSpec, String> {
        serde_json::from_str(text).map_err(|e| {
            format!(
                "its definition cannot be read ({e}): was it compiled by another version of \
                 podtask's macros?"
            )
        })
    }
}

/// The name of a task: its `#[task(name = ...)]`, or the module path with `.` for `::`, then
/// `.` and the function's name (`my_crate::jobs::train` → `my_crate.jobs.train`).
pub(crate) fn task_name(def: &TaskDef) -> Cow<'static, str> {
    if let Some(n) = def.name() {
        return Cow::Borrowed(n);
    }
    let mut n = def.module_path.replace("::", ".");
    n.push('.');
    n.push_str(def.fn_name);
    Cow::Owned(n)
}

/// Whether `def` is the task called `name` ([`task_name`]), without building its name.
pub(crate) fn is_named(def: &TaskDef, name: &str) -> bool {
    if let Some(n) = def.name() {
        return n == name;
    }
    let Some(rest) = name.strip_suffix(def.fn_name) else {
        return false;
    };
    let Some(module) = rest.strip_suffix('.') else {
        return false;
    };
    let mut want = def.module_path.split("::");
    let mut got = module.split('.');
    loop {
        match (want.next(), got.next()) {
            (Some(a), Some(b)) if a == b => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}
