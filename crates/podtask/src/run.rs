//! Running a task in this process: [`run_json`] and [`run_literals`], and the checks around them
//! that name the task and the input.

use std::fmt;

use serde_json::{Map, Value};

use crate::flyteidl::core::{LiteralMap, LiteralType};
use crate::invoke::{TaskFailure, call};
use crate::registry::{Task, TaskKind};
use crate::value::{
    ValueError, accepts_null, check_json, describe, json_to_literal, literal_to_json,
};

/// Why a task did not run to its outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RunError {
    /// The task has no Rust function to run here.
    NotRunnable {
        /// The task's name.
        task: String,
        /// Why, and what to do instead.
        reason: String,
    },
    /// An input was not given.
    MissingInput {
        /// The task's name.
        task: String,
        /// The input.
        name: String,
        /// The task's inputs and their types.
        interface: String,
    },
    /// A value was given for an input the task does not have.
    UnknownInput {
        /// The task's name.
        task: String,
        /// The name given.
        name: String,
        /// The task's inputs and their types.
        interface: String,
    },
    /// An input's value does not fit its type.
    InvalidInput {
        /// The task's name.
        task: String,
        /// The input.
        name: String,
        /// Its Flyte type, described.
        expected: String,
        /// What is wrong.
        error: ValueError,
    },
    /// An output's value does not fit its type, or is missing.
    InvalidOutput {
        /// The task's name.
        task: String,
        /// The output.
        name: String,
        /// Its Flyte type, described.
        expected: String,
        /// What is wrong.
        error: ValueError,
    },
    /// The task ran and failed: an `Err`, a panic, an input serde could not read.
    Failed {
        /// The task's name.
        task: String,
        /// The failure.
        failure: TaskFailure,
    },
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::NotRunnable { task, reason } => write!(f, "task {task}: {reason}"),
            RunError::MissingInput {
                task,
                name,
                interface,
            } => write!(f, "task {task}: input {name:?} is missing; {interface}"),
            RunError::UnknownInput {
                task,
                name,
                interface,
            } => write!(f, "task {task} has no input {name:?}; {interface}"),
            RunError::InvalidInput {
                task,
                name,
                expected,
                error,
            } => write!(f, "task {task}: input {name:?} ({expected}): {error}"),
            RunError::InvalidOutput {
                task,
                name,
                expected,
                error,
            } => write!(f, "task {task}: output {name:?} ({expected}): {error}"),
            RunError::Failed { task, failure } => write!(f, "task {task} failed: {failure}"),
        }
    }
}

impl std::error::Error for RunError {}

impl RunError {
    /// The failure as the task's: a failed task's own, or a user failure with this error's
    /// message (a bad input is the caller's fault, not the platform's).
    pub fn to_failure(&self) -> TaskFailure {
        match self {
            RunError::Failed { failure, .. } => failure.clone(),
            other => TaskFailure::user(other.to_string()),
        }
    }
}

/// `name: TYPE` for each variable, in the function's order.
fn list<'a>(vars: impl ExactSizeIterator<Item = (&'static str, &'a LiteralType)>) -> String {
    if vars.len() == 0 {
        return "none".to_owned();
    }
    let items: Vec<String> = vars
        .map(|(name, t)| format!("{name}: {}", describe(t)))
        .collect();
    items.join(", ")
}

/// The interface of `task` as people read it: `inputs: a: INTEGER, b: list<STRING>; outputs:
/// o0: FLOAT`, in the function's order.
pub fn interface_text(task: &Task) -> String {
    format!(
        "inputs: {}; outputs: {}",
        list(task.inputs()),
        list(task.outputs())
    )
}

fn runnable(task: &Task) -> Result<&'static dyn crate::invoke::Run, RunError> {
    match task.kind() {
        TaskKind::Function => Ok(task.def().run),
        TaskKind::RawContainer => Err(RunError::NotRunnable {
            task: task.name().to_owned(),
            reason: "it runs a command in its container image (a raw-container task), not a \
                     Rust function, so it cannot run in this process; run its image, or run it \
                     on Flyte"
                .to_owned(),
        }),
    }
}

/// The inputs checked against the interface: none missing (an `Option` may be left out), none
/// unknown, each of its type.
pub(crate) fn check_inputs(
    task: &Task,
    mut inputs: Map<String, Value>,
) -> Result<Map<String, Value>, RunError> {
    if let Some(unknown) = inputs.keys().find(|k| task.input_type(k).is_none()) {
        return Err(RunError::UnknownInput {
            task: task.name().to_owned(),
            name: unknown.clone(),
            interface: interface_text(task),
        });
    }
    let mut checked = Map::new();
    for (name, t) in task.inputs() {
        let value = match inputs.remove(name) {
            Some(v) => v,
            None if accepts_null(t) => Value::Null,
            None => {
                return Err(RunError::MissingInput {
                    task: task.name().to_owned(),
                    name: name.to_owned(),
                    interface: interface_text(task),
                });
            }
        };
        let value = check_json(value, t).map_err(|error| RunError::InvalidInput {
            task: task.name().to_owned(),
            name: name.to_owned(),
            expected: describe(t),
            error,
        })?;
        checked.insert(name.to_owned(), value);
    }
    Ok(checked)
}

/// The function's outputs checked against the interface, in the function's order.
fn check_outputs(
    task: &Task,
    mut given: Vec<(&'static str, Value)>,
) -> Result<Vec<(String, Value)>, RunError> {
    let mut checked = Vec::with_capacity(given.len());
    for (name, t) in task.outputs() {
        let invalid = |error| RunError::InvalidOutput {
            task: task.name().to_owned(),
            name: name.to_owned(),
            expected: describe(t),
            error,
        };
        let value = match given.iter().position(|(n, _)| *n == name) {
            Some(i) => given.swap_remove(i).1,
            None => return Err(invalid(ValueError::new("the task did not give it"))),
        };
        let value = check_json(value, t).map_err(invalid)?;
        checked.push((name.to_owned(), value));
    }
    Ok(checked)
}

fn invoke(task: &Task, inputs: Map<String, Value>) -> Result<Vec<(String, Value)>, RunError> {
    let run = runnable(task)?;
    let inputs = check_inputs(task, inputs)?;
    let def = task.def();
    let outputs =
        call(run, def.inputs, def.outputs, inputs).map_err(|failure| RunError::Failed {
            task: task.name().to_owned(),
            failure,
        })?;
    check_outputs(task, outputs)
}

/// Runs the task's function in this process with `inputs` (input name → JSON value, as
/// [`crate::value::check_json`] takes them) and returns its outputs, in the function's order.
///
/// A missing (non-`Option`), unknown or mistyped input is an error naming it and listing the
/// interface; an `Err` returned by the task, or a panic in it, is [`RunError::Failed`] (the
/// panic is caught: its message and place become the failure's message, and the default hook
/// still prints it to stderr).
pub fn run_json(task: &Task, inputs: Map<String, Value>) -> Result<Vec<(String, Value)>, RunError> {
    invoke(task, inputs)
}

/// Runs the task's function with flyteidl literals, as `execute` does: `inputs` read as
/// [`literal_to_json`] reads them, the outputs written as [`json_to_literal`] writes them.
/// Errors as [`run_json`].
pub fn run_literals(task: &Task, inputs: &LiteralMap) -> Result<LiteralMap, RunError> {
    runnable(task)?;
    let mut json = Map::new();
    for (name, lit) in &inputs.literals {
        let Some(t) = task.input_type(name) else {
            return Err(RunError::UnknownInput {
                task: task.name().to_owned(),
                name: name.clone(),
                interface: interface_text(task),
            });
        };
        let value = literal_to_json(lit, t).map_err(|error| RunError::InvalidInput {
            task: task.name().to_owned(),
            name: name.clone(),
            expected: describe(t),
            error,
        })?;
        json.insert(name.clone(), value);
    }
    let mut literals = LiteralMap::default();
    for (name, value) in invoke(task, json)? {
        let Some(t) = task.output_type(&name) else {
            continue;
        };
        let lit = json_to_literal(&value, t).map_err(|error| RunError::InvalidOutput {
            task: task.name().to_owned(),
            name: name.clone(),
            expected: describe(t),
            error,
        })?;
        literals.literals.insert(name, lit);
    }
    Ok(literals)
}
