//! Ports as the Kubernetes API server checks them: port numbers (`IsValidPortNum`) and port
//! names (`IsValidPortName`, the IANA service name syntax of RFC 6335 restricted to lower case).
//!
//! A container port's `name`, and a probe's or lifecycle hook's `port` given as a string (the
//! name of one of the container's ports), follow [`port_name`]; every port number follows
//! [`port_number`].
//!
//! ```
//! use podtask_rules::port;
//! assert!(port::port_name("metrics").is_ok());
//! assert_eq!(port::port_name("8080").unwrap_err().message, port::ONE_LETTER_MSG);
//! assert_eq!(port::port_number(0), Err(port::PORT_NUMBER_MSG));
//! ```

use crate::Violation;

/// The longest port name (`IsValidPortName`: 15 characters).
pub const PORT_NAME_MAX_LENGTH: usize = 15;
/// The lowest port number.
pub const MIN_PORT: i64 = 1;
/// The highest port number.
pub const MAX_PORT: i64 = 65535;

/// Kubernetes' message for a port number out of range (`InclusiveRangeError(1, 65535)`).
pub const PORT_NUMBER_MSG: &str = "must be between 1 and 65535, inclusive";
/// Kubernetes' message for a port name longer than 15 characters (`MaxLenError(15)`).
pub const TOO_LONG_MSG: &str = "must be no more than 15 characters";
/// Kubernetes' message for a port name with a character other than `[-a-z0-9]`.
pub const CHARSET_MSG: &str =
    "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
/// Kubernetes' message for a port name without a letter.
pub const ONE_LETTER_MSG: &str = "must contain at least one letter (a-z)";
/// Kubernetes' message for a port name with `--`.
pub const CONSECUTIVE_HYPHENS_MSG: &str = "must not contain consecutive hyphens";
/// Kubernetes' message for a port name that starts or ends with `-`.
pub const HYPHEN_ENDS_MSG: &str = "must not begin or end with a hyphen";

/// A port number (Kubernetes `IsValidPortNum`): 1 to 65535.
///
/// ```
/// use podtask_rules::port::{PORT_NUMBER_MSG, port_number};
/// const _: () = assert!(port_number(8080).is_ok());
/// assert_eq!(port_number(65536), Err(PORT_NUMBER_MSG));
/// assert_eq!(port_number(-1), Err(PORT_NUMBER_MSG));
/// ```
pub const fn port_number(port: i64) -> Result<(), &'static str> {
    if port < MIN_PORT || port > MAX_PORT {
        Err(PORT_NUMBER_MSG)
    } else {
        Ok(())
    }
}

/// A port name (Kubernetes `IsValidPortName`): at most 15 characters, only `[-a-z0-9]`, at
/// least one letter, no `--`, and no `-` at either end. Kubernetes lists every problem; this
/// rule reports the first one it lists (length, characters, letter, hyphens), with the bytes it
/// is about. The empty name breaks the character rule.
///
/// ```
/// use podtask_rules::port::{CHARSET_MSG, HYPHEN_ENDS_MSG, port_name};
/// const _: () = assert!(port_name("grpc-web").is_ok());
/// let v = port_name("web_ui").unwrap_err();
/// assert_eq!((v.message, v.start, v.end), (CHARSET_MSG, 3, 4));
/// assert_eq!(port_name("-http").unwrap_err().message, HYPHEN_ENDS_MSG);
/// ```
pub const fn port_name(s: &str) -> Result<(), Violation> {
    let b = s.as_bytes();
    if b.len() > PORT_NAME_MAX_LENGTH {
        let start = crate::names::boundary_from(b, PORT_NAME_MAX_LENGTH);
        return Err(Violation::new(TOO_LONG_MSG, start, b.len()));
    }
    if b.is_empty() {
        return Err(Violation::new(CHARSET_MSG, 0, 0));
    }
    let mut letter = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_lowercase() {
            letter = true;
        } else if !(c.is_ascii_digit() || c == b'-') {
            let end = i + crate::names::char_len_at(b, i);
            return Err(Violation::new(CHARSET_MSG, i, end));
        }
        i += 1;
    }
    if !letter {
        return Err(Violation::new(ONE_LETTER_MSG, 0, b.len()));
    }
    let mut i = 1;
    while i < b.len() {
        if b[i - 1] == b'-' && b[i] == b'-' {
            return Err(Violation::new(CONSECUTIVE_HYPHENS_MSG, i - 1, i + 1));
        }
        i += 1;
    }
    if b[0] == b'-' {
        return Err(Violation::new(HYPHEN_ENDS_MSG, 0, 1));
    }
    if b[b.len() - 1] == b'-' {
        return Err(Violation::new(HYPHEN_ENDS_MSG, b.len() - 1, b.len()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const _: () = assert!(port_name("http").is_ok());
    const _: () = assert!(port_name("HTTP").is_err());
    const _: () = assert!(port_number(1).is_ok());

    fn problem(s: &str) -> (&'static str, usize, usize) {
        let v = port_name(s).unwrap_err();
        (v.message, v.start, v.end)
    }

    // The good and bad values of Kubernetes' TestIsValidPortName, and what the API server
    // answered for container ports and probe ports.
    #[test]
    fn port_names_as_kubernetes_checks_them() {
        for good in [
            "telnet",
            "re-mail-ck",
            "pop3",
            "a",
            "a-1",
            "1-a",
            "a-1-b-2-c",
            "1-a-2-b-3",
            "aaaaaaaaaaaaaaa",
            "a8080",
        ] {
            assert_eq!(port_name(good), Ok(()), "{good}");
        }
        assert_eq!(problem("grpc-web-ui-0001"), (TOO_LONG_MSG, 15, 16));
        assert_eq!(problem("aaaaaaaaaaaaaaaa"), (TOO_LONG_MSG, 15, 16));
        assert_eq!(problem(""), (CHARSET_MSG, 0, 0));
        assert_eq!(problem("Metrics"), (CHARSET_MSG, 0, 1));
        assert_eq!(problem("web_ui"), (CHARSET_MSG, 3, 4));
        assert_eq!(problem(" http"), (CHARSET_MSG, 0, 1));
        assert_eq!(problem("ünï"), (CHARSET_MSG, 0, 2));
        assert_eq!(problem("8080"), (ONE_LETTER_MSG, 0, 4));
        assert_eq!(problem("123456789012345"), (ONE_LETTER_MSG, 0, 15));
        assert_eq!(problem("h--p"), (CONSECUTIVE_HYPHENS_MSG, 1, 3));
        assert_eq!(problem("-http"), (HYPHEN_ENDS_MSG, 0, 1));
        assert_eq!(problem("http-"), (HYPHEN_ENDS_MSG, 4, 5));
        assert_eq!(problem("--"), (ONE_LETTER_MSG, 0, 2));
    }

    #[test]
    fn port_numbers_are_1_to_65535() {
        assert_eq!(port_number(1), Ok(()));
        assert_eq!(port_number(65535), Ok(()));
        assert_eq!(port_number(0), Err(PORT_NUMBER_MSG));
        assert_eq!(port_number(65536), Err(PORT_NUMBER_MSG));
        assert_eq!(port_number(2_147_483_647), Err(PORT_NUMBER_MSG));
        assert_eq!(port_number(-8080), Err(PORT_NUMBER_MSG));
    }
}
