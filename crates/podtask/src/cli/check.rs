//! `check`: reads and checks every task (its definition, the Flyte type of each input and
//! output, its pod: a spec built by code is built and checked), and reports every task that
//! cannot be used, one a line. Exits 1 when any cannot, 0 when all can.

use clap::{ArgMatches, Command};

use super::{CliError, Io};

pub(super) fn command() -> Command {
    Command::new("check").about(
        "Read and check every task, and report every one that cannot be used (exit status 1)",
    )
}

pub(super) fn run(_: &ArgMatches, io: &mut Io<'_>) -> Result<(), CliError> {
    let registry = crate::registry();
    let errors: Vec<String> = registry.check().iter().map(ToString::to_string).collect();
    super::fail_on(errors)?;
    writeln!(
        io.out,
        "{} task{} checked, all usable",
        registry.len(),
        if registry.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}
