//! Settings Kubernetes accepts but the baseline Pod Security Standard refuses: host namespaces,
//! privileged containers, privilege escalation.

use serde_json::Value;

use super::{ContainerRef, Cx};
use crate::{JsonPath, SpecWarning};

/// The warnings of this module, as [`run`](super::run) finds them.
pub(super) fn check(cx: &mut Cx<'_>) {
    host_namespaces(cx.spec, &mut cx.warnings);
    security_contexts(&cx.containers, &mut cx.warnings);
}

/// `hostNetwork`, `hostPID` and `hostIPC` set to true.
pub(super) fn host_namespaces(spec: &Value, warnings: &mut Vec<SpecWarning>) {
    for (field, what) in [
        ("hostNetwork", "the node's network"),
        ("hostPID", "the node's process IDs"),
        ("hostIPC", "the node's inter-process communication"),
    ] {
        if is_true(spec, field) {
            warnings.push(SpecWarning::new(
                JsonPath::root().key(field),
                format!("the pod shares {what}; clusters that enforce the baseline Pod Security Standard refuse it"),
            ));
        }
    }
}

/// `securityContext.privileged` and `securityContext.allowPrivilegeEscalation` set to true.
pub(super) fn security_contexts(all: &[ContainerRef<'_>], warnings: &mut Vec<SpecWarning>) {
    for c in all {
        let Some(sc) = c.security_context else {
            continue;
        };
        let path = c.path.clone().key("securityContext");
        if is_true(sc, "privileged") {
            warnings.push(SpecWarning::new(
                path.clone().key("privileged"),
                "a privileged container has every capability of the node's root user; clusters that enforce the baseline Pod Security Standard refuse it",
            ));
        }
        if is_true(sc, "allowPrivilegeEscalation") {
            warnings.push(SpecWarning::new(
                path.key("allowPrivilegeEscalation"),
                "lets a process gain more privileges than its parent (setuid binaries); clusters that enforce the restricted Pod Security Standard refuse it",
            ));
        }
    }
}

/// Whether the member `key` of an object is `true`.
fn is_true(object: &Value, key: &str) -> bool {
    object.get(key) == Some(&Value::Bool(true))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::check::test_support::warnings;

    #[test]
    fn host_namespaces_and_privileges() {
        let w = warnings(
            json!({
                "hostNetwork": true, "hostPID": false, "hostIPC": true,
                "containers": [
                    {"name": "main", "securityContext": {"privileged": true}},
                    {"name": "side", "image": "busybox", "securityContext": {"allowPrivilegeEscalation": true, "privileged": false}}
                ]
            }),
            Some("main"),
        );
        let paths: Vec<&str> = w
            .iter()
            .map(|w| w.split(':').next().unwrap_or_default())
            .collect();
        assert_eq!(
            paths,
            [
                "hostNetwork",
                "hostIPC",
                "containers[0].securityContext.privileged",
                "containers[1].securityContext.allowPrivilegeEscalation",
            ]
        );
    }

    #[test]
    fn a_plain_spec_has_no_warnings() {
        let w = warnings(
            json!({"containers": [{"name": "main", "securityContext": {"runAsNonRoot": true}}]}),
            Some("main"),
        );
        assert!(w.is_empty(), "{w:?}");
    }
}
