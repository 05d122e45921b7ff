//! Probes and lifecycle hooks of containers (`validateLivenessProbe`, `validateReadinessProbe`,
//! `validateStartupProbe`, `validateProbe`, `validateLifecycle`, `validateHandler` and the
//! actions it checks): their handlers, ports, thresholds and times.
//!
//! The server fills in defaults before it validates: a probe's `timeoutSeconds`,
//! `periodSeconds`, `successThreshold` and `failureThreshold` of 0 (or left out) become 1, 10, 1
//! and 3; an `httpGet`'s empty `path` becomes `/` and its empty `scheme` `HTTP`; the pod's
//! `terminationGracePeriodSeconds` left out becomes 30, a negative one 1. The rules here read
//! the values as the server validates them.
//!
//! Which containers may have probes and hooks at all is [`restart`](super::restart)'s concern:
//! regular containers and sidecars may; other init containers may not. Ephemeral containers
//! may not either (reported here, though a pod cannot be created with them).

use podtask_rules::{http, port};
use serde_json::Value;

use super::restart::is_sidecar;
use super::{ContainerRef, Cx, Kind, REQUIRED, list, not_supported, set, string};
use crate::{JsonPath, SpecError, SpecWarning};

/// The pod's `terminationGracePeriodSeconds` when it is left out.
const DEFAULT_GRACE_PERIOD: i64 = 30;
/// The probe handlers (`core.ProbeHandler`), in the order Kubernetes counts them.
const PROBE_HANDLERS: [&str; 4] = ["exec", "httpGet", "tcpSocket", "grpc"];
/// The lifecycle handlers (`core.LifecycleHandler`), in the order Kubernetes counts them.
const HOOK_HANDLERS: [&str; 4] = ["exec", "httpGet", "tcpSocket", "sleep"];
/// The probes of a container.
const PROBES: [&str; 3] = ["livenessProbe", "readinessProbe", "startupProbe"];
/// The schemes of an `httpGet` (`supportedHTTPSchemes`).
const SCHEMES: [&str; 2] = ["HTTP", "HTTPS"];

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    let grace = grace_period(cx.spec);
    for c in &cx.containers {
        match c.kind {
            Kind::Ephemeral => {
                ephemeral(c, &mut cx.errors);
                continue;
            }
            Kind::Init if !is_sidecar(c) => continue,
            _ => {}
        }
        let mut at = Handlers {
            container: c,
            grace,
            errors: &mut cx.errors,
            warnings: &mut cx.warnings,
        };
        if let Some(lifecycle) = lifecycle_of(c) {
            let path = c.path.clone().key("lifecycle");
            for hook in ["postStart", "preStop"] {
                if let Some(h) = set(lifecycle, hook) {
                    at.handler(h, path.clone().key(hook), &HOOK_HANDLERS);
                }
            }
        }
        for field in PROBES {
            if let Some(probe) = set(c.value, field) {
                at.probe(probe, field, c.path.clone().key(field));
            }
        }
    }
}

/// The pod's termination grace period as the server validates it: 30 when left out, 1 when
/// negative.
fn grace_period(spec: &Value) -> i64 {
    match set(spec, "terminationGracePeriodSeconds").and_then(Value::as_i64) {
        None => DEFAULT_GRACE_PERIOD,
        Some(n) if n < 0 => 1,
        Some(n) => n,
    }
}

/// A container's `lifecycle` as the server validates it. (A `lifecycle.stopSignal` is dropped
/// before the rules run, with a lifecycle that held nothing else: [`super::run`].)
pub(super) fn lifecycle_of<'a>(c: &ContainerRef<'a>) -> Option<&'a Value> {
    set(c.value, "lifecycle")
}

/// Ephemeral containers may have neither probes nor hooks (`validateFieldAllowList`).
fn ephemeral(c: &ContainerRef<'_>, errors: &mut Vec<SpecError>) {
    for field in [
        "livenessProbe",
        "readinessProbe",
        "startupProbe",
        "lifecycle",
    ] {
        if set(c.value, field).is_some() {
            errors.push(SpecError::new(
                c.path.clone().key(field),
                "Forbidden: cannot be set for an Ephemeral Container",
            ));
        }
    }
}

/// Kubernetes' `field.Invalid` text for a number.
fn invalid_number(value: i64, detail: &str) -> String {
    format!("Invalid value: {value}: {detail}")
}

/// Where the handlers of one container report.
struct Handlers<'c, 'a> {
    container: &'c ContainerRef<'a>,
    grace: i64,
    errors: &'c mut Vec<SpecError>,
    warnings: &'c mut Vec<SpecWarning>,
}

impl Handlers<'_, '_> {
    /// A probe (`validateProbe` and the rule of its kind).
    fn probe(&mut self, probe: &Value, kind: &str, path: JsonPath) {
        self.handler(probe, path.clone(), &PROBE_HANDLERS);
        let number = |field: &str| set(probe, field).and_then(Value::as_i64);
        for field in [
            "initialDelaySeconds",
            "timeoutSeconds",
            "periodSeconds",
            "successThreshold",
            "failureThreshold",
        ] {
            if let Some(n) = number(field)
                && n < 0
            {
                self.errors.push(SpecError::new(
                    path.clone().key(field),
                    invalid_number(n, "must be greater than or equal to 0"),
                ));
            }
        }
        let grace = number("terminationGracePeriodSeconds");
        if let Some(n) = grace
            && n <= 0
        {
            self.errors.push(SpecError::new(
                path.clone().key("terminationGracePeriodSeconds"),
                invalid_number(n, "must be greater than 0"),
            ));
        }
        if kind == "readinessProbe" {
            if let Some(n) = grace {
                self.errors.push(SpecError::new(
                    path.key("terminationGracePeriodSeconds"),
                    invalid_number(n, "must not be set for readinessProbes"),
                ));
            }
        } else {
            // 0 (or nothing) is defaulted to 1 before validation.
            let success = number("successThreshold").unwrap_or(0);
            if success != 0 && success != 1 {
                self.errors.push(SpecError::new(
                    path.key("successThreshold"),
                    invalid_number(success, "must be 1"),
                ));
            }
        }
    }

    /// A probe's or hook's handler: exactly one action, each valid.
    fn handler(&mut self, handler: &Value, path: JsonPath, kinds: &[&str]) {
        let mut found = false;
        for &kind in kinds {
            let Some(action) = set(handler, kind) else {
                continue;
            };
            let path = path.clone().key(kind);
            if found {
                self.errors.push(SpecError::new(
                    path,
                    "Forbidden: may not specify more than 1 handler type",
                ));
                continue;
            }
            found = true;
            match kind {
                "exec" => {
                    if list(action, "command").is_empty() {
                        self.errors
                            .push(SpecError::new(path.key("command"), REQUIRED));
                    }
                }
                "httpGet" => self.http_get(action, path),
                "tcpSocket" => self.port(action, path.key("port")),
                "grpc" => {
                    let n = set(action, "port").and_then(Value::as_i64).unwrap_or(0);
                    if let Err(msg) = port::port_number(n) {
                        self.errors
                            .push(SpecError::new(path.key("port"), invalid_number(n, msg)));
                    }
                }
                _ => self.sleep(action, path),
            }
        }
        if !found {
            self.errors.push(SpecError::new(
                path,
                format!("{REQUIRED}: must specify a handler type"),
            ));
        }
    }

    /// `validateHTTPGetAction`: the port, the scheme and the header names.
    fn http_get(&mut self, action: &Value, path: JsonPath) {
        self.port(action, path.clone().key("port"));
        if let Some(scheme) = string(action, "scheme")
            && !scheme.is_empty()
            && !SCHEMES.contains(&scheme)
        {
            self.errors.push(SpecError::new(
                path.clone().key("scheme"),
                not_supported(scheme, &SCHEMES),
            ));
        }
        let headers = path.key("httpHeaders");
        for (i, header) in list(action, "httpHeaders").iter().enumerate() {
            let name = string(header, "name").unwrap_or_default();
            if let Err(v) = http::header_name(name) {
                // The server names the whole list, not the header.
                self.errors.push(
                    SpecError::new(
                        headers.clone().index(i).key("name"),
                        super::invalid(name, v.message),
                    )
                    .reported_at(headers.to_string()),
                );
            }
        }
    }

    /// `ValidatePortNumOrName`: a number from 1 to 65535, or a port name. A name must also be
    /// one of the container's ports for the kubelet to find it; the server does not check that.
    fn port(&mut self, action: &Value, path: JsonPath) {
        match set(action, "port") {
            Some(Value::String(name)) => {
                if let Err(v) = port::port_name(name) {
                    self.errors
                        .push(SpecError::new(path, super::invalid(name, v.message)));
                } else if !self.has_port_named(name) {
                    self.warnings.push(SpecWarning::new(
                        path,
                        format!("no port of this container is named {name:?}: the kubelet cannot resolve it, so the probe or hook fails"),
                    ));
                }
            }
            other => {
                let n = other.and_then(Value::as_i64).unwrap_or(0);
                if let Err(msg) = port::port_number(n) {
                    self.errors
                        .push(SpecError::new(path, invalid_number(n, msg)));
                }
            }
        }
    }

    fn has_port_named(&self, name: &str) -> bool {
        list(self.container.value, "ports")
            .iter()
            .any(|p| string(p, "name") == Some(name))
    }

    /// `validateSleepAction`, with zero allowed (`PodLifecycleSleepActionAllowZero`, on by
    /// default from 1.33): from 0 to the pod's termination grace period.
    fn sleep(&mut self, action: &Value, path: JsonPath) {
        let seconds = set(action, "seconds").and_then(Value::as_i64).unwrap_or(0);
        if seconds < 0 || seconds > self.grace {
            let detail = format!(
                "must be non-negative and less than terminationGracePeriodSeconds ({})",
                self.grace
            );
            self.errors.push(
                SpecError::new(
                    path.clone().key("seconds"),
                    invalid_number(seconds, &detail),
                )
                .reported_at(path.to_string()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::KubernetesVersion;
    use crate::check::{Mode, Quantities, run};

    /// Errors and warnings of a pod with one container (and the extra spec fields given).
    fn judged(container: Value, extra: Value) -> (Vec<String>, Vec<String>) {
        let mut c = container;
        c["name"] = json!("main");
        c["image"] = json!("busybox");
        let mut spec = json!({"containers": [c]});
        if let (Some(spec), Some(extra)) = (spec.as_object_mut(), extra.as_object()) {
            spec.extend(extra.clone());
        }
        let checked = run(
            &spec,
            Mode::Server,
            KubernetesVersion::V1_35,
            Quantities::PassOver,
        );
        (
            checked
                .errors
                .iter()
                .map(|e| format!("{} @ {}", e, e.field()))
                .collect(),
            checked.warnings.iter().map(ToString::to_string).collect(),
        )
    }

    fn errors(container: Value) -> Vec<String> {
        judged(container, json!({})).0
    }

    #[test]
    fn a_probe_needs_one_handler() {
        assert_eq!(
            errors(json!({"livenessProbe": {"periodSeconds": 10}})),
            [
                "containers[0].livenessProbe: Required value: must specify a handler type @ containers[0].livenessProbe"
            ]
        );
        assert_eq!(
            errors(
                json!({"lifecycle": {"preStop": {"exec": {"command": ["true"]}, "httpGet": {"port": 80}}}})
            ),
            [
                "containers[0].lifecycle.preStop.httpGet: Forbidden: may not specify more than 1 handler type @ containers[0].lifecycle.preStop.httpGet"
            ]
        );
        assert_eq!(
            errors(json!({"startupProbe": {"exec": {}}})),
            [
                "containers[0].startupProbe.exec.command: Required value @ containers[0].startupProbe.exec.command"
            ]
        );
        assert!(errors(json!({"lifecycle": {}})).is_empty());
    }

    #[test]
    fn probe_numbers() {
        let e = errors(
            json!({"livenessProbe": {"tcpSocket": {"port": 80}, "successThreshold": -1, "periodSeconds": -1, "timeoutSeconds": 0}}),
        );
        assert_eq!(
            e,
            [
                "containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0 @ containers[0].livenessProbe.periodSeconds",
                "containers[0].livenessProbe.successThreshold: Invalid value: -1: must be greater than or equal to 0 @ containers[0].livenessProbe.successThreshold",
                "containers[0].livenessProbe.successThreshold: Invalid value: -1: must be 1 @ containers[0].livenessProbe.successThreshold",
            ]
        );
        assert_eq!(
            errors(json!({"startupProbe": {"tcpSocket": {"port": 80}, "successThreshold": 2}})),
            [
                "containers[0].startupProbe.successThreshold: Invalid value: 2: must be 1 @ containers[0].startupProbe.successThreshold"
            ]
        );
        assert!(
            errors(json!({"readinessProbe": {"tcpSocket": {"port": 80}, "successThreshold": 10}}))
                .is_empty()
        );
        assert_eq!(
            errors(
                json!({"readinessProbe": {"tcpSocket": {"port": 80}, "terminationGracePeriodSeconds": 10}})
            ),
            [
                "containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes @ containers[0].readinessProbe.terminationGracePeriodSeconds"
            ]
        );
        assert_eq!(
            errors(
                json!({"livenessProbe": {"tcpSocket": {"port": 80}, "terminationGracePeriodSeconds": 0}})
            ),
            [
                "containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0 @ containers[0].livenessProbe.terminationGracePeriodSeconds"
            ]
        );
    }

    #[test]
    fn ports_schemes_and_headers() {
        assert_eq!(
            errors(json!({"livenessProbe": {"httpGet": {"path": "/"}}})),
            [
                "containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive @ containers[0].livenessProbe.httpGet.port"
            ]
        );
        assert_eq!(
            errors(json!({"livenessProbe": {"httpGet": {"port": "8080"}}})),
            [
                r#"containers[0].livenessProbe.httpGet.port: Invalid value: "8080": must contain at least one letter (a-z) @ containers[0].livenessProbe.httpGet.port"#
            ]
        );
        assert_eq!(
            errors(json!({"livenessProbe": {"grpc": {"port": 65536}}})),
            [
                "containers[0].livenessProbe.grpc.port: Invalid value: 65536: must be between 1 and 65535, inclusive @ containers[0].livenessProbe.grpc.port"
            ]
        );
        assert_eq!(
            errors(json!({"livenessProbe": {"httpGet": {"port": 80, "scheme": "https"}}})),
            [
                r#"containers[0].livenessProbe.httpGet.scheme: Unsupported value: "https": supported values: "HTTP", "HTTPS" @ containers[0].livenessProbe.httpGet.scheme"#
            ]
        );
        assert!(
            errors(json!({"livenessProbe": {"httpGet": {"port": 80, "scheme": ""}}})).is_empty()
        );
        assert_eq!(
            errors(
                json!({"livenessProbe": {"httpGet": {"port": 80, "httpHeaders": [{"name": "X-Ok", "value": "1"}, {"name": "X_Bad", "value": "2"}]}}})
            ),
            [
                r#"containers[0].livenessProbe.httpGet.httpHeaders[1].name: Invalid value: "X_Bad": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+') @ containers[0].livenessProbe.httpGet.httpHeaders"#
            ]
        );
    }

    #[test]
    fn a_port_name_no_port_has_is_a_warning() {
        let (e, w) = judged(
            json!({"ports": [{"name": "http", "containerPort": 80}], "readinessProbe": {"httpGet": {"port": "http"}}, "livenessProbe": {"tcpSocket": {"port": "missing"}}}),
            json!({}),
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(
            w,
            [
                r#"containers[0].livenessProbe.tcpSocket.port: no port of this container is named "missing": the kubelet cannot resolve it, so the probe or hook fails"#
            ]
        );
    }

    #[test]
    fn sleep_is_bounded_by_the_grace_period() {
        let sleep = |s: i64| json!({"lifecycle": {"preStop": {"sleep": {"seconds": s}}}});
        assert!(errors(sleep(0)).is_empty());
        assert!(errors(sleep(30)).is_empty());
        assert_eq!(
            errors(sleep(31)),
            [
                "containers[0].lifecycle.preStop.sleep.seconds: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30) @ containers[0].lifecycle.preStop.sleep"
            ]
        );
        assert_eq!(
            errors(sleep(-1)),
            [
                "containers[0].lifecycle.preStop.sleep.seconds: Invalid value: -1: must be non-negative and less than terminationGracePeriodSeconds (30) @ containers[0].lifecycle.preStop.sleep"
            ]
        );
        let (e, _) = judged(sleep(3), json!({"terminationGracePeriodSeconds": 2}));
        assert_eq!(e.len(), 1);
        assert!(e[0].contains("(2)"), "{e:?}");
        let (e, _) = judged(sleep(1), json!({"terminationGracePeriodSeconds": -5}));
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn stop_signal_is_dropped() {
        // In a task's spec too, and a lifecycle that held nothing else with it: a non-sidecar
        // init container may have it.
        let spec = json!({
            "initContainers": [{"name": "init", "image": "busybox", "lifecycle": {"stopSignal": "SIGUSR1"}}],
            "containers": [{"name": "main", "image": "busybox"}]
        });
        let checked = run(
            &spec,
            Mode::Task { primary: None },
            KubernetesVersion::V1_37,
            Quantities::PassOver,
        );
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        let w: Vec<String> = checked.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            w,
            [
                "initContainers[0].lifecycle.stopSignal: dropped by the API server: the feature \
                 gate ContainerStopSignals is off by default in Kubernetes 1.37; set the stop \
                 signal in the image (STOPSIGNAL) instead"
            ]
        );
    }

    #[test]
    fn ephemeral_containers_have_no_probes_or_hooks() {
        let spec = json!({
            "containers": [{"name": "a", "image": "busybox"}],
            "ephemeralContainers": [{"name": "d", "image": "busybox", "readinessProbe": {}, "lifecycle": {}}]
        });
        let e: Vec<String> = run(
            &spec,
            Mode::Server,
            KubernetesVersion::V1_35,
            Quantities::PassOver,
        )
        .errors
        .iter()
        .map(ToString::to_string)
        .filter(|e| e.contains("Ephemeral Container"))
        .collect();
        assert_eq!(
            e,
            [
                "ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container",
                "ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container",
            ]
        );
    }
}
