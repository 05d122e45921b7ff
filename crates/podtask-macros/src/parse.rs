//! From the attribute tree to the task's arguments, every value with its span.
//!
//! Nothing here stops at the first problem: unknown keys, duplicated keys and values of the
//! wrong kind are recorded in the context and parsing goes on, so that one build shows them all.
//! The rules on the values themselves are applied later, in `check`.

use crate::ctxt::Ctxt;
use crate::meta::{Item, Key, SignedLit, Value};
use podtask_rules::resource::ResourceName;
use podtask_rules::suggest::did_you_mean;
use proc_macro2::Span;
use syn::{Lit, LitStr, Path};

/// A part given inline or as a path to a constant defined elsewhere.
pub enum Src<T> {
    Inline(T),
    Path(Path),
}

/// A list of strings, `["a", "b"]`.
pub struct StrList {
    pub items: Vec<LitStr>,
}

/// One entry of `requests(...)` or `limits(...)`.
pub struct Entry {
    pub key: Key,
    pub name: ResourceName,
    pub value: LitStr,
}

#[derive(Default)]
pub struct ResourcesArgs {
    pub requests: Vec<Entry>,
    pub limits: Vec<Entry>,
}

#[derive(Default)]
pub struct ContainerArgs {
    pub image: Option<LitStr>,
    pub command: Option<StrList>,
    pub args: Option<StrList>,
    pub env: Vec<(Key, LitStr)>,
    pub config: Vec<(Key, LitStr)>,
    pub resources: Option<Src<ResourcesArgs>>,
}

/// Where a pod spec comes from.
pub enum SpecSrc {
    /// `spec = { ... }`: JSON-shaped tokens.
    Inline(proc_macro2::TokenStream),
    /// `spec = "pods/gpu.yaml"`: a YAML or JSON file, relative to the crate's manifest directory.
    File(LitStr),
    /// `spec = path::to::function`: a function returning a `PodSpec`, checked at run time.
    Function(Path),
}

#[derive(Default)]
pub struct PodArgs {
    pub primary: Option<LitStr>,
    pub labels: Vec<(Key, LitStr)>,
    pub annotations: Vec<(Key, LitStr)>,
    pub spec: Option<SpecSrc>,
}

/// `accelerator(device = "...", partition = "...")`, or `accelerator = "device"`.
pub struct AcceleratorArgs {
    /// The key `accelerator`, where a missing device is reported.
    pub span: Span,
    pub device: Option<LitStr>,
    pub partition: Option<LitStr>,
    /// `unpartitioned` and its value, at the key.
    pub unpartitioned: Option<(Span, bool)>,
}

/// `shared_memory = true` or `shared_memory = "16Gi"`.
pub enum SharedMemoryArg {
    /// As much as the node allows.
    Unsized,
    /// At most this quantity.
    Size(LitStr),
}

/// One `secret(group = ..., key = ..., mount = ..., ...)`.
pub struct SecretArgs {
    /// The word `secret`.
    pub span: Span,
    pub group: Option<LitStr>,
    pub key: Option<LitStr>,
    pub group_version: Option<LitStr>,
    pub mount: Option<(LitStr, Mount)>,
    pub env_var: Option<LitStr>,
}

/// A secret's `mount`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mount {
    Any,
    Env,
    File,
}

impl Mount {
    pub fn proto_name(self) -> &'static str {
        match self {
            Mount::Any => "ANY",
            Mount::Env => "ENV_VAR",
            Mount::File => "FILE",
        }
    }

    pub fn variant(self) -> &'static str {
        match self {
            Mount::Any => "Any",
            Mount::Env => "Env",
            Mount::File => "File",
        }
    }
}

pub struct CacheArgs {
    pub span: Span,
    pub version: Option<LitStr>,
    pub serialize: bool,
    pub ignored_inputs: Vec<LitStr>,
}

#[derive(Default)]
pub struct TaskArgs {
    pub name: Option<LitStr>,
    pub container: Option<Src<ContainerArgs>>,
    pub resources: Option<Src<ResourcesArgs>>,
    pub retries: Option<SignedLit>,
    pub timeout: Option<LitStr>,
    pub interruptible: Option<bool>,
    pub cache: Option<CacheArgs>,
    pub deprecated: Option<LitStr>,
    pub pod: Option<Src<PodArgs>>,
    pub accelerator: Option<Src<AcceleratorArgs>>,
    pub shared_memory: Option<SharedMemoryArg>,
    pub secrets: Option<Src<Vec<SecretArgs>>>,
    pub pod_template_name: Option<LitStr>,
}

const TASK_KEYS: &[&str] = &[
    "name",
    "container",
    "resources",
    "retries",
    "timeout",
    "interruptible",
    "cache",
    "deprecated",
    "pod",
    "accelerator",
    "shared_memory",
    "secrets",
    "pod_template_name",
];
const POD_KEYS: &[&str] = &["primary_container", "labels", "annotations", "spec"];
const CONTAINER_KEYS: &[&str] = &["image", "command", "args", "env", "config", "resources"];
const RESOURCES_KEYS: &[&str] = &["requests", "limits"];
const CACHE_KEYS: &[&str] = &["version", "serialize", "ignored_inputs"];
const ACCELERATOR_KEYS: &[&str] = &["device", "partition", "unpartitioned"];
const SECRET_KEYS: &[&str] = &["group", "key", "group_version", "mount", "env_var"];
const MOUNTS: &[&str] = &["env", "file", "any"];

/// Keys seen so far at one level, to report a key given twice at its second occurrence.
#[derive(Default)]
struct Seen(Vec<String>);

impl Seen {
    fn first(&mut self, cx: &mut Ctxt, key: &Key, what: &str) -> bool {
        let name = key.name();
        if self.0.contains(&name) {
            cx.error(key.span(), format!("duplicate {what} `{name}`"));
            false
        } else {
            self.0.push(name);
            true
        }
    }
}

fn unknown(cx: &mut Ctxt, key: &Key, place: &str, valid: &[&str]) {
    let name = key.name();
    let mut message = format!(
        "unknown key `{name}` in {place}; expected one of: {}",
        valid.join(", ")
    );
    if let Some(s) = did_you_mean(&name, valid.iter().copied()) {
        message.push_str(&format!("; did you mean `{s}`?"));
    }
    cx.error(key.span(), message);
}

fn wrong(cx: &mut Ctxt, item: &Item, expected: &str) {
    cx.error_at(
        item.value_tokens(),
        format!(
            "`{}` expects {expected}, found {}",
            item.key.name(),
            item.found()
        ),
    );
}

fn string(cx: &mut Ctxt, item: &Item) -> Option<LitStr> {
    match &item.value {
        Value::Lit(SignedLit {
            minus: None,
            lit: Lit::Str(s),
        }) => Some(s.clone()),
        _ => {
            wrong(cx, item, "a string, `key = \"...\"`");
            None
        }
    }
}

fn strings(cx: &mut Ctxt, item: &Item) -> Option<StrList> {
    let Value::Array(_, lits) = &item.value else {
        wrong(cx, item, "a list of strings, `key = [\"...\", ...]`");
        return None;
    };
    let mut items = Vec::new();
    for l in lits {
        match l {
            SignedLit {
                minus: None,
                lit: Lit::Str(s),
            } => items.push(s.clone()),
            other => cx.error_at(other, "expected a string"),
        }
    }
    Some(StrList { items })
}

fn list<'a>(cx: &mut Ctxt, item: &'a Item, expected: &str) -> Option<&'a [Item]> {
    match &item.value {
        Value::List(_, items) => Some(items),
        _ => {
            wrong(cx, item, expected);
            None
        }
    }
}

fn flag(cx: &mut Ctxt, item: &Item) -> Option<bool> {
    match &item.value {
        Value::Flag => Some(true),
        Value::Lit(SignedLit {
            minus: None,
            lit: Lit::Bool(b),
        }) => Some(b.value),
        _ => {
            wrong(cx, item, "nothing (a bare flag) or `= true` / `= false`");
            None
        }
    }
}

/// `key = "value"` pairs, as in `env(...)` and `config(...)`.
fn pairs(cx: &mut Ctxt, item: &Item, what: &str) -> Vec<(Key, LitStr)> {
    let Some(items) = list(
        cx,
        item,
        &format!(
            "a list of {what}s, `{}(KEY = \"value\", ...)`",
            item.key.name()
        ),
    ) else {
        return Vec::new();
    };
    let mut seen = Seen::default();
    let mut out = Vec::new();
    for i in items {
        if !seen.first(cx, &i.key, what) {
            continue;
        }
        if let Some(v) = string(cx, i) {
            out.push((i.key.clone(), v));
        }
    }
    out
}

pub fn task_args(cx: &mut Ctxt, items: &[Item]) -> TaskArgs {
    let mut args = TaskArgs::default();
    let mut seen = Seen::default();
    for item in items {
        if !seen.first(cx, &item.key, "key") {
            continue;
        }
        match item.key.name().as_str() {
            "name" => args.name = string(cx, item),
            "container" => args.container = source(cx, item, container_args),
            "resources" => args.resources = source(cx, item, resources_args),
            "retries" => match &item.value {
                Value::Lit(
                    l @ SignedLit {
                        lit: Lit::Int(_), ..
                    },
                ) => args.retries = Some(l.clone()),
                _ => wrong(cx, item, "an integer, `retries = 3`"),
            },
            "timeout" => args.timeout = string(cx, item),
            "interruptible" => args.interruptible = flag(cx, item),
            "cache" => args.cache = cache_args(cx, item),
            "deprecated" => args.deprecated = string(cx, item),
            "pod" => args.pod = source(cx, item, pod_args),
            "accelerator" => args.accelerator = accelerator(cx, item),
            "shared_memory" => args.shared_memory = shared_memory(cx, item),
            "secrets" => args.secrets = source(cx, item, secrets_args),
            "pod_template_name" => args.pod_template_name = string(cx, item),
            _ => unknown(cx, &item.key, "#[task(...)]", TASK_KEYS),
        }
    }
    args
}

/// `key(...)` inline, or `key = PATH` to a constant.
fn source<T>(cx: &mut Ctxt, item: &Item, inline: fn(&mut Ctxt, &[Item]) -> T) -> Option<Src<T>> {
    match &item.value {
        Value::List(_, items) => Some(Src::Inline(inline(cx, items))),
        Value::Path(p) => Some(Src::Path(p.clone())),
        _ => {
            let k = item.key.name();
            wrong(
                cx,
                item,
                &format!("`{k}(...)` or `{k} = PATH` to a constant"),
            );
            None
        }
    }
}

pub fn container_args(cx: &mut Ctxt, items: &[Item]) -> ContainerArgs {
    let mut args = ContainerArgs::default();
    let mut seen = Seen::default();
    for item in items {
        if !seen.first(cx, &item.key, "key") {
            continue;
        }
        match item.key.name().as_str() {
            "image" => args.image = string(cx, item),
            "command" => args.command = strings(cx, item),
            "args" => args.args = strings(cx, item),
            "env" => args.env = pairs(cx, item, "environment variable"),
            "config" => args.config = pairs(cx, item, "config key"),
            "resources" => args.resources = source(cx, item, resources_args),
            _ => unknown(cx, &item.key, "container(...)", CONTAINER_KEYS),
        }
    }
    args
}

pub fn resources_args(cx: &mut Ctxt, items: &[Item]) -> ResourcesArgs {
    let mut args = ResourcesArgs::default();
    let mut seen = Seen::default();
    for item in items {
        if !seen.first(cx, &item.key, "key") {
            continue;
        }
        let side = match item.key.name().as_str() {
            "requests" => &mut args.requests,
            "limits" => &mut args.limits,
            _ => {
                unknown(cx, &item.key, "resources(...)", RESOURCES_KEYS);
                continue;
            }
        };
        let expected = format!(
            "a list of resources, `{}(cpu = \"1\", memory = \"1Gi\")`",
            item.key.name()
        );
        let Some(entries) = list(cx, item, &expected) else {
            continue;
        };
        for e in entries {
            let key_name = e.key.name();
            let Some(name) = ResourceName::from_key(&key_name) else {
                let keys: Vec<&str> = ResourceName::KEYS.iter().map(|(k, _)| *k).collect();
                let mut message = format!(
                    "unknown resource `{key_name}`; expected one of: cpu, memory (or mem), gpu, storage, ephemeral_storage"
                );
                if let Some(s) = did_you_mean(&key_name, keys) {
                    message.push_str(&format!("; did you mean `{s}`?"));
                } else if key_name.contains('/') || key_name.contains('-') {
                    message.push_str(
                        "; Flyte's container target knows only these five: give extended resources in a pod spec",
                    );
                }
                cx.error(e.key.span(), message);
                continue;
            };
            if let Some(first) = side.iter().find(|x: &&Entry| x.name == name) {
                cx.error(
                    e.key.span(),
                    format!(
                        "duplicate resource `{key_name}` in {}(...): `{}` already sets {}",
                        item.key.name(),
                        first.key.name(),
                        name.key()
                    ),
                );
                continue;
            }
            if let Some(value) = string(cx, e) {
                side.push(Entry {
                    key: e.key.clone(),
                    name,
                    value,
                });
            }
        }
    }
    args
}

pub fn pod_args(cx: &mut Ctxt, items: &[Item]) -> PodArgs {
    let mut args = PodArgs::default();
    let mut seen = Seen::default();
    for item in items {
        if !seen.first(cx, &item.key, "key") {
            continue;
        }
        match item.key.name().as_str() {
            "primary_container" => args.primary = string(cx, item),
            "labels" => args.labels = pairs(cx, item, "label"),
            "annotations" => args.annotations = pairs(cx, item, "annotation"),
            "spec" => {
                args.spec = match &item.value {
                    Value::Braced(_, tokens) => Some(SpecSrc::Inline(tokens.clone())),
                    Value::Lit(SignedLit {
                        minus: None,
                        lit: Lit::Str(s),
                    }) => Some(SpecSrc::File(s.clone())),
                    Value::Path(p) => Some(SpecSrc::Function(p.clone())),
                    _ => {
                        wrong(
                            cx,
                            item,
                            "a pod spec: `spec = { \"containers\": [...] }`, a file `spec = \"pods/spec.yaml\"` or a function `spec = path::to::f`",
                        );
                        None
                    }
                }
            }
            _ => unknown(cx, &item.key, "pod(...)", POD_KEYS),
        }
    }
    args
}

/// `accelerator = "device"`, `accelerator(...)` or `accelerator = PATH`.
fn accelerator(cx: &mut Ctxt, item: &Item) -> Option<Src<AcceleratorArgs>> {
    match &item.value {
        Value::Lit(SignedLit {
            minus: None,
            lit: Lit::Str(s),
        }) => Some(Src::Inline(AcceleratorArgs {
            span: item.key.span(),
            device: Some(s.clone()),
            partition: None,
            unpartitioned: None,
        })),
        Value::List(_, items) => Some(Src::Inline(accelerator_args(cx, item.key.span(), items))),
        Value::Path(p) => Some(Src::Path(p.clone())),
        _ => {
            wrong(
                cx,
                item,
                "a device, `accelerator = \"nvidia-tesla-t4\"`, `accelerator(device = \"...\", partition = \"...\")` or `accelerator = PATH` to a constant",
            );
            None
        }
    }
}

pub fn accelerator_args(cx: &mut Ctxt, span: Span, items: &[Item]) -> AcceleratorArgs {
    let mut args = AcceleratorArgs {
        span,
        device: None,
        partition: None,
        unpartitioned: None,
    };
    let mut seen = Seen::default();
    for item in items {
        if !seen.first(cx, &item.key, "key") {
            continue;
        }
        match item.key.name().as_str() {
            "device" => args.device = string(cx, item),
            "partition" => args.partition = string(cx, item),
            "unpartitioned" => {
                args.unpartitioned = flag(cx, item).map(|b| (item.key.span(), b));
            }
            _ => unknown(cx, &item.key, "accelerator(...)", ACCELERATOR_KEYS),
        }
    }
    args
}

/// `shared_memory`, `shared_memory = true` or `shared_memory = "16Gi"`.
fn shared_memory(cx: &mut Ctxt, item: &Item) -> Option<SharedMemoryArg> {
    match &item.value {
        Value::Flag => Some(SharedMemoryArg::Unsized),
        Value::Lit(SignedLit {
            minus: None,
            lit: Lit::Bool(b),
        }) => {
            if b.value {
                Some(SharedMemoryArg::Unsized)
            } else {
                cx.error(
                    b.span,
                    "`shared_memory = false` is the default: leave it out",
                );
                None
            }
        }
        Value::Lit(SignedLit {
            minus: None,
            lit: Lit::Str(s),
        }) => Some(SharedMemoryArg::Size(s.clone())),
        _ => {
            wrong(
                cx,
                item,
                "a size, `shared_memory = \"16Gi\"`, or `shared_memory = true` for as much as the node allows",
            );
            None
        }
    }
}

/// The content of `secrets(...)`: `secret(...)` entries.
pub fn secrets_args(cx: &mut Ctxt, items: &[Item]) -> Vec<SecretArgs> {
    let mut out = Vec::new();
    for item in items {
        if item.key.name() != "secret" {
            let mut message = format!(
                "unknown key `{}` in secrets(...); expected `secret(group = \"...\", key = \"...\")` entries",
                item.key.name()
            );
            if did_you_mean(&item.key.name(), ["secret"]).is_some() {
                message.push_str("; did you mean `secret`?");
            }
            cx.error(item.key.span(), message);
            continue;
        }
        let Some(fields) = list(
            cx,
            item,
            "`secret(group = \"...\", key = \"...\", mount = \"env\")`",
        ) else {
            continue;
        };
        out.push(secret_args(cx, item.key.span(), fields));
    }
    out
}

fn secret_args(cx: &mut Ctxt, span: Span, items: &[Item]) -> SecretArgs {
    let mut args = SecretArgs {
        span,
        group: None,
        key: None,
        group_version: None,
        mount: None,
        env_var: None,
    };
    let mut seen = Seen::default();
    for item in items {
        if !seen.first(cx, &item.key, "key") {
            continue;
        }
        match item.key.name().as_str() {
            "group" => args.group = string(cx, item),
            "key" => args.key = string(cx, item),
            "group_version" => args.group_version = string(cx, item),
            "env_var" => args.env_var = string(cx, item),
            "mount" => {
                let Some(lit) = string(cx, item) else {
                    continue;
                };
                let mount = match lit.value().as_str() {
                    "env" => Mount::Env,
                    "file" => Mount::File,
                    "any" => Mount::Any,
                    other => {
                        let mut message = format!(
                            "unknown mount {other:?}; expected \"env\" (an environment variable), \"file\" (a file under /etc/flyte/secrets) or \"any\" (as the platform chooses, the default)"
                        );
                        if let Some(s) = did_you_mean(other, MOUNTS.iter().copied()) {
                            message.push_str(&format!("; did you mean \"{s}\"?"));
                        }
                        cx.error(lit.span(), message);
                        continue;
                    }
                };
                args.mount = Some((lit, mount));
            }
            _ => unknown(cx, &item.key, "secret(...)", SECRET_KEYS),
        }
    }
    args
}

fn cache_args(cx: &mut Ctxt, item: &Item) -> Option<CacheArgs> {
    let items = list(cx, item, "`cache(version = \"1\")`")?;
    let mut args = CacheArgs {
        span: item.key.span(),
        version: None,
        serialize: false,
        ignored_inputs: Vec::new(),
    };
    let mut seen = Seen::default();
    for i in items {
        if !seen.first(cx, &i.key, "key") {
            continue;
        }
        match i.key.name().as_str() {
            "version" => args.version = string(cx, i),
            "serialize" => args.serialize = flag(cx, i).unwrap_or(false),
            "ignored_inputs" => {
                args.ignored_inputs = strings(cx, i).map(|l| l.items).unwrap_or_default()
            }
            _ => unknown(cx, &i.key, "cache(...)", CACHE_KEYS),
        }
    }
    Some(args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::Items;
    use quote::quote;

    fn parse(tokens: proc_macro2::TokenStream) -> (TaskArgs, Vec<String>) {
        let items = syn::parse2::<Items>(tokens).unwrap();
        let mut cx = Ctxt::default();
        let args = task_args(&mut cx, &items.0);
        let errors = cx
            .finish()
            .map(|e| e.into_iter().map(|e| e.to_string()).collect())
            .unwrap_or_default();
        (args, errors)
    }

    #[test]
    fn reads_the_whole_surface() {
        let (args, errors) = parse(quote!(
            name = "etl.process",
            container(image = "ghcr.io/acme/etl:v1", env(A = "1", "b.c" = "2"), config(k = "v"),
                      command = ["python"], args = ["{{.inputs.x}}"]),
            resources(requests(cpu = "1", mem = "1Gi"), limits(gpu = "1")),
            retries = 3, timeout = "1h", interruptible, cache(version = "1", serialize),
            deprecated = "use v2",
            pod(primary_container = "main", labels(app = "x"), spec = { "containers": [] }),
        ));
        assert!(errors.is_empty(), "{errors:?}");
        let Some(Src::Inline(c)) = &args.container else {
            panic!("an inline container")
        };
        assert_eq!(
            c.env.iter().map(|(k, _)| k.name()).collect::<Vec<_>>(),
            ["A", "b.c"]
        );
        assert_eq!(c.command.as_ref().unwrap().items.len(), 1);
        let Some(Src::Inline(r)) = &args.resources else {
            panic!("inline resources")
        };
        assert_eq!(r.requests[1].name, ResourceName::Memory);
        assert_eq!(r.limits[0].name, ResourceName::Gpu);
        assert_eq!(args.interruptible, Some(true));
        assert!(args.cache.as_ref().unwrap().serialize);
        let Some(Src::Inline(p)) = &args.pod else {
            panic!("an inline pod")
        };
        assert!(matches!(p.spec, Some(SpecSrc::Inline(_))));
    }

    #[test]
    fn reads_accelerators_shared_memory_secrets_and_pod_templates() {
        let (args, errors) = parse(quote!(
            accelerator(device = "nvidia-tesla-a100", partition = "1g.5gb"),
            shared_memory = "16Gi",
            secrets(
                secret(
                    group = "db",
                    key = "password",
                    mount = "env",
                    env_var = "PGPASSWORD"
                ),
                secret(
                    group = "gcp",
                    key = "sa.json",
                    group_version = "v1",
                    mount = "file"
                ),
                secret(group = "slack"),
            ),
            pod_template_name = "gpu-pool",
        ));
        assert!(errors.is_empty(), "{errors:?}");
        let Some(Src::Inline(a)) = &args.accelerator else {
            panic!("an inline accelerator")
        };
        assert_eq!(a.device.as_ref().unwrap().value(), "nvidia-tesla-a100");
        assert_eq!(a.partition.as_ref().unwrap().value(), "1g.5gb");
        assert!(
            matches!(&args.shared_memory, Some(SharedMemoryArg::Size(s)) if s.value() == "16Gi")
        );
        let Some(Src::Inline(secrets)) = &args.secrets else {
            panic!("inline secrets")
        };
        let mounts: Vec<Option<Mount>> = secrets
            .iter()
            .map(|s| s.mount.as_ref().map(|(_, m)| *m))
            .collect();
        assert!(mounts == [Some(Mount::Env), Some(Mount::File), None]);
        assert!(secrets[2].key.is_none());
        assert_eq!(args.pod_template_name.unwrap().value(), "gpu-pool");

        let (args, errors) = parse(quote!(accelerator = GPU, shared_memory, secrets = DB));
        assert!(errors.is_empty(), "{errors:?}");
        assert!(matches!(args.accelerator, Some(Src::Path(_))));
        assert!(matches!(args.shared_memory, Some(SharedMemoryArg::Unsized)));
        assert!(matches!(args.secrets, Some(Src::Path(_))));
        let (args, _) = parse(quote!(accelerator = "nvidia-l4"));
        let Some(Src::Inline(a)) = &args.accelerator else {
            panic!("a device")
        };
        assert!(a.partition.is_none() && a.unpartitioned.is_none());
    }

    #[test]
    fn paths_stand_for_constants_and_functions() {
        let (args, errors) = parse(quote!(
            container = BASE,
            resources = crate::GPU,
            pod(spec = pods::gpu)
        ));
        assert!(errors.is_empty(), "{errors:?}");
        assert!(matches!(args.container, Some(Src::Path(_))));
        assert!(matches!(args.resources, Some(Src::Path(_))));
        let Some(Src::Inline(p)) = &args.pod else {
            panic!("an inline pod")
        };
        assert!(matches!(p.spec, Some(SpecSrc::Function(_))));
    }

    #[test]
    fn every_problem_is_reported_and_parsing_goes_on() {
        let (args, errors) = parse(quote!(
            retires = 3,
            timeout = 5,
            resources(requests(cpu = "1", cpu = "2", memroy = "1Gi")),
            retries = 1,
            retries = 2,
        ));
        assert_eq!(
            errors,
            [
                "unknown key `retires` in #[task(...)]; expected one of: name, container, resources, retries, timeout, interruptible, cache, deprecated, pod, accelerator, shared_memory, secrets, pod_template_name; did you mean `retries`?",
                "`timeout` expects a string, `key = \"...\"`, found an integer",
                "duplicate resource `cpu` in requests(...): `cpu` already sets cpu",
                "unknown resource `memroy`; expected one of: cpu, memory (or mem), gpu, storage, ephemeral_storage; did you mean `memory`?",
                "duplicate key `retries`",
            ]
        );
        // The first `retries` still counts.
        assert!(args.retries.is_some());
    }
}
