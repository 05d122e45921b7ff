//! `package --output FILE`: what `pyflyte package` writes, for `flytectl register files
//! --archive FILE`: a gzipped tar of one `admin.TaskSpec` per task, `NN_<task name>_1.pb`.
//!
//! The archive is the same bytes for the same tasks and settings: entries in task-name order,
//! every mtime, uid and gid zero, no user or group names, gzip without a file name or time. It
//! is written under a temporary name next to `FILE` and renamed into place, so `FILE` is
//! either the old file or the whole new one. The tar is plain ustar, written here (see
//! docs/protobuf.md for why); gzip is `flate2`'s.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Arg, ArgMatches, Command, value_parser};
use flate2::{Compression, GzBuilder};
use prost::Message;

use super::serialize::{settings_args, settings_from};
use super::{CliError, Io};
use crate::flyteidl::admin;

/// The file name endings `flytectl register files --archive` gunzips.
const GZIP_EXTENSIONS: [&str; 2] = [".tgz", ".tar.gz"];

pub(super) fn command() -> Command {
    settings_args(
        Command::new("package")
            .about(
                "Write every task as a Flyte task spec into a gzipped tar, as `pyflyte package` \
                 does, for `flytectl register files --archive FILE`",
            )
            .arg(
                Arg::new("output")
                    .long("output")
                    .short('o')
                    .value_name("FILE")
                    .required(true)
                    .value_parser(value_parser!(PathBuf))
                    .help("The archive to write, ending in .tgz or .tar.gz"),
            ),
    )
    .mut_arg("project", |a| {
        a.default_value(None)
            .help("The Flyte project [default: none, `flytectl register files -p` fills it in]")
    })
    .mut_arg("domain", |a| {
        a.default_value(None)
            .help("The Flyte domain [default: none, `flytectl register files -d` fills it in]")
    })
}

pub(super) fn run(m: &ArgMatches, io: &mut Io<'_>) -> Result<(), CliError> {
    let output = m
        .get_one::<PathBuf>("output")
        .ok_or_else(|| CliError::new("--output FILE is required"))?;
    let name = output.to_string_lossy();
    if !GZIP_EXTENSIONS.iter().any(|ext| name.ends_with(ext)) {
        return Err(CliError::new(format!(
            "--output {name}: expected a file name ending in .tgz or .tar.gz, the archives \
             `flytectl register files --archive` reads gzipped"
        )));
    }
    // Left empty unless given, as `pyflyte package` leaves them: flytectl fills in its own
    // `--project` and `--domain`, and a package registers in any project and domain.
    let (keep_project, keep_domain) = (m.contains_id("project"), m.contains_id("domain"));

    let settings = settings_from(m);
    let resolved = settings.resolve()?;
    let tasks = super::all_tasks()?;
    let mut specs = Vec::with_capacity(tasks.len());
    let mut errors = Vec::new();
    for task in &tasks {
        let mut template = match crate::template::template_resolved(task, &resolved) {
            Ok(t) => t,
            Err(e) => {
                errors.push(e.to_string());
                continue;
            }
        };
        if let Some(id) = &mut template.id {
            if !keep_project {
                id.project.clear();
            }
            if !keep_domain {
                id.domain.clear();
            }
        }
        specs.push((
            task.name(),
            task_spec(template, task.description()).encode_to_vec(),
        ));
    }
    super::fail_on(errors)?;
    let archive = package(&specs)?;
    write_atomically(output, &archive)?;
    writeln!(
        io.out,
        "wrote {} task spec{} to {}",
        specs.len(),
        if specs.len() == 1 { "" } else { "s" },
        output.display()
    )?;
    Ok(())
}

/// The most characters of a doc comment's first line kept as a task's short description, so
/// that it stays one short line in the Flyte console.
pub const SHORT_DESCRIPTION_MAX_CHARS: usize = 255;

/// The spec `flytectl register files` reads for `template`, described by a task's doc comment:
/// its first line as the short description (at most [`SHORT_DESCRIPTION_MAX_CHARS`]
/// characters), the whole text as the long one, Markdown as Rust doc comments are. Without a
/// doc comment there is no description.
pub fn task_spec(
    template: crate::flyteidl::core::TaskTemplate,
    doc: Option<&str>,
) -> admin::TaskSpec {
    let description = doc.map(str::trim).filter(|d| !d.is_empty()).map(|doc| {
        let first = doc.lines().next().unwrap_or_default().trim();
        admin::DescriptionEntity {
            short_description: first.chars().take(SHORT_DESCRIPTION_MAX_CHARS).collect(),
            long_description: Some(admin::Description {
                content: Some(admin::description::Content::Value(doc.to_owned())),
                format: admin::DescriptionFormat::Markdown as i32,
                ..admin::Description::default()
            }),
            ..admin::DescriptionEntity::default()
        }
    });
    admin::TaskSpec {
        template: Some(template),
        description,
    }
}

/// The gzipped tar of `specs` (task name, encoded `admin.TaskSpec`), in the given order.
pub(crate) fn package(specs: &[(&str, Vec<u8>)]) -> Result<Vec<u8>, CliError> {
    let width = specs.len().saturating_sub(1).to_string().len().max(2);
    let mut tar = Vec::with_capacity(specs.iter().map(|(_, b)| b.len() + 1024).sum::<usize>());
    for (i, (name, bytes)) in specs.iter().enumerate() {
        let entry = entry_name(i, width, name);
        ustar::append(&mut tar, &entry, bytes).map_err(CliError::new)?;
    }
    ustar::finish(&mut tar);
    // No file name and a zero time in the gzip header: the bytes depend on the tasks alone.
    let mut gz = GzBuilder::new()
        .mtime(0)
        .write(Vec::with_capacity(tar.len() / 4), Compression::default());
    gz.write_all(&tar)?;
    Ok(gz.finish()?)
}

/// `NN_<task name>_1.pb`, as `pyflyte package` names a task (`1` is `ResourceType.TASK`). The
/// number keeps the order and makes the name unique, so a name too long for a ustar header is
/// shortened: flytectl reads the task's name from the spec, not from the file name.
fn entry_name(index: usize, width: usize, task: &str) -> String {
    let prefix = format!("{index:0width$}_");
    let suffix = "_1.pb";
    let room = ustar::NAME_LEN - prefix.len() - suffix.len();
    let mut end = task.len().min(room);
    while !task.is_char_boundary(end) {
        end -= 1;
    }
    format!("{prefix}{}{suffix}", &task[..end])
}

/// Writes `bytes` to `path` through a temporary file in the same directory, renamed into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| CliError::new(format!("--output {}: not a file name", path.display())))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let result = fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        CliError::new(format!("cannot write {}: {e}", path.display()))
    })
}

/// The little of POSIX ustar a package needs: regular files with fixed metadata.
mod ustar {
    /// The size of a block, and of a header.
    const BLOCK: usize = 512;
    /// The size of a record: archives are padded to a whole record, as POSIX asks.
    const RECORD: usize = 20 * BLOCK;
    /// The longest name the header's `name` field holds.
    pub(super) const NAME_LEN: usize = 100;
    /// The largest size 11 octal digits hold.
    const MAX_SIZE: u64 = 0o77_777_777_777;

    /// Appends a regular file, mode 0644, owned by 0:0, time 0.
    pub(super) fn append(tar: &mut Vec<u8>, name: &str, data: &[u8]) -> Result<(), String> {
        if name.len() > NAME_LEN {
            return Err(format!(
                "tar entry name longer than {NAME_LEN} bytes: {name}"
            ));
        }
        let size = u64::try_from(data.len()).unwrap_or(u64::MAX);
        if size > MAX_SIZE {
            return Err(format!("tar entry {name} is larger than 8 GiB"));
        }
        let mut h = [0u8; BLOCK];
        h[..name.len()].copy_from_slice(name.as_bytes());
        octal(&mut h[100..108], 0o644);
        octal(&mut h[108..116], 0); // uid
        octal(&mut h[116..124], 0); // gid
        octal(&mut h[124..136], size);
        octal(&mut h[136..148], 0); // mtime
        h[156] = b'0'; // a regular file
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        // The checksum is computed with its own field as spaces.
        h[148..156].fill(b' ');
        let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
        octal(&mut h[148..155], sum);
        h[155] = b' ';
        tar.extend_from_slice(&h);
        tar.extend_from_slice(data);
        pad(tar, BLOCK);
        Ok(())
    }

    /// Ends the archive: two zero blocks, then zeros to a whole record.
    pub(super) fn finish(tar: &mut Vec<u8>) {
        tar.resize(tar.len() + 2 * BLOCK, 0);
        pad(tar, RECORD);
    }

    fn pad(tar: &mut Vec<u8>, to: usize) {
        let rem = tar.len() % to;
        if rem != 0 {
            tar.resize(tar.len() + to - rem, 0);
        }
    }

    /// Writes `value` as zero-padded octal digits followed by a NUL, filling `field`.
    fn octal(field: &mut [u8], mut value: u64) {
        let digits = field.len() - 1;
        for i in (0..digits).rev() {
            field[i] = b'0' + (value & 7) as u8;
            value >>= 3;
        }
        field[digits] = 0;
    }
}
