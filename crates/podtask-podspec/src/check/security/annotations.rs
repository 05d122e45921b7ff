//! The deprecated seccomp and AppArmor annotations of a Pod, as the server checks them on create:
//! their values (`ValidateSeccompPodAnnotations`, `ValidateAppArmorPodAnnotations`) and their
//! agreement with the `seccompProfile` and `appArmorProfile` fields
//! (`validateSeccompAnnotationsAndFields`, `validateAppArmorAnnotationsAndFieldsMatchOnCreate`).
//!
//! These rules read the Pod's `metadata` as well as its spec, so they take the whole Pod and
//! report paths from its root (`metadata.annotations[...]`, `spec.securityContext...`).

use serde_json::Value;

use super::{forbidden, object};
use crate::check::{invalid, members, string};
use crate::{JsonPath, SpecError};

/// The pod-wide seccomp annotation.
const SECCOMP_POD: &str = "seccomp.security.alpha.kubernetes.io/pod";
/// The prefix of a container's seccomp annotation (the container's name follows).
const SECCOMP_CONTAINER: &str = "container.seccomp.security.alpha.kubernetes.io/";
/// The prefix of a container's AppArmor annotation (the container's name follows).
const APP_ARMOR_CONTAINER: &str = "container.apparmor.security.beta.kubernetes.io/";

/// The errors of the seccomp and AppArmor annotations of `pod` (a whole Pod manifest), with
/// paths from the Pod's root.
#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "called by validate_pod, which sees the Pod's metadata"
    )
)]
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
    let path = JsonPath::root().key("metadata").key("annotations");
    let containers = containers(spec);
    for &(key, value) in &annotations {
        let Some(value) = value.as_str() else {
            continue;
        };
        if key == SECCOMP_POD || key.starts_with(SECCOMP_CONTAINER) {
            if let Some(detail) = seccomp_annotation(value) {
                errors.push(
                    SpecError::new(path.clone().key(key), invalid(value, detail))
                        .reported_at(format!("metadata.annotations.{key}")),
                );
            }
        } else if let Some(name) = key.strip_prefix(APP_ARMOR_CONTAINER) {
            if !containers.iter().any(|(n, _, _)| *n == name) {
                errors.push(SpecError::new(
                    path.clone().key(key),
                    invalid(name, "container not found"),
                ));
            }
            if !app_armor_annotation(value) {
                errors.push(SpecError::new(
                    path.clone().key(key),
                    invalid(value, &format!("invalid AppArmor profile name: {value:?}")),
                ));
            }
        }
    }
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

/// What is wrong with a seccomp annotation's value (`ValidateSeccompProfile`), if anything:
/// `runtime/default`, `docker/default`, `unconfined` or `localhost/<relative path>`.
fn seccomp_annotation(value: &str) -> Option<&'static str> {
    match value {
        "runtime/default" | "docker/default" | "unconfined" => None,
        _ => match value.strip_prefix("localhost/") {
            Some(p) if p.starts_with('/') => Some("must be a relative path"),
            Some(p) if p.split('/').any(|part| part == "..") => Some("must not contain '..'"),
            Some(_) => None,
            None => Some("must be a valid seccomp profile"),
        },
    }
}

/// Whether an AppArmor annotation's value is well formed (`ValidateAppArmorProfileFormat`):
/// empty, `runtime/default`, `unconfined`, or `localhost/...`.
fn app_armor_annotation(value: &str) -> bool {
    matches!(value, "" | "runtime/default" | "unconfined") || value.starts_with("localhost/")
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

    #[test]
    fn seccomp_annotation_values() {
        let none = spec(json!({}), json!({}));
        assert_eq!(
            fields(
                json!({"seccomp.security.alpha.kubernetes.io/pod": "bogus"}),
                none.clone()
            ),
            ["metadata.annotations.seccomp.security.alpha.kubernetes.io/pod"]
        );
        assert_eq!(
            fields(
                json!({"container.seccomp.security.alpha.kubernetes.io/eval": "localhost/../x"}),
                none.clone()
            ),
            ["metadata.annotations.container.seccomp.security.alpha.kubernetes.io/eval"]
        );
        assert!(
            fields(
                json!({"seccomp.security.alpha.kubernetes.io/pod": "localhost/x.json"}),
                none
            )
            .is_empty()
        );
    }

    #[test]
    fn app_armor_annotations() {
        let none = spec(json!({}), json!({}));
        assert!(
            fields(
                json!({"container.apparmor.security.beta.kubernetes.io/eval": "runtime/default"}),
                none.clone()
            )
            .is_empty()
        );
        assert_eq!(
            fields(
                json!({"container.apparmor.security.beta.kubernetes.io/other": "bogus"}),
                none
            ),
            [
                "metadata.annotations[container.apparmor.security.beta.kubernetes.io/other]",
                "metadata.annotations[container.apparmor.security.beta.kubernetes.io/other]",
            ]
        );
        let pod_level = spec(
            json!({"appArmorProfile": {"type": "RuntimeDefault"}}),
            json!({}),
        );
        assert_eq!(
            fields(
                json!({"container.apparmor.security.beta.kubernetes.io/eval": "unconfined"}),
                pod_level
            ),
            ["spec.containers[0].securityContext.appArmorProfile.type"]
        );
        let mut windows = spec(
            json!({"appArmorProfile": {"type": "RuntimeDefault"}}),
            json!({}),
        );
        windows["os"] = json!({"name": "windows"});
        assert!(
            fields(
                json!({"container.apparmor.security.beta.kubernetes.io/eval": "unconfined"}),
                windows
            )
            .is_empty()
        );
    }
}
