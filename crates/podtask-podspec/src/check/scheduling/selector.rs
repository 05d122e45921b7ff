//! Selectors of labels and of nodes, as Kubernetes checks them wherever they appear: label maps
//! (`ValidateLabels`), label selectors (`ValidateLabelSelector`,
//! `ValidateLabelSelectorRequirement`), label keys (`ValidateLabelName`) and node selectors
//! (`ValidateNodeSelector`, `ValidateNodeSelectorTerm`, `ValidateNodeSelectorRequirement`,
//! `ValidateNodeFieldSelectorRequirement`).

use podtask_rules::{Subject, names};
use serde_json::Value;

use super::super::{REQUIRED, list, name_rule, set, string};
use crate::{JsonPath, SpecError, SpecWarning};

/// Where a value is, computed only when an error needs it: a path costs allocations, and most
/// values break no rule.
pub(super) type At<'a> = &'a dyn Fn() -> JsonPath;

/// Kubernetes' text for an operator a selector does not know.
pub(super) const NOT_AN_OPERATOR: &str = "not a valid selector operator";

/// A label key (`ValidateLabelName`): a qualified name, reported at `path`.
pub(super) fn label_name(key: &str, path: At<'_>, errors: &mut Vec<SpecError>) {
    if names::qualified_name(key).is_err()
        && let Some(e) = name_rule(path(), Subject::QualifiedName, key, names::qualified_name)
    {
        errors.push(e);
    }
}

/// A map of labels (`ValidateLabels`): keys are qualified names, values label values. The
/// server names the whole map for either; the error's path is the key (for a bad key, marked
/// as being about the key) so that the bad text can be pointed at.
///
/// A value that is `null` reads as the empty string, as Go decodes it.
pub(super) fn labels(map: &Value, path: At<'_>, errors: &mut Vec<SpecError>) {
    let Some(members) = map.as_object() else {
        return;
    };
    for (key, value) in members {
        let bad_key = names::qualified_name(key).is_err();
        let bad_value = value
            .as_str()
            .is_some_and(|v| names::label_value(v).is_err());
        if !bad_key && !bad_value {
            continue;
        }
        let at = path().key(key.as_str());
        let reported = path().to_string();
        if bad_key
            && let Some(e) = name_rule(
                at.clone(),
                Subject::QualifiedName,
                key,
                names::qualified_name,
            )
        {
            errors.push(e.at_key().reported_at(reported.clone()));
        }
        if let Some(v) = value.as_str().filter(|_| bad_value)
            && let Some(e) = name_rule(at, Subject::LabelValue, v, names::label_value)
        {
            errors.push(e.reported_at(reported));
        }
    }
}

/// A label selector (`ValidateLabelSelector`, with invalid label values refused, as on
/// create): `matchLabels` as labels, each of `matchExpressions` as a requirement.
pub(super) fn label_selector(selector: &Value, path: At<'_>, errors: &mut Vec<SpecError>) {
    if selector.is_null() {
        return;
    }
    if let Some(map) = set(selector, "matchLabels") {
        labels(map, &|| path().key("matchLabels"), errors);
    }
    for (i, expr) in list(selector, "matchExpressions").iter().enumerate() {
        let at = || path().key("matchExpressions").index(i);
        let operator = string(expr, "operator").unwrap_or_default();
        let values = list(expr, "values");
        if !set_operator(operator, values, &at, errors) {
            errors.push(SpecError::new(
                at().key("operator"),
                super::super::invalid(operator, NOT_AN_OPERATOR),
            ));
        }
        let key = string(expr, "key").unwrap_or_default();
        label_name(key, &|| at().key("key"), errors);
        label_values(values, &at, errors);
    }
}

/// The values a set operator (`In`, `NotIn`, `Exists`, `DoesNotExist`) takes, checked as both
/// kinds of selector requirement check them; `false` when `operator` is not one of them.
fn set_operator(operator: &str, values: &[Value], at: At<'_>, errors: &mut Vec<SpecError>) -> bool {
    match operator {
        "In" | "NotIn" if values.is_empty() => errors.push(SpecError::new(
            at().key("values"),
            format!("{REQUIRED}: must be specified when `operator` is 'In' or 'NotIn'"),
        )),
        "Exists" | "DoesNotExist" if !values.is_empty() => errors.push(SpecError::new(
            at().key("values"),
            "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        )),
        "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
        _ => return false,
    }
    true
}

/// The values of a requirement, each a label value, reported at `values[i]`.
fn label_values(values: &[Value], at: At<'_>, errors: &mut Vec<SpecError>) {
    for (j, v) in values.iter().enumerate() {
        if let Some(v) = v.as_str()
            && let Some(e) = name_rule(
                at().key("values").index(j),
                Subject::LabelValue,
                v,
                names::label_value,
            )
        {
            errors.push(e);
        }
    }
}

/// A node selector (`ValidateNodeSelector`): at least one term, each a
/// [`node_selector_term`].
pub(super) fn node_selector(
    selector: &Value,
    path: At<'_>,
    check_values: bool,
    errors: &mut Vec<SpecError>,
) {
    let terms = list(selector, "nodeSelectorTerms");
    if terms.is_empty() {
        errors.push(SpecError::new(
            path().key("nodeSelectorTerms"),
            format!("{REQUIRED}: must have at least one node selector term"),
        ));
        return;
    }
    for (i, term) in terms.iter().enumerate() {
        node_selector_term(
            term,
            &|| path().key("nodeSelectorTerms").index(i),
            check_values,
            errors,
        );
    }
}

/// A node selector term (`ValidateNodeSelectorTerm`): requirements on node labels
/// (`matchExpressions`) and on node fields (`matchFields`). With `check_values`, the values of
/// label requirements must be label values (required node affinity); preferred node affinity
/// leaves them free.
pub(super) fn node_selector_term(
    term: &Value,
    path: At<'_>,
    check_values: bool,
    errors: &mut Vec<SpecError>,
) {
    for (j, req) in list(term, "matchExpressions").iter().enumerate() {
        let at = || path().key("matchExpressions").index(j);
        let operator = string(req, "operator").unwrap_or_default();
        let values = list(req, "values");
        match operator {
            _ if set_operator(operator, values, &at, errors) => {}
            "Gt" | "Lt" => {
                if values.len() != 1 {
                    errors.push(SpecError::new(
                        at().key("values"),
                        format!(
                            "{REQUIRED}: must be specified single value when `operator` is 'Lt' or 'Gt'"
                        ),
                    ));
                }
            }
            other => errors.push(SpecError::new(
                at().key("operator"),
                super::super::invalid(other, NOT_AN_OPERATOR),
            )),
        }
        let key = string(req, "key").unwrap_or_default();
        label_name(key, &|| at().key("key"), errors);
        if check_values {
            label_values(values, &at, errors);
        }
    }
    for (j, req) in list(term, "matchFields").iter().enumerate() {
        let at = || path().key("matchFields").index(j);
        let operator = string(req, "operator").unwrap_or_default();
        let values = list(req, "values");
        match operator {
            "In" | "NotIn" => {
                if values.len() != 1 {
                    errors.push(SpecError::new(
                        at().key("values"),
                        format!(
                            "{REQUIRED}: must be only one value when `operator` is 'In' or 'NotIn' for node field selector"
                        ),
                    ));
                }
            }
            other => errors.push(SpecError::new(
                at().key("operator"),
                super::super::invalid(other, NOT_AN_OPERATOR),
            )),
        }
        // The only node field a selector may name is the node's name.
        let key = string(req, "key").unwrap_or_default();
        if key == "metadata.name" {
            for (k, v) in values.iter().enumerate() {
                if let Some(v) = v.as_str()
                    && let Some(e) = name_rule(
                        at().key("values").index(k),
                        Subject::Dns1123Subdomain,
                        v,
                        names::dns1123_subdomain,
                    )
                {
                    errors.push(e);
                }
            }
        } else {
            errors.push(SpecError::new(
                at().key("key"),
                super::super::invalid(key, "not a valid field selector key"),
            ));
        }
    }
}

/// What the server accepts in a node selector term but the scheduler cannot use: a `Gt` or
/// `Lt` value that is not an integer (the scheduler parses it as one, fails, and the term
/// matches no node) and, where values are not checked (`check_values` false: preferred node
/// affinity), an `In` value that is not a label value (no node label has it).
pub(super) fn term_warnings(
    term: &Value,
    path: At<'_>,
    check_values: bool,
    warnings: &mut Vec<SpecWarning>,
) {
    for (j, req) in list(term, "matchExpressions").iter().enumerate() {
        let operator = string(req, "operator").unwrap_or_default();
        let values = list(req, "values");
        let at = |k: usize| {
            path()
                .key("matchExpressions")
                .index(j)
                .key("values")
                .index(k)
        };
        match operator {
            "Gt" | "Lt" => {
                if let [v] = values
                    && let Some(v) = v.as_str()
                    && v.parse::<i64>().is_err()
                {
                    warnings.push(SpecWarning::new(
                        at(0),
                        format!(
                            "{v:?} is not an integer: the scheduler cannot compare a node label with it, and the term matches no node"
                        ),
                    ));
                }
            }
            "In" if !check_values => {
                for (k, v) in values.iter().enumerate() {
                    if let Some(v) = v.as_str()
                        && names::label_value(v).is_err()
                    {
                        warnings.push(SpecWarning::new(
                            at(k),
                            format!("{v:?} is not a label value: no node label has it"),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn shown(errors: &[SpecError]) -> Vec<String> {
        errors
            .iter()
            .map(|e| format!("{} @ {}", e, e.field()))
            .collect()
    }

    #[test]
    fn labels_are_reported_at_the_map() {
        let mut errors = Vec::new();
        let path = || JsonPath::root().key("nodeSelector");
        labels(
            &json!({"ok": "fine", "bad key": "x", "k": "-v", "n": null}),
            &path,
            &mut errors,
        );
        assert_eq!(errors.len(), 2, "{:#?}", shown(&errors));
        assert!(errors[0].on_key);
        assert_eq!(errors[0].field(), "nodeSelector");
        assert_eq!(errors[0].path.to_string(), "nodeSelector[bad key]");
        assert!(!errors[1].on_key);
        assert_eq!(errors[1].field(), "nodeSelector");
        assert!(
            errors[1]
                .to_string()
                .starts_with(r#"nodeSelector.k: invalid label value "-v""#)
        );
    }

    #[test]
    fn label_selector_requirements() {
        let mut errors = Vec::new();
        let path = || JsonPath::root().key("s");
        label_selector(
            &json!({"matchExpressions": [
                {"key": "a", "operator": "In", "values": ["x", "y"]},
                {"key": "a", "operator": "Exists"},
                {"key": "a", "operator": "In", "values": []},
                {"key": "a", "operator": "DoesNotExist", "values": ["x"]},
                {"key": "a", "operator": "Gt", "values": ["1"]},
                {"key": "bad key", "operator": "Exists"},
                {"key": "a", "operator": "NotIn", "values": ["bad value!"]}
            ]}),
            &path,
            &mut errors,
        );
        let e = shown(&errors);
        assert_eq!(e.len(), 5, "{e:#?}");
        assert_eq!(
            e[0],
            "s.matchExpressions[2].values: Required value: must be specified when `operator` is 'In' or 'NotIn' @ s.matchExpressions[2].values"
        );
        assert_eq!(
            e[1],
            "s.matchExpressions[3].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist' @ s.matchExpressions[3].values"
        );
        assert_eq!(
            e[2],
            r#"s.matchExpressions[4].operator: Invalid value: "Gt": not a valid selector operator @ s.matchExpressions[4].operator"#
        );
        assert!(e[3].starts_with(r#"s.matchExpressions[5].key: invalid qualified name "bad key""#));
        assert!(
            e[4].starts_with(
                r#"s.matchExpressions[6].values[0]: invalid label value "bad value!""#
            )
        );
    }

    #[test]
    fn node_selector_terms() {
        let mut errors = Vec::new();
        let path = || JsonPath::root().key("r");
        node_selector(&json!({"nodeSelectorTerms": []}), &path, true, &mut errors);
        assert_eq!(
            shown(&errors),
            [
                "r.nodeSelectorTerms: Required value: must have at least one node selector term @ r.nodeSelectorTerms"
            ]
        );

        let term = json!({
            "matchExpressions": [
                {"key": "cores", "operator": "Gt", "values": ["x"]},
                {"key": "cores", "operator": "Lt", "values": ["1", "2"]},
                {"key": "zone", "operator": "notin", "values": ["a"]},
                {"key": "zone", "operator": "In", "values": ["", "a", "a", "v/1"]}
            ],
            "matchFields": [
                {"key": "metadata.name", "operator": "In", "values": ["node-1"]},
                {"key": "metadata.labels", "operator": "In", "values": ["x"]},
                {"key": "metadata.name", "operator": "Exists"},
                {"key": "metadata.name", "operator": "In", "values": ["Node_1"]}
            ]
        });
        let mut errors = Vec::new();
        node_selector(
            &json!({"nodeSelectorTerms": [{}, term.clone()]}),
            &path,
            true,
            &mut errors,
        );
        let e = shown(&errors);
        assert_eq!(e.len(), 6, "{e:#?}");
        assert_eq!(
            e[0],
            "r.nodeSelectorTerms[1].matchExpressions[1].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt' @ r.nodeSelectorTerms[1].matchExpressions[1].values"
        );
        assert_eq!(
            e[1],
            r#"r.nodeSelectorTerms[1].matchExpressions[2].operator: Invalid value: "notin": not a valid selector operator @ r.nodeSelectorTerms[1].matchExpressions[2].operator"#
        );
        assert!(e[2].starts_with(
            r#"r.nodeSelectorTerms[1].matchExpressions[3].values[3]: invalid label value "v/1""#
        ));
        assert_eq!(
            e[3],
            r#"r.nodeSelectorTerms[1].matchFields[1].key: Invalid value: "metadata.labels": not a valid field selector key @ r.nodeSelectorTerms[1].matchFields[1].key"#
        );
        assert_eq!(
            e[4],
            r#"r.nodeSelectorTerms[1].matchFields[2].operator: Invalid value: "Exists": not a valid selector operator @ r.nodeSelectorTerms[1].matchFields[2].operator"#
        );
        assert!(e[5].starts_with(
            r#"r.nodeSelectorTerms[1].matchFields[3].values[0]: invalid DNS-1123 subdomain "Node_1""#
        ));

        // Preferred terms leave the values of label requirements free.
        let mut errors = Vec::new();
        node_selector_term(&term, &path, false, &mut errors);
        assert_eq!(errors.len(), 5, "{:#?}", shown(&errors));
    }

    #[test]
    fn terms_the_scheduler_cannot_use() {
        let term = json!({"matchExpressions": [
            {"key": "cores", "operator": "Gt", "values": ["x"]},
            {"key": "cores", "operator": "Lt", "values": ["-05"]},
            {"key": "zone", "operator": "In", "values": ["a", "a b"]},
            {"key": "zone", "operator": "NotIn", "values": ["a b"]}
        ]});
        let path = || JsonPath::root().key("p");
        let mut warnings = Vec::new();
        term_warnings(&term, &path, false, &mut warnings);
        let w: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            w,
            [
                r#"p.matchExpressions[0].values[0]: "x" is not an integer: the scheduler cannot compare a node label with it, and the term matches no node"#,
                r#"p.matchExpressions[2].values[1]: "a b" is not a label value: no node label has it"#,
            ]
        );
        let mut warnings = Vec::new();
        term_warnings(&term, &path, true, &mut warnings);
        assert_eq!(warnings.len(), 1);
    }
}
