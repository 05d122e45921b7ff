//! Running a task in this process: [`Task::run_json`], and the checks around it that name the
//! task and the input.

use std::fmt;

use serde_json::{Map, Value};

use crate::exec::{Inputs, Invoker, Outputs, TaskFailure, invoke_catching};
use crate::flyte::{LiteralType, VariableMap};
use crate::proto::core::LiteralMap;
use crate::registry::{Param, Task, TaskKind};
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
fn list(params: &[Param], vars: &VariableMap) -> String {
    if params.is_empty() {
        return "none".to_owned();
    }
    let items: Vec<String> = params
        .iter()
        .map(|p| match vars.variables.get(p.name) {
            Some(v) => format!("{}: {}", p.name, describe(&v.r#type)),
            None => p.name.to_owned(),
        })
        .collect();
    items.join(", ")
}

impl Task {
    /// The interface as people read it: `inputs: a: INTEGER, b: list<STRING>; outputs: o0:
    /// FLOAT`, in the function's order.
    pub fn interface_text(&self) -> String {
        let def = self.def();
        format!(
            "inputs: {}; outputs: {}",
            list(def.inputs, &self.interface().inputs),
            list(def.outputs, &self.interface().outputs)
        )
    }

    fn invoker(&self) -> Result<Invoker, RunError> {
        match (self.kind(), self.def().invoke) {
            (TaskKind::RawContainer, _) => Err(RunError::NotRunnable {
                task: self.name().to_owned(),
                reason: "it runs a command in its container image (a raw-container task), not a \
                         Rust function, so it cannot run in this process; run its image, or run \
                         it on Flyte"
                    .to_owned(),
            }),
            (TaskKind::Function, None) => Err(RunError::NotRunnable {
                task: self.name().to_owned(),
                reason: "its definition has no function to call".to_owned(),
            }),
            (TaskKind::Function, Some(invoke)) => Ok(invoke),
        }
    }

    fn input_type(&self, name: &str) -> Option<&LiteralType> {
        self.interface()
            .inputs
            .variables
            .get(name)
            .map(|v| &v.r#type)
    }

    /// The inputs checked against the interface: none missing (an `Option` may be left out),
    /// none unknown, each of its type.
    pub(crate) fn check_inputs(&self, mut inputs: Map<String, Value>) -> Result<Inputs, RunError> {
        let def = self.def();
        if let Some(unknown) = inputs.keys().find(|k| self.input_type(k).is_none()) {
            return Err(RunError::UnknownInput {
                task: self.name().to_owned(),
                name: unknown.clone(),
                interface: self.interface_text(),
            });
        }
        let mut checked = Map::new();
        for p in def.inputs {
            let Some(t) = self.input_type(p.name) else {
                continue;
            };
            let value = match inputs.remove(p.name) {
                Some(v) => v,
                None if accepts_null(t) => Value::Null,
                None => {
                    return Err(RunError::MissingInput {
                        task: self.name().to_owned(),
                        name: p.name.to_owned(),
                        interface: self.interface_text(),
                    });
                }
            };
            let value = check_json(value, t).map_err(|error| RunError::InvalidInput {
                task: self.name().to_owned(),
                name: p.name.to_owned(),
                expected: describe(t),
                error,
            })?;
            checked.insert(p.name.to_owned(), value);
        }
        Ok(Inputs::new(checked))
    }

    /// The function's outputs checked against the interface, in the function's order.
    pub(crate) fn check_outputs(&self, outputs: Outputs) -> Result<Vec<(String, Value)>, RunError> {
        let mut given = outputs.into_vec();
        let mut checked = Vec::with_capacity(given.len());
        for p in self.def().outputs {
            let Some(var) = self.interface().outputs.variables.get(p.name) else {
                continue;
            };
            let t = &var.r#type;
            let invalid = |error| RunError::InvalidOutput {
                task: self.name().to_owned(),
                name: p.name.to_owned(),
                expected: describe(t),
                error,
            };
            let value = match given.iter().position(|(n, _)| *n == p.name) {
                Some(i) => given.swap_remove(i).1,
                None => return Err(invalid(ValueError::new("the task did not give it"))),
            };
            let value = check_json(value, t).map_err(invalid)?;
            checked.push((p.name.to_owned(), value));
        }
        Ok(checked)
    }

    /// Runs the task's function in this process with `inputs` (input name → JSON value, as
    /// [`crate::value::check_json`] takes them) and returns its outputs, in the function's
    /// order.
    ///
    /// A missing (non-`Option`), unknown or mistyped input is an error naming it and listing
    /// the interface; an `Err` returned by the task, or a panic in it, is
    /// [`RunError::Failed`] (the panic is caught: its message and place become the failure's
    /// message, and the default hook still prints it to stderr).
    pub fn run_json(&self, inputs: Map<String, Value>) -> Result<Vec<(String, Value)>, RunError> {
        let invoke = self.invoker()?;
        let inputs = self.check_inputs(inputs)?;
        let outputs = invoke_catching(invoke, inputs).map_err(|failure| RunError::Failed {
            task: self.name().to_owned(),
            failure,
        })?;
        self.check_outputs(outputs)
    }

    /// Runs the task's function with flyteidl literals, as `execute` does: `inputs` read as
    /// [`literal_to_json`] reads them, the outputs written as [`json_to_literal`] writes them.
    /// Errors as [`Task::run_json`].
    pub fn run_literals(&self, inputs: &LiteralMap) -> Result<LiteralMap, RunError> {
        let invoke = self.invoker()?;
        let mut json = Map::new();
        for (name, lit) in &inputs.literals {
            let Some(t) = self.input_type(name) else {
                return Err(RunError::UnknownInput {
                    task: self.name().to_owned(),
                    name: name.clone(),
                    interface: self.interface_text(),
                });
            };
            let value = literal_to_json(lit, t).map_err(|error| RunError::InvalidInput {
                task: self.name().to_owned(),
                name: name.clone(),
                expected: describe(t),
                error,
            })?;
            json.insert(name.clone(), value);
        }
        let inputs = self.check_inputs(json)?;
        let outputs = invoke_catching(invoke, inputs).map_err(|failure| RunError::Failed {
            task: self.name().to_owned(),
            failure,
        })?;
        let mut literals = LiteralMap::default();
        for (name, value) in self.check_outputs(outputs)? {
            let Some(var) = self.interface().outputs.variables.get(&name) else {
                continue;
            };
            let lit =
                json_to_literal(&value, &var.r#type).map_err(|error| RunError::InvalidOutput {
                    task: self.name().to_owned(),
                    name: name.clone(),
                    expected: describe(&var.r#type),
                    error,
                })?;
            literals.literals.insert(name, lit);
        }
        Ok(literals)
    }
}
