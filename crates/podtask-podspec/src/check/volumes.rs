//! Volumes and volume mounts (`ValidateVolumes`, `ValidateVolumeSource`, `ValidateVolumeMounts`).

use std::collections::BTreeSet;

use podtask_rules::suggest::did_you_mean;
use podtask_rules::{Subject, names};
use serde_json::Value;

use super::{ContainerRef, Cx, REQUIRED, duplicate, invalid, list, name_rule, set, string};
use crate::schema::{TypeDef, id};
use crate::{JsonPath, KubernetesVersion, SpecError, SpecWarning};

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    volumes(cx.spec, cx.version, &mut cx.errors, &mut cx.warnings);
    mounts(cx.spec, &cx.containers, &mut cx.errors);
}

/// The volume sources a volume sets (its fields of `version` other than `name` that are given
/// and not `null`), by their JSON names, sorted.
fn sources(volume: &Value, version: KubernetesVersion) -> Vec<&'static str> {
    TypeDef::get(id::VOLUME)
        .fields_in(version)
        .filter(|f| f.name != "name" && set(volume, f.name).is_some())
        .map(|f| f.name)
        .collect()
}

/// Volume names are DNS-1123 labels and unique; each volume sets exactly one source. A
/// `hostPath` volume is allowed but warned about.
pub(super) fn volumes(
    spec: &Value,
    version: KubernetesVersion,
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    let mut seen = BTreeSet::new();
    for (i, volume) in list(spec, "volumes").iter().enumerate() {
        let path = JsonPath::root().key("volumes").index(i);
        let name_path = path.clone().key("name");
        let name = string(volume, "name").unwrap_or_default();
        if name.is_empty() {
            errors.push(SpecError::new(name_path.clone(), REQUIRED));
        } else if let Some(e) = name_rule(
            name_path.clone(),
            Subject::Dns1123Label,
            name,
            names::dns1123_label,
        ) {
            errors.push(e);
        }
        if !name.is_empty() && !seen.insert(name) {
            errors.push(SpecError::new(name_path, duplicate(name)));
        }
        match sources(volume, version).as_slice() {
            [] => errors.push(SpecError::new(
                path.clone(),
                format!("{REQUIRED}: must specify a volume type"),
            )),
            [_] => {}
            [_, more @ ..] => {
                for source in more {
                    errors.push(SpecError::new(
                        path.clone().key(*source),
                        "Forbidden: may not specify more than 1 volume type",
                    ));
                }
            }
        }
        if set(volume, "hostPath").is_some() {
            warnings.push(SpecWarning::new(
                path.key("hostPath"),
                "a hostPath volume exposes the node's file system to the pod; clusters that enforce the baseline Pod Security Standard refuse it",
            ));
        }
    }
}

/// Every mount names a volume of the pod, has a path, and no two mounts of a container share a
/// path.
pub(super) fn mounts(spec: &Value, all: &[ContainerRef<'_>], errors: &mut Vec<SpecError>) {
    let declared: Vec<&str> = list(spec, "volumes")
        .iter()
        .map(|v| string(v, "name").unwrap_or_default())
        .collect();
    for c in all {
        let mut paths = BTreeSet::new();
        for (j, mount) in c.volume_mounts.iter().enumerate() {
            let path = c.path.clone().key("volumeMounts").index(j);
            let name = string(mount, "name").unwrap_or_default();
            if name.is_empty() {
                errors.push(SpecError::new(path.clone().key("name"), REQUIRED));
            } else if !declared.contains(&name) {
                errors.push(SpecError::new(
                    path.clone().key("name"),
                    not_found(name, &declared),
                ));
            }
            let mount_path_at = path.key("mountPath");
            let mount_path = string(mount, "mountPath").unwrap_or_default();
            if mount_path.is_empty() {
                errors.push(SpecError::new(mount_path_at, REQUIRED));
            } else if !paths.insert(mount_path) {
                errors.push(SpecError::new(
                    mount_path_at,
                    invalid(mount_path, "must be unique"),
                ));
            }
        }
    }
}

/// Kubernetes' `field.NotFound` text, with what would have been found.
fn not_found(name: &str, declared: &[&str]) -> String {
    let mut message = format!("Not found: {name:?}: must match the name of a volume of the pod");
    if declared.is_empty() {
        message.push_str(" (the pod declares no volumes)");
    } else if let Some(near) = did_you_mean(name, declared.iter().copied()) {
        message.push_str(&format!("; did you mean `{near}`?"));
    } else {
        message.push_str(&format!(" ({})", declared.join(", ")));
    }
    message
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::check::test_support::{errors, warnings};

    #[test]
    fn volume_names_and_sources() {
        let e = errors(
            json!({"containers": [{"name": "main"}], "volumes": [
                {"name": "data", "emptyDir": {}},
                {"name": "data", "emptyDir": {}},
                {"name": "Cache", "emptyDir": {}},
                {"name": "none"},
                {"name": "both", "emptyDir": {}, "hostPath": {"path": "/tmp"}}
            ]}),
            Some("main"),
        );
        assert_eq!(e.len(), 4, "{e:#?}");
        assert_eq!(e[0], r#"volumes[1].name: Duplicate value: "data""#);
        assert!(e[1].starts_with(r#"volumes[2].name: invalid DNS-1123 label "Cache""#));
        assert_eq!(
            e[2],
            "volumes[3]: Required value: must specify a volume type"
        );
        assert_eq!(
            e[3],
            "volumes[4].hostPath: Forbidden: may not specify more than 1 volume type"
        );
    }

    #[test]
    fn mounts_name_volumes_and_paths_are_unique() {
        let e = errors(
            json!({
                "containers": [{"name": "main", "volumeMounts": [
                    {"name": "data", "mountPath": "/data"},
                    {"name": "dta", "mountPath": "/data"},
                    {"name": "cache", "mountPath": ""}
                ]}],
                "volumes": [{"name": "data", "emptyDir": {}}, {"name": "scratch", "emptyDir": {}}]
            }),
            Some("main"),
        );
        assert_eq!(
            e,
            [
                r#"containers[0].volumeMounts[1].name: Not found: "dta": must match the name of a volume of the pod; did you mean `data`?"#,
                r#"containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique"#,
                r#"containers[0].volumeMounts[2].name: Not found: "cache": must match the name of a volume of the pod (data, scratch)"#,
                "containers[0].volumeMounts[2].mountPath: Required value",
            ]
        );
        let e = errors(
            json!({"containers": [{"name": "main", "volumeMounts": [{"name": "x", "mountPath": "/x"}]}]}),
            Some("main"),
        );
        assert_eq!(
            e,
            [
                r#"containers[0].volumeMounts[0].name: Not found: "x": must match the name of a volume of the pod (the pod declares no volumes)"#
            ]
        );
    }

    #[test]
    fn host_path_is_warned_about() {
        let w = warnings(
            json!({"containers": [{"name": "main"}], "volumes": [{"name": "docker", "hostPath": {"path": "/var/run/docker.sock"}}]}),
            Some("main"),
        );
        assert_eq!(w.len(), 1);
        assert!(w[0].starts_with("volumes[0].hostPath: a hostPath volume exposes"));
    }
}
