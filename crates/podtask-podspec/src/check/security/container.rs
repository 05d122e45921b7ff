//! Each container's security context (`ValidateSecurityContext`), for containers of every kind.
//!
//! `privileged` is not refused: whether it is allowed is a setting of the API server
//! (`--allow-privileged`, on by default and in the clusters podtask targets); the baseline Pod
//! Security Standard refuses it, which is a warning of its own module. Capability names are not
//! checked either, as Kubernetes does not check them: only the exact name `CAP_SYS_ADMIN`
//! matters, against `allowPrivilegeEscalation: false`.

use serde_json::Value;

use super::{id, invalid_raw, is_false, is_true, object, profiles};
use crate::check::{ContainerRef, list, not_supported, string};
use crate::{JsonPath, SpecError};

/// `procMount` values, as Kubernetes lists them.
const PROC_MOUNT_TYPES: [&str; 2] = ["Default", "Unmasked"];

/// The rules of every container's security context. `hostUsers` is the pod's (true unless the
/// spec sets it to `false`).
pub(super) fn check(spec: &Value, all: &[ContainerRef<'_>], errors: &mut Vec<SpecError>) {
    let host_users = !super::is_false(spec, "hostUsers");
    for c in all {
        let Some(sc) = c.security_context.filter(|sc| sc.is_object()) else {
            continue;
        };
        let path = c.path.clone().key("securityContext");
        context(sc, &path, host_users, errors);
    }
}

/// One container's security context `sc` at `path`.
fn context(sc: &Value, path: &JsonPath, host_users: bool, errors: &mut Vec<SpecError>) {
    id(sc, "runAsUser", path, errors);
    id(sc, "runAsGroup", path, errors);
    if let Some(proc_mount) = string(sc, "procMount") {
        let proc_path = path.clone().key("procMount");
        if !PROC_MOUNT_TYPES.contains(&proc_mount) {
            errors.push(SpecError::new(
                proc_path.clone(),
                not_supported(proc_mount, &PROC_MOUNT_TYPES),
            ));
        }
        if host_users && proc_mount == "Unmasked" {
            errors.push(SpecError::new(
                proc_path,
                crate::check::invalid(proc_mount, "`hostUsers` must be false to use `Unmasked`"),
            ));
        }
    }
    if let Some(profile) = object(sc, "seccompProfile") {
        profiles::seccomp(profile, &path.clone().key("seccompProfile"), errors);
    }
    if is_false(sc, "allowPrivilegeEscalation") {
        if is_true(sc, "privileged") {
            errors.push(SpecError::new(
                path.clone(),
                invalid_raw(
                    sc,
                    "cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
                ),
            ));
        }
        let added = object(sc, "capabilities").map_or(&[][..], |caps| list(caps, "add"));
        for cap in added {
            if cap.as_str() == Some("CAP_SYS_ADMIN") {
                errors.push(SpecError::new(
                    path.clone(),
                    invalid_raw(
                        sc,
                        "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
                    ),
                ));
            }
        }
    }
    if let Some(options) = object(sc, "windowsOptions") {
        profiles::windows_options(options, &path.clone().key("windowsOptions"), errors);
    }
    if let Some(profile) = object(sc, "appArmorProfile") {
        profiles::app_armor(profile, &path.clone().key("appArmorProfile"), errors);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::{fields, with_context};

    const C: &str = "spec.containers[0].securityContext";

    #[test]
    fn ids() {
        assert_eq!(
            fields(
                json!({"containers": [with_context(json!({"runAsUser": 0, "runAsGroup": 2_147_483_647_i64}))]})
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            fields(
                json!({"containers": [with_context(json!({"runAsUser": 2_147_483_648_i64, "runAsGroup": -2_147_483_648_i64}))]})
            ),
            [format!("{C}.runAsUser"), format!("{C}.runAsGroup")]
        );
        assert_eq!(
            fields(json!({
                "initContainers": [{"name": "init", "image": "busybox:1.36", "securityContext": {"runAsUser": -1}}],
                "containers": [with_context(json!({}))]
            })),
            ["spec.initContainers[0].securityContext.runAsUser"]
        );
    }

    #[test]
    fn proc_mount() {
        assert_eq!(
            fields(json!({"containers": [with_context(json!({"procMount": "Default"}))]})),
            Vec::<String>::new()
        );
        for bad in ["unmasked", "default", ""] {
            assert_eq!(
                fields(json!({"containers": [with_context(json!({"procMount": bad}))]})),
                [format!("{C}.procMount")],
                "{bad}"
            );
        }
        assert_eq!(
            fields(json!({"containers": [with_context(json!({"procMount": "Unmasked"}))]})),
            [format!("{C}.procMount")]
        );
        assert_eq!(
            fields(
                json!({"hostUsers": false, "containers": [with_context(json!({"procMount": "Unmasked"}))]})
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn privilege_escalation() {
        for ok in [
            json!({"privileged": true}),
            json!({"privileged": true, "allowPrivilegeEscalation": true}),
            json!({"allowPrivilegeEscalation": false, "capabilities": {"add": ["SYS_ADMIN", "garbage!!", ""]}}),
            json!({"capabilities": {"add": ["CAP_SYS_ADMIN"]}}),
        ] {
            assert_eq!(
                fields(json!({"containers": [with_context(ok.clone())]})),
                Vec::<String>::new(),
                "{ok}"
            );
        }
        assert_eq!(
            fields(
                json!({"containers": [with_context(json!({"privileged": true, "allowPrivilegeEscalation": false}))]})
            ),
            [C]
        );
        assert_eq!(
            fields(json!({"containers": [with_context(json!({
                "allowPrivilegeEscalation": false, "capabilities": {"add": ["CAP_SYS_ADMIN"]}
            }))]})),
            [C]
        );
    }
}
