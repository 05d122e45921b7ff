//! Durations such as a task's timeout, written as Go's `time.ParseDuration` reads them
//! (`"90s"`, `"10m"`, `"1h30m"`, `"1.5h"`) and carried as whole seconds.
//!
//! Flyte keeps a timeout as a `google.protobuf.Duration`, which flytekit fills from whole
//! seconds; so a duration here must come to a whole number of seconds, and may not be negative.
//! A zero duration (`"0"`, `"0s"`) is allowed: Flyte reads a zero timeout as no timeout.
//!
//! ```
//! use podtask_rules::duration::{parse_duration, format_seconds};
//! const TIMEOUT: u64 = match parse_duration("1h30m") { Ok(s) => s, Err(_) => panic!() };
//! assert_eq!(TIMEOUT, 5400);
//! assert_eq!(format_seconds(TIMEOUT), "5400s");
//! ```

use crate::suggest::did_you_mean;
use crate::{RuleError, Subject, Violation};

/// The units Go's `time.ParseDuration` knows, as they are written.
pub const UNITS: [&str; 8] = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"];

/// Nanoseconds in each of [`UNITS`].
const UNIT_NANOS: [u64; 8] = [
    1,
    1_000,
    1_000,
    1_000,
    1_000_000,
    1_000_000_000,
    60_000_000_000,
    3_600_000_000_000,
];

const NANOS_PER_SECOND: u64 = 1_000_000_000;
/// The largest duration Go can hold: `1<<63 - 1` nanoseconds.
const MAX_NANOS: u64 = (1 << 63) - 1;

/// The message for an empty duration.
pub const EMPTY_MSG: &str =
    "empty duration: expected a number and a unit, such as \"90s\", \"10m\" or \"1h30m\"";
/// The message for a duration with a `-` sign.
pub const NEGATIVE_MSG: &str = "timeouts cannot be negative";
/// The message for text where a number should be.
pub const NUMBER_MSG: &str =
    "expected a decimal number followed by a unit, such as \"90s\" or \"1h30m\"";
/// The message for a number without a unit (Go's "missing unit in duration").
pub const MISSING_UNIT_MSG: &str = "missing unit in duration: valid units are \"ns\", \"us\" (or \"µs\"), \"ms\", \"s\", \"m\", \"h\"";
/// The message for a unit that is not one of [`UNITS`].
pub const UNKNOWN_UNIT_MSG: &str = "unknown unit in duration: valid units are \"ns\", \"us\" (or \"µs\"), \"ms\", \"s\", \"m\", \"h\"";
/// The message for `d`, which Go's durations do not have.
pub const DAYS_MSG: &str =
    "unknown unit in duration: durations have no unit for days, write hours instead (\"24h\")";
/// The message for a duration longer than Go can hold.
pub const OVERFLOW_MSG: &str =
    "duration is too long: at most 2562047h47m16s (the largest Go time.Duration)";
/// The message for a duration that is not a whole number of seconds.
pub const WHOLE_SECONDS_MSG: &str = "must be a whole number of seconds";

const fn is_digit(c: u8) -> bool {
    c.is_ascii_digit()
}

/// The index in [`UNITS`] of `b[start..end]`.
const fn unit_index(b: &[u8], start: usize, end: usize) -> Option<usize> {
    let mut u = 0;
    while u < UNITS.len() {
        let name = UNITS[u].as_bytes();
        if name.len() == end - start {
            let mut k = 0;
            while k < name.len() && name[k] == b[start + k] {
                k += 1;
            }
            if k == name.len() {
                return Some(u);
            }
        }
        u += 1;
    }
    None
}

/// Parses a duration as Go's `time.ParseDuration` does, and returns it in whole seconds.
///
/// The grammar is `[+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a bare `0`: one or more decimal numbers
/// (with an optional fraction, at least one digit) each followed by a unit of [`UNITS`]. Go's
/// arithmetic is kept to the nanosecond, including its rounding of long fractions, so a value
/// is accepted here exactly when Go parses it to a whole number of seconds `>= 0`.
///
/// ```
/// use podtask_rules::duration::{parse_duration, WHOLE_SECONDS_MSG, MISSING_UNIT_MSG};
/// assert_eq!(parse_duration("2h45m30s"), Ok(9930));
/// assert_eq!(parse_duration("1.5h"), Ok(5400));
/// assert_eq!(parse_duration("0"), Ok(0));
/// assert_eq!(parse_duration("1500ms").unwrap_err().message, WHOLE_SECONDS_MSG);
/// let v = parse_duration("1h30").unwrap_err();
/// assert_eq!((v.message, v.start, v.end), (MISSING_UNIT_MSG, 2, 4));
/// ```
///
/// A `const` that breaks the rule does not compile:
///
/// ```compile_fail
/// use podtask_rules::duration::parse_duration;
/// const T: u64 = match parse_duration("10 minutes") { Ok(s) => s, Err(_) => panic!() };
/// ```
pub const fn parse_duration(s: &str) -> Result<u64, Violation> {
    let b = s.as_bytes();
    let n = b.len();
    if n == 0 {
        return Err(Violation::new(EMPTY_MSG, 0, 0));
    }
    let mut i = 0;
    if b[0] == b'-' {
        return Err(Violation::new(NEGATIVE_MSG, 0, 1));
    }
    if b[0] == b'+' {
        i = 1;
    }
    // Go's special case: a lone zero needs no unit.
    if n - i == 1 && b[i] == b'0' {
        return Ok(0);
    }
    if i == n {
        return Err(Violation::new(NUMBER_MSG, i, i));
    }
    let mut total: u64 = 0;
    while i < n {
        let start = i;
        let c = b[i];
        if !(c == b'.' || is_digit(c)) {
            return Err(Violation::new(
                NUMBER_MSG,
                i,
                i + crate::names::char_len_at(b, i),
            ));
        }
        // The integer part, refused once it would overflow, as Go's leadingInt does.
        let mut v: u64 = 0;
        while i < n && is_digit(b[i]) {
            if v > (1 << 63) / 10 {
                return Err(Violation::new(OVERFLOW_MSG, start, number_end(b, i)));
            }
            v = v * 10 + (b[i] - b'0') as u64;
            if v > 1 << 63 {
                return Err(Violation::new(OVERFLOW_MSG, start, number_end(b, i)));
            }
            i += 1;
        }
        let pre = i > start;
        // The fraction: digits past what a u64 holds are read but dropped, as in Go's
        // leadingFraction.
        let mut f: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut post = false;
        if i < n && b[i] == b'.' {
            i += 1;
            let frac_start = i;
            let mut overflow = false;
            while i < n && is_digit(b[i]) {
                if !overflow {
                    if f > MAX_NANOS / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + (b[i] - b'0') as u64;
                        if y > 1 << 63 {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            post = i > frac_start;
        }
        if !pre && !post {
            return Err(Violation::new(NUMBER_MSG, start, i));
        }
        let number_end = i;
        // The unit: everything up to the next number.
        while i < n && !(b[i] == b'.' || is_digit(b[i])) {
            i += 1;
        }
        if i == number_end {
            return Err(Violation::new(MISSING_UNIT_MSG, start, number_end));
        }
        let unit = match unit_index(b, number_end, i) {
            Some(u) => UNIT_NANOS[u],
            None => {
                let message = if i - number_end == 1 && b[number_end] == b'd' {
                    DAYS_MSG
                } else {
                    UNKNOWN_UNIT_MSG
                };
                return Err(Violation::new(message, number_end, i));
            }
        };
        if v > (1 << 63) / unit {
            return Err(Violation::new(OVERFLOW_MSG, start, i));
        }
        v *= unit;
        if f > 0 {
            // Go computes the fraction in float64, nanosecond-exact for fractions of hours;
            // the same operations in the same order give the same nanoseconds.
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > 1 << 63 {
                return Err(Violation::new(OVERFLOW_MSG, start, i));
            }
        }
        total += v;
        if total > 1 << 63 {
            return Err(Violation::new(OVERFLOW_MSG, 0, n));
        }
    }
    if total > MAX_NANOS {
        return Err(Violation::new(OVERFLOW_MSG, 0, n));
    }
    if !total.is_multiple_of(NANOS_PER_SECOND) {
        return Err(Violation::new(WHOLE_SECONDS_MSG, 0, n));
    }
    Ok(total / NANOS_PER_SECOND)
}

/// The end of the run of digits that `i` is in.
const fn number_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_digit(b[i]) {
        i += 1;
    }
    i
}

/// Words people write for units, with the unit they mean.
const UNIT_WORDS: [(&str, &str); 14] = [
    ("sec", "s"),
    ("secs", "s"),
    ("second", "s"),
    ("seconds", "s"),
    ("min", "m"),
    ("mins", "m"),
    ("minute", "m"),
    ("minutes", "m"),
    ("hr", "h"),
    ("hrs", "h"),
    ("hour", "h"),
    ("hours", "h"),
    ("msec", "ms"),
    ("usec", "us"),
];

/// [`parse_duration`] for a value built at run time: the error names the input as a duration
/// and, for an unknown unit, suggests the unit that was probably meant.
///
/// ```
/// use podtask_rules::duration::parse;
/// assert_eq!(parse("10m"), Ok(600));
/// let e = parse("10mins").unwrap_err();
/// assert_eq!(e.range(), 2..6);
/// assert_eq!(e.suggestion(), Some("m"));
/// ```
pub fn parse(s: &str) -> Result<u64, RuleError> {
    parse_duration(s).map_err(|v| {
        let error = v.into_error(Subject::Duration, s);
        if v.message != UNKNOWN_UNIT_MSG {
            return error;
        }
        let unit = &s[error.range()];
        let lowered = unit.to_ascii_lowercase();
        let suggestion = UNIT_WORDS
            .iter()
            .find(|(word, _)| *word == lowered)
            .map(|(_, u)| *u)
            .or_else(|| did_you_mean(unit, UNITS));
        match suggestion {
            Some(u) => error.with_suggestion(u),
            None => error,
        }
    })
}

/// Whole seconds in the proto3 JSON form of a `google.protobuf.Duration`: `"5400s"`.
///
/// ```
/// use podtask_rules::duration::format_seconds;
/// assert_eq!(format_seconds(0), "0s");
/// assert_eq!(format_seconds(5400), "5400s");
/// ```
pub fn format_seconds(secs: u64) -> String {
    format!("{secs}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    const _: () = assert!(matches!(parse_duration("90s"), Ok(90)));
    const _: () = assert!(parse_duration("-5s").is_err());

    fn err(s: &str) -> (&'static str, usize, usize) {
        let v = parse_duration(s).unwrap_err();
        (v.message, v.start, v.end)
    }

    #[test]
    fn accepted_forms() {
        let cases: [(&str, u64); 22] = [
            ("0", 0),
            ("+0", 0),
            ("0s", 0),
            ("5s", 5),
            ("+5s", 5),
            ("90s", 90),
            ("1478s", 1478),
            ("10m", 600),
            ("16h", 57_600),
            ("1h30m", 5400),
            ("1.5h", 5400),
            ("2h45m30s", 9930),
            ("5.0s", 5),
            ("5.s", 5),
            ("1.00s", 1),
            ("0.5m", 30),
            (".5m", 30),
            ("3000000000ns", 3),
            ("1000000us", 1),
            ("1000000µs", 1),
            ("1000000μs", 1),
            ("1000ms", 1),
        ];
        for (s, want) in cases {
            assert_eq!(parse_duration(s), Ok(want), "{s:?}");
        }
        // From Go's own tests: fractions of hours, and long fractions that overflow u64.
        assert_eq!(parse_duration("0.3333333333333333333h"), Ok(20 * 60));
        assert_eq!(parse_duration("0.100000000000000000000h"), Ok(6 * 60));
        assert_eq!(parse_duration("9223372036s"), Ok(9_223_372_036));
        assert_eq!(parse_duration("2562047h47m16s"), Ok(9_223_372_036));
        assert_eq!(
            parse_duration("1h2m3s4ms5us6ns").unwrap_err().message,
            WHOLE_SECONDS_MSG
        );
    }

    #[test]
    fn not_whole_seconds() {
        for s in [
            "5.6s",
            "1.004s",
            "39h9m14.425s",
            "10.5s4m",
            "1ns",
            "0.830103483285477580700h",
        ] {
            assert_eq!(err(s), (WHOLE_SECONDS_MSG, 0, s.len()), "{s:?}");
        }
    }

    #[test]
    fn refused_forms_and_ranges() {
        assert_eq!(err(""), (EMPTY_MSG, 0, 0));
        assert_eq!(err("-5s"), (NEGATIVE_MSG, 0, 1));
        assert_eq!(err("-0"), (NEGATIVE_MSG, 0, 1));
        assert_eq!(err("+"), (NUMBER_MSG, 1, 1));
        assert_eq!(err("3"), (MISSING_UNIT_MSG, 0, 1));
        assert_eq!(err("00"), (MISSING_UNIT_MSG, 0, 2));
        assert_eq!(err("1h30"), (MISSING_UNIT_MSG, 2, 4));
        assert_eq!(err("s"), (NUMBER_MSG, 0, 1));
        assert_eq!(err("."), (NUMBER_MSG, 0, 1));
        assert_eq!(err(".s"), (NUMBER_MSG, 0, 1));
        assert_eq!(err("+.s"), (NUMBER_MSG, 1, 2));
        assert_eq!(err(" 5s"), (NUMBER_MSG, 0, 1));
        assert_eq!(err("5s "), (UNKNOWN_UNIT_MSG, 1, 3));
        assert_eq!(err("1d"), (DAYS_MSG, 1, 2));
        assert_eq!(err("10sec"), (UNKNOWN_UNIT_MSG, 2, 5));
        assert_eq!(err("1H"), (UNKNOWN_UNIT_MSG, 1, 2));
        assert_eq!(err("é"), (NUMBER_MSG, 0, 2));
        assert_eq!(err("5s\u{85}"), (UNKNOWN_UNIT_MSG, 1, 4));
    }

    #[test]
    fn overflow() {
        assert_eq!(err("9223372036854775810ns").0, OVERFLOW_MSG);
        assert_eq!(err("9223372036854775808ns").0, OVERFLOW_MSG);
        assert_eq!(err("3000000h"), (OVERFLOW_MSG, 0, 8));
        assert_eq!(err("2562047h47m17s").0, OVERFLOW_MSG);
        assert_eq!(err("99999999999999999999999s"), (OVERFLOW_MSG, 0, 23));
        // The largest Go duration is fine but not whole seconds.
        assert_eq!(err("9223372036854775807ns").0, WHOLE_SECONDS_MSG);
    }

    #[test]
    fn run_time_errors_name_the_duration_and_suggest_units() {
        let e = parse("10minutes").unwrap_err();
        assert_eq!(e.subject(), Subject::Duration);
        assert_eq!(e.suggestion(), Some("m"));
        assert_eq!(parse("3hrs").unwrap_err().suggestion(), Some("h"));
        assert_eq!(parse("3Ms").unwrap_err().suggestion(), Some("ms"));
        assert_eq!(parse("1d").unwrap_err().suggestion(), None);
        assert_eq!(
            parse("-1s").unwrap_err().to_string(),
            r#"invalid duration "-1s": timeouts cannot be negative (at byte 0: "-")"#
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn hours_minutes_seconds_add_up(h in 0u64..10_000, m in 0u64..100, s in 0u64..100) {
                let text = format!("{h}h{m}m{s}s");
                prop_assert_eq!(parse_duration(&text), Ok(h * 3600 + m * 60 + s));
            }

            #[test]
            fn formatted_seconds_parse_back(secs in 0u64..=9_223_372_036) {
                prop_assert_eq!(parse_duration(&format_seconds(secs)), Ok(secs));
            }

            #[test]
            fn errors_point_inside_the_input(s in "\\PC{0,30}") {
                if let Err(v) = parse_duration(&s) {
                    prop_assert!(v.start <= v.end && v.end <= s.len());
                    prop_assert!(s.is_char_boundary(v.start) && s.is_char_boundary(v.end));
                }
            }
        }
    }
}
