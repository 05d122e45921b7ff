//! `topologySpreadConstraints` (`validateTopologySpreadConstraints`): skew, topology key, what
//! to do when unsatisfiable, the pairs that must not repeat, `minDomains`, the node inclusion
//! policies, the label keys and the label selector.

use podtask_rules::names;
use serde_json::Value;

use super::super::{REQUIRED, invalid, list, not_supported, set, string};
use super::affinity::label_keys;
use super::selector::{At, label_name, label_selector};
use crate::{JsonPath, KubernetesVersion, SpecError, SpecWarning};

/// What a constraint may do when it cannot be satisfied, sorted as Kubernetes lists them.
const ACTIONS: [&str; 2] = ["DoNotSchedule", "ScheduleAnyway"];
/// The node inclusion policies, sorted as Kubernetes lists them.
const POLICIES: [&str; 2] = ["Honor", "Ignore"];
/// Kubernetes' `isNotPositiveErrorMsg`.
const NOT_POSITIVE: &str = "must be greater than zero";

/// The rules on `topologySpreadConstraints`.
pub(super) fn topology_spread(
    spec: &Value,
    version: KubernetesVersion,
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    let constraints = list(spec, "topologySpreadConstraints");
    for (i, c) in constraints.iter().enumerate() {
        let path = || JsonPath::root().key("topologySpreadConstraints").index(i);
        // `maxSkew` is required; left out it reads as 0.
        if let Some(skew) = c.get("maxSkew").map_or(Some(0), Value::as_i64)
            && skew <= 0
        {
            errors.push(SpecError::new(
                path().key("maxSkew"),
                format!("Invalid value: {skew}: {NOT_POSITIVE}"),
            ));
        }
        let topology_key = string(c, "topologyKey").unwrap_or_default();
        if topology_key.is_empty() {
            errors.push(SpecError::new(
                path().key("topologyKey"),
                format!("{REQUIRED}: can not be empty"),
            ));
        }
        // Accepted, but no node carries a label with such a key: a `DoNotSchedule`
        // constraint leaves the pod unschedulable, a `ScheduleAnyway` one does nothing.
        if !topology_key.is_empty() && names::qualified_name(topology_key).is_err() {
            warnings.push(SpecWarning::new(
                path().key("topologyKey"),
                format!(
                    "{topology_key:?} is not a label key, so no node has it: the constraint cannot be met"
                ),
            ));
        }
        let action = string(c, "whenUnsatisfiable").unwrap_or_default();
        if !ACTIONS.contains(&action) {
            errors.push(SpecError::new(
                path().key("whenUnsatisfiable"),
                not_supported(action, &ACTIONS),
            ));
        }
        // A later constraint with the same pair; reported at this one.
        let repeated = constraints[i + 1..].iter().any(|other| {
            string(other, "topologyKey").unwrap_or_default() == topology_key
                && string(other, "whenUnsatisfiable").unwrap_or_default() == action
        });
        if repeated {
            let pair = format!("{{{topology_key}, {action}}}");
            errors.push(
                SpecError::new(path(), super::super::duplicate(&pair))
                    .reported_at(format!("{}.{{topologyKey, whenUnsatisfiable}}", path())),
            );
        }
        if let Some(min) = set(c, "minDomains").and_then(Value::as_i64) {
            if min <= 0 {
                errors.push(SpecError::new(
                    path().key("minDomains"),
                    format!("Invalid value: {min}: {NOT_POSITIVE}"),
                ));
            }
            if action != "DoNotSchedule" {
                errors.push(SpecError::new(
                    path().key("minDomains"),
                    format!(
                        "Invalid value: {min}: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
                    ),
                ));
            }
        }
        for field in ["nodeAffinityPolicy", "nodeTaintsPolicy"] {
            if let Some(policy) = set(c, field).and_then(Value::as_str)
                && !POLICIES.contains(&policy)
            {
                errors.push(SpecError::new(
                    path().key(field),
                    not_supported(policy, &POLICIES),
                ));
            }
        }
        let selector = set(c, "labelSelector");
        let keys = list(c, "matchLabelKeys");
        if !keys.is_empty() {
            if version >= KubernetesVersion::V1_34 {
                // MatchLabelKeysInPodTopologySpreadSelectorMerge (beta, on, from 1.34).
                label_keys(&path, keys, &[], selector, errors);
            } else {
                legacy_label_keys(&|| path().key("matchLabelKeys"), keys, selector, errors);
            }
        }
        if let Some(selector) = selector {
            label_selector(selector, &|| path().key("labelSelector"), errors);
        }
    }
}

/// `matchLabelKeys` of a topology spread constraint in Kubernetes 1.33
/// (`validateMatchLabelKeysInTopologySpread`): label keys, none of them a key of the selector as
/// written, and a selector to go with them.
fn legacy_label_keys(
    path: At<'_>,
    keys: &[Value],
    selector: Option<&Value>,
    errors: &mut Vec<SpecError>,
) {
    if selector.is_none() {
        errors.push(SpecError::new(
            path(),
            "Forbidden: must not be specified when labelSelector is not set",
        ));
    }
    for (i, key) in keys.iter().enumerate() {
        let Some(key) = key.as_str() else {
            continue;
        };
        label_name(key, &|| path().index(i), errors);
        let in_selector = selector.is_some_and(|s| {
            s.get("matchLabels").and_then(|m| m.get(key)).is_some()
                || list(s, "matchExpressions")
                    .iter()
                    .any(|e| string(e, "key") == Some(key))
        });
        if in_selector {
            errors.push(SpecError::new(
                path().index(i),
                invalid(key, "exists in both matchLabelKeys and labelSelector"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn of(constraints: Value, version: KubernetesVersion) -> Vec<String> {
        let mut errors = Vec::new();
        topology_spread(
            &json!({ "topologySpreadConstraints": constraints }),
            version,
            &mut errors,
            &mut Vec::new(),
        );
        errors
            .iter()
            .map(|e| format!("{} @ {}", e, e.field()))
            .collect()
    }

    fn zone() -> Value {
        json!({
            "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
            "whenUnsatisfiable": "DoNotSchedule",
            "labelSelector": {"matchLabels": {"job": "x"}},
            "minDomains": 2, "nodeAffinityPolicy": "Honor", "nodeTaintsPolicy": "Ignore",
            "matchLabelKeys": ["pod-template-hash"]
        })
    }

    #[test]
    fn valid_constraints_pass() {
        let mut host = zone();
        host["topologyKey"] = json!("bad key");
        host["whenUnsatisfiable"] = json!("ScheduleAnyway");
        host.as_object_mut().unwrap().remove("minDomains");
        for v in KubernetesVersion::ALL {
            assert!(of(json!([zone(), host.clone()]), v).is_empty());
        }
    }

    #[test]
    fn each_field_follows_kubernetes() {
        let mut c = zone();
        c["maxSkew"] = json!(0);
        c["whenUnsatisfiable"] = json!("scheduleAnyway");
        c["minDomains"] = json!(-1);
        c["nodeAffinityPolicy"] = json!("honor");
        c["nodeTaintsPolicy"] = json!("Bogus");
        c["topologyKey"] = json!("");
        assert_eq!(
            of(json!([c]), KubernetesVersion::V1_35),
            [
                "topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero @ topologySpreadConstraints[0].maxSkew",
                "topologySpreadConstraints[0].topologyKey: Required value: can not be empty @ topologySpreadConstraints[0].topologyKey",
                r#"topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "scheduleAnyway": supported values: "DoNotSchedule", "ScheduleAnyway" @ topologySpreadConstraints[0].whenUnsatisfiable"#,
                "topologySpreadConstraints[0].minDomains: Invalid value: -1: must be greater than zero @ topologySpreadConstraints[0].minDomains",
                "topologySpreadConstraints[0].minDomains: Invalid value: -1: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not scheduleAnyway @ topologySpreadConstraints[0].minDomains",
                r#"topologySpreadConstraints[0].nodeAffinityPolicy: Unsupported value: "honor": supported values: "Honor", "Ignore" @ topologySpreadConstraints[0].nodeAffinityPolicy"#,
                r#"topologySpreadConstraints[0].nodeTaintsPolicy: Unsupported value: "Bogus": supported values: "Honor", "Ignore" @ topologySpreadConstraints[0].nodeTaintsPolicy"#,
            ]
        );
    }

    #[test]
    fn pairs_do_not_repeat() {
        let mut other = zone();
        other["maxSkew"] = json!(3);
        assert_eq!(
            of(json!([zone(), other]), KubernetesVersion::V1_35),
            [
                r#"topologySpreadConstraints[0]: Duplicate value: "{topology.kubernetes.io/zone, DoNotSchedule}" @ topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}"#
            ]
        );
    }

    #[test]
    fn label_keys_by_version() {
        let mut c = zone();
        c["matchLabelKeys"] = json!(["job"]);
        assert_eq!(
            of(json!([c.clone()]), KubernetesVersion::V1_35),
            [
                r#"topologySpreadConstraints[0].matchLabelKeys[0]: Invalid value: "job": exists in both matchLabelKeys and labelSelector @ topologySpreadConstraints[0][0]"#
            ]
        );
        assert_eq!(
            of(json!([c.clone()]), KubernetesVersion::V1_33),
            [
                r#"topologySpreadConstraints[0].matchLabelKeys[0]: Invalid value: "job": exists in both matchLabelKeys and labelSelector @ topologySpreadConstraints[0].matchLabelKeys[0]"#
            ]
        );
        // Twice the same key: refused once merged (1.34 on), accepted by 1.33.
        c["matchLabelKeys"] = json!(["app", "app"]);
        assert_eq!(of(json!([c.clone()]), KubernetesVersion::V1_34).len(), 1);
        assert!(of(json!([c.clone()]), KubernetesVersion::V1_33).is_empty());
        c.as_object_mut().unwrap().remove("labelSelector");
        for v in [KubernetesVersion::V1_33, KubernetesVersion::V1_36] {
            assert_eq!(
                of(json!([c.clone()]), v),
                [
                    "topologySpreadConstraints[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set @ topologySpreadConstraints[0].matchLabelKeys"
                ]
            );
        }
        c["labelSelector"] = json!({"matchLabels": {"bad key": "x"}});
        c["matchLabelKeys"] = json!(["bad key"]);
        let e = of(json!([c]), KubernetesVersion::V1_35);
        assert_eq!(e.len(), 2, "{e:#?}");
        assert!(e[0].ends_with("@ topologySpreadConstraints[0].matchLabelKeys[0]"));
        assert!(e[1].ends_with("@ topologySpreadConstraints[0].labelSelector.matchLabels"));
    }

    #[test]
    fn a_topology_key_no_node_has_is_worth_a_warning() {
        let mut c = zone();
        c["topologyKey"] = json!("bad key");
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        topology_spread(
            &json!({ "topologySpreadConstraints": [c] }),
            KubernetesVersion::V1_35,
            &mut errors,
            &mut warnings,
        );
        assert!(errors.is_empty());
        let w: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            w,
            [
                r#"topologySpreadConstraints[0].topologyKey: "bad key" is not a label key, so no node has it: the constraint cannot be met"#
            ]
        );
    }
}
