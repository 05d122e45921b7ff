//! The scheduling rules on whole specs (a task's pod with one container, plus the fields
//! given), each error shown with the field the API server names.

use serde_json::{Value, json};

use crate::KubernetesVersion;

/// The errors of a spec of one container and the fields of `extra`, each followed by the field
/// the API server names.
fn fields(extra: Value, version: KubernetesVersion) -> Vec<String> {
    let mut spec = json!({"containers": [{"name": "main"}]});
    for (k, v) in extra.as_object().into_iter().flatten() {
        spec[k] = v.clone();
    }
    crate::check(&spec, Some("main"), version)
        .errors
        .iter()
        .map(|e| format!("{e} @ {}", e.field()))
        .collect()
}

#[test]
fn the_deprecated_service_account_is_an_alias() {
    let v = KubernetesVersion::V1_35;
    // Ignored when serviceAccountName is set: accepted, with a warning.
    let both = json!({"serviceAccountName": "trainer", "serviceAccount": "Bad_SA"});
    assert!(fields(both.clone(), v).is_empty());
    assert_eq!(
        crate::check::test_support::warnings(
            json!({"containers": [{"name": "main"}], "serviceAccountName": "trainer", "serviceAccount": "Bad_SA"}),
            Some("main")
        ),
        [
            r#"serviceAccount: ignored: the deprecated alias of serviceAccountName, which is set and wins ("trainer"); leave serviceAccount out"#
        ]
    );
    // Alone, it is the service account's name.
    let e = fields(json!({"serviceAccount": "Bad_SA"}), v);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].starts_with(r#"serviceAccount: invalid DNS-1123 subdomain "Bad_SA""#));
    assert!(e[0].ends_with("@ serviceAccountName"));
    assert!(
        fields(
            json!({"serviceAccount": "trainer", "serviceAccountName": ""}),
            v
        )
        .is_empty()
    );
}

#[test]
fn node_name_is_a_subdomain() {
    let v = KubernetesVersion::V1_33;
    assert!(fields(json!({"nodeName": "node.example.com"}), v).is_empty());
    assert!(fields(json!({"nodeName": ""}), v).is_empty());
    let e = fields(json!({"nodeName": "Node_17"}), v);
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with(r#"nodeName: invalid DNS-1123 subdomain "Node_17""#));
    assert!(e[0].ends_with("@ nodeName"));
}

#[test]
fn node_selector_is_reported_at_the_map() {
    let e = fields(
        json!({"nodeSelector": {"Example.com/x": "true", "pool": "a,b"}}),
        KubernetesVersion::V1_35,
    );
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(e.iter().all(|e| e.ends_with("@ nodeSelector")));
}

#[test]
fn toleration_values_are_reported_at_the_operator() {
    let v = KubernetesVersion::V1_35;
    let e = fields(
        json!({"tolerations": [
            {"key": "k", "operator": "Exists", "value": "v"},
            {"key": "example.com/k", "operator": "Equal", "value": "a b", "effect": "NoSchedule"},
            {"key": "k", "value": "-x"}
        ]}),
        v,
    );
    assert_eq!(e.len(), 3, "{e:#?}");
    assert_eq!(
        e[0],
        r#"tolerations[0].value: Invalid value: "v": value must be empty when `operator` is 'Exists' @ tolerations[0].operator"#
    );
    assert!(e[1].starts_with(r#"tolerations[1].value: invalid label value "a b""#));
    assert!(e[1].ends_with("@ tolerations[1].operator"));
    assert!(e[2].ends_with("@ tolerations[2].operator"));
}

#[test]
fn comparison_operators_of_tolerations_are_refused() {
    let lt = json!({"tolerations": [{"key": "k", "operator": "Lt", "value": "5", "effect": "NoSchedule"}]});
    assert_eq!(
        fields(lt.clone(), KubernetesVersion::V1_35),
        [
            r#"tolerations[0].operator: Unsupported value: "Lt": supported values: "Equal", "Exists", "Lt", "Gt" @ tolerations[0].operator"#
        ]
    );
    assert_eq!(
        fields(lt, KubernetesVersion::V1_33),
        [
            r#"tolerations[0].operator: Unsupported value: "Lt": supported values: "Equal", "Exists" @ tolerations[0].operator"#
        ]
    );
}
