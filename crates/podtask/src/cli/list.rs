//! `list`: every task name, one a line, sorted.

use clap::{ArgMatches, Command};

use super::{CliError, Io};

pub(super) fn command() -> Command {
    Command::new("list").about("Print the name of every task, one a line, sorted")
}

pub(super) fn run(_: &ArgMatches, io: &mut Io<'_>) -> Result<(), CliError> {
    let registry = crate::registry()?;
    for task in registry.tasks() {
        writeln!(io.out, "{}", task.name())?;
    }
    Ok(())
}
