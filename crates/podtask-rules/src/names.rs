//! Names as the Kubernetes API server checks them: DNS-1123 labels and subdomains, qualified
//! names (label and annotation keys), label values, environment variable names, and the total
//! size of an object's annotations.
//!
//! Each rule follows k8s.io/apimachinery (`pkg/util/validation/validation.go`, now
//! `pkg/api/validate/content`) and `pkg/api/validation/objectmeta.go`, and reports
//! Kubernetes' own message. Where Kubernetes lists several problems at once, these rules report
//! the first one Kubernetes lists, with the byte range of the input it is about.
//!
//! ```
//! use podtask_rules::names;
//! assert!(names::dns1123_label("train-model").is_ok());
//! assert!(names::qualified_name("app.kubernetes.io/name").is_ok());
//! let v = names::dns1123_label("Train").unwrap_err();
//! assert_eq!((v.start, v.end), (0, 1));
//! ```

use crate::{RuleError, Subject, Violation};

/// The longest DNS-1123 label (`DNS1123LabelMaxLength`).
pub const DNS1123_LABEL_MAX_LENGTH: usize = 63;
/// The longest DNS-1123 subdomain (`DNS1123SubdomainMaxLength`).
pub const DNS1123_SUBDOMAIN_MAX_LENGTH: usize = 253;
/// The longest name part of a qualified name (`qualifiedNameMaxLength`).
pub const QUALIFIED_NAME_MAX_LENGTH: usize = 63;
/// The longest label value (`LabelValueMaxLength`).
pub const LABEL_VALUE_MAX_LENGTH: usize = 63;
/// The most bytes all annotation keys and values of one object may take together
/// (`TotalAnnotationSizeLimitB`, 256 KiB).
pub const TOTAL_ANNOTATION_SIZE_LIMIT_B: usize = 256 * 1024;

// Kubernetes builds its messages by concatenation; `concat!` needs literals, hence macros.
macro_rules! dns1123_label_msg {
    () => {
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    };
}
macro_rules! dns1123_subdomain_msg {
    () => {
        r"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    };
}
macro_rules! qualified_name_body {
    () => {
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    };
}

/// Kubernetes' message for a DNS-1123 label that does not match the grammar.
pub const DNS1123_LABEL_MSG: &str = dns1123_label_msg!();
/// Kubernetes' message for a DNS-1123 subdomain that does not match the grammar.
pub const DNS1123_SUBDOMAIN_MSG: &str = dns1123_subdomain_msg!();
/// Kubernetes' message for a DNS-1123 label that would be a valid subdomain.
pub const NO_DOTS_MSG: &str = "must not contain dots";
/// Kubernetes' message for a qualified name with more than one `/`.
pub const QUALIFIED_NAME_MSG: &str = concat!(
    "a qualified name ",
    qualified_name_body!(),
    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
);
/// Kubernetes' message for a name part of a qualified name that does not match the grammar.
pub const NAME_PART_MSG: &str = concat!("name part ", qualified_name_body!());
/// Kubernetes' message for a label value that does not match the grammar.
pub const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
/// Kubernetes' message for an environment variable name that does not match the grammar.
pub const ENV_VAR_NAME_MSG: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
/// Kubernetes' message for annotations whose keys and values are too large together.
pub const ANNOTATIONS_TOO_LONG_MSG: &str = "Too long: must have at most 262144 bytes";

const MAX_63: &str = "must be no more than 63 characters";
const MAX_253: &str = "must be no more than 253 characters";
const PREFIX_EMPTY: &str = "prefix part must be non-empty";
const PREFIX_MAX_253: &str = "prefix part must be no more than 253 characters";
const PREFIX_SUBDOMAIN: &str = concat!("prefix part ", dns1123_subdomain_msg!());
const NAME_EMPTY: &str = "name part must be non-empty";
const NAME_MAX_63: &str = "name part must be no more than 63 characters";

/// The byte length of the UTF-8 character that starts at `b[i]`, so that a range never splits
/// a character.
pub(crate) const fn char_len_at(b: &[u8], i: usize) -> usize {
    let len = match b[i] {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    };
    if i + len > b.len() { b.len() - i } else { len }
}

/// `i`, moved forward to the start of a character, so that an over-long part of the input
/// never starts inside one.
pub(crate) const fn boundary_from(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] & 0xC0 == 0x80 {
        i += 1;
    }
    i
}

/// The range of the character at `i`.
const fn at(b: &[u8], i: usize) -> (usize, usize) {
    (i, i + char_len_at(b, i))
}

/// A length violation about the part of `b[..end]` past `limit`.
const fn too_long(message: &'static str, b: &[u8], limit: usize, end: usize) -> Violation {
    Violation::new(message, boundary_from(b, limit), end)
}

const fn is_lower_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// The first character of `b[start..end]` that breaks `[a-z0-9]([-a-z0-9]*[a-z0-9])?`; with
/// `fold`, ASCII upper case is read as lower case.
const fn label_offence(b: &[u8], start: usize, end: usize, fold: bool) -> Option<(usize, usize)> {
    if start == end {
        return Some((start, end));
    }
    let mut i = start;
    while i < end {
        let c = if fold {
            b[i].to_ascii_lowercase()
        } else {
            b[i]
        };
        if !(is_lower_alnum(c) || c == b'-') || (i == start && c == b'-') {
            return Some(at(b, i));
        }
        i += 1;
    }
    if b[end - 1] == b'-' {
        return Some((end - 1, end));
    }
    None
}

/// The first character of `b[start..end]` that breaks the DNS-1123 subdomain grammar; an empty
/// label is reported at the dot next to it. With `fold`, ASCII upper case is read as lower case.
const fn subdomain_offence(
    b: &[u8],
    start: usize,
    end: usize,
    fold: bool,
) -> Option<(usize, usize)> {
    if start == end {
        return Some((start, end));
    }
    let mut label_start = start;
    let mut i = start;
    while i <= end {
        if i == end || b[i] == b'.' {
            if label_start == i {
                // An empty label: point at the dot that ends it, or the one before it.
                return Some(if i < end { (i, i + 1) } else { (i - 1, i) });
            }
            if let Some(r) = label_offence(b, label_start, i, fold) {
                return Some(r);
            }
            label_start = i + 1;
        }
        i += 1;
    }
    None
}

/// The first character of `b[start..end]` (not empty) that breaks
/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
const fn name_offence(b: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
    let mut i = start;
    while i < end {
        let c = b[i];
        let ok = c.is_ascii_alphanumeric() || (i != start && (c == b'-' || c == b'_' || c == b'.'));
        if !ok {
            return Some(at(b, i));
        }
        i += 1;
    }
    if end > start && !b[end - 1].is_ascii_alphanumeric() {
        return Some((end - 1, end));
    }
    None
}

/// A DNS-1123 label (Kubernetes `IsDNS1123Label`): at most 63 characters of lower case letters,
/// digits and `-`, starting and ending with a letter or digit. Container, port and volume names
/// are labels.
///
/// ```
/// use podtask_rules::names::{dns1123_label, DNS1123_LABEL_MSG};
/// const _: () = assert!(dns1123_label("my-name").is_ok());
/// let v = dns1123_label("my_name").unwrap_err();
/// assert_eq!((v.message, v.start, v.end), (DNS1123_LABEL_MSG, 2, 3));
/// assert_eq!(dns1123_label("a.b").unwrap_err().message, "must not contain dots");
/// ```
///
/// A `const` that breaks the rule does not compile:
///
/// ```compile_fail
/// use podtask_rules::names::dns1123_label;
/// const _: () = assert!(dns1123_label("Trainer").is_ok());
/// ```
pub const fn dns1123_label(s: &str) -> Result<(), Violation> {
    let b = s.as_bytes();
    if b.len() > DNS1123_LABEL_MAX_LENGTH {
        return Err(too_long(MAX_63, b, DNS1123_LABEL_MAX_LENGTH, b.len()));
    }
    match label_offence(b, 0, b.len(), false) {
        None => Ok(()),
        Some((start, end)) => {
            if subdomain_offence(b, 0, b.len(), false).is_none() {
                // A valid subdomain of valid length that is no label must hold a dot.
                let mut i = 0;
                while i + 1 < b.len() && b[i] != b'.' {
                    i += 1;
                }
                Err(Violation::new(NO_DOTS_MSG, i, i + 1))
            } else {
                Err(Violation::new(DNS1123_LABEL_MSG, start, end))
            }
        }
    }
}

/// A DNS-1123 subdomain (Kubernetes `IsDNS1123Subdomain`): at most 253 characters of DNS-1123
/// labels joined by `.`. Most object names are subdomains.
///
/// ```
/// use podtask_rules::names::dns1123_subdomain;
/// const _: () = assert!(dns1123_subdomain("example.com").is_ok());
/// let v = dns1123_subdomain("example..com").unwrap_err();
/// assert_eq!((v.start, v.end), (8, 9));
/// ```
pub const fn dns1123_subdomain(s: &str) -> Result<(), Violation> {
    let b = s.as_bytes();
    if b.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        return Err(too_long(MAX_253, b, DNS1123_SUBDOMAIN_MAX_LENGTH, b.len()));
    }
    match subdomain_offence(b, 0, b.len(), false) {
        None => Ok(()),
        Some((start, end)) => Err(Violation::new(DNS1123_SUBDOMAIN_MSG, start, end)),
    }
}

/// A qualified name (Kubernetes `IsQualifiedName`, the rule for label keys): an optional
/// DNS-1123 subdomain prefix and `/`, then a name of at most 63 letters, digits, `-`, `_` and
/// `.` that starts and ends with a letter or digit. Upper case is allowed in the name part.
///
/// ```
/// use podtask_rules::names::qualified_name;
/// const _: () = assert!(qualified_name("example.com/MyName").is_ok());
/// let v = qualified_name("Example.com/abc").unwrap_err();
/// assert!(v.message.starts_with("prefix part a lowercase RFC 1123 subdomain"));
/// assert_eq!((v.start, v.end), (0, 1));
/// ```
pub const fn qualified_name(s: &str) -> Result<(), Violation> {
    qualified(s, false)
}

/// A qualified name; with `fold_prefix`, the prefix is read with ASCII upper case as lower case
/// (as Kubernetes checks annotation keys).
const fn qualified(s: &str, fold_prefix: bool) -> Result<(), Violation> {
    let b = s.as_bytes();
    let mut slash = None;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' {
            if slash.is_some() {
                return Err(Violation::new(QUALIFIED_NAME_MSG, i, i + 1));
            }
            slash = Some(i);
        }
        i += 1;
    }
    let name_start = match slash {
        None => 0,
        Some(p) => {
            if p == 0 {
                return Err(Violation::new(PREFIX_EMPTY, 0, 0));
            }
            if p > DNS1123_SUBDOMAIN_MAX_LENGTH {
                return Err(too_long(PREFIX_MAX_253, b, DNS1123_SUBDOMAIN_MAX_LENGTH, p));
            }
            if let Some((start, end)) = subdomain_offence(b, 0, p, fold_prefix) {
                return Err(Violation::new(PREFIX_SUBDOMAIN, start, end));
            }
            p + 1
        }
    };
    name_part(b, name_start)
}

/// The name part of a qualified name: `b[start..]`.
const fn name_part(b: &[u8], start: usize) -> Result<(), Violation> {
    let len = b.len() - start;
    if len == 0 {
        return Err(Violation::new(NAME_EMPTY, start, start));
    }
    if len > QUALIFIED_NAME_MAX_LENGTH {
        return Err(too_long(
            NAME_MAX_63,
            b,
            start + QUALIFIED_NAME_MAX_LENGTH,
            b.len(),
        ));
    }
    match name_offence(b, start, b.len()) {
        None => Ok(()),
        Some((s, e)) => Err(Violation::new(NAME_PART_MSG, s, e)),
    }
}

/// An annotation key (Kubernetes `ValidateAnnotations`): a qualified name once upper case
/// letters are folded to lower case, so `Example.com/Key` is a valid annotation key although it
/// is not a valid label key.
///
/// Kubernetes folds with Go's `strings.ToLower`, which also turns the Kelvin sign `K` (U+212A)
/// and `İ` (U+0130) into ASCII letters; this rule folds ASCII only and so rejects keys with
/// those two characters, which no real key uses.
///
/// ```
/// use podtask_rules::names::{annotation_key, qualified_name};
/// const _: () = assert!(annotation_key("Example.com/Key").is_ok());
/// assert!(qualified_name("Example.com/Key").is_err());
/// assert!(annotation_key("example.com/-key").is_err());
/// ```
pub const fn annotation_key(s: &str) -> Result<(), Violation> {
    // Only the prefix is case-sensitive in a qualified name, so only it is folded.
    qualified(s, true)
}

/// The longest task name, in bytes.
pub const TASK_NAME_MAX_LENGTH: usize = 255;

/// A task name (`#[task(name = "...")]`, or the default `module.path.fn_name`): what Flyte
/// registers the task under and what `serialize` names its file after, so not empty, at most
/// [`TASK_NAME_MAX_LENGTH`] bytes, not starting with `.`, and without `/`, `\`, whitespace or
/// control characters.
///
/// ```
/// use podtask_rules::names::task_name;
/// const _: () = assert!(task_name("etl.process_v2").is_ok());
/// assert_eq!(task_name("etl process").unwrap_err().start, 3);
/// assert!(task_name(".hidden").is_err());
/// ```
pub const fn task_name(s: &str) -> Result<(), Violation> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(Violation::new("a task name must not be empty", 0, 0));
    }
    if b.len() > TASK_NAME_MAX_LENGTH {
        return Err(too_long(
            "a task name must be no more than 255 bytes",
            b,
            TASK_NAME_MAX_LENGTH,
            b.len(),
        ));
    }
    if b[0] == b'.' {
        return Err(Violation::new(
            "a task name must not start with '.': it names a file",
            0,
            1,
        ));
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // Multi-byte characters are letters as far as this rule goes; their bytes are >= 0x80.
        if c == b'/' || c == b'\\' || c.is_ascii_whitespace() || c.is_ascii_control() || c == 0x7f {
            return Err(Violation::new(
                "a task name must not contain '/', '\\', whitespace or control characters: it names a file",
                i,
                i + 1,
            ));
        }
        i += 1;
    }
    Ok(())
}

/// A label value (Kubernetes `IsValidLabelValue`): empty, or at most 63 letters, digits, `-`,
/// `_` and `.` that start and end with a letter or digit.
///
/// ```
/// use podtask_rules::names::label_value;
/// const _: () = assert!(label_value("").is_ok());
/// const _: () = assert!(label_value("v1.2_rc-3").is_ok());
/// assert_eq!(label_value("ends.with.dot.").unwrap_err().start, 13);
/// ```
pub const fn label_value(s: &str) -> Result<(), Violation> {
    let b = s.as_bytes();
    if b.len() > LABEL_VALUE_MAX_LENGTH {
        return Err(too_long(MAX_63, b, LABEL_VALUE_MAX_LENGTH, b.len()));
    }
    match name_offence(b, 0, b.len()) {
        None => Ok(()),
        Some((start, end)) => Err(Violation::new(LABEL_VALUE_MSG, start, end)),
    }
}

/// An environment variable name (Kubernetes `IsEnvVarName`): letters, digits, `_`, `-` and `.`,
/// not starting with a digit, and not `.`, `..` or anything starting with `..`.
///
/// Kubernetes 1.30 added the `RelaxedEnvironmentVariableValidation` feature gate (beta and on
/// by default from 1.32, stable in 1.34), which accepts any printable ASCII but `=`. This rule
/// keeps the strict grammar: every name it accepts is accepted by every Kubernetes version and
/// by POSIX shells, while a relaxed name is refused by older clusters.
///
/// ```
/// use podtask_rules::names::env_var_name;
/// const _: () = assert!(env_var_name("MY_ENV.NAME").is_ok());
/// assert_eq!(env_var_name("1ABC").unwrap_err().start, 0);
/// assert_eq!(env_var_name("..x").unwrap_err().message, "must not start with '..'");
/// ```
pub const fn env_var_name(s: &str) -> Result<(), Violation> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(Violation::new(ENV_VAR_NAME_MSG, 0, 0));
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let ok = c.is_ascii_alphabetic()
            || c == b'-'
            || c == b'.'
            || c == b'_'
            || (i > 0 && c.is_ascii_digit());
        if !ok {
            let (start, end) = at(b, i);
            return Err(Violation::new(ENV_VAR_NAME_MSG, start, end));
        }
        i += 1;
    }
    not_dots(b)
}

/// Kubernetes' message for an environment variable name that breaks the relaxed rule
/// ([`relaxed_env_var_name`]).
pub const RELAXED_ENV_VAR_NAME_MSG: &str = "a valid environment variable name must consist only of printable ASCII characters other than '='";

/// Kubernetes' message for an empty environment variable name under the relaxed rule.
pub const ENV_VAR_NAME_EMPTY_MSG: &str = "environment variable name must be non-empty";

/// An environment variable name under the relaxed rule (Kubernetes `IsRelaxedEnvVarName`): not
/// empty, and every character printable ASCII (a space up to `~`) other than `=`.
///
/// This is the rule of the API server for `env[].name` and `envFrom[].prefix` wherever the
/// `RelaxedEnvironmentVariableValidation` feature gate is on: by default from Kubernetes 1.32
/// (beta), locked on from 1.34 (stable), so in every version from 1.33. [`env_var_name`] is the
/// strict rule of older versions.
///
/// ```
/// use podtask_rules::names::relaxed_env_var_name;
/// const _: () = assert!(relaxed_env_var_name("1 $HOME").is_ok());
/// assert_eq!(relaxed_env_var_name("A=B").unwrap_err().start, 1);
/// assert_eq!(relaxed_env_var_name("é").unwrap_err().end, 2);
/// ```
pub const fn relaxed_env_var_name(s: &str) -> Result<(), Violation> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(Violation::new(ENV_VAR_NAME_EMPTY_MSG, 0, 0));
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < b' ' || c > b'~' || c == b'=' {
            let (start, end) = at(b, i);
            return Err(Violation::new(RELAXED_ENV_VAR_NAME_MSG, start, end));
        }
        i += 1;
    }
    Ok(())
}

/// Kubernetes' rule against names that are, or start with, the path elements `.` and `..`.
const fn not_dots(b: &[u8]) -> Result<(), Violation> {
    if b.len() == 1 && b[0] == b'.' {
        return Err(Violation::new("must not be '.'", 0, 1));
    }
    if b.len() >= 2 && b[0] == b'.' && b[1] == b'.' {
        return Err(if b.len() == 2 {
            Violation::new("must not be '..'", 0, 2)
        } else {
            Violation::new("must not start with '..'", 0, 2)
        });
    }
    Ok(())
}

/// Kubernetes' message for a Secret or ConfigMap key that does not match the grammar.
pub const CONFIG_KEY_MSG: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/// A key of a Secret or ConfigMap (Kubernetes `IsConfigMapKey`): at most 253 letters, digits,
/// `-`, `_` and `.`, and not `.`, `..` or anything starting with `..`.
///
/// ```
/// use podtask_rules::names::config_key;
/// const _: () = assert!(config_key("sa.json").is_ok());
/// const _: () = assert!(config_key("AWS_SECRET").is_ok());
/// assert_eq!(config_key("a/b").unwrap_err().start, 1);
/// assert_eq!(config_key("..x").unwrap_err().message, "must not start with '..'");
/// ```
pub const fn config_key(s: &str) -> Result<(), Violation> {
    let b = s.as_bytes();
    if b.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        return Err(too_long(MAX_253, b, DNS1123_SUBDOMAIN_MAX_LENGTH, b.len()));
    }
    if b.is_empty() {
        return Err(Violation::new(CONFIG_KEY_MSG, 0, 0));
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.') {
            let (start, end) = at(b, i);
            return Err(Violation::new(CONFIG_KEY_MSG, start, end));
        }
        i += 1;
    }
    not_dots(b)
}

/// The annotations of one object taken together (Kubernetes `ValidateAnnotations`): the bytes of
/// all keys and values must add up to at most 256 KiB ([`TOTAL_ANNOTATION_SIZE_LIMIT_B`]).
/// The error's input states the total.
///
/// ```
/// use podtask_rules::names::annotations_size;
/// assert!(annotations_size([("a", "b"), ("c", "d")]).is_ok());
/// let big = "x".repeat(262_144);
/// let e = annotations_size([("k", big.as_str())]).unwrap_err();
/// assert_eq!(e.to_string(), r#"invalid annotations "262145 bytes of keys and values": Too long: must have at most 262144 bytes"#);
/// ```
pub fn annotations_size<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), RuleError> {
    let total = pairs.into_iter().fold(0usize, |n, (k, v)| {
        n.saturating_add(k.len()).saturating_add(v.len())
    });
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_B {
        return Err(RuleError::whole(
            Subject::Annotations,
            format!("{total} bytes of keys and values"),
            ANNOTATIONS_TOO_LONG_MSG,
        ));
    }
    Ok(())
}

/// Checks `s` as the kind of name `subject` says: [`Subject::Dns1123Label`],
/// [`Subject::Dns1123Subdomain`], [`Subject::QualifiedName`], [`Subject::LabelValue`],
/// [`Subject::EnvVarName`] or [`Subject::SecretKey`]. Any other subject is reported as an
/// error, not checked.
///
/// ```
/// use podtask_rules::{names, Subject};
/// assert!(names::check(Subject::EnvVarName, "HOME").is_ok());
/// let e = names::check(Subject::Dns1123Label, "my_task").unwrap_err();
/// assert_eq!(e.subject(), Subject::Dns1123Label);
/// assert_eq!(e.range(), 2..3);
/// ```
pub fn check(subject: Subject, s: &str) -> Result<(), RuleError> {
    let result = match subject {
        Subject::Dns1123Label => dns1123_label(s),
        Subject::Dns1123Subdomain => dns1123_subdomain(s),
        Subject::QualifiedName => qualified_name(s),
        Subject::LabelValue => label_value(s),
        Subject::EnvVarName => env_var_name(s),
        Subject::SecretKey => config_key(s),
        other => {
            return Err(RuleError::whole(
                other,
                s,
                "is not a kind of name that names::check knows",
            ));
        }
    };
    result.map_err(|v| v.into_error(subject, s))
}

/// A name prefix as Kubernetes validates it (`maskTrailingDash`): one that ends in `-` (and is
/// longer than that) loses its last two bytes and gets an `a`, so `job-` is judged as `joa`.
/// `None` when the cut falls inside a character (the name is then no DNS name either way).
pub fn mask_trailing_dash(name: &str) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    match name.strip_suffix('-') {
        Some(rest) if name.len() > 1 => {
            let cut = rest.len() - 1;
            rest.is_char_boundary(cut)
                .then(|| Cow::Owned(format!("{}a", &rest[..cut])))
        }
        _ => Some(Cow::Borrowed(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Compile-time use of every rule.
    const _: () = assert!(dns1123_label("abc").is_ok());
    const _: () = assert!(dns1123_label("ABC").is_err());
    const _: () = assert!(dns1123_subdomain("a.b.c").is_ok());
    const _: () = assert!(qualified_name("k8s.io/app").is_ok());
    const _: () = assert!(label_value("").is_ok());
    const _: () = assert!(env_var_name("PATH").is_ok());
    const _: () = assert!(env_var_name("9PATH").is_err());

    fn range(r: Result<(), Violation>) -> (&'static str, usize, usize) {
        let v = r.unwrap_err();
        (v.message, v.start, v.end)
    }

    // The good and bad values of Kubernetes' TestIsDNS1123Label.
    #[test]
    fn dns1123_label_kubernetes_cases() {
        let good = [
            "a",
            "ab",
            "abc",
            "a1",
            "a-1",
            "a--1--2--b",
            "0",
            "01",
            "012",
            "1a",
            "1-a",
            "1--a--b--2",
        ];
        for v in good.iter().copied().chain([&*"a".repeat(63)]) {
            assert_eq!(dns1123_label(v), Ok(()), "{v:?}");
        }
        let bad = [
            "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_",
            "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ",
            " a", "a b", "1 ", " 1", "1 2",
        ];
        for v in bad.iter().copied().chain([&*"a".repeat(64)]) {
            assert!(dns1123_label(v).is_err(), "{v:?}");
        }
    }

    #[test]
    fn dns1123_label_messages_and_ranges() {
        assert_eq!(range(dns1123_label("")), (DNS1123_LABEL_MSG, 0, 0));
        assert_eq!(range(dns1123_label("aBc")), (DNS1123_LABEL_MSG, 1, 2));
        assert_eq!(range(dns1123_label("-a")), (DNS1123_LABEL_MSG, 0, 1));
        assert_eq!(range(dns1123_label("a-")), (DNS1123_LABEL_MSG, 1, 2));
        assert_eq!(range(dns1123_label("a.b")), (NO_DOTS_MSG, 1, 2));
        assert_eq!(range(dns1123_label("a.")), (DNS1123_LABEL_MSG, 1, 2));
        assert_eq!(range(dns1123_label("aé")), (DNS1123_LABEL_MSG, 1, 3));
        assert_eq!(range(dns1123_label(&"a".repeat(70))), (MAX_63, 63, 70));
        assert_eq!(
            DNS1123_LABEL_MSG,
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        );
        let e = check(Subject::Dns1123Label, "my_name").unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(r#"invalid DNS-1123 label "my_name": {DNS1123_LABEL_MSG} (at byte 2: "_")"#)
        );
    }

    // The good and bad values of Kubernetes' TestIsDNS1123Subdomain.
    #[test]
    fn dns1123_subdomain_kubernetes_cases() {
        let good = [
            "a",
            "ab",
            "abc",
            "a1",
            "a-1",
            "a--1--2--b",
            "0",
            "01",
            "012",
            "1a",
            "1-a",
            "1--a--b--2",
            "a.a",
            "ab.a",
            "abc.a",
            "a1.a",
            "a-1.a",
            "a--1--2--b.a",
            "a.1",
            "ab.1",
            "abc.1",
            "a1.1",
            "a-1.1",
            "a--1--2--b.1",
            "0.a",
            "01.a",
            "012.a",
            "1a.a",
            "1-a.a",
            "1--a--b--2",
            "0.1",
            "01.1",
            "012.1",
            "1a.1",
            "1-a.1",
            "1--a--b--2.1",
            "a.b.c.d.e",
            "aa.bb.cc.dd.ee",
            "1.2.3.4.5",
            "11.22.33.44.55",
        ];
        for v in good.iter().copied().chain([&*"a".repeat(253)]) {
            assert_eq!(dns1123_subdomain(v), Ok(()), "{v:?}");
        }
        let bad = [
            "",
            "A",
            "ABC",
            "aBc",
            "A1",
            "A-1",
            "1-A",
            "-",
            "a-",
            "-a",
            "1-",
            "-1",
            "_",
            "a_",
            "_a",
            "a_b",
            "1_",
            "_1",
            "1_2",
            ".",
            "a.",
            ".a",
            "a..b",
            "1.",
            ".1",
            "1..2",
            " ",
            "a ",
            " a",
            "a b",
            "1 ",
            " 1",
            "1 2",
            "A.a",
            "aB.a",
            "ab.A",
            "A1.a",
            "a1.A",
            "A.1",
            "aB.1",
            "A1.1",
            "1A.1",
            "0.A",
            "01.A",
            "012.A",
            "1A.a",
            "1a.A",
            "A.B.C.D.E",
            "AA.BB.CC.DD.EE",
            "a.B.c.d.e",
            "aa.bB.cc.dd.ee",
            "a@b",
            "a,b",
            "a_b",
            "a;b",
            "a:b",
            "a%b",
            "a?b",
            "a$b",
        ];
        for v in bad.iter().copied().chain([&*"a".repeat(254)]) {
            assert!(dns1123_subdomain(v).is_err(), "{v:?}");
        }
    }

    #[test]
    fn dns1123_subdomain_ranges() {
        assert_eq!(range(dns1123_subdomain("")), (DNS1123_SUBDOMAIN_MSG, 0, 0));
        assert_eq!(
            range(dns1123_subdomain(".a")),
            (DNS1123_SUBDOMAIN_MSG, 0, 1)
        );
        assert_eq!(
            range(dns1123_subdomain("a.")),
            (DNS1123_SUBDOMAIN_MSG, 1, 2)
        );
        assert_eq!(
            range(dns1123_subdomain("a..b")),
            (DNS1123_SUBDOMAIN_MSG, 2, 3)
        );
        assert_eq!(
            range(dns1123_subdomain("ab.c-")),
            (DNS1123_SUBDOMAIN_MSG, 4, 5)
        );
        assert_eq!(
            range(dns1123_subdomain("ab.-c")),
            (DNS1123_SUBDOMAIN_MSG, 3, 4)
        );
        assert_eq!(
            range(dns1123_subdomain("a.B")),
            (DNS1123_SUBDOMAIN_MSG, 2, 3)
        );
        assert_eq!(
            range(dns1123_subdomain(&"a".repeat(300))),
            (MAX_253, 253, 300)
        );
        assert!(DNS1123_SUBDOMAIN_MSG.ends_with(
            r"regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        ));
    }

    // The success and error cases of Kubernetes' TestIsQualifiedName.
    #[test]
    fn qualified_name_kubernetes_cases() {
        let long_ok = format!("{}/{}", "a".repeat(253), "b".repeat(63));
        let good = [
            "simple",
            "now-with-dashes",
            "1-starts-with-num",
            "1234",
            "simple/simple",
            "now-with-dashes/simple",
            "now-with-dashes/now-with-dashes",
            "now.with.dots/simple",
            "now-with.dashes-and.dots/simple",
            "1-num.2-num/3-num",
            "1234/5678",
            "1.2.3.4/5678",
            "Uppercase_Is_OK_123",
            "example.com/Uppercase_Is_OK_123",
            "requests.storage-foo",
            &"a".repeat(63),
            &long_ok,
        ];
        for v in good {
            assert_eq!(qualified_name(v), Ok(()), "{v:?}");
        }
        let long_bad = format!("{}/abc", "a".repeat(254));
        let bad = [
            "nospecialchars%^=@",
            "cantendwithadash-",
            "-cantstartwithadash-",
            "only/one/slash",
            "Example.com/abc",
            "example_com/abc",
            "example.com/",
            "/simple",
            &"a".repeat(64),
            &long_bad,
        ];
        for v in bad {
            assert!(qualified_name(v).is_err(), "{v:?}");
        }
    }

    #[test]
    fn qualified_name_messages_and_ranges() {
        assert_eq!(
            range(qualified_name("only/one/slash")),
            (QUALIFIED_NAME_MSG, 8, 9)
        );
        assert_eq!(range(qualified_name("/simple")), (PREFIX_EMPTY, 0, 0));
        assert_eq!(range(qualified_name("example.com/")), (NAME_EMPTY, 12, 12));
        assert_eq!(range(qualified_name("")), (NAME_EMPTY, 0, 0));
        assert_eq!(
            range(qualified_name("example_com/abc")),
            (PREFIX_SUBDOMAIN, 7, 8)
        );
        assert_eq!(range(qualified_name("a.com/-abc")), (NAME_PART_MSG, 6, 7));
        assert_eq!(
            range(qualified_name("cantendwithadash-")),
            (NAME_PART_MSG, 16, 17)
        );
        assert_eq!(
            range(qualified_name("nospecialchars%^=@")),
            (NAME_PART_MSG, 14, 15)
        );
        assert_eq!(
            range(qualified_name(&"a".repeat(64))),
            (NAME_MAX_63, 63, 64)
        );
        let long_prefix = format!("{}/abc", "a".repeat(254));
        assert_eq!(
            range(qualified_name(&long_prefix)),
            (PREFIX_MAX_253, 253, 254)
        );
        let long_name = format!("k8s.io/{}", "b".repeat(64));
        assert_eq!(range(qualified_name(&long_name)), (NAME_MAX_63, 70, 71));
        assert_eq!(
            NAME_PART_MSG,
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        );
        assert!(PREFIX_SUBDOMAIN.starts_with("prefix part a lowercase RFC 1123 subdomain"));
    }

    #[test]
    fn annotation_keys_fold_case_in_the_prefix() {
        assert_eq!(annotation_key("Example.COM/Key"), Ok(()));
        assert_eq!(annotation_key("KEY"), Ok(()));
        assert_eq!(
            range(annotation_key("Exa_mple.com/k")),
            (PREFIX_SUBDOMAIN, 3, 4)
        );
        assert_eq!(range(annotation_key("a/b/c")), (QUALIFIED_NAME_MSG, 3, 4));
        assert_eq!(range(annotation_key("A-/k")), (PREFIX_SUBDOMAIN, 1, 2));
        assert_eq!(range(annotation_key("/k")), (PREFIX_EMPTY, 0, 0));
        assert_eq!(range(annotation_key("a./k")), (PREFIX_SUBDOMAIN, 1, 2));
    }

    // The success and error cases of Kubernetes' TestIsValidLabelValue.
    #[test]
    fn label_value_kubernetes_cases() {
        let good = [
            "simple",
            "now-with-dashes",
            "1-starts-with-num",
            "end-with-num-1",
            "1234",
            "",
        ];
        for v in good.iter().copied().chain([&*"a".repeat(63)]) {
            assert_eq!(label_value(v), Ok(()), "{v:?}");
        }
        let bad = [
            "nospecialchars%^=@",
            "Tama-nui-te-rā.is.Māori.sun",
            "\\backslashes\\are\\bad",
            "-starts-with-dash",
            "ends-with-dash-",
            ".starts.with.dot",
            "ends.with.dot.",
        ];
        for v in bad.iter().copied().chain([&*"a".repeat(64)]) {
            assert!(label_value(v).is_err(), "{v:?}");
        }
        // The offending character is a two-byte 'ā'.
        assert_eq!(
            range(label_value("Tama-nui-te-rā")),
            (LABEL_VALUE_MSG, 13, 15)
        );
        assert_eq!(range(label_value(&"a".repeat(64))), (MAX_63, 63, 64));
    }

    #[test]
    fn relaxed_env_var_names() {
        for v in [
            "ABC",
            "1BAD",
            "FOO BAR",
            " FOO",
            "$HOME",
            "a.b-c",
            "~!@#%^&*()",
            "..",
            ".",
        ] {
            assert_eq!(relaxed_env_var_name(v), Ok(()), "{v:?}");
        }
        assert_eq!(
            range(relaxed_env_var_name("")),
            (ENV_VAR_NAME_EMPTY_MSG, 0, 0)
        );
        assert_eq!(
            range(relaxed_env_var_name("A=B")),
            (RELAXED_ENV_VAR_NAME_MSG, 1, 2)
        );
        assert_eq!(
            range(relaxed_env_var_name("a\nb")),
            (RELAXED_ENV_VAR_NAME_MSG, 1, 2)
        );
        assert_eq!(
            range(relaxed_env_var_name("x\u{7f}")),
            (RELAXED_ENV_VAR_NAME_MSG, 1, 2)
        );
        assert_eq!(
            range(relaxed_env_var_name("Aé")),
            (RELAXED_ENV_VAR_NAME_MSG, 1, 3)
        );
    }

    #[test]
    fn env_var_names() {
        let good = [
            "ABC",
            "AbC123",
            "abc",
            "a.b.c",
            "a-b-c",
            "A__1",
            "_",
            "-",
            ".a",
            "my.env-name",
            "MY_ENV.NAME",
            "MyEnvName1",
        ];
        for v in good {
            assert_eq!(env_var_name(v), Ok(()), "{v:?}");
        }
        assert_eq!(range(env_var_name("")), (ENV_VAR_NAME_MSG, 0, 0));
        assert_eq!(range(env_var_name("1ABC")), (ENV_VAR_NAME_MSG, 0, 1));
        assert_eq!(range(env_var_name("A B")), (ENV_VAR_NAME_MSG, 1, 2));
        assert_eq!(range(env_var_name("A=B")), (ENV_VAR_NAME_MSG, 1, 2));
        assert_eq!(range(env_var_name("Aµ")), (ENV_VAR_NAME_MSG, 1, 3));
        assert_eq!(range(env_var_name(".")), ("must not be '.'", 0, 1));
        assert_eq!(range(env_var_name("..")), ("must not be '..'", 0, 2));
        assert_eq!(
            range(env_var_name("..abc")),
            ("must not start with '..'", 0, 2)
        );
        let e = check(Subject::EnvVarName, "1ABC").unwrap_err();
        assert_eq!(e.subject(), Subject::EnvVarName);
        assert_eq!(e.range(), 0..1);
    }

    #[test]
    fn annotation_size_limit() {
        let exact = "v".repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B - 3);
        assert!(annotations_size([("key", exact.as_str())]).is_ok());
        let e = annotations_size([("key", exact.as_str()), ("", "x")]).unwrap_err();
        assert_eq!(e.subject(), Subject::Annotations);
        assert_eq!(e.message(), ANNOTATIONS_TOO_LONG_MSG);
        assert_eq!(e.input(), "262145 bytes of keys and values");
        assert!(annotations_size(std::iter::empty()).is_ok());
    }

    #[test]
    fn check_dispatches_and_refuses_other_subjects() {
        assert!(check(Subject::Dns1123Subdomain, "a.b").is_ok());
        assert!(check(Subject::Dns1123Label, "a.b").is_err());
        assert!(check(Subject::QualifiedName, "A/b").is_err());
        assert!(check(Subject::LabelValue, "").is_ok());
        assert!(check(Subject::Dns1123Label, "").is_err());
        let e = check(Subject::Quantity, "1").unwrap_err();
        assert_eq!(e.subject(), Subject::Quantity);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn generated_labels_pass(s in "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?") {
                prop_assert_eq!(dns1123_label(&s), Ok(()));
                prop_assert_eq!(dns1123_subdomain(&s), Ok(()));
                prop_assert_eq!(qualified_name(&s), Ok(()));
                prop_assert_eq!(label_value(&s), Ok(()));
            }

            #[test]
            fn generated_subdomains_pass(
                s in "[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?){0,8}"
            ) {
                prop_assert_eq!(dns1123_subdomain(&s), Ok(()));
                let key = format!("{s}/Name_1");
                prop_assert_eq!(qualified_name(&key), Ok(()));
            }

            #[test]
            fn errors_point_inside_the_input(s in "\\PC{0,80}") {
                for r in [
                    dns1123_label(&s),
                    dns1123_subdomain(&s),
                    qualified_name(&s),
                    annotation_key(&s),
                    label_value(&s),
                    env_var_name(&s),
                ] {
                    if let Err(v) = r {
                        prop_assert!(v.start <= v.end && v.end <= s.len());
                        prop_assert!(s.is_char_boundary(v.start) && s.is_char_boundary(v.end));
                    }
                }
            }

            #[test]
            fn a_label_with_one_bad_character_is_refused_there(
                head in "[a-z]{1,10}", bad in "[A-Z_ .@]", tail in "[a-z]{1,10}"
            ) {
                let s = format!("{head}{bad}{tail}");
                let v = dns1123_label(&s).unwrap_err();
                prop_assert_eq!((v.start, v.end), (head.len(), head.len() + 1));
            }
        }
    }

    #[test]
    fn a_prefix_ending_in_a_dash_loses_two_bytes() {
        assert_eq!(mask_trailing_dash("job-").as_deref(), Some("joa"));
        // The byte before the dash goes too, whatever it is.
        assert_eq!(mask_trailing_dash("a_-").as_deref(), Some("aa"));
        assert_eq!(mask_trailing_dash("A-").as_deref(), Some("a"));
        assert_eq!(mask_trailing_dash("-").as_deref(), Some("-"));
        assert_eq!(mask_trailing_dash("job").as_deref(), Some("job"));
        assert_eq!(mask_trailing_dash("é-"), None);
    }
}
