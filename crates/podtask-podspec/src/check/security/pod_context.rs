//! The pod's security context (`validatePodSpecSecurityContext`).
//!
//! Kubernetes keeps `hostNetwork`, `hostPID`, `hostIPC`, `shareProcessNamespace` and `hostUsers`
//! in the pod's security context internally, so these rules read them from the spec even when
//! `securityContext` is left out, and the server names `spec.securityContext.shareProcessNamespace`
//! for a field written at `spec.shareProcessNamespace`.

use podtask_rules::security::{self, SysctlNamespace};
use serde_json::Value;

use super::{id, invalid_raw, is_true, object, profiles};
use crate::check::{REQUIRED, duplicate, invalid, list, not_supported, set, string};
use crate::{JsonPath, KubernetesVersion, SpecError};

/// `fsGroupChangePolicy` values, as Kubernetes lists them.
const FS_GROUP_CHANGE_POLICIES: [&str; 2] = ["Always", "OnRootMismatch"];
/// `supplementalGroupsPolicy` values, as Kubernetes lists them.
const SUPPLEMENTAL_GROUPS_POLICIES: [&str; 2] = ["Merge", "Strict"];
/// `seLinuxChangePolicy` values while the `SELinuxMount` feature gate is off.
const RECURSIVE_ONLY: [&str; 1] = ["Recursive"];
/// `seLinuxChangePolicy` values with the `SELinuxMount` feature gate on.
const SE_LINUX_CHANGE_POLICIES: [&str; 2] = ["MountOption", "Recursive"];

/// The rules of the pod's security context.
pub(super) fn check(spec: &Value, version: KubernetesVersion, errors: &mut Vec<SpecError>) {
    let path = JsonPath::root().key("securityContext");
    if is_true(spec, "shareProcessNamespace") && is_true(spec, "hostPID") {
        errors.push(
            SpecError::new(
                JsonPath::root().key("shareProcessNamespace"),
                invalid_raw(
                    true,
                    "ShareProcessNamespace and HostPID cannot both be enabled",
                ),
            )
            .reported_at("securityContext.shareProcessNamespace"),
        );
    }
    let Some(sc) = object(spec, "securityContext") else {
        return;
    };
    id(sc, "fsGroup", &path, errors);
    id(sc, "runAsUser", &path, errors);
    id(sc, "runAsGroup", &path, errors);
    for (i, gid) in list(sc, "supplementalGroups").iter().enumerate() {
        if let Some(n) = gid.as_number()
            && (n.is_i64() || n.is_u64())
            && !n.as_i64().is_some_and(security::is_valid_id)
        {
            errors.push(SpecError::new(
                path.clone().key("supplementalGroups").index(i),
                invalid_raw(n, security::ID_RANGE_MSG),
            ));
        }
    }
    if !list(sc, "sysctls").is_empty() {
        sysctls(spec, sc, &path.clone().key("sysctls"), errors);
    }
    if let Some(policy) = string(sc, "fsGroupChangePolicy")
        && !FS_GROUP_CHANGE_POLICIES.contains(&policy)
    {
        errors.push(SpecError::new(
            path.clone().key("fsGroupChangePolicy"),
            not_supported(policy, &FS_GROUP_CHANGE_POLICIES),
        ));
    }
    profiles::check(sc, &path, errors);
    if let Some(policy) = string(sc, "supplementalGroupsPolicy")
        && !SUPPLEMENTAL_GROUPS_POLICIES.contains(&policy)
    {
        errors.push(SpecError::new(
            path.clone().key("supplementalGroupsPolicy"),
            not_supported(policy, &SUPPLEMENTAL_GROUPS_POLICIES),
        ));
    }
    if let Some(policy) = string(sc, "seLinuxChangePolicy") {
        let allowed: &[&str] = if se_linux_mount(version) {
            &SE_LINUX_CHANGE_POLICIES
        } else {
            &RECURSIVE_ONLY
        };
        if !allowed.contains(&policy) {
            errors.push(SpecError::new(
                path.key("seLinuxChangePolicy"),
                not_supported(policy, allowed),
            ));
        }
    }
}

/// Whether the `SELinuxMount` feature gate is on by default: alpha in 1.30, beta and off from
/// 1.33 (still off in 1.35; taken as off in 1.36 and 1.37 too). Without it, a new pod may only
/// ask for the `Recursive` relabelling policy (`AllowOnlyRecursiveSELinuxChangePolicy`).
fn se_linux_mount(version: KubernetesVersion) -> bool {
    match version {
        KubernetesVersion::V1_33
        | KubernetesVersion::V1_34
        | KubernetesVersion::V1_35
        | KubernetesVersion::V1_36
        | KubernetesVersion::V1_37 => false,
    }
}

/// Sysctls (`validateSysctls`): each named, by a valid and unique name; a sysctl of the network
/// namespace is refused with `hostNetwork`, one of the IPC namespace with `hostIPC`
/// (`ValidateHostSysctl`). Values are not checked.
fn sysctls(spec: &Value, sc: &Value, path: &JsonPath, errors: &mut Vec<SpecError>) {
    let mut names = crate::check::Seen::default();
    let host_network = is_true(spec, "hostNetwork");
    let host_ipc = is_true(spec, "hostIPC");
    for (i, sysctl) in list(sc, "sysctls").iter().enumerate() {
        let name_path = path.clone().index(i).key("name");
        let name = string(sysctl, "name").unwrap_or_default();
        if name.is_empty() {
            errors.push(SpecError::new(name_path.clone(), REQUIRED));
        } else if !security::sysctl_name(name) {
            errors.push(SpecError::new(
                name_path.clone(),
                invalid(name, security::SYSCTL_NAME_MSG),
            ));
        } else if names.contains(name) {
            errors.push(SpecError::new(name_path.clone(), duplicate(name)));
        }
        let namespace = security::sysctl_namespace(name);
        if host_network && namespace == SysctlNamespace::Net {
            errors.push(SpecError::new(
                name_path,
                invalid(name, "may not be specified when 'hostNetwork' is true"),
            ));
        } else if host_ipc && namespace == SysctlNamespace::Ipc {
            errors.push(SpecError::new(
                name_path,
                invalid(name, "may not be specified when 'hostIPC' is true"),
            ));
        }
        names.insert(name);
    }
}

/// Whether the spec sets the member `key` of its security context to anything but `null`.
pub(super) fn has(spec: &Value, key: &str) -> bool {
    object(spec, "securityContext").is_some_and(|sc| set(sc, key).is_some())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::tests::{fields, shown, with_context};

    const P: &str = "spec.securityContext";

    fn pod(sc: Value) -> Value {
        json!({"securityContext": sc, "containers": [with_context(json!({}))]})
    }

    #[test]
    fn ids_are_between_0_and_2_to_the_31() {
        assert_eq!(
            fields(pod(
                json!({"runAsUser": 2_147_483_647_i64, "runAsGroup": 0, "fsGroup": 1})
            )),
            Vec::<String>::new()
        );
        assert_eq!(
            fields(pod(json!({
                "runAsUser": -1, "runAsGroup": 2_147_483_648_i64, "fsGroup": 4_294_967_295_u64,
                "supplementalGroups": [1, 4_294_967_296_u64, -100]
            }))),
            [
                format!("{P}.fsGroup"),
                format!("{P}.runAsUser"),
                format!("{P}.runAsGroup"),
                format!("{P}.supplementalGroups[1]"),
                format!("{P}.supplementalGroups[2]"),
            ]
        );
        assert_eq!(
            shown(pod(json!({"fsGroup": -100}))),
            [format!(
                "{P}.fsGroup: Invalid value: -100: must be between 0 and 2147483647, inclusive"
            )]
        );
    }

    #[test]
    fn share_process_namespace_with_host_pid() {
        let mut spec = pod(json!({}));
        spec["shareProcessNamespace"] = json!(true);
        assert_eq!(fields(spec.clone()), Vec::<String>::new());
        spec["hostPID"] = json!(true);
        assert_eq!(fields(spec), [format!("{P}.shareProcessNamespace")]);
    }

    #[test]
    fn sysctl_names() {
        let with = |name: &str| pod(json!({"sysctls": [{"name": name, "value": "1"}]}));
        for ok in [
            "net/core/somaxconn",
            "1net.core",
            "net.ipv4.conf.eth0/1.forwarding",
        ] {
            assert_eq!(fields(with(ok)), Vec::<String>::new(), "{ok}");
        }
        for bad in [
            "Net.Core.somaxconn",
            "net..core",
            ".net.core",
            "net core",
            "",
        ] {
            assert_eq!(fields(with(bad)), [format!("{P}.sysctls[0].name")], "{bad}");
        }
        assert_eq!(
            shown(with("net..core")),
            [format!(
                r#"{P}.sysctls[0].name: Invalid value: "net..core": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"#
            )]
        );
        assert_eq!(
            fields(pod(
                json!({"sysctls": [{"name": "a.b", "value": "1"}, {"name": "a.b", "value": "2"}]})
            )),
            [format!("{P}.sysctls[1].name")]
        );
    }

    #[test]
    fn namespaced_sysctls_with_host_namespaces() {
        let mut spec = pod(json!({"sysctls": [
            {"name": "kernel.shm_rmid_forced", "value": "1"},
            {"name": "net.core.somaxconn", "value": "1"},
            {"name": "kernel.pid_max", "value": "1"}
        ]}));
        assert_eq!(fields(spec.clone()), Vec::<String>::new());
        spec["hostIPC"] = json!(true);
        assert_eq!(fields(spec.clone()), [format!("{P}.sysctls[0].name")]);
        spec["hostIPC"] = json!(false);
        spec["hostNetwork"] = json!(true);
        assert_eq!(fields(spec), [format!("{P}.sysctls[1].name")]);
    }

    #[test]
    fn policies() {
        assert_eq!(
            fields(pod(json!({
                "fsGroupChangePolicy": "Always", "supplementalGroupsPolicy": "Strict",
                "seLinuxChangePolicy": "Recursive"
            }))),
            Vec::<String>::new()
        );
        assert_eq!(
            fields(pod(json!({
                "fsGroupChangePolicy": "onrootmismatch", "supplementalGroupsPolicy": "strict",
                "seLinuxChangePolicy": "MountOption"
            }))),
            [
                format!("{P}.fsGroupChangePolicy"),
                format!("{P}.supplementalGroupsPolicy"),
                format!("{P}.seLinuxChangePolicy"),
            ]
        );
        assert_eq!(
            shown(pod(json!({"seLinuxChangePolicy": "recursive"}))),
            [format!(
                r#"{P}.seLinuxChangePolicy: Unsupported value: "recursive": supported values: "Recursive""#
            )]
        );
    }
}
