//! `validate_pod` scored against Pod manifests judged by a real kube-apiserver v1.35.0
//! (`tests/data/apiserver/pods.jsonl`; see docs/pod-rules.md):
//!
//! - an accepted Pod (201) gives no error;
//! - a Pod the server could not decode (400) or found invalid (422) gives at least one;
//! - for 422, at least one error's field is one the server names (`causes[].field`).
//!
//! Cases refused by admission (403) depend on objects in the cluster and are left out.
//!
//! Every disagreement fails the test, each printed with the server's answer and ours.
//! `APISERVER_CATEGORY=env,probes` limits the run to those categories.

use std::collections::BTreeMap;

use podtask_podspec::{KubernetesVersion, validate_pod_in};
use serde_json::Value;

struct Case {
    id: String,
    category: String,
    mutation: String,
    pod: Value,
    status: u64,
    fields: Vec<String>,
    message: String,
}

fn cases() -> Vec<Case> {
    let text = include_str!("data/apiserver/pods.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
            Case {
                id: v["id"].to_string(),
                category: s("category"),
                mutation: s("mutation"),
                pod: v["pod"].clone(),
                status: v["status"].as_u64().unwrap(),
                fields: v["causes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c["field"].as_str().map(str::to_owned))
                    .collect(),
                message: s("message"),
            }
        })
        .collect()
}

/// Why our answer disagrees with the server's, if it does.
fn disagreement(case: &Case) -> Option<String> {
    // Every case was sent to `POST /api/v1/namespaces/default/pods`.
    let ours = validate_pod_in(&case.pod, KubernetesVersion::V1_35, Some("default"));
    match (case.status, &ours) {
        (201, Ok(_)) => None,
        (201, Err(errors)) => Some(format!(
            "the server accepts it; we say: {}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" | ")
        )),
        (400 | 422, Ok(_)) => Some(format!(
            "the server refuses it ({}: {}); we accept it",
            case.status, case.message
        )),
        (400, Err(_)) => None,
        (422, Err(errors)) => {
            if errors.iter().any(|e| case.fields.contains(&e.field)) {
                None
            } else {
                Some(format!(
                    "the server names {:?}; we name {}",
                    case.fields,
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" | ")
                ))
            }
        }
        _ => None,
    }
}

#[test]
fn validate_pod_agrees_with_the_api_server() {
    let only: Option<Vec<String>> = std::env::var("APISERVER_CATEGORY")
        .ok()
        .map(|c| c.split(',').map(str::to_owned).collect());
    let mut by_category: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut total = 0;
    for case in cases() {
        if case.status == 403 {
            continue;
        }
        if let Some(only) = &only
            && !only.contains(&case.category)
        {
            continue;
        }
        let entry = by_category.entry(case.category.clone()).or_default();
        entry.0 += 1;
        if let Some(why) = disagreement(&case) {
            entry.1 += 1;
            total += 1;
            println!(
                "case {} [{}] {}\n    {}",
                case.id, case.category, case.mutation, why
            );
        }
    }
    for (category, (cases, wrong)) in &by_category {
        println!("{category:28} {wrong:4} of {cases:4} disagree");
    }
    println!("total disagreements: {total}");
    assert_eq!(
        total, 0,
        "{total} disagreements with the API server, each printed above"
    );
}

/// Where the rules of the other supported versions judge a case of the corpus otherwise than
/// 1.35's (docs/pod-rules.md, "Versions"): `(version, case, the first error's field, or
/// `None` for a Pod that version accepts)`.
const OTHER_VERSIONS: &[(KubernetesVersion, &str, Option<&str>)] = &[
    // 1.33: DynamicResourceAllocation is off (resource claims dropped), PodLevelResources is
    // alpha (spec.resources dropped), image volumes are dropped, podCertificate projections
    // do not exist, matchLabelKeys are not merged into the selector, and a regular container
    // may not have a restartPolicy.
    (V1_33, "c0428", None),
    (V1_33, "c0431", None),
    (V1_33, "c0433", None),
    (
        V1_33,
        "c0686",
        Some("spec.volumes[5].projected.sources[4].podCertificate"),
    ),
    (V1_33, "c0717", None),
    (V1_33, "c0875", Some("spec.containers[0].restartPolicy")),
    (V1_33, "c1135", None),
    (V1_33, "c1284", None),
    (V1_33, "c1412", None),
    (V1_33, "c1511", None),
    // 1.34: image volumes are still dropped; container restart rules are alpha, so a
    // container's restartPolicy other than Always (and its rules) is dropped.
    (V1_34, "c0717", None),
    (V1_34, "c0867", None),
    (V1_34, "c0868", None),
    (V1_34, "c0869", None),
    (V1_34, "c0876", None),
    (V1_34, "c0877", None),
    (V1_34, "c1511", None),
    // 1.36 and 1.37: StrictIPCIDRValidation is on: no leading zeros, no IPv4-mapped IPv6.
    (V1_36, "c1152", Some("spec.dnsConfig.nameservers[0]")),
    (V1_36, "c1175", Some("spec.hostAliases[0].ip")),
    (V1_37, "c1152", Some("spec.dnsConfig.nameservers[0]")),
    (V1_37, "c1175", Some("spec.hostAliases[0].ip")),
];

use KubernetesVersion::{V1_33, V1_34, V1_36, V1_37};

#[test]
fn other_versions_differ_from_1_35_only_where_their_rules_do() {
    let mut found = Vec::new();
    for version in [V1_33, V1_34, V1_36, V1_37] {
        for case in cases() {
            if case.status == 403 {
                continue;
            }
            let judge = |v| validate_pod_in(&case.pod, v, Some("default"));
            let ours = judge(version);
            if ours.is_ok() != judge(KubernetesVersion::V1_35).is_ok() {
                let field = ours.err().map(|e| e[0].field.clone());
                found.push((version, case.id.trim_matches('"').to_owned(), field));
            }
        }
    }
    let expected: Vec<(KubernetesVersion, String, Option<String>)> = OTHER_VERSIONS
        .iter()
        .map(|(v, id, f)| (*v, (*id).to_owned(), f.map(str::to_owned)))
        .collect();
    assert_eq!(found, expected);
}
