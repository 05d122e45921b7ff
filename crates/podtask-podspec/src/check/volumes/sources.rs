//! The rules of each volume source (`validateHostPathVolumeSource`, `validateSecretVolumeSource`,
//! ..., `validateProjectedVolumeSource`, `validateImageVolumeSource`), applied to a volume's
//! source (the first one it sets).

use podtask_rules::{Quantity, Subject, names};
use serde_json::Value;

use super::{
    Place, file_mode, forbidden, int, invalid_number, local_descending, local_non_reserved,
    required, text,
};
use crate::check::{REQUIRED, invalid, list, not_supported, set, string};
use crate::{KubernetesVersion, SpecError, SpecWarning};

/// The rules of the source `source` (a JSON name of [`super::SOURCES`]) of the volume `volume`
/// at `at`.
pub(super) fn source(
    source: &str,
    s: &Value,
    volume: &str,
    at: &Place<'_>,
    version: KubernetesVersion,
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    let p = at.key(source);
    match source {
        "emptyDir" => empty_dir(s, &p, errors, warnings),
        "hostPath" => host_path(s, &p, errors),
        "gitRepo" => {
            require(s, &["repository"], &p, errors);
            local_descending(text(s, "directory"), &p.key("directory"), errors);
        }
        "gcePersistentDisk" => {
            // The server names this source `persistentDisk` in these errors.
            let p = at.key_as(source, "persistentDisk");
            require(s, &["pdName"], &p, errors);
            partition(s, &p, errors);
        }
        "awsElasticBlockStore" => {
            require(s, &["volumeID"], &p, errors);
            partition(s, &p, errors);
        }
        "secret" => {
            require(s, &["secretName"], &p, errors);
            file_mode(s, "defaultMode", &p, errors);
            items(s, &p, errors);
        }
        "nfs" => {
            require(s, &["server", "path"], &p, errors);
            let path = text(s, "path");
            if !podtask_rules::volume_path::is_absolute(path) {
                errors.push(
                    p.key("path")
                        .error(invalid(path, podtask_rules::volume_path::MUST_BE_ABSOLUTE)),
                );
            }
        }
        "iscsi" => iscsi(s, volume, at, &p, errors),
        "glusterfs" => require(s, &["endpoints", "path"], &p, errors),
        "flocker" => flocker(s, &p, errors),
        "persistentVolumeClaim" => require(s, &["claimName"], &p, errors),
        "rbd" => {
            non_empty_list(s, "monitors", &p, errors);
            require(s, &["image"], &p, errors);
        }
        "cinder" => {
            require(s, &["volumeID"], &p, errors);
            secret_ref_name(s, &p, errors);
        }
        "cephfs" => non_empty_list(s, "monitors", &p, errors),
        "quobyte" => quobyte(s, &p, errors),
        "downwardAPI" => {
            file_mode(s, "defaultMode", &p, errors);
            for (j, item) in list(s, "items").iter().enumerate() {
                // The server names the source, without `items[j]`.
                let items = p.hidden_key("items");
                let file = items.hidden_index(j);
                downward_file(item, &file, errors);
            }
        }
        "fc" => fc(s, &p, errors),
        "flexVolume" => flex(s, &p, errors),
        "configMap" => {
            require(s, &["name"], &p, errors);
            file_mode(s, "defaultMode", &p, errors);
            items(s, &p, errors);
        }
        "azureFile" => require(s, &["secretName", "shareName"], &p, errors),
        "vsphereVolume" => require(s, &["volumePath"], &p, errors),
        "photonPersistentDisk" => require(s, &["pdID"], &p, errors),
        "portworxVolume" => require(s, &["volumeID"], &p, errors),
        "azureDisk" => azure_disk(s, &p, errors),
        "storageos" => storageos(s, &p, errors),
        "projected" => projected(s, &p, version, errors, warnings),
        "scaleIO" => require(s, &["gateway", "system", "volumeName"], &p, errors),
        "csi" => csi(s, &p, errors),
        "ephemeral" => super::claim::ephemeral(s, &p, version, errors),
        "image" => image(s, &p, errors),
        _ => {}
    }
}

/// Each of `fields` is a non-empty string.
fn require(s: &Value, fields: &[&str], at: &Place, errors: &mut Vec<SpecError>) {
    for field in fields {
        if text(s, field).is_empty() {
            errors.push(at.key(field).error(REQUIRED));
        }
    }
}

/// The list under `field` has an element.
fn non_empty_list(s: &Value, field: &str, at: &Place, errors: &mut Vec<SpecError>) {
    if list(s, field).is_empty() {
        errors.push(at.key(field).error(REQUIRED));
    }
}

/// `secretRef.name`, when `secretRef` is given.
fn secret_ref_name(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    if let Some(r) = set(s, "secretRef")
        && text(r, "name").is_empty()
    {
        errors.push(at.key("secretRef").key("name").error(REQUIRED));
    }
}

/// A disk partition: 0 to 255.
fn partition(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    if let Some(n) = int(s, "partition")
        && !(0..=255).contains(&n)
    {
        errors.push(
            at.key("partition")
                .error(invalid_number(n, "must be between 1 and 255, inclusive")),
        );
    }
}

/// `sizeLimit` is not negative. A `medium` the kubelet does not know is warned about: the
/// server accepts any, the kubelet fails to set the volume up.
fn empty_dir(s: &Value, at: &Place, errors: &mut Vec<SpecError>, warnings: &mut Vec<SpecWarning>) {
    let medium = text(s, "medium");
    let known = medium.is_empty()
        || medium == "Memory"
        || medium == "HugePages"
        || medium
            .strip_prefix("HugePages-")
            .and_then(|size| Quantity::parse(size).ok())
            .is_some_and(|q| q.signum() > 0);
    if !known {
        warnings.push(SpecWarning::new(
            at.key("medium").path(),
            format!(
                "unknown storage medium {medium:?}: the kubelet knows \"\" (the node's disk), \"Memory\", \"HugePages\" and \"HugePages-<size>\", and will fail to set the volume up"
            ),
        ));
    }
    if let Some(text) = s.get("sizeLimit").and_then(crate::read::quantity_text)
        && let Ok(q) = Quantity::parse(text.trim())
        && q.is_negative()
    {
        errors.push(at.key("sizeLimit").error(forbidden(
            "SizeLimit field must be a valid resource quantity",
        )));
    }
}

/// The types of a `hostPath` volume, sorted.
const HOST_PATH_TYPES: [&str; 8] = [
    "",
    "BlockDevice",
    "CharDevice",
    "Directory",
    "DirectoryOrCreate",
    "File",
    "FileOrCreate",
    "Socket",
];

/// A `hostPath` has a path without `..` elements and a known type.
fn host_path(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let path = text(s, "path");
    if path.is_empty() {
        errors.push(at.key("path").error(REQUIRED));
        return;
    }
    if podtask_rules::volume_path::has_backsteps(path) {
        errors.push(
            at.key("path")
                .error(invalid(path, podtask_rules::volume_path::NO_BACKSTEPS)),
        );
    }
    if let Some(t) = string(s, "type")
        && !HOST_PATH_TYPES.contains(&t)
    {
        errors.push(at.key("type").error(not_supported(t, &HOST_PATH_TYPES)));
    }
}

/// The `items` of a Secret or ConfigMap source (`validateKeyToPath`).
fn items(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let items = at.key("items");
    for (j, item) in list(s, "items").iter().enumerate() {
        key_to_path(item, &items.index(j), errors);
    }
}

/// One item: a key, a relative path inside the volume, a file mode.
fn key_to_path(item: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    if text(item, "key").is_empty() {
        errors.push(at.key("key").error(REQUIRED));
    }
    let path = text(item, "path");
    if path.is_empty() {
        errors.push(at.key("path").error(REQUIRED));
    }
    local_non_reserved(path, &at.key("path"), errors);
    file_mode(item, "mode", at, errors);
}

/// The fields of the pod a downward API volume may project.
const VOLUME_FIELDS: [&str; 5] = [
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
];

/// A path and its subscript, as `fieldpath.SplitMaybeSubscriptedPath` splits
/// `metadata.labels['app']`.
fn split_subscript(path: &str) -> Option<(&str, &str)> {
    let inner = path.strip_suffix("']")?;
    let (head, subscript) = inner.split_once("['")?;
    (!head.is_empty()).then_some((head, subscript))
}

/// One file of a downward API volume or projection (`validateDownwardAPIVolumeFile`); `at` is
/// where the server reports it (the source, without the item's index).
pub(super) fn downward_file(item: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let path = text(item, "path");
    if path.is_empty() {
        errors.push(at.key("path").error(REQUIRED));
    }
    local_non_reserved(path, &at.key("path"), errors);
    let field_ref = set(item, "fieldRef");
    let resource_ref = set(item, "resourceFieldRef");
    if let Some(f) = field_ref {
        field_selector(f, &at.key("fieldRef"), errors);
        if resource_ref.is_some() {
            errors.push(at.error(invalid(
                "resource",
                "fieldRef and resourceFieldRef can not be specified simultaneously",
            )));
        }
    } else if let Some(r) = resource_ref {
        resource_selector(r, &at.key("resourceFieldRef"), errors);
    } else {
        errors.push(at.error(required("one of fieldRef and resourceFieldRef is required")));
    }
    file_mode(item, "mode", at, errors);
}

/// A `fieldRef` of a volume (`validateObjectFieldSelector` with the volume's fields). An
/// `apiVersion` left out is `v1`, as decoding makes it.
fn field_selector(f: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let api_version = string(f, "apiVersion")
        .filter(|v| !v.is_empty())
        .unwrap_or("v1");
    let path = text(f, "fieldPath");
    if path.is_empty() {
        errors.push(at.key("fieldPath").error(REQUIRED));
        return;
    }
    // The fields the downward API knows (`ConvertDownwardAPIFieldLabel`), and `spec.host`, the
    // old name of `spec.nodeName`.
    let converted = if api_version != "v1" {
        Err(format!("unsupported pod version: {api_version}"))
    } else if let Some((head, _)) = split_subscript(path) {
        if head == "metadata.annotations" || head == "metadata.labels" {
            Ok(path)
        } else {
            Err(format!("field label does not support subscript: {path}"))
        }
    } else if crate::check::env::POD_FIELD_LABELS.contains(&path) || path == "spec.host" {
        Ok(if path == "spec.host" {
            "spec.nodeName"
        } else {
            path
        })
    } else {
        Err(format!("field label not supported: {path}"))
    };
    let path = match converted {
        Ok(p) => p,
        Err(e) => {
            errors.push(
                at.key("fieldPath")
                    .error(invalid(path, &format!("error converting fieldPath: {e}"))),
            );
            return;
        }
    };
    if let Some((head, subscript)) = split_subscript(path) {
        let key = if head == "metadata.annotations" {
            subscript.to_ascii_lowercase()
        } else {
            subscript.to_owned()
        };
        if let Some(e) = at.name_rule(Subject::QualifiedName, &key, names::qualified_name) {
            errors.push(e);
        }
    } else if !VOLUME_FIELDS.contains(&path) {
        errors.push(
            at.key("fieldPath")
                .error(not_supported(path, &VOLUME_FIELDS)),
        );
    }
}

/// A `resourceFieldRef` of a volume (`validateContainerResourceFieldSelector`): a container, a
/// resource it may project, a divisor that suits it.
fn resource_selector(r: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let resource = text(r, "resource");
    if text(r, "containerName").is_empty() {
        errors.push(at.key("containerName").error(REQUIRED));
    } else if resource.is_empty() {
        errors.push(at.key("resource").error(REQUIRED));
    } else if !crate::check::env::ENV_RESOURCES.contains(&resource)
        && !resource.starts_with("requests.hugepages-")
        && !resource.starts_with("limits.hugepages-")
    {
        errors.push(
            at.key("resource")
                .error(not_supported(resource, &crate::check::env::ENV_RESOURCES)),
        );
    }
    divisor(r, resource, at, errors);
}

/// The divisors a resource of the downward API allows (as Kubernetes prints quantities).
const BYTE_DIVISORS: [&str; 13] = [
    "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
];

/// `validateContainerResourceDivisor`: a divisor that is set (not zero) suits the resource.
fn divisor(r: &Value, resource: &str, at: &Place, errors: &mut Vec<SpecError>) {
    let Some(text) = r.get("divisor").and_then(crate::read::quantity_text) else {
        return;
    };
    let (allowed, what): (&[&str], &str) = match resource {
        "limits.cpu" | "requests.cpu" => (&["1m", "1"], "1m and 1 are supported with the cpu"),
        "limits.memory" | "requests.memory" => (&BYTE_DIVISORS, "memory"),
        "limits.ephemeral-storage" | "requests.ephemeral-storage" => {
            (&BYTE_DIVISORS, "local ephemeral storage")
        }
        r if r.starts_with("requests.hugepages-") || r.starts_with("limits.hugepages-") => {
            (&BYTE_DIVISORS, "hugepages")
        }
        _ => return,
    };
    // The usual divisors are written as Kubernetes prints them: no need to parse them.
    if allowed.contains(&text.as_ref()) {
        return;
    }
    let Ok(q) = Quantity::parse(text.trim()) else {
        return;
    };
    if q.is_zero() || allowed.contains(&q.to_string().as_str()) {
        return;
    }
    let detail = if allowed.len() == 2 {
        format!("only divisor's values {what} resource")
    } else {
        format!(
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the {what} resource"
        )
    };
    errors.push(at.key("divisor").error(invalid(resource, &detail)));
}

/// An iSCSI source: a target portal, an IQN of a known format, a LUN, a secret for CHAP, an
/// initiator name of a known format.
fn iscsi(s: &Value, volume: &str, at: &Place, p: &Place, errors: &mut Vec<SpecError>) {
    let portal = text(s, "targetPortal");
    if portal.is_empty() {
        errors.push(p.key("targetPortal").error(REQUIRED));
    }
    let iqn = text(s, "iqn");
    if iqn.is_empty() {
        errors.push(p.key("iqn").error(REQUIRED));
    } else if let Some(detail) = iscsi_name_problem(iqn) {
        errors.push(p.key("iqn").error(invalid(iqn, detail)));
    }
    if let Some(lun) = int(s, "lun")
        && !(0..=255).contains(&lun)
    {
        errors.push(
            p.key("lun")
                .error(invalid_number(lun, "must be between 0 and 255, inclusive")),
        );
    }
    let chap = |k: &str| s.get(k) == Some(&Value::Bool(true));
    if (chap("chapAuthDiscovery") || chap("chapAuthSession")) && set(s, "secretRef").is_none() {
        errors.push(p.key("secretRef").error(REQUIRED));
    }
    if let Some(initiator) = string(s, "initiatorName") {
        // The server names this field `initiatorname`.
        let at_initiator = p.key_as("initiatorName", "initiatorname");
        if let Some(detail) = iscsi_name_problem(initiator) {
            errors.push(at_initiator.error(invalid(initiator, detail)));
        }
        if volume.len() + 1 + portal.len() > 64 {
            errors.push(SpecError::new(
                at.key("name").path(),
                invalid(
                    volume,
                    "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.",
                ),
            ));
        }
    }
}

/// What is wrong with an iSCSI qualified name: it starts with `iqn`, `eui` or `naa` and has the
/// form of its kind.
fn iscsi_name_problem(name: &str) -> Option<&'static str> {
    let alnum = |t: &str| t.bytes().all(|b| b.is_ascii_alphanumeric());
    let ok = if name.starts_with("iqn") {
        (0..name.len()).any(|k| name.is_char_boundary(k) && iqn_at(&name[k..]))
    } else if let Some(rest) = name.strip_prefix("eui") {
        // `^eui.[[:alnum:]]{16}$`: any one character after `eui`.
        let mut chars = rest.chars();
        chars.next().is_some() && chars.as_str().len() == 16 && alnum(chars.as_str())
    } else if let Some(rest) = name.strip_prefix("naa") {
        let mut chars = rest.chars();
        chars.next().is_some() && chars.as_str().len() == 32 && alnum(chars.as_str())
    } else {
        return Some("must be valid format starting with iqn, eui, or naa");
    };
    (!ok).then_some("must be valid format")
}

/// Whether `s` matches `iqn\.\d{4}-\d{2}\.[[:alnum:]-.]+(:[^,;*&$|\s]+)$`.
fn iqn_at(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 12 || !s.starts_with("iqn.") {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !digits(4..8) || b[8] != b'-' || !digits(9..11) || b[11] != b'.' {
        return false;
    }
    let rest = &s[12..];
    let Some((name, suffix)) = rest.split_once(':') else {
        return false;
    };
    !name.is_empty()
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.')
        && !suffix.is_empty()
        && !suffix
            .chars()
            .any(|c| ",;*&$|".contains(c) || c.is_whitespace())
}

/// A Flocker source names a dataset one way.
fn flocker(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let name = text(s, "datasetName");
    let uuid = text(s, "datasetUUID");
    if name.is_empty() && uuid.is_empty() {
        errors.push(at.error(required("one of datasetName and datasetUUID is required")));
    }
    if !name.is_empty() && !uuid.is_empty() {
        errors.push(at.error(invalid(
            "resource",
            "datasetName and datasetUUID can not be specified simultaneously",
        )));
    }
    if name.contains('/') {
        errors.push(
            at.key("datasetName")
                .error(invalid(name, "must not contain '/'")),
        );
    }
}

/// A Quobyte source: a registry of `host:port` pairs, a tenant of at most 64 characters, a
/// volume.
fn quobyte(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let registry = text(s, "registry");
    const PAIRS: &str = "must be a host:port pair or multiple pairs separated by commas";
    if registry.is_empty() {
        errors.push(at.key("registry").error(required(PAIRS)));
    } else if text(s, "tenant").len() >= 65 {
        errors.push(at.key("tenant").error(required(
            "must be a UUID and may not exceed a length of 64 characters",
        )));
    } else {
        for pair in registry.split(',') {
            if !is_host_port(pair) {
                errors.push(at.key("registry").error(invalid(registry, PAIRS)));
            }
        }
    }
    if text(s, "volume").is_empty() {
        errors.push(at.key("volume").error(REQUIRED));
    }
}

/// Whether Go's `net.SplitHostPort` splits `s`: `host:port` or `[host]:port`, one colon outside
/// brackets.
fn is_host_port(s: &str) -> bool {
    let Some(colon) = s.rfind(':') else {
        return false;
    };
    let host = &s[..colon];
    if let Some(inner) = host.strip_prefix('[') {
        let Some(inner) = inner.strip_suffix(']') else {
            return false;
        };
        !inner.contains('[') && !inner.contains(']')
    } else {
        !host.contains(':') && !host.contains('[') && !host.contains(']')
    }
}

/// A Fibre Channel source: target WWNs with a LUN, or WWIDs.
fn fc(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let wwns = list(s, "targetWWNs");
    let wwids = list(s, "wwids");
    if wwns.is_empty() && wwids.is_empty() {
        errors.push(at.key("targetWWNs").error(required(
            "must specify either targetWWNs or wwids, but not both",
        )));
    }
    if !wwns.is_empty() && !wwids.is_empty() {
        errors.push(
            at.key("targetWWNs")
                .error("Invalid value: targetWWNs and wwids can not be specified simultaneously"),
        );
    }
    if !wwns.is_empty() {
        match int(s, "lun") {
            None => errors.push(
                at.key("lun")
                    .error(required("lun is required if targetWWNs is specified")),
            ),
            Some(lun) if !(0..=255).contains(&lun) => errors.push(
                at.key("lun")
                    .error(invalid_number(lun, "must be between 0 and 255, inclusive")),
            ),
            Some(_) => {}
        }
    }
}

/// A Flex source: a driver, and options outside the `kubernetes.io` and `k8s.io` namespaces.
fn flex(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    if text(s, "driver").is_empty() {
        errors.push(at.key("driver").error(REQUIRED));
    }
    let Some(options) = s.get("options").and_then(Value::as_object) else {
        return;
    };
    let options_at = at.key("options");
    for key in options.keys() {
        let namespace = key.split_once('/').map_or(key.as_str(), |(ns, _)| ns);
        let normalized = format!(".{}", namespace.to_lowercase());
        if normalized.ends_with(".kubernetes.io") || normalized.ends_with(".k8s.io") {
            let entry = options_at.map_key(key);
            errors.push(
                entry
                    .error(invalid(
                        key,
                        "kubernetes.io and k8s.io namespaces are reserved",
                    ))
                    .at_key(),
            );
        }
    }
}

/// An Azure disk: a name and a URI of the form its kind needs (`Shared`, the default, and
/// `Dedicated` are blobs, `Managed` is a resource ID), a known caching mode.
fn azure_disk(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    require(s, &["diskName"], at, errors);
    let uri = text(s, "diskURI");
    if uri.is_empty() {
        errors.push(at.key("diskURI").error(REQUIRED));
    }
    const CACHING: [&str; 3] = ["None", "ReadOnly", "ReadWrite"];
    const KINDS: [&str; 3] = ["Dedicated", "Managed", "Shared"];
    if let Some(mode) = string(s, "cachingMode")
        && !CACHING.contains(&mode)
    {
        errors.push(at.key("cachingMode").error(not_supported(mode, &CACHING)));
    }
    // Decoding makes a kind left out `Shared`.
    let kind = string(s, "kind").unwrap_or("Shared");
    if !KINDS.contains(&kind) {
        errors.push(at.key("kind").error(not_supported(kind, &KINDS)));
    }
    if kind == "Managed" && !uri.starts_with("/subscriptions/") {
        errors.push(at.key("diskURI").error(not_supported(
            uri,
            &["/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"],
        )));
    }
    if kind != "Managed" && !uri.starts_with("https://") {
        errors.push(at.key("diskURI").error(not_supported(
            uri,
            &["https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"],
        )));
    }
}

/// A StorageOS source: a volume name (a DNS-1123 label), a namespace that is one, a secret.
fn storageos(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let name = text(s, "volumeName");
    if name.is_empty() {
        errors.push(at.key("volumeName").error(REQUIRED));
    } else if let Some(e) =
        at.key("volumeName")
            .name_rule(Subject::Dns1123Label, name, names::dns1123_label)
    {
        errors.push(e);
    }
    let namespace = text(s, "volumeNamespace");
    if !namespace.is_empty()
        && let Some(e) = at.key("volumeNamespace").name_rule(
            Subject::Dns1123Label,
            namespace,
            names::dns1123_label,
        )
    {
        errors.push(e);
    }
    secret_ref_name(s, at, errors);
}

/// A CSI source: a driver name (`ValidateCSIDriverName`), a secret that is a DNS-1123
/// subdomain.
fn csi(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let driver = text(s, "driver");
    let at_driver = at.key("driver");
    if driver.is_empty() {
        errors.push(at_driver.error(REQUIRED));
    } else {
        if driver.len() > 63 {
            errors.push(at_driver.error("Too long: may not be more than 63 bytes"));
        }
        let lower = driver.to_ascii_lowercase();
        if let Err(v) = names::dns1123_subdomain(&lower) {
            errors.push(at_driver.place(SpecError::from_rule(
                at_driver.path(),
                v.into_error(Subject::Dns1123Subdomain, driver),
            )));
        }
    }
    if let Some(r) = set(s, "nodePublishSecretRef") {
        let name = text(r, "name");
        let secret_ref = at.key("nodePublishSecretRef");
        let at_name = secret_ref.key("name");
        // The server names `csi.name` for the rule on the name.
        let hidden_ref = at.hidden_key("nodePublishSecretRef");
        let server_name = hidden_ref.key("name");
        if name.is_empty() {
            errors.push(at_name.error(REQUIRED));
        } else if let Some(e) =
            server_name.name_rule(Subject::Dns1123Subdomain, name, names::dns1123_subdomain)
        {
            errors.push(e);
        }
    }
}

/// An image source: a reference, and a pull policy of the three (one left out or empty is set
/// by decoding).
fn image(s: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    if text(s, "reference").is_empty() {
        errors.push(at.key("reference").error(REQUIRED));
    }
    const POLICIES: [&str; 3] = ["Always", "IfNotPresent", "Never"];
    let policy = text(s, "pullPolicy");
    if !policy.is_empty() && !POLICIES.contains(&policy) {
        errors.push(at.key("pullPolicy").error(not_supported(policy, &POLICIES)));
    }
}

/// A projected volume: a file mode, sources of one kind each whose files have distinct paths.
/// `clusterTrustBundle` and `podCertificate` sources are behind feature gates that are off by
/// default: the server drops them, which is warned about.
fn projected(
    s: &Value,
    at: &Place,
    version: KubernetesVersion,
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    file_mode(s, "defaultMode", at, errors);
    let mut paths: Vec<&str> = Vec::new();
    let conflict = |shown: &str| at.error(invalid(shown, "conflicting duplicate paths"));
    let sources_at = at.key("sources");
    // The server names the projected volume's `path` for the token's path.
    let hidden_sources = at.hidden_key("sources");
    for (i, source) in list(s, "sources").iter().enumerate() {
        let src = sources_at.index(i);
        let mut kinds = 0;
        for kind in ["secret", "configMap"] {
            let Some(v) = set(source, kind) else {
                continue;
            };
            kinds += 1;
            let p = src.key(kind);
            let name = text(v, "name");
            if name.is_empty() {
                errors.push(p.key("name").error(REQUIRED));
            }
            let items = p.key("items");
            for (j, item) in list(v, "items").iter().enumerate() {
                key_to_path(item, &items.index(j), errors);
                let path = text(item, "path");
                if !path.is_empty() {
                    if paths.contains(&path) {
                        errors.push(conflict(name));
                    } else {
                        paths.push(path);
                    }
                }
            }
        }
        if let Some(v) = set(source, "downwardAPI") {
            kinds += 1;
            let d = src.key("downwardAPI");
            let items = d.hidden_key("items");
            for (j, item) in list(v, "items").iter().enumerate() {
                let file = items.hidden_index(j);
                downward_file(item, &file, errors);
                let path = text(item, "path");
                if !path.is_empty() {
                    if paths.contains(&path) {
                        errors.push(conflict(path));
                    } else {
                        paths.push(path);
                    }
                }
            }
        }
        if let Some(v) = set(source, "serviceAccountToken") {
            kinds += 1;
            let p = src.key("serviceAccountToken");
            // Decoding makes an expiration left out one hour.
            let expiration = int(v, "expirationSeconds").unwrap_or(3600);
            if expiration < 600 {
                errors.push(p.key("expirationSeconds").error(invalid_number(
                    expiration,
                    "may not specify a duration less than 10 minutes",
                )));
            }
            if expiration > 1 << 32 {
                errors.push(p.key("expirationSeconds").error(invalid_number(
                    expiration,
                    "may not specify a duration larger than 2^32 seconds",
                )));
            }
            let hidden_source = hidden_sources.hidden_index(i);
            let hidden_token = hidden_source.hidden_key("serviceAccountToken");
            let at_path = hidden_token.key("path");
            let path = text(v, "path");
            if path.is_empty() {
                errors.push(at_path.error(REQUIRED));
            } else {
                local_non_reserved(path, &at_path, errors);
            }
        }
        if let Some(v) = set(source, "clusterTrustBundle")
            && cluster_trust_bundles_enabled(version)
        {
            kinds += 1;
            let p = src.key("clusterTrustBundle");
            cluster_trust_bundle(v, &p, errors);
            let path = text(v, "path");
            if paths.contains(&path) {
                errors.push(conflict(path));
            } else {
                paths.push(path);
            }
        }
        for (kind, gate, until) in [
            ("clusterTrustBundle", "ClusterTrustBundleProjection", "1.36"),
            ("podCertificate", "PodCertificateRequest", "1.35 at least"),
        ] {
            if set(source, kind).is_some()
                && !(kind == "clusterTrustBundle" && cluster_trust_bundles_enabled(version))
            {
                // Dropped by the server: not counted, not checked.
                warnings.push(SpecWarning::new(
                    src.key(kind).path(),
                    format!(
                        "this source is behind the feature gate {gate}, off by default up to Kubernetes {until}: a server where it is off drops the source silently"
                    ),
                ));
            }
        }
        if kinds > 1 {
            errors.push(src.error(forbidden(
                "may not specify more than 1 volume type per source",
            )));
        }
    }
}

/// Whether `ClusterTrustBundleProjection` is on by default: beta and off up to 1.36, GA from
/// 1.37.
fn cluster_trust_bundles_enabled(version: KubernetesVersion) -> bool {
    version >= KubernetesVersion::V1_37
}

/// A `clusterTrustBundle` projection (`validateProjectionSources`): a bundle by `name`, or by
/// `signerName` with a label selector, and a path of the volume.
fn cluster_trust_bundle(v: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let name = string(v, "name");
    let signer = string(v, "signerName");
    match (name, signer) {
        (Some(_), Some(_)) => errors.push(at.error(invalid(
            "clusterTrustBundle",
            "only one of name and signerName may be used",
        ))),
        (Some(name), None) => {
            if name.is_empty() {
                errors.push(
                    at.key("name")
                        .error(required("must be a valid object name")),
                );
            }
            if set(v, "labelSelector").is_some() {
                errors.push(at.key("labelSelector").error(invalid(
                    "labelSelector",
                    "labelSelector must be unset if name is specified",
                )));
            }
        }
        (None, Some(signer)) => {
            if signer.is_empty() {
                errors.push(
                    at.key("signerName")
                        .error(required("must be a valid signer name")),
                );
            }
            if let Some(selector) = set(v, "labelSelector") {
                super::claim::label_selector(selector, &at.key("labelSelector"), errors);
            }
        }
        (None, None) => {
            errors.push(at.error(required("either name or signerName must be specified")))
        }
    }
    let path = text(v, "path");
    if path.is_empty() {
        errors.push(at.key("path").error(REQUIRED));
    }
    local_non_reserved(path, &at.key("path"), errors);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iscsi_names() {
        assert_eq!(iscsi_name_problem("iqn.2001-04.com.example:storage"), None);
        assert_eq!(
            iscsi_name_problem("iqn.2001-04.com.example"),
            Some("must be valid format")
        );
        assert_eq!(iscsi_name_problem("eui.02004567A425678D"), None);
        assert_eq!(iscsi_name_problem("eui.0200"), Some("must be valid format"));
        assert_eq!(
            iscsi_name_problem("target"),
            Some("must be valid format starting with iqn, eui, or naa")
        );
    }

    #[test]
    fn host_port_pairs() {
        assert!(is_host_port("registry:7861"));
        assert!(is_host_port("[::1]:7861"));
        assert!(!is_host_port("registry"));
        assert!(!is_host_port("a:b:c"));
    }

    #[test]
    fn subscripts() {
        assert_eq!(
            split_subscript("metadata.labels['app']"),
            Some(("metadata.labels", "app"))
        );
        assert_eq!(split_subscript("metadata.labels"), None);
        assert_eq!(split_subscript("['x']"), None);
    }
}
