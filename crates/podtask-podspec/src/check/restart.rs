//! Container-level restart policies (`validateInitContainerRestartPolicy`,
//! `validateContainerRestartPolicy`, the restart rules of `validateContainers` and
//! `validateInitContainers`) and what depends on them: an init container whose `restartPolicy`
//! is `Always` is a sidecar, which may have probes and lifecycle hooks; any other init container
//! may not.
//!
//! The rules depend on the version, through two feature gates:
//!
//! - `ContainerRestartRules` (alpha, off, in 1.34; beta, on, from 1.35): with it on, every
//!   regular and init container may have `restartPolicy` (`Always`, `Never`, `OnFailure`) and
//!   `restartPolicyRules`. With it off (1.34) the server drops the `restartPolicy` of regular
//!   containers, an init container's `restartPolicy` other than `Always`, and every
//!   `restartPolicyRules`, silently. In 1.33 the feature does not exist: an init container's
//!   `restartPolicy` can only be `Always`, and a regular container may not have one.
//! - `RestartAllContainersOnContainerExits` (alpha, off, in 1.35; beta, on, from 1.36): it adds
//!   the `RestartAllContainers` action, and lets a sidecar have restart rules.

use serde_json::Value;

use super::{ContainerRef, Cx, Kind, REQUIRED, list, not_supported, set, string};
use crate::{KubernetesVersion, SpecError, SpecWarning};

/// Container restart policies (`core.ContainerRestartPolicy*`, sorted as Kubernetes lists them).
const POLICIES: [&str; 3] = ["Always", "Never", "OnFailure"];
/// Operators of a restart rule's exit codes.
const OPERATORS: [&str; 2] = ["In", "NotIn"];
/// The most restart rules a container may have.
const MAX_RULES: usize = 20;
/// The most exit codes a restart rule may list.
const MAX_EXIT_CODES: usize = 255;

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    let version = cx.version;
    for c in &cx.containers {
        match c.kind {
            Kind::Regular => regular(c, version, &mut cx.errors, &mut cx.warnings),
            Kind::Init => {
                init(c, version, &mut cx.errors, &mut cx.warnings);
                if !is_sidecar(c) {
                    not_for_init_containers(c, &mut cx.errors);
                }
            }
            // Ephemeral containers cannot be created with a pod: `containers` reports them.
            Kind::Ephemeral => {}
        }
    }
}

/// Whether a container is a sidecar: an init container whose `restartPolicy` is `Always`. It
/// keeps running beside the regular containers, so it may have probes and lifecycle hooks.
pub(super) fn is_sidecar(c: &ContainerRef<'_>) -> bool {
    c.kind == Kind::Init && string(c.value, "restartPolicy") == Some("Always")
}

/// Whether `ContainerRestartRules` is on by default.
fn restart_rules(version: KubernetesVersion) -> bool {
    version >= KubernetesVersion::V1_35
}

/// Whether `RestartAllContainersOnContainerExits` is on by default.
fn restart_all_containers(version: KubernetesVersion) -> bool {
    version >= KubernetesVersion::V1_36
}

/// The container's `restartPolicy`, when it is set to a string.
fn policy<'a>(c: &ContainerRef<'a>) -> Option<&'a str> {
    string(c.value, "restartPolicy")
}

/// The container's `restartPolicyRules`.
fn rules<'a>(c: &ContainerRef<'a>) -> &'a [Value] {
    list(c.value, "restartPolicyRules")
}

/// The warning for a field the 1.34 server drops (`dropContainerRestartRules`).
fn dropped(c: &ContainerRef<'_>, field: &str, warnings: &mut Vec<SpecWarning>) {
    warnings.push(SpecWarning::new(
        c.path.clone().key(field),
        "dropped by the API server: the ContainerRestartRules feature gate is off by default in Kubernetes 1.34 (it is on from 1.35)",
    ));
}

/// A regular container's `restartPolicy` and `restartPolicyRules`.
fn regular(
    c: &ContainerRef<'_>,
    version: KubernetesVersion,
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    let has_policy = set(c.value, "restartPolicy").is_some();
    match version {
        KubernetesVersion::V1_33 => {
            if has_policy {
                errors.push(SpecError::new(
                    c.path.clone().key("restartPolicy"),
                    "Forbidden: may not be set for non-init containers",
                ));
            }
        }
        KubernetesVersion::V1_34 => {
            if has_policy {
                dropped(c, "restartPolicy", warnings);
            }
            if !rules(c).is_empty() {
                dropped(c, "restartPolicyRules", warnings);
            }
        }
        _ => policy_and_rules(c, version, errors),
    }
}

/// An init container's `restartPolicy` and `restartPolicyRules`.
fn init(
    c: &ContainerRef<'_>,
    version: KubernetesVersion,
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    let policy = policy(c);
    let path = c.path.clone().key("restartPolicy");
    if !restart_rules(version) {
        match policy {
            Some("Always") | None => {}
            Some(other) if version == KubernetesVersion::V1_33 => {
                errors.push(SpecError::new(path, not_supported(other, &["Always"])));
            }
            Some(_) => dropped(c, "restartPolicy", warnings),
        }
        if version == KubernetesVersion::V1_34 && !rules(c).is_empty() {
            dropped(c, "restartPolicyRules", warnings);
        }
        return;
    }
    match policy {
        None => {
            if !rules(c).is_empty() {
                errors.push(SpecError::new(
                    path,
                    format!("{REQUIRED}: must specify restartPolicy when restart rules are used"),
                ));
            }
        }
        Some("Always") if !restart_all_containers(version) => {
            if !rules(c).is_empty() {
                errors.push(SpecError::new(
                    c.path.clone().key("restartPolicyRules"),
                    "Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always",
                ));
            }
        }
        Some(_) => policy_and_rules(c, version, errors),
    }
}

/// `validateContainerRestartPolicy`: the policy is one of three, required when there are
/// rules; at most 20 rules, each with a supported action and exit codes (a supported operator,
/// at most 255 values).
fn policy_and_rules(c: &ContainerRef<'_>, version: KubernetesVersion, errors: &mut Vec<SpecError>) {
    let rules = rules(c);
    let path = c.path.clone().key("restartPolicy");
    match set(c.value, "restartPolicy") {
        None if !rules.is_empty() => errors.push(SpecError::new(
            path,
            format!("{REQUIRED}: must specify restartPolicy when restart rules are used"),
        )),
        None => {}
        Some(p) => {
            if let Some(p) = p.as_str()
                && !POLICIES.contains(&p)
            {
                errors.push(SpecError::new(path, not_supported(p, &POLICIES)));
            }
        }
    }
    let rules_path = c.path.clone().key("restartPolicyRules");
    if rules.len() > MAX_RULES {
        errors.push(SpecError::new(
            rules_path.clone(),
            too_many(rules.len(), MAX_RULES),
        ));
    }
    let actions: &[&str] = if restart_all_containers(version) {
        &["Restart", "RestartAllContainers"]
    } else {
        &["Restart"]
    };
    for (i, rule) in rules.iter().enumerate() {
        let path = rules_path.clone().index(i);
        let action = string(rule, "action").unwrap_or_default();
        if !actions.contains(&action) {
            errors.push(SpecError::new(
                path.clone().key("action"),
                not_supported(action, actions),
            ));
        }
        let Some(codes) = set(rule, "exitCodes") else {
            errors.push(SpecError::new(
                path.key("exitCodes"),
                format!("{REQUIRED}: must be specified"),
            ));
            continue;
        };
        let path = path.key("exitCodes");
        let operator = string(codes, "operator").unwrap_or_default();
        if !OPERATORS.contains(&operator) {
            errors.push(SpecError::new(
                path.clone().key("operator"),
                not_supported(operator, &OPERATORS),
            ));
        }
        let values = list(codes, "values");
        if values.len() > MAX_EXIT_CODES {
            errors.push(SpecError::new(
                path.key("values"),
                too_many(values.len(), MAX_EXIT_CODES),
            ));
        }
    }
}

/// Kubernetes' `field.TooMany` text.
fn too_many(actual: usize, max: usize) -> String {
    format!("Too many: {actual}: must have at most {max} items")
}

/// An init container that is not a sidecar runs to completion before the others start: it may
/// have neither lifecycle hooks nor probes.
fn not_for_init_containers(c: &ContainerRef<'_>, errors: &mut Vec<SpecError>) {
    const WHY: &str = "Forbidden: may not be set for init containers without restartPolicy=Always";
    if super::probes::lifecycle_of(c).is_some() {
        errors.push(SpecError::new(c.path.clone().key("lifecycle"), WHY));
    }
    for field in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if set(c.value, field).is_some() {
            errors.push(SpecError::new(c.path.clone().key(field), WHY));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::KubernetesVersion;
    use crate::check::{Mode, Quantities, run};

    /// The errors and warnings of a spec for `version`, as the server's rules find them.
    fn judged(spec: Value, version: KubernetesVersion) -> (Vec<String>, Vec<String>) {
        let checked = run(&spec, Mode::Server, version, Quantities::PassOver);
        (
            checked.errors.iter().map(ToString::to_string).collect(),
            checked.warnings.iter().map(ToString::to_string).collect(),
        )
    }

    fn errors(spec: Value, version: KubernetesVersion) -> Vec<String> {
        judged(spec, version).0
    }

    fn pod(init: Value, main: Value) -> Value {
        let mut main = main;
        main["name"] = json!("main");
        main["image"] = json!("busybox");
        let mut init = init;
        init["name"] = json!("init");
        init["image"] = json!("busybox");
        json!({"containers": [main], "initContainers": [init]})
    }

    const PROBE: &str = r#"{"exec": {"command": ["true"]}}"#;

    fn probe() -> Value {
        serde_json::from_str(PROBE).unwrap()
    }

    #[test]
    fn a_sidecar_may_have_probes_and_hooks_an_init_container_may_not() {
        let sidecar = pod(
            json!({"restartPolicy": "Always", "readinessProbe": probe(), "lifecycle": {"preStop": {"exec": {"command": ["true"]}}}}),
            json!({}),
        );
        for v in KubernetesVersion::ALL {
            assert_eq!(errors(sidecar.clone(), v), Vec::<String>::new(), "{v}");
        }
        let plain = pod(
            json!({"livenessProbe": probe(), "startupProbe": probe(), "lifecycle": {}}),
            json!({}),
        );
        assert_eq!(
            errors(plain, KubernetesVersion::V1_35),
            [
                "initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always",
                "initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
                "initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
            ]
        );
        // "Never" makes a sidecar a plain init container again.
        let never = pod(
            json!({"restartPolicy": "Never", "readinessProbe": probe()}),
            json!({}),
        );
        assert_eq!(
            errors(never, KubernetesVersion::V1_35),
            [
                "initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"
            ]
        );
        // A lifecycle that holds only a dropped stopSignal is dropped with it.
        let stop = pod(json!({"lifecycle": {"stopSignal": "SIGTERM"}}), json!({}));
        assert_eq!(errors(stop, KubernetesVersion::V1_35), Vec::<String>::new());
    }

    #[test]
    fn init_container_policies_by_version() {
        let bogus = pod(json!({"restartPolicy": "Bogus"}), json!({}));
        assert_eq!(
            errors(bogus.clone(), KubernetesVersion::V1_33),
            [
                r#"initContainers[0].restartPolicy: Unsupported value: "Bogus": supported values: "Always""#
            ]
        );
        let (e, w) = judged(bogus.clone(), KubernetesVersion::V1_34);
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(w.len(), 1);
        assert!(
            w[0].starts_with("initContainers[0].restartPolicy: dropped by the API server"),
            "{w:?}"
        );
        for v in [KubernetesVersion::V1_35, KubernetesVersion::V1_37] {
            assert_eq!(
                errors(bogus.clone(), v),
                [
                    r#"initContainers[0].restartPolicy: Unsupported value: "Bogus": supported values: "Always", "Never", "OnFailure""#
                ]
            );
        }
        let empty = pod(json!({"restartPolicy": ""}), json!({}));
        assert_eq!(
            errors(empty, KubernetesVersion::V1_35),
            [
                r#"initContainers[0].restartPolicy: Unsupported value: "": supported values: "Always", "Never", "OnFailure""#
            ]
        );
        let on_failure = pod(json!({"restartPolicy": "OnFailure"}), json!({}));
        assert!(errors(on_failure, KubernetesVersion::V1_35).is_empty());
    }

    #[test]
    fn regular_container_policies_by_version() {
        let bogus = pod(json!({}), json!({"restartPolicy": "Bogus"}));
        assert_eq!(
            errors(bogus.clone(), KubernetesVersion::V1_33),
            ["containers[0].restartPolicy: Forbidden: may not be set for non-init containers"]
        );
        assert!(errors(bogus.clone(), KubernetesVersion::V1_34).is_empty());
        assert_eq!(
            errors(bogus, KubernetesVersion::V1_36),
            [
                r#"containers[0].restartPolicy: Unsupported value: "Bogus": supported values: "Always", "Never", "OnFailure""#
            ]
        );
        let fine = pod(json!({}), json!({"restartPolicy": "OnFailure"}));
        assert!(errors(fine, KubernetesVersion::V1_35).is_empty());
    }

    #[test]
    fn restart_rules() {
        let rule = json!({"action": "Restart", "exitCodes": {"operator": "In", "values": [42]}});
        let without_policy = pod(json!({}), json!({"restartPolicyRules": [rule]}));
        assert_eq!(
            errors(without_policy.clone(), KubernetesVersion::V1_35),
            [
                "containers[0].restartPolicy: Required value: must specify restartPolicy when restart rules are used"
            ]
        );
        assert!(errors(without_policy, KubernetesVersion::V1_34).is_empty());
        let init_without_policy = pod(json!({"restartPolicyRules": [rule]}), json!({}));
        assert_eq!(
            errors(init_without_policy, KubernetesVersion::V1_35),
            [
                "initContainers[0].restartPolicy: Required value: must specify restartPolicy when restart rules are used"
            ]
        );
        let bad = pod(
            json!({}),
            json!({"restartPolicy": "Never", "restartPolicyRules": [
                {"action": "RestartAllContainers", "exitCodes": {"operator": "Equals", "values": [1]}},
                {"action": "Restart"}
            ]}),
        );
        assert_eq!(
            errors(bad.clone(), KubernetesVersion::V1_35),
            [
                r#"containers[0].restartPolicyRules[0].action: Unsupported value: "RestartAllContainers": supported values: "Restart""#,
                r#"containers[0].restartPolicyRules[0].exitCodes.operator: Unsupported value: "Equals": supported values: "In", "NotIn""#,
                "containers[0].restartPolicyRules[1].exitCodes: Required value: must be specified",
            ]
        );
        assert_eq!(errors(bad, KubernetesVersion::V1_36).len(), 2);
        let many = pod(
            json!({}),
            json!({"restartPolicy": "Never", "restartPolicyRules": vec![rule.clone(); 21]}),
        );
        assert_eq!(
            errors(many, KubernetesVersion::V1_35),
            ["containers[0].restartPolicyRules: Too many: 21: must have at most 20 items"]
        );
        let codes: Vec<i32> = (0..256).collect();
        let long = pod(
            json!({}),
            json!({"restartPolicy": "Never", "restartPolicyRules": [{"action": "Restart", "exitCodes": {"operator": "NotIn", "values": codes}}]}),
        );
        assert_eq!(
            errors(long, KubernetesVersion::V1_35),
            [
                "containers[0].restartPolicyRules[0].exitCodes.values: Too many: 256: must have at most 255 items"
            ]
        );
        // A sidecar may have rules once RestartAllContainersOnContainerExits is on.
        let sidecar = pod(
            json!({"restartPolicy": "Always", "restartPolicyRules": [rule]}),
            json!({}),
        );
        assert_eq!(
            errors(sidecar.clone(), KubernetesVersion::V1_35),
            [
                "initContainers[0].restartPolicyRules: Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always"
            ]
        );
        assert!(errors(sidecar, KubernetesVersion::V1_36).is_empty());
    }
}
