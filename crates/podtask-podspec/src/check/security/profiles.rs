//! What a pod's and a container's security contexts share: the seccomp profile
//! (`validateSeccompProfileField`), the AppArmor profile (`ValidateAppArmorProfileField`) and the
//! Windows options (`validateWindowsSecurityContextOptions`).

use podtask_rules::{Subject, names, security};
use serde_json::Value;

use super::{invalid_raw, object};
use crate::check::{REQUIRED, invalid, name_rule, not_supported, set, string};
use crate::{JsonPath, SpecError};

/// The types of a seccomp or AppArmor profile, as Kubernetes lists them.
const PROFILE_TYPES: [&str; 3] = ["Localhost", "RuntimeDefault", "Unconfined"];

/// The longest AppArmor `localhostProfile` (`PATH_MAX - 1`).
const MAX_APPARMOR_PROFILE_LENGTH: usize = 4095;

/// The longest `gmsaCredentialSpec`, in bytes (64 KiB).
const MAX_GMSA_CREDENTIAL_SPEC_LENGTH: usize = 64 * 1024;

/// The three profiles and options of a security context `sc` at `path`.
pub(super) fn check(sc: &Value, path: &JsonPath, errors: &mut Vec<SpecError>) {
    if let Some(profile) = object(sc, "seccompProfile") {
        seccomp(profile, &path.clone().key("seccompProfile"), errors);
    }
    if let Some(options) = object(sc, "windowsOptions") {
        windows_options(options, &path.clone().key("windowsOptions"), errors);
    }
    if let Some(profile) = object(sc, "appArmorProfile") {
        app_armor(profile, &path.clone().key("appArmorProfile"), errors);
    }
}

/// A seccomp profile: a type of [`PROFILE_TYPES`]; a `localhostProfile`, a relative path
/// without `..`, exactly when the type is `Localhost`. An empty `localhostProfile` is accepted,
/// as Kubernetes accepts it.
pub(super) fn seccomp(profile: &Value, path: &JsonPath, errors: &mut Vec<SpecError>) {
    let kind = string(profile, "type").unwrap_or_default();
    let type_path = path.clone().key("type");
    match kind {
        "" => errors.push(SpecError::new(
            type_path,
            format!("{REQUIRED}: type is required when seccompProfile is set"),
        )),
        k if !PROFILE_TYPES.contains(&k) => {
            errors.push(SpecError::new(type_path, not_supported(k, &PROFILE_TYPES)));
        }
        _ => {}
    }
    let local_path = path.clone().key("localhostProfile");
    let local = set(profile, "localhostProfile");
    if kind == "Localhost" {
        match local.and_then(Value::as_str) {
            None if local.is_none() => errors.push(SpecError::new(
                local_path,
                format!("{REQUIRED}: must be set when seccomp type is Localhost"),
            )),
            None => {}
            Some(p) => local_descending_path(p, &local_path, errors),
        }
    } else if local.is_some() {
        errors.push(SpecError::new(
            local_path,
            invalid_raw(profile, "can only be set when seccomp type is Localhost"),
        ));
    }
}

/// A path that must stay under a base directory (`validateLocalDescendingPath`): relative, and
/// without a `..` element.
fn local_descending_path(p: &str, path: &JsonPath, errors: &mut Vec<SpecError>) {
    if p.starts_with('/') {
        errors.push(SpecError::new(
            path.clone(),
            invalid(p, "must be a relative path"),
        ));
    }
    if p.split('/').any(|part| part == "..") {
        errors.push(SpecError::new(
            path.clone(),
            invalid(p, "must not contain '..'"),
        ));
    }
}

/// An AppArmor profile: a type of [`PROFILE_TYPES`]; for `Localhost` a `localhostProfile` that is
/// not blank, not padded with white space and at most 4095 bytes long; for the others no
/// `localhostProfile`.
pub(super) fn app_armor(profile: &Value, path: &JsonPath, errors: &mut Vec<SpecError>) {
    let local_path = path.clone().key("localhostProfile");
    let local = set(profile, "localhostProfile");
    match string(profile, "type").unwrap_or_default() {
        "Localhost" => {
            let Some(local) = local else {
                errors.push(SpecError::new(
                    local_path,
                    format!("{REQUIRED}: must be set when AppArmor type is Localhost"),
                ));
                return;
            };
            let Some(p) = local.as_str() else {
                return;
            };
            if p.trim() != p {
                errors.push(SpecError::new(
                    local_path.clone(),
                    invalid(p, "must not be padded with whitespace"),
                ));
            } else if p.is_empty() {
                errors.push(SpecError::new(
                    local_path.clone(),
                    format!("{REQUIRED}: must be set when AppArmor type is Localhost"),
                ));
            }
            if p.len() > MAX_APPARMOR_PROFILE_LENGTH {
                errors.push(SpecError::new(
                    local_path,
                    format!("Too long: must have at most {MAX_APPARMOR_PROFILE_LENGTH} bytes"),
                ));
            }
        }
        "RuntimeDefault" | "Unconfined" => {
            if let Some(local) = local {
                errors.push(SpecError::new(
                    local_path,
                    invalid_raw(local, "can only be set when AppArmor type is Localhost"),
                ));
            }
        }
        "" => errors.push(SpecError::new(
            path.clone().key("type"),
            format!("{REQUIRED}: type is required when appArmorProfile is set"),
        )),
        other => errors.push(SpecError::new(
            path.clone().key("type"),
            not_supported(other, &PROFILE_TYPES),
        )),
    }
}

/// Windows options: `gmsaCredentialSpecName` names a resource (a DNS-1123 subdomain),
/// `gmsaCredentialSpec` is not empty and at most 64 KiB, `runAsUserName` is `[DOMAIN\]USER` as
/// Windows allows it.
pub(super) fn windows_options(options: &Value, path: &JsonPath, errors: &mut Vec<SpecError>) {
    if let Some(name) = string(options, "gmsaCredentialSpecName")
        && let Some(e) = name_rule(
            path.clone().key("gmsaCredentialSpecName"),
            Subject::Dns1123Subdomain,
            name,
            names::dns1123_subdomain,
        )
    {
        errors.push(e);
    }
    if let Some(spec) = string(options, "gmsaCredentialSpec") {
        let detail = if spec.is_empty() {
            Some("gmsaCredentialSpec cannot be an empty string".to_owned())
        } else if spec.len() > MAX_GMSA_CREDENTIAL_SPEC_LENGTH {
            Some("gmsaCredentialSpec size must be under 64 KiB".to_owned())
        } else {
            None
        };
        if let Some(detail) = detail {
            errors.push(SpecError::new(
                path.clone().key("gmsaCredentialSpec"),
                invalid(spec, &detail),
            ));
        }
    }
    if let Some(user) = string(options, "runAsUserName") {
        for detail in security::windows_user_name(user) {
            errors.push(SpecError::new(
                path.clone().key("runAsUserName"),
                invalid(user, &detail),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::{fields, shown, with_context};

    const C: &str = "spec.containers[0].securityContext";

    #[test]
    fn seccomp_types() {
        for (profile, expected) in [
            (json!({"type": "RuntimeDefault"}), vec![]),
            (json!({"type": "Unconfined"}), vec![]),
            (json!({"type": "Localhost", "localhostProfile": ""}), vec![]),
            (
                json!({"type": "Localhost", "localhostProfile": "a/b.json"}),
                vec![],
            ),
            (
                json!({"type": "RUNTIMEDEFAULT"}),
                vec!["seccompProfile.type"],
            ),
            (
                json!({"type": "RuntimeDefault "}),
                vec!["seccompProfile.type"],
            ),
            (json!({}), vec!["seccompProfile.type"]),
            (
                json!({"type": "Localhost"}),
                vec!["seccompProfile.localhostProfile"],
            ),
            // Reading reports a missing type first (`type` is required), then stops.
            (
                json!({"localhostProfile": "x"}),
                vec!["seccompProfile.type"],
            ),
            (
                json!({"type": "RuntimeDefault", "localhostProfile": "x"}),
                vec!["seccompProfile.localhostProfile"],
            ),
            (
                json!({"type": "Localhost", "localhostProfile": "/abs/eval.json"}),
                vec!["seccompProfile.localhostProfile"],
            ),
            (
                json!({"type": "Localhost", "localhostProfile": "a/../../b"}),
                vec!["seccompProfile.localhostProfile"],
            ),
            (
                json!({"type": "Localhost", "localhostProfile": "/../b"}),
                vec![
                    "seccompProfile.localhostProfile",
                    "seccompProfile.localhostProfile",
                ],
            ),
        ] {
            let pod = fields(
                json!({"securityContext": {"seccompProfile": profile.clone()},
                "containers": [with_context(json!({"seccompProfile": profile.clone()}))]}),
            );
            let mut want: Vec<String> = expected
                .iter()
                .map(|f| format!("spec.containers[0].securityContext.{f}"))
                .collect();
            want.extend(expected.iter().map(|f| format!("spec.securityContext.{f}")));
            let mut got = pod.clone();
            got.sort();
            want.sort();
            assert_eq!(got, want, "{profile}");
        }
    }

    #[test]
    fn seccomp_messages() {
        let shown = shown(json!({"containers": [with_context(
            json!({"seccompProfile": {"type": "Localhost", "localhostProfile": "../eval.json"}})
        )]}));
        assert_eq!(
            shown,
            [format!(
                r#"{C}.seccompProfile.localhostProfile: Invalid value: "../eval.json": must not contain '..'"#
            )]
        );
    }

    #[test]
    fn app_armor_profiles() {
        for (profile, expected) in [
            (json!({"type": "RuntimeDefault"}), None),
            (json!({"type": "Unconfined"}), None),
            (
                json!({"type": "Localhost", "localhostProfile": "k8s-apparmor"}),
                None,
            ),
            (json!({"type": "Localhost"}), Some("localhostProfile")),
            (
                json!({"type": "Localhost", "localhostProfile": ""}),
                Some("localhostProfile"),
            ),
            (
                json!({"type": "Localhost", "localhostProfile": " x"}),
                Some("localhostProfile"),
            ),
            (
                json!({"type": "Localhost", "localhostProfile": "x".repeat(4096)}),
                Some("localhostProfile"),
            ),
            (
                json!({"type": "RuntimeDefault", "localhostProfile": "x"}),
                Some("localhostProfile"),
            ),
            (json!({"type": "Runtimedefault"}), Some("type")),
            (json!({}), Some("type")),
        ] {
            let got = fields(
                json!({"containers": [with_context(json!({"appArmorProfile": profile.clone()}))]}),
            );
            let want: Vec<String> = expected
                .map(|f| format!("{C}.appArmorProfile.{f}"))
                .into_iter()
                .collect();
            assert_eq!(got, want, "{profile}");
        }
    }

    #[test]
    fn windows_options() {
        assert_eq!(
            fields(
                json!({"containers": [with_context(json!({"windowsOptions": {
                    "runAsUserName": "ContainerUser", "gmsaCredentialSpecName": "gmsa-spec",
                    "gmsaCredentialSpec": "{}", "hostProcess": false
                }}))]})
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            shown(
                json!({"containers": [with_context(json!({"windowsOptions": {"runAsUserName": "bad\\name\\x"}}))]})
            ),
            [format!(
                r#"{C}.windowsOptions.runAsUserName: Invalid value: "bad\\name\\x": runAsUserName cannot contain more than one backslash"#
            )]
        );
        assert_eq!(
            fields(json!({"securityContext": {"windowsOptions": {
                "gmsaCredentialSpecName": "Bad_Name", "gmsaCredentialSpec": ""
            }}, "containers": [with_context(json!({}))]})),
            [
                "spec.securityContext.windowsOptions.gmsaCredentialSpecName",
                "spec.securityContext.windowsOptions.gmsaCredentialSpec",
            ]
        );
    }
}
