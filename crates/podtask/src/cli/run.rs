//! `run TASK [--input NAME=VALUE]... [--inputs-json FILE] [--secret GROUP.KEY=VALUE]...`: runs
//! a task's function in this process and prints its outputs as a JSON object (output name →
//! value, in the function's order).
//!
//! A `--input` value is read as JSON when it is JSON of the input's type (`3`, `[1, 2]`,
//! `{"a": 1}`, `"text"`, `null`); otherwise it is taken as a string, for inputs that take one
//! (a `String`, an enum, a duration such as `90s`), so `--input path=etl.py` needs no quotes.

use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::{CliError, Io};
use crate::Task;
use crate::value::check_json;

pub(super) fn command() -> Command {
    Command::new("run")
        .about("Run a task in this process and print its outputs as JSON")
        .arg(
            Arg::new("task")
                .value_name("TASK")
                .required(true)
                .help("The task's name, as `list` prints it"),
        )
        .arg(
            Arg::new("input")
                .long("input")
                .short('i')
                .value_name("NAME=VALUE")
                .action(ArgAction::Append)
                .help(
                    "An input: VALUE is JSON of the input's type, or else a string for inputs \
                     that take one",
                ),
        )
        .arg(
            Arg::new("secret")
                .long("secret")
                .value_name("GROUP.KEY=VALUE")
                .action(ArgAction::Append)
                .help(
                    "A value for a secret the task requests (GROUP alone for one without a \
                     key); `podtask::secret` returns it",
                ),
        )
        .arg(
            Arg::new("inputs-json")
                .long("inputs-json")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help("A JSON object of inputs (`-` reads standard input); --input adds to it"),
        )
}

pub(super) fn run(m: &ArgMatches, io: &mut Io<'_>) -> Result<(), CliError> {
    let task = named_task(m)?;
    let mut inputs = match m.get_one::<PathBuf>("inputs-json") {
        Some(path) => read_inputs_file(path)?,
        None => Map::new(),
    };
    add_inputs(m, &task, &mut inputs)?;
    add_secrets(m, &task)?;
    crate::secrets::enter_task(task.name(), task.secrets());
    let outputs = crate::run::run_json(&task, inputs)?;
    serde_json::to_writer_pretty(&mut *io.out, &Ordered(&outputs))?;
    writeln!(io.out)?;
    Ok(())
}

/// The task the `task` argument names, decoded and checked (no other task is read).
pub(super) fn named_task(m: &ArgMatches) -> Result<Task, CliError> {
    let name = m.get_one::<String>("task").map_or("", String::as_str);
    Ok(crate::registry().task(name)?)
}

/// Adds each `--input NAME=VALUE` to `inputs`, read as [`input_value`] reads it.
pub(super) fn add_inputs(
    m: &ArgMatches,
    task: &Task,
    inputs: &mut Map<String, Value>,
) -> Result<(), CliError> {
    for pair in m.get_many::<String>("input").into_iter().flatten() {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| CliError::new(format!("--input {pair:?}: expected NAME=VALUE")))?;
        inputs.insert(key.to_owned(), input_value(task, key, value)?);
    }
    Ok(())
}

/// Gives each `--secret GROUP.KEY=VALUE` to [`crate::secrets`]. A value without `=`, or for a
/// secret the task does not request, is a usage error; the value is never printed.
fn add_secrets(m: &ArgMatches, task: &Task) -> Result<(), CliError> {
    for given in m.get_many::<String>("secret").into_iter().flatten() {
        let Some((name, value)) = given.split_once('=') else {
            // The text may be the value itself: it is not repeated.
            return Err(CliError::usage(
                "--secret: expected GROUP.KEY=VALUE (GROUP=VALUE for a secret requested without \
                 a key), found no `=`",
            ));
        };
        let requested = task.secrets();
        let Some(secret) = requested.iter().find(|s| s.to_string() == name) else {
            let list: Vec<String> = requested.iter().map(|s| s.to_string()).collect();
            let what = if list.is_empty() {
                "it requests none".to_owned()
            } else {
                format!("it requests: {}", list.join(", "))
            };
            return Err(CliError::usage(format!(
                "--secret {name}=...: task {} does not request secret {name:?}; {what}",
                task.name()
            )));
        };
        crate::secrets::provide_secret(&secret.group, secret.key().unwrap_or(""), value);
    }
    Ok(())
}

fn read_inputs_file(path: &PathBuf) -> Result<Map<String, Value>, CliError> {
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|e| CliError::new(format!("--inputs-json {}: {e}", path.display())))?;
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(CliError::new(format!(
            "--inputs-json {}: expected a JSON object of input name to value",
            path.display()
        ))),
        Err(e) => Err(CliError::new(format!(
            "--inputs-json {}: {e}",
            path.display()
        ))),
    }
}

/// The JSON value of `--input key=text`: `text` as JSON when that fits the input's type, else
/// `text` as a string when that fits. An unknown input is left for `run_json` to report with
/// the interface.
pub(super) fn input_value(task: &Task, key: &str, text: &str) -> Result<Value, CliError> {
    let Some(t) = task.input_type(key) else {
        return Ok(Value::String(text.to_owned()));
    };
    let as_json = serde_json::from_str::<Value>(text);
    if let Ok(v) = &as_json
        && check_json(v.clone(), t).is_ok()
    {
        return Ok(v.clone());
    }
    let as_string = Value::String(text.to_owned());
    if check_json(as_string.clone(), t).is_ok() {
        return Ok(as_string);
    }
    let expected = crate::value::describe(t);
    let why = match as_json {
        Ok(v) => check_json(v, t)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default(),
        Err(_) => format!("expected {expected}, found {text:?}, which is not JSON of that type"),
    };
    Err(CliError::new(format!(
        "task {}: --input {key}={text}: {why}; {}",
        task.name(),
        crate::run::interface_text(task)
    )))
}

/// Name → value pairs written as a JSON object in their order.
struct Ordered<'a>(&'a [(String, Value)]);

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}
