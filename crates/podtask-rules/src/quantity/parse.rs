//! Reading a quantity: the shape and suffix checks of Go's `parseQuantityString` and
//! `suffixHandler.interpret`, then the exact value of `ParseQuantity`, computed on a buffer of
//! decimal digits.
//!
//! Everything here is a `const fn` working on a caller-supplied buffer, so the same code serves
//! `Quantity::parse_const` (a small array on the stack, at compile time) and `Quantity::parse`
//! (the same array first, a heap buffer for inputs with more significant digits than it holds).

use super::Format;
use crate::error::Violation;

/// Go's `ErrFormatWrong`, word for word.
pub(crate) const FORMAT_MESSAGE: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// Go's `ErrSuffix`, word for word.
pub(crate) const SUFFIX_MESSAGE: &str = "unable to parse quantity's suffix";
/// Go's `ErrNumeric`, word for word.
pub(crate) const NUMERIC_MESSAGE: &str = "unable to parse numeric part of quantity";
/// Inputs on which Go's parser never returns (see [`HANG_THRESHOLD`]).
pub(crate) const HANG_MESSAGE: &str = "Kubernetes cannot evaluate this quantity: rescaling it to \
     nano units needs a power of ten with more than 33554432 digits, and Kubernetes' own parser \
     never returns on it; use a smaller exponent";
/// A value too long for the inline form that a `const` can hold.
pub(crate) const CONST_TOO_LONG_MESSAGE: &str = "too many digits for a const quantity: a const \
     quantity holds at most 38 significant digits; parse it at run time with Quantity::parse";

/// The largest rescale, in powers of ten, that we evaluate on Go's arbitrary-precision path.
///
/// Go rounds every value it cannot hold in an `int64` to nano units by building `10^k`, where
/// `k` is the distance between the value's scale and 1e-9. Kubernetes finished `k ≈ 1.33e7` and
/// did not return within 10 s for `k ≈ 8.9e7`; `2^25 ≈ 3.36e7` lies near the geometric mean of
/// the two, so every input Kubernetes is known to evaluate is accepted and every input it is
/// known to hang on is rejected.
pub(crate) const HANG_THRESHOLD: i64 = 1 << 25;

/// Most significant digits kept inline (every 38-digit number fits in a `u128`).
pub(crate) const INLINE_DIGITS: usize = 38;

/// Size of the stack buffer tried first; binary suffixes add up to 19 digits to the input's.
pub(crate) const STACK_DIGITS: usize = 64;

/// `2^63 - 1`, the cap of binary-suffixed values, as digits.
const BINARY_CAP: [u8; 19] = *b"9223372036854775807";

/// What the scanner found, by byte positions of the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    /// A leading `-`.
    pub neg: bool,
    /// The integer digits after the leading zeros (may be empty).
    pub int_start: usize,
    /// End of the integer digits.
    pub int_end: usize,
    /// The fraction digits (may be empty).
    pub frac_start: usize,
    /// End of the fraction digits.
    pub frac_end: usize,
    /// Whether the number part has any digit at all (`"-.e-10"` has none).
    pub has_digit: bool,
    /// Where the suffix starts (the input's length when there is none).
    pub suffix_start: usize,
    /// What the suffix means.
    pub kind: Kind,
}

/// The meaning of a suffix.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    /// A power of ten: an SI suffix (`k`, `m`, …) or an exponent (`e3`, already wrapped to
    /// `int32` as Go does).
    Decimal { exp: i32, format: Format },
    /// `1024^k` for `Ki` (k = 1) … `Ei` (k = 6).
    Binary { k: u32 },
}

/// The exact value: `±digits × 10^exp`, the digits (values 0–9) in the caller's buffer,
/// without leading or trailing zeros. Zero has no digits, `exp == 0` and `neg == false`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Eval {
    pub neg: bool,
    pub len: usize,
    pub exp: i64,
    pub format: Format,
}

/// Why evaluation stopped.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Failure {
    /// The input breaks a rule.
    Rule(Violation),
    /// The buffer is too small: try again with [`buffer_len`] digits.
    NoRoom,
}

const fn is_digit(c: u8) -> bool {
    c.is_ascii_digit()
}

const fn is_suffix_letter(c: u8) -> bool {
    matches!(
        c,
        b'e' | b'E' | b'i' | b'n' | b'u' | b'm' | b'k' | b'K' | b'M' | b'G' | b'T' | b'P'
    )
}

/// Length of the UTF-8 character starting with byte `c`, so that an error's range covers a
/// whole character.
const fn char_len(c: u8) -> usize {
    if c >= 0xF0 {
        4
    } else if c >= 0xE0 {
        3
    } else if c >= 0xC0 {
        2
    } else {
        1
    }
}

/// Checks the shape and the suffix, as Go's `parseQuantityString` and `interpret` do.
pub(crate) const fn scan(b: &[u8]) -> Result<Layout, Violation> {
    let n = b.len();
    if n == 0 {
        return Err(Violation::new(FORMAT_MESSAGE, 0, 0));
    }
    let mut i = 0;
    let mut neg = false;
    if b[0] == b'-' {
        neg = true;
        i = 1;
    } else if b[0] == b'+' {
        i = 1;
    }
    let number_start = i;
    while i < n && b[i] == b'0' {
        i += 1;
    }
    if i == n {
        // Go returns zero as soon as the leading zeros reach the end.
        return Ok(Layout {
            neg,
            int_start: n,
            int_end: n,
            frac_start: n,
            frac_end: n,
            has_digit: n > number_start,
            suffix_start: n,
            kind: Kind::Decimal {
                exp: 0,
                format: Format::DecimalSI,
            },
        });
    }
    let int_start = i;
    while i < n && is_digit(b[i]) {
        i += 1;
    }
    let int_end = i;
    let mut frac_start = i;
    let mut frac_end = i;
    if i < n && b[i] == b'.' {
        i += 1;
        frac_start = i;
        while i < n && is_digit(b[i]) {
            i += 1;
        }
        frac_end = i;
    }
    let has_digit = int_start > number_start || int_end > int_start || frac_end > frac_start;
    let suffix_start = i;
    while i < n && is_suffix_letter(b[i]) {
        i += 1;
    }
    if i < n && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    while i < n && is_digit(b[i]) {
        i += 1;
    }
    if i < n {
        let end = i + char_len(b[i]);
        let end = if end > n { n } else { end };
        return Err(Violation::new(FORMAT_MESSAGE, i, end));
    }
    let kind = match interpret(b, suffix_start) {
        Some(kind) => kind,
        None => return Err(Violation::new(SUFFIX_MESSAGE, suffix_start, n)),
    };
    Ok(Layout {
        neg,
        int_start,
        int_end,
        frac_start,
        frac_end,
        has_digit,
        suffix_start,
        kind,
    })
}

/// The meaning of the suffix `b[start..]`, or `None` when Go rejects it.
const fn interpret(b: &[u8], start: usize) -> Option<Kind> {
    let len = b.len() - start;
    if len == 0 {
        return Some(Kind::Decimal {
            exp: 0,
            format: Format::DecimalSI,
        });
    }
    let c = b[start];
    if len == 1 {
        let exp = match c {
            b'n' => -9,
            b'u' => -6,
            b'm' => -3,
            b'k' => 3,
            b'M' => 6,
            b'G' => 9,
            b'T' => 12,
            b'P' => 15,
            b'E' => 18,
            _ => return None,
        };
        return Some(Kind::Decimal {
            exp,
            format: Format::DecimalSI,
        });
    }
    if len == 2 && b[start + 1] == b'i' {
        let k = match c {
            b'K' => 1,
            b'M' => 2,
            b'G' => 3,
            b'T' => 4,
            b'P' => 5,
            b'E' => 6,
            _ => 0,
        };
        if k > 0 {
            return Some(Kind::Binary { k });
        }
    }
    if c == b'e' || c == b'E' {
        return match parse_i64(b, start + 1) {
            // Go casts the int64 exponent to int32, wrapping.
            Some(e) => Some(Kind::Decimal {
                exp: e as i32,
                format: Format::DecimalExponent,
            }),
            None => None,
        };
    }
    None
}

/// Go's `strconv.ParseInt(s, 10, 64)` on `b[start..]`: an optional sign, at least one digit,
/// and a value that fits in an `i64`.
const fn parse_i64(b: &[u8], start: usize) -> Option<i64> {
    let n = b.len();
    let mut i = start;
    let mut neg = false;
    if i < n && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    if i == n {
        return None;
    }
    let limit: u64 = if neg { 1 << 63 } else { (1 << 63) - 1 };
    let mut v: u64 = 0;
    while i < n {
        if !is_digit(b[i]) {
            return None;
        }
        let d = (b[i] - b'0') as u64;
        v = match v.checked_mul(10) {
            Some(v) => match v.checked_add(d) {
                Some(v) => v,
                None => return None,
            },
            None => return None,
        };
        if v > limit {
            return None;
        }
        i += 1;
    }
    Some(if neg {
        (v as i64).wrapping_neg()
    } else {
        v as i64
    })
}

/// Number of digits in the value's digit string (integer digits after leading zeros, then
/// fraction digits).
const fn digit_count(l: &Layout) -> usize {
    (l.int_end - l.int_start) + (l.frac_end - l.frac_start)
}

/// The digit at index `p` of the value's digit string.
const fn digit_at(b: &[u8], l: &Layout, p: usize) -> u8 {
    let int_len = l.int_end - l.int_start;
    if p < int_len {
        b[l.int_start + p] - b'0'
    } else {
        b[l.frac_start + p - int_len] - b'0'
    }
}

const fn any_nonzero(b: &[u8], l: &Layout) -> bool {
    let mut i = l.int_start;
    while i < l.int_end {
        if b[i] != b'0' {
            return true;
        }
        i += 1;
    }
    let mut i = l.frac_start;
    while i < l.frac_end {
        if b[i] != b'0' {
            return true;
        }
        i += 1;
    }
    false
}

/// A buffer length that always suffices for [`evaluate`] on this input.
pub(crate) const fn buffer_len(l: &Layout) -> usize {
    digit_count(l) + 24
}

/// Computes the exact value, as Go's `ParseQuantity` stores it: exponent wrapping, nano
/// round-up away from zero, the binary cap.
pub(crate) const fn evaluate(b: &[u8], l: &Layout, buf: &mut [u8]) -> Result<Eval, Failure> {
    let n = b.len();
    // Go's `len(num)`: the stripped integer digits, or "0" when there are none.
    let int_len = l.int_end - l.int_start;
    let num_len = if int_len == 0 { 1 } else { int_len };
    let frac_len = l.frac_end - l.frac_start;
    // Go converts lengths to int32.
    let frac32 = frac_len as i32;
    let total = digit_count(l);

    match l.kind {
        Kind::Decimal { exp, format } => {
            let fast_scale = exp.wrapping_sub(frac32);
            let x0 = if num_len + frac_len <= 18 && fast_scale >= -9 {
                // Go's int64 path: exact, already a multiple of 1e-9.
                fast_scale as i64
            } else {
                // Go's inf.Dec path: the scale is len(denom) + int32(-exp), wrapping.
                if !l.has_digit {
                    return Err(Failure::Rule(Violation::new(NUMERIC_MESSAGE, 0, n)));
                }
                let inf_scale = frac32.wrapping_add(exp.wrapping_neg());
                if hangs(b, l, inf_scale) {
                    return Err(Failure::Rule(Violation::new(
                        HANG_MESSAGE,
                        l.suffix_start,
                        n,
                    )));
                }
                -(inf_scale as i64)
            };
            // Digits below 1e-9 are not kept; any nonzero one rounds the value up.
            let keep = x0 + total as i64 + 9;
            let keep = if keep < 0 {
                0
            } else if keep > total as i64 {
                total
            } else {
                keep as usize
            };
            let mut sticky = false;
            let mut p = keep;
            while p < total {
                if digit_at(b, l, p) != 0 {
                    sticky = true;
                    break;
                }
                p += 1;
            }
            let (len, exp10) = match collect(b, l, keep, x0 + (total - keep) as i64, buf) {
                Ok(v) => v,
                Err(f) => return Err(f),
            };
            let (len, exp10) = if sticky {
                match add_nano(buf, len, exp10) {
                    Ok(v) => v,
                    Err(f) => return Err(f),
                }
            } else {
                (len, exp10)
            };
            Ok(finish(l.neg, len, exp10, format))
        }
        Kind::Binary { k } => {
            let fast = frac_len == 0 && (num_len as i64) <= 14 - 3 * k as i64;
            if !fast && hangs(b, l, frac32) {
                let (start, end) = (l.frac_start, l.frac_end);
                return Err(Failure::Rule(Violation::new(HANG_MESSAGE, start, end)));
            }
            let (mut len, mut exp10) = match collect(b, l, total, -(frac32 as i64), buf) {
                Ok(v) => v,
                Err(f) => return Err(f),
            };
            let mut i = 0;
            while i < k {
                len = match mul_1024(buf, len) {
                    Ok(len) => len,
                    Err(f) => return Err(f),
                };
                i += 1;
            }
            while len > 0 && buf[len - 1] == 0 {
                len -= 1;
                exp10 += 1;
            }
            if len > 0 && exp10 < -9 {
                let drop = (-9 - exp10) as u64;
                if drop >= len as u64 {
                    len = 0;
                } else {
                    len -= drop as usize;
                }
                exp10 = -9;
                // The dropped digits end in a nonzero one: round up.
                match add_nano(buf, len, exp10) {
                    Ok((l2, e2)) => {
                        len = l2;
                        exp10 = e2;
                    }
                    Err(f) => return Err(f),
                }
            }
            if exceeds_cap(buf, len, exp10) {
                let mut j = 0;
                while j < BINARY_CAP.len() {
                    buf[j] = BINARY_CAP[j] - b'0';
                    j += 1;
                }
                len = BINARY_CAP.len();
                exp10 = 0;
            }
            // Go shows a binary value between 0 and 1 as decimal.
            let format = if len > 0 && (len as i64) + exp10 <= 0 {
                Format::DecimalSI
            } else {
                Format::BinarySI
            };
            Ok(finish(l.neg, len, exp10, format))
        }
    }
}

/// The value of the inputs that 64-bit arithmetic covers — Go's int64 path for decimal
/// suffixes, and binary values of at most 18 digits that stay at or above 1e-9 — as
/// `(mantissa without trailing zeros, exponent, format)`. Every typical quantity takes this
/// way; `None` sends the rest to [`evaluate`].
pub(crate) const fn evaluate_small(b: &[u8], l: &Layout) -> Option<(u64, i64, Format)> {
    let int_len = l.int_end - l.int_start;
    let num_len = if int_len == 0 { 1 } else { int_len };
    let frac_len = l.frac_end - l.frac_start;
    if num_len + frac_len > 18 {
        return None;
    }
    let mut m: u64 = 0;
    let mut i = l.int_start;
    while i < l.int_end {
        m = m * 10 + (b[i] - b'0') as u64;
        i += 1;
    }
    let mut i = l.frac_start;
    while i < l.frac_end {
        m = m * 10 + (b[i] - b'0') as u64;
        i += 1;
    }
    let (mut m, mut exp, format) = match l.kind {
        Kind::Decimal { exp, format } => {
            let scale = exp.wrapping_sub(frac_len as i32);
            if scale < -9 {
                return None;
            }
            (m, scale as i64, format)
        }
        Kind::Binary { k } => {
            let shift = 10 * k;
            if m != 0 && m.leading_zeros() < shift {
                return None;
            }
            (m << shift, -(frac_len as i64), Format::BinarySI)
        }
    };
    if m == 0 {
        return Some((0, 0, format));
    }
    while m % 10 == 0 {
        m /= 10;
        exp += 1;
    }
    if exp < -9 {
        return None;
    }
    if let Format::BinarySI = format {
        if exp >= 0 {
            // Cap at 2^63 - 1; with 20 digits at most, exp > 19 is always above it.
            let v = if exp > 19 {
                None
            } else {
                m.checked_mul(10u64.pow(exp as u32))
            };
            let over = match v {
                Some(v) => v > i64::MAX as u64,
                None => true,
            };
            if over {
                return Some((i64::MAX as u64, 0, format));
            }
        } else if (m.ilog10() as i64 + 1) + exp <= 0 {
            // Go shows a binary value between 0 and 1 as decimal.
            return Some((m, exp, Format::DecimalSI));
        }
    }
    Some((m, exp, format))
}

/// Whether Go's inf.Dec path would build a power of ten too large to finish: the rescale to
/// scale 9 multiplies or divides by `10^|9 - scale|`. Zero is never rescaled.
const fn hangs(b: &[u8], l: &Layout, inf_scale: i32) -> bool {
    let k = 9 - inf_scale as i64;
    let k = if k < 0 { -k } else { k };
    k > HANG_THRESHOLD && any_nonzero(b, l)
}

const fn finish(neg: bool, len: usize, exp: i64, format: Format) -> Eval {
    if len == 0 {
        Eval {
            neg: false,
            len: 0,
            exp: 0,
            format,
        }
    } else {
        Eval {
            neg,
            len,
            exp,
            format,
        }
    }
}

/// Copies the first `keep` digits into `buf` without leading or trailing zeros. `exp` is the
/// exponent of the last kept digit; returns the length and the exponent of the last stored one.
const fn collect(
    b: &[u8],
    l: &Layout,
    keep: usize,
    exp: i64,
    buf: &mut [u8],
) -> Result<(usize, i64), Failure> {
    let mut len = 0;
    // Zeros after a nonzero digit wait here until a nonzero digit follows, so trailing zeros
    // (`1` followed by 400 zeros) never take room.
    let mut pending: usize = 0;
    let mut p = 0;
    while p < keep {
        let d = digit_at(b, l, p);
        if d == 0 {
            if len > 0 {
                pending += 1;
            }
        } else {
            if len + pending + 1 > buf.len() {
                return Err(Failure::NoRoom);
            }
            while pending > 0 {
                buf[len] = 0;
                len += 1;
                pending -= 1;
            }
            buf[len] = d;
            len += 1;
        }
        p += 1;
    }
    Ok((len, exp + pending as i64))
}

/// Adds 1e-9 to the nonnegative value `buf[..len] × 10^exp` (`exp >= -9`), keeping the form
/// of [`Eval`].
const fn add_nano(buf: &mut [u8], len: usize, exp: i64) -> Result<(usize, i64), Failure> {
    if len == 0 {
        if buf.is_empty() {
            return Err(Failure::NoRoom);
        }
        buf[0] = 1;
        return Ok((1, -9));
    }
    if exp > -9 {
        // Append zeros down to 1e-9, then a 1.
        let extra = (exp + 9) as u64;
        if (len as u64) + extra > buf.len() as u64 {
            return Err(Failure::NoRoom);
        }
        let extra = extra as usize;
        let mut i = 0;
        while i + 1 < extra {
            buf[len + i] = 0;
            i += 1;
        }
        buf[len + extra - 1] = 1;
        return Ok((len + extra, -9));
    }
    // exp == -9: increment the last digit with carry.
    let mut i = len;
    let mut carry = true;
    while carry && i > 0 {
        i -= 1;
        if buf[i] == 9 {
            buf[i] = 0;
        } else {
            buf[i] += 1;
            carry = false;
        }
    }
    let mut len = len;
    if carry {
        if len + 1 > buf.len() {
            return Err(Failure::NoRoom);
        }
        let mut j = len;
        while j > 0 {
            buf[j] = buf[j - 1];
            j -= 1;
        }
        buf[0] = 1;
        len += 1;
    }
    let mut exp = exp;
    while len > 0 && buf[len - 1] == 0 {
        len -= 1;
        exp += 1;
    }
    Ok((len, exp))
}

/// Multiplies the digits `buf[..len]` by 1024 in place.
const fn mul_1024(buf: &mut [u8], len: usize) -> Result<usize, Failure> {
    let mut carry: u32 = 0;
    let mut i = len;
    while i > 0 {
        i -= 1;
        let v = buf[i] as u32 * 1024 + carry;
        buf[i] = (v % 10) as u8;
        carry = v / 10;
    }
    if carry == 0 {
        return Ok(len);
    }
    let mut extra = 0;
    let mut c = carry;
    while c > 0 {
        extra += 1;
        c /= 10;
    }
    if len + extra > buf.len() {
        return Err(Failure::NoRoom);
    }
    let mut j = len;
    while j > 0 {
        j -= 1;
        buf[j + extra] = buf[j];
    }
    let mut j = extra;
    while j > 0 {
        j -= 1;
        buf[j] = (carry % 10) as u8;
        carry /= 10;
    }
    Ok(len + extra)
}

/// Whether `buf[..len] × 10^exp` is above `2^63 - 1`.
const fn exceeds_cap(buf: &[u8], len: usize, exp: i64) -> bool {
    if len == 0 {
        return false;
    }
    let int_digits = len as i64 + exp;
    let cap_digits = BINARY_CAP.len() as i64;
    if int_digits != cap_digits {
        return int_digits > cap_digits;
    }
    let mut i = 0;
    while i < BINARY_CAP.len() {
        let d = if i < len { buf[i] } else { 0 };
        let c = BINARY_CAP[i] - b'0';
        if d != c {
            return d > c;
        }
        i += 1;
    }
    // Equal in the integer digits: any fraction digit makes it larger.
    len > BINARY_CAP.len()
}
