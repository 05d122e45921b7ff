//! Paths inside volumes and containers, as Kubernetes checks them (`validatePathNoBacksteps`,
//! `validateLocalDescendingPath`, `ValidateLocalNonReservedPath` of
//! `k8s.io/kubernetes/pkg/apis/core/validation`): a `subPath`, the `path` of an item of a
//! ConfigMap, Secret or downward API volume, a `hostPath` path.
//!
//! The API server runs on Linux: `/` is the only separator and a path is absolute when it starts
//! with `/`.
//!
//! ```
//! use podtask_rules::volume_path::{local_descending, local_non_reserved, has_backsteps};
//! assert!(has_backsteps("/mnt/../etc"));
//! assert!(!has_backsteps("/mnt/..cache"));
//! assert_eq!(local_descending("/token"), [Some("must be a relative path"), None]);
//! assert_eq!(local_descending("a/../b"), [None, Some("must not contain '..'")]);
//! assert_eq!(local_non_reserved("..data"), [None, Some("must not start with '..'")]);
//! assert_eq!(local_non_reserved("a..b"), [None, None]);
//! ```

/// The message for an absolute path where a relative one is needed.
pub const MUST_BE_RELATIVE: &str = "must be a relative path";
/// The message for a path with a `..` element.
pub const NO_BACKSTEPS: &str = "must not contain '..'";
/// The message for a path that starts with `..` without being a `..` element (`..data`).
pub const NOT_DOTS_FIRST: &str = "must not start with '..'";
/// The message for an absolute path where one is needed (an NFS export).
pub const MUST_BE_ABSOLUTE: &str = "must be an absolute path";

/// Whether a path is absolute (starts with `/`), as Go's `path.IsAbs`.
pub const fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    !b.is_empty() && b[0] == b'/'
}

/// Whether one of the elements of `path` (split at `/`) is `..`.
pub const fn has_backsteps(path: &str) -> bool {
    let b = path.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i <= b.len() {
        if i == b.len() || b[i] == b'/' {
            if i - start == 2 && b[start] == b'.' && b[start + 1] == b'.' {
                return true;
            }
            start = i + 1;
        }
        i += 1;
    }
    false
}

/// What is wrong with a path that must stay inside its volume (`validateLocalDescendingPath`):
/// it is absolute, it has a `..` element; each problem's message, in Kubernetes' order.
pub const fn local_descending(path: &str) -> [Option<&'static str>; 2] {
    [
        if is_absolute(path) {
            Some(MUST_BE_RELATIVE)
        } else {
            None
        },
        if has_backsteps(path) {
            Some(NO_BACKSTEPS)
        } else {
            None
        },
    ]
}

/// What is wrong with the path of a file a volume projects (`ValidateLocalNonReservedPath`): the
/// problems of [`local_descending`], or, when it has no `..` element, that it starts with `..`
/// (names starting with `..` are the kubelet's own, as `..data`).
pub const fn local_non_reserved(path: &str) -> [Option<&'static str>; 2] {
    let [absolute, backsteps] = local_descending(path);
    let b = path.as_bytes();
    let dots = b.len() >= 2 && b[0] == b'.' && b[1] == b'.' && !(b.len() >= 3 && b[2] == b'/');
    if backsteps.is_none() && dots {
        [absolute, Some(NOT_DOTS_FIRST)]
    } else {
        [absolute, backsteps]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backsteps_are_whole_elements() {
        for p in ["..", "../x", "a/../b", "/mnt/cache/..", "a/..", "../"] {
            assert!(has_backsteps(p), "{p}");
        }
        for p in ["", "a..b", "/mnt/..cache", "...", "a/.../b", ".", "a/./b"] {
            assert!(!has_backsteps(p), "{p}");
        }
    }

    #[test]
    fn descending_paths() {
        assert_eq!(local_descending("run-17"), [None, None]);
        assert_eq!(local_descending("/"), [Some(MUST_BE_RELATIVE), None]);
        assert_eq!(
            local_descending("/a/.."),
            [Some(MUST_BE_RELATIVE), Some(NO_BACKSTEPS)]
        );
        assert_eq!(local_descending(""), [None, None]);
    }

    #[test]
    fn reserved_names_start_with_two_dots() {
        assert_eq!(local_non_reserved("..data"), [None, Some(NOT_DOTS_FIRST)]);
        assert_eq!(local_non_reserved(".."), [None, Some(NO_BACKSTEPS)]);
        assert_eq!(local_non_reserved("../x"), [None, Some(NO_BACKSTEPS)]);
        assert_eq!(local_non_reserved("a/..b"), [None, None]);
        assert_eq!(local_non_reserved(".x"), [None, None]);
    }
}
