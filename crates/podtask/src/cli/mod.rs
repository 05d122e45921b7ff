//! The command line of a task binary: `fn main() -> ExitCode { podtask::main() }`.
//!
//! | command | what it does |
//! |---|---|
//! | `list` | prints every task name, one a line, sorted |
//! | `check` | reads and checks every task, reporting every one that cannot be used |
//! | `serialize --out DIR [--format pb]` | writes `DIR/<task name>.json` (or `.pb`), one Flyte task template per task |
//! | `run TASK --input NAME=VALUE ...` | runs a task in this process, prints its outputs as JSON |
//! | `execute --task NAME --inputs PATH --output-prefix PREFIX ...` | the container entrypoint: `inputs.pb` in, `outputs.pb` or `error.pb` out |
//! | `package --output FILE` | writes a gzipped tar of Flyte task specs for `flytectl register files` |
//! | `pod TASK --input NAME=VALUE ... [-o yaml\|json]` | prints the Kubernetes Pod of one run of a task |
//! | `job TASK --input NAME=VALUE ... [-o yaml\|json]` | prints a Kubernetes Job that runs the task with its retries and timeout |
//!
//! Exit status: 0 on success; [`EXIT_TASK_FAILED`] when the task failed by its own fault (or
//! the command failed); [`EXIT_USAGE`] for arguments the command cannot use;
//! [`EXIT_SYSTEM_ERROR`] when `run` failed for a reason another attempt may not meet (a system
//! error, or a failure the task marks recoverable); [`EXIT_OVER_MEMORY`] when `run
//! --enforce-limits` ran the task over its memory limit. A Job's `podFailurePolicy` is built
//! on them (docs/usage.md).
//!
//! Each command is a module with `command()` (its clap definition) and `run()`; adding one is
//! adding a module and a line to the `COMMANDS` table.

use std::ffi::OsString;
use std::fmt;
use std::io::Write;
use std::process::ExitCode;

use clap::{ArgMatches, Command};

mod check;
mod execute;
mod job;
mod list;
mod package;
mod pod;
mod run;
mod serialize;

/// A command of the task binary: its clap definition and what it does.
struct CommandDef {
    command: fn() -> Command,
    run: fn(&ArgMatches, &mut Io<'_>) -> Result<(), CliError>,
}

/// The commands, in the order `--help` lists them.
const COMMANDS: &[CommandDef] = &[
    CommandDef {
        command: list::command,
        run: list::run,
    },
    CommandDef {
        command: check::command,
        run: check::run,
    },
    CommandDef {
        command: serialize::command,
        run: serialize::run,
    },
    CommandDef {
        command: run::command,
        run: run::run,
    },
    CommandDef {
        command: execute::command,
        run: execute::run,
    },
    CommandDef {
        command: package::command,
        run: package::run,
    },
    CommandDef {
        command: pod::command,
        run: pod::run,
    },
    CommandDef {
        command: job::command,
        run: job::run,
    },
];

/// The exit status of a task that failed by its own fault (an `Err` that is not recoverable, a
/// panic, an input that does not fit), or of a command that failed: another attempt would fail
/// the same way.
pub const EXIT_TASK_FAILED: u8 = 1;
/// The exit status of a command given arguments it cannot use.
pub const EXIT_USAGE: u8 = 2;
/// The exit status of `run` when the task failed for a reason another attempt may not meet: a
/// system error around the task, or a failure the task marks recoverable.
pub const EXIT_SYSTEM_ERROR: u8 = 3;
/// The exit status of `run --enforce-limits` when the task went over its memory limit: 128 +
/// `SIGKILL`, the status of a container Kubernetes OOMKills.
pub const EXIT_OVER_MEMORY: u8 = 137;

/// Where a command writes: its output, and what it says to the person running it.
struct Io<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
}

/// A failed command: its message, printed as `error: <message>` (nothing when it is empty:
/// the failure was reported already), and its exit status.
#[derive(Debug)]
struct CliError {
    message: String,
    code: u8,
}

impl CliError {
    /// A command that failed ([`EXIT_TASK_FAILED`]).
    fn new(message: impl Into<String>) -> Self {
        CliError::with_code(message, EXIT_TASK_FAILED)
    }

    /// A command given arguments it cannot use ([`EXIT_USAGE`], as for arguments clap refuses).
    fn usage(message: impl Into<String>) -> Self {
        CliError::with_code(message, EXIT_USAGE)
    }

    /// A failure with its own exit status.
    fn with_code(message: impl Into<String>, code: u8) -> Self {
        CliError {
            message: message.into(),
            code,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl<E: std::error::Error> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError::new(e.to_string())
    }
}

/// Every task of the program, read and checked; when any cannot be used, one error listing
/// every such task, one a line.
fn all_tasks() -> Result<Vec<crate::Task>, CliError> {
    let mut tasks = Vec::new();
    let mut errors = Vec::new();
    for t in crate::registry().tasks() {
        match t {
            Ok(t) => tasks.push(t),
            Err(e) => errors.push(e.to_string()),
        }
    }
    fail_on(errors)?;
    Ok(tasks)
}

/// An error listing `errors`, one a line, when there are any.
fn fail_on(mut errors: Vec<String>) -> Result<(), CliError> {
    errors.dedup();
    match errors.len() {
        0 => Ok(()),
        1 => Err(CliError::new(errors.remove(0))),
        n => Err(CliError::new(format!(
            "{n} problems with the program's tasks:\n  {}",
            errors.join("\n  ")
        ))),
    }
}

fn cli() -> Command {
    // clap names the program after the first argument in usage and help.
    COMMANDS.iter().fold(
        Command::new("podtask")
            .about("Tasks of this program: list, serialize and package them for Flyte, run them, print their Pods")
            .subcommand_required(true)
            .arg_required_else_help(true),
        |cmd, def| cmd.subcommand((def.command)()),
    )
}

/// Runs the task binary's command line with the program's arguments.
pub fn main() -> ExitCode {
    main_with_args(std::env::args_os())
}

/// Runs the command line with `args` (the first is the program name), printing to stdout and
/// stderr.
pub fn main_with_args(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    main_with_io(
        args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
}

/// Runs the command line with `args` (the first is the program name), printing to `out` and
/// `err`: exit status 0 on success, [`EXIT_TASK_FAILED`] when the command fails,
/// [`EXIT_USAGE`] for a usage error, [`EXIT_SYSTEM_ERROR`] and [`EXIT_OVER_MEMORY`] from `run`
/// (see the module's documentation).
pub fn main_with_io(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let matches = match cli().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            // --help and --version are "errors" that go to stdout with status 0.
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                err.write_all(text.as_bytes())
            } else {
                out.write_all(text.as_bytes())
            };
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let Some((name, sub)) = matches.subcommand() else {
        let _ = writeln!(err, "error: a command is required");
        return ExitCode::from(2);
    };
    let Some(def) = COMMANDS.iter().find(|d| (d.command)().get_name() == name) else {
        let _ = writeln!(err, "error: unknown command {name:?}");
        return ExitCode::from(2);
    };
    let mut io = Io { out, err };
    match (def.run)(sub, &mut io).and_then(|()| io.out.flush().map_err(CliError::from)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.message.is_empty() {
                let _ = writeln!(io.err, "error: {e}");
            }
            ExitCode::from(e.code)
        }
    }
}
