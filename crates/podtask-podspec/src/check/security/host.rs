//! Rules across the pod: user namespaces (`validateHostUsers`), Windows host-process pods
//! (`validateWindowsHostProcessPod`), and what a pod whose `spec.os.name` is `linux` or
//! `windows` may not set (`validateLinux`, `validateWindows`).

use serde_json::Value;

use super::pod_context::has;
use super::{forbidden, invalid_raw, is_false, is_true, object};
use crate::check::{ContainerRef, set, string};
use crate::{JsonPath, KubernetesVersion, SpecError};

/// With `hostUsers: false` (a user namespace), the pod may not share the node's network, process
/// IDs or IPC, and (from 1.34) its containers may not use `volumeDevices`.
///
/// The server names `spec.HostPID` and `spec.HostIPC`, capitalised, for the last two; its
/// message reads "when `pod.Spec.HostUsers` is false" in 1.33 and "when `hostUsers` is false"
/// from 1.34 (kubernetes/kubernetes#132868, which added the rule on `volumeDevices`). `hostNetwork` is allowed with the `UserNamespacesHostNetworkSupport` feature
/// gate, alpha and off in 1.35 (taken as off in 1.36 and 1.37).
pub(super) fn user_namespaces(
    spec: &Value,
    all: &[ContainerRef<'_>],
    version: KubernetesVersion,
    errors: &mut Vec<SpecError>,
) {
    if !is_false(spec, "hostUsers") {
        return;
    }
    let detail = if version.minor() >= 34 {
        forbidden("when `hostUsers` is false")
    } else {
        forbidden("when `pod.Spec.HostUsers` is false")
    };
    if is_true(spec, "hostNetwork") {
        errors.push(SpecError::new(
            JsonPath::root().key("hostNetwork"),
            detail.clone(),
        ));
    }
    for (field, server) in [("hostPID", "HostPID"), ("hostIPC", "HostIPC")] {
        if is_true(spec, field) {
            errors.push(
                SpecError::new(JsonPath::root().key(field), detail.clone()).reported_at(server),
            );
        }
    }
    if version.minor() >= 34 {
        for c in all {
            let devices = c.value.get("volumeDevices").and_then(Value::as_array);
            if devices.is_some_and(|d| !d.is_empty()) {
                errors.push(SpecError::new(
                    c.path.clone().key("volumeDevices"),
                    detail.clone(),
                ));
            }
        }
    }
}

/// `windowsOptions.hostProcess` of a security context, when it is set.
fn host_process(sc: Option<&Value>) -> Option<bool> {
    let options = object(sc?, "windowsOptions")?;
    options.get("hostProcess")?.as_bool()
}

/// A Windows host-process pod: a container's `hostProcess` agrees with the pod's when both are
/// set; if any container is a host-process container, all are, and the pod uses the node's
/// network. (Kubernetes applies this whatever `spec.os` says.)
pub(super) fn windows_host_process(
    spec: &Value,
    all: &[ContainerRef<'_>],
    errors: &mut Vec<SpecError>,
) {
    let pod = host_process(object(spec, "securityContext"));
    let mut host_processes = 0;
    for c in all {
        let own = host_process(c.security_context);
        if let (Some(pod), Some(own)) = (pod, own)
            && pod != own
        {
            errors.push(SpecError::new(
                c.path
                    .clone()
                    .key("securityContext")
                    .key("windowsOptions")
                    .key("hostProcess"),
                invalid_raw(
                    own,
                    &format!(
                        "pod hostProcess value must be identical if both are specified, was {pod}"
                    ),
                ),
            ));
        }
        if own.or(pod) == Some(true) {
            host_processes += 1;
        }
    }
    if host_processes == 0 {
        return;
    }
    if host_processes != all.len() {
        errors.push(
            SpecError::new(
                JsonPath::root(),
                invalid_raw(
                    "\"\"",
                    "If pod contains any hostProcess containers then all containers must be HostProcess containers",
                ),
            )
            .reported_at(""),
        );
    }
    if !is_true(spec, "hostNetwork") {
        errors.push(SpecError::new(
            JsonPath::root().key("hostNetwork"),
            invalid_raw(
                false,
                "hostNetwork must be true if pod contains any hostProcess containers",
            ),
        ));
    }
}

/// What a pod whose `spec.os.name` is `linux` or `windows` may not set. Another OS name is
/// refused by the rule on `spec.os`, and then these rules do not apply.
pub(super) fn operating_system(
    spec: &Value,
    all: &[ContainerRef<'_>],
    errors: &mut Vec<SpecError>,
) {
    let os = object(spec, "os").and_then(|os| string(os, "name"));
    match os {
        Some("linux") => linux(spec, all, errors),
        Some("windows") => windows(spec, all, errors),
        _ => {}
    }
}

/// A Linux pod sets no Windows options, in the pod's security context or a container's.
fn linux(spec: &Value, all: &[ContainerRef<'_>], errors: &mut Vec<SpecError>) {
    let detail = forbidden("windows options cannot be set for a linux pod");
    if has(spec, "windowsOptions") {
        errors.push(SpecError::new(
            JsonPath::root()
                .key("securityContext")
                .key("windowsOptions"),
            detail.clone(),
        ));
    }
    for c in all {
        if c.security_context
            .is_some_and(|sc| set(sc, "windowsOptions").is_some())
        {
            errors.push(SpecError::new(
                c.path.clone().key("securityContext").key("windowsOptions"),
                detail.clone(),
            ));
        }
    }
}

/// The members of the pod's security context a Windows pod may not set.
const NOT_FOR_WINDOWS_POD: [&str; 11] = [
    "appArmorProfile",
    "seLinuxOptions",
    "seccompProfile",
    "fsGroup",
    "fsGroupChangePolicy",
    "sysctls",
    "runAsUser",
    "runAsGroup",
    "supplementalGroups",
    "supplementalGroupsPolicy",
    "seLinuxChangePolicy",
];

/// The members of a container's security context a Windows pod may not set.
const NOT_FOR_WINDOWS_CONTAINER: [&str; 10] = [
    "appArmorProfile",
    "seLinuxOptions",
    "seccompProfile",
    "capabilities",
    "readOnlyRootFilesystem",
    "privileged",
    "allowPrivilegeEscalation",
    "procMount",
    "runAsUser",
    "runAsGroup",
];

/// A Windows pod sets none of the Linux-only settings: host user, PID and IPC namespaces, a
/// shared process namespace, and the members of [`NOT_FOR_WINDOWS_POD`] and
/// [`NOT_FOR_WINDOWS_CONTAINER`] (an empty `sysctls` list is allowed, an empty
/// `supplementalGroups` list is not, as Kubernetes tells them apart).
fn windows(spec: &Value, all: &[ContainerRef<'_>], errors: &mut Vec<SpecError>) {
    let detail = forbidden("cannot be set for a windows pod");
    let context = JsonPath::root().key("securityContext");
    for field in NOT_FOR_WINDOWS_POD {
        let given = match field {
            "sysctls" => object(spec, "securityContext")
                .and_then(|sc| sc.get("sysctls"))
                .and_then(Value::as_array)
                .is_some_and(|s| !s.is_empty()),
            _ => has(spec, field),
        };
        if given {
            errors.push(SpecError::new(context.clone().key(field), detail.clone()));
        }
    }
    let host = [
        ("hostUsers", set(spec, "hostUsers").is_some()),
        ("hostPID", is_true(spec, "hostPID")),
        ("hostIPC", is_true(spec, "hostIPC")),
        (
            "shareProcessNamespace",
            set(spec, "shareProcessNamespace").is_some(),
        ),
    ];
    for (field, given) in host {
        if given {
            errors.push(SpecError::new(JsonPath::root().key(field), detail.clone()));
        }
    }
    for c in all {
        let Some(sc) = c.security_context.filter(|sc| sc.is_object()) else {
            continue;
        };
        for field in NOT_FOR_WINDOWS_CONTAINER {
            if set(sc, field).is_some() {
                errors.push(SpecError::new(
                    c.path.clone().key("securityContext").key(field),
                    detail.clone(),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::{fields, fields_in, shown, with_context};
    use crate::KubernetesVersion;

    #[test]
    fn user_namespaces() {
        let plain = || json!({"hostUsers": false, "containers": [with_context(json!({}))]});
        assert_eq!(fields(plain()), Vec::<String>::new());
        let mut spec = plain();
        spec["hostNetwork"] = json!(true);
        assert_eq!(
            shown(spec.clone()),
            ["spec.hostNetwork: Forbidden: when `hostUsers` is false"]
        );
        spec["hostPID"] = json!(true);
        spec["hostIPC"] = json!(true);
        assert_eq!(
            fields(spec.clone()),
            ["spec.hostNetwork", "spec.HostPID", "spec.HostIPC"]
        );
        spec["hostUsers"] = json!(true);
        assert_eq!(fields(spec), Vec::<String>::new());
    }

    #[test]
    fn user_namespaces_and_volume_devices() {
        let spec = json!({
            "hostUsers": false,
            "volumes": [{"name": "raw", "persistentVolumeClaim": {"claimName": "raw"}}],
            "containers": [{"name": "main", "image": "busybox:1.36",
                "volumeDevices": [{"name": "raw", "devicePath": "/dev/xvda"}]}]
        });
        assert_eq!(
            fields_in(spec.clone(), KubernetesVersion::V1_34),
            ["spec.containers[0].volumeDevices"]
        );
        assert_eq!(
            fields_in(spec, KubernetesVersion::V1_33),
            Vec::<String>::new()
        );
    }

    #[test]
    fn host_process_pods() {
        let hp = |v: bool| json!({"windowsOptions": {"hostProcess": v}});
        let ok = json!({"hostNetwork": true, "securityContext": hp(true),
            "containers": [with_context(json!({})), {"name": "b", "image": "busybox:1.36"}]});
        assert_eq!(fields(ok), Vec::<String>::new());
        let mixed = json!({"hostNetwork": true,
            "containers": [with_context(hp(true)), {"name": "b", "image": "busybox:1.36"}]});
        assert_eq!(fields(mixed), ["spec"]);
        let no_network = json!({"containers": [with_context(hp(true))]});
        assert_eq!(fields(no_network), ["spec.hostNetwork"]);
        let disagree = json!({"hostNetwork": true, "securityContext": hp(true),
            "containers": [with_context(hp(false))]});
        assert_eq!(
            fields(disagree),
            ["spec.containers[0].securityContext.windowsOptions.hostProcess"]
        );
    }

    #[test]
    fn linux_pods_have_no_windows_options() {
        let spec = json!({"os": {"name": "linux"},
            "securityContext": {"windowsOptions": {"runAsUserName": "u"}},
            "containers": [with_context(json!({"windowsOptions": {"runAsUserName": "ContainerUser"}}))]});
        assert_eq!(
            fields(spec.clone()),
            [
                "spec.securityContext.windowsOptions",
                "spec.containers[0].securityContext.windowsOptions"
            ]
        );
        let mut other = spec;
        other["os"] = json!({"name": "windows"});
        assert_eq!(fields(other), Vec::<String>::new());
    }

    #[test]
    fn windows_pods_have_no_linux_settings() {
        let ok = json!({"os": {"name": "windows"},
            "securityContext": {"windowsOptions": {"runAsUserName": "ContainerUser"}, "sysctls": [], "runAsNonRoot": true},
            "containers": [with_context(json!({"runAsNonRoot": true}))]});
        assert_eq!(fields(ok), Vec::<String>::new());
        let bad = json!({"os": {"name": "windows"}, "hostPID": true, "hostUsers": true,
            "shareProcessNamespace": false,
            "securityContext": {"runAsUser": 1000, "supplementalGroups": [], "seccompProfile": {"type": "RuntimeDefault"}},
            "containers": [with_context(json!({"privileged": false, "capabilities": {}}))]});
        assert_eq!(
            fields(bad),
            [
                "spec.securityContext.seccompProfile",
                "spec.securityContext.runAsUser",
                "spec.securityContext.supplementalGroups",
                "spec.hostUsers",
                "spec.hostPID",
                "spec.shareProcessNamespace",
                "spec.containers[0].securityContext.capabilities",
                "spec.containers[0].securityContext.privileged",
            ]
        );
    }
}
