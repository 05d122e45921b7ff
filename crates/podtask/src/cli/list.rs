//! `list`: every task name, one a line, sorted. Nothing is decoded or checked, so it is
//! instant whatever the number of tasks.

use clap::{ArgMatches, Command};

use super::{CliError, Io};

pub(super) fn command() -> Command {
    Command::new("list").about("Print the name of every task, one a line, sorted")
}

pub(super) fn run(_: &ArgMatches, io: &mut Io<'_>) -> Result<(), CliError> {
    for name in crate::registry().names() {
        writeln!(io.out, "{name}")?;
    }
    Ok(())
}
