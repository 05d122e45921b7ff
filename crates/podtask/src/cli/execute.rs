//! `execute`: the container's entrypoint, with the arguments the serialized template gives it
//! (`execute --task NAME --inputs {{.input}} --output-prefix {{.outputPrefix}} ...`).
//!
//! Reads `inputs.pb` (a `LiteralMap`), runs the task, and writes `<output prefix>/outputs.pb`
//! (a `LiteralMap`) or, when the task fails, `<output prefix>/error.pb` (an `ErrorDocument`)
//! and no outputs, as `pyflyte-execute` does. Exits 0 once either is written (Flyte learns of
//! the failure from `error.pb`), or 1 when `FLYTE_FAIL_ON_ERROR` is true and the task failed;
//! exits 1 when neither file can be written. At the end of every run a line on standard error
//! says what the run used (`podtask usage: task=... wall_seconds=... peak_rss_bytes=...`, see
//! docs/usage.md); only an `error: ...` line of the command itself may follow it.

use std::time::Instant;

use clap::{Arg, ArgMatches, Command};
use prost::Message;

use super::{CliError, Io};
use crate::flyteidl::core::{
    ContainerError, ErrorDocument, LiteralMap, container_error, execution_error::ErrorKind,
};
use crate::flyteidl::protobuf::Timestamp;
use crate::invoke::{FailureKind, TaskFailure};
use crate::store;
use crate::usage::{Limits, Meter, log_line};

/// The file the outputs are written to, under the output prefix.
pub const OUTPUTS_FILE: &str = "outputs.pb";
/// The file a failure is written to, under the output prefix.
pub const ERROR_FILE: &str = "error.pb";

/// `ContainerError.code` of a failure in the task's code, as flytekit writes it.
pub const USER_ERROR_CODE: &str = "USER:RuntimeError";
/// `ContainerError.code` of a failure around the task, as flytekit writes it.
pub const SYSTEM_ERROR_CODE: &str = "SYSTEM";

pub(super) fn command() -> Command {
    let arg = |name: &'static str, value: &'static str, help: &'static str| {
        Arg::new(name).long(name).value_name(value).help(help)
    };
    Command::new("execute")
        .about(
            "Run a task as Flyte runs it in its container: read inputs.pb, write \
             outputs.pb or error.pb under the output prefix",
        )
        .arg(arg("task", "NAME", "The task's name").required(true))
        .arg(
            arg(
                "inputs",
                "PATH",
                "The inputs.pb to read: a path, file:// or store URL",
            )
            .required(true),
        )
        .arg(
            arg(
                "output-prefix",
                "PREFIX",
                "Where outputs.pb or error.pb is written: a directory or store URL",
            )
            .required(true),
        )
        .arg(arg(
            "raw-output-data-prefix",
            "PREFIX",
            "Where large data goes (accepted as Flyte passes it; not used yet)",
        ))
        .arg(arg(
            "checkpoint-path",
            "PREFIX",
            "Where checkpoints go (accepted as Flyte passes it; not used yet)",
        ))
        .arg(arg(
            "prev-checkpoint",
            "PREFIX",
            "The previous attempt's checkpoint (accepted as Flyte passes it; not used yet)",
        ))
}

fn arg<'a>(m: &'a ArgMatches, name: &str) -> &'a str {
    m.get_one::<String>(name).map_or("", String::as_str)
}

pub(super) fn run(m: &ArgMatches, io: &mut Io<'_>) -> Result<(), CliError> {
    let meter = Meter::start();
    let task = arg(m, "task");
    let inputs = arg(m, "inputs");
    let prefix = arg(m, "output-prefix");
    let mut measured = Measured::default();
    let result = execute(task, inputs, &mut measured);
    let writing = Instant::now();
    let done = match result {
        Ok(outputs) => {
            let location = store::join(prefix, OUTPUTS_FILE);
            match store::write(&location, &outputs.encode_to_vec()) {
                Ok(()) => writeln!(io.out, "wrote {location}").map_err(CliError::from),
                Err(e) => {
                    let failure = TaskFailure::system(format!("cannot write the outputs: {e}"));
                    report(task, prefix, &failure, io)
                }
            }
        }
        Err(failure) => report(task, prefix, &failure, io),
    };
    let mut usage = meter.stop();
    usage.read_inputs = measured.read_inputs;
    usage.write_outputs = Some(writing.elapsed());
    // The log line never changes the outcome: a failure to write it is ignored.
    let _ = writeln!(
        io.err,
        "{}",
        log_line(task, &usage, &measured.limits.unwrap_or_default())
    );
    done
}

/// What `execute` learns along the way for its usage log line.
#[derive(Default)]
struct Measured {
    /// The time to read (and decode) the inputs.
    read_inputs: Option<std::time::Duration>,
    /// The task's requests and limits, once the task is known.
    limits: Option<Limits>,
}

/// Reads the inputs and runs the task; any failure comes back as the task's.
fn execute(
    task_name: &str,
    inputs: &str,
    measured: &mut Measured,
) -> Result<LiteralMap, TaskFailure> {
    let task = crate::registry().task(task_name).map_err(|e| match e {
        crate::RegistryError::NotFound { .. } => TaskFailure::user(format!(
            "{e}; the template and the image's binary do not match"
        )),
        e => TaskFailure::user(e.to_string()),
    })?;
    measured.limits = Some(Limits::for_task(&task));
    let reading = Instant::now();
    let bytes = store::read(inputs)
        .map_err(|e| TaskFailure::system(format!("cannot read the inputs: {e}")))?;
    let literals = LiteralMap::decode(bytes.as_slice()).map_err(|e| {
        TaskFailure::system(format!(
            "cannot read the inputs: {inputs} is not a flyteidl LiteralMap: {e}"
        ))
    })?;
    measured.read_inputs = Some(reading.elapsed());
    crate::secrets::enter_task(task.name(), task.secrets());
    crate::run::run_literals(&task, &literals).map_err(|e| e.to_failure())
}

/// Writes the failure as the error document and says so on stderr (the container's log);
/// fails only when the document cannot be written, or when `FLYTE_FAIL_ON_ERROR` asks for a
/// failing exit status.
fn report(
    task: &str,
    prefix: &str,
    failure: &TaskFailure,
    io: &mut Io<'_>,
) -> Result<(), CliError> {
    let _ = writeln!(io.err, "task {task} failed: {}", failure.message);
    let location = store::join(prefix, &error_file_name());
    let doc = error_document(failure);
    store::write(&location, &doc.encode_to_vec()).map_err(|e| {
        CliError::new(format!(
            "task {task} failed ({}), and its error document cannot be written: {e}",
            failure.message
        ))
    })?;
    writeln!(io.out, "wrote {location}")?;
    if fail_on_error() {
        return Err(CliError::new(format!(
            "task {task} failed: {}",
            failure.message
        )));
    }
    Ok(())
}

/// The error document of a failure, with the fields `pyflyte-execute` fills.
pub fn error_document(failure: &TaskFailure) -> ErrorDocument {
    let (code, origin) = match failure.kind {
        FailureKind::User => (USER_ERROR_CODE, ErrorKind::User),
        FailureKind::System => (SYSTEM_ERROR_CODE, ErrorKind::System),
    };
    let kind = if failure.recoverable {
        container_error::Kind::Recoverable
    } else {
        container_error::Kind::NonRecoverable
    };
    ErrorDocument {
        error: Some(ContainerError {
            code: code.to_owned(),
            message: failure.message.clone(),
            kind: kind as i32,
            origin: origin as i32,
            timestamp: Some(now()),
            worker: worker_name(),
        }),
    }
}

fn now() -> Timestamp {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp {
        seconds: i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        nanos: i32::try_from(d.subsec_nanos()).unwrap_or(0),
    }
}

/// The first of these environment variables that is set (Flyte sets either name).
fn env_one_of(names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| std::env::var(n).ok())
}

/// Whether errors of distributed tasks are written one file per worker.
fn distributed() -> bool {
    env_one_of(&["FLYTE_INTERNAL_DIST_ERROR_STRATEGY", "_F_DES"]).is_some_and(|s| !s.is_empty())
}

/// `error.pb`; with a distributed error strategy, `error-<32 hex digits>.pb`, so the workers of
/// one task do not overwrite each other's, as flytekit names them.
fn error_file_name() -> String {
    if !distributed() {
        return ERROR_FILE.to_owned();
    }
    use std::hash::{BuildHasher, Hasher};
    let mut hex = String::with_capacity(32);
    for i in 0..2u8 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u8(i);
        h.write_u32(std::process::id());
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos(),
        );
        hex.push_str(&format!("{:016x}", h.finish()));
    }
    format!("error-{hex}.pb")
}

fn worker_name() -> String {
    if !distributed() {
        return String::new();
    }
    env_one_of(&["FLYTE_INTERNAL_WORKER_NAME", "_F_WN"]).unwrap_or_default()
}

fn fail_on_error() -> bool {
    std::env::var("FLYTE_FAIL_ON_ERROR").is_ok_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "t" | "yes" | "y" | "on"
        )
    })
}
