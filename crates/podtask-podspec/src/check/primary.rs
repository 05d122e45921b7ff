//! The primary container: the one that runs the task (flytekit's `primary_container_name`).

use podtask_rules::{RuleError, Subject, names};
use serde_json::Value;

use super::{list, string};
use crate::{JsonPath, SpecError};

/// The primary container's name, when given, is a container name: a DNS-1123 label. (flytekit
/// accepted `primary_container_name="my_task"` and the pod then failed to start.)
pub(super) fn name(primary: Option<&str>) -> Result<(), RuleError> {
    match primary {
        Some(p) => names::dns1123_label(p).map_err(|v| v.into_error(Subject::Dns1123Label, p)),
        None => Ok(()),
    }
}

/// A spec with several containers must say which one runs the task: without a primary
/// container name Flyte cannot tell when the task has finished, and the task never ends.
pub(super) fn named_when_several(spec: &Value, primary: Option<&str>, errors: &mut Vec<SpecError>) {
    let containers = list(spec, "containers");
    if primary.is_none() && containers.len() >= 2 {
        let listed: Vec<String> = containers
            .iter()
            .map(|c| format!("{:?}", string(c, "name").unwrap_or_default()))
            .collect();
        errors.push(SpecError::new(
            JsonPath::root().key("containers"),
            format!(
                "the pod has {} containers ({}) but no primary container is named: name the one that runs the task as the primary container, or the task never completes",
                containers.len(),
                listed.join(", ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::KubernetesVersion;
    use crate::check::test_support::{checked, errors};

    #[test]
    fn primary_name_is_a_label() {
        let checked = checked(json!({"containers": []}), Some("my_task"));
        let e = checked.primary_name.clone().expect("an error");
        assert_eq!(e.range(), 2..3);
        assert!(
            e.to_string()
                .starts_with(r#"invalid DNS-1123 label "my_task": a lowercase RFC 1123 label"#)
        );
        assert!(!checked.is_ok());
        let spec = json!({"containers": []});
        assert!(crate::check(&spec, Some("main"), KubernetesVersion::V1_33).is_ok());
        // Reading errors do not hide a wrong primary name.
        let read = crate::read_and_check(
            &json!({"containers": 1}),
            Some("my_task"),
            KubernetesVersion::V1_33,
        );
        assert_eq!(read.errors.len(), 1);
        assert!(read.primary_name.is_some());
    }

    #[test]
    fn a_primary_that_is_absent_is_added_not_refused() {
        let e = errors(
            json!({"containers": [{"name": "sidecar", "image": "busybox"}]}),
            Some("main"),
        );
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn several_containers_need_a_primary() {
        let e = errors(
            json!({"containers": [{"name": "a", "image": "busybox"}, {"name": "b", "image": "busybox"}]}),
            None,
        );
        assert_eq!(
            e,
            [
                r#"containers: the pod has 2 containers ("a", "b") but no primary container is named: name the one that runs the task as the primary container, or the task never completes"#
            ]
        );
        let e = errors(
            json!({"containers": [{"name": "a", "image": "busybox"}]}),
            None,
        );
        assert!(e.is_empty(), "{e:?}");
    }
}
