//! The rules on every value, through the rulebook, each error at its token.

use crate::ctxt::Ctxt;
use crate::json;
use crate::parse::{
    CacheArgs, ContainerArgs, Entry, PodArgs, ResourcesArgs, SpecSrc, Src, TaskArgs,
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
    checked
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
    for (key, _) in &c.env {
        let name = key.name();
        if let Err(v) = podtask_rules::names::env_var_name(&name) {
            let e = v.into_error(podtask_rules::Subject::EnvVarName, &name);
            rule_error(cx, key.span(), &e);
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
