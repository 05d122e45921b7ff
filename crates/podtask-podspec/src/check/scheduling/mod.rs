//! Where and how the pod runs: `nodeSelector` (`ValidateLabels`), `nodeName`
//! (`ValidateNodeName`), `affinity` ([`affinity`]), `topologySpreadConstraints` ([`topology`]),
//! `tolerations` (`ValidateTolerations`, `validateTaintEffect`), `serviceAccountName`
//! (`ValidateServiceAccountName`) and `restartPolicy` (`validateRestartPolicy`). The selectors
//! of labels and nodes they share are in [`selector`].

mod affinity;
mod selector;
#[cfg(test)]
mod spec_tests;
mod topology;

use podtask_rules::{Subject, names};
use serde_json::Value;

use super::{Cx, invalid, list, name_rule, not_supported, set, string};
use crate::{JsonPath, KubernetesVersion, SpecError, SpecWarning};

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    node_selector(cx.spec, &mut cx.errors);
    affinity::affinity(cx.spec, &mut cx.errors, &mut cx.warnings);
    topology::topology_spread(cx.spec, cx.version, &mut cx.errors, &mut cx.warnings);
    tolerations(cx.spec, cx.version, &mut cx.errors);
    service_account(cx.spec, &mut cx.errors, &mut cx.warnings);
    node_name(cx.spec, &mut cx.errors);
    restart_policy(cx.spec, &mut cx.errors);
}

/// The operators of a toleration (`core.TolerationOpEqual`, `core.TolerationOpExists`).
const OPERATORS: [&str; 2] = ["Equal", "Exists"];
/// The operators Kubernetes lists from 1.35 when refusing `Lt` or `Gt`.
const COMPARISON_OPERATORS: [&str; 4] = ["Equal", "Exists", "Lt", "Gt"];
/// The effects of a taint (`core.TaintEffect*` that pods may tolerate).
const EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
/// A pod's restart policies (`core.RestartPolicy*`).
const RESTART_POLICIES: [&str; 3] = ["Always", "OnFailure", "Never"];

/// `nodeSelector` keys are qualified names (errors at the key) and values are label values;
/// Kubernetes names the whole map for either.
pub(super) fn node_selector(spec: &Value, errors: &mut Vec<SpecError>) {
    if let Some(map) = set(spec, "nodeSelector") {
        selector::labels(map, &|| JsonPath::root().key("nodeSelector"), errors);
    }
}

/// `nodeName`, when given, names a node: a DNS-1123 subdomain.
pub(super) fn node_name(spec: &Value, errors: &mut Vec<SpecError>) {
    if let Some(name) = string(spec, "nodeName").filter(|n| !n.is_empty())
        && let Some(e) = name_rule(
            JsonPath::root().key("nodeName"),
            Subject::Dns1123Subdomain,
            name,
            names::dns1123_subdomain,
        )
    {
        errors.push(e);
    }
}

/// Each toleration as Kubernetes' `ValidateTolerations` checks it.
///
/// Kubernetes reports a value that is not a label value (operator `Equal`), or any value with
/// operator `Exists`, at `operator`; the error's path is `value`, where the bad text is.
/// The comparison operators `Lt` and `Gt` are behind the alpha `TaintTolerationComparisonOperators`
/// gate (off) from 1.35: refused, with the four operators listed; before, unknown operators.
pub(super) fn tolerations(spec: &Value, version: KubernetesVersion, errors: &mut Vec<SpecError>) {
    for (i, t) in list(spec, "tolerations").iter().enumerate() {
        let path = || JsonPath::root().key("tolerations").index(i);
        let key = string(t, "key").unwrap_or_default();
        let operator = string(t, "operator").unwrap_or_default();
        let value = string(t, "value").unwrap_or_default();
        let effect = string(t, "effect").unwrap_or_default();
        if !key.is_empty() {
            if let Some(e) = name_rule(
                path().key("key"),
                Subject::QualifiedName,
                key,
                names::qualified_name,
            ) {
                errors.push(e);
            }
        } else if operator != "Exists" {
            errors.push(SpecError::new(
                path().key("operator"),
                invalid(
                    operator,
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
                ),
            ));
        }
        if set(t, "tolerationSeconds").is_some() && effect != "NoExecute" {
            errors.push(SpecError::new(
                path().key("effect"),
                invalid(
                    effect,
                    "effect must be 'NoExecute' when `tolerationSeconds` is set",
                ),
            ));
        }
        let at_operator = || path().key("operator").to_string();
        match operator {
            "" | "Equal" => {
                if let Some(e) = name_rule(
                    path().key("value"),
                    Subject::LabelValue,
                    value,
                    names::label_value,
                ) {
                    errors.push(e.reported_at(at_operator()));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    errors.push(
                        SpecError::new(
                            path().key("value"),
                            invalid(value, "value must be empty when `operator` is 'Exists'"),
                        )
                        .reported_at(at_operator()),
                    );
                }
            }
            "Lt" | "Gt" if version >= KubernetesVersion::V1_35 => errors.push(SpecError::new(
                path().key("operator"),
                not_supported(operator, &COMPARISON_OPERATORS),
            )),
            other => errors.push(SpecError::new(
                path().key("operator"),
                not_supported(other, &OPERATORS),
            )),
        }
        if !effect.is_empty() && !EFFECTS.contains(&effect) {
            errors.push(SpecError::new(
                path().key("effect"),
                not_supported(effect, &EFFECTS),
            ));
        }
    }
}

/// `serviceAccountName` names a ServiceAccount: a DNS-1123 subdomain. The deprecated
/// `serviceAccount` is its alias: it counts (and is checked, reported at `serviceAccountName`
/// as the server converts it) only when `serviceAccountName` is empty; otherwise it is ignored,
/// which is worth a warning when the two differ.
pub(super) fn service_account(
    spec: &Value,
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    let name = string(spec, "serviceAccountName").unwrap_or_default();
    let alias = string(spec, "serviceAccount").unwrap_or_default();
    let (field, effective) = if name.is_empty() {
        ("serviceAccount", alias)
    } else {
        ("serviceAccountName", name)
    };
    if !effective.is_empty()
        && let Some(e) = name_rule(
            JsonPath::root().key(field),
            Subject::Dns1123Subdomain,
            effective,
            names::dns1123_subdomain,
        )
    {
        errors.push(e.reported_at("serviceAccountName"));
    }
    if !name.is_empty() && !alias.is_empty() && name != alias {
        warnings.push(SpecWarning::new(
            JsonPath::root().key("serviceAccount"),
            format!(
                "ignored: the deprecated alias of serviceAccountName, which is set and wins ({name:?}); leave serviceAccount out"
            ),
        ));
    }
}

/// `restartPolicy` is one of Kubernetes' three.
pub(super) fn restart_policy(spec: &Value, errors: &mut Vec<SpecError>) {
    // An empty policy is defaulted to `Always` before validation (`SetDefaults_PodSpec`).
    if let Some(policy) = string(spec, "restartPolicy")
        && !policy.is_empty()
        && !RESTART_POLICIES.contains(&policy)
    {
        errors.push(SpecError::new(
            JsonPath::root().key("restartPolicy"),
            not_supported(policy, &RESTART_POLICIES),
        ));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::check::test_support::errors;

    fn with(extra: Value) -> Vec<String> {
        let mut spec = json!({"containers": [{"name": "main"}]});
        for (k, v) in extra.as_object().into_iter().flatten() {
            spec[k] = v.clone();
        }
        errors(spec, Some("main"))
    }

    #[test]
    fn node_selector_keys_and_values() {
        assert!(
            with(json!({"nodeSelector": {"kubernetes.io/hostname": "my-specific-node"}}))
                .is_empty()
        );
        let checked = crate::check::test_support::checked(
            json!({"containers": [{"name": "main"}], "nodeSelector": {"bad key": "ok", "disk": "-ssd"}}),
            Some("main"),
        );
        let e: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
        assert!(e[0].starts_with(r#"nodeSelector[bad key]: invalid qualified name "bad key": name part must consist of"#), "{}", e[0]);
        assert!(checked.errors[0].on_key);
        assert!(
            e[1].starts_with(
                r#"nodeSelector.disk: invalid label value "-ssd": a valid label must be"#
            ),
            "{}",
            e[1]
        );
        assert!(!checked.errors[1].on_key);
    }

    // The cases of Kubernetes' TestValidateTolerations / TestValidatePod.
    #[test]
    fn tolerations_follow_kubernetes() {
        assert!(with(json!({"tolerations": [
            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
            {"operator": "Exists"},
            {"key": "foo", "operator": "Equal", "value": "bar", "effect": "NoSchedule"},
            {"key": "foo", "value": "bar"}
        ]})).is_empty());
        let e = with(json!({"tolerations": [
            {"key": "nospecialchars^=@", "operator": "Equal", "value": "bar", "effect": "NoSchedule"},
            {"key": "foo", "operator": "In", "value": "bar", "effect": "NoSchedule"},
            {"key": "foo", "operator": "Exists", "value": "bar", "effect": "NoSchedule"},
            {"operator": "Equal", "value": "bar", "effect": "NoSchedule"},
            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 20},
            {"key": "foo", "operator": "Exists", "effect": "NoScheduleNoAdmit"}
        ]}));
        assert_eq!(e.len(), 6, "{e:#?}");
        assert!(
            e[0].starts_with(r#"tolerations[0].key: invalid qualified name "nospecialchars^=@""#)
        );
        assert_eq!(
            e[1],
            r#"tolerations[1].operator: Unsupported value: "In": supported values: "Equal", "Exists""#
        );
        assert_eq!(
            e[2],
            r#"tolerations[2].value: Invalid value: "bar": value must be empty when `operator` is 'Exists'"#
        );
        assert_eq!(
            e[3],
            r#"tolerations[3].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys""#
        );
        assert_eq!(
            e[4],
            r#"tolerations[4].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when `tolerationSeconds` is set"#
        );
        assert_eq!(
            e[5],
            r#"tolerations[5].effect: Unsupported value: "NoScheduleNoAdmit": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute""#
        );
    }

    #[test]
    fn service_account_is_a_subdomain() {
        assert!(with(json!({"serviceAccountName": "flyte.workers"})).is_empty());
        let e = with(json!({"serviceAccountName": "Flyte_Workers"}));
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with(r#"serviceAccountName: invalid DNS-1123 subdomain "Flyte_Workers""#),
            "{}",
            e[0]
        );
    }

    #[test]
    fn restart_policy_is_an_enum() {
        assert!(with(json!({"restartPolicy": "Never"})).is_empty());
        assert!(with(json!({"restartPolicy": ""})).is_empty());
        assert_eq!(
            with(json!({"restartPolicy": "Sometimes"})),
            [
                r#"restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never""#
            ]
        );
    }
}
