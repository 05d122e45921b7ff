//! Security settings of the pod and of its containers, as Kubernetes validates them on create:
//!
//! - [`pod_context`]: the pod's `securityContext` (`validatePodSpecSecurityContext`): user and
//!   group IDs, `shareProcessNamespace` with `hostPID`, sysctls, `fsGroupChangePolicy`,
//!   `supplementalGroupsPolicy`, `seLinuxChangePolicy`;
//! - [`container`]: each container's `securityContext` (`ValidateSecurityContext`): user and
//!   group IDs, `procMount`, `allowPrivilegeEscalation` against `privileged` and
//!   `CAP_SYS_ADMIN`;
//! - [`profiles`]: what both levels share: seccomp and AppArmor profiles, Windows options;
//! - [`host`]: rules across the pod: user namespaces (`hostUsers`), Windows host-process pods,
//!   and what a pod of `spec.os` `linux` or `windows` may not set;
//! - [`node`]: what the server accepts but the node refuses (errors for a task's pod, warnings
//!   for `validate_pod`);
//! - [`annotations`]: the deprecated seccomp and AppArmor annotations against the fields
//!   ([`pod_annotations`], which needs the Pod's `metadata` and so is not part of [`check`]).
//!
//! Container and pod paths are relative to the spec; where the server names another field
//! than the value's own path, the error says so with
//! [`reported_at`](crate::SpecError::reported_at).

mod annotations;
mod container;
mod host;
mod node;
mod pod_context;
mod profiles;

#[allow(
    unused_imports,
    reason = "for validate_pod, which sees the Pod's metadata"
)]
pub(crate) use annotations::pod_annotations;
use serde_json::Value;

use super::{Cx, set};
use crate::{JsonPath, SpecError};

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    pod_context::check(cx.spec, cx.version, &mut cx.errors);
    container::check(cx.spec, &cx.containers, &mut cx.errors);
    host::user_namespaces(cx.spec, &cx.containers, cx.version, &mut cx.errors);
    host::windows_host_process(cx.spec, &cx.containers, &mut cx.errors);
    host::operating_system(cx.spec, &cx.containers, &mut cx.errors);
    node::check(cx);
}

/// The object under `key` of an object, unless it is left out, `null` or not an object.
fn object<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    set(value, key).filter(|v| v.is_object())
}

/// Whether the member `key` of an object is `true`.
fn is_true(value: &Value, key: &str) -> bool {
    value.get(key) == Some(&Value::Bool(true))
}

/// Whether the member `key` of an object is `false`.
fn is_false(value: &Value, key: &str) -> bool {
    value.get(key) == Some(&Value::Bool(false))
}

/// `Invalid value: <value>: <detail>` for a value that Kubernetes prints without quotes (a
/// number, a boolean, an object).
fn invalid_raw(value: impl std::fmt::Display, detail: &str) -> String {
    format!("Invalid value: {value}: {detail}")
}

/// Kubernetes' `field.Forbidden` text.
fn forbidden(detail: &str) -> String {
    format!("Forbidden: {detail}")
}

/// A user or group ID under `key` of an object that is out of range (`IsValidUserID`,
/// `IsValidGroupID`): an error at `path.key`. A number that is not an integer is left to
/// reading.
fn id(object: &Value, key: &str, path: &JsonPath, errors: &mut Vec<SpecError>) {
    let Some(n) = object.get(key).and_then(Value::as_number) else {
        return;
    };
    let in_range = n.as_i64().is_some_and(podtask_rules::security::is_valid_id);
    if !in_range && (n.is_i64() || n.is_u64()) {
        errors.push(SpecError::new(
            path.clone().key(key),
            invalid_raw(n, podtask_rules::security::ID_RANGE_MSG),
        ));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::{KubernetesVersion, validate_pod};

    /// The fields of the errors `validate_pod` finds in a Pod with this spec, for `version`.
    pub(super) fn fields_in(spec: Value, version: KubernetesVersion) -> Vec<String> {
        let pod =
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec});
        match validate_pod(&pod, version) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
        }
    }

    /// The fields of the errors `validate_pod` finds in a Pod with this spec, for 1.35.
    pub(super) fn fields(spec: Value) -> Vec<String> {
        fields_in(spec, KubernetesVersion::V1_35)
    }

    /// The errors `validate_pod` finds in a Pod with this spec, for 1.35, as printed.
    pub(super) fn shown(spec: Value) -> Vec<String> {
        let pod =
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec});
        match validate_pod(&pod, KubernetesVersion::V1_35) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    /// A container with this security context.
    pub(super) fn with_context(sc: Value) -> Value {
        json!({"name": "main", "image": "busybox:1.36", "securityContext": sc})
    }

    #[test]
    fn a_secure_pod_is_accepted() {
        let spec = json!({
            "securityContext": {
                "runAsUser": 1000, "runAsGroup": 1000, "runAsNonRoot": true, "fsGroup": 2000,
                "fsGroupChangePolicy": "OnRootMismatch", "supplementalGroups": [3000],
                "seccompProfile": {"type": "RuntimeDefault"},
                "sysctls": [{"name": "net.ipv4.ip_local_port_range", "value": "1024 65535"}]
            },
            "containers": [with_context(json!({
                "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "runAsUser": 1001,
                "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]},
                "seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/eval.json"}
            }))]
        });
        assert_eq!(fields(spec), Vec::<String>::new());
    }
}
