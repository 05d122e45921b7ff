//! `validate_pod` scored against Pod manifests judged by a real kube-apiserver v1.35.0
//! (`tests/data/apiserver/pods.jsonl`; see docs/pod-rules.md):
//!
//! - an accepted Pod (201) gives no error;
//! - a Pod the server could not decode (400) or found invalid (422) gives at least one;
//! - for 422, at least one error's field is one the server names (`causes[].field`).
//!
//! Cases refused by admission (403) depend on objects in the cluster and are left out.
//!
//! `APISERVER_CATEGORY=env,probes` limits the run to those categories; `APISERVER_SHOW=1`
//! prints every disagreement with the server's answer and ours.

use std::collections::BTreeMap;

use podtask_podspec::{KubernetesVersion, validate_pod_in};
use serde_json::Value;

/// How many disagreements are left: this number only ever goes down.
const MAX_DISAGREEMENTS: usize = 429;

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
    let show = std::env::var_os("APISERVER_SHOW").is_some();
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
            if show {
                println!(
                    "case {} [{}] {}\n    {}",
                    case.id, case.category, case.mutation, why
                );
            }
        }
    }
    for (category, (cases, wrong)) in &by_category {
        println!("{category:28} {wrong:4} of {cases:4} disagree");
    }
    println!("total disagreements: {total}");
    assert!(
        total <= MAX_DISAGREEMENTS,
        "{total} disagreements with the API server (at most {MAX_DISAGREEMENTS} allowed); run \
         with APISERVER_SHOW=1 to see them"
    );
}
