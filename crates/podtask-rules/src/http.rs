//! HTTP as the Kubernetes API server checks it in probes and lifecycle hooks: header names
//! (`IsHTTPHeaderName`).
//!
//! ```
//! use podtask_rules::http;
//! assert!(http::header_name("X-Request-Id").is_ok());
//! assert_eq!(http::header_name("X Bad").unwrap_err().start, 1);
//! ```

use crate::Violation;

/// Kubernetes' message for an HTTP header name that does not match `[-A-Za-z0-9]+`.
pub const HEADER_NAME_MSG: &str = "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";

/// An HTTP header name of a probe or hook (Kubernetes `IsHTTPHeaderName`): one or more ASCII
/// letters, digits and `-`. Kubernetes is stricter than RFC 9110 here: `_` and `.` are refused.
///
/// ```
/// use podtask_rules::http::{HEADER_NAME_MSG, header_name};
/// const _: () = assert!(header_name("Accept").is_ok());
/// let v = header_name("X-Good_1").unwrap_err();
/// assert_eq!((v.message, v.start, v.end), (HEADER_NAME_MSG, 6, 7));
/// assert_eq!(header_name("").unwrap_err().message, HEADER_NAME_MSG);
/// ```
pub const fn header_name(s: &str) -> Result<(), Violation> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(Violation::new(HEADER_NAME_MSG, 0, 0));
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !(c.is_ascii_alphanumeric() || c == b'-') {
            let end = i + crate::names::char_len_at(b, i);
            return Err(Violation::new(HEADER_NAME_MSG, i, end));
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const _: () = assert!(header_name("X-Header-Name").is_ok());
    const _: () = assert!(header_name("X/Y").is_err());

    fn at(s: &str) -> (usize, usize) {
        let v = header_name(s).unwrap_err();
        assert_eq!(v.message, HEADER_NAME_MSG);
        (v.start, v.end)
    }

    #[test]
    fn header_names_as_kubernetes_checks_them() {
        for good in ["Host", "X-Forwarded-For", "x-b3-traceid", "-", "1"] {
            assert_eq!(header_name(good), Ok(()), "{good}");
        }
        assert_eq!(at(""), (0, 0));
        assert_eq!(at("X Bad"), (1, 2));
        assert_eq!(at("X-Good_1"), (6, 7));
        assert_eq!(at("X/Y"), (1, 2));
        assert_eq!(at("ünï"), (0, 2));
        assert_eq!(at("Content.Type"), (7, 8));
    }
}
