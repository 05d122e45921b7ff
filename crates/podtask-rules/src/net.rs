//! IP addresses, CIDR values and DNS search domains as the Kubernetes API server checks them in
//! a pod (`dnsConfig.nameservers`, `hostAliases[].ip`, `dnsConfig.searches`).
//!
//! The API server parses IP addresses with `k8s.io/utils/net.ParseIPSloppy`, a copy of Go 1.16's
//! `net.ParseIP`: it accepts IPv4 octets with leading zeros (`010.0.0.1` is `10.0.0.1`) and
//! IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`). Since Kubernetes 1.33 these "legacy" fields
//! are checked with `IsValidIPForLegacyField`, which rejects both forms when the
//! `StrictIPCIDRValidation` feature gate is on: off by default in 1.33–1.35 (alpha), on by
//! default from 1.36 (beta). [`IpValidation`] says which of the two applies.
//!
//! ```
//! use podtask_rules::net::{IpValidation, ip_for_legacy_field, LEADING_ZEROS_MSG};
//! assert!(ip_for_legacy_field("10.0.0.1", IpValidation::Strict).is_ok());
//! assert!(ip_for_legacy_field("010.0.0.1", IpValidation::Legacy).is_ok());
//! let v = ip_for_legacy_field("010.0.0.1", IpValidation::Strict).unwrap_err();
//! assert_eq!((v.message, v.start, v.end), (LEADING_ZEROS_MSG, 0, 3));
//! ```

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::Violation;

/// How an IP address or CIDR value of a legacy field is checked: whether Kubernetes'
/// `StrictIPCIDRValidation` feature gate is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IpValidation {
    /// The gate is off (the default in Kubernetes 1.33–1.35): IPv4 octets with leading zeros
    /// and IPv4-mapped IPv6 addresses are accepted (the server only warns about them).
    Legacy,
    /// The gate is on (the default from Kubernetes 1.36): both are rejected.
    Strict,
}

impl IpValidation {
    /// The default for a Kubernetes minor version (`33` for 1.33): [`IpValidation::Strict`] from
    /// 1.36, when `StrictIPCIDRValidation` became beta and on by default.
    ///
    /// ```
    /// use podtask_rules::net::IpValidation;
    /// assert_eq!(IpValidation::for_minor(35), IpValidation::Legacy);
    /// assert_eq!(IpValidation::for_minor(36), IpValidation::Strict);
    /// ```
    pub const fn for_minor(minor: u8) -> IpValidation {
        if minor >= 36 {
            IpValidation::Strict
        } else {
            IpValidation::Legacy
        }
    }
}

/// Kubernetes' message for a value that is no IP address at all.
pub const INVALID_IP_MSG: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
/// Kubernetes' message, under strict validation, for an IP address with leading zeros.
pub const LEADING_ZEROS_MSG: &str = "must not have leading 0s";
/// Kubernetes' message, under strict validation, for an IPv4-mapped IPv6 address.
pub const IPV4_MAPPED_MSG: &str = "must not be an IPv4-mapped IPv6 address";
/// Kubernetes' message for a value that is no CIDR value at all.
pub const INVALID_CIDR_MSG: &str =
    "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
/// Kubernetes' message, under strict validation, for a CIDR value with leading zeros.
pub const CIDR_LEADING_ZEROS_MSG: &str = "must not have leading 0s in IP or prefix length";
/// Kubernetes' message, under strict validation, for a CIDR value of an IPv4-mapped address.
pub const CIDR_IPV4_MAPPED_MSG: &str = "must not have an IPv4-mapped IPv6 address";
/// Kubernetes' message, under strict validation, for a CIDR value with host bits set.
pub const CIDR_HOST_BITS_MSG: &str = "must not have bits set beyond the prefix length";

/// Go's `big` in `dtoi`/`xtoi`: a number this large stops the parse.
const BIG: u32 = 0x00FF_FFFF;

/// Where a problem is in the input, if there is one: a byte range.
type Span = Option<(usize, usize)>;

/// An address as `ParseIPSloppy` reads it.
#[derive(Clone, Copy)]
struct Parsed {
    /// The 16 bytes of the address (an IPv4 address in its last 4).
    octets: [u8; 16],
    /// Written as IPv4 (dotted, without colons).
    v4: bool,
    /// The first field that `netip.ParseAddr` would refuse for its leading zeros: an IPv4
    /// octet of more than one digit starting with `0`, or an IPv6 group of more than 4 digits.
    leading_zeros: Option<(usize, usize)>,
}

impl Parsed {
    /// An IPv6 address of the form `::ffff:a.b.c.d` (Go's `Is4In6`).
    const fn is_4in6(&self) -> bool {
        if self.v4 {
            return false;
        }
        let mut i = 0;
        while i < 10 {
            if self.octets[i] != 0 {
                return false;
            }
            i += 1;
        }
        self.octets[10] == 0xFF && self.octets[11] == 0xFF
    }
}

/// The 4 octets of `b[start..end]` as dotted decimal (Go 1.16 `parseIPv4`: any number of
/// digits per octet, leading zeros ignored), and where the first octet with leading zeros is.
const fn parse_v4(b: &[u8], start: usize, end: usize) -> Option<([u8; 4], Span)> {
    let mut p = [0u8; 4];
    let mut pos = start;
    let mut leading = None;
    let mut k = 0;
    while k < 4 {
        if pos == end {
            return None;
        }
        if k > 0 {
            if b[pos] != b'.' {
                return None;
            }
            pos += 1;
        }
        let digits = pos;
        let mut n: u32 = 0;
        while pos < end && b[pos].is_ascii_digit() {
            n = n * 10 + (b[pos] - b'0') as u32;
            if n >= BIG {
                return None;
            }
            pos += 1;
        }
        if pos == digits || n > 0xFF {
            return None;
        }
        if pos - digits > 1 && b[digits] == b'0' && leading.is_none() {
            leading = Some((digits, pos));
        }
        p[k] = n as u8;
        k += 1;
    }
    if pos != end {
        return None;
    }
    Some((p, leading))
}

/// The value of an ASCII hex digit.
const fn hex(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as u32),
        b'a'..=b'f' => Some((c - b'a') as u32 + 10),
        b'A'..=b'F' => Some((c - b'A') as u32 + 10),
        _ => None,
    }
}

/// `b[..end]` as an IPv6 address (Go 1.16 `parseIPv6`, without zones).
const fn parse_v6(b: &[u8], end: usize) -> Option<Parsed> {
    let mut ip = [0u8; 16];
    let mut leading = None;
    let mut ellipsis: Option<usize> = None;
    let mut s = 0;
    if end >= 2 && b[0] == b':' && b[1] == b':' {
        ellipsis = Some(0);
        s = 2;
        if s == end {
            return Some(Parsed {
                octets: ip,
                v4: false,
                leading_zeros: None,
            });
        }
    }
    let mut i = 0;
    while i < 16 {
        // A hex number.
        let digits = s;
        let mut n: u32 = 0;
        while s < end {
            let Some(d) = hex(b[s]) else {
                break;
            };
            n = n * 16 + d;
            if n >= BIG {
                return None;
            }
            s += 1;
        }
        if s == digits || n > 0xFFFF {
            return None;
        }
        // Followed by a dot: the trailing IPv4 part.
        if s < end && b[s] == b'.' {
            if ellipsis.is_none() && i != 12 {
                return None;
            }
            if i + 4 > 16 {
                return None;
            }
            let Some((p, lz)) = parse_v4(b, digits, end) else {
                return None;
            };
            if leading.is_none() {
                leading = lz;
            }
            ip[i] = p[0];
            ip[i + 1] = p[1];
            ip[i + 2] = p[2];
            ip[i + 3] = p[3];
            s = end;
            i += 4;
            break;
        }
        if s - digits > 4 && leading.is_none() {
            leading = Some((digits, s));
        }
        ip[i] = (n >> 8) as u8;
        ip[i + 1] = n as u8;
        i += 2;
        if s == end {
            break;
        }
        if b[s] != b':' || s + 1 == end {
            return None;
        }
        s += 1;
        if b[s] == b':' {
            if ellipsis.is_some() {
                return None;
            }
            ellipsis = Some(i);
            s += 1;
            if s == end {
                break;
            }
        }
    }
    if s != end {
        return None;
    }
    if i < 16 {
        let Some(e) = ellipsis else {
            return None;
        };
        let n = 16 - i;
        let mut j = i;
        while j > e {
            j -= 1;
            ip[j + n] = ip[j];
        }
        let mut j = e;
        while j < e + n {
            ip[j] = 0;
            j += 1;
        }
    } else if ellipsis.is_some() {
        // The ellipsis must stand for at least one group of zeros.
        return None;
    }
    Some(Parsed {
        octets: ip,
        v4: false,
        leading_zeros: leading,
    })
}

/// `b` as `ParseIPSloppy` reads it: IPv4 if a `.` comes before any `:`, IPv6 if a `:` does.
const fn parse_sloppy(b: &[u8]) -> Option<Parsed> {
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'.' {
            let Some((p, lz)) = parse_v4(b, 0, b.len()) else {
                return None;
            };
            let mut octets = [0u8; 16];
            octets[10] = 0xFF;
            octets[11] = 0xFF;
            octets[12] = p[0];
            octets[13] = p[1];
            octets[14] = p[2];
            octets[15] = p[3];
            return Some(Parsed {
                octets,
                v4: true,
                leading_zeros: lz,
            });
        }
        if b[i] == b':' {
            return parse_v6(b, b.len());
        }
        i += 1;
    }
    None
}

/// An IP address of a field that predates strict IP validation (Kubernetes
/// `IsValidIPForLegacyField`): what `ParseIPSloppy` parses; under [`IpValidation::Strict`], also
/// without leading zeros (`010.0.0.1`, `::00001`) and not IPv4-mapped IPv6 (`::ffff:1.2.3.4`).
/// IPv6 addresses need not be in canonical form (`FE80:0:0::1` is valid). Zones (`fe80::1%eth0`)
/// and ports (`10.0.0.1:53`) are never valid.
///
/// The fields of a pod checked this way are `dnsConfig.nameservers[]` and `hostAliases[].ip`;
/// the error is reported with the whole value, except a leading zero, which is pointed at.
///
/// ```
/// use podtask_rules::net::{IpValidation::*, ip_for_legacy_field, INVALID_IP_MSG, IPV4_MAPPED_MSG};
/// const _: () = assert!(ip_for_legacy_field("2001:db8::ffff", Strict).is_ok());
/// assert_eq!(ip_for_legacy_field("256.0.0.1", Legacy).unwrap_err().message, INVALID_IP_MSG);
/// assert_eq!(ip_for_legacy_field("10.0.0.1:53", Legacy).unwrap_err().message, INVALID_IP_MSG);
/// assert!(ip_for_legacy_field("::ffff:10.0.0.1", Legacy).is_ok());
/// assert_eq!(ip_for_legacy_field("::ffff:10.0.0.1", Strict).unwrap_err().message, IPV4_MAPPED_MSG);
/// ```
pub const fn ip_for_legacy_field(s: &str, validation: IpValidation) -> Result<(), Violation> {
    let b = s.as_bytes();
    let Some(p) = parse_sloppy(b) else {
        return Err(Violation::new(INVALID_IP_MSG, 0, b.len()));
    };
    if let IpValidation::Strict = validation {
        if let Some((start, end)) = p.leading_zeros {
            return Err(Violation::new(LEADING_ZEROS_MSG, start, end));
        }
        if p.is_4in6() {
            return Err(Violation::new(IPV4_MAPPED_MSG, 0, b.len()));
        }
    }
    Ok(())
}

/// The address `ParseIPSloppy` reads in `s`, if any: IPv4 when written as IPv4, IPv6 otherwise
/// (an IPv4-mapped IPv6 address stays IPv6).
///
/// ```
/// use podtask_rules::net::parse_ip_sloppy;
/// use std::net::{IpAddr, Ipv4Addr};
/// assert_eq!(parse_ip_sloppy("010.000.0.1"), Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))));
/// assert_eq!(parse_ip_sloppy("::FFFF:1.2.3.4").map(|a| a.to_string()).as_deref(), Some("::ffff:1.2.3.4"));
/// assert_eq!(parse_ip_sloppy("dns.google"), None);
/// ```
pub fn parse_ip_sloppy(s: &str) -> Option<IpAddr> {
    let p = parse_sloppy(s.as_bytes())?;
    let o = p.octets;
    Some(if p.v4 {
        IpAddr::V4(Ipv4Addr::new(o[12], o[13], o[14], o[15]))
    } else {
        IpAddr::V6(Ipv6Addr::from(o))
    })
}

/// What the API server warns about an IP address that [`ip_for_legacy_field`] accepts under
/// [`IpValidation::Legacy`] (Kubernetes `GetWarningsForIP`): leading zeros or an IPv4-mapped
/// address ("will be considered invalid in a future Kubernetes release", with the form to use),
/// or an IPv6 address not in RFC 5952 canonical form. `None` for an address in standard form, or
/// for a value that is no address.
///
/// ```
/// use podtask_rules::net::ip_warning;
/// assert_eq!(ip_warning("010.0.0.1").as_deref(), Some(r#"non-standard IP address "010.0.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1""#));
/// assert_eq!(ip_warning("2001:DB8::1").as_deref(), Some(r#"IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")"#));
/// assert_eq!(ip_warning("10.0.0.1"), None);
/// ```
pub fn ip_warning(s: &str) -> Option<String> {
    let p = parse_sloppy(s.as_bytes())?;
    let o = p.octets;
    if p.leading_zeros.is_some() || p.is_4in6() {
        // Go prints an IPv4 (or IPv4-mapped) address as dotted decimal.
        let preferred = if p.v4 || p.is_4in6() {
            Ipv4Addr::new(o[12], o[13], o[14], o[15]).to_string()
        } else {
            Ipv6Addr::from(o).to_string()
        };
        return Some(format!(
            "non-standard IP address {s:?} will be considered invalid in a future Kubernetes release: use {preferred:?}"
        ));
    }
    if !p.v4 {
        let canonical = Ipv6Addr::from(o).to_string();
        if canonical != s {
            return Some(format!(
                "IPv6 address {s:?} should be in RFC 5952 canonical format ({canonical:?})"
            ));
        }
    }
    None
}

/// The decimal prefix length `b[start..end]`, as Go 1.16's `dtoi` reads it (leading zeros
/// allowed), when it is all digits.
const fn prefix_length(b: &[u8], start: usize, end: usize) -> Option<u32> {
    if start == end {
        return None;
    }
    let mut n: u32 = 0;
    let mut i = start;
    while i < end {
        if !b[i].is_ascii_digit() {
            return None;
        }
        n = n * 10 + (b[i] - b'0') as u32;
        if n >= BIG {
            return None;
        }
        i += 1;
    }
    Some(n)
}

/// A CIDR value of a field that predates strict validation (Kubernetes
/// `IsValidCIDRForLegacyField`): `address/length` as `ParseCIDRSloppy` reads it; under
/// [`IpValidation::Strict`], also without leading zeros in the address or the length, not an
/// IPv4-mapped address, and without bits set beyond the prefix length (`10.0.0.1/8`).
///
/// ```
/// use podtask_rules::net::{IpValidation::*, cidr_for_legacy_field, CIDR_HOST_BITS_MSG};
/// assert!(cidr_for_legacy_field("10.0.0.0/8", Strict).is_ok());
/// assert!(cidr_for_legacy_field("10.0.0.1/08", Legacy).is_ok());
/// assert_eq!(cidr_for_legacy_field("10.0.0.1/8", Strict).unwrap_err().message, CIDR_HOST_BITS_MSG);
/// assert!(cidr_for_legacy_field("10.0.0.0/33", Legacy).is_err());
/// ```
pub const fn cidr_for_legacy_field(s: &str, validation: IpValidation) -> Result<(), Violation> {
    let b = s.as_bytes();
    let invalid = Violation::new(INVALID_CIDR_MSG, 0, b.len());
    let mut slash = 0;
    while slash < b.len() && b[slash] != b'/' {
        slash += 1;
    }
    if slash == b.len() {
        return Err(invalid);
    }
    // `ParseCIDR` tries IPv4, then IPv6, whatever comes first in the text.
    let (octets, leading, bits) = match parse_v4(b, 0, slash) {
        Some((p, lz)) => (
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, p[0], p[1], p[2], p[3]],
            lz,
            32,
        ),
        None => match parse_v6(b, slash) {
            Some(p) => (p.octets, p.leading_zeros, 128),
            None => return Err(invalid),
        },
    };
    let Some(length) = prefix_length(b, slash + 1, b.len()) else {
        return Err(invalid);
    };
    if length > bits {
        return Err(invalid);
    }
    if let IpValidation::Strict = validation {
        if let Some((start, end)) = leading {
            return Err(Violation::new(CIDR_LEADING_ZEROS_MSG, start, end));
        }
        if b.len() - slash > 2 && b[slash + 1] == b'0' {
            return Err(Violation::new(CIDR_LEADING_ZEROS_MSG, slash + 1, b.len()));
        }
        let mapped = Parsed {
            octets,
            v4: bits == 32,
            leading_zeros: None,
        };
        if mapped.is_4in6() {
            return Err(Violation::new(CIDR_IPV4_MAPPED_MSG, 0, slash));
        }
        // Host bits: every bit of the address past `length`.
        let first = (16 - bits / 8) as usize;
        let mut bit = length;
        while bit < bits {
            let byte = first + (bit / 8) as usize;
            if octets[byte] & (0x80u8 >> (bit % 8)) != 0 {
                return Err(Violation::new(CIDR_HOST_BITS_MSG, 0, slash));
            }
            bit += 1;
        }
    }
    Ok(())
}

/// The longest DNS search domain (`IsDNS1123SubdomainWithUnderscore`: 253 characters).
pub const SEARCH_DOMAIN_MAX_LENGTH: usize = 253;
/// Kubernetes' message for a search domain that does not match the grammar.
pub const SEARCH_DOMAIN_MSG: &str = r"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')";
/// Kubernetes' message for a search domain longer than 253 characters.
pub const SEARCH_DOMAIN_MAX_253: &str = "must be no more than 253 characters";

/// A DNS search domain of `dnsConfig.searches` (Kubernetes `validatePodDNSConfig` with
/// `AllowRelaxedDNSSearchValidation`, on in every version from 1.33): `.` alone is allowed, one
/// trailing `.` is ignored, and the rest is a DNS-1123 subdomain whose labels may hold `_` and
/// start with one (`_sip._tcp.example.com`), of at most 253 characters.
///
/// ```
/// use podtask_rules::net::{search_domain, SEARCH_DOMAIN_MSG};
/// const _: () = assert!(search_domain("_sip._tcp.example.com.").is_ok());
/// assert!(search_domain(".").is_ok());
/// let v = search_domain("a..b").unwrap_err();
/// assert_eq!((v.message, v.start, v.end), (SEARCH_DOMAIN_MSG, 2, 3));
/// ```
pub const fn search_domain(s: &str) -> Result<(), Violation> {
    let b = s.as_bytes();
    if b.len() == 1 && b[0] == b'.' {
        return Ok(());
    }
    let end = if !b.is_empty() && b[b.len() - 1] == b'.' {
        b.len() - 1
    } else {
        b.len()
    };
    if end > SEARCH_DOMAIN_MAX_LENGTH {
        return Err(Violation::new(
            SEARCH_DOMAIN_MAX_253,
            SEARCH_DOMAIN_MAX_LENGTH,
            end,
        ));
    }
    // Labels of `_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?` joined by dots.
    let mut start = 0;
    let mut i = 0;
    while i <= end {
        if i == end || b[i] == b'.' {
            let mut first = start;
            if first < i && b[first] == b'_' {
                first += 1;
            }
            if first == i {
                let at = if i < end {
                    i
                } else if i > 0 {
                    i - 1
                } else {
                    0
                };
                return Err(Violation::new(
                    SEARCH_DOMAIN_MSG,
                    at,
                    if end == 0 { 0 } else { at + 1 },
                ));
            }
            let mut j = first;
            while j < i {
                let c = b[j];
                let inner = c == b'-' || c == b'_';
                let alnum = c.is_ascii_lowercase() || c.is_ascii_digit();
                if !(alnum || inner && j != first && j + 1 != i) {
                    return Err(Violation::new(SEARCH_DOMAIN_MSG, j, j + 1));
                }
                j += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::IpValidation::{Legacy, Strict};
    use super::*;

    fn legacy_ok(s: &str) -> bool {
        ip_for_legacy_field(s, Legacy).is_ok()
    }

    // Go 1.16 net.ParseIP's cases (ip_test.go parseIPTests), which ParseIPSloppy keeps.
    #[test]
    fn sloppy_parsing_follows_go_1_16() {
        for ok in [
            "127.0.1.2",
            "127.0.0.1",
            "127.001.002.003",
            "::ffff:127.1.2.3",
            "::ffff:127.001.002.003",
            "::ffff:7f01:0203",
            "0:0:0:0:0000:ffff:127.1.2.3",
            "0:0:0:0:000000:ffff:127.1.2.3",
            "0:0:0:0::ffff:127.1.2.3",
            "2001:4860:0:2001::68",
            "2001:4860:0000:2001:0000:0000:0000:0068",
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6::",
            "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4",
            "FE80:0:0::abc",
            "0000000010.0.0.1",
        ] {
            assert!(legacy_ok(ok), "{ok}");
        }
        for bad in [
            "",
            "127.0.0.256",
            "127.0.0.1.",
            "127.0.0",
            "127.0.0.1:53",
            "abc",
            "123:",
            "fe80::1%lo0",
            "fe80::1%911",
            "a1:a2:a3:a4::b1:b2:b3:b4",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::8",
            ":::1",
            "1::2::3",
            "::1.2.3.4.5",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::g",
            "10000::",
            "localhost",
            "not-an-ip",
            " 10.0.0.1",
        ] {
            assert!(!legacy_ok(bad), "{bad}");
        }
    }

    #[test]
    fn strict_rejects_leading_zeros_and_mapped_addresses() {
        assert_eq!(
            ip_for_legacy_field("10.0.0.010", Strict),
            Err(Violation::new(LEADING_ZEROS_MSG, 7, 10))
        );
        assert_eq!(
            ip_for_legacy_field("::00001", Strict),
            Err(Violation::new(LEADING_ZEROS_MSG, 2, 7))
        );
        assert_eq!(
            ip_for_legacy_field("::ffff:7f01:0203", Strict),
            Err(Violation::new(IPV4_MAPPED_MSG, 0, 16))
        );
        assert!(ip_for_legacy_field("0.0.0.0", Strict).is_ok());
        assert!(ip_for_legacy_field("::1.2.3.4", Strict).is_ok());
        assert!(ip_for_legacy_field("FE80:0:0::0abc", Strict).is_ok());
        assert_eq!(
            ip_for_legacy_field("dns.google", Strict),
            Err(Violation::new(INVALID_IP_MSG, 0, 10))
        );
    }

    #[test]
    fn parsed_addresses_are_the_right_ones() {
        assert_eq!(
            parse_ip_sloppy("1:2:3:4:5:6:1.2.3.4").map(|a| a.to_string()),
            Some("1:2:3:4:5:6:102:304".to_owned())
        );
        assert_eq!(
            parse_ip_sloppy("2001:4860:0000:2001:0000:0000:0000:0068").map(|a| a.to_string()),
            Some("2001:4860:0:2001::68".to_owned())
        );
        assert_eq!(
            parse_ip_sloppy("::2:3:4:5:6:7:8").map(|a| a.to_string()),
            Some("0:2:3:4:5:6:7:8".to_owned())
        );
    }

    #[test]
    fn warnings_name_the_preferred_form() {
        assert_eq!(
            ip_warning("::ffff:10.0.0.1").as_deref(),
            Some(
                r#"non-standard IP address "::ffff:10.0.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1""#
            )
        );
        assert_eq!(ip_warning("2001:db8::1"), None);
        assert_eq!(ip_warning("bogus"), None);
    }

    #[test]
    fn cidr_values() {
        for ok in [
            "10.0.0.0/8",
            "0.0.0.0/0",
            "2001:db8::/64",
            "::/0",
            "10.0.0.1/32",
        ] {
            assert!(cidr_for_legacy_field(ok, Strict).is_ok(), "{ok}");
        }
        for legacy_only in [
            "010.0.0.0/8",
            "10.0.0.0/08",
            "::ffff:10.0.0.0/104",
            "10.1.0.0/8",
        ] {
            assert!(
                cidr_for_legacy_field(legacy_only, Legacy).is_ok(),
                "{legacy_only}"
            );
            assert!(
                cidr_for_legacy_field(legacy_only, Strict).is_err(),
                "{legacy_only}"
            );
        }
        for bad in [
            "10.0.0.0",
            "10.0.0.0/",
            "10.0.0.0/33",
            "::/129",
            "10.0.0.0/x",
            "/8",
        ] {
            assert_eq!(
                cidr_for_legacy_field(bad, Legacy).map_err(|v| v.message),
                Err(INVALID_CIDR_MSG),
                "{bad}"
            );
        }
        assert_eq!(
            cidr_for_legacy_field("10.1.0.0/8", Strict),
            Err(Violation::new(CIDR_HOST_BITS_MSG, 0, 8))
        );
    }

    #[test]
    fn search_domains() {
        for ok in [
            "example.com",
            "example.com.",
            ".",
            "_sip._tcp.example.com",
            "a-b_c.d",
        ] {
            assert!(search_domain(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "..",
            "a..b",
            "UPPER.example.com",
            "bad domain.com",
            "-a.com",
            "a_.com",
            "_",
        ] {
            assert_eq!(
                search_domain(bad).map_err(|v| v.message),
                Err(SEARCH_DOMAIN_MSG),
                "{bad}"
            );
        }
        let long = "a".repeat(254);
        assert_eq!(
            search_domain(&long),
            Err(Violation::new(SEARCH_DOMAIN_MAX_253, 253, 254))
        );
        assert!(search_domain(&format!("{}.", "a".repeat(253))).is_ok());
    }
}
