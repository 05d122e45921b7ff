//! The rules on every value, through the rulebook, each error at its token.

use crate::ctxt::Ctxt;
use crate::json;
use crate::parse::{
    AcceleratorArgs, CacheArgs, ContainerArgs, Entry, Mount, PodArgs, ResourcesArgs, SecretArgs,
    SharedMemoryArg, SpecSrc, Src, TaskArgs,
};
use crate::sig::Interface;
use podtask_rules::resource::{Side, validate_flyte};
use podtask_rules::suggest::did_you_mean;
use podtask_rules::template::Placeholder;
use podtask_rules::{Quantity, RuleError};
use proc_macro2::Span;
use syn::LitStr;

/// A warning: emitted as the use of a deprecated item, spanned on the offending token, so that
/// `#[allow(deprecated)]` on the function silences it.
pub struct Warning {
    pub span: Span,
    pub note: String,
}

/// What the checks derive from the arguments, for `expand`.
#[derive(Default)]
pub struct Checked {
    pub retries: u32,
    pub timeout_seconds: Option<u64>,
    pub warnings: Vec<Warning>,
    pub pod: CheckedPod,
}

/// What checking a pod part derives for `expand`.
#[derive(Default)]
pub struct CheckedPod {
    /// The spec, read and checked.
    pub spec: Option<serde_json::Value>,
    /// The file the spec was read from, so that editing it rebuilds the crate.
    pub file: Option<String>,
}

/// An error from the rulebook, at the literal it is about.
pub fn rule_error(cx: &mut Ctxt, span: Span, e: &RuleError) {
    cx.error(span, format!("invalid {}: {}", e.subject(), e.detail()));
}

pub fn task(cx: &mut Ctxt, args: &TaskArgs, iface: &Interface) -> Checked {
    let mut checked = Checked::default();
    let inputs: Vec<String> = iface.input_names().collect();
    if let Some(Src::Inline(c)) = &args.container {
        container(cx, c, Some(&inputs), &mut checked.warnings);
        if let (Some(Src::Inline(_) | Src::Path(_)), Some(_)) = (&c.resources, &args.resources) {
            cx.error(
                Span::call_site(),
                "resources are given both in `container(...)` and in `resources`: keep one",
            );
        }
    }
    if let Some(Src::Inline(r)) = &args.resources {
        resources(cx, r);
    }
    if let Some(name) = &args.name {
        task_name(cx, name);
    }
    if let Some(r) = &args.retries {
        checked.retries = retries(cx, r);
    }
    if let Some(t) = &args.timeout {
        match podtask_rules::duration::parse(&t.value()) {
            Ok(secs) => checked.timeout_seconds = Some(secs),
            Err(e) => rule_error(cx, t.span(), &e),
        }
    }
    if let Some(c) = &args.cache {
        cache(cx, c, &inputs);
    }
    if let Some(Src::Inline(p)) = &args.pod {
        checked.pod = pod(cx, p, &mut checked.warnings);
    }
    extended(cx, args, &mut checked);
    checked
}

/// The primary container's name when the task does not give one: flytekit's default.
pub const DEFAULT_PRIMARY: &str = "primary";

/// What a task asks beyond requests and limits: the accelerator, shared memory, secrets and the
/// pod template, each alone and against the rest of the task where the macro can see it.
fn extended(cx: &mut Ctxt, args: &TaskArgs, checked: &mut Checked) {
    let inline_container = match &args.container {
        Some(Src::Inline(c)) => Some(c),
        _ => None,
    };
    if let Some(Src::Inline(a)) = &args.accelerator {
        accelerator(cx, a, &mut checked.warnings);
        if let Some(device) = &a.device {
            match gpu_requested(args, checked) {
                Some(true) | None => {}
                Some(false) => cx.error(
                    device.span(),
                    format!(
                        "accelerator {:?} without a GPU: Flyte selects nodes with the device \
                         only for a pod that asks for a GPU, so this task would run on any node, \
                         with no GPU; ask for one with `resources(limits(gpu = \"1\"))`",
                        device.value()
                    ),
                ),
            }
        }
    }
    if let Some(SharedMemoryArg::Size(size)) = &args.shared_memory {
        match Quantity::parse(&size.value()) {
            Ok(q) if q.signum() <= 0 => cx.error(
                size.span(),
                format!(
                    "invalid shared memory \"{}\": must be greater than zero; leave it out for \
                     none, or write `shared_memory = true` for as much as the node allows",
                    size.value()
                ),
            ),
            Ok(_) => {}
            Err(e) => rule_error(cx, size.span(), &e),
        }
    }
    if args.shared_memory.is_some()
        && let (Some(Src::Inline(p)), Some(spec)) = (&args.pod, &checked.pod.spec)
    {
        let primary = p
            .primary
            .as_ref()
            .map_or(DEFAULT_PRIMARY.to_owned(), LitStr::value);
        if let Some(message) = spec
            .as_object()
            .and_then(|s| podtask_podspec::shared_memory_conflict(s, &primary))
        {
            let span = match &args.shared_memory {
                Some(SharedMemoryArg::Size(s)) => s.span(),
                _ => Span::call_site(),
            };
            cx.error(span, message);
        }
    }
    if let Some(Src::Inline(list)) = &args.secrets {
        let env: &[(crate::meta::Key, LitStr)] = inline_container.map_or(&[], |c| &c.env);
        secrets(cx, list, env, &mut checked.warnings);
    }
    if let Some(name) = &args.pod_template_name
        && let Err(v) = podtask_rules::names::dns1123_subdomain(&name.value())
    {
        let e = v.into_error(podtask_rules::Subject::Dns1123Subdomain, &name.value());
        rule_error(cx, name.span(), &e);
    }
}

/// `accelerator(...)` alone: a device, a valid label value, known or warned about, and a
/// partition the device has.
pub fn accelerator(cx: &mut Ctxt, a: &AcceleratorArgs, warnings: &mut Vec<Warning>) {
    let Some(device) = &a.device else {
        cx.error(
            a.span,
            "an accelerator needs a device: `accelerator(device = \"nvidia-tesla-a100\")`",
        );
        return;
    };
    let name = device.value();
    if let Err(e) = podtask_rules::accelerator::check_device_name(&name) {
        rule_error(cx, device.span(), &e);
        return;
    }
    let known = podtask_rules::accelerator::device(&name);
    if known.is_none() {
        let hint = match podtask_rules::accelerator::suggestion(&name) {
            Some(s) => format!(" (did you mean \"{s}\"?)"),
            None => String::new(),
        };
        warnings.push(Warning {
            span: device.span(),
            note: format!(
                "podtask: accelerator device \"{name}\" is not one podtask knows{hint}; it is used \
                 as written: make sure the cluster's GPU nodes carry it as their device label"
            ),
        });
    }
    match (&a.partition, a.unpartitioned) {
        (Some(_), Some((span, true))) => cx.error(
            span,
            "`partition` and `unpartitioned` cannot both be given: a partition of the device, or \
             whole devices",
        ),
        (_, Some((span, false))) => cx.error(
            span,
            "`unpartitioned = false` says nothing: leave it out (Flyte then takes any node with \
             the device), or give a `partition`",
        ),
        (Some(p), _) => {
            let result = match known {
                Some(d) => d.check_partition(&p.value()),
                None => podtask_rules::names::label_value(&p.value())
                    .map_err(|v| v.into_error(podtask_rules::Subject::Accelerator, &p.value())),
            };
            if let Err(e) = result {
                rule_error(cx, p.span(), &e);
            }
        }
        (None, Some((span, true))) => {
            if let Some(d) = known
                && d.partitions == podtask_rules::accelerator::Partitions::None
            {
                cx.error(
                    span,
                    format!(
                        "{} ({}) cannot be partitioned, so `unpartitioned` says nothing for it: \
                         leave it out",
                        d.name, d.model
                    ),
                );
            }
        }
        (None, None) => {}
    }
}

/// Whether the task asks for a GPU, when the macro can tell: in its resources (inline), or in
/// the resources of a container of its pod spec (inline or from a file). `None` when a part that
/// may hold one is given by path or built by code: the runtime checks it when the task is read.
fn gpu_requested(args: &TaskArgs, checked: &Checked) -> Option<bool> {
    let resources = match (&args.resources, &args.container) {
        (Some(Src::Inline(r)), _) => Some(r),
        (Some(Src::Path(_)), _) | (None, Some(Src::Path(_))) => return None,
        (None, Some(Src::Inline(c))) => match &c.resources {
            Some(Src::Inline(r)) => Some(r),
            Some(Src::Path(_)) => return None,
            None => None,
        },
        (None, None) => None,
    };
    let nonzero = |e: &Entry| Quantity::parse(&e.value.value()).is_ok_and(|q| q.signum() > 0);
    if resources.is_some_and(|r| {
        r.requests
            .iter()
            .chain(&r.limits)
            .any(|e| e.name == podtask_rules::resource::ResourceName::Gpu && nonzero(e))
    }) {
        return Some(true);
    }
    match &args.pod {
        None => Some(false),
        Some(Src::Path(_)) => None,
        Some(Src::Inline(p)) => match (&p.spec, &checked.pod.spec) {
            (Some(SpecSrc::Function(_)), _) => None,
            (_, Some(spec)) => Some(
                spec.as_object()
                    .is_some_and(podtask_podspec::asks_for_accelerator),
            ),
            (_, None) => Some(false),
        },
    }
}

/// `secrets(...)`: each secret alone, then no secret twice, and no environment variable set by
/// two of them or by a secret and `env(...)`.
pub fn secrets(
    cx: &mut Ctxt,
    list: &[SecretArgs],
    env: &[(crate::meta::Key, LitStr)],
    warnings: &mut Vec<Warning>,
) {
    // (group, key, version) of each secret whose group is valid, and the variables taken so far.
    let mut seen: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let mut vars: Vec<(String, String)> = Vec::new();
    for s in list {
        let Some(group) = &s.group else {
            cx.error(
                s.span,
                "a secret needs a group, the name of the Kubernetes Secret: \
                 `secret(group = \"db\", key = \"password\")`",
            );
            continue;
        };
        let mut ok = true;
        if let Err(e) = podtask_rules::secret::check_group(&group.value()) {
            rule_error(cx, group.span(), &e);
            ok = false;
        }
        if let Some(key) = &s.key
            && let Err(e) = podtask_rules::secret::check_key(&key.value())
        {
            rule_error(cx, key.span(), &e);
            ok = false;
        }
        if let Some(v) = &s.group_version
            && v.value().is_empty()
        {
            cx.error(v.span(), "a group version cannot be empty: leave it out");
            ok = false;
        }
        if let Some(var) = &s.env_var
            && let Err(v) = podtask_rules::names::env_var_name(&var.value())
        {
            let e = v.into_error(podtask_rules::Subject::EnvVarName, &var.value());
            rule_error(cx, var.span(), &e);
            ok = false;
        }
        let mount = s.mount.as_ref().map_or(Mount::Any, |(_, m)| *m);
        let version = s.group_version.as_ref().map(LitStr::value);
        if s.key.is_none() && ok {
            warnings.push(Warning {
                span: group.span(),
                note: format!(
                    "podtask: secret {:?} has no key: Flyte's Kubernetes secret injection needs \
                     one (a key of the Secret) and refuses to start the task without it; only \
                     secret stores that resolve a whole group (Vault, AWS, GCP) take it as is",
                    group.value()
                ),
            });
        }
        if ok
            && mount != Mount::Env
            && let Err(e) =
                podtask_rules::secret::check_volume_name(&group.value(), version.as_deref())
        {
            let span = s.mount.as_ref().map_or(group.span(), |(l, _)| l.span());
            rule_error(cx, span, &e);
            ok = false;
        }
        if !ok {
            continue;
        }
        let key = s.key.as_ref().map(LitStr::value);
        let id = (group.value(), key.clone(), version);
        let shown = match &key {
            Some(k) => format!("{}.{k}", group.value()),
            None => group.value(),
        };
        if seen.contains(&id) {
            cx.error(
                s.span,
                format!("secret {shown} is requested twice: request it once"),
            );
            continue;
        }
        seen.push(id);
        let mut names: Vec<(String, Span)> = Vec::new();
        if let Some(var) = &s.env_var {
            names.push((var.value(), var.span()));
        }
        if mount == Mount::Env {
            let span = s.mount.as_ref().map_or(s.span, |(l, _)| l.span());
            names.push((
                podtask_rules::secret::env_var_name(&group.value(), key.as_deref()),
                span,
            ));
        }
        for (name, span) in names {
            if env.iter().any(|(k, _)| k.name() == name) {
                cx.error(
                    span,
                    format!(
                        "secret {shown} is put in the environment variable {name}, which \
                         `env(...)` also sets: drop one"
                    ),
                );
            } else if let Some((other, _)) = vars.iter().find(|(_, n)| *n == name) {
                cx.error(
                    span,
                    format!(
                        "secrets {other} and {shown} are both put in the environment variable \
                         {name}"
                    ),
                );
            } else {
                vars.push((shown.clone(), name));
            }
        }
    }
}

/// The pod part: labels and annotations, the primary container's name, and the spec — read
/// strictly as a Kubernetes `PodSpec` and checked as the API server checks it, each error at
/// its token (or, for a file, at the file name with the JSON path in the message).
pub fn pod(cx: &mut Ctxt, p: &PodArgs, warnings: &mut Vec<Warning>) -> CheckedPod {
    let labels: Vec<(String, String)> = p
        .labels
        .iter()
        .map(|(k, v)| (k.name(), v.value()))
        .collect();
    let annotations: Vec<(String, String)> = p
        .annotations
        .iter()
        .map(|(k, v)| (k.name(), v.value()))
        .collect();
    fn refs(list: &[(String, String)]) -> Vec<(&str, &str)> {
        list.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }
    for issue in podtask_podspec::check_metadata(&refs(&labels), &refs(&annotations)) {
        let list = match issue.field {
            podtask_podspec::MetaField::Labels => &p.labels,
            podtask_podspec::MetaField::Annotations => &p.annotations,
        };
        // The total size of the annotations has no single token: blame the last one.
        let Some((key, value)) = issue.index.and_then(|i| list.get(i)).or(list.last()) else {
            continue;
        };
        let span = if issue.on_key {
            key.span()
        } else {
            value.span()
        };
        rule_error(cx, span, &issue.error);
    }
    let primary = p.primary.as_ref().map(LitStr::value);
    let mut out = CheckedPod::default();
    let (value, at) = match &p.spec {
        None | Some(SpecSrc::Function(_)) => {
            if let Some(lit) = &p.primary
                && let Err(v) = podtask_rules::names::dns1123_label(&lit.value())
            {
                let e = v.into_error(podtask_rules::Subject::Dns1123Label, &lit.value());
                rule_error(cx, lit.span(), &e);
            }
            return out;
        }
        Some(SpecSrc::Inline(tokens)) => match json::parse(tokens.clone()) {
            Ok(spanned) => {
                let value = spanned.value.clone();
                (value, SpecAt::Tokens(spanned))
            }
            Err(e) => {
                cx.syn(e);
                return out;
            }
        },
        Some(SpecSrc::File(lit)) => match read_spec_file(lit) {
            Ok((value, path)) => {
                out.file = Some(path);
                (value, SpecAt::File(lit))
            }
            Err(message) => {
                cx.error(lit.span(), message);
                return out;
            }
        },
    };
    let checked = podtask_podspec::read_and_check(&value, primary.as_deref(), KUBERNETES_VERSION);
    if let (Some(e), Some(lit)) = (&checked.primary_name, &p.primary) {
        rule_error(cx, lit.span(), e);
    }
    for e in &checked.errors {
        at.error(cx, e.path.segments(), e.on_key, e);
    }
    for w in &checked.warnings {
        warnings.push(Warning {
            span: at.span(w.path.segments()),
            note: format!("podtask: {w}"),
        });
    }
    out.spec = Some(value);
    out
}

/// The Kubernetes version whose rules pod specs are checked against: chosen with the features
/// `k8s-v1_33` to `k8s-v1_37` (the newest one enabled wins), 1.33 when none is.
const KUBERNETES_VERSION: podtask_podspec::KubernetesVersion = if cfg!(feature = "k8s-v1_37") {
    podtask_podspec::KubernetesVersion::V1_37
} else if cfg!(feature = "k8s-v1_36") {
    podtask_podspec::KubernetesVersion::V1_36
} else if cfg!(feature = "k8s-v1_35") {
    podtask_podspec::KubernetesVersion::V1_35
} else if cfg!(feature = "k8s-v1_34") {
    podtask_podspec::KubernetesVersion::V1_34
} else {
    podtask_podspec::KubernetesVersion::V1_33
};

/// Where a spec's errors point: at its tokens, or at the name of the file it was read from.
enum SpecAt<'a> {
    Tokens(json::Spanned),
    File(&'a LitStr),
}

impl SpecAt<'_> {
    fn error(
        &self,
        cx: &mut Ctxt,
        path: &[podtask_podspec::Segment],
        on_key: bool,
        message: &dyn std::fmt::Display,
    ) {
        match self {
            SpecAt::Tokens(s) => cx.syn(s.error(path, on_key, message)),
            SpecAt::File(lit) => cx.error(lit.span(), format!("{}: {message}", lit.value())),
        }
    }

    fn span(&self, path: &[podtask_podspec::Segment]) -> Span {
        match self {
            SpecAt::Tokens(s) => s.span_of(path),
            SpecAt::File(lit) => lit.span(),
        }
    }
}

/// Reads a spec file, relative to the manifest directory of the crate being compiled: YAML for
/// `.yaml`/`.yml`, JSON for `.json`. Returns the value and the file's absolute path.
fn read_spec_file(lit: &LitStr) -> Result<(serde_json::Value, String), String> {
    let name = lit.value();
    let dir = std::env::var("CARGO_MANIFEST_DIR")
        .map_err(|_| "CARGO_MANIFEST_DIR is not set: a spec file needs cargo".to_string())?;
    let path = std::path::Path::new(&dir).join(&name);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the pod spec file {}: {e}", path.display()))?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let value = match ext {
        "yaml" | "yml" => crate::yaml::to_json(&text),
        "json" => podtask_podspec::from_json_text(&text).map_err(|e| e.to_string()),
        _ => {
            return Err(format!(
                "a pod spec file must end in .yaml, .yml or .json, not {name:?}"
            ));
        }
    }
    .map_err(|e| format!("{name}: {e}"))?;
    let path = path
        .to_str()
        .ok_or_else(|| format!("the path of {name:?} is not UTF-8"))?;
    Ok((value, path.to_string()))
}

fn task_name(cx: &mut Ctxt, name: &LitStr) {
    let v = name.value();
    if let Err(e) = podtask_rules::names::task_name(&v) {
        rule_error(
            cx,
            name.span(),
            &e.into_error(podtask_rules::Subject::TaskName, &v),
        );
    }
}

fn retries(cx: &mut Ctxt, r: &crate::meta::SignedLit) -> u32 {
    let syn::Lit::Int(int) = &r.lit else {
        return 0;
    };
    if r.minus.is_some() {
        cx.error_at(r, "retries cannot be negative: expected 0 to 4294967295");
        return 0;
    }
    match int.base10_parse::<u32>() {
        Ok(n) => n,
        Err(_) => {
            cx.error_at(
                r,
                "retries out of range: expected a whole number from 0 to 4294967295 (Flyte's uint32)",
            );
            0
        }
    }
}

fn cache(cx: &mut Ctxt, c: &CacheArgs, inputs: &[String]) {
    match &c.version {
        None => cx.error(
            c.span,
            "cache needs a version: `cache(version = \"1\")`; change it to invalidate cached results",
        ),
        Some(v) if v.value().trim().is_empty() => {
            cx.error(v.span(), "a cache version cannot be empty")
        }
        Some(_) => {}
    }
    for i in &c.ignored_inputs {
        input_name(cx, i.span(), &i.value(), inputs, "cache(ignored_inputs)");
    }
}

/// `name` must be one of the function's parameters.
fn input_name(cx: &mut Ctxt, span: Span, name: &str, inputs: &[String], place: &str) {
    if inputs.iter().any(|i| i == name) {
        return;
    }
    let mut message = if inputs.is_empty() {
        format!("{place} names input `{name}`, but the task has no inputs")
    } else {
        format!(
            "{place} names input `{name}`, which is not a parameter of the task; its inputs are: {}",
            inputs.join(", ")
        )
    };
    if let Some(s) = did_you_mean(name, inputs.iter().map(String::as_str)) {
        message.push_str(&format!("; did you mean `{s}`?"));
    }
    cx.error(span, message);
}

/// The container part. `inputs` is the task's parameter names (None in `container!`, which
/// belongs to no task: its `{{.inputs.x}}` are checked where it is used).
pub fn container(
    cx: &mut Ctxt,
    c: &ContainerArgs,
    inputs: Option<&[String]>,
    warnings: &mut Vec<Warning>,
) {
    if let Some(image) = &c.image {
        match podtask_rules::image::ImageReference::parse(&image.value()) {
            Ok(r) if r.pinning().is_mutable() => warnings.push(Warning {
                span: image.span(),
                note: format!(
                    "podtask: image \"{}\" is mutable ({}): its content can change under the same name, so runs are not reproducible; pin a version tag or an @sha256 digest",
                    image.value(),
                    if r.tag().is_some() { "`:latest`" } else { "no tag" }
                ),
            }),
            Ok(_) => {}
            Err(e) => rule_error(cx, image.span(), &e),
        }
    }
    if let (None, Some(args)) = (&c.command, &c.args) {
        let span = args.items.first().map_or(Span::call_site(), LitStr::span);
        cx.error(
            span,
            "`args` needs a `command`: a task with a command runs that command (a raw container task); a task without one runs the function",
        );
    }
    for list in [&c.command, &c.args].into_iter().flatten() {
        for lit in &list.items {
            template(cx, lit, inputs);
        }
    }
    for (key, value) in &c.env {
        let name = key.name();
        if let Err(v) = podtask_rules::names::env_var_name(&name) {
            let e = v.into_error(podtask_rules::Subject::EnvVarName, &name);
            rule_error(cx, key.span(), &e);
        } else if let Some(why) = podtask_rules::secret::looks_like_secret(&name, &value.value()) {
            warnings.push(Warning {
                span: value.span(),
                note: format!(
                    "podtask: env {name} looks like a secret written in the code ({why}): \
                     whoever reads the code, the binary or the task template can read it; \
                     request it with `secrets(secret(group = \"...\", key = \"...\", mount = \
                     \"env\", env_var = \"{name}\"))` and keep the value in a Kubernetes Secret"
                ),
            });
        }
    }
    for (key, _) in &c.config {
        if key.name().is_empty() {
            cx.error(key.span(), "a config key cannot be empty");
        }
    }
    if let Some(Src::Inline(r)) = &c.resources {
        resources(cx, r);
    }
}

fn template(cx: &mut Ctxt, lit: &LitStr, inputs: Option<&[String]>) {
    let text = lit.value();
    match podtask_rules::template::placeholders(&text) {
        Err(e) => rule_error(cx, lit.span(), &e),
        Ok(found) => {
            let Some(inputs) = inputs else { return };
            for (_, p) in found {
                if let Placeholder::Inputs(name) = p {
                    input_name(
                        cx,
                        lit.span(),
                        name,
                        inputs,
                        &format!("`{{{{.inputs.{name}}}}}`"),
                    );
                }
            }
        }
    }
}

pub fn resources(cx: &mut Ctxt, r: &ResourcesArgs) {
    // Only the values that parse go on to the value and pair rules, so that each literal gets
    // one error; `index` maps a parsed value back to its entry.
    let parse = |cx: &mut Ctxt, entries: &[Entry]| {
        let mut parsed = Vec::new();
        let mut index = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            match Quantity::parse(&e.value.value()) {
                Ok(q) => {
                    parsed.push((e.name, q));
                    index.push(i);
                }
                Err(err) => rule_error(cx, e.value.span(), &err),
            }
        }
        (parsed, index)
    };
    let (requests, request_index) = parse(cx, &r.requests);
    let (limits, limit_index) = parse(cx, &r.limits);
    let entry = |side: Side, i: usize| match side {
        Side::Request => &r.requests[request_index[i]],
        Side::Limit => &r.limits[limit_index[i]],
    };
    for issue in validate_flyte(&requests, &limits) {
        let e = entry(issue.side, issue.index);
        let what = format!("{} {}", e.name.key(), issue.side.noun());
        match issue.related {
            Some((Side::Limit, li)) if issue.side == Side::Request => {
                let limit = entry(Side::Limit, li);
                cx.error(
                    e.value.span(),
                    format!("{what} \"{}\" {}", e.value.value(), issue.message),
                );
                cx.error(
                    limit.value.span(),
                    format!(
                        "{} limit \"{}\" is set here: the {} request \"{}\" {}",
                        limit.name.key(),
                        limit.value.value(),
                        e.name.key(),
                        e.value.value(),
                        issue.message
                    ),
                );
            }
            _ => cx.error(
                e.value.span(),
                format!("invalid {what} \"{}\": {}", e.value.value(), issue.message),
            ),
        }
    }
}
