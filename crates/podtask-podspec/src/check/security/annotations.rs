//! The deprecated seccomp and AppArmor annotations of a Pod, as the server checks them on create:
//! their agreement with the `seccompProfile` and `appArmorProfile` fields
//! (`validateSeccompAnnotationsAndFields`, `validateAppArmorAnnotationsAndFieldsMatchOnCreate`).
//! Their values are checked with the rest of the metadata (`crate::metadata`).
//!
//! These rules read the Pod's `metadata` as well as its spec, so they take the whole Pod and
//! report paths from its root (`metadata.annotations[...]`, `spec.securityContext...`).

use serde_json::Value;

use super::{forbidden, object};
use crate::check::{members, string};
use crate::{JsonPath, SpecError};

/// The pod-wide seccomp annotation.
const SECCOMP_POD: &str = "seccomp.security.alpha.kubernetes.io/pod";
/// The prefix of a container's seccomp annotation (the container's name follows).
const SECCOMP_CONTAINER: &str = "container.seccomp.security.alpha.kubernetes.io/";
/// The prefix of a container's AppArmor annotation (the container's name follows).
const APP_ARMOR_CONTAINER: &str = "container.apparmor.security.beta.kubernetes.io/";

/// The errors of the seccomp and AppArmor annotations of `pod` (a whole Pod manifest), with
/// paths from the Pod's root.
pub(crate) fn pod_annotations(pod: &Value) -> Vec<SpecError> {
    let mut errors = Vec::new();
    let spec = pod.get("spec").unwrap_or(&Value::Null);
    let annotations: Vec<(&str, &Value)> = object(pod, "metadata")
        .map(|m| members(m, "annotations"))
        .unwrap_or_default();
    if annotations.is_empty() {
        return errors;
    }
    let annotation = |key: &str| {
        annotations
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.as_str())
    };
    let containers = containers(spec);
    let pod_sc = object(spec, "securityContext");
    let spec_path = JsonPath::root().key("spec");
    if let (Some(profile), Some(value)) = (
        pod_sc.and_then(|sc| object(sc, "seccompProfile")),
        annotation(SECCOMP_POD),
    ) {
        let at = spec_path
            .clone()
            .key("securityContext")
            .key("seccompProfile");
        errors.extend(seccomp_match(value, profile, &at));
    }
    for (name, path, sc) in &containers {
        let at = path.clone().key("securityContext");
        if let (Some(profile), Some(value)) = (
            sc.and_then(|sc| object(sc, "seccompProfile")),
            annotation(&format!("{SECCOMP_CONTAINER}{name}")),
        ) {
            errors.extend(seccomp_match(
                value,
                profile,
                &at.clone().key("seccompProfile"),
            ));
        }
    }
    let windows = object(spec, "os").and_then(|os| string(os, "name")) == Some("windows");
    if !windows {
        let pod_profile = pod_sc.and_then(|sc| object(sc, "appArmorProfile"));
        for (name, path, sc) in &containers {
            let profile = sc
                .and_then(|sc| object(sc, "appArmorProfile"))
                .or(pod_profile);
            let (Some(profile), Some(value)) =
                (profile, annotation(&format!("{APP_ARMOR_CONTAINER}{name}")))
            else {
                continue;
            };
            let at = path.clone().key("securityContext").key("appArmorProfile");
            errors.extend(app_armor_match(value, profile, &at));
        }
    }
    errors
}

/// Every container of the spec (init, regular, ephemeral): its name, path from the Pod's root
/// and security context.
fn containers(spec: &Value) -> Vec<(&str, JsonPath, Option<&Value>)> {
    let mut all = Vec::new();
    for field in ["initContainers", "containers", "ephemeralContainers"] {
        let Some(list) = spec.get(field).and_then(Value::as_array) else {
            continue;
        };
        for (i, c) in list.iter().enumerate() {
            all.push((
                string(c, "name").unwrap_or_default(),
                JsonPath::root().key("spec").key(field).index(i),
                object(c, "securityContext"),
            ));
        }
    }
    all
}

/// A seccomp annotation and profile field that must agree
/// (`validateSeccompAnnotationsAndFieldsMatch`).
fn seccomp_match(value: &str, profile: &Value, at: &JsonPath) -> Option<SpecError> {
    match string(profile, "type").unwrap_or_default() {
        "Unconfined" => (value != "unconfined").then(|| type_mismatch(at, "seccomp")),
        "RuntimeDefault" => (value != "runtime/default" && value != "docker/default")
            .then(|| type_mismatch(at, "seccomp")),
        "Localhost" => localhost_match(value, profile, at, "seccomp"),
        _ => None,
    }
}

/// An AppArmor annotation and profile field that must agree.
fn app_armor_match(value: &str, profile: &Value, at: &JsonPath) -> Option<SpecError> {
    match string(profile, "type").unwrap_or_default() {
        "Unconfined" => (value != "unconfined").then(|| type_mismatch(at, "apparmor")),
        "RuntimeDefault" => (value != "runtime/default").then(|| type_mismatch(at, "apparmor")),
        "Localhost" => localhost_match(value, profile, at, "apparmor"),
        _ => None,
    }
}

/// A `Localhost` profile field (`seccomp` or `apparmor`) and an annotation that must name the
/// same profile: `localhost/<localhostProfile>`.
fn localhost_match(value: &str, profile: &Value, at: &JsonPath, what: &str) -> Option<SpecError> {
    let Some(p) = value.strip_prefix("localhost/") else {
        return Some(type_mismatch(at, what));
    };
    (string(profile, "localhostProfile") != Some(p)).then(|| {
        SpecError::new(
            at.clone().key("localhostProfile"),
            forbidden(&format!(
                "{what} profile in annotation and field must match"
            )),
        )
    })
}

/// `Forbidden: <what> type in annotation and field must match`, at the profile's `type`.
fn type_mismatch(at: &JsonPath, what: &str) -> SpecError {
    SpecError::new(
        at.clone().key("type"),
        forbidden(&format!("{what} type in annotation and field must match")),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::pod_annotations;

    fn fields(annotations: Value, spec: Value) -> Vec<String> {
        let pod = json!({"metadata": {"name": "p", "annotations": annotations}, "spec": spec});
        pod_annotations(&pod)
            .iter()
            .map(crate::SpecError::field)
            .collect()
    }

    fn spec(sc: Value, container_sc: Value) -> Value {
        json!({"securityContext": sc, "containers": [{"name": "eval", "image": "x", "securityContext": container_sc}]})
    }

    #[test]
    fn seccomp_annotations_and_fields_agree() {
        let runtime = spec(
            json!({"seccompProfile": {"type": "RuntimeDefault"}}),
            json!({}),
        );
        assert!(
            fields(
                json!({"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}),
                runtime.clone()
            )
            .is_empty()
        );
        assert!(
            fields(
                json!({"seccomp.security.alpha.kubernetes.io/pod": "docker/default"}),
                runtime.clone()
            )
            .is_empty()
        );
        assert_eq!(
            fields(
                json!({"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}),
                runtime
            ),
            ["spec.securityContext.seccompProfile.type"]
        );
        let local = spec(
            json!({}),
            json!({"seccompProfile": {"type": "Localhost", "localhostProfile": "a.json"}}),
        );
        assert!(
            fields(
                json!({"container.seccomp.security.alpha.kubernetes.io/eval": "localhost/a.json"}),
                local.clone()
            )
            .is_empty()
        );
        assert_eq!(
            fields(
                json!({"container.seccomp.security.alpha.kubernetes.io/eval": "localhost/b.json"}),
                local.clone()
            ),
            ["spec.containers[0].securityContext.seccompProfile.localhostProfile"]
        );
        assert_eq!(
            fields(
                json!({"container.seccomp.security.alpha.kubernetes.io/eval": "unconfined"}),
                local
            ),
            ["spec.containers[0].securityContext.seccompProfile.type"]
        );
    }
}
