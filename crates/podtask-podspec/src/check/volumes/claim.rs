//! The claim a generic ephemeral volume creates (`validateEphemeralVolumeSource`,
//! `ValidatePersistentVolumeClaimTemplate`, `ValidatePersistentVolumeClaimSpec`).

use podtask_rules::{Quantity, Subject, names};
use serde_json::Value;

use super::{Place, forbidden, required, text};
use crate::check::{REQUIRED, invalid, list, not_supported, set, string};
use crate::{KubernetesVersion, SpecError};

/// An `ephemeral` source: a claim template whose metadata sets labels and annotations only and
/// whose spec is a claim's.
pub(super) fn ephemeral(
    s: &Value,
    at: &Place,
    version: KubernetesVersion,
    errors: &mut Vec<SpecError>,
) {
    let at = at.key("volumeClaimTemplate");
    let Some(template) = set(s, "volumeClaimTemplate") else {
        errors.push(at.error(REQUIRED));
        return;
    };
    metadata(
        set(template, "metadata").unwrap_or(&Value::Null),
        &at.key("metadata"),
        errors,
    );
    claim_spec(
        set(template, "spec").unwrap_or(&Value::Null),
        &at.key("spec"),
        version,
        errors,
    );
}

/// The fields of `ObjectMeta` a template may not set, by JSON name, with the name the server
/// gives them (the Go field's name with its first letter lower-cased).
const META_FORBIDDEN: [(&str, &str); 13] = [
    ("name", "name"),
    ("generateName", "generateName"),
    ("namespace", "namespace"),
    ("selfLink", "selfLink"),
    ("uid", "uID"),
    ("resourceVersion", "resourceVersion"),
    ("generation", "generation"),
    ("creationTimestamp", "creationTimestamp"),
    ("deletionTimestamp", "deletionTimestamp"),
    ("deletionGracePeriodSeconds", "deletionGracePeriodSeconds"),
    ("ownerReferences", "ownerReferences"),
    ("finalizers", "finalizers"),
    ("managedFields", "managedFields"),
];

/// `ValidateTemplateObjectMeta`: labels and annotations as an object's, nothing else set.
fn metadata(meta: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let pairs = |key: &str| -> Vec<(&str, &str)> {
        meta.get(key)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default()))
            .collect()
    };
    let labels = pairs("labels");
    let annotations = pairs("annotations");
    if !labels.is_empty() || !annotations.is_empty() {
        for issue in crate::metadata::check_metadata(&labels, &annotations) {
            let map = at.key(issue.field.name());
            errors.push(map.place(SpecError::from_rule(map.path(), issue.error)));
        }
    }
    for (field, server) in META_FORBIDDEN {
        let given = match meta.get(field) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Number(n)) => n.as_f64() != Some(0.0),
            Some(Value::Bool(b)) => *b,
            Some(_) => true,
        };
        if given {
            errors.push(at.key_as(field, server).error(forbidden("cannot be set")));
        }
    }
}

/// The access modes of a claim, sorted.
const ACCESS_MODES: [&str; 4] = [
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];

/// `ValidatePersistentVolumeClaimSpec` for a claim created from a template.
fn claim_spec(spec: &Value, at: &Place, version: KubernetesVersion, errors: &mut Vec<SpecError>) {
    let modes = list(spec, "accessModes");
    if modes.is_empty() {
        errors.push(
            at.key("accessModes")
                .error(required("at least 1 access mode is required")),
        );
    }
    if let Some(selector) = set(spec, "selector") {
        label_selector(selector, &at.key("selector"), errors);
    }
    let (mut once_pod, mut other) = (false, false);
    let modes_at = at.key("accessModes");
    for (j, mode) in modes.iter().enumerate() {
        let mode = mode.as_str().unwrap_or_default();
        if !ACCESS_MODES.contains(&mode) {
            // The server names the list, without the index.
            let place = modes_at.hidden_index(j);
            errors.push(place.error(not_supported(mode, &ACCESS_MODES)));
        } else if mode == "ReadWriteOncePod" {
            once_pod = true;
        } else {
            other = true;
        }
    }
    if once_pod && other {
        errors.push(at.key("accessModes").error(forbidden(
            "may not use ReadWriteOncePod with other access modes",
        )));
    }
    storage(spec, at, errors);
    if let Some(class) = string(spec, "storageClassName").filter(|c| !c.is_empty())
        && let Some(e) = at.key("storageClassName").name_rule(
            Subject::Dns1123Subdomain,
            class,
            names::dns1123_subdomain,
        )
    {
        errors.push(e);
    }
    if let Some(mode) = string(spec, "volumeMode")
        && mode != "Block"
        && mode != "Filesystem"
    {
        errors.push(
            at.key("volumeMode")
                .error(not_supported(mode, &["Block", "Filesystem"])),
        );
    }
    let source = set(spec, "dataSource");
    let source_ref = set(spec, "dataSourceRef");
    if let Some(d) = source {
        data_source(d, &at.key("dataSource"), errors);
    }
    if let Some(d) = source_ref {
        data_source(d, &at.key("dataSourceRef"), errors);
    }
    let ref_namespace = source_ref.map(|d| text(d, "namespace")).unwrap_or_default();
    if ref_namespace.is_empty()
        && let (Some(a), Some(b)) = (source, source_ref)
        && (a.get("apiGroup") != b.get("apiGroup")
            || text(a, "kind") != text(b, "kind")
            || text(a, "name") != text(b, "name"))
    {
        errors.push(at.error(invalid("dataSource", "must match dataSourceRef")));
    }
    // `VolumeAttributesClass` is beta and off by default in 1.33, on from 1.34.
    if version >= KubernetesVersion::V1_34
        && let Some(class) = string(spec, "volumeAttributesClassName").filter(|c| !c.is_empty())
        && let Some(e) = at.key("volumeAttributesClassName").name_rule(
            Subject::Dns1123Subdomain,
            class,
            names::dns1123_subdomain,
        )
    {
        errors.push(e);
    }
}

/// `resources.requests.storage` is given and greater than zero; the server names it
/// `resources[storage]`.
fn storage(spec: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    let server = || format!("{}.resources[storage]", at.field());
    let requests = spec
        .get("resources")
        .and_then(|r| r.get("requests"))
        .filter(|r| !r.is_null());
    let value = requests.and_then(|r| r.get("storage"));
    let resources_at = at.key("resources");
    let requests_at = resources_at.hidden_key("requests");
    let Some(value) = value else {
        let path = match requests {
            Some(_) => requests_at.path(),
            None => resources_at.path(),
        };
        errors.push(SpecError::new(path, REQUIRED).reported_at(server()));
        return;
    };
    let Some(shown) = crate::read::quantity_text(value) else {
        return;
    };
    let Ok(q) = Quantity::parse(shown.trim()) else {
        return;
    };
    if q.signum() <= 0 {
        let storage_at = requests_at.map_key("storage");
        errors.push(storage_at.error(invalid(&q.to_string(), "must be greater than zero")));
    }
}

/// A `dataSource` or `dataSourceRef`: a name, a kind, a claim unless an API group is given,
/// which is a DNS-1123 subdomain.
fn data_source(d: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    if text(d, "name").is_empty() {
        errors.push(at.key("name").error(REQUIRED));
    }
    let kind = text(d, "kind");
    if kind.is_empty() {
        errors.push(at.key("kind").error(REQUIRED));
    }
    let group = text(d, "apiGroup");
    if group.is_empty() && kind != "PersistentVolumeClaim" {
        errors.push(at.error(invalid(
            kind,
            "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
        )));
    }
    if !group.is_empty()
        && let Some(e) =
            at.key("apiGroup")
                .name_rule(Subject::Dns1123Subdomain, group, names::dns1123_subdomain)
    {
        errors.push(e);
    }
}

/// `ValidateLabelSelector`: labels as an object's, expressions with a known operator whose
/// values suit it.
pub(super) fn label_selector(selector: &Value, at: &Place, errors: &mut Vec<SpecError>) {
    if let Some(labels) = selector.get("matchLabels").and_then(Value::as_object) {
        let pairs: Vec<(&str, &str)> = labels
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default()))
            .collect();
        let map = at.key("matchLabels");
        for issue in crate::metadata::check_metadata(&pairs, &[]) {
            errors.push(map.place(SpecError::from_rule(map.path(), issue.error)));
        }
    }
    let expressions = at.key("matchExpressions");
    for (i, expr) in list(selector, "matchExpressions").iter().enumerate() {
        let at = expressions.index(i);
        let values = list(expr, "values");
        match text(expr, "operator") {
            "In" | "NotIn" => {
                if values.is_empty() {
                    errors.push(at.key("values").error(required(
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    )));
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    errors.push(at.key("values").error(forbidden(
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    )));
                }
            }
            op => errors.push(
                at.key("operator")
                    .error(invalid(op, "not a valid selector operator")),
            ),
        }
        let key = text(expr, "key");
        if let Some(e) = at
            .key("key")
            .name_rule(Subject::QualifiedName, key, names::qualified_name)
        {
            errors.push(e);
        }
        for (j, value) in values.iter().enumerate() {
            let value = value.as_str().unwrap_or_default();
            if let Some(e) =
                at.key("values")
                    .index(j)
                    .name_rule(Subject::LabelValue, value, names::label_value)
            {
                errors.push(e);
            }
        }
    }
}
