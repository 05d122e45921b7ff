//! Container image references, read as a container runtime reads them before it pulls.
//!
//! The grammar is that of distribution/reference (`reference.go`, `regexp.go`):
//!
//! ```text
//! reference        := name [ ":" tag ] [ "@" digest ]
//! name             := [domain '/'] path
//! domain           := host [':' port-number]
//! host             := domain-name | '[' IPv6address ']'
//! domain-name      := domain-component ['.' domain-component]*
//! domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
//! port-number      := /[0-9]+/
//! path             := path-component ['/' path-component]*
//! path-component   := /[a-z0-9]+/ [separator /[a-z0-9]+/]*
//! separator        := /[_.]|__|[-]+/
//! tag              := /[\w][\w.-]{0,127}/
//! digest           := algorithm ":" /[0-9a-fA-F]{32,}/
//! algorithm        := /[A-Za-z][A-Za-z0-9]*/ [/[-_+.]/ /[A-Za-z][A-Za-z0-9]*/]*
//! ```
//!
//! Which first component is a registry is decided as Docker and containerd decide it
//! (`splitDockerDomain` in `normalize.go`): the part before the first `/` is the registry when
//! it contains `.` or `:`, is `localhost`, or has upper case letters; otherwise the whole name
//! is a path on Docker Hub. The repository path must be lower case and at most 255 characters
//! long once Docker Hub's `library/` is put before a one-component name. A digest is checked as
//! opencontainers/go-digest checks it: `sha256` takes exactly 64 lower case hex digits,
//! `sha384` 96 and `sha512` 128; other algorithms are unsupported.
//!
//! ```
//! use podtask_rules::image::{ImageReference, Pinning};
//! let r = ImageReference::parse("ghcr.io/acme/etl:v1.2.3").unwrap();
//! assert_eq!(r.domain(), Some("ghcr.io"));
//! assert_eq!(r.path(), "acme/etl");
//! assert_eq!(r.tag(), Some("v1.2.3"));
//! assert_eq!(r.pinning(), Pinning::Tag);
//! ```

use std::fmt;

use crate::names::char_len_at;
use crate::{RuleError, Subject, Violation};

/// The most characters a repository path may have (`RepositoryNameTotalLengthMax`).
pub const REPOSITORY_NAME_TOTAL_LENGTH_MAX: usize = 255;
/// The most characters a tag may have.
pub const TAG_MAX_LENGTH: usize = 128;

/// The message for an empty reference.
pub const EMPTY_MSG: &str = "empty image reference: expected a name such as \"busybox:1.36\"";
/// The message for whitespace in a reference.
pub const WHITESPACE_MSG: &str = "an image reference must not contain whitespace";
/// The message for a reference that is only a 64-digit hex identifier.
pub const IDENTIFIER_MSG: &str =
    "invalid repository name, cannot specify 64-byte hexadecimal strings";
/// The message for upper case letters in the repository path.
pub const UPPERCASE_MSG: &str = "repository name must be lowercase";
/// The message for a character that cannot appear in a repository path.
pub const PATH_CHAR_MSG: &str = "invalid character in repository name: expected lower case letters, digits, '/' between components, and the separators '.', '_', '__' or '-'";
/// The message for an empty path component.
pub const EMPTY_COMPONENT_MSG: &str =
    "empty component in repository name: '/' must sit between two components";
/// The message for a path component that starts or ends with a separator.
pub const COMPONENT_EDGE_MSG: &str =
    "a repository name component must start and end with a lower case letter or digit";
/// The message for a separator other than `.`, `_`, `__` or a run of `-`.
pub const SEPARATOR_MSG: &str =
    "invalid separator in repository name: use one '.', one '_', two '_', or any number of '-'";
/// The message for a repository path that is too long.
pub const NAME_TOO_LONG_MSG: &str = "repository name must not be more than 255 characters";
/// The message for a registry host that breaks the grammar.
pub const HOST_MSG: &str = "invalid registry host: expected names of letters, digits and '-' joined by '.', each starting and ending with a letter or digit";
/// The message for a registry port that is not a number.
pub const PORT_MSG: &str = "invalid registry port: expected digits after ':'";
/// The message for a bracketed IPv6 registry address that breaks the grammar.
pub const IPV6_MSG: &str =
    "invalid IPv6 registry address: expected hexadecimal digits and ':' between '[' and ']'";
/// The message for a `:` with no tag after it.
pub const MISSING_TAG_MSG: &str = "missing tag after ':'";
/// The message for a tag that breaks the grammar.
pub const TAG_MSG: &str = "invalid tag: expected letters, digits, '_', '.' and '-', not starting with '.' or '-' (regex used for validation is '[\\w][\\w.-]{0,127}')";
/// The message for a tag longer than 128 characters.
pub const TAG_TOO_LONG_MSG: &str = "invalid tag: must be no more than 128 characters";
/// The message for an `@` with no digest after it.
pub const MISSING_DIGEST_MSG: &str = "missing digest after '@'";
/// The message for a digest that breaks the grammar.
pub const DIGEST_MSG: &str = "invalid digest format: expected an algorithm, ':' and at least 32 hexadecimal digits, such as \"sha256:\" followed by 64 lower case hex digits";
/// The message for a sha256 digest whose hex part is not 64 lower case hex digits.
pub const SHA256_MSG: &str =
    "invalid checksum digest format: sha256 takes exactly 64 lower case hexadecimal digits";
/// The message for a sha384 digest whose hex part is not 96 lower case hex digits.
pub const SHA384_MSG: &str =
    "invalid checksum digest format: sha384 takes exactly 96 lower case hexadecimal digits";
/// The message for a sha512 digest whose hex part is not 128 lower case hex digits.
pub const SHA512_MSG: &str =
    "invalid checksum digest format: sha512 takes exactly 128 lower case hexadecimal digits";
/// The message for a digest algorithm other than sha256, sha384 and sha512.
pub const UNSUPPORTED_DIGEST_MSG: &str =
    "unsupported digest algorithm: expected sha256, sha384 or sha512";

/// How firmly a reference names one image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pinning {
    /// Pinned by digest (`@sha256:...`), with or without a tag: the digest wins.
    Digest,
    /// Tagged with a version (`:1.36`); the registry may still move the tag.
    Tag,
    /// Tagged `:latest`.
    Latest,
    /// No tag and no digest: the runtime pulls `:latest`.
    Untagged,
}

impl Pinning {
    /// Whether the image may change under the same reference without anyone editing it:
    /// `:latest` and untagged references.
    ///
    /// ```
    /// use podtask_rules::image::Pinning;
    /// assert!(Pinning::Untagged.is_mutable());
    /// assert!(!Pinning::Digest.is_mutable());
    /// ```
    pub const fn is_mutable(self) -> bool {
        matches!(self, Pinning::Latest | Pinning::Untagged)
    }
}

type Span = (usize, usize);

/// Where each part of a valid reference lies in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Parts {
    domain: Option<Span>,
    path: Span,
    tag: Option<Span>,
    digest: Option<Span>,
}

impl Parts {
    const fn pinning(&self, b: &[u8]) -> Pinning {
        if self.digest.is_some() {
            return Pinning::Digest;
        }
        match self.tag {
            None => Pinning::Untagged,
            Some((s, e)) => {
                if e - s == 6
                    && b[s] == b'l'
                    && b[s + 1] == b'a'
                    && b[s + 2] == b't'
                    && b[s + 3] == b'e'
                    && b[s + 4] == b's'
                    && b[s + 5] == b't'
                {
                    Pinning::Latest
                } else {
                    Pinning::Tag
                }
            }
        }
    }
}

const fn v(message: &'static str, start: usize, end: usize) -> Violation {
    Violation::new(message, start, end)
}

const fn char_at(b: &[u8], i: usize) -> Span {
    (i, i + char_len_at(b, i))
}

const fn is_lower_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

const fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

const fn find(b: &[u8], c: u8, start: usize, end: usize) -> Option<usize> {
    let mut i = start;
    while i < end {
        if b[i] == c {
            return Some(i);
        }
        i += 1;
    }
    None
}

const fn eq(b: &[u8], start: usize, end: usize, word: &str) -> bool {
    let w = word.as_bytes();
    if end - start != w.len() {
        return false;
    }
    let mut k = 0;
    while k < w.len() {
        if b[start + k] != w[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// Whether the first component `b[..end]` is a registry, as `splitDockerDomain` decides.
const fn looks_like_domain(b: &[u8], end: usize) -> bool {
    if eq(b, 0, end, "localhost") {
        return true;
    }
    let mut i = 0;
    while i < end {
        let c = b[i];
        if c == b'.' || c == b':' || c.is_ascii_uppercase() {
            return true;
        }
        i += 1;
    }
    false
}

/// Checks `b[start..end]` as `host [':' port]`.
const fn check_domain(b: &[u8], start: usize, end: usize) -> Result<(), Violation> {
    let mut i = start;
    if b[start] == b'[' {
        let close = match find(b, b']', start, end) {
            Some(c) => c,
            None => return Err(v(IPV6_MSG, start, end)),
        };
        if close == start + 1 {
            return Err(v(IPV6_MSG, start, close + 1));
        }
        i = start + 1;
        while i < close {
            let c = b[i];
            if !(c.is_ascii_hexdigit() || c == b':') {
                let (s, e) = char_at(b, i);
                return Err(v(IPV6_MSG, s, e));
            }
            i += 1;
        }
        i = close + 1;
    } else {
        // domain-name: components of [a-zA-Z0-9-] joined by '.', not starting or ending in '-'.
        let mut comp_start = i;
        while i <= end {
            let at_end = i == end || b[i] == b':';
            if at_end || b[i] == b'.' {
                if comp_start == i {
                    let (s, e) = if i < end { (i, i + 1) } else { (i - 1, i) };
                    return Err(v(HOST_MSG, s, e));
                }
                if b[comp_start] == b'-' {
                    return Err(v(HOST_MSG, comp_start, comp_start + 1));
                }
                if b[i - 1] == b'-' {
                    return Err(v(HOST_MSG, i - 1, i));
                }
                if at_end {
                    break;
                }
                comp_start = i + 1;
            } else if !(b[i].is_ascii_alphanumeric() || b[i] == b'-') {
                let (s, e) = char_at(b, i);
                return Err(v(HOST_MSG, s, e));
            }
            i += 1;
        }
    }
    if i == end {
        return Ok(());
    }
    if b[i] != b':' {
        let (s, e) = char_at(b, i);
        return Err(v(HOST_MSG, s, e));
    }
    let port_start = i + 1;
    if port_start == end {
        return Err(v(PORT_MSG, i, end));
    }
    let mut j = port_start;
    while j < end {
        if !b[j].is_ascii_digit() {
            let (s, e) = char_at(b, j);
            return Err(v(PORT_MSG, s, e));
        }
        j += 1;
    }
    Ok(())
}

/// Checks `b[start..end]` as a repository path.
const fn check_path(b: &[u8], start: usize, end: usize) -> Result<(), Violation> {
    // Docker checks case before anything else, so an upper case letter is reported first.
    let mut i = start;
    while i < end {
        if b[i].is_ascii_uppercase() {
            return Err(v(UPPERCASE_MSG, i, i + 1));
        }
        i += 1;
    }
    let mut comp_start = start;
    i = start;
    while i <= end {
        if i == end || b[i] == b'/' {
            if comp_start == i {
                // Point at the '/' that has no component on one side, if there is one.
                let (s, e) = if i < end {
                    (i, i + 1)
                } else if i > 0 && b[i - 1] == b'/' {
                    (i - 1, i)
                } else {
                    (i, i)
                };
                return Err(v(EMPTY_COMPONENT_MSG, s, e));
            }
            if let Err(e) = check_component(b, comp_start, i) {
                return Err(e);
            }
            comp_start = i + 1;
        }
        i += 1;
    }
    Ok(())
}

/// Checks one non-empty path component `b[start..end]` (no `/` inside).
const fn check_component(b: &[u8], start: usize, end: usize) -> Result<(), Violation> {
    let mut i = start;
    while i < end {
        let c = b[i];
        if is_lower_alnum(c) {
            i += 1;
            continue;
        }
        if !(c == b'.' || c == b'_' || c == b'-') {
            let (s, e) = char_at(b, i);
            return Err(v(PATH_CHAR_MSG, s, e));
        }
        // A run of separators.
        let run_start = i;
        while i < end && (b[i] == b'.' || b[i] == b'_' || b[i] == b'-') {
            i += 1;
        }
        if run_start == start || i == end {
            return Err(v(COMPONENT_EDGE_MSG, run_start, i));
        }
        let len = i - run_start;
        let ok = if b[run_start] == b'-' {
            let mut k = run_start;
            while k < i && b[k] == b'-' {
                k += 1;
            }
            k == i
        } else if b[run_start] == b'_' {
            len == 1 || (len == 2 && b[run_start + 1] == b'_')
        } else {
            len == 1
        };
        if !ok {
            return Err(v(SEPARATOR_MSG, run_start, i));
        }
    }
    Ok(())
}

/// Checks `b[start..end]` (after the `:`) as a tag.
const fn check_tag(b: &[u8], start: usize, end: usize) -> Result<(), Violation> {
    if start == end {
        return Err(v(MISSING_TAG_MSG, start - 1, start));
    }
    let mut i = start;
    while i < end {
        let c = b[i];
        if !(is_word(c) || (i > start && (c == b'.' || c == b'-'))) {
            let (s, e) = char_at(b, i);
            return Err(v(TAG_MSG, s, e));
        }
        i += 1;
    }
    if end - start > TAG_MAX_LENGTH {
        return Err(v(TAG_TOO_LONG_MSG, start + TAG_MAX_LENGTH, end));
    }
    Ok(())
}

/// Checks `b[start..end]` (after the `@`) as a digest.
const fn check_digest(b: &[u8], start: usize, end: usize) -> Result<(), Violation> {
    if start == end {
        return Err(v(MISSING_DIGEST_MSG, start - 1, start));
    }
    // algorithm := component (separator component)*, component := [A-Za-z][A-Za-z0-9]*
    let mut i = start;
    let mut component_start = true;
    let mut lower = true;
    while i < end && b[i] != b':' {
        let c = b[i];
        let ok = if component_start {
            c.is_ascii_alphabetic()
        } else {
            c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'+' || c == b'.'
        };
        if !ok {
            let (s, e) = char_at(b, i);
            return Err(v(DIGEST_MSG, s, e));
        }
        if c.is_ascii_uppercase() {
            lower = false;
        }
        component_start = c == b'-' || c == b'_' || c == b'+' || c == b'.';
        i += 1;
    }
    let alg_end = i;
    if i == end || alg_end == start || component_start {
        return Err(v(DIGEST_MSG, start, end));
    }
    let hex_start = i + 1;
    i = hex_start;
    let mut hex_lower = true;
    while i < end {
        let c = b[i];
        if !c.is_ascii_hexdigit() {
            let (s, e) = char_at(b, i);
            return Err(v(DIGEST_MSG, s, e));
        }
        if c.is_ascii_uppercase() {
            hex_lower = false;
        }
        i += 1;
    }
    if end - hex_start < 32 {
        return Err(v(DIGEST_MSG, hex_start, end));
    }
    let (message, len) = if eq(b, start, alg_end, "sha256") {
        (SHA256_MSG, 64)
    } else if eq(b, start, alg_end, "sha384") {
        (SHA384_MSG, 96)
    } else if eq(b, start, alg_end, "sha512") {
        (SHA512_MSG, 128)
    } else if lower {
        return Err(v(UNSUPPORTED_DIGEST_MSG, start, alg_end));
    } else {
        // go-digest's own grammar wants a lower case algorithm.
        return Err(v(DIGEST_MSG, start, alg_end));
    };
    if end - hex_start != len {
        return Err(v(message, hex_start, end));
    }
    if !hex_lower {
        let mut k = hex_start;
        while !b[k].is_ascii_uppercase() {
            k += 1;
        }
        return Err(v(message, k, k + 1));
    }
    Ok(())
}

/// Splits and checks a reference.
const fn split(s: &str) -> Result<Parts, Violation> {
    let b = s.as_bytes();
    let n = b.len();
    if n == 0 {
        return Err(v(EMPTY_MSG, 0, 0));
    }
    let mut i = 0;
    while i < n {
        if b[i].is_ascii_whitespace() {
            return Err(v(WHITESPACE_MSG, i, i + 1));
        }
        i += 1;
    }
    if n == 64 {
        let mut k = 0;
        while k < n && (b[k].is_ascii_digit() || matches!(b[k], b'a'..=b'f')) {
            k += 1;
        }
        if k == n {
            return Err(v(IDENTIFIER_MSG, 0, n));
        }
    }
    let (domain, rest) = match find(b, b'/', 0, n) {
        Some(p) if p > 0 && looks_like_domain(b, p) => (Some((0, p)), p + 1),
        _ => (None, 0),
    };
    let (before_digest, digest) = match find(b, b'@', rest, n) {
        Some(a) => (a, Some((a + 1, n))),
        None => (n, None),
    };
    let (path_end, tag) = match find(b, b':', rest, before_digest) {
        Some(c) => (c, Some((c + 1, before_digest))),
        None => (before_digest, None),
    };
    // Report problems from left to right: registry, path, tag, digest.
    if let Some((ds, de)) = domain
        && let Err(e) = check_domain(b, ds, de)
    {
        return Err(e);
    }
    if let Err(e) = check_path(b, rest, path_end) {
        return Err(e);
    }
    let mut path_len = path_end - rest;
    let on_docker_hub = match domain {
        None => true,
        Some((ds, de)) => eq(b, ds, de, "docker.io") || eq(b, ds, de, "index.docker.io"),
    };
    if on_docker_hub && find(b, b'/', rest, path_end).is_none() {
        // Docker Hub's official images live under "library/".
        path_len += "library/".len();
    }
    if path_len > REPOSITORY_NAME_TOTAL_LENGTH_MAX {
        return Err(v(NAME_TOO_LONG_MSG, rest, path_end));
    }
    if let Some((ts, te)) = tag
        && let Err(e) = check_tag(b, ts, te)
    {
        return Err(e);
    }
    if let Some((gs, ge)) = digest
        && let Err(e) = check_digest(b, gs, ge)
    {
        return Err(e);
    }
    Ok(Parts {
        domain,
        path: (rest, path_end),
        tag,
        digest,
    })
}

/// Checks an image reference and tells how firmly it is pinned.
///
/// ```
/// use podtask_rules::image::{check_image, Pinning, UPPERCASE_MSG};
/// const PINNING: Pinning = match check_image("python:3.12.7-slim") {
///     Ok(p) => p,
///     Err(_) => panic!(),
/// };
/// assert_eq!(PINNING, Pinning::Tag);
/// let v = check_image("ghcr.io/Acme/etl").unwrap_err();
/// assert_eq!((v.message, v.start, v.end), (UPPERCASE_MSG, 8, 9));
/// ```
///
/// A `const` that breaks the rule does not compile:
///
/// ```compile_fail
/// use podtask_rules::image::check_image;
/// const _: () = assert!(check_image("busybox:").is_ok());
/// ```
pub const fn check_image(s: &str) -> Result<Pinning, Violation> {
    match split(s) {
        Ok(parts) => Ok(parts.pinning(s.as_bytes())),
        Err(e) => Err(e),
    }
}

/// A valid image reference, borrowed from its text.
///
/// ```
/// use podtask_rules::image::{ImageReference, Pinning};
/// let r = ImageReference::parse("localhost:5000/x").unwrap();
/// assert_eq!((r.domain(), r.path(), r.tag()), (Some("localhost:5000"), "x", None));
/// assert!(r.pinning().is_mutable());
/// let e = ImageReference::parse("busybox:").unwrap_err();
/// assert_eq!(e.to_string(), r#"invalid image reference "busybox:": missing tag after ':' (at byte 7: ":")"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImageReference<'a> {
    input: &'a str,
    parts: Parts,
}

impl<'a> ImageReference<'a> {
    /// Parses and checks `s`; the error names the input as an image reference.
    pub fn parse(s: &'a str) -> Result<ImageReference<'a>, RuleError> {
        match split(s) {
            Ok(parts) => Ok(ImageReference { input: s, parts }),
            Err(v) => Err(v.into_error(Subject::ImageReference, s)),
        }
    }

    fn slice(&self, (start, end): Span) -> &'a str {
        &self.input[start..end]
    }

    /// The whole reference, as written.
    pub fn as_str(&self) -> &'a str {
        self.input
    }

    /// The registry host and port (`ghcr.io`, `localhost:5000`, `[::1]:5000`), when the
    /// reference names one; `None` for Docker Hub names such as `busybox` or `acme/etl`.
    pub fn domain(&self) -> Option<&'a str> {
        self.parts.domain.map(|s| self.slice(s))
    }

    /// The repository path within the registry (`acme/etl`, `busybox`).
    pub fn path(&self) -> &'a str {
        self.slice(self.parts.path)
    }

    /// The tag, without the `:`.
    pub fn tag(&self) -> Option<&'a str> {
        self.parts.tag.map(|s| self.slice(s))
    }

    /// The digest, without the `@` (`sha256:...`).
    pub fn digest(&self) -> Option<&'a str> {
        self.parts.digest.map(|s| self.slice(s))
    }

    /// How firmly the reference names one image.
    pub fn pinning(&self) -> Pinning {
        self.parts.pinning(self.input.as_bytes())
    }
}

impl fmt::Display for ImageReference<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";

    const _: () = assert!(matches!(check_image("busybox"), Ok(Pinning::Untagged)));
    const _: () = assert!(matches!(check_image("busybox:latest"), Ok(Pinning::Latest)));
    const _: () = assert!(check_image("Busybox").is_err());

    fn err(s: &str) -> (&'static str, usize, usize) {
        let v = check_image(s).unwrap_err();
        (v.message, v.start, v.end)
    }

    fn parts(s: &str) -> (Option<&str>, &str, Option<&str>, Option<&str>, Pinning) {
        let r = ImageReference::parse(s).unwrap_or_else(|e| panic!("{e}"));
        (r.domain(), r.path(), r.tag(), r.digest(), r.pinning())
    }

    #[test]
    fn accepted_references() {
        use Pinning::*;
        assert_eq!(parts("busybox"), (None, "busybox", None, None, Untagged));
        assert_eq!(
            parts("busybox:1.36"),
            (None, "busybox", Some("1.36"), None, Tag)
        );
        assert_eq!(
            parts("busybox:latest"),
            (None, "busybox", Some("latest"), None, Latest)
        );
        assert_eq!(
            parts("python:3.12.7-slim"),
            (None, "python", Some("3.12.7-slim"), None, Tag)
        );
        assert_eq!(
            parts("ghcr.io/acme/etl:v1.2.3"),
            (Some("ghcr.io"), "acme/etl", Some("v1.2.3"), None, Tag)
        );
        assert_eq!(
            parts("localhost:5000/x"),
            (Some("localhost:5000"), "x", None, None, Untagged)
        );
        assert_eq!(
            parts("localhost/x"),
            (Some("localhost"), "x", None, None, Untagged)
        );
        assert_eq!(parts("acme/etl"), (None, "acme/etl", None, None, Untagged));
        assert_eq!(
            parts("localhost:5000"),
            (None, "localhost", Some("5000"), None, Tag)
        );
        let full = format!("registry.example.com:443/a/b:c@sha256:{SHA}");
        let digest = format!("sha256:{SHA}");
        assert_eq!(
            parts(&full),
            (
                Some("registry.example.com:443"),
                "a/b",
                Some("c"),
                Some(digest.as_str()),
                Digest
            )
        );
        let pinned = format!("busybox@sha256:{SHA}");
        assert_eq!(
            parts(&pinned),
            (None, "busybox", None, Some(digest.as_str()), Digest)
        );
        assert_eq!(
            parts("[::1]:5000/foo"),
            (Some("[::1]:5000"), "foo", None, None, Untagged)
        );
        assert_eq!(
            parts("[2001:db8::1]/foo:bar"),
            (Some("[2001:db8::1]"), "foo", Some("bar"), None, Tag)
        );
        assert_eq!(
            parts("127.0.0.1:5000/foo"),
            (Some("127.0.0.1:5000"), "foo", None, None, Untagged)
        );
        // Upper case in the first component makes it a registry, as in Docker.
        assert_eq!(parts("Foo/bar"), (Some("Foo"), "bar", None, None, Untagged));
        for ok in [
            "a__b/c_d/e.f/g--h---i",
            "xn--7o8h.com/x",
            "docker.io/library/busybox",
            "example.com:5000/user/repo:TAG_1.0-rc",
            "foo-bar.com:8080/x",
            "x:_tag",
            &format!("x@sha384:{}", "a".repeat(96)),
            &format!("x@sha512:{}", "0".repeat(128)),
            &format!("x:{}", "t".repeat(128)),
        ] {
            assert!(check_image(ok).is_ok(), "{ok:?}: {:?}", check_image(ok));
        }
    }

    // Invalid references from distribution/reference's own tests, with our ranges.
    #[test]
    fn refused_references() {
        assert_eq!(err(""), (EMPTY_MSG, 0, 0));
        assert_eq!(err(":justtag"), (EMPTY_COMPONENT_MSG, 0, 0));
        assert_eq!(err("@sha256:ffff"), (EMPTY_COMPONENT_MSG, 0, 0));
        assert_eq!(
            err("validname@invaliddigest:ffffffffffffffffffffffffffffffffff"),
            (UNSUPPORTED_DIGEST_MSG, 10, 23)
        );
        assert_eq!(err("Uppercase:tag"), (UPPERCASE_MSG, 0, 1));
        assert_eq!(
            err("test:5000/Uppercase/lowercase:tag"),
            (UPPERCASE_MSG, 10, 11)
        );
        assert_eq!(err("aa/asdf$$^/aa"), (PATH_CHAR_MSG, 7, 8));
        assert_eq!(err("a..b"), (SEPARATOR_MSG, 1, 3));
        assert_eq!(err("a___b"), (SEPARATOR_MSG, 1, 4));
        assert_eq!(err("a._b"), (SEPARATOR_MSG, 1, 3));
        assert_eq!(err("a-/b"), (COMPONENT_EDGE_MSG, 1, 2));
        assert_eq!(err("-a"), (COMPONENT_EDGE_MSG, 0, 1));
        assert_eq!(err("a//b"), (EMPTY_COMPONENT_MSG, 2, 3));
        assert_eq!(err("example.com/"), (EMPTY_COMPONENT_MSG, 11, 12));
        assert_eq!(err("busybox:"), (MISSING_TAG_MSG, 7, 8));
        assert_eq!(err("busybox@"), (MISSING_DIGEST_MSG, 7, 8));
        assert_eq!(err("busybox:-tag"), (TAG_MSG, 8, 9));
        assert_eq!(err("busybox:a:b"), (TAG_MSG, 9, 10));
        assert_eq!(
            err(&format!("x:{}", "t".repeat(129))),
            (TAG_TOO_LONG_MSG, 130, 131)
        );
        assert_eq!(err(" busybox"), (WHITESPACE_MSG, 0, 1));
        assert_eq!(err("busybox "), (WHITESPACE_MSG, 7, 8));
        assert_eq!(err("busy box"), (WHITESPACE_MSG, 4, 5));
        assert_eq!(err(SHA), (IDENTIFIER_MSG, 0, 64));
        assert_eq!(err("bü"), (PATH_CHAR_MSG, 1, 3));
    }

    #[test]
    fn registries() {
        assert_eq!(err("-host.com/x"), (HOST_MSG, 0, 1));
        assert_eq!(err("host-.com/x"), (HOST_MSG, 4, 5));
        assert_eq!(err("host..com/x"), (HOST_MSG, 5, 6));
        assert_eq!(err("host_name.com/x"), (HOST_MSG, 4, 5));
        assert_eq!(err("host.com:/x"), (PORT_MSG, 8, 9));
        assert_eq!(err("host.com:80a/x"), (PORT_MSG, 11, 12));
        assert_eq!(err("host:80:90/x"), (PORT_MSG, 7, 8));
        assert_eq!(err("[]:5000/x"), (IPV6_MSG, 0, 2));
        assert_eq!(err("[]/x"), (PATH_CHAR_MSG, 0, 1));
        assert_eq!(err("[::1/x"), (IPV6_MSG, 0, 4));
        assert_eq!(err("[fe80::1%eth0]:5000/x"), (IPV6_MSG, 8, 9));
        assert_eq!(err("[::1]x/y"), (HOST_MSG, 5, 6));
        // A tag before the first '/' turns that part into a bad registry, as in Docker.
        assert_eq!(err("busybox:1.0/x"), (PORT_MSG, 9, 10));
    }

    #[test]
    fn digests() {
        assert_eq!(
            err(&format!("x@sha256:{}", &SHA[..63])),
            (SHA256_MSG, 9, 72)
        );
        assert_eq!(err(&format!("x@sha256:{SHA}0")), (SHA256_MSG, 9, 74));
        let upper = format!("x@sha256:{}", SHA.to_uppercase());
        assert_eq!(err(&upper), (SHA256_MSG, 10, 11));
        assert_eq!(err("x@sha256:abc"), (DIGEST_MSG, 9, 12));
        assert_eq!(
            err(&format!("x@sha256:{}g", &SHA[..63])),
            (DIGEST_MSG, 72, 73)
        );
        assert_eq!(
            err(&format!("x@md5:{}", "0".repeat(32))),
            (UNSUPPORTED_DIGEST_MSG, 2, 5)
        );
        assert_eq!(err(&format!("x@SHA256:{SHA}")), (DIGEST_MSG, 2, 8));
        assert_eq!(
            err(&format!("x@sha256+b64:{SHA}")),
            (UNSUPPORTED_DIGEST_MSG, 2, 12)
        );
        assert_eq!(err(&format!("x@1sha:{SHA}")), (DIGEST_MSG, 2, 3));
        assert_eq!(err(&format!("x@sha-:{SHA}")), (DIGEST_MSG, 2, 71));
        assert_eq!(err("x@sha256"), (DIGEST_MSG, 2, 8));
        assert_eq!(err(&format!("x@sha256:{SHA}@")), (DIGEST_MSG, 73, 74));
    }

    #[test]
    fn name_length_counts_docker_hubs_library_prefix() {
        let one = "a".repeat(247);
        assert!(check_image(&one).is_ok());
        let one_more = "a".repeat(248);
        assert_eq!(err(&one_more), (NAME_TOO_LONG_MSG, 0, 248));
        let two = format!("a/{}", "b".repeat(253));
        assert!(check_image(&two).is_ok());
        let too_long = format!("a/{}", "b".repeat(254));
        assert_eq!(err(&too_long), (NAME_TOO_LONG_MSG, 0, 256));
        let hosted = format!("ghcr.io/{}", "b".repeat(255));
        assert!(check_image(&hosted).is_ok());
        let hub = format!("docker.io/{}", "b".repeat(255));
        assert_eq!(err(&hub), (NAME_TOO_LONG_MSG, 10, 265));
    }

    #[test]
    fn run_time_errors_name_the_image() {
        let e = ImageReference::parse("ghcr.io/Acme/etl").unwrap_err();
        assert_eq!(e.subject(), Subject::ImageReference);
        assert_eq!(e.range(), 8..9);
        assert_eq!(e.message(), "repository name must be lowercase");
        let r = ImageReference::parse("busybox:1.36").unwrap();
        assert_eq!(r.to_string(), "busybox:1.36");
        assert_eq!(r.as_str(), "busybox:1.36");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn generated_references_parse_back(
                host in proptest::option::of("[a-z0-9]{1,8}(\\.[a-z0-9]{1,8}){1,2}(:[0-9]{1,5})?"),
                // No '.' in the first component: with a '/' after it, it would be a registry.
                path in "[a-z0-9]{1,6}((_|__|-{1,3})[a-z0-9]{1,6}){0,2}(/[a-z0-9]{1,6}((\\.|_|__|-{1,3})[a-z0-9]{1,6})?){0,3}",
                tag in proptest::option::of("[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}"),
                digest in proptest::option::of("[a-f0-9]{64}"),
            ) {
                let mut s = String::new();
                if let Some(h) = &host {
                    s.push_str(h);
                    s.push('/');
                }
                s.push_str(&path);
                if let Some(t) = &tag {
                    s.push(':');
                    s.push_str(t);
                }
                let digest = digest.map(|d| format!("sha256:{d}"));
                if let Some(d) = &digest {
                    s.push('@');
                    s.push_str(d);
                }
                let r = ImageReference::parse(&s).unwrap();
                prop_assert_eq!(r.domain(), host.as_deref());
                prop_assert_eq!(r.path(), path.as_str());
                prop_assert_eq!(r.tag(), tag.as_deref());
                prop_assert_eq!(r.digest(), digest.as_deref());
            }

            #[test]
            fn errors_point_inside_the_input(s in "\\PC{0,40}") {
                if let Err(v) = check_image(&s) {
                    prop_assert!(v.start <= v.end && v.end <= s.len());
                    prop_assert!(s.is_char_boundary(v.start) && s.is_char_boundary(v.end));
                }
            }
        }
    }
}
