//! Container names, images and pull policies (`validateContainers`, `validateInitContainers`,
//! `validateContainerCommon`, `validatePullPolicy`, `ValidatePodCreate`).

use std::collections::BTreeSet;

use podtask_rules::image::ImageReference;
use podtask_rules::{Subject, names};
use serde_json::Value;

use super::{ContainerRef, Cx, Kind, REQUIRED, duplicate, list, name_rule, not_supported};
use crate::{JsonPath, SpecError};

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    names(&cx.containers, &mut cx.errors);
    images(&cx.containers, cx.mode.primary(), &mut cx.errors);
    pull_policies(&cx.containers, &mut cx.errors);
    ephemeral_forbidden(cx.spec, &mut cx.errors);
}

/// Every container name is a DNS-1123 label, and no two containers of any kind share one.
pub(super) fn names(all: &[ContainerRef<'_>], errors: &mut Vec<SpecError>) {
    let mut seen = BTreeSet::new();
    for c in all {
        let path = c.path.clone().key("name");
        if c.name.is_empty() {
            errors.push(SpecError::new(path, REQUIRED));
            continue;
        }
        if let Some(e) = name_rule(
            path.clone(),
            Subject::Dns1123Label,
            c.name,
            names::dns1123_label,
        ) {
            errors.push(e);
        }
        if !seen.insert(c.name) {
            errors.push(SpecError::new(path, duplicate(c.name)));
        }
    }
}

/// Kubernetes requires an image for every container. The primary container is the exception:
/// it runs the task, so it gets the task's image. An image that is given must be a valid
/// reference.
pub(super) fn images(all: &[ContainerRef<'_>], primary: Option<&str>, errors: &mut Vec<SpecError>) {
    for c in all {
        let path = c.path.clone().key("image");
        match c.image {
            Some(image) if !image.is_empty() => {
                if let Err(e) = ImageReference::parse(image) {
                    errors.push(SpecError::from_rule(path, e));
                }
            }
            _ => {
                let is_primary = c.kind == Kind::Regular && primary == Some(c.name);
                if !is_primary {
                    errors.push(SpecError::new(path, missing_image(c, primary)));
                }
            }
        }
    }
}

fn missing_image(c: &ContainerRef<'_>, primary: Option<&str>) -> String {
    match (c.kind, primary) {
        (Kind::Regular, Some(p)) => format!(
            "{REQUIRED}: only the primary container ({p:?}) gets the task's image; container {:?} needs its own",
            c.name
        ),
        (Kind::Regular, None) => format!(
            "{REQUIRED}: container {:?} needs an image, or must be named as the primary container to get the task's image",
            c.name
        ),
        _ => REQUIRED.to_owned(),
    }
}

/// `imagePullPolicy` is one of Kubernetes' three.
pub(super) fn pull_policies(all: &[ContainerRef<'_>], errors: &mut Vec<SpecError>) {
    const SUPPORTED: [&str; 3] = ["Always", "IfNotPresent", "Never"];
    for c in all {
        if let Some(policy) = c.image_pull_policy
            && !SUPPORTED.contains(&policy)
        {
            errors.push(SpecError::new(
                c.path.clone().key("imagePullPolicy"),
                not_supported(policy, &SUPPORTED),
            ));
        }
    }
}

/// Ephemeral containers are added to running pods through their own subresource; a pod cannot
/// be created with them.
pub(super) fn ephemeral_forbidden(spec: &Value, errors: &mut Vec<SpecError>) {
    if !list(spec, "ephemeralContainers").is_empty() {
        errors.push(SpecError::new(
            JsonPath::root().key("ephemeralContainers"),
            "Forbidden: cannot be set on create",
        ));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::check::test_support::errors;

    #[test]
    fn names_are_labels_and_unique_across_kinds() {
        let e = errors(
            json!({
                "containers": [
                    {"name": "main"},
                    {"name": "Side_car", "image": "busybox"},
                    {"name": "main", "image": "busybox"}
                ],
                "initContainers": [{"name": "main", "image": "busybox"}, {"name": "a.b", "image": "busybox"}]
            }),
            Some("main"),
        );
        assert_eq!(e.len(), 4, "{e:#?}");
        assert!(e[0].starts_with(r#"containers[1].name: invalid DNS-1123 label "Side_car": a lowercase RFC 1123 label"#), "{}", e[0]);
        assert_eq!(e[1], r#"containers[2].name: Duplicate value: "main""#);
        assert_eq!(e[2], r#"initContainers[0].name: Duplicate value: "main""#);
        assert_eq!(
            e[3],
            r#"initContainers[1].name: invalid DNS-1123 label "a.b": must not contain dots (at byte 1: ".")"#
        );
    }

    #[test]
    fn empty_name_is_required() {
        let e = errors(
            json!({"containers": [{"name": "", "image": "busybox"}]}),
            None,
        );
        assert_eq!(e, ["containers[0].name: Required value"]);
    }

    #[test]
    fn only_the_primary_goes_without_image() {
        let e = errors(
            json!({"containers": [{"name": "main"}, {"name": "sidecar"}]}),
            Some("main"),
        );
        assert_eq!(
            e,
            [
                r#"containers[1].image: Required value: only the primary container ("main") gets the task's image; container "sidecar" needs its own"#
            ]
        );
        let e = errors(json!({"containers": [{"name": "solo"}]}), None);
        assert_eq!(
            e,
            [
                r#"containers[0].image: Required value: container "solo" needs an image, or must be named as the primary container to get the task's image"#
            ]
        );
        // An init container is never the primary one.
        let e = errors(
            json!({"containers": [], "initContainers": [{"name": "main"}]}),
            Some("main"),
        );
        assert_eq!(e, ["initContainers[0].image: Required value"]);
    }

    #[test]
    fn images_are_references() {
        let e = errors(
            json!({"containers": [{"name": "main"}, {"name": "s", "image": "busybox:"}]}),
            Some("main"),
        );
        assert_eq!(
            e,
            [
                r#"containers[1].image: invalid image reference "busybox:": missing tag after ':' (at byte 7: ":")"#
            ]
        );
    }

    #[test]
    fn pull_policy_is_an_enum() {
        let e = errors(
            json!({"containers": [{"name": "main", "imagePullPolicy": "Sometimes"}]}),
            Some("main"),
        );
        assert_eq!(
            e,
            [
                r#"containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never""#
            ]
        );
    }

    #[test]
    fn ephemeral_containers_cannot_be_created() {
        let e = errors(
            json!({"containers": [{"name": "main"}], "ephemeralContainers": [{"name": "debug", "image": "busybox"}]}),
            Some("main"),
        );
        assert_eq!(
            e,
            ["ephemeralContainers: Forbidden: cannot be set on create"]
        );
    }
}
