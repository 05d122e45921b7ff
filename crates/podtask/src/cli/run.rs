//! `run TASK [--input NAME=VALUE]... [--inputs-json FILE] [--secret GROUP.KEY=VALUE]...
//! [--usage-json FILE] [--enforce-limits]`: runs a task's function in this process and prints
//! its outputs as a JSON object (output name → value, in the function's order), then on
//! standard error what the run used against the task's requests and limits (docs/usage.md).
//! With `--enforce-limits` the task runs in a child process held to its memory and CPU limits
//! ([`crate::usage::limits`]).
//!
//! A `--input` value is read as JSON when it is JSON of the input's type (`3`, `[1, 2]`,
//! `{"a": 1}`, `"text"`, `null`); otherwise it is taken as a string, for inputs that take one
//! (a `String`, an enum, a duration such as `90s`), so `--input path=etl.py` needs no quotes.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::{CliError, EXIT_OVER_MEMORY, EXIT_SYSTEM_ERROR, Io};
use crate::usage::limits::{Enforce, run_limited_with};
use crate::usage::{Limits, Meter, Usage, report_text, usage_json};
use crate::value::check_json;
use crate::{FailureKind, RunError, Task};

pub(super) fn command() -> Command {
    Command::new("run")
        .about("Run a task in this process and print its outputs as JSON")
        .arg(task_arg())
        .arg(input_arg(
            "An input: VALUE is JSON of the input's type, or else a string for inputs that take \
             one",
        ))
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
        .arg(
            Arg::new("usage-json")
                .long("usage-json")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help(
                    "Also write what the run used, against the task's requests and limits, as \
                     JSON (schema podtask.usage/v1, docs/usage.md)",
                ),
        )
        .arg(
            Arg::new("enforce-limits")
                .long("enforce-limits")
                .action(ArgAction::SetTrue)
                .help(
                    "Run the task in a child process held to its memory limit (killed above \
                     it, exit status 137, as Kubernetes OOMKills) and CPU limit (Linux only)",
                ),
        )
        .arg(
            Arg::new("no-usage-report")
                .long("no-usage-report")
                .action(ArgAction::SetTrue)
                .hide(true)
                .help("Print no usage report (for the child of --enforce-limits)"),
        )
}

pub(super) fn run(m: &ArgMatches, io: &mut Io<'_>) -> Result<(), CliError> {
    let task = named_task(m)?;
    if let Some(path) = m.get_one::<PathBuf>("usage-json") {
        check_usage_path(path)?;
    }
    if m.get_flag("enforce-limits") {
        return run_enforced(m, &task, io);
    }
    let mut inputs = match m.get_one::<PathBuf>("inputs-json") {
        Some(path) => read_inputs_file(path)?,
        None => Map::new(),
    };
    add_inputs(m, &task, &mut inputs)?;
    add_secrets(m, &task)?;
    crate::secrets::enter_task(task.name(), task.secrets());
    let meter = Meter::start();
    let result = crate::run::run_json(&task, inputs);
    let usage = meter.stop();
    if !m.get_flag("no-usage-report") {
        report(m, &task, &usage, false, io);
    }
    let outputs = result.map_err(failed)?;
    serde_json::to_writer_pretty(&mut *io.out, &Ordered(&outputs))?;
    writeln!(io.out)?;
    Ok(())
}

/// The error of a failed run, with [`EXIT_SYSTEM_ERROR`] when another attempt may succeed.
fn failed(e: RunError) -> CliError {
    let retry = matches!(&e, RunError::Failed { failure, .. }
        if failure.kind == FailureKind::System || failure.recoverable);
    if retry {
        CliError::with_code(e.to_string(), EXIT_SYSTEM_ERROR)
    } else {
        CliError::new(e.to_string())
    }
}

/// `--usage-json FILE` is refused before the task runs when its directory does not exist, so
/// that a run is not lost to a mistyped path.
fn check_usage_path(path: &Path) -> Result<(), CliError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if dir.is_dir() {
        Ok(())
    } else {
        Err(CliError::usage(format!(
            "--usage-json {}: the directory {} does not exist",
            path.display(),
            dir.display()
        )))
    }
}

/// Prints the usage report on standard error and writes `--usage-json`. Neither changes the
/// outcome of the run: a file that cannot be written is said on standard error.
fn report(m: &ArgMatches, task: &Task, usage: &Usage, enforced: bool, io: &mut Io<'_>) {
    let limits = Limits::for_task(task);
    let _ = io
        .err
        .write_all(report_text(task.name(), usage, &limits).as_bytes());
    if let Some(path) = m.get_one::<PathBuf>("usage-json") {
        let json = usage_json(task.name(), usage, &limits, enforced);
        if let Err(e) = write_file(path, &json) {
            let _ = writeln!(io.err, "warning: {e}");
        }
    }
}

/// Writes `value` as pretty JSON to `path` through a temporary file renamed into place, so a
/// failed write leaves no partial file.
fn write_file(path: &Path, value: &Value) -> Result<(), CliError> {
    let fail = |e: std::io::Error| CliError::new(format!("--usage-json {}: {e}", path.display()));
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    let tmp = path.with_extension("json.partial");
    std::fs::write(&tmp, text).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

/// `run --enforce-limits`: the same run in a child process of this program, held to the task's
/// memory and CPU limits; its outputs are printed here once it ends within them.
fn run_enforced(m: &ArgMatches, task: &Task, io: &mut Io<'_>) -> Result<(), CliError> {
    let exe = std::env::current_exe()
        .map_err(|e| CliError::new(format!("--enforce-limits: cannot find this program: {e}")))?;
    let mut cmd = std::process::Command::new(exe);
    cmd.args(["run", task.name(), "--no-usage-report"]);
    for id in ["input", "secret"] {
        for v in m.get_many::<String>(id).into_iter().flatten() {
            cmd.arg(format!("--{id}")).arg(v);
        }
    }
    if let Some(path) = m.get_one::<PathBuf>("inputs-json") {
        cmd.arg("--inputs-json").arg(path);
    }
    cmd.stdout(std::process::Stdio::piped());
    let limits = Limits::for_task(task);
    let enforce = Enforce::new(
        limits.memory_limit.as_ref().map(|a| a.value as u64),
        limits.cpu_limit.as_ref().map(|a| a.value),
    );
    // The outputs are read while the child runs, so a large output cannot block it.
    let mut child_out = Vec::new();
    let limited = {
        let mut reader: Option<std::thread::JoinHandle<Vec<u8>>> = None;
        let result = run_limited_with(&mut cmd, &enforce, |child| {
            if let Some(mut out) = child.stdout.take() {
                reader = Some(std::thread::spawn(move || {
                    let mut buf = Vec::new();
                    let _ = out.read_to_end(&mut buf);
                    buf
                }));
            }
        });
        if let Some(r) = reader {
            child_out = r.join().unwrap_or_default();
        }
        result.map_err(|e| CliError::new(e.to_string()))?
    };
    report(m, task, &limited.usage, true, io);
    if let (Some(limit), true) = (&limits.memory_limit, limited.over_memory(&enforce)) {
        let peak = limited.usage.peak_rss_bytes.map_or_else(String::new, |p| {
            format!(" (peak {})", crate::usage::bytes(p as f64))
        });
        let how = if limited.killed_over_memory {
            "killed, as Kubernetes OOMKills a container over its limit"
        } else {
            "it ended before it could be killed; on Kubernetes it would have been OOMKilled"
        };
        return Err(CliError::with_code(
            format!(
                "task {} went over its memory limit {}{peak}: {how} (--enforce-limits)",
                task.name(),
                limit.text
            ),
            EXIT_OVER_MEMORY,
        ));
    }
    if !limited.throttled.is_zero()
        && let Some(cpu) = &limits.cpu_limit
    {
        writeln!(
            io.err,
            "  note: held to its CPU limit {}: stopped for {:.2} s in all",
            cpu.text,
            limited.throttled.as_secs_f64()
        )?;
    }
    match exit_code(limited.status) {
        0 => {
            io.out.write_all(&child_out)?;
            Ok(())
        }
        // The child said why on standard error.
        code => Err(CliError::with_code(String::new(), code)),
    }
}

/// The exit status a shell would show: the code, or 128 + the signal that ended the process.
fn exit_code(status: std::process::ExitStatus) -> u8 {
    if let Some(code) = status.code() {
        return u8::try_from(code).unwrap_or(1);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return u8::try_from(128 + sig).unwrap_or(1);
        }
    }
    1
}

/// The `TASK` argument: a task's name.
pub(super) fn task_arg() -> Arg {
    Arg::new("task")
        .value_name("TASK")
        .required(true)
        .help("The task's name, as `list` prints it")
}

/// The `--input NAME=VALUE` argument, repeatable, read by [`add_inputs`].
pub(super) fn input_arg(help: &'static str) -> Arg {
    Arg::new("input")
        .long("input")
        .short('i')
        .value_name("NAME=VALUE")
        .action(ArgAction::Append)
        .help(help)
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
