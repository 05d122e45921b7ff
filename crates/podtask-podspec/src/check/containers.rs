//! Container names, images, pull policies and termination message policies
//! (`validateContainers`, `validateInitContainers`, `validateContainerCommon`,
//! `validateContainersOnlyForPod`, `validatePullPolicy`, `ValidatePodCreate`).

use podtask_rules::image::ImageReference;
use podtask_rules::{Subject, names};
use serde_json::Value;

use super::{
    ContainerRef, Cx, Kind, Mode, REQUIRED, duplicate, invalid, list, name_rule, not_supported,
    string,
};
use crate::{JsonPath, SpecError, SpecWarning};

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    if cx.mode == Mode::Server {
        some_container(cx.spec, &mut cx.errors);
    }
    names(&cx.containers, &mut cx.errors);
    images(cx);
    pull_policies(&cx.containers, &mut cx.errors);
    termination_message_policies(&cx.containers, &mut cx.errors);
    ephemeral_forbidden(cx.spec, &mut cx.errors);
}

/// A pod has a container (`validateContainers`): `containers` left out, `null` or empty is
/// refused, and so is a pod without a spec. (A task's spec may leave them out: the primary
/// container is added.)
fn some_container(spec: &Value, errors: &mut Vec<SpecError>) {
    if list(spec, "containers").is_empty() {
        errors.push(SpecError::new(JsonPath::root().key("containers"), REQUIRED));
    }
}

/// Every container name is a DNS-1123 label, and no two containers of any kind share one.
pub(super) fn names(all: &[ContainerRef<'_>], errors: &mut Vec<SpecError>) {
    let mut seen = crate::check::Seen::default();
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

/// Kubernetes requires an image for every container (`validateContainerCommon`,
/// `validateContainersOnlyForPod`), without white space at either end. In a task's spec the
/// primary container is the exception: it runs the task, so it gets the task's image. A
/// reference the container runtime cannot parse is accepted by the server and fails the pod on
/// the node (`InvalidImageName`): an error in a task's spec, a warning for the server.
fn images(cx: &mut Cx<'_>) {
    let primary = cx.mode.primary();
    for c in &cx.containers {
        let path = c.path.clone().key("image");
        match c.image {
            Some(image) if !image.is_empty() => {
                if let Some(e) = padded_image(c, image) {
                    cx.errors.push(e);
                } else if let Err(e) = ImageReference::parse(image) {
                    if cx.mode == Mode::Server {
                        cx.warnings.push(SpecWarning::new(
                            path,
                            format!(
                                "{e}; the API server accepts it, but the container runtime cannot pull it and the pod fails with InvalidImageName"
                            ),
                        ));
                    } else {
                        cx.errors.push(SpecError::from_rule(path, e));
                    }
                }
            }
            _ if cx.mode == Mode::Server => cx.errors.push(SpecError::new(path, REQUIRED)),
            _ => {
                let is_primary = c.kind == Kind::Regular && primary == Some(c.name);
                if !is_primary {
                    cx.errors
                        .push(SpecError::new(path, missing_image(c, primary)));
                }
            }
        }
    }
}

/// An image with white space at either end (as Go's `strings.TrimSpace` sees it), which the API
/// server refuses in the containers and init containers of a pod.
fn padded_image(c: &ContainerRef<'_>, image: &str) -> Option<SpecError> {
    (c.kind != Kind::Ephemeral && image.trim().len() != image.len()).then(|| {
        SpecError::new(
            c.path.clone().key("image"),
            invalid(image, "must not have leading or trailing whitespace"),
        )
    })
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

/// `imagePullPolicy` is one of Kubernetes' three. An empty one is left out: the server sets the
/// default (`Always` for `:latest` or no tag, else `IfNotPresent`) before it validates.
pub(super) fn pull_policies(all: &[ContainerRef<'_>], errors: &mut Vec<SpecError>) {
    const SUPPORTED: [&str; 3] = ["Always", "IfNotPresent", "Never"];
    for c in all {
        if let Some(policy) = c.image_pull_policy
            && !policy.is_empty()
            && !SUPPORTED.contains(&policy)
        {
            errors.push(SpecError::new(
                c.path.clone().key("imagePullPolicy"),
                not_supported(policy, &SUPPORTED),
            ));
        }
    }
}

/// `terminationMessagePolicy` is `File` or `FallbackToLogsOnError` (`validateContainers`,
/// `validateInitContainers`). An empty one is left out: the server sets `File` before it
/// validates.
fn termination_message_policies(all: &[ContainerRef<'_>], errors: &mut Vec<SpecError>) {
    const SUPPORTED: [&str; 2] = ["File", "FallbackToLogsOnError"];
    for c in all {
        if let Some(policy) = string(c.value, "terminationMessagePolicy")
            && !policy.is_empty()
            && !SUPPORTED.contains(&policy)
        {
            errors.push(SpecError::new(
                c.path.clone().key("terminationMessagePolicy"),
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
    fn images_have_no_white_space_at_either_end() {
        for image in [" ", " busybox", "busybox\n", "\tbusybox", "busybox\u{a0}"] {
            let e = errors(
                json!({"containers": [{"name": "main"}, {"name": "s", "image": image}]}),
                Some("main"),
            );
            assert_eq!(
                e,
                [format!(
                    "containers[1].image: Invalid value: {image:?}: must not have leading or trailing whitespace"
                )]
            );
        }
    }

    #[test]
    fn the_server_warns_of_images_the_runtime_cannot_parse() {
        use crate::check::{Mode, Quantities, run};
        let spec = json!({
            "containers": [{"name": "a", "image": "BusyBox:Latest"}, {"name": "b", "image": " x"}],
            "initContainers": [{"name": "c"}]
        });
        let checked = run(
            &spec,
            Mode::Server,
            crate::KubernetesVersion::V1_35,
            Quantities::PassOver,
        );
        let errors: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                r#"containers[1].image: Invalid value: " x": must not have leading or trailing whitespace"#,
                "initContainers[0].image: Required value",
            ]
        );
        let warnings: Vec<String> = checked.warnings.iter().map(ToString::to_string).collect();
        assert!(
            warnings.iter().any(|w| w
                .starts_with(r#"containers[0].image: invalid image reference "BusyBox:Latest""#)
                && w.ends_with("InvalidImageName")),
            "{warnings:#?}"
        );
    }

    #[test]
    fn the_server_requires_a_container() {
        use crate::check::{Mode, Quantities, run};
        for spec in [
            json!(null),
            json!({}),
            json!({"containers": null}),
            json!({"containers": []}),
        ] {
            let checked = run(
                &spec,
                Mode::Server,
                crate::KubernetesVersion::V1_35,
                Quantities::PassOver,
            );
            let errors: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
            assert_eq!(errors, ["containers: Required value"], "{spec}");
        }
        // A task's spec gets its primary container.
        assert!(errors(json!({}), Some("main")).is_empty());
    }

    #[test]
    fn empty_policies_are_defaulted() {
        let e = errors(
            json!({"containers": [{"name": "main", "imagePullPolicy": "", "terminationMessagePolicy": ""}]}),
            Some("main"),
        );
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn termination_message_policy_is_an_enum() {
        for ok in ["File", "FallbackToLogsOnError"] {
            let e = errors(
                json!({"containers": [{"name": "main", "terminationMessagePolicy": ok}]}),
                Some("main"),
            );
            assert!(e.is_empty(), "{e:?}");
        }
        let e = errors(
            json!({"containers": [{"name": "main", "terminationMessagePolicy": "file"}]}),
            Some("main"),
        );
        assert_eq!(
            e,
            [
                r#"containers[0].terminationMessagePolicy: Unsupported value: "file": supported values: "File", "FallbackToLogsOnError""#
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
