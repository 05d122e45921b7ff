//! The rules a pod spec must follow, as the Kubernetes API server's validation
//! (`k8s.io/kubernetes/pkg/apis/core/validation/validation.go`) applies them, plus podtask's own
//! rules on the primary container. One small module per concern; [`check`] runs them all.

mod containers;
mod env;
mod primary;
mod resources;
mod scheduling;
mod volumes;
mod warnings;

use k8s_openapi::api::core::v1::{
    Container, EnvVar, PodSpec, ResourceRequirements, SecurityContext, VolumeMount,
};
use podtask_rules::RuleError;

use crate::{JsonPath, SpecError, SpecWarning};

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
/// `primary_container` is the name given to the primary container, if any. The primary container
/// need not be in the spec: it is added when absent, as flytekit does.
///
/// ```
/// use podtask_podspec::{check, from_value};
/// let spec = from_value(&serde_json::json!({
///     "containers": [
///         {"name": "main"},
///         {"name": "sidecar", "image": "busybox", "resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}}
///     ]
/// })).unwrap();
/// let checked = check(&spec, Some("main"));
/// let shown: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
/// assert_eq!(shown, [
///     r#"containers[1].resources.requests.cpu: Invalid value: "2": must be less than or equal to cpu limit of 1"#,
/// ]);
/// ```
pub fn check(spec: &PodSpec, primary_container: Option<&str>) -> Checked {
    let mut out = Checked::default();
    let all = containers_of(spec);
    containers::names(&all, &mut out.errors);
    containers::images(&all, primary_container, &mut out.errors);
    containers::pull_policies(&all, &mut out.errors);
    containers::ephemeral_forbidden(spec, &mut out.errors);
    for c in &all {
        // Kubernetes refuses resources on ephemeral containers; they are refused as a whole.
        if c.kind != Kind::Ephemeral
            && let Some(r) = c.resources
        {
            resources::requirements(&c.path.clone().key("resources"), r, &mut out.errors);
        }
        if let Some(env) = c.env {
            env::vars(
                &c.path.clone().key("env"),
                env,
                &mut out.errors,
                &mut out.warnings,
            );
        }
    }
    volumes::volumes(spec, &mut out.errors, &mut out.warnings);
    volumes::mounts(spec, &all, &mut out.errors);
    scheduling::node_selector(spec, &mut out.errors);
    scheduling::tolerations(spec, &mut out.errors);
    scheduling::service_account(spec, &mut out.errors);
    scheduling::restart_policy(spec, &mut out.errors);
    out.primary_name = primary::name(primary_container).err();
    primary::named_when_several(spec, primary_container, &mut out.errors);
    warnings::host_namespaces(spec, &mut out.warnings);
    warnings::security_contexts(&all, &mut out.warnings);
    out
}

/// Which list of the spec a container is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `containers`.
    Regular,
    /// `initContainers`.
    Init,
    /// `ephemeralContainers`.
    Ephemeral,
}

/// The parts of a container (of any kind) the rules read, and where it is.
struct ContainerRef<'a> {
    kind: Kind,
    path: JsonPath,
    name: &'a str,
    image: Option<&'a str>,
    image_pull_policy: Option<&'a str>,
    env: Option<&'a [EnvVar]>,
    volume_mounts: Option<&'a [VolumeMount]>,
    resources: Option<&'a ResourceRequirements>,
    security_context: Option<&'a SecurityContext>,
}

fn regular<'a>(kind: Kind, path: JsonPath, c: &'a Container) -> ContainerRef<'a> {
    ContainerRef {
        kind,
        path,
        name: &c.name,
        image: c.image.as_deref(),
        image_pull_policy: c.image_pull_policy.as_deref(),
        env: c.env.as_deref(),
        volume_mounts: c.volume_mounts.as_deref(),
        resources: c.resources.as_ref(),
        security_context: c.security_context.as_ref(),
    }
}

/// Every container of the spec, in Kubernetes' order of validation: containers, init
/// containers, ephemeral containers.
fn containers_of(spec: &PodSpec) -> Vec<ContainerRef<'_>> {
    let mut all = Vec::new();
    for (i, c) in spec.containers.iter().enumerate() {
        all.push(regular(
            Kind::Regular,
            JsonPath::root().key("containers").index(i),
            c,
        ));
    }
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        all.push(regular(
            Kind::Init,
            JsonPath::root().key("initContainers").index(i),
            c,
        ));
    }
    for (i, c) in spec.ephemeral_containers.iter().flatten().enumerate() {
        all.push(ContainerRef {
            kind: Kind::Ephemeral,
            path: JsonPath::root().key("ephemeralContainers").index(i),
            name: &c.name,
            image: c.image.as_deref(),
            image_pull_policy: c.image_pull_policy.as_deref(),
            env: c.env.as_deref(),
            volume_mounts: c.volume_mounts.as_deref(),
            resources: c.resources.as_ref(),
            security_context: c.security_context.as_ref(),
        });
    }
    all
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
    use k8s_openapi::api::core::v1::PodSpec;

    /// A spec built from JSON, failing the test if it does not read.
    pub fn spec(value: serde_json::Value) -> PodSpec {
        match crate::from_value(&value) {
            Ok(spec) => spec,
            Err(errors) => panic!("spec does not read: {errors:?}"),
        }
    }

    /// The errors of a spec, as printed.
    pub fn errors(value: serde_json::Value, primary: Option<&str>) -> Vec<String> {
        crate::check(&spec(value), primary)
            .errors
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The warnings of a spec, as printed.
    pub fn warnings(value: serde_json::Value, primary: Option<&str>) -> Vec<String> {
        crate::check(&spec(value), primary)
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}
