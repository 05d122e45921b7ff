//! `pod TASK [--input NAME=VALUE]... [-o yaml|json] [--image I] [--entrypoint PATH] [--name NAME]
//! [--namespace NS] [--gpu-resource NAME] [--gpu-device-label L] [--gpu-partition-size-label L]`:
//! prints the Kubernetes Pod of one run of a task, for
//! `kubectl apply -f -` (see docs/pods.md).
//!
//! `--input` reads values as `run` does: JSON of the input's type, else a string.

use clap::{Arg, ArgMatches, Command};
use podtask_rules::resource::DEFAULT_GPU_RESOURCE;
use serde_json::Map;

use super::{CliError, Io};
use crate::pod::{
    DEFAULT_GPU_DEVICE_LABEL, DEFAULT_GPU_PARTITION_SIZE_LABEL, OutputFormat, PodSettings,
    write_pod,
};

pub(super) fn command() -> Command {
    pod_args(
        Command::new("pod")
            .about("Print the Kubernetes Pod of one run of a task, for kubectl apply -f -"),
        "Pod",
    )
}

/// The arguments of a command that prints a task's Pod, or a `what` that holds one.
pub(super) fn pod_args(cmd: Command, what: &'static str) -> Command {
    cmd.arg(super::run::task_arg())
    .arg(super::run::input_arg(
        "An input, as `run` takes it: JSON of the input's type, or else a string",
    ))
    .arg(
        Arg::new("output")
            .long("output")
            .short('o')
            .value_name("FORMAT")
            .value_parser(["yaml", "json"])
            .default_value("yaml")
            .help(format!("How to print the {what}")),
    )
    .arg(
        Arg::new("image")
            .long("image")
            .value_name("IMAGE")
            .help("The image for a task that names none"),
    )
    .arg(
        Arg::new("entrypoint")
            .long("entrypoint")
            .value_name("PATH")
            .help(
                "The task binary's path inside the image (default: \
                     /usr/local/bin/<this program's file name>)",
            ),
    )
    .arg(
        Arg::new("name")
            .long("name")
            .value_name("NAME")
            .help(format!(
                "The {what}'s name (default: the task's name as a DNS-1123 label)"
            )),
    )
    .arg(
        Arg::new("namespace")
            .long("namespace")
            .short('n')
            .value_name("NS")
            .help(format!("The {what}'s namespace")),
    )
    .arg(
        Arg::new("gpu-resource")
            .long("gpu-resource")
            .value_name("NAME")
            .default_value(DEFAULT_GPU_RESOURCE)
            .help("The Kubernetes resource a task's GPU request becomes"),
    )
    .arg(
        Arg::new("gpu-device-label")
            .long("gpu-device-label")
            .value_name("LABEL")
            .default_value(DEFAULT_GPU_DEVICE_LABEL)
            .help("The node label that names a node's accelerator (Flyte's gpu-device-node-label)"),
    )
    .arg(
        Arg::new("gpu-partition-size-label")
            .long("gpu-partition-size-label")
            .value_name("LABEL")
            .default_value(DEFAULT_GPU_PARTITION_SIZE_LABEL)
            .help(
                "The node label that names the partition of a node's GPUs (Flyte's \
                     gpu-partition-size-node-label)",
            ),
    )
}

pub(super) fn run(m: &ArgMatches, io: &mut Io<'_>) -> Result<(), CliError> {
    let task = super::run::named_task(m)?;
    let settings = pod_settings(m, &task)?;
    let pod = crate::pod::manifest(&task, &settings)?;
    write_pod(&pod, output_format(m), &mut *io.out)?;
    template_note(&task, "Pod", io)
}

/// The Pod settings the arguments of [`pod_args`] give.
pub(super) fn pod_settings(m: &ArgMatches, task: &crate::Task) -> Result<PodSettings, CliError> {
    let mut inputs = Map::new();
    super::run::add_inputs(m, task, &mut inputs)?;
    let get = |id: &str| m.get_one::<String>(id).cloned();
    let defaults = PodSettings::default();
    let settings = PodSettings {
        image: get("image"),
        entrypoint: get("entrypoint"),
        name: get("name"),
        namespace: get("namespace"),
        gpu_resource: get("gpu-resource").unwrap_or(defaults.gpu_resource),
        gpu_device_label: get("gpu-device-label").unwrap_or(defaults.gpu_device_label),
        gpu_partition_size_label: get("gpu-partition-size-label")
            .unwrap_or(defaults.gpu_partition_size_label),
        inputs,
    };
    Ok(settings)
}

/// `-o yaml` or `-o json`.
pub(super) fn output_format(m: &ArgMatches) -> OutputFormat {
    match m.get_one::<String>("output").map(String::as_str) {
        Some("json") => OutputFormat::Json,
        _ => OutputFormat::Yaml,
    }
}

/// Says on standard error that the printed `what` leaves out the cluster's PodTemplate the task
/// names.
pub(super) fn template_note(
    task: &crate::Task,
    what: &str,
    io: &mut Io<'_>,
) -> Result<(), CliError> {
    if let Some(template) = &task.metadata().pod_template_name {
        writeln!(
            io.err,
            "note: on Flyte, task {} starts from the cluster's PodTemplate {template:?}; this \
             {what} does not include it",
            task.name()
        )?;
    }
    Ok(())
}
