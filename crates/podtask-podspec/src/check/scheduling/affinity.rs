//! `affinity` (`validateAffinity`): node affinity (`validateNodeAffinity`,
//! `ValidatePreferredSchedulingTerms`), pod affinity and anti-affinity (`validatePodAffinity`,
//! `validatePodAntiAffinity`, `validatePodAffinityTerm`, `validateWeightedPodAffinityTerms`),
//! and the label keys of pod affinity terms and topology spread constraints
//! (`validateMatchLabelKeysAndMismatchLabelKeys`).

use podtask_rules::{Subject, names};
use serde_json::Value;

use super::super::{REQUIRED, invalid, list, name_rule, set, string};
use super::selector::{
    At, label_name, label_selector, node_selector, node_selector_term, term_warnings,
};
use crate::{JsonPath, SpecError, SpecWarning};

/// Kubernetes' text for a weight out of range.
const WEIGHT_RANGE: &str = "must be in the range 1-100";

/// The rules on `affinity`.
pub(super) fn affinity(spec: &Value, errors: &mut Vec<SpecError>, warnings: &mut Vec<SpecWarning>) {
    let Some(affinity) = set(spec, "affinity") else {
        return;
    };
    let root = || JsonPath::root().key("affinity");
    if let Some(node) = set(affinity, "nodeAffinity") {
        let path = || root().key("nodeAffinity");
        // Required node affinity refuses values that are not label values (on create, and on
        // update unless the old pod had such values already).
        if let Some(required) = set(node, "requiredDuringSchedulingIgnoredDuringExecution") {
            let at = || path().key("requiredDuringSchedulingIgnoredDuringExecution");
            node_selector(required, &at, true, errors);
            for (i, term) in list(required, "nodeSelectorTerms").iter().enumerate() {
                term_warnings(
                    term,
                    &|| at().key("nodeSelectorTerms").index(i),
                    true,
                    warnings,
                );
            }
        }
        for (i, term) in list(node, "preferredDuringSchedulingIgnoredDuringExecution")
            .iter()
            .enumerate()
        {
            let at = || {
                path()
                    .key("preferredDuringSchedulingIgnoredDuringExecution")
                    .index(i)
            };
            weight(term, &at, errors);
            // Preferred node affinity leaves values free: it can succeed on a one-node cluster.
            if let Some(preference) = set(term, "preference") {
                let at = || at().key("preference");
                node_selector_term(preference, &at, false, errors);
                term_warnings(preference, &at, false, warnings);
            }
        }
    }
    for field in ["podAffinity", "podAntiAffinity"] {
        let Some(pod) = set(affinity, field) else {
            continue;
        };
        let path = || root().key(field);
        for (i, term) in list(pod, "requiredDuringSchedulingIgnoredDuringExecution")
            .iter()
            .enumerate()
        {
            let at = || {
                path()
                    .key("requiredDuringSchedulingIgnoredDuringExecution")
                    .index(i)
            };
            pod_affinity_term(term, &at, errors);
        }
        for (i, weighted) in list(pod, "preferredDuringSchedulingIgnoredDuringExecution")
            .iter()
            .enumerate()
        {
            let at = || {
                path()
                    .key("preferredDuringSchedulingIgnoredDuringExecution")
                    .index(i)
            };
            weight(weighted, &at, errors);
            let term = weighted.get("podAffinityTerm").unwrap_or(&Value::Null);
            pod_affinity_term(term, &|| at().key("podAffinityTerm"), errors);
        }
    }
}

/// The `weight` of a preferred term: 1 to 100 (left out, it is 0).
fn weight(term: &Value, at: At<'_>, errors: &mut Vec<SpecError>) {
    let Some(w) = term.get("weight").map_or(Some(0), Value::as_i64) else {
        return;
    };
    if !(1..=100).contains(&w) {
        errors.push(SpecError::new(
            at().key("weight"),
            format!("Invalid value: {w}: {WEIGHT_RANGE}"),
        ));
    }
}

/// One pod affinity term (`validatePodAffinityTerm`): its selectors of pods and of namespaces,
/// its namespaces, its label keys and its topology key.
fn pod_affinity_term(term: &Value, path: At<'_>, errors: &mut Vec<SpecError>) {
    let selector = set(term, "labelSelector");
    if let Some(s) = selector {
        label_selector(s, &|| path().key("labelSelector"), errors);
    }
    if let Some(s) = set(term, "namespaceSelector") {
        label_selector(s, &|| path().key("namespaceSelector"), errors);
    }
    // Each namespace is a DNS-1123 label; Kubernetes names the field `namespace`, without an
    // index.
    for (i, ns) in list(term, "namespaces").iter().enumerate() {
        if let Some(ns) = ns.as_str()
            && let Some(e) = name_rule(
                path().key("namespaces").index(i),
                Subject::Dns1123Label,
                ns,
                names::dns1123_label,
            )
        {
            errors.push(e.reported_at(path().key("namespace").to_string()));
        }
    }
    label_keys(
        path,
        list(term, "matchLabelKeys"),
        list(term, "mismatchLabelKeys"),
        selector,
        errors,
    );
    let key = string(term, "topologyKey").unwrap_or_default();
    if key.is_empty() {
        errors.push(SpecError::new(
            path().key("topologyKey"),
            format!("{REQUIRED}: can not be empty"),
        ));
    }
    label_name(key, &|| path().key("topologyKey"), errors);
}

/// The label keys of a pod affinity term, or of a topology spread constraint from Kubernetes
/// 1.34 (`validateMatchLabelKeysAndMismatchLabelKeys`; `path` is the term's).
///
/// Each key is a label key, and either list needs a `labelSelector`. When the pod is created,
/// the API server first adds to the selector one `In` requirement per `matchLabelKeys` key (and,
/// for pod affinity, one `NotIn` requirement per `mismatchLabelKeys` key) for each key among the
/// pod's labels, then refuses a requirement whose key the selector had already met, reporting
/// it at the term's path followed by the key's index (`...[0][1]`, not `matchLabelKeys[1]`).
/// The pod's labels are not part of its spec: every key is taken to be one of them, as the keys
/// are meant to be (a key that is not among the pod's labels is never added, and a selector
/// that names it is then accepted), unless it is not a label key at all.
pub(super) fn label_keys(
    path: At<'_>,
    match_keys: &[Value],
    mismatch_keys: &[Value],
    selector: Option<&Value>,
    errors: &mut Vec<SpecError>,
) {
    for (field, keys) in [
        ("matchLabelKeys", match_keys),
        ("mismatchLabelKeys", mismatch_keys),
    ] {
        if keys.is_empty() {
            continue;
        }
        if selector.is_none() {
            errors.push(SpecError::new(
                path().key(field),
                "Forbidden: must not be specified when labelSelector is not set",
            ));
            continue;
        }
        for (i, key) in keys.iter().enumerate() {
            if let Some(key) = key.as_str() {
                label_name(key, &|| path().key(field).index(i), errors);
            }
        }
    }
    let key_of = |v: &'_ Value| v.as_str().unwrap_or_default().to_owned();
    if let Some(selector) = selector
        && !match_keys.is_empty()
    {
        // The keys of the selector once the server has merged the label keys into it.
        let mut seen: Vec<&str> = selector
            .get("matchLabels")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .collect();
        let expressions = list(selector, "matchExpressions")
            .iter()
            .map(|e| string(e, "key").unwrap_or_default())
            .chain(match_keys.iter().filter_map(mergeable))
            .chain(mismatch_keys.iter().filter_map(mergeable));
        for key in expressions {
            // The index of the last match key that is `key`, as Kubernetes maps keys to indices.
            let index = match_keys.iter().rposition(|k| k.as_str() == Some(key));
            if let Some(i) = index
                && seen.contains(&key)
            {
                errors.push(
                    SpecError::new(
                        path().key("matchLabelKeys").index(i),
                        invalid(key, "exists in both matchLabelKeys and labelSelector"),
                    )
                    .reported_at(path().index(i).to_string()),
                );
            }
            seen.push(key);
        }
    }
    for (i, key) in match_keys.iter().enumerate() {
        if mismatch_keys.contains(key) {
            errors.push(SpecError::new(
                path().key("matchLabelKeys").index(i),
                invalid(
                    &key_of(key),
                    "exists in both matchLabelKeys and mismatchLabelKeys",
                ),
            ));
        }
    }
}

/// A label key that may be among the pod's labels, and so be merged into the selector: every
/// key that is a valid label key.
fn mergeable(key: &Value) -> Option<&str> {
    key.as_str().filter(|k| names::qualified_name(k).is_ok())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn shown(errors: &[SpecError]) -> Vec<String> {
        errors
            .iter()
            .map(|e| format!("{} @ {}", e, e.field()))
            .collect()
    }

    fn of(affinity: Value) -> Vec<String> {
        let mut errors = Vec::new();
        super::affinity(
            &json!({ "affinity": affinity }),
            &mut errors,
            &mut Vec::new(),
        );
        shown(&errors)
    }

    fn base_term() -> Value {
        json!({
            "labelSelector": {"matchLabels": {"app": "trainer"}},
            "namespaces": ["default"],
            "topologyKey": "kubernetes.io/hostname"
        })
    }

    #[test]
    fn valid_affinity_passes() {
        assert!(of(json!({})).is_empty());
        assert!(
            of(json!({
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                        {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", ""]}]},
                        {}
                    ]},
                    "preferredDuringSchedulingIgnoredDuringExecution": [
                        {"weight": 1, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["not a label value"]}]}},
                        {"weight": 100, "preference": {}}
                    ]
                },
                "podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 50, "podAffinityTerm": base_term()}]},
                "podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [base_term()]}
            }))
            .is_empty()
        );
    }

    #[test]
    fn weights_are_one_to_a_hundred() {
        let e = of(json!({
            "nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 0, "preference": {}}, {"weight": 101, "preference": {}}
            ]},
            "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": -1, "podAffinityTerm": base_term()}
            ]}
        }));
        assert_eq!(
            e,
            [
                "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100 @ affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight",
                "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].weight: Invalid value: 101: must be in the range 1-100 @ affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].weight",
                "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: -1: must be in the range 1-100 @ affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight",
            ]
        );
    }

    #[test]
    fn pod_affinity_terms() {
        let mut term = base_term();
        term["topologyKey"] = json!("");
        term["namespaces"] = json!(["default", "Team_A"]);
        term["namespaceSelector"] = json!({"matchLabels": {"team": "a b"}});
        let e =
            of(json!({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}));
        assert_eq!(e.len(), 4, "{e:#?}");
        assert!(e[0].starts_with("affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchLabels.team: invalid label value \"a b\""));
        assert!(e[0].ends_with(
            "@ affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchLabels"
        ));
        assert!(e[1].starts_with("affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[1]: invalid DNS-1123 label \"Team_A\""));
        assert!(e[1].ends_with(
            "@ affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace"
        ));
        assert_eq!(
            e[2],
            "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty @ affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey"
        );
        assert!(e[3].starts_with("affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: invalid qualified name \"\""));
    }

    #[test]
    fn match_label_keys_after_the_merge() {
        let path = || JsonPath::root().key("t").index(0);
        let run = |keys: Value, mismatch: Value, selector: Option<Value>| {
            let mut errors = Vec::new();
            label_keys(
                &path,
                keys.as_array().unwrap(),
                mismatch.as_array().unwrap(),
                selector.as_ref(),
                &mut errors,
            );
            shown(&errors)
        };
        let sel = json!({"matchLabels": {"job": "x"}, "matchExpressions": [{"key": "zone", "operator": "Exists"}]});
        assert!(run(json!(["app", "tier"]), json!(["other"]), Some(sel.clone())).is_empty());
        assert_eq!(
            run(json!(["job"]), json!([]), Some(sel.clone())),
            [
                r#"t[0].matchLabelKeys[0]: Invalid value: "job": exists in both matchLabelKeys and labelSelector @ t[0][0]"#
            ]
        );
        assert_eq!(
            run(json!(["app", "zone"]), json!([]), Some(sel.clone())),
            [
                r#"t[0].matchLabelKeys[1]: Invalid value: "zone": exists in both matchLabelKeys and labelSelector @ t[0][1]"#
            ]
        );
        // A key given twice meets itself once merged: reported at its last index.
        assert_eq!(
            run(json!(["app", "app"]), json!([]), Some(sel.clone())),
            [
                r#"t[0].matchLabelKeys[1]: Invalid value: "app": exists in both matchLabelKeys and labelSelector @ t[0][1]"#
            ]
        );
        assert_eq!(
            run(json!(["app"]), json!(["app"]), Some(sel.clone())),
            [
                r#"t[0].matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector @ t[0][0]"#,
                r#"t[0].matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and mismatchLabelKeys @ t[0].matchLabelKeys[0]"#
            ]
        );
        let e = run(json!(["bad key"]), json!([]), Some(sel));
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with(r#"t[0].matchLabelKeys[0]: invalid qualified name "bad key""#));
        assert_eq!(
            run(json!(["app"]), json!(["tier"]), None),
            [
                "t[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set @ t[0].matchLabelKeys",
                "t[0].mismatchLabelKeys: Forbidden: must not be specified when labelSelector is not set @ t[0].mismatchLabelKeys"
            ]
        );
    }

    #[test]
    fn an_empty_namespace_is_no_namespace_name() {
        let mut term = base_term();
        term["namespaces"] = json!([""]);
        let e = of(
            json!({"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 1, "podAffinityTerm": term}
            ]}}),
        );
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(e[0].starts_with("affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaces[0]: "));
        assert!(e[0].ends_with("@ affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespace"));
    }
}
