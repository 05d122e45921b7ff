//! The rules a pod spec must follow, as the Kubernetes API server's validation
//! (`k8s.io/kubernetes/pkg/apis/core/validation/validation.go`) applies them, plus podtask's own
//! rules on the primary container. One small module per concern; [`check`] runs them all.

mod containers;
mod env;
mod pod;
mod ports;
mod primary;
mod probes;
mod resources;
mod restart;
mod scheduling;
mod security;
mod volumes;
mod warnings;

pub(crate) use security::pod_annotations;

use podtask_rules::RuleError;
use serde_json::Value;

use crate::{JsonPath, KubernetesVersion, SpecError, SpecWarning};

/// What [`check`] found: errors (Kubernetes would refuse the pod, or podtask cannot run it) and
/// warnings (allowed, but risky).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Checked {
    /// Broken rules, each at its path in the spec.
    pub errors: Vec<SpecError>,
    /// Risky settings, each at its path in the spec.
    pub warnings: Vec<SpecWarning>,
    /// The primary container's name, when it was given and is not a DNS-1123 label. It is not
    /// part of the spec, so it has no path.
    pub primary_name: Option<RuleError>,
}

impl Checked {
    /// Whether the spec (and the primary container's name) broke no rule. Warnings do not count.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty() && self.primary_name.is_none()
    }
}

/// Checks a pod spec as the Kubernetes API server would when the task's pod is created, and
/// against podtask's rules for the primary container (the one that runs the task; its image,
/// command and resources come from the task).
///
/// `spec` is a spec that [`read_spec`](crate::read_spec) read for the same `version` (without
/// errors, or with errors of values only: see [`read_and_check`], which does both). On JSON of
/// another shape `check` does not fail: it passes over the values of the wrong type, which
/// reading reports.
///
/// `primary_container` is the name given to the primary container, if any. The primary container
/// need not be in the spec: it is added when absent, as flytekit does.
///
/// ```
/// use podtask_podspec::{KubernetesVersion, check};
/// let spec = serde_json::json!({
///     "containers": [
///         {"name": "main"},
///         {"name": "sidecar", "image": "busybox", "resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}}
///     ]
/// });
/// let checked = check(&spec, Some("main"), KubernetesVersion::V1_33);
/// let shown: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
/// assert_eq!(shown, [
///     r#"containers[1].resources.requests.cpu: Invalid value: "2": must be less than or equal to cpu limit of 1"#,
/// ]);
/// ```
pub fn check(spec: &Value, primary_container: Option<&str>, version: KubernetesVersion) -> Checked {
    run(
        spec,
        Mode::Task {
            primary: primary_container,
        },
        version,
        Quantities::PassOver,
    )
}

/// What the rules on resources do with a quantity that does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quantities {
    /// Pass over it: reading reports it.
    PassOver,
    /// Report it, among the other errors of its container's resources.
    Report,
}

/// Whom the rules are applied for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode<'a> {
    /// A task's pod: the API server's rules, podtask's rules on the primary container (named
    /// here, if it is), and the rules podtask keeps stricter than the server (an image the
    /// container runtime cannot parse is an error).
    Task {
        /// The primary container's name, when given.
        primary: Option<&'a str>,
    },
    /// A whole Pod, as the API server judges it (`validate_pod`): its rules alone; what the
    /// server accepts but a node would refuse is a warning.
    Server,
}

impl<'a> Mode<'a> {
    /// The primary container's name, for a task's pod.
    pub(crate) fn primary(self) -> Option<&'a str> {
        match self {
            Mode::Task { primary } => primary,
            Mode::Server => None,
        }
    }
}

/// What every rule reads, and where it reports: the spec, its containers, the Kubernetes
/// version and the mode; the errors and warnings found so far. Each module of rules has one
/// `check(cx)` that [`run`] calls.
pub(crate) struct Cx<'a> {
    /// The spec.
    pub spec: &'a Value,
    /// Its containers of every kind, in Kubernetes' order of validation.
    pub containers: Vec<ContainerRef<'a>>,
    /// The Kubernetes version whose rules apply.
    pub version: KubernetesVersion,
    /// For a task's pod or as the API server.
    pub mode: Mode<'a>,
    /// What a quantity that does not parse becomes.
    quantities: Quantities,
    /// Errors so far.
    pub errors: Vec<SpecError>,
    /// Warnings so far.
    pub warnings: Vec<SpecWarning>,
}

pub(crate) fn run(
    spec: &Value,
    mode: Mode<'_>,
    version: KubernetesVersion,
    quantities: Quantities,
) -> Checked {
    // What the server drops for `version` is a warning, and the rules judge the rest.
    // (`validate_pod` drops the fields of the whole Pod before it gets here, as its metadata
    // rules read the spec too.)
    if let Some((kept, dropped)) = crate::validate::drop_disabled_spec_fields(spec, version) {
        let mut checked = run(&kept, mode, version, quantities);
        for (path, gate) in dropped {
            checked.warnings.push(SpecWarning::new(
                path,
                crate::validate::dropped_warning(gate, version),
            ));
        }
        return checked;
    }
    let mut cx = Cx {
        spec,
        containers: containers_of(spec),
        version,
        mode,
        quantities,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    containers::check(&mut cx);
    probes::check(&mut cx);
    ports::check(&mut cx);
    restart::check(&mut cx);
    resources::check(&mut cx);
    env::check(&mut cx);
    volumes::check(&mut cx);
    security::check(&mut cx);
    scheduling::check(&mut cx);
    pod::check(&mut cx);
    let primary_name = match mode {
        Mode::Task { primary } => {
            primary::named_when_several(spec, primary, &mut cx.errors);
            primary::name(primary).err()
        }
        Mode::Server => None,
    };
    warnings::check(&mut cx);
    Checked {
        errors: cx.errors,
        warnings: cx.warnings,
        primary_name,
    }
}

/// Reads a pod spec ([`read_spec`](crate::read_spec)) and checks it ([`check`](fn@check)),
/// with every error of both.
///
/// The rules are checked when reading found nothing wrong with the spec's shape: no error, or
/// only errors of values that have the right JSON type but break a rule of the rulebook (a
/// quantity that does not parse; these carry their [`rule`](SpecError::rule)). The errors are
/// then those of the rules, in the order the rules find them, a quantity of a container's
/// resources among the other errors of those resources; the quantities that do not parse
/// elsewhere (`emptyDir.sizeLimit`, `overhead`) come first. Otherwise the errors of reading are
/// all there is, as the rules need a spec of the right shape. The primary container's name is
/// checked in both cases.
///
/// ```
/// use podtask_podspec::{KubernetesVersion, read_and_check};
/// let spec = serde_json::json!({"containers": [
///     {"name": "main"},
///     {"name": "side", "image": "busybox", "resources": {"requests": {"cpu": "1ki", "memory": "2Gi"}, "limits": {"memory": "1Gi"}}}
/// ]});
/// let checked = read_and_check(&spec, Some("main"), KubernetesVersion::V1_33);
/// let shown: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
/// assert_eq!(shown, [
///     r#"containers[1].resources.requests.cpu: invalid quantity "1ki": unable to parse quantity's suffix (at bytes 1..3: "ki")"#,
///     r#"containers[1].resources.requests.memory: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi"#,
/// ]);
/// ```
pub fn read_and_check(
    spec: &Value,
    primary_container: Option<&str>,
    version: KubernetesVersion,
) -> Checked {
    match crate::read_spec(spec, version) {
        Ok(()) => check(spec, primary_container, version),
        Err(read) if read.iter().all(|e| e.rule.is_some()) => {
            let mode = Mode::Task {
                primary: primary_container,
            };
            let mut checked = run(spec, mode, version, Quantities::Report);
            let elsewhere: Vec<SpecError> = read
                .into_iter()
                .filter(|r| !checked.errors.iter().any(|e| e.path == r.path))
                .collect();
            checked.errors.splice(0..0, elsewhere);
            checked
        }
        Err(read) => Checked {
            errors: read,
            warnings: Vec::new(),
            primary_name: primary::name(primary_container).err(),
        },
    }
}

/// Which list of the spec a container is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `containers`.
    Regular,
    /// `initContainers`.
    Init,
    /// `ephemeralContainers`.
    Ephemeral,
}

/// The parts of a container (of any kind) the rules read, and where it is. A part that is left
/// out, `null` or of another JSON type reads as empty, as k8s-openapi's types read it.
pub(crate) struct ContainerRef<'a> {
    kind: Kind,
    path: JsonPath,
    /// The container as written.
    value: &'a Value,
    name: &'a str,
    image: Option<&'a str>,
    image_pull_policy: Option<&'a str>,
    env: &'a [Value],
    volume_mounts: &'a [Value],
    resources: Option<&'a Value>,
    security_context: Option<&'a Value>,
}

/// Every container of the spec, in Kubernetes' order of validation: containers, init
/// containers, ephemeral containers.
fn containers_of(spec: &Value) -> Vec<ContainerRef<'_>> {
    let mut all = Vec::new();
    for (kind, field) in [
        (Kind::Regular, "containers"),
        (Kind::Init, "initContainers"),
        (Kind::Ephemeral, "ephemeralContainers"),
    ] {
        for (i, c) in list(spec, field).iter().enumerate() {
            all.push(ContainerRef {
                kind,
                path: JsonPath::root().key(field).index(i),
                value: c,
                name: string(c, "name").unwrap_or_default(),
                image: string(c, "image"),
                image_pull_policy: string(c, "imagePullPolicy"),
                env: list(c, "env"),
                volume_mounts: list(c, "volumeMounts"),
                resources: set(c, "resources"),
                security_context: set(c, "securityContext"),
            });
        }
    }
    all
}

/// The names seen so far in one list whose names must be unique: a linear search, as the lists
/// are short, which compiles to far less code than a tree or hash set.
#[derive(Debug, Default)]
pub(crate) struct Seen<'a>(Vec<&'a str>);

impl<'a> Seen<'a> {
    /// Adds `name`; `false` when it was there already.
    pub(crate) fn insert(&mut self, name: &'a str) -> bool {
        if self.contains(name) {
            return false;
        }
        self.0.push(name);
        true
    }

    /// Whether `name` was seen.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.0.contains(&name)
    }

    /// Whether nothing was seen.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The names seen, sorted.
    pub(crate) fn sorted(&self) -> Vec<&'a str> {
        let mut names = self.0.clone();
        names.sort_unstable();
        names
    }
}

/// The string under `key` of an object.
fn string<'a>(object: &'a Value, key: &str) -> Option<&'a str> {
    object.get(key)?.as_str()
}

/// The array under `key` of an object; empty when there is none.
fn list<'a>(object: &'a Value, key: &str) -> &'a [Value] {
    object
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The value under `key` of an object, unless it is left out or `null`.
fn set<'a>(object: &'a Value, key: &str) -> Option<&'a Value> {
    object.get(key).filter(|v| !v.is_null())
}

/// The members of the object under `key` of an object, sorted by key (whatever the order of the
/// input, or of `serde_json`'s maps).
fn members<'a>(object: &'a Value, key: &str) -> Vec<(&'a str, &'a Value)> {
    let mut members: Vec<(&str, &Value)> = object
        .get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    members.sort_by(|a, b| a.0.cmp(b.0));
    members
}

/// Kubernetes' `field.Invalid` text: `Invalid value: "<value>": <detail>`.
fn invalid(value: &str, detail: &str) -> String {
    format!("Invalid value: {value:?}: {detail}")
}

/// Kubernetes' `field.NotSupported` text: `Unsupported value: "<value>": supported values: ...`.
fn not_supported(value: &str, supported: &[&str]) -> String {
    let list: Vec<String> = supported.iter().map(|s| format!("{s:?}")).collect();
    format!(
        "Unsupported value: {value:?}: supported values: {}",
        list.join(", ")
    )
}

/// Kubernetes' `field.Required` text.
const REQUIRED: &str = "Required value";

/// Kubernetes' `field.Duplicate` text: `Duplicate value: "<value>"`.
fn duplicate(value: &str) -> String {
    format!("Duplicate value: {value:?}")
}

/// A name rule of the rulebook (a `const fn` returning a `Violation`), as an error at `path`.
fn name_rule(
    path: JsonPath,
    subject: podtask_rules::Subject,
    value: &str,
    rule: fn(&str) -> Result<(), podtask_rules::Violation>,
) -> Option<SpecError> {
    rule(value)
        .err()
        .map(|v| SpecError::from_rule(path, v.into_error(subject, value)))
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::KubernetesVersion;

    /// The errors of a spec (of reading, then of the rules), as printed.
    pub fn errors(value: serde_json::Value, primary: Option<&str>) -> Vec<String> {
        crate::read_and_check(&value, primary, KubernetesVersion::V1_33)
            .errors
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The checks of a spec that reads without errors, failing the test if it does not.
    pub fn checked(value: serde_json::Value, primary: Option<&str>) -> crate::Checked {
        let version = KubernetesVersion::V1_33;
        if let Err(errors) = crate::read_spec(&value, version) {
            panic!("spec does not read: {errors:?}");
        }
        crate::check(&value, primary, version)
    }

    /// The warnings of a spec, as printed.
    pub fn warnings(value: serde_json::Value, primary: Option<&str>) -> Vec<String> {
        checked(value, primary)
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}
