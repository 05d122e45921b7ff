//! `job TASK [--input NAME=VALUE]... [-o yaml|json] [--ttl-seconds-after-finished N]
//! [--spot-label KEY=VALUE]... [--spot-toleration KEY=VALUE:EFFECT]...` and the arguments of
//! `pod`: prints a `batch/v1` Job that runs the task with its retries and timeout, for
//! `kubectl apply -f -` (see docs/usage.md).

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use super::pod::{output_format, pod_args, pod_settings, template_note};
use super::{CliError, Io};
use crate::pod::{JobSettings, job_manifest, write_pod};

pub(super) fn command() -> Command {
    pod_args(
        Command::new("job").about(
            "Print a Kubernetes Job that runs a task with its retries and timeout, for kubectl \
             apply -f -",
        ),
        "Job",
    )
    .arg(
        Arg::new("ttl-seconds-after-finished")
            .long("ttl-seconds-after-finished")
            .value_name("SECONDS")
            .value_parser(value_parser!(u32).range(..=i64::from(i32::MAX)))
            .help("Delete the Job this long after it finishes (default: keep it)"),
    )
    .arg(
        Arg::new("spot-label")
            .long("spot-label")
            .value_name("KEY=VALUE")
            .action(ArgAction::Append)
            .help(
                "A node label of spot nodes an interruptible task prefers (repeatable; replaces \
                 the defaults: GKE, EKS, Karpenter and AKS spot labels)",
            ),
    )
    .arg(
        Arg::new("spot-toleration")
            .long("spot-toleration")
            .value_name("KEY=VALUE:EFFECT")
            .action(ArgAction::Append)
            .help(
                "A taint of spot nodes an interruptible task tolerates (repeatable; replaces the \
                 defaults: GKE's and AKS's spot taints)",
            ),
    )
}

pub(super) fn run(m: &ArgMatches, io: &mut Io<'_>) -> Result<(), CliError> {
    let task = super::run::named_task(m)?;
    let mut settings = JobSettings {
        pod: pod_settings(m, &task)?,
        ttl_seconds_after_finished: m.get_one::<u32>("ttl-seconds-after-finished").copied(),
        ..JobSettings::default()
    };
    if let Some(labels) = m.get_many::<String>("spot-label") {
        settings.spot_labels = labels
            .map(|l| {
                let (k, v) = l.split_once('=').ok_or_else(|| {
                    CliError::usage(format!("--spot-label {l:?}: expected KEY=VALUE"))
                })?;
                Ok((k.to_owned(), v.to_owned()))
            })
            .collect::<Result<_, CliError>>()?;
    }
    if let Some(taints) = m.get_many::<String>("spot-toleration") {
        settings.spot_tolerations = taints
            .map(|t| {
                let parsed = t.split_once('=').and_then(|(k, rest)| {
                    let (v, e) = rest.rsplit_once(':')?;
                    Some((k.to_owned(), v.to_owned(), e.to_owned()))
                });
                parsed.ok_or_else(|| {
                    CliError::usage(format!(
                        "--spot-toleration {t:?}: expected KEY=VALUE:EFFECT"
                    ))
                })
            })
            .collect::<Result<_, CliError>>()?;
    }
    let job = job_manifest(&task, &settings)?;
    write_pod(&job, output_format(m), &mut *io.out)?;
    template_note(&task, "Job", io)
}
