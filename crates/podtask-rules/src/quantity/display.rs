//! Printing: Kubernetes' canonical form (Go's `CanonicalizeBytes`), and the message a failed
//! `parse_const` shows.

use super::Format;
use super::parse::HANG_THRESHOLD;
use crate::error::Violation;
use std::fmt;

/// The digits of `m` as ASCII, written to the end of `buf`.
pub(super) fn u128_digits(m: u128, buf: &mut [u8; 40]) -> &[u8] {
    let mut i = buf.len();
    if let Ok(mut v) = u64::try_from(m) {
        // Most quantities fit in 64 bits, where division is much cheaper.
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
    } else {
        let mut v = m;
        while v > 0 {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    }
    &buf[i..]
}

/// Go's SI suffix for a power of ten, if it has one.
fn decimal_suffix(exp: i32) -> Option<&'static str> {
    Some(match exp {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => return None,
    })
}

const BINARY_SUFFIXES: [&str; 7] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/// The significant digits of a value.
pub(super) enum Digits<'a> {
    /// An inline mantissa, printed by the standard integer formatting.
    Int(u128),
    /// A long mantissa.
    Text(&'a str),
}

impl Digits<'_> {
    fn len(&self) -> usize {
        match self {
            Digits::Int(m) => m.checked_ilog10().map_or(1, |l| l as usize + 1),
            Digits::Text(t) => t.len(),
        }
    }
}

/// What follows the digits and zeros of a canonical form.
enum Tail {
    Suffix(&'static str),
    Exponent(i64),
}

/// Writes `<sign><digits><zeros><tail>` piece by piece, straight to the formatter (no buffer,
/// no UTF-8 check: every piece is already text).
fn emit(
    f: &mut fmt::Formatter<'_>,
    neg: bool,
    digits: &Digits<'_>,
    zeros: u64,
    tail: Tail,
) -> fmt::Result {
    if neg {
        f.write_str("-")?;
    }
    match digits {
        Digits::Int(m) => match u64::try_from(*m) {
            Ok(m) => fmt::Display::fmt(&m, f)?,
            Err(_) => fmt::Display::fmt(m, f)?,
        },
        Digits::Text(t) => f.write_str(t)?,
    }
    const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
    let mut left = zeros;
    while left > 0 {
        let k = left.min(ZEROS.len() as u64) as usize;
        f.write_str(&ZEROS[..k])?;
        left -= k as u64;
    }
    match tail {
        Tail::Suffix(s) => f.write_str(s),
        Tail::Exponent(0) => Ok(()),
        Tail::Exponent(x) => {
            f.write_str("e")?;
            fmt::Display::fmt(&x, f)
        }
    }
}

/// The value `m × 10^exp` when it is an integer of magnitude at least 1024, which Go prints
/// in binary form (binary values are capped at `2^63 - 1`, so they fit).
pub(super) fn binary_integer(m: u128, exp: i64) -> Option<u64> {
    if !(0..=19).contains(&exp) {
        return None;
    }
    // 64-bit arithmetic: a checked 128-bit multiply is a slow library call.
    let v = u64::try_from(m).ok()?.checked_mul(10u64.pow(exp as u32))?;
    (v >= 1024).then_some(v)
}

/// Writes a binary value `±v` as Go does: m·1024^k with k as large as possible.
pub(super) fn write_binary(f: &mut fmt::Formatter<'_>, neg: bool, v: u64) -> fmt::Result {
    let k = (v.trailing_zeros() / 10).min(6);
    let m = v >> (10 * k);
    emit(
        f,
        neg,
        &Digits::Int(m as u128),
        0,
        Tail::Suffix(BINARY_SUFFIXES[k as usize]),
    )
}

/// Writes the decimal canonical form of `±digits × 10^exp` (digits without trailing zeros;
/// not zero). A binary value that Go does not print in binary form is printed as
/// DecimalSI.
pub(super) fn write_decimal(
    f: &mut fmt::Formatter<'_>,
    neg: bool,
    digits: Digits<'_>,
    exp: i64,
    format: Format,
) -> fmt::Result {
    // Go: the exponent of the last digit, as int32 (wrapping), made a multiple of 3 by one
    // step of 1 or 2 (which wraps too, near -2^31).
    let go_exp = exp as i32;
    let adjust: i32 = match go_exp % 3 {
        1 | -2 => 1,
        2 | -1 => 2,
        _ => 0,
    };
    let go_exp = go_exp.wrapping_sub(adjust);
    let true_exp = exp - adjust as i64;
    match format {
        // Kubernetes prints the exponent form even where it cannot read it back (an exponent
        // wrapped past 2^31, or a value it cannot evaluate): that is its canonical form.
        Format::DecimalExponent => {
            return emit(
                f,
                neg,
                &digits,
                adjust as u64,
                Tail::Exponent(go_exp as i64),
            );
        }
        Format::DecimalSI | Format::BinarySI => {
            if go_exp as i64 == true_exp
                && let Some(suffix) = decimal_suffix(go_exp)
            {
                return emit(f, neg, &digits, adjust as u64, Tail::Suffix(suffix));
            }
        }
    }
    // Go's bug: an SI value of 10^21 or more (no suffix exists for it) is printed with no
    // suffix at all, which names another value. Print an exponent form that parses back.
    let x = fallback_exponent(digits.len(), exp);
    emit(f, neg, &digits, (exp - x) as u64, Tail::Exponent(x))
}

/// Whether `<len digits>e<x>` (x >= -9) parses back to its value: Go's int64 path takes up to
/// 18 digits and any int32 exponent; longer mantissas need the rescale within our limit.
fn parses_back(len: usize, x: i64) -> bool {
    x <= i32::MAX as i64 && (len <= 18 || 9 + x <= HANG_THRESHOLD)
}

/// The exponent for a form that parses back: a multiple of 3 when one works, else the
/// mantissa's own exponent (at most 18 digits), else the largest evaluable multiple of 3.
fn fallback_exponent(len: usize, exp: i64) -> i64 {
    let x = (exp - exp.rem_euclid(3)).min(i32::MAX as i64 - 1);
    if parses_back(len + (exp - x) as usize, x) {
        return x;
    }
    let x = exp.min(i32::MAX as i64);
    if parses_back(len + (exp - x) as usize, x) {
        return x;
    }
    let limit = HANG_THRESHOLD - 9;
    limit - limit.rem_euclid(3)
}

/// Appends `s` to `buf` at `*len`, as far as it fits.
const fn push(buf: &mut [u8], len: &mut usize, s: &[u8]) {
    let mut i = 0;
    while i < s.len() && *len < buf.len() {
        buf[*len] = s[i];
        *len += 1;
        i += 1;
    }
}

const fn push_usize(buf: &mut [u8], len: &mut usize, mut v: usize) {
    let mut digits = [0u8; 20];
    let mut n = 0;
    loop {
        digits[19 - n] = b'0' + (v % 10) as u8;
        n += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    push(buf, len, digits.split_at(20 - n).1);
}

/// The message of a failed `parse_const`: `invalid quantity "<input>": <message> (at bytes
/// a..b)`, built at compile time in `buf` (long inputs are shortened).
pub(super) const fn const_message<'a>(s: &str, v: &Violation, buf: &'a mut [u8]) -> &'a str {
    const MAX_INPUT: usize = 120;
    let mut len = 0;
    push(buf, &mut len, b"invalid quantity \"");
    let input = s.as_bytes();
    if input.len() <= MAX_INPUT {
        push(buf, &mut len, input);
    } else {
        // Cut at a character boundary so that the message stays UTF-8.
        let mut cut = MAX_INPUT;
        while cut > 0 && (input[cut] & 0xC0) == 0x80 {
            cut -= 1;
        }
        push(buf, &mut len, input.split_at(cut).0);
        push(buf, &mut len, "…".as_bytes());
    }
    push(buf, &mut len, b"\": ");
    push(buf, &mut len, v.message.as_bytes());
    if v.start != 0 || v.end != input.len() {
        if v.end == v.start + 1 {
            push(buf, &mut len, b" (at byte ");
            push_usize(buf, &mut len, v.start);
        } else {
            push(buf, &mut len, b" (at bytes ");
            push_usize(buf, &mut len, v.start);
            push(buf, &mut len, b"..");
            push_usize(buf, &mut len, v.end);
        }
        push(buf, &mut len, b")");
    }
    match std::str::from_utf8(buf.split_at(len).0) {
        Ok(m) => m,
        Err(_) => v.message,
    }
}
