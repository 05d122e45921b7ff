//! Security settings the API server accepts but the node refuses when it starts the container:
//! errors for a task's pod (its containers would never start), warnings for a Pod judged as
//! the server judges it.
//!
//! - `runAsNonRoot: true` with `runAsUser: 0` (the container's own, or the pod's when the
//!   container sets none): the kubelet refuses the container ("container's runAsUser breaks
//!   non-root policy", `CreateContainerConfigError`).
//! - A `Localhost` seccomp profile with an empty `localhostProfile`: the kubelet joins it to its
//!   seccomp directory and hands the directory itself to the runtime as the profile.
//!
//! A sysctl outside the kubelet's safe list is a warning in both modes: the kubelet refuses the
//! pod (`SysctlForbidden`) unless the node's administrator allowed that sysctl
//! (`--allowed-unsafe-sysctls`), which a pod spec cannot tell.

use podtask_rules::security;
use serde_json::Value;

use super::object;
use crate::check::{ContainerRef, Cx, Kind, Mode, list, string};
use crate::{JsonPath, SpecError, SpecWarning};

/// The rules of this module.
pub(super) fn check(cx: &mut Cx<'_>) {
    let mut found = Vec::new();
    non_root(cx.spec, &cx.containers, cx.mode, &mut found);
    empty_seccomp_profiles(cx.spec, &cx.containers, &mut found);
    for (path, message) in found {
        match cx.mode {
            Mode::Task { .. } => cx.errors.push(SpecError::new(path, message)),
            Mode::Server => cx.warnings.push(SpecWarning::new(path, message)),
        }
    }
    unsafe_sysctls(cx.spec, &mut cx.warnings);
}

/// Sysctls outside the kubelet's safe list ([`security::SAFE_SYSCTLS`]); a name that breaks
/// the rules of names is an error of its own and not warned about.
fn unsafe_sysctls(spec: &Value, warnings: &mut Vec<SpecWarning>) {
    let Some(sc) = object(spec, "securityContext") else {
        return;
    };
    for (i, sysctl) in list(sc, "sysctls").iter().enumerate() {
        let Some(name) = string(sysctl, "name") else {
            continue;
        };
        if security::sysctl_name(name) && !security::safe_sysctl(name) {
            warnings.push(SpecWarning::new(
                JsonPath::root()
                    .key("securityContext")
                    .key("sysctls")
                    .index(i)
                    .key("name"),
                format!(
                    "{name:?} is not a safe sysctl: the kubelet refuses the pod (SysctlForbidden) unless the node allows it with --allowed-unsafe-sysctls"
                ),
            ));
        }
    }
}

/// The root user's ID.
const ROOT: i64 = 0;

/// `runAsNonRoot: true` with `runAsUser: 0`, each container's settings over the pod's. The
/// finding is at the `runAsUser` that applies (the pod's once, however many containers inherit
/// it). A Windows pod is left out: its kubelet checks the user name instead.
///
/// For a task's pod whose primary container is not in the spec, the container added for it
/// inherits the pod's settings too.
fn non_root(
    spec: &Value,
    all: &[ContainerRef<'_>],
    mode: Mode<'_>,
    found: &mut Vec<(JsonPath, String)>,
) {
    if object(spec, "os").and_then(|os| string(os, "name")) == Some("windows") {
        return;
    }
    let pod = object(spec, "securityContext");
    let mut pod_reported = false;
    let added = match mode {
        Mode::Task { primary } => {
            let name = primary.unwrap_or_default();
            let present = all
                .iter()
                .any(|c| c.kind == Kind::Regular && (primary.is_none() || c.name == name));
            (!present).then_some((name, None))
        }
        Mode::Server => None,
    };
    let containers = all
        .iter()
        .map(|c| (c.name, c.security_context.map(|sc| (sc, &c.path))))
        .chain(added);
    for (name, own) in containers {
        let own_path = own.map(|(_, path)| path);
        let own = own.map(|(sc, _)| sc).filter(|sc| sc.is_object());
        let setting = |key: &str| {
            own.and_then(|sc| sc.get(key).filter(|v| !v.is_null()))
                .map(|v| (v, true))
                .or_else(|| {
                    pod.and_then(|sc| sc.get(key).filter(|v| !v.is_null()))
                        .map(|v| (v, false))
                })
        };
        let non_root = setting("runAsNonRoot").is_some_and(|(v, _)| v == &Value::Bool(true));
        let Some((user, own_user)) = setting("runAsUser") else {
            continue;
        };
        if !non_root || user.as_i64() != Some(ROOT) {
            continue;
        }
        let message = format!(
            "runAsNonRoot is true but container {name:?} runs as user 0 (root): the kubelet refuses to start it (CreateContainerConfigError)"
        );
        if let (true, Some(path)) = (own_user, own_path) {
            found.push((
                path.clone().key("securityContext").key("runAsUser"),
                message,
            ));
        } else if !pod_reported {
            pod_reported = true;
            found.push((
                JsonPath::root().key("securityContext").key("runAsUser"),
                message,
            ));
        }
    }
}

/// A `Localhost` seccomp profile whose `localhostProfile` is the empty string, in the pod's
/// security context or a container's.
fn empty_seccomp_profiles(
    spec: &Value,
    all: &[ContainerRef<'_>],
    found: &mut Vec<(JsonPath, String)>,
) {
    let root = JsonPath::root();
    let contexts = std::iter::once((object(spec, "securityContext"), &root))
        .chain(all.iter().map(|c| (c.security_context, &c.path)));
    for (sc, owner) in contexts {
        let Some(profile) = sc.and_then(|sc| object(sc, "seccompProfile")) else {
            continue;
        };
        if string(profile, "type") == Some("Localhost")
            && string(profile, "localhostProfile") == Some("")
        {
            found.push((
                owner
                    .clone()
                    .key("securityContext")
                    .key("seccompProfile")
                    .key("localhostProfile"),
                "an empty Localhost seccomp profile names the kubelet's seccomp directory itself: the container fails to start; name a profile file".to_owned(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::check::test_support::{checked, warnings};
    use crate::{KubernetesVersion, validate_pod};

    #[test]
    fn root_with_run_as_non_root() {
        let spec = json!({
            "securityContext": {"runAsNonRoot": true, "runAsUser": 1000},
            "containers": [
                {"name": "main", "securityContext": {"runAsUser": 0}},
                {"name": "side", "image": "busybox:1.36"}
            ]
        });
        let c = checked(spec.clone(), Some("main"));
        let shown: Vec<String> = c.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                r#"containers[0].securityContext.runAsUser: runAsNonRoot is true but container "main" runs as user 0 (root): the kubelet refuses to start it (CreateContainerConfigError)"#
            ]
        );
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"securityContext": {"runAsNonRoot": true, "runAsUser": 0},
                "containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "x"}]}});
        let w = validate_pod(&pod, KubernetesVersion::V1_35).unwrap_or_default();
        let fields: Vec<&str> = w
            .iter()
            .filter(|w| w.message.contains("runAsNonRoot"))
            .map(|w| w.field.as_str())
            .collect();
        assert_eq!(fields, ["spec.securityContext.runAsUser"]);
    }

    #[test]
    fn the_primary_container_added_inherits_the_pod_settings() {
        let spec = json!({
            "securityContext": {"runAsNonRoot": true, "runAsUser": 0},
            "containers": [{"name": "side", "image": "busybox:1.36", "securityContext": {"runAsUser": 1000}}]
        });
        let c = checked(spec.clone(), Some("main"));
        let shown: Vec<String> = c.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                r#"securityContext.runAsUser: runAsNonRoot is true but container "main" runs as user 0 (root): the kubelet refuses to start it (CreateContainerConfigError)"#
            ]
        );
        let named = checked(spec, Some("side"));
        assert!(named.errors.is_empty(), "{:?}", named.errors);
    }

    #[test]
    fn a_container_may_opt_out() {
        let w = warnings(
            json!({
                "securityContext": {"runAsNonRoot": true},
                "containers": [{"name": "main", "securityContext": {"runAsNonRoot": false, "runAsUser": 0}}]
            }),
            Some("main"),
        );
        assert!(w.is_empty(), "{w:?}");
        let c = checked(
            json!({"containers": [{"name": "main", "securityContext": {"runAsUser": 0}}]}),
            Some("main"),
        );
        assert!(c.errors.is_empty(), "{:?}", c.errors);
    }

    #[test]
    fn unsafe_sysctls_are_warned_about() {
        let w = warnings(
            json!({
                "securityContext": {"sysctls": [
                    {"name": "net.ipv4.ip_local_port_range", "value": "1024 65535"},
                    {"name": "net.core.somaxconn", "value": "1024"},
                    {"name": "Bad", "value": "1"}
                ]},
                "containers": [{"name": "main"}]
            }),
            Some("main"),
        );
        assert_eq!(
            w,
            [
                r#"securityContext.sysctls[1].name: "net.core.somaxconn" is not a safe sysctl: the kubelet refuses the pod (SysctlForbidden) unless the node allows it with --allowed-unsafe-sysctls"#
            ]
        );
    }

    #[test]
    fn empty_localhost_seccomp_profile() {
        let spec = json!({"containers": [{"name": "main", "securityContext":
            {"seccompProfile": {"type": "Localhost", "localhostProfile": ""}}}]});
        let c = checked(spec.clone(), Some("main"));
        let paths: Vec<String> = c.errors.iter().map(|e| e.path.to_string()).collect();
        assert_eq!(
            paths,
            ["containers[0].securityContext.seccompProfile.localhostProfile"]
        );
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "main", "image": "x", "securityContext":
                {"seccompProfile": {"type": "Localhost", "localhostProfile": ""}}}]}});
        let w = validate_pod(&pod, KubernetesVersion::V1_35).unwrap_or_default();
        let fields: Vec<&str> = w
            .iter()
            .filter(|w| w.message.contains("seccomp"))
            .map(|w| w.field.as_str())
            .collect();
        assert_eq!(
            fields,
            ["spec.containers[0].securityContext.seccompProfile.localhostProfile"]
        );
    }
}
