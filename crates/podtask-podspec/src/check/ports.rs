//! Container ports (`validateContainerPorts`, `AccumulateUniqueHostPorts`,
//! `validatePodHostNetworkDeps`): names, numbers, protocols, host ports.
//!
//! The server fills in defaults before it validates: an empty `protocol` becomes `TCP`, and in a
//! pod with `hostNetwork` a `hostPort` of 0 (or left out) becomes the `containerPort`, for
//! regular and init containers. `hostIP` is not checked by the server's port rules.

use podtask_rules::port;
use serde_json::Value;

use super::{ContainerRef, Cx, Kind, REQUIRED, duplicate, list, not_supported, set, string};
use crate::{JsonPath, SpecError};

/// The protocols of a port (`supportedPortProtocols`, sorted as Kubernetes lists them).
const PROTOCOLS: [&str; 3] = ["SCTP", "TCP", "UDP"];

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    let host_network = cx.spec.get("hostNetwork") == Some(&Value::Bool(true));
    let mut regular_host_ports = Vec::new();
    for c in &cx.containers {
        let ports = list(c.value, "ports");
        if c.kind == Kind::Ephemeral && set(c.value, "ports").is_some() {
            cx.errors.push(SpecError::new(
                c.path.clone().key("ports"),
                "Forbidden: cannot be set for an Ephemeral Container",
            ));
        }
        each_port(c, ports, &mut cx.errors);
        match c.kind {
            Kind::Regular => {
                unique_host_ports(
                    c,
                    host_network,
                    &mut regular_host_ports,
                    None,
                    &mut cx.errors,
                );
                if host_network {
                    matching_host_ports(c, &mut cx.errors);
                }
            }
            Kind::Init => {
                // Init containers run one at a time: each is checked alone, and the server
                // reports a clash at index 0 whatever the container's index.
                let mut own = Vec::new();
                let reported = c.path.parent().map(|p| p.index(0));
                unique_host_ports(c, host_network, &mut own, reported, &mut cx.errors);
            }
            Kind::Ephemeral => {}
        }
    }
}

/// A port member that is a number; 0 when left out.
fn number(port: &Value, key: &str) -> i64 {
    set(port, key).and_then(Value::as_i64).unwrap_or(0)
}

/// Kubernetes' `field.Invalid` text for a number.
fn invalid_number(value: i64, detail: &str) -> String {
    format!("Invalid value: {value}: {detail}")
}

/// The protocol after defaulting.
fn protocol(port: &Value) -> &str {
    match string(port, "protocol") {
        None | Some("") => "TCP",
        Some(p) => p,
    }
}

/// `validateContainerPorts`: each port's name (valid, unique in the container), container
/// port (required, in range), host port (in range when set) and protocol.
fn each_port(c: &ContainerRef<'_>, ports: &[Value], errors: &mut Vec<SpecError>) {
    let mut names: Vec<&str> = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        let path = c.path.clone().key("ports").index(i);
        let name = string(p, "name").unwrap_or_default();
        if !name.is_empty() {
            if let Err(v) = port::port_name(name) {
                errors.push(SpecError::new(
                    path.clone().key("name"),
                    super::invalid(name, v.message),
                ));
            } else if names.contains(&name) {
                errors.push(SpecError::new(path.clone().key("name"), duplicate(name)));
            } else {
                names.push(name);
            }
        }
        let container_port = number(p, "containerPort");
        if container_port == 0 {
            errors.push(SpecError::new(path.clone().key("containerPort"), REQUIRED));
        } else if let Err(msg) = port::port_number(container_port) {
            errors.push(SpecError::new(
                path.clone().key("containerPort"),
                invalid_number(container_port, msg),
            ));
        }
        let host_port = number(p, "hostPort");
        if host_port != 0
            && let Err(msg) = port::port_number(host_port)
        {
            errors.push(SpecError::new(
                path.clone().key("hostPort"),
                invalid_number(host_port, msg),
            ));
        }
        let protocol = protocol(p);
        if !PROTOCOLS.contains(&protocol) {
            errors.push(SpecError::new(
                path.key("protocol"),
                not_supported(protocol, &PROTOCOLS),
            ));
        }
    }
}

/// `AccumulateUniqueHostPorts`: no two ports of the containers seen so far share protocol,
/// host IP and host port. `reported` is the container path the server names, when it is not
/// the container's own.
fn unique_host_ports(
    c: &ContainerRef<'_>,
    host_network: bool,
    seen: &mut Vec<String>,
    reported: Option<JsonPath>,
    errors: &mut Vec<SpecError>,
) {
    for (i, p) in list(c.value, "ports").iter().enumerate() {
        let mut host_port = number(p, "hostPort");
        if host_port == 0 && host_network {
            host_port = number(p, "containerPort");
        }
        if host_port == 0 {
            continue;
        }
        let key = format!(
            "{}/{}/{host_port}",
            protocol(p),
            string(p, "hostIP").unwrap_or_default()
        );
        if seen.contains(&key) {
            let path = c.path.clone().key("ports").index(i).key("hostPort");
            let mut e = SpecError::new(path, duplicate(&key));
            if let Some(r) = &reported {
                e = e.reported_at(r.clone().key("ports").index(i).key("hostPort").to_string());
            }
            errors.push(e);
        } else {
            seen.push(key);
        }
    }
}

/// `validatePodHostNetworkDeps`: with `hostNetwork`, a regular container's host port is its
/// container port.
fn matching_host_ports(c: &ContainerRef<'_>, errors: &mut Vec<SpecError>) {
    for (i, p) in list(c.value, "ports").iter().enumerate() {
        let host_port = number(p, "hostPort");
        if host_port != 0 && host_port != number(p, "containerPort") {
            errors.push(SpecError::new(
                c.path.clone().key("ports").index(i).key("hostPort"),
                invalid_number(
                    host_port,
                    "must match `containerPort` when `hostNetwork` is true",
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::KubernetesVersion;
    use crate::check::{Mode, Quantities, run};

    /// The errors of a spec, with the field the server names after `@`.
    fn errors(spec: Value) -> Vec<String> {
        run(
            &spec,
            Mode::Server,
            KubernetesVersion::V1_35,
            Quantities::PassOver,
        )
        .errors
        .iter()
        .map(|e| format!("{e} @ {}", e.field()))
        .collect()
    }

    fn one(ports: Value) -> Vec<String> {
        errors(json!({"containers": [{"name": "main", "image": "busybox", "ports": ports}]}))
    }

    #[test]
    fn names_numbers_and_protocols() {
        assert!(one(json!([
            {"name": "http", "containerPort": 80},
            {"containerPort": 80, "protocol": "UDP"},
            {"name": "", "containerPort": 65535, "protocol": ""},
            {"name": "aaaaaaaaaaaaaaa", "containerPort": 81, "protocol": "SCTP", "hostPort": 65535}
        ]))
        .is_empty());
        assert_eq!(
            one(json!([{"name": "web_ui", "containerPort": 0, "hostPort": -1, "protocol": "Tcp"}])),
            [
                r#"containers[0].ports[0].name: Invalid value: "web_ui": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-) @ containers[0].ports[0].name"#,
                "containers[0].ports[0].containerPort: Required value @ containers[0].ports[0].containerPort",
                "containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive @ containers[0].ports[0].hostPort",
                r#"containers[0].ports[0].protocol: Unsupported value: "Tcp": supported values: "SCTP", "TCP", "UDP" @ containers[0].ports[0].protocol"#,
            ]
        );
        assert_eq!(
            one(
                json!([{"name": "http", "containerPort": 80}, {"name": "http", "containerPort": 65536}])
            ),
            [
                r#"containers[0].ports[1].name: Duplicate value: "http" @ containers[0].ports[1].name"#,
                "containers[0].ports[1].containerPort: Invalid value: 65536: must be between 1 and 65535, inclusive @ containers[0].ports[1].containerPort",
            ]
        );
    }

    #[test]
    fn port_names_may_repeat_across_containers() {
        let e = errors(json!({"containers": [
            {"name": "a", "image": "busybox", "ports": [{"name": "http", "containerPort": 80}]},
            {"name": "b", "image": "busybox", "ports": [{"name": "http", "containerPort": 80}]}
        ]}));
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn host_ports_are_unique() {
        let e = errors(json!({"containers": [
            {"name": "a", "image": "busybox", "ports": [{"containerPort": 80, "hostPort": 8080}]},
            {"name": "b", "image": "busybox", "ports": [
                {"containerPort": 81, "hostPort": 8080},
                {"containerPort": 82, "hostPort": 8080, "protocol": "UDP"},
                {"containerPort": 83, "hostPort": 8080, "hostIP": "10.0.0.1"}
            ]}
        ]}));
        assert_eq!(
            e,
            [
                r#"containers[1].ports[0].hostPort: Duplicate value: "TCP//8080" @ containers[1].ports[0].hostPort"#
            ]
        );
        // Init containers are checked one at a time, and reported at index 0.
        let e = errors(json!({
            "containers": [{"name": "a", "image": "busybox", "ports": [{"containerPort": 80, "hostPort": 8080}]}],
            "initContainers": [
                {"name": "i", "image": "busybox", "ports": [{"containerPort": 80, "hostPort": 8080}]},
                {"name": "j", "image": "busybox", "ports": [{"containerPort": 80, "hostPort": 9090}, {"containerPort": 81, "hostPort": 9090}]}
            ]
        }));
        assert_eq!(
            e,
            [
                r#"initContainers[1].ports[1].hostPort: Duplicate value: "TCP//9090" @ initContainers[0].ports[1].hostPort"#
            ]
        );
    }

    #[test]
    fn host_network_host_ports() {
        let pod = |ports: Value| json!({"hostNetwork": true, "containers": [{"name": "a", "image": "busybox", "ports": ports}]});
        assert!(
            errors(pod(
                json!([{"containerPort": 29500, "hostPort": 29500}, {"containerPort": 29501}])
            ))
            .is_empty()
        );
        assert_eq!(
            errors(pod(json!([{"containerPort": 29500, "hostPort": 29501}]))),
            [
                "containers[0].ports[0].hostPort: Invalid value: 29501: must match `containerPort` when `hostNetwork` is true @ containers[0].ports[0].hostPort"
            ]
        );
        // The defaulted host ports clash.
        let e = errors(json!({"hostNetwork": true, "containers": [
            {"name": "a", "image": "busybox", "ports": [{"containerPort": 80}]},
            {"name": "b", "image": "busybox", "ports": [{"containerPort": 80}]}
        ]}));
        assert_eq!(
            e,
            [
                r#"containers[1].ports[0].hostPort: Duplicate value: "TCP//80" @ containers[1].ports[0].hostPort"#
            ]
        );
    }

    #[test]
    fn ephemeral_containers_have_no_ports() {
        let e = errors(json!({
            "containers": [{"name": "a", "image": "busybox"}],
            "ephemeralContainers": [{"name": "d", "image": "busybox", "ports": [{"containerPort": 80}]}]
        }));
        assert!(
            e.contains(&"ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container @ ephemeralContainers[0].ports".to_owned()),
            "{e:?}"
        );
    }
}
