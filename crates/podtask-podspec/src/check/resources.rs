//! Resources: a container's `resources` (`ValidateContainerResourceRequirements`: every
//! quantity parses as Kubernetes parses it, and the requests and limits follow the rulebook's
//! [`validate_k8s`](podtask_rules::resource::validate_k8s())), its `resources.claims` and
//! `resizePolicy`; the pod's `resourceClaims` (`validatePodResourceClaims`) and its pod-level
//! `resources` (`validatePodResources`, Kubernetes 1.34 on).

use std::borrow::Cow;

use podtask_rules::resource::{K8sResourceName, Side, validate_k8s};
use podtask_rules::{Quantity, Subject, names};
use serde_json::Value;

use super::{
    Cx, Kind, Quantities, REQUIRED, Seen, duplicate, invalid, list, members, name_rule,
    not_supported, set, string,
};
use crate::read::quantity_text;
use crate::{JsonPath, KubernetesVersion, SpecError};

/// Kubernetes' message for a request of a resource that cannot be overcommitted, without a
/// limit.
const LIMIT_REQUIRED: &str = "Limit must be set for non overcommitable resources";
/// Kubernetes' message for huge pages without `cpu` or `memory`.
const HUGE_PAGES_ALONE: &str = "HugePages require cpu or memory";

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    let claims = pod_claims(list(cx.spec, "resourceClaims"), &mut cx.errors);
    let restart_never = string(cx.spec, "restartPolicy") == Some("Never");
    for c in &cx.containers {
        // `validateContainerCommon` checks every container's resize policy, an init
        // container's too (the server allows one from 1.33, `AllowSidecarResizePolicy`).
        let policies = list(c.value, "resizePolicy");
        if !policies.is_empty() {
            resize_policy(
                &c.path.clone().key("resizePolicy"),
                policies,
                restart_never,
                &mut cx.errors,
            );
        }
        // Kubernetes refuses resources on ephemeral containers; they are refused as a whole.
        if c.kind == Kind::Ephemeral {
            continue;
        }
        if let Some(r) = c.resources {
            let base = c.path.clone().key("resources");
            requirements(&base, r, cx.quantities, &mut cx.errors);
            let container = list(r, "claims");
            if !container.is_empty() {
                container_claims(&base.key("claims"), container, &claims, &mut cx.errors);
            }
        }
    }
    if pod_level_resources_on(cx.version)
        && let Some(r) = set(cx.spec, "resources")
    {
        pod_resources(cx, r);
    }
}

/// Whether the pod's own `resources` exist (the `PodLevelResources` feature gate: alpha and off
/// in 1.33, where the server drops the field; beta and on from 1.34).
fn pod_level_resources_on(version: KubernetesVersion) -> bool {
    version >= KubernetesVersion::V1_34
}

/// Whose resources are checked: a container's or the pod's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// A container's `resources`.
    Container,
    /// The pod's `resources`: only `cpu`, `memory` and huge pages.
    Pod,
}

/// The entries of one list that parse, with the names and texts they came from.
struct Parsed<'a> {
    entries: Vec<(&'a str, Quantity)>,
    texts: Vec<Cow<'a, str>>,
}

/// The entries of `requests` or `limits`, sorted by name. A value that is not a quantity is
/// passed over (reading the spec reports it), and so is one that does not parse unless
/// `quantities` says to report it.
fn parse_list<'a>(
    resources: &'a Value,
    key: &str,
    base: &JsonPath,
    quantities: Quantities,
    errors: &mut Vec<SpecError>,
) -> Parsed<'a> {
    let mut parsed = Parsed {
        entries: Vec::new(),
        texts: Vec::new(),
    };
    for (name, value) in members(resources, key) {
        let Some(text) = quantity_text(value) else {
            continue;
        };
        match Quantity::parse(&text) {
            Ok(q) => {
                parsed.entries.push((name, q));
                parsed.texts.push(text);
            }
            Err(e) if quantities == Quantities::Report => {
                errors.push(SpecError::from_rule(base.clone().key(name), e));
            }
            Err(_) => {}
        }
    }
    parsed
}

/// The path Kubernetes names for an entry of a resource list: always `list[name]`.
fn entry_field(list: &JsonPath, name: &str) -> String {
    format!("{list}[{name}]")
}

/// Checks `requests` and `limits` under `base` (a container's `resources`).
fn requirements(
    base: &JsonPath,
    resources: &Value,
    quantities: Quantities,
    errors: &mut Vec<SpecError>,
) {
    let requests_path = base.clone().key("requests");
    let limits_path = base.clone().key("limits");
    let requests = parse_list(resources, "requests", &requests_path, quantities, errors);
    let limits = parse_list(resources, "limits", &limits_path, quantities, errors);
    let explicit = requests.entries.len();
    requirements_with(base, &requests, &limits, explicit, Level::Container, errors);
}

/// Checks parsed `requests` and `limits` under `base`; the requests from `explicit` on are not
/// in the spec (the server defaulted them).
fn requirements_with(
    base: &JsonPath,
    requests: &Parsed<'_>,
    limits: &Parsed<'_>,
    explicit: usize,
    level: Level,
    errors: &mut Vec<SpecError>,
) {
    let requests_path = base.clone().key("requests");
    let limits_path = base.clone().key("limits");
    for issue in validate_k8s(&requests.entries, &limits.entries) {
        let (list, path) = match issue.side {
            Side::Request => (requests, &requests_path),
            Side::Limit => (limits, &limits_path),
        };
        let Some(&(name, _)) = list.entries.get(issue.index) else {
            continue;
        };
        // A defaulted request is not in the spec: point at the limit it came from.
        let precise = if issue.side == Side::Request && issue.index >= explicit {
            limits_path.clone().key(name)
        } else {
            path.clone().key(name)
        };
        let error = if K8sResourceName::parse(name).is_err() {
            // The name broke the rule: the message already names it.
            SpecError::on_key(precise, issue.message).reported_at(entry_field(path, name))
        } else if issue.message == LIMIT_REQUIRED {
            SpecError::new(precise, invalid(&list.texts[issue.index], LIMIT_REQUIRED))
                .reported_at(limits_path.to_string())
        } else if issue.message == HUGE_PAGES_ALONE {
            SpecError::new(precise, invalid(&list.texts[issue.index], HUGE_PAGES_ALONE))
                .reported_at(base.to_string())
        } else if issue.related.is_some_and(|(side, _)| side == Side::Limit) {
            // Request against limit: the server names the whole `requests`.
            SpecError::new(precise, invalid(&list.texts[issue.index], &issue.message))
                .reported_at(requests_path.to_string())
        } else {
            SpecError::new(precise, invalid(&list.texts[issue.index], &issue.message))
                .reported_at(entry_field(path, name))
        };
        errors.push(error);
    }
    if level == Level::Pod {
        for (list, path, count) in [
            (limits, &limits_path, limits.entries.len()),
            (requests, &requests_path, explicit),
        ] {
            for &(name, _) in &list.entries[..count] {
                if K8sResourceName::parse(name).is_ok() && !pod_level_name(name) {
                    errors.push(
                        SpecError::on_key(
                            path.clone().key(name),
                            not_supported(name, &["cpu", "hugepages-", "memory"]),
                        )
                        .reported_at(entry_field(path, name)),
                    );
                }
            }
        }
    }
}

/// Whether the pod's own `resources` may name a resource: `cpu`, `memory` or huge pages.
fn pod_level_name(name: &str) -> bool {
    matches!(name, "cpu" | "memory") || name.starts_with("hugepages-")
}

/// The requests (or, with `limits`, the limits) of `name` of the containers of a pod taken
/// together, in thousandths of the unit (Kubernetes `AggregateContainerRequests` and
/// `AggregateContainerLimits`): the regular containers and the sidecars run together; an init
/// container runs with the sidecars started before it. A container's missing request is its
/// limit. `None` when no container gives one, or when the sum does not fit.
fn aggregate(spec: &Value, name: &str, limits: bool) -> Option<i64> {
    let value = |c: &Value| {
        if limits {
            container_limit(c, name)
        } else {
            effective_request(c, name)
        }
    };
    let mut any = false;
    let mut sum: i64 = 0;
    for c in list(spec, "containers") {
        if let Some(v) = value(c) {
            any = true;
            sum = sum.checked_add(v)?;
        }
    }
    let mut sidecars: i64 = 0;
    let mut init_max: i64 = 0;
    for c in list(spec, "initContainers") {
        let Some(v) = value(c) else {
            init_max = init_max.max(sidecars);
            continue;
        };
        any = true;
        let running = if string(c, "restartPolicy") == Some("Always") {
            sum = sum.checked_add(v)?;
            sidecars = sidecars.checked_add(v)?;
            sidecars
        } else {
            v.checked_add(sidecars)?
        };
        init_max = init_max.max(running);
    }
    any.then_some(sum.max(init_max))
}

/// The cpu and memory requests of the containers taken together (see [`aggregate`]).
fn aggregate_requests(spec: &Value) -> [Option<i64>; 2] {
    [
        aggregate(spec, "cpu", false),
        aggregate(spec, "memory", false),
    ]
}

/// A container's request of `name` in thousandths of the unit, or its limit when it requests
/// none (as the server defaults it).
fn effective_request(container: &Value, name: &str) -> Option<i64> {
    let resources = set(container, "resources")?;
    let value = set(resources, "requests")
        .and_then(|r| r.get(name))
        .or_else(|| set(resources, "limits").and_then(|l| l.get(name)))?;
    Quantity::parse(&quantity_text(value)?).ok()?.milli_value()
}

/// A container's limit of `name` in thousandths of the unit.
fn container_limit(container: &Value, name: &str) -> Option<i64> {
    let value = set(set(container, "resources")?, "limits")?.get(name)?;
    Quantity::parse(&quantity_text(value)?).ok()?.milli_value()
}

/// A quantity of thousandths of a unit.
fn from_milli(milli: i64) -> Option<Quantity> {
    Quantity::parse(&format!("{milli}m")).ok()
}

/// Checks the pod's own `resources` (`validatePodResources`): the requirements, with the
/// requests the server defaults, no `claims`, requests that cover the containers' and no
/// container limit above the pod's.
fn pod_resources(cx: &mut Cx<'_>, r: &Value) {
    let base = JsonPath::root().key("resources");
    if set(cx.spec, "os").and_then(|os| string(os, "name")) == Some("windows") {
        cx.errors.push(SpecError::new(
            base,
            "Forbidden: may not be set for a windows pod",
        ));
        return;
    }
    if set(r, "claims").is_some() {
        cx.errors.push(SpecError::new(
            base.clone().key("claims"),
            "Forbidden: claims may not be set for Resources at pod-level",
        ));
    }
    let requests_path = base.clone().key("requests");
    let limits_path = base.clone().key("limits");
    let mut requests = parse_list(r, "requests", &requests_path, cx.quantities, &mut cx.errors);
    let limits = parse_list(r, "limits", &limits_path, cx.quantities, &mut cx.errors);
    let explicit = requests.entries.len();
    let aggregated = aggregate_requests(cx.spec);
    if !limits.entries.is_empty() {
        for (slot, name) in ["cpu", "memory"].into_iter().enumerate() {
            if requests.entries.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let value = match aggregated[slot] {
                Some(milli) => from_milli(milli),
                None => limits
                    .entries
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, q)| q.clone()),
            };
            if let Some(q) = value {
                requests.texts.push(Cow::Owned(q.to_string()));
                requests.entries.push((name, q));
            }
        }
        for (name, q) in &limits.entries {
            if name.starts_with("hugepages-") && !requests.entries.iter().any(|(n, _)| n == name) {
                requests.texts.push(Cow::Owned(q.to_string()));
                requests.entries.push((name, q.clone()));
            }
        }
    }
    requirements_with(
        &base,
        &requests,
        &limits,
        explicit,
        Level::Pod,
        &mut cx.errors,
    );
    // Pod requests set by the user must cover the containers' requests.
    for (slot, name) in ["cpu", "memory"].into_iter().enumerate() {
        let Some(total) = aggregated[slot] else {
            continue;
        };
        let Some(i) = requests.entries[..explicit]
            .iter()
            .position(|(n, _)| *n == name)
        else {
            continue;
        };
        let pod = &requests.entries[i].1;
        if pod.milli_value().is_some_and(|p| total > p) {
            let shown = from_milli(total).map_or_else(|| total.to_string(), |q| q.to_string());
            cx.errors.push(
                SpecError::new(
                    requests_path.clone().key(name),
                    invalid(
                        &requests.texts[i],
                        &format!("must be greater than or equal to aggregate container requests of {shown}"),
                    ),
                )
                .reported_at(entry_field(&requests_path, name)),
            );
        }
    }
    // A pod's huge-page limit must cover the containers' limits taken together.
    for (i, (name, pod_limit)) in limits.entries.iter().enumerate() {
        if !name.starts_with("hugepages-") {
            continue;
        }
        let Some(total) = aggregate(cx.spec, name, true) else {
            continue;
        };
        if pod_limit.milli_value().is_some_and(|p| total > p) {
            let shown = from_milli(total).map_or_else(|| total.to_string(), |q| q.to_string());
            cx.errors.push(
                SpecError::new(
                    limits_path.clone().key(*name),
                    invalid(
                        &limits.texts[i],
                        &format!(
                            "must be greater than or equal to aggregate container limits of {shown}"
                        ),
                    ),
                )
                .reported_at(entry_field(&limits_path, name)),
            );
        }
    }
    // No regular container may have a limit above the pod's.
    for (ci, c) in list(cx.spec, "containers").iter().enumerate() {
        let Some(cr) = set(c, "resources") else {
            continue;
        };
        for (name, value) in members(cr, "limits") {
            let Some(q) = quantity_text(value).and_then(|t| Quantity::parse(&t).ok()) else {
                continue;
            };
            let Some((_, pod_limit)) = limits.entries.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            if q > *pod_limit {
                cx.errors.push(
                    SpecError::new(
                        JsonPath::root()
                            .key("containers")
                            .index(ci)
                            .key("resources")
                            .key("limits")
                            .key(name),
                        invalid(
                            &q.to_string(),
                            &format!("must be less than or equal to pod limits of {pod_limit}"),
                        ),
                    )
                    .reported_at(format!("resources.containers[{ci}][{name}].limits")),
                );
            }
        }
    }
}
/// Checks the pod's `resourceClaims` (`validatePodResourceClaim`): each has a unique DNS-1123
/// label for a name and names exactly one claim or claim template. Returns the names a
/// container may use: every name that is not empty, valid or not
/// (`gatherPodResourceClaimNames`).
fn pod_claims<'a>(claims: &'a [Value], errors: &mut Vec<SpecError>) -> Seen<'a> {
    let mut seen = Seen::default();
    for (i, claim) in claims.iter().enumerate() {
        let path = JsonPath::root().key("resourceClaims").index(i);
        let name = string(claim, "name").unwrap_or_default();
        let name_path = path.clone().key("name");
        if name.is_empty() {
            errors.push(SpecError::new(name_path, REQUIRED));
        } else if seen.contains(name) {
            errors.push(SpecError::new(name_path, duplicate(name)));
        } else {
            if let Some(e) = name_rule(name_path, Subject::Dns1123Label, name, names::dns1123_label)
            {
                errors.push(e);
            }
            seen.insert(name);
        }
        let claim_name = set(claim, "resourceClaimName").and_then(Value::as_str);
        let template = set(claim, "resourceClaimTemplateName").and_then(Value::as_str);
        // The server shows the whole claim, as Go's JSON of its internal type.
        let shown = || {
            let opt = |v: Option<&str>| v.map_or("null".to_owned(), |n| format!("{n:?}"));
            format!(
                "{{\"Name\":{name:?},\"ResourceClaimName\":{},\"ResourceClaimTemplateName\":{}}}",
                opt(claim_name),
                opt(template),
            )
        };
        let detail = match (claim_name, template) {
            (Some(_), Some(_)) => Some(
                "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified",
            ),
            (None, None) => {
                Some("must specify one of: `resourceClaimName`, `resourceClaimTemplateName`")
            }
            _ => None,
        };
        if let Some(detail) = detail {
            errors.push(SpecError::new(
                path.clone(),
                format!("Invalid value: {}: {detail}", shown()),
            ));
        }
        for (key, value) in [
            ("resourceClaimName", claim_name),
            ("resourceClaimTemplateName", template),
        ] {
            if let Some(v) = value
                && let Some(e) = name_rule(
                    path.clone().key(key),
                    Subject::Dns1123Subdomain,
                    v,
                    names::dns1123_subdomain,
                )
            {
                errors.push(e);
            }
        }
    }
    seen
}

/// Checks a container's `resources.claims` (`validateResourceClaimNames`), at `base`: each
/// names a claim of the pod, once (with its request), and a request is a DNS-1123 label.
fn container_claims(
    base: &JsonPath,
    claims: &[Value],
    pod: &Seen<'_>,
    errors: &mut Vec<SpecError>,
) {
    let mut seen: Vec<String> = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        let path = base.clone().index(i);
        let name = string(claim, "name").unwrap_or_default();
        let request = string(claim, "request").unwrap_or_default();
        if name.is_empty() {
            errors.push(
                SpecError::new(path.clone().key("name"), REQUIRED).reported_at(path.to_string()),
            );
            continue;
        }
        let key = if request.is_empty() {
            name.to_owned()
        } else {
            format!("{name}/{request}")
        };
        if seen.contains(&key) {
            errors.push(SpecError::new(path.clone(), duplicate(&key)));
        } else {
            seen.push(key);
        }
        if !pod.contains(name) {
            let known = if pod.is_empty() {
                " which is empty".to_owned()
            } else {
                format!(": {}", pod.sorted().join(", "))
            };
            errors.push(SpecError::new(
                path.clone().key("name"),
                format!(
                    "Not found: {name:?}: must be one of the names in pod.spec.resourceClaims{known}"
                ),
            )
            .reported_at(path.to_string()));
        }
        if !request.is_empty()
            && let Some(e) = name_rule(
                path.clone().key("request"),
                Subject::Dns1123Label,
                request,
                names::dns1123_label,
            )
        {
            errors.push(e);
        }
    }
}

/// The resources a container may say how to resize.
const RESIZE_RESOURCES: [&str; 2] = ["cpu", "memory"];
/// The ways a container may be resized.
const RESIZE_POLICIES: [&str; 2] = ["NotRequired", "RestartContainer"];

/// Checks a container's `resizePolicy` (`validateResizePolicy`), at `base`: each names `cpu` or
/// `memory` once and a known policy, which must be `NotRequired` when the pod never restarts.
/// The server names the whole list for all but a repeated resource.
fn resize_policy(base: &JsonPath, policies: &[Value], never: bool, errors: &mut Vec<SpecError>) {
    if policies.is_empty() {
        return;
    }
    let mut seen = Seen::default();
    let whole = base.to_string();
    for (i, p) in policies.iter().enumerate() {
        let path = base.clone().index(i);
        let resource = string(p, "resourceName").unwrap_or_default();
        if !seen.insert(resource) {
            errors.push(SpecError::new(path.clone(), duplicate(resource)));
        }
        let resource_path = path.clone().key("resourceName");
        if resource.is_empty() {
            errors.push(SpecError::new(resource_path, REQUIRED).reported_at(whole.clone()));
        } else if !RESIZE_RESOURCES.contains(&resource) {
            errors.push(
                SpecError::new(resource_path, not_supported(resource, &RESIZE_RESOURCES))
                    .reported_at(whole.clone()),
            );
        }
        let policy = string(p, "restartPolicy").unwrap_or_default();
        let policy_path = path.clone().key("restartPolicy");
        if policy.is_empty() {
            errors.push(SpecError::new(policy_path.clone(), REQUIRED).reported_at(whole.clone()));
        } else if !RESIZE_POLICIES.contains(&policy) {
            errors.push(
                SpecError::new(policy_path.clone(), not_supported(policy, &RESIZE_POLICIES))
                    .reported_at(whole.clone()),
            );
        }
        if never && policy != "NotRequired" {
            errors.push(
                SpecError::new(
                    policy_path,
                    invalid(
                        policy,
                        "must be 'NotRequired' when `restartPolicy` is 'Never'",
                    ),
                )
                .reported_at(whole.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::check::test_support::errors;

    fn with_resources(resources: Value) -> Vec<String> {
        errors(
            json!({"containers": [{"name": "main"}, {"name": "side", "image": "busybox", "resources": resources}]}),
            Some("main"),
        )
    }

    #[test]
    fn valid_resources_pass() {
        // From Kubernetes' TestValidateResourceRequirements: the success cases.
        assert!(with_resources(json!({"requests": {"cpu": "10", "memory": "10G", "nvidia.com/gpu": "10"}, "limits": {"cpu": "10", "memory": "10G", "nvidia.com/gpu": "10"}})).is_empty());
        assert!(with_resources(json!({"requests": {"cpu": "5", "memory": "5G"}, "limits": {"cpu": "10", "memory": "10G"}})).is_empty());
        assert!(with_resources(json!({"requests": {"cpu": "500m"}})).is_empty());
        assert!(with_resources(json!({"limits": {"hugepages-2Mi": "2Mi", "memory": "2Mi"}, "requests": {"hugepages-2Mi": "2Mi", "memory": "2Mi"}})).is_empty());
    }

    #[test]
    fn request_above_limit_is_at_the_request() {
        let e = with_resources(json!({"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}));
        assert_eq!(
            e,
            [
                r#"containers[1].resources.requests.cpu: Invalid value: "2": must be less than or equal to cpu limit of 1"#
            ]
        );
    }

    #[test]
    fn extended_resources_are_whole_and_equal() {
        let e = with_resources(
            json!({"requests": {"nvidia.com/gpu": "1"}, "limits": {"nvidia.com/gpu": "2"}}),
        );
        assert_eq!(
            e,
            [
                r#"containers[1].resources.requests[nvidia.com/gpu]: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2"#
            ]
        );
        let e = with_resources(json!({"limits": {"nvidia.com/gpu": "500m"}}));
        assert_eq!(
            e,
            [
                r#"containers[1].resources.limits[nvidia.com/gpu]: Invalid value: "500m": must be an integer"#
            ]
        );
        let e = with_resources(json!({"requests": {"nvidia.com/gpu": "1"}}));
        assert_eq!(
            e,
            [
                r#"containers[1].resources.requests[nvidia.com/gpu]: Invalid value: "1": Limit must be set for non overcommitable resources"#
            ]
        );
    }

    #[test]
    fn negative_and_unparsable_quantities() {
        // Reading finds the quantity that does not parse; the rules find the rest.
        let e = with_resources(json!({"requests": {"memory": "-1Gi", "cpu": "1ki"}}));
        assert_eq!(
            e,
            [
                r#"containers[1].resources.requests.cpu: invalid quantity "1ki": unable to parse quantity's suffix (at bytes 1..3: "ki")"#,
                r#"containers[1].resources.requests.memory: Invalid value: "-1Gi": must be greater than or equal to 0"#,
            ]
        );
        // `check` alone passes over it, so that it is not reported twice.
        let spec =
            json!({"containers": [{"name": "main", "resources": {"requests": {"cpu": "1ki"}}}]});
        let checked = crate::check(&spec, Some("main"), crate::KubernetesVersion::V1_33);
        assert!(checked.errors.is_empty(), "{checked:?}");
    }

    #[test]
    fn resource_names_are_checked_at_the_key() {
        let e = with_resources(json!({"limits": {"gpu": "1"}}));
        assert_eq!(
            e,
            [
                r#"containers[1].resources.limits.gpu: invalid resource name "gpu": must be a standard resource for containers; did you mean `cpu`?"#
            ]
        );
        let checked = crate::check::test_support::checked(
            json!({"containers": [{"name": "main", "resources": {"limits": {"gpu": "1"}}}]}),
            Some("main"),
        );
        assert!(checked.errors[0].on_key);
    }

    #[test]
    fn huge_pages_are_whole_pages_next_to_cpu_or_memory() {
        let e = with_resources(
            json!({"requests": {"hugepages-2Mi": "3Mi"}, "limits": {"hugepages-2Mi": "3Mi", "memory": "1Gi"}}),
        );
        assert_eq!(
            e,
            [
                r#"containers[1].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of 2Mi"#,
                r#"containers[1].resources.requests[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of 2Mi"#,
            ]
        );
        let e = with_resources(json!({"limits": {"hugepages-2Mi": "2Mi"}}));
        assert_eq!(
            e,
            [
                r#"containers[1].resources.limits[hugepages-2Mi]: Invalid value: "2Mi": HugePages require cpu or memory"#
            ]
        );
    }

    #[test]
    fn init_containers_are_checked_too() {
        let e = errors(
            json!({"containers": [{"name": "main"}], "initContainers": [{"name": "init", "image": "busybox", "resources": {"requests": {"memory": "2Gi"}, "limits": {"memory": "1Gi"}}}]}),
            Some("main"),
        );
        assert_eq!(
            e,
            [
                r#"initContainers[0].resources.requests.memory: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi"#
            ]
        );
    }

    #[test]
    fn numbers_are_quantities() {
        // YAML and JSON numbers are read as the quantity they print as.
        assert!(with_resources(json!({"requests": {"cpu": 0.5}, "limits": {"cpu": 1}})).is_empty());
        assert_eq!(
            with_resources(json!({"requests": {"cpu": 2}, "limits": {"cpu": 1.5}})),
            [
                r#"containers[1].resources.requests.cpu: Invalid value: "2": must be less than or equal to cpu limit of 1500m"#
            ]
        );
    }

    /// The fields the API server would name, for a spec checked as the server checks it.
    fn server_fields(spec: Value, version: crate::KubernetesVersion) -> Vec<String> {
        crate::check::run(
            &spec,
            crate::check::Mode::Server,
            version,
            crate::check::Quantities::PassOver,
        )
        .errors
        .iter()
        .map(crate::SpecError::field)
        .collect()
    }

    fn one(resources: Value) -> Value {
        json!({"containers": [{"name": "c", "image": "busybox", "resources": resources}]})
    }

    const V35: crate::KubernetesVersion = crate::KubernetesVersion::V1_35;

    #[test]
    fn the_server_names_lists_for_pairs_and_entries_for_values() {
        assert_eq!(
            server_fields(
                one(json!({"requests": {"cpu": "2"}, "limits": {"cpu": "1"}})),
                V35
            ),
            ["containers[0].resources.requests"]
        );
        assert_eq!(
            server_fields(one(json!({"requests": {"nvidia.com/gpu": "1"}})), V35),
            ["containers[0].resources.limits"]
        );
        assert_eq!(
            server_fields(one(json!({"limits": {"hugepages-2Mi": "2Mi"}})), V35),
            ["containers[0].resources"]
        );
        assert_eq!(
            server_fields(one(json!({"limits": {"CPU": "1", "cpu": "-1"}})), V35),
            [
                "containers[0].resources.limits[CPU]",
                "containers[0].resources.limits[cpu]"
            ]
        );
    }

    #[test]
    fn claims_name_the_pods_claims() {
        let spec = json!({
            "resourceClaims": [
                {"name": "gpu", "resourceClaimName": "gpus"},
                {"name": "Bad_Claim", "resourceClaimName": "x"},
                {"name": "none"}
            ],
            "containers": [{"name": "c", "image": "busybox", "resources": {"claims": [
                {"name": "gpu"}, {"name": "gpu"}, {"name": "other"}, {"name": "gpu", "request": "Big"},
                {"name": "Bad_Claim"}
            ]}}]
        });
        assert_eq!(
            server_fields(spec, V35),
            [
                "resourceClaims[1].name",
                "resourceClaims[2]",
                "containers[0].resources.claims[1]",
                "containers[0].resources.claims[2]",
                "containers[0].resources.claims[3].request",
            ]
        );
        let spec = json!({"containers": [{"name": "main", "resources": {"claims": [{"name": "gpu-claim"}]}}]});
        let task = |version| {
            crate::check::run(
                &spec,
                crate::check::Mode::Task {
                    primary: Some("main"),
                },
                version,
                crate::check::Quantities::PassOver,
            )
        };
        let checked = task(V35);
        let shown: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                r#"containers[0].resources.claims[0].name: Not found: "gpu-claim": must be one of the names in pod.spec.resourceClaims which is empty"#
            ]
        );
        // 1.33 drops claims (DynamicResourceAllocation is off): a warning in a task too.
        let checked = task(crate::KubernetesVersion::V1_33);
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        assert_eq!(
            checked.warnings[0].to_string(),
            "containers[0].resources.claims: dropped by the API server: the feature gate \
             DynamicResourceAllocation is off by default in Kubernetes 1.33"
        );
    }

    #[test]
    fn resize_policies() {
        let with = |policy: Value, restart: &str| {
            server_fields(
                json!({"restartPolicy": restart, "containers": [{"name": "c", "image": "busybox", "resizePolicy": policy}]}),
                V35,
            )
        };
        assert!(
            with(
                json!([{"resourceName": "cpu", "restartPolicy": "NotRequired"}, {"resourceName": "memory", "restartPolicy": "RestartContainer"}]),
                "Always"
            )
            .is_empty()
        );
        assert_eq!(
            with(
                json!([{"resourceName": "gpu", "restartPolicy": "notrequired"}, {"resourceName": "gpu", "restartPolicy": "NotRequired"}]),
                "Always"
            ),
            [
                "containers[0].resizePolicy",
                "containers[0].resizePolicy",
                "containers[0].resizePolicy[1]",
                "containers[0].resizePolicy"
            ]
        );
        assert_eq!(
            with(
                json!([{"resourceName": "memory", "restartPolicy": "RestartContainer"}]),
                "Never"
            ),
            ["containers[0].resizePolicy"]
        );
        // Init containers may have one too, sidecars or not.
        let spec = json!({"containers": [{"name": "c", "image": "busybox"}], "initContainers": [
            {"name": "i", "image": "busybox", "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "Sometimes"}]},
            {"name": "s", "image": "busybox", "restartPolicy": "Always", "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"}]}
        ]});
        assert_eq!(server_fields(spec, V35), ["initContainers[0].resizePolicy"]);
        let sidecar_only = json!({"containers": [{"name": "c", "image": "busybox"}], "initContainers": [
            {"name": "i", "image": "busybox", "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"}]}
        ]});
        assert!(server_fields(sidecar_only, V35).is_empty());
    }

    #[test]
    fn pod_level_resources_from_1_34() {
        let spec = json!({
            "resources": {"limits": {"memory": "8Gi"}},
            "containers": [
                {"name": "a", "image": "busybox", "resources": {"limits": {"memory": "16Gi"}}},
                {"name": "b", "image": "busybox", "resources": {"requests": {"memory": "128Mi"}}}
            ]
        });
        // Requests default to the containers' (16Gi + 128Mi), above the limit; container `a`
        // has a limit above the pod's.
        assert_eq!(
            server_fields(spec.clone(), V35),
            [
                "resources.requests",
                "resources.containers[0][memory].limits"
            ]
        );
        // In 1.33 the server drops the field.
        assert!(server_fields(spec, crate::KubernetesVersion::V1_33).is_empty());
        let ok = json!({
            "resources": {"limits": {"hugepages-2Mi": "1Gi", "memory": "2Gi"}},
            "containers": [{"name": "a", "image": "busybox"}]
        });
        assert!(server_fields(ok, V35).is_empty());
        let spec = json!({
            "resources": {"requests": {"cpu": "1"}, "limits": {"ephemeral-storage": "1Gi"}, "claims": [{"name": "x"}]},
            "containers": [
                {"name": "a", "image": "busybox", "resources": {"requests": {"cpu": "1"}}},
                {"name": "b", "image": "busybox", "resources": {"limits": {"cpu": "500m"}}}
            ]
        });
        assert_eq!(
            server_fields(spec, V35),
            [
                "resources.claims",
                "resources.limits[ephemeral-storage]",
                "resources.requests[cpu]"
            ]
        );
        // Sidecars run with the regular containers; an init container with those before it.
        let spec = json!({
            "resources": {"requests": {"cpu": "2500m"}, "limits": {"hugepages-2Mi": "4Mi", "memory": "1Gi"}},
            "initContainers": [
                {"name": "s", "image": "busybox", "restartPolicy": "Always", "resources": {"requests": {"cpu": "1"}, "limits": {"hugepages-2Mi": "2Mi", "memory": "100Mi"}}},
                {"name": "i", "image": "busybox", "resources": {"requests": {"cpu": "2"}}}
            ],
            "containers": [
                {"name": "a", "image": "busybox", "resources": {"requests": {"cpu": "1"}, "limits": {"hugepages-2Mi": "4Mi", "memory": "100Mi"}}}
            ]
        });
        // cpu: max(1 + 1, 2 + 1) = 3 > 2500m; huge pages: 4Mi + 2Mi > 4Mi.
        assert_eq!(
            server_fields(spec, V35),
            ["resources.requests[cpu]", "resources.limits[hugepages-2Mi]"]
        );
        let windows = json!({
            "os": {"name": "windows"},
            "resources": {"limits": {"cpu": "1"}},
            "containers": [{"name": "a", "image": "busybox"}]
        });
        assert_eq!(server_fields(windows, V35), ["resources"]);
    }
}
