//! `serialize --out DIR [--format json|pb]`: one Flyte task template per task, as
//! `DIR/<task name>.json` (proto3 JSON) or `DIR/<task name>.pb` (binary protobuf).
//!
//! Every template is built before anything is written, so a task that cannot be serialized
//! leaves the directory as it was; each file is written under a temporary name in `DIR` and
//! renamed into place once all are written.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Arg, ArgMatches, Command, value_parser};
use prost::Message;

use super::{CliError, Io};
use crate::SerializeSettings;

/// The file formats `serialize` writes.
const FORMATS: [&str; 2] = ["json", "pb"];

pub(super) fn command() -> Command {
    settings_args(
        Command::new("serialize")
            .about(
                "Write every task's Flyte task template to DIR/<task name>.json (proto3 JSON) \
                 or DIR/<task name>.pb (binary protobuf)",
            )
            .arg(
                Arg::new("out")
                    .long("out")
                    .value_name("DIR")
                    .required(true)
                    .value_parser(value_parser!(PathBuf))
                    .help("The directory to write to; created if missing"),
            )
            .arg(
                Arg::new("format")
                    .long("format")
                    .value_name("FORMAT")
                    .value_parser(FORMATS)
                    .default_value("json")
                    .help(
                        "json: flyteidl's proto3 JSON; pb: binary protobuf, as flytectl reads it",
                    ),
            ),
    )
}

/// Adds the options that choose how templates are built, shared with `package`.
pub(super) fn settings_args(cmd: Command) -> Command {
    cmd.arg(
        Arg::new("project")
            .long("project")
            .value_name("P")
            .default_value(crate::DEFAULT_PROJECT)
            .help("The Flyte project"),
    )
    .arg(
        Arg::new("domain")
            .long("domain")
            .value_name("D")
            .default_value(crate::DEFAULT_DOMAIN)
            .help("The Flyte domain"),
    )
    .arg(
        Arg::new("version")
            .long("version")
            .value_name("V")
            .help("The version to register under [default: a hash of each template]"),
    )
    .arg(
        Arg::new("image")
            .long("image")
            .value_name("I")
            .help("The image for tasks that name none"),
    )
    .arg(
        Arg::new("entrypoint")
            .long("entrypoint")
            .value_name("PATH")
            .help(
                "The task binary's path in the image \
                     [default: /usr/local/bin/<this program's file name>]",
            ),
    )
}

/// The settings the options of [`settings_args`] give.
pub(super) fn settings_from(m: &ArgMatches) -> SerializeSettings {
    let string = |id: &str| m.get_one::<String>(id).cloned();
    let mut settings = SerializeSettings::default();
    if let Some(p) = string("project") {
        settings.project = p;
    }
    if let Some(d) = string("domain") {
        settings.domain = d;
    }
    settings.version = string("version");
    settings.image = string("image");
    settings.entrypoint = string("entrypoint");
    settings
}

/// The format of the files `serialize` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Pretty proto3 JSON, `<task name>.json`.
    Json,
    /// Binary protobuf, `<task name>.pb`.
    Pb,
}

pub(super) fn run(m: &ArgMatches, io: &mut Io<'_>) -> Result<(), CliError> {
    let settings = settings_from(m);
    let format = match m.get_one::<String>("format").map(String::as_str) {
        Some("pb") => Format::Pb,
        _ => Format::Json,
    };
    let dir = m
        .get_one::<PathBuf>("out")
        .ok_or_else(|| CliError::new("--out DIR is required"))?;

    let files = render_all(&super::all_tasks()?, &settings, format)?;
    write_all(dir, &files)?;
    writeln!(
        io.out,
        "wrote {} task template{} to {}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        dir.display()
    )?;
    Ok(())
}

/// Every task's file (name, bytes); a task that cannot be serialized is reported with all the
/// others that cannot, and then nothing is written.
pub(crate) fn render_all(
    tasks: &[crate::Task],
    settings: &SerializeSettings,
    format: Format,
) -> Result<Vec<(String, Vec<u8>)>, CliError> {
    let resolved = settings.resolve()?;
    let mut files = Vec::with_capacity(tasks.len());
    let mut errors = Vec::new();
    for task in tasks {
        match crate::template::template_resolved(task, &resolved) {
            Ok(template) => files.push(match format {
                Format::Json => (
                    format!("{}.json", task.name()),
                    crate::template::to_json(&template),
                ),
                Format::Pb => (format!("{}.pb", task.name()), template.encode_to_vec()),
            }),
            Err(e) => errors.push(e.to_string()),
        }
    }
    super::fail_on(errors)?;
    Ok(files)
}

pub(super) fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), CliError> {
    fs::create_dir_all(dir)
        .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
    let tmp_name = |name: &str| dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut written: Vec<PathBuf> = Vec::with_capacity(files.len());
    let cleanup = |written: &[PathBuf]| {
        for p in written {
            let _ = fs::remove_file(p);
        }
    };
    for (name, bytes) in files {
        let tmp = tmp_name(name);
        let result = fs::File::create(&tmp).and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
        if let Err(e) = result {
            let _ = fs::remove_file(&tmp);
            cleanup(&written);
            return Err(CliError::new(format!(
                "cannot write {}: {e}",
                tmp.display()
            )));
        }
        written.push(tmp);
    }
    for (i, (name, _)) in files.iter().enumerate() {
        let target = dir.join(name);
        if let Err(e) = fs::rename(&written[i], &target) {
            cleanup(&written[i..]);
            return Err(CliError::new(format!(
                "cannot write {}: {e}",
                target.display()
            )));
        }
    }
    Ok(())
}
