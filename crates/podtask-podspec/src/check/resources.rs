//! A container's `resources` (`ValidateContainerResourceRequirements`): every quantity parses
//! as Kubernetes parses it, and the requests and limits follow the rulebook's
//! [`validate_k8s`](podtask_rules::resource::validate_k8s()).

use std::borrow::Cow;

use podtask_rules::Quantity;
use podtask_rules::resource::{K8sResourceName, Side, validate_k8s};
use serde_json::Value;

use super::{Cx, Kind, Quantities, invalid, members};
use crate::JsonPath;
use crate::SpecError;
use crate::read::quantity_text;

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    for c in &cx.containers {
        // Kubernetes refuses resources on ephemeral containers; they are refused as a whole.
        if c.kind != Kind::Ephemeral
            && let Some(r) = c.resources
        {
            requirements(
                &c.path.clone().key("resources"),
                r,
                cx.quantities,
                &mut cx.errors,
            );
        }
    }
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

/// Checks `requests` and `limits` under `base` (a container's `resources`).
pub(super) fn requirements(
    base: &JsonPath,
    resources: &Value,
    quantities: Quantities,
    errors: &mut Vec<SpecError>,
) {
    let requests_path = base.clone().key("requests");
    let limits_path = base.clone().key("limits");
    let requests = parse_list(resources, "requests", &requests_path, quantities, errors);
    let limits = parse_list(resources, "limits", &limits_path, quantities, errors);
    for issue in validate_k8s(&requests.entries, &limits.entries) {
        let (list, path) = match issue.side {
            Side::Request => (&requests, &requests_path),
            Side::Limit => (&limits, &limits_path),
        };
        let Some(&(name, _)) = list.entries.get(issue.index) else {
            continue;
        };
        let path = path.clone().key(name);
        if K8sResourceName::parse(name).is_err() {
            // The name broke the rule: the message already names it.
            errors.push(SpecError::on_key(path, issue.message));
        } else {
            errors.push(SpecError::new(
                path,
                invalid(&list.texts[issue.index], &issue.message),
            ));
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
}
