//! The Kubernetes versions whose Pod schema this crate knows.

use std::fmt;
use std::str::FromStr;

/// A Kubernetes version whose Pod schema this crate knows: which fields a spec may have depends
/// on it (`hostnameOverride` came in 1.34, for example).
///
/// The default is the oldest, 1.33: a spec read for it uses only fields that every supported
/// cluster knows.
///
/// ```
/// use podtask_podspec::KubernetesVersion;
/// let v = KubernetesVersion::parse("1.35").unwrap();
/// assert_eq!(v, KubernetesVersion::V1_35);
/// assert_eq!(v.to_string(), "1.35");
/// assert_eq!(KubernetesVersion::default(), KubernetesVersion::V1_33);
/// assert_eq!(KubernetesVersion::ALL.len(), 5);
/// assert!(KubernetesVersion::parse("1.32").is_err());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum KubernetesVersion {
    /// Kubernetes 1.33.
    #[default]
    V1_33,
    /// Kubernetes 1.34.
    V1_34,
    /// Kubernetes 1.35.
    V1_35,
    /// Kubernetes 1.36.
    V1_36,
    /// Kubernetes 1.37.
    V1_37,
}

impl KubernetesVersion {
    /// Every supported version, oldest first.
    pub const ALL: [KubernetesVersion; 5] = [
        KubernetesVersion::V1_33,
        KubernetesVersion::V1_34,
        KubernetesVersion::V1_35,
        KubernetesVersion::V1_36,
        KubernetesVersion::V1_37,
    ];

    /// The oldest supported version, the default.
    pub const OLDEST: KubernetesVersion = KubernetesVersion::V1_33;

    /// The newest supported version.
    pub const LATEST: KubernetesVersion = KubernetesVersion::V1_37;

    /// Reads `1.35` (a leading `v` and a patch number are allowed: `v1.35.2`).
    ///
    /// ```
    /// use podtask_podspec::KubernetesVersion;
    /// assert_eq!(KubernetesVersion::parse("v1.34.1"), Ok(KubernetesVersion::V1_34));
    /// let e = KubernetesVersion::parse("1.40").unwrap_err();
    /// assert_eq!(e.to_string(), r#"unsupported Kubernetes version "1.40": supported versions are 1.33, 1.34, 1.35, 1.36, 1.37"#);
    /// ```
    pub fn parse(text: &str) -> Result<KubernetesVersion, UnsupportedVersion> {
        let bare = text.strip_prefix('v').unwrap_or(text);
        let mut parts = bare.splitn(3, '.');
        let (major, minor, patch) = (parts.next(), parts.next(), parts.next());
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let found = match (major, minor) {
            (Some("1"), Some(minor)) if patch.is_none_or(digits) => {
                Self::ALL.into_iter().find(|v| v.minor_text() == minor)
            }
            _ => None,
        };
        found.ok_or_else(|| UnsupportedVersion(text.to_owned()))
    }

    /// The minor version: 35 for 1.35.
    pub const fn minor(self) -> u8 {
        match self {
            KubernetesVersion::V1_33 => 33,
            KubernetesVersion::V1_34 => 34,
            KubernetesVersion::V1_35 => 35,
            KubernetesVersion::V1_36 => 36,
            KubernetesVersion::V1_37 => 37,
        }
    }

    fn minor_text(self) -> &'static str {
        &self.as_str()[2..]
    }

    /// `1.35`.
    pub const fn as_str(self) -> &'static str {
        match self {
            KubernetesVersion::V1_33 => "1.33",
            KubernetesVersion::V1_34 => "1.34",
            KubernetesVersion::V1_35 => "1.35",
            KubernetesVersion::V1_36 => "1.36",
            KubernetesVersion::V1_37 => "1.37",
        }
    }

    /// The position of the version in [`ALL`](Self::ALL), which is its bit in the schema's
    /// version masks.
    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// The version's bit in the schema's version masks.
    pub(crate) const fn bit(self) -> u8 {
        1 << self.index()
    }
}

impl fmt::Display for KubernetesVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KubernetesVersion {
    type Err = UnsupportedVersion;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        KubernetesVersion::parse(text)
    }
}

/// A Kubernetes version this crate has no schema for; it prints the supported ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedVersion(pub String);

impl fmt::Display for UnsupportedVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all: Vec<&str> = KubernetesVersion::ALL.iter().map(|v| v.as_str()).collect();
        write!(
            f,
            "unsupported Kubernetes version {:?}: supported versions are {}",
            self.0,
            all.join(", ")
        )
    }
}

impl std::error::Error for UnsupportedVersion {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        for v in KubernetesVersion::ALL {
            assert_eq!(KubernetesVersion::parse(&v.to_string()), Ok(v));
            assert_eq!(v.to_string().parse::<KubernetesVersion>(), Ok(v));
            assert_eq!(v.to_string(), format!("1.{}", v.minor()));
        }
        assert_eq!(
            KubernetesVersion::parse("v1.37"),
            Ok(KubernetesVersion::V1_37)
        );
        for bad in [
            "", "1", "1.", "1.3", "2.35", "1.35.", "1.35.x", "1.35.1.2", "v", "135",
        ] {
            assert!(KubernetesVersion::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            KubernetesVersion::ALL,
            [
                KubernetesVersion::OLDEST,
                KubernetesVersion::V1_34,
                KubernetesVersion::V1_35,
                KubernetesVersion::V1_36,
                KubernetesVersion::LATEST
            ]
        );
    }

    #[test]
    fn bits_follow_the_order() {
        let bits: Vec<u8> = KubernetesVersion::ALL.iter().map(|v| v.bit()).collect();
        assert_eq!(bits, [1, 2, 4, 8, 16]);
        assert!(KubernetesVersion::V1_33 < KubernetesVersion::V1_37);
    }
}
