//! What is wrong, or worth a second look, in a pod spec, and where.

use std::fmt;

use podtask_rules::RuleError;

use crate::JsonPath;

/// A pod spec that Kubernetes would refuse (or that podtask cannot run): where, and why.
///
/// `on_key` says that the problem is the key at the end of `path` rather than its value (an
/// unknown field, an invalid `nodeSelector` key): a proc macro points at the key token then.
/// `rule` holds the rulebook's error when a rule of `podtask-rules` was broken, so that a caller
/// can point at the offending bytes inside a string.
///
/// ```
/// use podtask_podspec::{JsonPath, SpecError};
/// let e = SpecError::new(JsonPath::root().key("containers").index(1).key("image"), "Required value");
/// assert_eq!(e.to_string(), "containers[1].image: Required value");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SpecError {
    /// Where the problem is.
    pub path: JsonPath,
    /// What was expected, in Kubernetes' words where Kubernetes has them.
    pub message: String,
    /// Whether the problem is the last key of `path` itself, not the value under it.
    pub on_key: bool,
    /// The rule of the rulebook that was broken, if one was (a name, an image, a quantity that
    /// does not parse). An error of reading that has one is about a value of the right JSON
    /// type, so the spec can still be checked: see [`read_and_check`](crate::read_and_check).
    pub rule: Option<Box<RuleError>>,
    /// The field the Kubernetes API server names for this error, relative to the same root as
    /// `path`, when it is not `path` itself (the server names a whole map for a bad key, or a
    /// level above the value for some rules). [`SpecError::field`] gives the one to show.
    pub server_field: Option<String>,
}

impl SpecError {
    /// A problem with the value at `path`.
    pub fn new(path: JsonPath, message: impl Into<String>) -> Self {
        SpecError {
            path,
            message: message.into(),
            on_key: false,
            rule: None,
            server_field: None,
        }
    }

    /// A problem with the last key of `path`.
    pub fn on_key(path: JsonPath, message: impl Into<String>) -> Self {
        SpecError {
            on_key: true,
            ..SpecError::new(path, message)
        }
    }

    /// A broken rule of the rulebook, about the value at `path`; the message is the rule's.
    pub fn from_rule(path: JsonPath, rule: RuleError) -> Self {
        SpecError {
            path,
            message: rule.to_string(),
            on_key: false,
            rule: Some(Box::new(rule)),
            server_field: None,
        }
    }

    /// Marks the error as being about the last key of its path.
    pub fn at_key(mut self) -> Self {
        self.on_key = true;
        self
    }

    /// Says which field the API server names for this error, when it is not `path` (see
    /// [`SpecError::server_field`]).
    pub fn reported_at(mut self, field: impl Into<String>) -> Self {
        self.server_field = Some(field.into());
        self
    }

    /// The field the API server names for this error, as it writes field paths: the
    /// [`server_field`](SpecError::server_field) when set, else `path`.
    pub fn field(&self) -> String {
        self.server_field
            .clone()
            .unwrap_or_else(|| self.path.to_string())
    }
}

fn write_at(f: &mut fmt::Formatter<'_>, path: &JsonPath, message: &str) -> fmt::Result {
    if path.is_root() {
        f.write_str(message)
    } else {
        write!(f, "{path}: {message}")
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_at(f, &self.path, &self.message)
    }
}

impl std::error::Error for SpecError {}

/// A pod spec that Kubernetes accepts but that is risky: a privileged container, a secret
/// written in plain text.
///
/// ```
/// use podtask_podspec::{JsonPath, SpecWarning};
/// let w = SpecWarning::new(JsonPath::root().key("hostNetwork"), "shares the node's network");
/// assert_eq!(w.to_string(), "hostNetwork: shares the node's network");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SpecWarning {
    /// Where the risky value is.
    pub path: JsonPath,
    /// Why it is risky and what to do instead.
    pub message: String,
}

impl SpecWarning {
    /// A warning about the value at `path`.
    pub fn new(path: JsonPath, message: impl Into<String>) -> Self {
        SpecWarning {
            path,
            message: message.into(),
        }
    }
}

impl fmt::Display for SpecWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_at(f, &self.path, &self.message)
    }
}
