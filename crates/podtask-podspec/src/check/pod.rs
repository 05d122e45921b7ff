//! The pod's own settings (`ValidatePodSpec`, `ValidatePodCreate`): DNS policy and config, host
//! aliases, hostname and subdomain, host namespaces, priority, runtime class, readiness and
//! scheduling gates, `nodeName`, `activeDeadlineSeconds`, resource claims and the OS.

use podtask_rules::net::{self, IpValidation};
use podtask_rules::{Subject, Violation, names};
use serde_json::Value;

use super::{Cx, REQUIRED, duplicate, invalid, list, name_rule, not_supported, set, string};
use crate::{JsonPath, SpecError, SpecWarning};

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    let spec = cx.spec;
    let ips = IpValidation::for_minor(cx.version.minor());
    let errors = &mut cx.errors;
    let warnings = &mut cx.warnings;
    dns_policy(spec, errors);
    dns_config(spec, ips, errors, warnings);
    readiness_gates(spec, errors);
    scheduling_gates(spec, errors);
    node_name(spec, errors);
    active_deadline(spec, errors);
    hostname(spec, errors);
    hostname_override(spec, cx.version.minor(), errors);
    host_aliases(spec, ips, errors, warnings);
    classes(spec, errors);
    os(cx);
    termination_grace_period(cx.spec, &mut cx.warnings);
}

/// The DNS policies (`core.DNSClusterFirstWithHostNet`, ...), in Kubernetes' order.
const DNS_POLICIES: [&str; 4] = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
/// The operating systems a pod may name (`validOS`), sorted as Kubernetes lists them.
const OSES: [&str; 2] = ["linux", "windows"];
/// The preemption policies (`core.PreemptLowerPriority`, `core.PreemptNever`).
const PREEMPTION_POLICIES: [&str; 2] = ["PreemptLowerPriority", "Never"];
/// `MaxDNSNameservers`.
const MAX_NAMESERVERS: usize = 3;
/// `MaxDNSSearchPaths`.
const MAX_SEARCH_PATHS: usize = 32;
/// `MaxDNSSearchListChars`.
const MAX_SEARCH_LIST_CHARS: usize = 2048;

/// Whether the boolean under `key` is `true`.
fn enabled(object: &Value, key: &str) -> bool {
    object.get(key).and_then(Value::as_bool) == Some(true)
}

/// A rule of the rulebook broken by `value`, as an error at `path` in Kubernetes' words.
fn violation(path: JsonPath, value: &str, v: Violation) -> SpecError {
    SpecError::new(path, invalid(value, v.message))
}

/// `dnsPolicy` is one of four (an empty one becomes `ClusterFirst`).
fn dns_policy(spec: &Value, errors: &mut Vec<SpecError>) {
    if let Some(policy) = string(spec, "dnsPolicy")
        && !policy.is_empty()
        && !DNS_POLICIES.contains(&policy)
    {
        errors.push(SpecError::new(
            JsonPath::root().key("dnsPolicy"),
            not_supported(policy, &DNS_POLICIES),
        ));
    }
}

/// `dnsConfig` (`validatePodDNSConfig`): required with `dnsPolicy: None`, with a nameserver; at
/// most 3 nameservers, each an IP address; at most 32 search domains of 2048 characters in all,
/// each a DNS search domain; options with names.
fn dns_config(
    spec: &Value,
    ips: IpValidation,
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    let at = JsonPath::root().key("dnsConfig");
    let config = set(spec, "dnsConfig");
    if string(spec, "dnsPolicy") == Some("None") {
        let Some(config) = config else {
            // At the policy, where the mistake can be pointed at; the server names `dnsConfig`.
            errors.push(
                SpecError::new(
                    JsonPath::root().key("dnsPolicy"),
                    format!("{REQUIRED}: must provide `dnsConfig` when `dnsPolicy` is None"),
                )
                .reported_at("dnsConfig"),
            );
            return;
        };
        if list(config, "nameservers").is_empty() {
            errors.push(SpecError::new(
                at.key("nameservers"),
                format!(
                    "{REQUIRED}: must provide at least one DNS nameserver when `dnsPolicy` is None"
                ),
            ));
            return;
        }
    }
    let Some(config) = config else {
        return;
    };
    let nameservers = list(config, "nameservers");
    if nameservers.len() > MAX_NAMESERVERS {
        errors.push(SpecError::new(
            at.clone().key("nameservers"),
            format!(
                "Invalid value: {}: must not have more than {MAX_NAMESERVERS} nameservers",
                Value::from(nameservers.to_vec())
            ),
        ));
    }
    for (i, ns) in nameservers.iter().enumerate() {
        let path = at.clone().key("nameservers").index(i);
        ip(path, ns.as_str().unwrap_or_default(), ips, errors, warnings);
    }
    let searches = list(config, "searches");
    if searches.len() > MAX_SEARCH_PATHS {
        errors.push(SpecError::new(
            at.clone().key("searches"),
            format!(
                "Invalid value: {}: must not have more than {MAX_SEARCH_PATHS} search paths",
                Value::from(searches.to_vec())
            ),
        ));
    }
    let joined = searches
        .iter()
        .map(|s| s.as_str().map_or(0, str::len))
        .sum::<usize>()
        + searches.len().saturating_sub(1);
    if joined > MAX_SEARCH_LIST_CHARS {
        errors.push(SpecError::new(
            at.clone().key("searches"),
            format!(
                "Invalid value: {}: must not have more than {MAX_SEARCH_LIST_CHARS} characters (including spaces) in the search list",
                Value::from(searches.to_vec())
            ),
        ));
    }
    for (i, search) in searches.iter().enumerate() {
        let search = search.as_str().unwrap_or_default();
        if let Err(v) = net::search_domain(search) {
            let shown = if search != "." {
                search.strip_suffix('.').unwrap_or(search)
            } else {
                search
            };
            errors.push(violation(at.clone().key("searches").index(i), shown, v));
        }
    }
    for (i, option) in list(config, "options").iter().enumerate() {
        if string(option, "name").unwrap_or_default().is_empty() {
            errors.push(SpecError::new(
                at.clone().key("options").index(i),
                format!("{REQUIRED}: must not be empty"),
            ));
        }
    }
}

/// An IP address of a legacy field (`IsValidIPForLegacyField`); a non-standard one the server
/// accepts is a warning (`GetWarningsForIP`).
fn ip(
    path: JsonPath,
    value: &str,
    ips: IpValidation,
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    match net::ip_for_legacy_field(value, ips) {
        Err(v) => errors.push(violation(path, value, v)),
        Ok(()) => {
            if let Some(w) = net::ip_warning(value) {
                warnings.push(SpecWarning::new(path, w));
            }
        }
    }
}

/// Each readiness gate's `conditionType` is a qualified name.
fn readiness_gates(spec: &Value, errors: &mut Vec<SpecError>) {
    for (i, gate) in list(spec, "readinessGates").iter().enumerate() {
        let path = JsonPath::root()
            .key("readinessGates")
            .index(i)
            .key("conditionType");
        let value = string(gate, "conditionType").unwrap_or_default();
        if let Some(e) = name_rule(path, Subject::QualifiedName, value, names::qualified_name) {
            errors.push(e);
        }
    }
}

/// Each scheduling gate's name is a qualified name, and unique; the server names the gate, not
/// its `name`.
fn scheduling_gates(spec: &Value, errors: &mut Vec<SpecError>) {
    let gates = list(spec, "schedulingGates");
    for (i, gate) in gates.iter().enumerate() {
        let at = format!("schedulingGates[{i}]");
        let path = JsonPath::root().key("schedulingGates").index(i).key("name");
        let value = string(gate, "name").unwrap_or_default();
        if let Some(e) = name_rule(
            path.clone(),
            Subject::QualifiedName,
            value,
            names::qualified_name,
        ) {
            errors.push(e.reported_at(at.clone()));
        }
        let seen = gates[..i]
            .iter()
            .any(|g| string(g, "name").unwrap_or_default() == value);
        if seen {
            errors.push(SpecError::new(path, duplicate(value)).reported_at(at));
        }
    }
}

/// `nodeName` cannot be set on a pod with scheduling gates (`ValidatePodCreate`; that it names
/// a node is checked with the other scheduling rules).
fn node_name(spec: &Value, errors: &mut Vec<SpecError>) {
    if string(spec, "nodeName").is_none_or(str::is_empty) {
        return;
    }
    let path = JsonPath::root().key("nodeName");
    if !list(spec, "schedulingGates").is_empty() {
        errors.push(SpecError::new(
            path,
            "Forbidden: cannot be set until all schedulingGates have been cleared",
        ));
    }
}

/// `activeDeadlineSeconds` is between 1 and 2^31 - 1.
fn active_deadline(spec: &Value, errors: &mut Vec<SpecError>) {
    let Some(value) = set(spec, "activeDeadlineSeconds") else {
        return;
    };
    let in_range = match (value.as_i64(), value.as_u64()) {
        (Some(n), _) => (1..=i64::from(i32::MAX)).contains(&n),
        (None, Some(_)) => false,
        // Not an integer: reading reports it.
        (None, None) => true,
    };
    if !in_range {
        errors.push(SpecError::new(
            JsonPath::root().key("activeDeadlineSeconds"),
            format!(
                "Invalid value: {value}: must be between 1 and {}, inclusive",
                i32::MAX
            ),
        ));
    }
}

/// `hostname` and `subdomain`, when given, are DNS-1123 labels.
fn hostname(spec: &Value, errors: &mut Vec<SpecError>) {
    for field in ["hostname", "subdomain"] {
        if let Some(value) = string(spec, field).filter(|v| !v.is_empty())
            && let Some(e) = name_rule(
                JsonPath::root().key(field),
                Subject::Dns1123Label,
                value,
                names::dns1123_label,
            )
        {
            errors.push(e);
        }
    }
}

/// The longest `hostnameOverride`: a kernel hostname.
const MAX_HOSTNAME_OVERRIDE: usize = 64;

/// `hostnameOverride` (from 1.34; its feature gate `HostnameOverride` is off in 1.34, where the
/// server drops it, and on from 1.35): a DNS-1123 subdomain of at most 64 characters, not with
/// `setHostnameAsFQDN` nor with `hostNetwork`.
fn hostname_override(spec: &Value, minor: u8, errors: &mut Vec<SpecError>) {
    let Some(value) = string(spec, "hostnameOverride").filter(|v| !v.is_empty()) else {
        return;
    };
    let path = JsonPath::root().key("hostnameOverride");
    // 1.34 drops the field before the rules run ([`super::run`]); 1.33 has no such field.
    if minor < 35 {
        return;
    }
    if enabled(spec, "setHostnameAsFQDN") {
        errors.push(SpecError::new(
            path.clone(),
            "Forbidden: may not be specified when setHostnameAsFQDN is true",
        ));
    }
    if enabled(spec, "hostNetwork") {
        errors.push(SpecError::new(
            path.clone(),
            "Forbidden: may not be specified when hostNetwork is true",
        ));
    }
    if let Some(e) = name_rule(
        path.clone(),
        Subject::Dns1123Subdomain,
        value,
        names::dns1123_subdomain,
    ) {
        errors.push(e);
    } else if value.len() > MAX_HOSTNAME_OVERRIDE {
        errors.push(SpecError::new(
            path,
            format!("Too long: may not be more than {MAX_HOSTNAME_OVERRIDE} bytes"),
        ));
    }
}

/// Each host alias has an IP address and DNS-1123 subdomains as hostnames
/// (`ValidateHostAliases`).
fn host_aliases(
    spec: &Value,
    ips: IpValidation,
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    for (i, alias) in list(spec, "hostAliases").iter().enumerate() {
        let at = JsonPath::root().key("hostAliases").index(i);
        let address = string(alias, "ip").unwrap_or_default();
        ip(at.clone().key("ip"), address, ips, errors, warnings);
        for (j, host) in list(alias, "hostnames").iter().enumerate() {
            let host = host.as_str().unwrap_or_default();
            if let Some(e) = name_rule(
                at.clone().key("hostnames").index(j),
                Subject::Dns1123Subdomain,
                host,
                names::dns1123_subdomain,
            ) {
                errors.push(e);
            }
        }
    }
}

/// `priorityClassName` (when not empty) and `runtimeClassName` (when given, even empty) name
/// objects: DNS-1123 subdomains; `preemptionPolicy`, when given, is one of two.
fn classes(spec: &Value, errors: &mut Vec<SpecError>) {
    if let Some(name) = string(spec, "priorityClassName").filter(|n| !n.is_empty())
        && let Some(e) = name_rule(
            JsonPath::root().key("priorityClassName"),
            Subject::Dns1123Subdomain,
            name,
            names::dns1123_subdomain,
        )
    {
        errors.push(e);
    }
    if let Some(name) = string(spec, "runtimeClassName")
        && let Some(e) = name_rule(
            JsonPath::root().key("runtimeClassName"),
            Subject::Dns1123Subdomain,
            name,
            names::dns1123_subdomain,
        )
    {
        errors.push(e);
    }
    if let Some(policy) = string(spec, "preemptionPolicy") {
        let path = JsonPath::root().key("preemptionPolicy");
        if policy.is_empty() {
            errors.push(SpecError::new(path, REQUIRED));
        } else if !PREEMPTION_POLICIES.contains(&policy) {
            errors.push(SpecError::new(
                path,
                not_supported(policy, &PREEMPTION_POLICIES),
            ));
        }
    }
}

/// `os.name` is `linux` or `windows` (`validateOS`).
fn os(cx: &mut Cx<'_>) {
    let Some(os) = set(cx.spec, "os") else {
        return;
    };
    let name = string(os, "name").unwrap_or_default();
    let at = JsonPath::root().key("os");
    // What a Linux or Windows pod may not set is checked with the security contexts
    // (`security::operating_system`).
    if name.is_empty() {
        cx.errors.push(SpecError::new(at.key("name"), REQUIRED));
    } else if !OSES.contains(&name) {
        cx.errors
            .push(SpecError::new(at.key("name"), not_supported(name, &OSES)).reported_at("os"));
    }
}

/// A negative `terminationGracePeriodSeconds` is accepted and set to 1 by the server.
fn termination_grace_period(spec: &Value, warnings: &mut Vec<SpecWarning>) {
    if let Some(n) = spec
        .get("terminationGracePeriodSeconds")
        .and_then(Value::as_i64)
        && n < 0
    {
        warnings.push(SpecWarning::new(
            JsonPath::root().key("terminationGracePeriodSeconds"),
            format!("a negative grace period ({n}) is replaced by 1 second: the pod is killed almost at once"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::KubernetesVersion;
    use crate::check::{Mode, Quantities, run};

    /// The errors of a spec with one container and `extra`, for `version`, as `field: message`.
    fn errors_in(version: KubernetesVersion, extra: Value) -> Vec<String> {
        let mut spec = json!({"containers": [{"name": "main", "image": "busybox"}]});
        for (k, v) in extra.as_object().into_iter().flatten() {
            spec[k] = v.clone();
        }
        run(&spec, Mode::Server, version, Quantities::Report)
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.field(), e.message))
            .collect()
    }

    fn errors(extra: Value) -> Vec<String> {
        errors_in(KubernetesVersion::V1_35, extra)
    }

    fn warnings(extra: Value) -> Vec<String> {
        let mut spec = json!({"containers": [{"name": "main", "image": "busybox"}]});
        for (k, v) in extra.as_object().into_iter().flatten() {
            spec[k] = v.clone();
        }
        run(
            &spec,
            Mode::Server,
            KubernetesVersion::V1_35,
            Quantities::Report,
        )
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect()
    }

    #[test]
    fn dns_policy_is_one_of_four() {
        assert!(errors(json!({"dnsPolicy": "ClusterFirstWithHostNet"})).is_empty());
        assert!(errors(json!({"dnsPolicy": ""})).is_empty());
        assert_eq!(
            errors(json!({"dnsPolicy": "clusterfirst"})),
            [
                r#"dnsPolicy: Unsupported value: "clusterfirst": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None""#
            ]
        );
    }

    #[test]
    fn dns_config_for_policy_none() {
        assert_eq!(
            errors(json!({"dnsPolicy": "None"})),
            ["dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"]
        );
        assert_eq!(
            errors(json!({"dnsPolicy": "None", "dnsConfig": {"searches": ["a.b"]}})),
            [
                "dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None"
            ]
        );
        assert!(
            errors(json!({"dnsPolicy": "None", "dnsConfig": {"nameservers": ["1.1.1.1"]}}))
                .is_empty()
        );
        assert!(errors(json!({"dnsConfig": {"options": [{"name": "ndots", "value": "1"}, {"name": "ndots"}]}})).is_empty());
    }

    #[test]
    fn nameservers_are_at_most_three_ip_addresses() {
        assert_eq!(
            errors(
                json!({"dnsConfig": {"nameservers": ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"]}})
            ),
            [
                r#"dnsConfig.nameservers: Invalid value: ["10.0.0.1","10.0.0.2","10.0.0.3","10.0.0.4"]: must not have more than 3 nameservers"#
            ]
        );
        assert_eq!(
            errors(json!({"dnsConfig": {"nameservers": ["10.0.0.1:53"]}})),
            [
                r#"dnsConfig.nameservers[0]: Invalid value: "10.0.0.1:53": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"#
            ]
        );
    }

    #[test]
    fn leading_zeros_are_accepted_until_1_36() {
        let config = json!({"dnsConfig": {"nameservers": ["010.0.0.1"]}});
        assert!(errors_in(KubernetesVersion::V1_35, config.clone()).is_empty());
        assert_eq!(
            warnings(config.clone()),
            [
                r#"dnsConfig.nameservers[0]: non-standard IP address "010.0.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1""#
            ]
        );
        assert_eq!(
            errors_in(KubernetesVersion::V1_36, config),
            [r#"dnsConfig.nameservers[0]: Invalid value: "010.0.0.1": must not have leading 0s"#]
        );
        let alias = json!({"hostAliases": [{"ip": "::ffff:10.0.0.1", "hostnames": ["a"]}]});
        assert!(errors_in(KubernetesVersion::V1_33, alias.clone()).is_empty());
        assert_eq!(
            errors_in(KubernetesVersion::V1_37, alias),
            [
                r#"hostAliases[0].ip: Invalid value: "::ffff:10.0.0.1": must not be an IPv4-mapped IPv6 address"#
            ]
        );
    }

    #[test]
    fn search_domains() {
        assert!(
            errors(json!({"dnsConfig": {"searches": ["example.com.", ".", "_srv._tcp.x"]}}))
                .is_empty()
        );
        let e = errors(json!({"dnsConfig": {"searches": ["ok.com", "UPPER.example.com"]}}));
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with(r#"dnsConfig.searches[1]: Invalid value: "UPPER.example.com": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.'"#),
            "{}",
            e[0]
        );
        let many: Vec<String> = (0..33).map(|i| format!("s{i}.example.com")).collect();
        let e = errors(json!({"dnsConfig": {"searches": many}}));
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("dnsConfig.searches: Invalid value: [\"s0.example.com\","));
        assert!(e[0].ends_with("must not have more than 32 search paths"));
        let long: Vec<String> = (0..9).map(|_| "a".repeat(230)).collect();
        let e = errors(json!({"dnsConfig": {"searches": long}}));
        assert_eq!(e.len(), 1);
        assert!(e[0].ends_with(
            "must not have more than 2048 characters (including spaces) in the search list"
        ));
        assert_eq!(
            errors(json!({"dnsConfig": {"options": [{"name": "ndots"}, {"name": ""}]}})),
            ["dnsConfig.options[1]: Required value: must not be empty"]
        );
    }

    #[test]
    fn host_aliases() {
        assert!(
            errors(json!({"hostAliases": [{"ip": "::1", "hostnames": ["localhost", "localhost"]}, {"ip": "10.1.2.3"}]}))
                .is_empty()
        );
        let e = errors(json!({"hostAliases": [{"ip": "256.0.0.1", "hostnames": ["ok", "x..y"]}]}));
        assert_eq!(e.len(), 2);
        assert_eq!(
            e[0],
            r#"hostAliases[0].ip: Invalid value: "256.0.0.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"#
        );
        assert!(
            e[1].starts_with(r#"hostAliases[0].hostnames[1]: invalid DNS-1123 subdomain "x..y""#),
            "{}",
            e[1]
        );
    }

    #[test]
    fn hostname_and_subdomain_are_labels() {
        assert!(errors(json!({"hostname": "worker-0", "subdomain": "job"})).is_empty());
        let e = errors(json!({"hostname": "worker.0", "subdomain": "-job"}));
        assert_eq!(e.len(), 2);
        assert!(e[0].starts_with("hostname: ") && e[0].contains("must not contain dots"));
        assert!(
            e[1].starts_with(r#"subdomain: invalid DNS-1123 label "-job""#),
            "{}",
            e[1]
        );
    }

    #[test]
    fn active_deadline_is_a_positive_int32() {
        assert!(errors(json!({"activeDeadlineSeconds": 2147483647})).is_empty());
        for bad in [json!(0), json!(-1), json!(2147483648_i64), json!(u64::MAX)] {
            assert_eq!(
                errors(json!({"activeDeadlineSeconds": bad.clone()})),
                [format!(
                    "activeDeadlineSeconds: Invalid value: {bad}: must be between 1 and 2147483647, inclusive"
                )]
            );
        }
    }

    #[test]
    fn gates() {
        assert!(errors(json!({"schedulingGates": [{"name": "example.com/gate"}], "readinessGates": [{"conditionType": "Ready"}]})).is_empty());
        let e = errors(json!({"schedulingGates": [{"name": "x/"}, {"name": "a"}, {"name": "a"}]}));
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with(
                r#"schedulingGates[0]: invalid qualified name "x/": name part must be non-empty"#
            ),
            "{}",
            e[0]
        );
        assert_eq!(e[1], r#"schedulingGates[2]: Duplicate value: "a""#);
        let e = errors(json!({"readinessGates": [{"conditionType": "a/b/c"}]}));
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with(r#"readinessGates[0].conditionType: invalid qualified name "a/b/c""#)
        );
        assert_eq!(
            errors(json!({"schedulingGates": [{"name": "g"}], "nodeName": "node-1"})),
            ["nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"]
        );
    }

    #[test]
    fn classes_and_preemption() {
        assert!(errors(json!({"priorityClassName": "", "runtimeClassName": "nvidia", "preemptionPolicy": "Never"})).is_empty());
        let e = errors(
            json!({"priorityClassName": "High_Priority", "runtimeClassName": "", "preemptionPolicy": "Bogus"}),
        );
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].starts_with("priorityClassName: invalid DNS-1123 subdomain"));
        assert!(e[1].starts_with("runtimeClassName: invalid DNS-1123 subdomain"));
        assert_eq!(
            e[2],
            r#"preemptionPolicy: Unsupported value: "Bogus": supported values: "PreemptLowerPriority", "Never""#
        );
    }

    #[test]
    fn hostname_override_is_dropped_by_1_34() {
        let spec = json!({"containers": [{"name": "main", "image": "busybox"}],
            "hostnameOverride": "Bad_Host"});
        let checked = run(
            &spec,
            Mode::Server,
            KubernetesVersion::V1_34,
            Quantities::Report,
        );
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        let w: Vec<String> = checked.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            w,
            [
                "hostnameOverride: dropped by the API server: the feature gate HostnameOverride \
                 is off by default in Kubernetes 1.34"
            ]
        );
    }

    #[test]
    fn hostname_override_from_1_35() {
        assert!(errors(json!({"hostnameOverride": "host.example.com"})).is_empty());
        assert!(
            errors_in(
                KubernetesVersion::V1_34,
                json!({"hostnameOverride": "Bad_Host", "hostNetwork": true})
            )
            .is_empty()
        );
        assert_eq!(
            errors(
                json!({"hostnameOverride": "h", "setHostnameAsFQDN": true, "hostNetwork": true})
            ),
            [
                "hostnameOverride: Forbidden: may not be specified when setHostnameAsFQDN is true",
                "hostnameOverride: Forbidden: may not be specified when hostNetwork is true",
            ]
        );
        assert_eq!(
            errors(json!({"hostnameOverride": "a".repeat(65)})),
            ["hostnameOverride: Too long: may not be more than 64 bytes"]
        );
        let e = errors(json!({"hostnameOverride": "Bad_Host"}));
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with(r#"hostnameOverride: invalid DNS-1123 subdomain "Bad_Host""#));
    }

    #[test]
    fn negative_grace_period_is_a_warning() {
        assert!(errors(json!({"terminationGracePeriodSeconds": -5})).is_empty());
        assert_eq!(
            warnings(json!({"terminationGracePeriodSeconds": -5})).len(),
            1
        );
    }
}
