//! The task registry: every task the program defines, collected when it links, and read lazily.
//!
//! Each `#[task]` adds a [`TaskDef`] to one distributed slice, [`TASKS`]. Reading the registry
//! builds nothing: looking a task up by name compares names (without building them) and decodes
//! and checks that one task alone, so a command that runs one task pays for one task, and a task
//! that cannot be used breaks only itself. [`Registry::tasks`] and [`Registry::check`] build and
//! check them all, reporting every failing task.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::def::{self, TaskDef, TaskMetadataDef, TaskSpec};
use crate::extended::{self, Accelerator, Secret, SharedMemory};
use crate::flyteidl::core::LiteralType;
use crate::model::{Container, K8sObjectMetadata, K8sPod, PodError, PodSpecSource, Resources};

/// Every task of the program, gathered at link time.
#[linkme::distributed_slice]
pub static TASKS: [TaskDef];

/// How a task runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskKind {
    /// A Rust function, run by the task binary's `execute` command in the container.
    Function,
    /// A command in an image, as written (flytekit's `ContainerTask`); inputs and outputs are
    /// files in the container.
    RawContainer,
}

/// Where a task is defined in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file, as `file!()` gives it.
    pub file: &'static str,
    /// The line.
    pub line: u32,
    /// The column.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

fn location(def: &TaskDef) -> Location {
    Location {
        file: def.file,
        line: def.line,
        column: def.column,
    }
}

/// A task of the program, decoded and checked: its name, where it is defined, its container,
/// resources, metadata, pod and typed interface.
#[derive(Debug, Clone)]
pub struct Task {
    def: &'static TaskDef,
    name: Cow<'static, str>,
    container: Cow<'static, Container>,
    resources: Cow<'static, Resources>,
    metadata: TaskMetadataDef,
    pod: Option<Cow<'static, K8sPod>>,
    accelerator: Option<Cow<'static, Accelerator>>,
    shared_memory: Option<SharedMemory>,
    secrets: Cow<'static, [Secret]>,
    input_types: Vec<Arc<LiteralType>>,
    output_types: Vec<Arc<LiteralType>>,
}

impl Task {
    /// The task `def` describes, decoded and checked: its name (the `#[task(name = ...)]`
    /// override, or the module path with `.` for `::`, then `.` and the function's name:
    /// `my_crate::jobs::train` → `my_crate.jobs.train`), the Flyte type of every input and
    /// output, and its pod (a spec built by code is built and checked here).
    pub fn new(def: &'static TaskDef) -> Result<Task, RegistryError> {
        let name = def::task_name(def);
        let fail = |reason: TaskErrorKind| RegistryError::Task {
            task: name.to_string(),
            location: location(def),
            kind: reason,
        };
        if let Err(v) = podtask_rules::names::task_name(&name) {
            return Err(fail(TaskErrorKind::InvalidName(v.message)));
        }
        let spec = TaskSpec::decode(def.spec).map_err(|e| fail(TaskErrorKind::Definition(e)))?;
        let extras = def.extras();
        let container = match (extras.container, spec.container) {
            (Some(c), _) => Cow::Borrowed(c),
            (None, Some(c)) => Cow::Owned(c),
            (None, None) => Cow::Owned(Container::default()),
        };
        let resources = match (extras.resources, spec.resources) {
            (Some(r), _) => Cow::Borrowed(r),
            (None, Some(r)) => Cow::Owned(r),
            (None, None) => match &container {
                Cow::Borrowed(c) => Cow::Borrowed(&c.resources),
                Cow::Owned(c) => Cow::Owned(c.resources.clone()),
            },
        };
        let pod = match (extras.pod, spec.pod) {
            (Some(p), _) => Some(Cow::Borrowed(p)),
            (None, Some(p)) => {
                let source = match (extras.pod_spec, p.pod_spec) {
                    (Some(f), _) => PodSpecSource::Function(f),
                    (None, Some(map)) => PodSpecSource::Value(map),
                    (None, None) => PodSpecSource::None,
                };
                Some(Cow::Owned(K8sPod::checked_by_macro(
                    Cow::Owned(
                        p.primary_container_name
                            .unwrap_or_else(|| crate::model::DEFAULT_PRIMARY_CONTAINER_NAME.into()),
                    ),
                    K8sObjectMetadata {
                        labels: Cow::Owned(p.labels),
                        annotations: Cow::Owned(p.annotations),
                    },
                    source,
                )))
            }
            (None, None) => None,
        };
        if let Some(pod) = &pod {
            pod.check_built()
                .map_err(|e| fail(TaskErrorKind::InvalidPod(e)))?;
        }
        let accelerator = match (extras.accelerator, spec.accelerator) {
            (Some(a), _) => Some(Cow::Borrowed(a)),
            (None, a) => a.map(Cow::Owned),
        };
        let secrets = match extras.secrets {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(spec.secrets),
        };
        let invalid = |setting: &'static str, message: String| {
            fail(TaskErrorKind::InvalidSetting { setting, message })
        };
        if let Some(a) = &accelerator {
            a.check()
                .map_err(|e| invalid("accelerator", e.to_string()))?;
        }
        if let Some(m) = &spec.shared_memory {
            m.check()
                .map_err(|e| invalid("shared_memory", e.to_string()))?;
        }
        extended::check_secrets(&secrets, &container.env)
            .map_err(|message| invalid("secrets", message))?;
        if let Some(name) = &spec.metadata.pod_template_name {
            podtask_rules::names::dns1123_subdomain(name).map_err(|v| {
                let e = v.into_error(podtask_rules::Subject::Dns1123Subdomain, name);
                invalid("pod_template_name", e.to_string())
            })?;
        }
        if accelerator.is_some() || spec.shared_memory.is_some() {
            let spec_map = match &pod {
                Some(p) => p
                    .pod_spec()
                    .map_err(|e| fail(TaskErrorKind::InvalidPod(e)))?,
                None => serde_json::Map::new(),
            };
            let primary = pod
                .as_ref()
                .map_or(crate::model::DEFAULT_PRIMARY_CONTAINER_NAME, |p| {
                    p.primary_container_name()
                });
            if let Some(a) = &accelerator {
                extended::check_gpu_for(a, &resources, &spec_map, primary)
                    .map_err(|m| invalid("accelerator", m))?;
            }
            if spec.shared_memory.is_some() {
                extended::check_shared_memory_room(&spec_map, primary)
                    .map_err(|m| invalid("shared_memory", m))?;
            }
        }
        let types = |params: &[def::Param], direction: &'static str| {
            params
                .iter()
                .map(|p| {
                    (p.codec.literal_type)().map_err(|reason| {
                        fail(TaskErrorKind::UnsupportedType {
                            direction,
                            param: p.name.to_owned(),
                            reason,
                        })
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let input_types = types(def.inputs, "input")?;
        let output_types = types(def.outputs, "output")?;
        Ok(Task {
            def,
            name,
            container,
            resources,
            metadata: spec.metadata,
            pod,
            accelerator,
            shared_memory: spec.shared_memory,
            secrets,
            input_types,
            output_types,
        })
    }

    /// The task's full name, which Flyte registers it under.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the task is defined.
    pub fn location(&self) -> Location {
        location(self.def)
    }

    /// How the task runs.
    pub fn kind(&self) -> TaskKind {
        if self.def.run.calls_function() {
            TaskKind::Function
        } else {
            TaskKind::RawContainer
        }
    }

    /// The container as written (its resources may be replaced: see [`Task::resources`]).
    pub fn container(&self) -> &Container {
        &self.container
    }

    /// The resources the task runs with: those given apart from the container, else the
    /// container's.
    pub fn resources(&self) -> &Resources {
        &self.resources
    }

    /// Retries, timeout, caching and the like.
    pub fn metadata(&self) -> &TaskMetadataDef {
        &self.metadata
    }

    /// The function's doc comment, if it has one.
    pub fn description(&self) -> Option<&str> {
        self.metadata.description.as_deref()
    }

    /// The task's pod, if it was given one (`#[task(pod(...))]`).
    pub fn pod(&self) -> Option<&K8sPod> {
        self.pod.as_deref()
    }

    /// The accelerator the task runs on, if it names one.
    pub fn accelerator(&self) -> Option<&Accelerator> {
        self.accelerator.as_deref()
    }

    /// The task's shared memory, if it asks for some.
    pub fn shared_memory(&self) -> Option<&SharedMemory> {
        self.shared_memory.as_ref()
    }

    /// The secrets the task reads, in the order requested.
    pub fn secrets(&self) -> &[Secret] {
        &self.secrets
    }

    /// The inputs, in the function's order, each with its Flyte type.
    pub fn inputs(&self) -> impl ExactSizeIterator<Item = (&'static str, &LiteralType)> + '_ {
        self.def
            .inputs
            .iter()
            .map(|p| p.name)
            .zip(self.input_types.iter().map(|t| &**t))
    }

    /// The outputs (`o0`, `o1`, ...), each with its Flyte type.
    pub fn outputs(&self) -> impl ExactSizeIterator<Item = (&'static str, &LiteralType)> + '_ {
        self.def
            .outputs
            .iter()
            .map(|p| p.name)
            .zip(self.output_types.iter().map(|t| &**t))
    }

    /// The Flyte type of the input `name`.
    pub fn input_type(&self, name: &str) -> Option<&LiteralType> {
        self.inputs().find(|(n, _)| *n == name).map(|(_, t)| t)
    }

    /// The Flyte type of the output `name`.
    pub fn output_type(&self, name: &str) -> Option<&LiteralType> {
        self.outputs().find(|(n, _)| *n == name).map(|(_, t)| t)
    }

    /// The definition this task was made from.
    pub fn def(&self) -> &'static TaskDef {
        self.def
    }
}

/// Why a task of the program cannot be used.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RegistryError {
    /// No task has this name.
    NotFound {
        /// The name asked for.
        name: String,
        /// The nearest task name, if one is near.
        suggestion: Option<String>,
    },
    /// Two tasks have one name.
    DuplicateName {
        /// The name.
        name: String,
        /// Where the first is defined.
        first: Location,
        /// Where the second is defined.
        second: Location,
    },
    /// A task that cannot be used, and why.
    Task {
        /// The task's name.
        task: String,
        /// Where the task is defined.
        location: Location,
        /// What is wrong.
        kind: TaskErrorKind,
    },
}

/// What is wrong with a task ([`RegistryError::Task`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TaskErrorKind {
    /// A name that cannot be a Flyte task name nor a file name.
    InvalidName(&'static str),
    /// The definition the macro wrote cannot be read.
    Definition(String),
    /// An input or output whose Rust type has no Flyte type.
    UnsupportedType {
        /// `input` or `output`.
        direction: &'static str,
        /// The input's or output's name.
        param: String,
        /// Why its type has no Flyte type.
        reason: String,
    },
    /// The task's pod spec or pod metadata breaks a rule (a spec built by code is checked
    /// here).
    InvalidPod(PodError),
    /// A setting breaks a rule: a setting given by path (which the macro cannot see), or a
    /// combination that only shows once every part is known (an accelerator without a GPU
    /// request, shared memory where the pod spec already mounts something).
    InvalidSetting {
        /// The setting, as the attribute names it (`accelerator`, `secrets`, ...).
        setting: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::NotFound { name, suggestion } => {
                write!(f, "no task is named {name:?}")?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean {s:?}? (`list` prints every task)"),
                    None => f.write_str(" (`list` prints every task)"),
                }
            }
            RegistryError::DuplicateName {
                name,
                first,
                second,
            } => write!(
                f,
                "two tasks are named {name:?}: one at {first}, one at {second}; \
                 rename one with #[task(name = \"...\")]"
            ),
            RegistryError::Task {
                task,
                location,
                kind,
            } => match kind {
                TaskErrorKind::InvalidName(reason) => {
                    write!(f, "invalid task name {task:?} at {location}: {reason}")
                }
                TaskErrorKind::Definition(e) => write!(f, "task {task} at {location}: {e}"),
                TaskErrorKind::UnsupportedType {
                    direction,
                    param,
                    reason,
                } => write!(
                    f,
                    "task {task} at {location}: the type of {direction} {param:?} has no Flyte \
                     type: {reason}"
                ),
                TaskErrorKind::InvalidPod(e) => {
                    write!(f, "task {task} at {location}: invalid pod spec: {e}")
                }
                TaskErrorKind::InvalidSetting { setting, message } => {
                    write!(f, "task {task} at {location}: {setting}: {message}")
                }
            },
        }
    }
}

impl std::error::Error for RegistryError {}

/// The tasks of a program. Reading it builds nothing; see the module's documentation.
#[derive(Debug, Clone)]
pub struct Registry {
    defs: Defs,
}

#[derive(Debug, Clone)]
enum Defs {
    /// The program's own: the linked slice.
    Program(&'static [TaskDef]),
    /// Given to [`Registry::from_defs`].
    Given(Vec<&'static TaskDef>),
}

impl Registry {
    /// A registry of these definitions (the program's own are in [`registry`]).
    pub fn from_defs(defs: impl IntoIterator<Item = &'static TaskDef>) -> Self {
        Registry {
            defs: Defs::Given(defs.into_iter().collect()),
        }
    }

    fn defs(&self) -> impl Iterator<Item = &'static TaskDef> + '_ {
        let (program, given): (&'static [TaskDef], &[&'static TaskDef]) = match &self.defs {
            Defs::Program(p) => (p, &[]),
            Defs::Given(g) => (&[], g),
        };
        program.iter().chain(given.iter().copied())
    }

    /// How many tasks there are.
    pub fn len(&self) -> usize {
        match &self.defs {
            Defs::Program(p) => p.len(),
            Defs::Given(g) => g.len(),
        }
    }

    /// True when the program defines no task.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every task's name, sorted (a name given to two tasks is listed twice). Nothing is
    /// decoded or checked.
    pub fn names(&self) -> Vec<Cow<'static, str>> {
        let mut names: Vec<Cow<'static, str>> = self.defs().map(def::task_name).collect();
        names.sort_unstable();
        names
    }

    /// The task called `name`, decoded and checked; the other tasks are not read.
    pub fn task(&self, name: &str) -> Result<Task, RegistryError> {
        let mut found: Vec<&'static TaskDef> =
            self.defs().filter(|d| def::is_named(d, name)).collect();
        // In source order, so that a name given to several tasks names its first two.
        found.sort_by_key(|d| location(d));
        let mut found = found.into_iter();
        let Some(first) = found.next() else {
            let names = self.names();
            return Err(RegistryError::NotFound {
                name: name.to_owned(),
                suggestion: podtask_rules::suggest::did_you_mean(
                    name,
                    names.iter().map(|n| n.as_ref()),
                )
                .map(str::to_owned),
            });
        };
        if let Some(second) = found.next() {
            return Err(RegistryError::DuplicateName {
                name: name.to_owned(),
                first: location(first),
                second: location(second),
            });
        }
        Task::new(first)
    }

    /// Every task, decoded and checked, sorted by name: each a task or why it cannot be used.
    /// Two tasks with one name both come out as [`RegistryError::DuplicateName`].
    pub fn tasks(&self) -> Vec<Result<Task, RegistryError>> {
        let mut defs: Vec<(Cow<'static, str>, &'static TaskDef)> =
            self.defs().map(|d| (def::task_name(d), d)).collect();
        // Sorting by location too makes an error name the same pair on every build.
        defs.sort_by(|a, b| a.0.cmp(&b.0).then(location(a.1).cmp(&location(b.1))));
        let mut out = Vec::with_capacity(defs.len());
        for (i, (name, def)) in defs.iter().enumerate() {
            let twin = [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| defs.get(j))
                .find(|(other, _)| other == name);
            match twin {
                Some((_, other)) => {
                    let (first, second) = ordered(location(def), location(other));
                    out.push(Err(RegistryError::DuplicateName {
                        name: name.to_string(),
                        first,
                        second,
                    }));
                }
                None => out.push(Task::new(def)),
            }
        }
        out
    }

    /// Every task's problem: what [`Registry::tasks`] finds, errors only, one per problem (two
    /// tasks of one name give one error).
    pub fn check(&self) -> Vec<RegistryError> {
        let mut errors: Vec<RegistryError> =
            self.tasks().into_iter().filter_map(Result::err).collect();
        errors.dedup();
        errors
    }
}

fn ordered(a: Location, b: Location) -> (Location, Location) {
    if a <= b { (a, b) } else { (b, a) }
}

/// The program's tasks: every [`TaskDef`] registered with the `#[task]` macro, in any crate
/// linked into the program. Nothing is read until a task is asked for.
pub fn registry() -> &'static Registry {
    static PROGRAM: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    PROGRAM.get_or_init(|| Registry {
        defs: Defs::Program(TASKS.static_slice()),
    })
}
