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
/// with the rules of pods): a name or a generate-name, labels, annotations; each error at the
/// field the server names (relative to the Pod).
pub(crate) fn validate_object_meta(
    pod: &serde_json::Value,
    version: crate::KubernetesVersion,
) -> Vec<crate::SpecError> {
    let _ = version;
    let meta_path = crate::validate::metadata_path();
    let mut errors = Vec::new();
    let meta = pod.get("metadata").unwrap_or(&serde_json::Value::Null);
    let text = |key: &str| meta.get(key).and_then(serde_json::Value::as_str);
    if text("name").unwrap_or_default().is_empty()
        && text("generateName").unwrap_or_default().is_empty()
    {
        errors.push(crate::SpecError::new(
            meta_path.clone().key("name"),
            "Required value: name or generateName is required",
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
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

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
