//! The error every rule returns.
//!
//! A rule either runs at compile time in a `const fn` — where it can only report a
//! [`Violation`]: a `&'static str` message and a byte range — or at run time, where it reports a
//! [`RuleError`] that also names the kind of input ([`Subject`]), holds the input itself, and may
//! carry a "did you mean" suggestion.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// The kind of input a rule checks. It names the input in every message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Subject {
    /// A Kubernetes resource quantity (`"500m"`, `"1Gi"`).
    Quantity,
    /// A resource name: a Flyte `ResourceName` or a Kubernetes resource name.
    ResourceName,
    /// A set of resource requests and limits taken together.
    Resources,
    /// A DNS-1123 label (container, port and volume names).
    Dns1123Label,
    /// A DNS-1123 subdomain (object names, the prefix of a qualified name).
    Dns1123Subdomain,
    /// A qualified name: a label or annotation key, with an optional DNS prefix.
    QualifiedName,
    /// A label value.
    LabelValue,
    /// The annotations of one object taken together (their total size).
    Annotations,
    /// An environment variable name.
    EnvVarName,
    /// A key of a Kubernetes Secret (or ConfigMap).
    SecretKey,
    /// A GPU or TPU device, or one of its partitions.
    Accelerator,
    /// A container image reference.
    ImageReference,
    /// A duration such as a timeout (`"1h30m"`).
    Duration,
    /// A command or argument with Flyte template placeholders (`{{.inputs.x}}`).
    Template,
    /// A task's name, as Flyte registers it and `serialize` names its file.
    TaskName,
    /// A setting of a task that is not one of the above (retries, a key of an attribute).
    Setting,
}

impl Subject {
    /// The noun used for this kind of input in messages, e.g. `"quantity"`.
    pub const fn noun(self) -> &'static str {
        match self {
            Subject::Quantity => "quantity",
            Subject::ResourceName => "resource name",
            Subject::Resources => "resources",
            Subject::Dns1123Label => "DNS-1123 label",
            Subject::Dns1123Subdomain => "DNS-1123 subdomain",
            Subject::QualifiedName => "qualified name",
            Subject::LabelValue => "label value",
            Subject::Annotations => "annotations",
            Subject::EnvVarName => "environment variable name",
            Subject::SecretKey => "secret key",
            Subject::Accelerator => "accelerator",
            Subject::ImageReference => "image reference",
            Subject::Duration => "duration",
            Subject::Template => "template",
            Subject::TaskName => "task name",
            Subject::Setting => "setting",
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}

/// A rule broken inside a `const fn`: what was expected and the byte range of the input where
/// it applies. It does not hold the input, so that it can be built and returned at compile
/// time; [`Violation::into_error`] attaches the input and its [`Subject`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Violation {
    /// What was expected, in the rule's own words.
    pub message: &'static str,
    /// The first byte of the input the message is about.
    pub start: usize,
    /// One past the last byte of the input the message is about.
    pub end: usize,
}

impl Violation {
    /// A violation of `message` at bytes `start..end` of the input.
    pub const fn new(message: &'static str, start: usize, end: usize) -> Self {
        Violation {
            message,
            start,
            end,
        }
    }

    /// Attaches the input this violation was found in, and the kind of input it is.
    pub fn into_error(self, subject: Subject, input: &str) -> RuleError {
        RuleError::new(subject, input, self.start..self.end, self.message)
    }
}

/// An input that breaks a rule: which kind of input, the input itself, what was expected, and
/// the byte range of the input where the problem is.
///
/// ```
/// use podtask_rules::{RuleError, Subject};
/// let e = RuleError::new(Subject::EnvVarName, "1ABC", 0..1, "must not start with a digit");
/// assert_eq!(e.to_string(), r#"invalid environment variable name "1ABC": must not start with a digit (at byte 0: "1")"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuleError {
    subject: Subject,
    input: String,
    range: Range<usize>,
    message: Cow<'static, str>,
    suggestion: Option<String>,
}

impl RuleError {
    /// An error about `input` (a `subject`), at bytes `range` of it, saying `message`.
    ///
    /// A range that does not fall on character boundaries of `input` is widened to the whole
    /// input, so that [`RuleError::range`] can always slice it.
    pub fn new(
        subject: Subject,
        input: impl Into<String>,
        range: Range<usize>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        let input = input.into();
        let range = if range.start <= range.end && input.get(range.clone()).is_some() {
            range
        } else {
            0..input.len()
        };
        RuleError {
            subject,
            input,
            range,
            message: message.into(),
            suggestion: None,
        }
    }

    /// An error about the whole of `input`.
    pub fn whole(
        subject: Subject,
        input: impl Into<String>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        let input = input.into();
        let len = input.len();
        Self::new(subject, input, 0..len, message)
    }

    /// Adds a "did you mean" suggestion: the nearest valid word.
    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    /// The kind of input that broke the rule.
    pub fn subject(&self) -> Subject {
        self.subject
    }

    /// The input that broke the rule.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The byte range of [`RuleError::input`] the message is about.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    /// What was expected, without the input.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The nearest valid word, if one is close enough to be a likely typo.
    pub fn suggestion(&self) -> Option<&str> {
        self.suggestion.as_deref()
    }

    /// The message, the part of the input it is about (when that is not the whole input) and the
    /// suggestion — everything but the subject and the input. The proc macro uses this, as it
    /// already points at the input.
    pub fn detail(&self) -> String {
        let mut out = self.message.to_string();
        if self.range != (0..self.input.len()) {
            let part = &self.input[self.range.clone()];
            if self.range.is_empty() {
                out.push_str(&format!(" (at byte {})", self.range.start));
            } else if self.range.len() == 1 {
                out.push_str(&format!(" (at byte {}: {part:?})", self.range.start));
            } else {
                out.push_str(&format!(
                    " (at bytes {}..{}: {part:?})",
                    self.range.start, self.range.end
                ));
            }
        }
        if let Some(s) = &self.suggestion {
            out.push_str(&format!("; did you mean `{s}`?"));
        }
        out
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} {:?}: {}",
            self.subject.noun(),
            self.input,
            self.detail()
        )
    }
}

impl std::error::Error for RuleError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_input_has_no_range_note() {
        let e = RuleError::whole(Subject::Quantity, "abc", "expected a number");
        assert_eq!(
            e.to_string(),
            r#"invalid quantity "abc": expected a number"#
        );
        assert_eq!(e.range(), 0..3);
    }

    #[test]
    fn range_and_suggestion_are_shown() {
        let e = RuleError::new(Subject::Setting, "memroy", 0..6, "unknown resource key")
            .with_suggestion("memory");
        assert_eq!(e.detail(), "unknown resource key; did you mean `memory`?");
        let e = RuleError::new(Subject::Quantity, "1.5ki", 3..5, "unknown suffix");
        assert_eq!(e.detail(), r#"unknown suffix (at bytes 3..5: "ki")"#);
    }

    #[test]
    fn a_range_off_char_boundaries_widens_to_the_whole_input() {
        let e = RuleError::new(Subject::Quantity, "é1", 1..2, "bad");
        assert_eq!(e.range(), 0..3);
        let e = Violation::new("bad", 9, 12).into_error(Subject::Quantity, "ab");
        assert_eq!(e.range(), 0..2);
    }
}
