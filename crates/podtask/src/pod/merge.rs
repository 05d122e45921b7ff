//! The merge rule: how the task's container goes into the pod spec's primary container.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::model::{KeyValuePair, ResourceEntry, Resources};

/// What the task gives its primary container: the parts of its container that [`merge`] puts
/// into the pod.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct PrimaryContainer<'a> {
    /// The task's image (its own, else the one given when serializing), if any.
    pub image: Option<&'a str>,
    /// The command: the task binary for a Rust function task, the command as written for a
    /// command task.
    pub command: &'a [Cow<'static, str>],
    /// The arguments.
    pub args: &'a [Cow<'static, str>],
    /// Requests and limits.
    pub resources: &'a Resources,
    /// Environment variables, in the order written.
    pub env: &'a [KeyValuePair],
}

impl<'a> PrimaryContainer<'a> {
    /// The task's parts.
    pub fn new(
        image: Option<&'a str>,
        command: &'a [Cow<'static, str>],
        args: &'a [Cow<'static, str>],
        resources: &'a Resources,
        env: &'a [KeyValuePair],
    ) -> Self {
        PrimaryContainer {
            image,
            command,
            args,
            resources,
            env,
        }
    }
}

/// Puts the task's container into `spec`'s primary container (the container named
/// `primary_name`), by the one rule docs/pods.md states, which is flytekit's
/// (`_serialize_pod_spec`):
///
/// - **the container**: the spec's container named `primary_name`; when the spec has none, a
///   container of that name is added after the spec's containers.
/// - **image**: the spec's, when its primary container names one; else the task's.
/// - **command, args**: the task's, always (an empty one leaves the field out, which Kubernetes
///   reads as the image's entrypoint, as flytekit's `[]`).
/// - **resources**: when the task gives any request or limit, its requests and limits replace
///   the spec's (both: a spec's limit is dropped even when the task gives only requests); else
///   the spec's stay. `claims` stay the spec's. Flyte's names become Kubernetes' (`cpu`,
///   `memory`, `ephemeral-storage`, `storage`), and its GPU becomes `gpu_resource`.
/// - **env**: the task's variables, then the spec's. A name set in both keeps the spec's value
///   alone, which is the value Kubernetes uses for flytekit's list, where the later entry wins.
/// - **everything else** (volume mounts, ports, probes, security context, working directory, the
///   other containers, init containers, volumes, scheduling): the spec's, as written.
///
/// The spec has been read strictly (see `podtask_podspec::read_spec`): where it holds a value of
/// an unexpected JSON type, the task's value replaces it.
///
/// ```
/// use podtask::pod::{merge, PrimaryContainer};
/// use podtask::{KeyValuePair, Resources};
/// use std::borrow::Cow;
///
/// let serde_json::Value::Object(mut spec) = serde_json::json!({
///     "containers": [{"name": "sidecar", "image": "busybox"}]
/// }) else { unreachable!() };
/// let command = [Cow::Borrowed("/usr/local/bin/tasks")];
/// let env = [KeyValuePair::new("MODE", "fast")];
/// merge(&mut spec, "main", &PrimaryContainer::new(Some("ghcr.io/acme/tasks:1"), &command, &[], &Resources::EMPTY, &env), "gpu");
/// assert_eq!(spec["containers"][1]["name"], "main");
/// assert_eq!(spec["containers"][1]["image"], "ghcr.io/acme/tasks:1");
/// assert_eq!(spec["containers"][1]["env"][0]["name"], "MODE");
/// ```
pub fn merge(
    spec: &mut Map<String, Value>,
    primary_name: &str,
    task: &PrimaryContainer<'_>,
    gpu_resource: &str,
) {
    let containers = match spec
        .entry("containers")
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        Value::Array(list) => list,
        other => {
            *other = Value::Array(Vec::new());
            match other {
                Value::Array(list) => list,
                _ => unreachable!("just set to an array"),
            }
        }
    };
    let index = match containers
        .iter()
        .position(|c| c.get("name").and_then(Value::as_str) == Some(primary_name))
    {
        Some(i) => i,
        None => {
            let mut c = Map::new();
            c.insert("name".to_owned(), Value::String(primary_name.to_owned()));
            containers.push(Value::Object(c));
            containers.len() - 1
        }
    };
    let c = object(&mut containers[index]);
    let has_image = c
        .get("image")
        .and_then(Value::as_str)
        .is_some_and(|i| !i.is_empty());
    if !has_image {
        match task.image {
            Some(image) => {
                c.insert("image".to_owned(), Value::String(image.to_owned()));
            }
            None => {
                c.remove("image");
            }
        }
    }
    set_strings(c, "command", task.command);
    set_strings(c, "args", task.args);
    if !task.resources.is_empty() {
        let r = object(
            c.entry("resources")
                .or_insert_with(|| Value::Object(Map::new())),
        );
        set_quantities(r, "requests", &task.resources.requests, gpu_resource);
        set_quantities(r, "limits", &task.resources.limits, gpu_resource);
    }
    if !task.env.is_empty() {
        let theirs = match c.remove("env") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        };
        let mut env: Vec<Value> = task
            .env
            .iter()
            .filter(|kv| {
                !theirs
                    .iter()
                    .any(|e| e.get("name").and_then(Value::as_str) == Some(&*kv.key))
            })
            .map(|kv| {
                let mut e = Map::new();
                e.insert("name".to_owned(), Value::String(kv.key.to_string()));
                e.insert("value".to_owned(), Value::String(kv.value.to_string()));
                Value::Object(e)
            })
            .collect();
        env.extend(theirs);
        c.insert("env".to_owned(), Value::Array(env));
    }
}

/// The object `v` holds, made one if it holds something else.
fn object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
    }
}

fn set_strings(c: &mut Map<String, Value>, key: &str, items: &[Cow<'static, str>]) {
    if items.is_empty() {
        c.remove(key);
    } else {
        let list = items.iter().map(|s| Value::String(s.to_string())).collect();
        c.insert(key.to_owned(), Value::Array(list));
    }
}

fn set_quantities(
    r: &mut Map<String, Value>,
    key: &str,
    entries: &[ResourceEntry],
    gpu_resource: &str,
) {
    if entries.is_empty() {
        r.remove(key);
        return;
    }
    let map = entries
        .iter()
        .map(|e| {
            (
                e.name.to_k8s(gpu_resource).as_str().into_owned(),
                Value::String(e.value.to_string()),
            )
        })
        .collect();
    r.insert(key.to_owned(), Value::Object(map));
}
