//! The task registry: every task the program defines, collected when it links.
//!
//! Each `#[task]` adds a [`TaskDef`] to one distributed slice; [`registry`] reads it once,
//! sorts the tasks by name and refuses two tasks with one name, naming both places.

use std::fmt;
use std::sync::OnceLock;

use crate::exec::Invoker;
use crate::flyte::LiteralType;
use crate::flyte::{TypedInterface, Variable, VariableMap};
use crate::model::{Container, Resources};

/// How a task runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskKind {
    /// A Rust function, run by the task binary's `execute` command in the container.
    Function,
    /// A command in an image, as written (flytekit's `ContainerTask`); inputs and outputs are
    /// files in the container.
    RawContainer,
}

/// How a task is cached (flytekit's `Cache`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CacheDef {
    /// The cache version: change it to drop cached results.
    pub version: &'static str,
    /// Whether concurrent runs with the same inputs wait for one another.
    pub serialize: bool,
    /// Inputs left out of the cache key.
    pub ignored_inputs: &'static [&'static str],
}

/// A task's metadata as written on the function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaskMetadataDef {
    /// Retries after a failed attempt.
    pub retries: u32,
    /// The timeout of one attempt, in seconds.
    pub timeout_seconds: Option<u64>,
    /// Whether the task may run on interruptible (spot) nodes.
    pub interruptible: bool,
    /// Caching, if the task's outputs are cached.
    pub cache: Option<CacheDef>,
    /// The deprecation message, if the task is deprecated.
    pub deprecated: Option<&'static str>,
    /// The function's doc comment.
    pub description: Option<&'static str>,
}

impl TaskMetadataDef {
    /// No retries, no timeout, not interruptible, not cached, not deprecated, no description.
    pub const DEFAULT: TaskMetadataDef = TaskMetadataDef {
        retries: 0,
        timeout_seconds: None,
        interruptible: false,
        cache: None,
        deprecated: None,
        description: None,
    };
}

impl Default for TaskMetadataDef {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// One input or output of a task: its name and a function giving its Flyte type (a function,
/// because a [`LiteralType`] cannot be built in a `static`).
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The variable's name.
    pub name: &'static str,
    /// Its Flyte type: `<T as FlyteType>::literal_type`, or what the macro writes to choose
    /// between `FlyteType` and tracing the type's serde impl (see `__private::Probe`).
    pub literal_type: fn() -> LiteralType,
}

/// A task as the `#[task]` macro records it. Built in a `static`; [`Task`] is its public view.
#[derive(Debug, Clone, Copy)]
pub struct TaskDef {
    /// The Rust function's name.
    pub fn_name: &'static str,
    /// `module_path!()` at the function.
    pub module_path: &'static str,
    /// The name given with `#[task(name = "...")]`, if any.
    pub name: Option<&'static str>,
    /// `file!()` at the function.
    pub file: &'static str,
    /// `line!()` at the function.
    pub line: u32,
    /// `column!()` at the function.
    pub column: u32,
    /// How the task runs.
    pub kind: TaskKind,
    /// The container.
    pub container: &'static Container,
    /// Resources that replace the container's, when given apart from it.
    pub resources: Option<&'static Resources>,
    /// The task's pod (flytekit's `PodTemplate`), if it runs in one of its own.
    pub pod: Option<&'static crate::pod::K8sPod>,
    /// Retries, timeout, caching and the like.
    pub metadata: TaskMetadataDef,
    /// The inputs, in the function's order.
    pub inputs: &'static [Param],
    /// The outputs.
    pub outputs: &'static [Param],
    /// Runs the function: `None` for a raw-container task, whose container runs a command.
    pub invoke: Option<Invoker>,
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

/// A task of the program: its name, where it is defined, how it runs and its interface.
#[derive(Debug, Clone)]
pub struct Task {
    def: &'static TaskDef,
    name: String,
    interface: TypedInterface,
}

impl Task {
    /// The public view of a task definition. Its name is the `#[task(name = ...)]` override, or
    /// the module path with `.` for `::`, then `.` and the function's name
    /// (`my_crate::jobs::train` → `my_crate.jobs.train`).
    pub fn new(def: &'static TaskDef) -> Self {
        let name = match def.name {
            Some(n) => n.to_owned(),
            None => {
                let mut n = def.module_path.replace("::", ".");
                n.push('.');
                n.push_str(def.fn_name);
                n
            }
        };
        let vars = |params: &[Param]| -> VariableMap {
            params
                .iter()
                .map(|p| (p.name.to_owned(), Variable::new((p.literal_type)(), p.name)))
                .collect()
        };
        let interface = TypedInterface::new(vars(def.inputs), vars(def.outputs));
        Task {
            def,
            name,
            interface,
        }
    }

    /// The task's full name, which Flyte registers it under.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the task is defined.
    pub fn location(&self) -> Location {
        Location {
            file: self.def.file,
            line: self.def.line,
            column: self.def.column,
        }
    }

    /// How the task runs.
    pub fn kind(&self) -> TaskKind {
        self.def.kind
    }

    /// The container as written (its resources may be replaced: see [`Task::resources`]).
    pub fn container(&self) -> &'static Container {
        self.def.container
    }

    /// The resources the task runs with: those given apart from the container, else the
    /// container's.
    pub fn resources(&self) -> &'static Resources {
        match self.def.resources {
            Some(r) => r,
            None => &self.def.container.resources,
        }
    }

    /// Retries, timeout, caching and the like.
    pub fn metadata(&self) -> &'static TaskMetadataDef {
        &self.def.metadata
    }

    /// The function's doc comment, if it has one.
    pub fn description(&self) -> Option<&'static str> {
        self.def.metadata.description
    }

    /// The typed inputs and outputs.
    pub fn interface(&self) -> &TypedInterface {
        &self.interface
    }

    /// An input or output whose type has no Flyte type, named.
    fn check_types(&self) -> Result<(), RegistryError> {
        let sides = [
            ("input", &self.interface.inputs),
            ("output", &self.interface.outputs),
        ];
        for (direction, vars) in sides {
            for (param, var) in &vars.variables {
                if let Some(reason) = crate::value::unsupported_reason(&var.r#type) {
                    return Err(RegistryError::UnsupportedType {
                        task: self.name.clone(),
                        location: self.location(),
                        direction,
                        param: param.clone(),
                        reason: reason.to_owned(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The definition this task was made from.
    pub fn def(&self) -> &'static TaskDef {
        self.def
    }
}

/// Why the tasks of a program cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistryError {
    /// Two tasks have one name.
    DuplicateName {
        /// The name.
        name: String,
        /// Where the first is defined.
        first: Location,
        /// Where the second is defined.
        second: Location,
    },
    /// A name that cannot be a Flyte task name nor a file name.
    InvalidName {
        /// The name.
        name: String,
        /// Where the task is defined.
        location: Location,
        /// What was expected.
        reason: &'static str,
    },
    /// An input or output whose Rust type has no Flyte type.
    UnsupportedType {
        /// The task's name.
        task: String,
        /// Where the task is defined.
        location: Location,
        /// `input` or `output`.
        direction: &'static str,
        /// The input's or output's name.
        param: String,
        /// Why its type has no Flyte type.
        reason: String,
    },
    /// A task's pod spec or pod metadata breaks a rule (a spec built by code is checked here).
    InvalidPod {
        /// The task's name.
        task: String,
        /// Where the task is defined.
        location: Location,
        /// What is wrong, at its path in the spec.
        error: crate::pod::PodError,
    },
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::DuplicateName {
                name,
                first,
                second,
            } => write!(
                f,
                "two tasks are named {name:?}: one at {first}, one at {second}; \
                 rename one with #[task(name = \"...\")]"
            ),
            RegistryError::InvalidName {
                name,
                location,
                reason,
            } => write!(f, "invalid task name {name:?} at {location}: {reason}"),
            RegistryError::UnsupportedType {
                task,
                location,
                direction,
                param,
                reason,
            } => write!(
                f,
                "task {task} at {location}: the type of {direction} {param:?} has no Flyte type: \
                 {reason}"
            ),
            RegistryError::InvalidPod {
                task,
                location,
                error,
            } => write!(f, "task {task} at {location}: invalid pod spec: {error}"),
        }
    }
}

impl std::error::Error for RegistryError {}

/// The tasks of a program, sorted by name, each name once.
#[derive(Debug, Clone)]
pub struct Registry {
    tasks: Vec<Task>,
}

impl Registry {
    /// A registry of these definitions (the program's own are in [`registry`]): sorted by name,
    /// refusing two tasks with one name, names that cannot be a file name, input and output
    /// types with no Flyte type, and invalid pods.
    pub fn from_defs(
        defs: impl IntoIterator<Item = &'static TaskDef>,
    ) -> Result<Self, RegistryError> {
        let mut tasks: Vec<Task> = defs.into_iter().map(Task::new).collect();
        // Sorting by location too makes the error name the same pair on every build.
        tasks.sort_by(|a, b| a.name.cmp(&b.name).then(a.location().cmp(&b.location())));
        for t in &tasks {
            if let Err(v) = podtask_rules::names::task_name(&t.name) {
                return Err(RegistryError::InvalidName {
                    name: t.name.clone(),
                    location: t.location(),
                    reason: v.message,
                });
            }
            t.check_types()?;
            t.check_pod()?;
        }
        if let Some(w) = tasks.windows(2).find(|w| w[0].name == w[1].name) {
            return Err(RegistryError::DuplicateName {
                name: w[0].name.clone(),
                first: w[0].location(),
                second: w[1].location(),
            });
        }
        Ok(Registry { tasks })
    }

    /// All tasks, sorted by name.
    pub fn tasks(&self) -> &[Task] {
        &self.tasks
    }

    /// The task called `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<&Task> {
        self.tasks
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.tasks[i])
    }
}

/// The program's tasks: every [`TaskDef`] registered with the `#[task]` macro, in any crate
/// linked into the program. Built once; the same error is returned on every call.
pub fn registry() -> Result<&'static Registry, RegistryError> {
    static REGISTRY: OnceLock<Result<Registry, RegistryError>> = OnceLock::new();
    REGISTRY
        .get_or_init(|| Registry::from_defs(crate::__private::TASKS.iter()))
        .as_ref()
        .map_err(Clone::clone)
}
