//! The pod's labels and annotations (`ValidateLabels`, `ValidateAnnotations`).

use std::fmt;

use podtask_rules::{RuleError, Subject, names};

/// Which map of the pod's metadata an entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetaField {
    /// `metadata.labels`.
    Labels,
    /// `metadata.annotations`.
    Annotations,
}

impl MetaField {
    /// The field's name in a Kubernetes object: `labels` or `annotations`.
    pub const fn name(self) -> &'static str {
        match self {
            MetaField::Labels => "labels",
            MetaField::Annotations => "annotations",
        }
    }
}

/// A label or annotation that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MetaIssue {
    /// The map the entry is in.
    pub field: MetaField,
    /// The index of the entry in the list given; `None` for a rule on the whole map (the total
    /// size of the annotations).
    pub index: Option<usize>,
    /// Whether the key is at fault (otherwise the value, or the whole map).
    pub on_key: bool,
    /// The broken rule.
    pub error: RuleError,
}

impl fmt::Display for MetaIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(i) => write!(f, "{}[{i}]: {}", self.field.name(), self.error),
            None => write!(f, "{}: {}", self.field.name(), self.error),
        }
    }
}

/// Checks a pod's labels and annotations as Kubernetes' `ValidateObjectMeta` does: label keys
/// are qualified names and label values are label values, annotation keys are qualified names
/// (prefix case ignored), and all annotations together take at most 256 KiB. A key given twice
/// is refused too, as a map cannot hold it.
///
/// ```
/// use podtask_podspec::{check_metadata, MetaField};
/// let issues = check_metadata(&[("app", "my-ml-task"), ("team", "data science")], &[("owner", "x")]);
/// assert_eq!(issues.len(), 1);
/// assert_eq!((issues[0].field, issues[0].index, issues[0].on_key), (MetaField::Labels, Some(1), false));
/// ```
pub fn check_metadata(labels: &[(&str, &str)], annotations: &[(&str, &str)]) -> Vec<MetaIssue> {
    let mut issues = Vec::new();
    let issue = |field, index, on_key, error| MetaIssue {
        field,
        index: Some(index),
        on_key,
        error,
    };
    for (i, &(key, value)) in labels.iter().enumerate() {
        if let Err(v) = names::qualified_name(key) {
            issues.push(issue(
                MetaField::Labels,
                i,
                true,
                v.into_error(Subject::QualifiedName, key),
            ));
        } else if labels[..i].iter().any(|(k, _)| *k == key) {
            issues.push(issue(
                MetaField::Labels,
                i,
                true,
                duplicate(Subject::QualifiedName, key),
            ));
        }
        if let Err(v) = names::label_value(value) {
            issues.push(issue(
                MetaField::Labels,
                i,
                false,
                v.into_error(Subject::LabelValue, value),
            ));
        }
    }
    for (i, &(key, _)) in annotations.iter().enumerate() {
        if let Err(v) = names::annotation_key(key) {
            issues.push(issue(
                MetaField::Annotations,
                i,
                true,
                v.into_error(Subject::QualifiedName, key),
            ));
        } else if annotations[..i].iter().any(|(k, _)| *k == key) {
            issues.push(issue(
                MetaField::Annotations,
                i,
                true,
                duplicate(Subject::QualifiedName, key),
            ));
        }
    }
    if let Err(error) = names::annotations_size(annotations.iter().copied()) {
        issues.push(MetaIssue {
            field: MetaField::Annotations,
            index: None,
            on_key: false,
            error,
        });
    }
    issues
}

fn duplicate(subject: Subject, key: &str) -> RuleError {
    RuleError::whole(subject, key, "is given twice; a key may appear once")
}

/// The rules of the API server on a Pod's `metadata` when it is created (`ValidateObjectMeta`
/// with the rules of pods, then `ValidatePodSpecificAnnotations`): a name or a generate-name,
/// the namespace, labels, annotations, owner references and finalizers; each error at the field
/// the server names (relative to the Pod).
///
/// The rules are the same in every supported version (1.33 to 1.37).
pub(crate) fn validate_object_meta(
    pod: &serde_json::Value,
    version: crate::KubernetesVersion,
) -> Vec<crate::SpecError> {
    let _ = version;
    let meta_path = crate::validate::metadata_path();
    let mut errors = Vec::new();
    let meta = pod.get("metadata").unwrap_or(&serde_json::Value::Null);
    let text = |key: &str| meta.get(key).and_then(serde_json::Value::as_str);
    names(
        text("name").unwrap_or_default(),
        text("generateName").unwrap_or_default(),
        &meta_path,
        &mut errors,
    );
    if let Some(namespace) = text("namespace").filter(|n| !n.is_empty())
        && let Err(v) = names::dns1123_label(namespace)
    {
        errors.push(crate::SpecError::from_rule(
            meta_path.clone().key("namespace"),
            v.into_error(Subject::Dns1123Label, namespace),
        ));
    }
    let pairs = |key: &str| -> Vec<(String, String)> {
        meta.get(key)
            .and_then(serde_json::Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
            .collect()
    };
    let labels = pairs("labels");
    let annotations = pairs("annotations");
    fn refs(list: &[(String, String)]) -> Vec<(&str, &str)> {
        list.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }
    for issue in check_metadata(&refs(&labels), &refs(&annotations)) {
        let map = meta_path.clone().key(issue.field.name());
        errors.push(crate::SpecError::from_rule(map, issue.error));
    }
    owner_references(meta, &meta_path, &mut errors);
    finalizers(meta, &meta_path, &mut errors);
    let spec = pod.get("spec").unwrap_or(&serde_json::Value::Null);
    pod_annotations(&annotations, spec, &meta_path, &mut errors);
    let name = effective_name(
        text("name").unwrap_or_default(),
        text("generateName").unwrap_or_default(),
    );
    if !name.is_empty() {
        names_from_the_pod_name(&name, spec, &mut errors);
    }
    errors
}

/// The pod's name when it is validated: the name given, else the one the server generates
/// from the generate-name (its first 58 bytes and five letters or digits; `x0x0x` stands for
/// them), else none.
fn effective_name(name: &str, generate_name: &str) -> String {
    if !name.is_empty() {
        return name.to_owned();
    }
    if generate_name.is_empty() {
        return String::new();
    }
    let bytes = generate_name.as_bytes();
    let kept = &bytes[..bytes.len().min(GENERATED_PREFIX_MAX)];
    format!("{}x0x0x", String::from_utf8_lossy(kept))
}

/// The names the server derives from the pod's name (`ValidateVolumes`,
/// `validatePodResourceClaim`): the claim of an ephemeral volume is named `<pod>-<volume>`
/// and must be a valid PVC name (a DNS-1123 subdomain), no volume may use that claim as a
/// `persistentVolumeClaim`, and a resource claim made from a template is named
/// `<pod>-<claim>` and must be a valid ResourceClaim name. These rules are on the spec but
/// need the pod's name, so they are checked with the metadata.
fn names_from_the_pod_name(
    pod_name: &str,
    spec: &serde_json::Value,
    errors: &mut Vec<crate::SpecError>,
) {
    let spec_path = crate::JsonPath::root().key("spec");
    let text = |v: &serde_json::Value, key: &str| -> String {
        v.get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let volumes = spec
        .get("volumes")
        .and_then(serde_json::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let ephemeral = |v: &serde_json::Value| v.get("ephemeral").is_some_and(|e| !e.is_null());
    let created: Vec<String> = volumes
        .iter()
        .filter(|v| ephemeral(v))
        .map(|v| format!("{pod_name}-{}", text(v, "name")))
        .collect();
    for (i, volume) in volumes.iter().enumerate() {
        let at = spec_path.clone().key("volumes").index(i);
        let volume_name = text(volume, "name");
        if ephemeral(volume) && !volume_name.is_empty() {
            let claim = format!("{pod_name}-{volume_name}");
            if let Err(v) = names::dns1123_subdomain(&claim) {
                let rule = v.into_error(Subject::Dns1123Subdomain, &claim);
                errors.push(crate::SpecError::new(
                    at.clone().key("name"),
                    format!(
                        "Invalid value: {volume_name:?}: PVC name {claim:?}: {}",
                        rule.detail()
                    ),
                ));
            }
        }
        let claim_name = volume
            .get("persistentVolumeClaim")
            .map(|c| text(c, "claimName"))
            .unwrap_or_default();
        if !claim_name.is_empty() && created.contains(&claim_name) {
            errors.push(crate::SpecError::new(
                at.key("persistentVolumeClaim").key("claimName"),
                format!(
                    "Invalid value: {claim_name:?}: must not reference a PVC that gets created for an ephemeral volume"
                ),
            ));
        }
    }
    let claims = spec
        .get("resourceClaims")
        .and_then(serde_json::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (i, claim) in claims.iter().enumerate() {
        let claim_name = text(claim, "name");
        let from_template = claim
            .get("resourceClaimTemplateName")
            .is_some_and(|t| !t.is_null());
        if claim_name.is_empty() || !from_template || names::dns1123_label(&claim_name).is_err() {
            continue;
        }
        let full = format!("{pod_name}-{claim_name}");
        if let Err(v) = names::dns1123_subdomain(&full) {
            let rule = v.into_error(Subject::Dns1123Subdomain, &full);
            errors.push(crate::SpecError::new(
                spec_path.clone().key("resourceClaims").index(i).key("name"),
                format!(
                    "Invalid value: {full:?}: final ResourceClaim name: {}",
                    rule.detail()
                ),
            ));
        }
    }
}

/// The most of a generate-name the API server keeps before it appends five random characters
/// (`names.SimpleNameGenerator`).
const GENERATED_PREFIX_MAX: usize = 58;

/// `metadata.name` and `metadata.generateName` (`ValidateObjectMetaAccessor` with
/// `NameIsDNSSubdomain`). A name given wins over a generate-name; a generate-name is checked as
/// a prefix (a trailing `-` is allowed), and the name generated from it (its first 58 bytes and
/// five letters or digits) is checked as a name.
fn names(
    name: &str,
    generate_name: &str,
    meta_path: &crate::JsonPath,
    errors: &mut Vec<crate::SpecError>,
) {
    let subdomain = |path: crate::JsonPath, value: &str, shown: &str| {
        names::dns1123_subdomain(value).err().map(|v| {
            crate::SpecError::from_rule(path, v.into_error(Subject::Dns1123Subdomain, shown))
        })
    };
    if !generate_name.is_empty() {
        // A prefix may end in `-`, as five characters follow it.
        let masked = names::mask_trailing_dash(generate_name);
        errors.extend(subdomain(
            meta_path.clone().key("generateName"),
            masked.as_deref().unwrap_or(generate_name),
            generate_name,
        ));
    }
    if !name.is_empty() {
        errors.extend(subdomain(meta_path.clone().key("name"), name, name));
    } else if !generate_name.is_empty() {
        let generated = effective_name(name, generate_name);
        errors.extend(subdomain(
            meta_path.clone().key("name"),
            &generated,
            &generated,
        ));
    } else {
        errors.push(crate::SpecError::new(
            meta_path.clone().key("name"),
            "Required value: name or generateName is required",
        ));
    }
}

/// `metadata.ownerReferences` (`ValidateOwnerReferences`): each names an API version with a
/// version, a kind, a name and a uid, is not an `Event`, and at most one is the controller. The
/// server reports these at `metadata.ownerReferences.<field>`, without the index.
fn owner_references(
    meta: &serde_json::Value,
    meta_path: &crate::JsonPath,
    errors: &mut Vec<crate::SpecError>,
) {
    let field = meta_path.clone().key("ownerReferences");
    let server = |child: &str| format!("metadata.ownerReferences.{child}");
    let mut controller: Option<String> = None;
    let refs = meta
        .get("ownerReferences")
        .and_then(serde_json::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (i, r) in refs.iter().enumerate() {
        let at = field.clone().index(i);
        let text = |key: &str| r.get(key).and_then(serde_json::Value::as_str).unwrap_or("");
        let (api_version, kind) = (text("apiVersion"), text("kind"));
        let (group, version) = group_version(api_version);
        let mut invalid = |child: &str, value: &str, detail: &str| {
            errors.push(
                crate::SpecError::new(
                    at.clone().key(child),
                    format!("Invalid value: {value:?}: {detail}"),
                )
                .reported_at(server(child)),
            );
        };
        if version.is_empty() {
            invalid("apiVersion", api_version, "version must not be empty");
        }
        if kind.is_empty() {
            invalid("kind", kind, "must not be empty");
        }
        if text("name").is_empty() {
            invalid("name", "", "must not be empty");
        }
        if text("uid").is_empty() {
            invalid("uid", "", "must not be empty");
        }
        if group.is_empty() && version == "v1" && kind == "Event" {
            errors.push(
                crate::SpecError::new(
                    at.clone(),
                    "Invalid value: /v1, Kind=Event is disallowed from being an owner",
                )
                .reported_at("metadata.ownerReferences"),
            );
        }
        if r.get("controller").and_then(serde_json::Value::as_bool) == Some(true) {
            let this = format!("{kind}/{}", text("name"));
            match &controller {
                Some(first) => errors.push(
                    crate::SpecError::new(
                        at.key("controller"),
                        format!(
                            "Invalid value: Only one reference can have Controller set to true. Found \"true\" in references for {first} and {this}"
                        ),
                    )
                    .reported_at("metadata.ownerReferences"),
                ),
                None => controller = Some(this),
            }
        }
    }
}

/// The group and version of an `apiVersion` as `schema.ParseGroupVersion` reads it; both empty
/// when it does not parse (more than one `/`).
fn group_version(api_version: &str) -> (&str, &str) {
    if api_version == "/" {
        return ("", "");
    }
    match api_version.matches('/').count() {
        0 => ("", api_version),
        1 => api_version.split_once('/').unwrap_or(("", "")),
        _ => ("", ""),
    }
}

/// The finalizers every Kubernetes object may carry without a domain.
const STANDARD_FINALIZERS: [&str; 3] = ["kubernetes", "orphan", "foregroundDeletion"];

/// `metadata.finalizers` (`ValidateFinalizers`, `validateKubeFinalizerName`): each is a
/// qualified name (reported at `metadata.finalizers`), one without a `/` must be a standard
/// finalizer (reported at its index), and `orphan` and `foregroundDeletion` exclude each other.
fn finalizers(
    meta: &serde_json::Value,
    meta_path: &crate::JsonPath,
    errors: &mut Vec<crate::SpecError>,
) {
    let field = meta_path.clone().key("finalizers");
    let list = meta
        .get("finalizers")
        .and_then(serde_json::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let names: Vec<&str> = list.iter().map(|f| f.as_str().unwrap_or("")).collect();
    for (i, &name) in names.iter().enumerate() {
        let at = field.clone().index(i);
        if let Err(v) = names::qualified_name(name) {
            errors.push(
                crate::SpecError::from_rule(at.clone(), v.into_error(Subject::QualifiedName, name))
                    .reported_at("metadata.finalizers"),
            );
        }
        if !name.contains('/') && !STANDARD_FINALIZERS.contains(&name) {
            errors.push(crate::SpecError::new(
                at,
                format!(
                    "Invalid value: {name:?}: name is neither a standard finalizer name nor is it fully qualified"
                ),
            ));
        }
    }
    if names.contains(&"orphan") && names.contains(&"foregroundDeletion") {
        errors.push(crate::SpecError::new(
            field,
            "Invalid value: finalizer orphan and foregroundDeletion cannot be both set",
        ));
    }
}

/// The annotation that marks a mirror pod (a static pod's copy in the API).
const MIRROR_POD: &str = "kubernetes.io/config.mirror";
/// The annotation that ranks pods for deletion when a ReplicaSet scales down.
const DELETION_COST: &str = "controller.kubernetes.io/pod-deletion-cost";
/// The deprecated annotation of the pod's seccomp profile.
const SECCOMP_POD: &str = "seccomp.security.alpha.kubernetes.io/pod";
/// The prefix of the deprecated annotations of a container's seccomp profile.
const SECCOMP_CONTAINER: &str = "container.seccomp.security.alpha.kubernetes.io/";
/// The prefix of the deprecated annotations of a container's AppArmor profile.
const APPARMOR_CONTAINER: &str = "container.apparmor.security.beta.kubernetes.io/";

/// The annotations with a meaning for pods (`ValidatePodSpecificAnnotations`): a mirror pod is
/// bound to a node, the deletion cost is a 32-bit integer, the deprecated seccomp and AppArmor
/// annotations name valid profiles (and AppArmor's a container of the pod).
fn pod_annotations(
    annotations: &[(String, String)],
    spec: &serde_json::Value,
    meta_path: &crate::JsonPath,
    errors: &mut Vec<crate::SpecError>,
) {
    let map = meta_path.clone().key("annotations");
    let at_key = |key: &str| format!("metadata.annotations[{key}]");
    let at_child = |key: &str| format!("metadata.annotations.{key}");
    for (key, value) in annotations {
        let path = map.clone().key(key.as_str());
        let invalid = |detail: &str, server: String| {
            crate::SpecError::new(path.clone(), format!("Invalid value: {value:?}: {detail}"))
                .reported_at(server)
        };
        match key.as_str() {
            MIRROR_POD => {
                let node = spec.get("nodeName").and_then(serde_json::Value::as_str);
                if node.unwrap_or("").is_empty() {
                    errors.push(invalid(
                        "must set spec.nodeName if mirror pod annotation is set",
                        at_key(key),
                    ));
                }
            }
            DELETION_COST if !is_deletion_cost(value) => {
                errors.push(invalid("must be a 32bit integer", at_key(key)));
            }
            _ => {}
        }
        if (key == SECCOMP_POD || key.starts_with(SECCOMP_CONTAINER))
            && let Some(detail) = seccomp_profile_offence(value)
        {
            errors.push(invalid(detail, at_child(key)));
        }
        if let Some(container) = key.strip_prefix(APPARMOR_CONTAINER) {
            if !has_container(spec, container) {
                errors.push(
                    crate::SpecError::new(
                        path.clone(),
                        format!("Invalid value: {container:?}: container not found"),
                    )
                    .reported_at(at_key(key)),
                );
            }
            let valid = value.is_empty()
                || value == "runtime/default"
                || value == "unconfined"
                || value.starts_with("localhost/");
            if !valid {
                errors.push(invalid(
                    &format!("invalid AppArmor profile name: {value:?}"),
                    at_key(key),
                ));
            }
        }
    }
}

/// Whether a pod deletion cost is what `GetDeletionCostFromPodAnnotations` reads: a decimal
/// 32-bit integer with no `+` and no leading zero.
fn is_deletion_cost(value: &str) -> bool {
    let b = value.as_bytes();
    let first_ok = match b.first() {
        Some(b'-') => true,
        Some(b'0') => b.len() == 1,
        Some(c) => c.is_ascii_digit(),
        None => false,
    };
    first_ok && value.parse::<i32>().is_ok()
}

/// What is wrong with a seccomp profile of the deprecated annotations (`ValidateSeccompProfile`):
/// `runtime/default`, `docker/default`, `unconfined`, or `localhost/` and a relative path
/// without `..`.
fn seccomp_profile_offence(value: &str) -> Option<&'static str> {
    if matches!(value, "runtime/default" | "docker/default" | "unconfined") {
        return None;
    }
    let Some(path) = value.strip_prefix("localhost/") else {
        return Some("must be a valid seccomp profile");
    };
    if path.starts_with('/') {
        return Some("must be a relative path");
    }
    if path.split('/').any(|part| part == "..") {
        return Some("must not contain '..'");
    }
    None
}

/// Whether a container (of any kind) of the spec has this name.
fn has_container(spec: &serde_json::Value, name: &str) -> bool {
    ["containers", "initContainers", "ephemeralContainers"]
        .iter()
        .filter_map(|kind| spec.get(kind).and_then(serde_json::Value::as_array))
        .flatten()
        .any(|c| c.get("name").and_then(serde_json::Value::as_str) == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The errors of a Pod's metadata, as `field: message`.
    fn meta_errors(metadata: serde_json::Value) -> Vec<String> {
        let pod = serde_json::json!({
            "metadata": metadata,
            "spec": {"containers": [{"name": "main", "image": "busybox"}]}
        });
        validate_object_meta(&pod, crate::KubernetesVersion::V1_35)
            .iter()
            .map(|e| format!("{}: {}", e.field(), e.message))
            .collect()
    }

    #[test]
    fn the_name_is_a_subdomain() {
        assert!(meta_errors(serde_json::json!({"name": "train.gpu-0"})).is_empty());
        for bad in ["Train", "train_gpu", "train-", ".train", "a..b", "tr ain"] {
            let e = meta_errors(serde_json::json!({"name": bad}));
            assert_eq!(e.len(), 1, "{bad}: {e:?}");
            assert!(
                e[0].starts_with("metadata.name: invalid DNS-1123 subdomain"),
                "{}",
                e[0]
            );
        }
        let e = meta_errors(serde_json::json!({"name": "a".repeat(254)}));
        assert_eq!(e.len(), 1);
        assert!(meta_errors(serde_json::json!({"name": "a".repeat(253)})).is_empty());
        assert_eq!(
            meta_errors(serde_json::json!({})),
            ["metadata.name: Required value: name or generateName is required"]
        );
    }

    #[test]
    fn a_generate_name_is_a_prefix() {
        assert!(meta_errors(serde_json::json!({"generateName": "train-"})).is_empty());
        // A name given wins, but the generate-name is still checked.
        assert!(meta_errors(serde_json::json!({"name": "x", "generateName": "train-"})).is_empty());
        let e = meta_errors(serde_json::json!({"generateName": "a".repeat(300)}));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("metadata.generateName: "), "{}", e[0]);
        let e = meta_errors(serde_json::json!({"generateName": "Train-"}));
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].starts_with("metadata.generateName: "));
        assert!(e[1].starts_with("metadata.name: "));
        assert_eq!(
            meta_errors(serde_json::json!({"generateName": "-"})).len(),
            2
        );
    }

    #[test]
    fn the_namespace_is_a_label() {
        assert!(meta_errors(serde_json::json!({"name": "x", "namespace": "team-a"})).is_empty());
        let e = meta_errors(serde_json::json!({"name": "x", "namespace": "team.a"}));
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("metadata.namespace: "));
    }

    #[test]
    fn finalizers_are_qualified_or_standard() {
        let ok =
            serde_json::json!({"name": "x", "finalizers": ["kubernetes", "example.com/cleanup"]});
        assert!(meta_errors(ok).is_empty());
        assert_eq!(
            meta_errors(serde_json::json!({"name": "x", "finalizers": ["cleanup"]})),
            [
                r#"metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified"#
            ]
        );
        let e = meta_errors(serde_json::json!({"name": "x", "finalizers": ["Bad Finalizer"]}));
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].starts_with("metadata.finalizers: invalid qualified name"));
        assert!(e[1].starts_with("metadata.finalizers[0]: "));
        let both = serde_json::json!({"name": "x", "finalizers": ["orphan", "foregroundDeletion"]});
        assert_eq!(
            meta_errors(both),
            [
                "metadata.finalizers: Invalid value: finalizer orphan and foregroundDeletion cannot be both set"
            ]
        );
    }

    #[test]
    fn owner_references_are_complete_with_one_controller() {
        let job = |name: &str, controller: bool| serde_json::json!({"apiVersion": "batch/v1", "kind": "Job", "name": name, "uid": "u", "controller": controller});
        let one =
            serde_json::json!({"name": "x", "ownerReferences": [job("a", true), job("b", false)]});
        assert!(meta_errors(one).is_empty());
        let two =
            serde_json::json!({"name": "x", "ownerReferences": [job("a", true), job("b", true)]});
        assert_eq!(
            meta_errors(two),
            [
                r#"metadata.ownerReferences: Invalid value: Only one reference can have Controller set to true. Found "true" in references for Job/a and Job/b"#
            ]
        );
        let bad = serde_json::json!({"name": "x", "ownerReferences": [
            {"apiVersion": "batch/", "kind": "", "name": "", "uid": ""},
            {"apiVersion": "v1", "kind": "Event", "name": "e", "uid": "u"},
            {"apiVersion": "a/b/c", "kind": "K", "name": "n", "uid": "u"}
        ]});
        assert_eq!(
            meta_errors(bad),
            [
                r#"metadata.ownerReferences.apiVersion: Invalid value: "batch/": version must not be empty"#,
                r#"metadata.ownerReferences.kind: Invalid value: "": must not be empty"#,
                r#"metadata.ownerReferences.name: Invalid value: "": must not be empty"#,
                r#"metadata.ownerReferences.uid: Invalid value: "": must not be empty"#,
                "metadata.ownerReferences: Invalid value: /v1, Kind=Event is disallowed from being an owner",
                r#"metadata.ownerReferences.apiVersion: Invalid value: "a/b/c": version must not be empty"#,
            ]
        );
    }

    #[test]
    fn names_made_from_the_pod_name() {
        let pod = |name: &str| {
            serde_json::json!({
                "metadata": {"name": name},
                "spec": {
                    "containers": [{"name": "main", "image": "busybox"}],
                    "volumes": [
                        {"name": "scratch", "ephemeral": {"volumeClaimTemplate": {"spec": {}}}},
                        {"name": "data", "persistentVolumeClaim": {"claimName": format!("{name}-scratch")}}
                    ],
                    "resourceClaims": [{"name": "gpu", "resourceClaimTemplateName": "t"}]
                }
            })
        };
        let shown = |name: &str| -> Vec<String> {
            validate_object_meta(&pod(name), crate::KubernetesVersion::V1_35)
                .iter()
                .map(|e| e.field())
                .collect()
        };
        assert_eq!(
            shown("train"),
            ["spec.volumes[1].persistentVolumeClaim.claimName"]
        );
        assert_eq!(
            shown(&"a".repeat(250)),
            [
                "spec.volumes[0].name",
                "spec.volumes[1].persistentVolumeClaim.claimName",
                "spec.resourceClaims[0].name",
            ]
        );
    }

    #[test]
    fn pod_annotations_with_a_meaning() {
        let with = |key: &str, value: &str| {
            let mut annotations = serde_json::Map::new();
            annotations.insert(key.to_owned(), value.into());
            meta_errors(serde_json::json!({"name": "x", "annotations": annotations}))
        };
        for ok in ["0", "-5", "2147483647", "-2147483648"] {
            assert!(with(DELETION_COST, ok).is_empty(), "{ok}");
        }
        for bad in ["", "+1", "01", "1.5", "2147483648", "x"] {
            assert_eq!(
                with(DELETION_COST, bad),
                [format!(
                    "metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: {bad:?}: must be a 32bit integer"
                )],
            );
        }
        assert_eq!(with(MIRROR_POD, "x").len(), 1);
        assert!(with(SECCOMP_POD, "runtime/default").is_empty());
        assert!(with(SECCOMP_POD, "localhost/profiles/a.json").is_empty());
        assert_eq!(
            with(SECCOMP_POD, "default"),
            [
                r#"metadata.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "default": must be a valid seccomp profile"#
            ]
        );
        assert_eq!(with(SECCOMP_POD, "localhost/../a").len(), 1);
        assert_eq!(with(SECCOMP_POD, "localhost//a").len(), 1);
        let apparmor = |c: &str| format!("{APPARMOR_CONTAINER}{c}");
        assert!(with(&apparmor("main"), "runtime/default").is_empty());
        assert_eq!(
            with(&apparmor("other"), "enforce"),
            [
                r#"metadata.annotations[container.apparmor.security.beta.kubernetes.io/other]: Invalid value: "other": container not found"#,
                r#"metadata.annotations[container.apparmor.security.beta.kubernetes.io/other]: Invalid value: "enforce": invalid AppArmor profile name: "enforce""#,
            ]
        );
    }

    #[test]
    fn flytekit_case_c_is_valid() {
        let labels = [("environment", "production"), ("app", "my-ml-task")];
        let annotations = [("owner", "data-science-team")];
        assert!(check_metadata(&labels, &annotations).is_empty());
    }

    #[test]
    fn label_keys_values_and_annotation_keys() {
        let issues = check_metadata(
            &[("Example.com/app", "x"), ("app", "-bad"), ("app", "y")],
            &[("Example.com/Owner", "ok"), ("example.com/-owner", "x")],
        );
        let shown: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 4, "{shown:#?}");
        assert!(shown[0].starts_with(r#"labels[0]: invalid qualified name "Example.com/app": prefix part a lowercase RFC 1123 subdomain"#), "{}", shown[0]);
        assert!(issues[0].on_key);
        assert!(shown[1].starts_with(r#"labels[1]: invalid label value "-bad""#));
        assert!(!issues[1].on_key);
        assert_eq!(
            shown[2],
            r#"labels[2]: invalid qualified name "app": is given twice; a key may appear once"#
        );
        assert!(
            shown[3].starts_with(r#"annotations[1]: invalid qualified name "example.com/-owner""#)
        );
    }

    #[test]
    fn annotations_size_is_limited() {
        let big = "x".repeat(262_140);
        let issues = check_metadata(&[], &[("key", &big), ("k2", "v")]);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].index, None);
        assert_eq!(
            issues[0].to_string(),
            r#"annotations: invalid annotations "262146 bytes of keys and values": Too long: must have at most 262144 bytes"#
        );
    }
}
