//! Kubernetes resource quantities (`"500m"`, `"1.5Gi"`, `"1e3"`): parsed, printed and compared
//! exactly as Kubernetes' Go implementation (k8s.io/apimachinery `pkg/api/resource`:
//! `ParseQuantity`, `String()`, `Cmp`) does.
//!
//! ```
//! use podtask_rules::Quantity;
//! let q: Quantity = "1.5Gi".parse()?;
//! assert_eq!(q.to_string(), "1536Mi");
//! assert_eq!(q, Quantity::parse("1610612736")?);
//! assert_eq!(Quantity::parse("0.1")?.to_string(), "100m");
//! assert!(Quantity::parse("1ki").is_err());
//! # Ok::<(), podtask_rules::RuleError>(())
//! ```
//!
//! Values are exact at any size (`99999999999999999999`, `1e400`); no floating point is used.
//! See `docs/quantity.md` for the grammar, the value rules, the canonical form and the few
//! places where podtask deliberately differs from Go.

mod display;
mod parse;

use crate::error::{RuleError, Subject, Violation};
use parse::{Eval, Failure, INLINE_DIGITS, STACK_DIGITS};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The largest power of ten (in digits) that a quantity may need Kubernetes to build when it
/// rounds the value to nano units on its arbitrary-precision path. Kubernetes never returns on
/// inputs beyond it (`1e-2147483647`), so [`Quantity::parse`] rejects them. See
/// `docs/quantity.md` for how it was chosen.
pub const MAX_RESCALE_DIGITS: i64 = parse::HANG_THRESHOLD;

/// How a quantity was written, which decides how Kubernetes prints it (Go's `resource.Format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// An exponent suffix: `1e3`, `12E-1`. Printed as `<m>e<x>`.
    DecimalExponent,
    /// A power of 1024: `Ki`, `Mi`, `Gi`, `Ti`, `Pi`, `Ei`.
    BinarySI,
    /// No suffix, or a power of 1000: `n`, `u`, `m`, `k`, `M`, `G`, `T`, `P`, `E`.
    DecimalSI,
}

/// The significant digits of a value.
#[derive(Clone)]
enum Mantissa {
    /// Up to 38 digits, held inline so that a quantity can live in a `const`.
    Inline(u128),
    /// More than 38 digits, first and last nonzero.
    Heap(Box<str>),
}

/// A Kubernetes resource quantity with its exact value, as `ParseQuantity` stores it.
///
/// * [`Display`](fmt::Display) prints Kubernetes' canonical form (`0.1` → `100m`, `1.5Gi` →
///   `1536Mi`, `1e4` → `10e3`).
/// * [`Eq`], [`Ord`] and [`Hash`] use the exact value only, ignoring how it was written:
///   `1Gi == 1073741824`, `1000m == 1`, and `8Ei == 9Ei` (both capped at `2^63 - 1`).
///
/// ```
/// use podtask_rules::Quantity;
/// let a = Quantity::parse("1Ki")?;
/// let b = Quantity::parse("1.024k")?;
/// assert_eq!(a, b);
/// assert_eq!((a.to_string(), b.to_string()), ("1Ki".to_string(), "1024".to_string()));
/// assert!(Quantity::parse("500m")? < Quantity::parse("1")?);
/// # Ok::<(), podtask_rules::RuleError>(())
/// ```
///
/// # In a `const`
///
/// [`Quantity::parse_const`] checks a literal while the code compiles:
///
/// ```
/// use podtask_rules::Quantity;
/// const CPU: Quantity = Quantity::parse_const("500m");
/// assert_eq!(CPU.to_string(), "500m");
/// ```
///
/// An invalid literal does not compile; the error shows the rule's message:
///
/// ```compile_fail,E0080
/// use podtask_rules::Quantity;
/// const Q: Quantity = Quantity::parse_const("1ki");
/// // error[E0080]: evaluation panicked: invalid quantity "1ki": unable to parse quantity's
/// //              suffix (at bytes 1..3)
/// ```
///
/// `Quantity` has drop glue (for its rare heap form), and a `const` may not drop such a value,
/// so using a `const Quantity` by value inside another `const` does not compile. Two ways
/// round it: declare the constants as `&Quantity` (a reference is `Copy`), or consume each
/// temporary with [`core::mem::forget`] (a quantity from `parse_const` owns no heap memory,
/// so nothing leaks).
///
/// ```
/// use podtask_rules::Quantity;
/// use std::cmp::Ordering;
/// const REQUEST: &Quantity = &Quantity::parse_const("500m");
/// const LIMIT: &Quantity = &Quantity::parse_const("2");
/// const _: () = assert!(matches!(REQUEST.cmp_const(LIMIT), Some(Ordering::Less)));
/// const WHOLE: bool = {
///     let q = Quantity::parse_const("1.5Gi");
///     let whole = q.is_integer() && !q.is_negative();
///     core::mem::forget(q);
///     whole
/// };
/// assert!(WHOLE);
/// assert_eq!(REQUEST.to_string(), "500m");
/// ```
#[derive(Clone)]
pub struct Quantity {
    /// Whether the value is below zero (never for zero).
    neg: bool,
    /// The power of ten of the last significant digit (0 for zero).
    exp: i64,
    /// The significant digits, without trailing zeros (0 for zero). A value with at most 38
    /// digits is always inline, so each value has one representation.
    mant: Mantissa,
    format: Format,
}

impl Quantity {
    /// Parses `s` exactly as Kubernetes' `ParseQuantity` does: no trimming, the same grammar,
    /// the same exact value (nano round-up away from zero, binary values capped at
    /// `±(2^63 - 1)`, exponents wrapped to 32 bits).
    ///
    /// The error names the input and says what was expected, with Go's own words where Go has
    /// them, and its range covers the part of the input at fault:
    ///
    /// ```
    /// use podtask_rules::Quantity;
    /// let e = Quantity::parse("1ki").unwrap_err();
    /// assert_eq!(e.message(), "unable to parse quantity's suffix");
    /// assert_eq!(e.range(), 1..3);
    /// assert!(Quantity::parse(" 1Gi").is_err());
    /// ```
    ///
    /// Inputs on which Kubernetes itself never returns (an exponent that makes it build a power
    /// of ten with more than [`MAX_RESCALE_DIGITS`] digits, such as `1e-2147483647`) are
    /// rejected at once. Typical values are parsed without allocating.
    pub fn parse(s: &str) -> Result<Quantity, RuleError> {
        let b = s.as_bytes();
        let fail = |v: Violation| v.into_error(Subject::Quantity, s);
        let layout = parse::scan(b).map_err(fail)?;
        if let Some((mant, exp, format)) = parse::evaluate_small(b, &layout) {
            return Ok(Quantity {
                neg: layout.neg && mant != 0,
                exp,
                mant: Mantissa::Inline(mant as u128),
                format,
            });
        }
        let mut stack = [0u8; STACK_DIGITS];
        match parse::evaluate(b, &layout, &mut stack) {
            Ok(ev) => Ok(Self::from_eval(&ev, &stack[..ev.len])),
            Err(Failure::Rule(v)) => Err(fail(v)),
            Err(Failure::NoRoom) => {
                let mut heap = vec![0u8; parse::buffer_len(&layout)];
                match parse::evaluate(b, &layout, &mut heap) {
                    Ok(ev) => Ok(Self::from_eval(&ev, &heap[..ev.len])),
                    Err(Failure::Rule(v)) => Err(fail(v)),
                    // buffer_len bounds every value; should that ever be wrong, say so
                    // rather than panic.
                    Err(Failure::NoRoom) => Err(fail(Violation::new(
                        "too many digits to evaluate",
                        0,
                        b.len(),
                    ))),
                }
            }
        }
    }

    /// Builds the quantity from an evaluated value (digits 0–9).
    fn from_eval(ev: &Eval, digits: &[u8]) -> Quantity {
        if digits.len() <= INLINE_DIGITS {
            Self::inline(ev, digits)
        } else {
            Quantity {
                neg: ev.neg,
                exp: ev.exp,
                mant: Mantissa::Heap(digits.iter().map(|&d| char::from(d + b'0')).collect()),
                format: ev.format,
            }
        }
    }

    /// The inline form; `digits` has at most 38 digits.
    const fn inline(ev: &Eval, digits: &[u8]) -> Quantity {
        Inline::new(ev, digits).into_quantity()
    }

    /// [`Quantity::parse`] for `const` contexts. Values with more than 38 significant digits
    /// (which need the heap) are refused with "too many digits for a const quantity".
    ///
    /// ```
    /// use podtask_rules::Quantity;
    /// const Q: Result<Quantity, podtask_rules::Violation> = Quantity::try_parse_const("1e400");
    /// assert!(Q.is_ok());
    /// let v = Quantity::try_parse_const("1ki").unwrap_err();
    /// assert_eq!((v.message, v.start, v.end), ("unable to parse quantity's suffix", 1, 3));
    /// ```
    pub const fn try_parse_const(s: &str) -> Result<Quantity, Violation> {
        match parse_inline(s) {
            Ok(q) => Ok(q.into_quantity()),
            Err(v) => Err(v),
        }
    }

    /// [`Quantity::parse`] for `const` items: panics with the rule's message, which in a
    /// `const` is a compile error showing that message (see the type's documentation).
    ///
    /// # Panics
    ///
    /// When `s` is not a valid quantity, or has more than 38 significant digits.
    pub const fn parse_const(s: &str) -> Quantity {
        match parse_inline(s) {
            Ok(q) => q.into_quantity(),
            Err(v) => {
                let mut buf = [0u8; 512];
                let message = display::const_message(s, &v, &mut buf);
                panic!("{}", message)
            }
        }
    }

    /// Compares two values in a `const` context; `None` when either has more than 38
    /// significant digits (only [`Quantity::parse`] makes those).
    pub const fn cmp_const(&self, other: &Self) -> Option<Ordering> {
        match (&self.mant, &other.mant) {
            (Mantissa::Inline(a), Mantissa::Inline(b)) => Some(cmp_inline(
                (self.neg, *a, self.exp),
                (other.neg, *b, other.exp),
            )),
            _ => None,
        }
    }

    /// Whether the value is below zero. Zero has no sign: `-0` is not negative.
    pub const fn is_negative(&self) -> bool {
        self.neg
    }

    /// Whether the value is zero.
    pub const fn is_zero(&self) -> bool {
        matches!(self.mant, Mantissa::Inline(0))
    }

    /// Whether the value has no fractional part (`1.5k` has none, `1.5` has).
    pub const fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    /// -1, 0 or 1, the sign of the value.
    pub const fn signum(&self) -> i8 {
        if self.is_zero() {
            0
        } else if self.neg {
            -1
        } else {
            1
        }
    }

    /// How the quantity was written (after Go's adjustments: a binary value between 0 and 1
    /// becomes [`Format::DecimalSI`]).
    pub const fn format(&self) -> Format {
        self.format
    }

    /// The value rounded away from zero to an integer (`1.5` → 2, `-1.5` → -2, `100m` → 1),
    /// or `None` when that does not fit in an `i64`. (Go returns 0 or a wrapped number there.)
    pub const fn value(&self) -> Option<i64> {
        self.scaled(0)
    }

    /// The value in thousandths, rounded away from zero (`0.1m` → 1), or `None` when that does
    /// not fit in an `i64`.
    pub const fn milli_value(&self) -> Option<i64> {
        self.scaled(3)
    }

    /// `ceil(|v| × 10^s)` with the sign of `v`.
    const fn scaled(&self, s: i64) -> Option<i64> {
        let m = match self.mant {
            Mantissa::Inline(m) => m,
            // More than 38 digits at or above 1e-9: far beyond i64.
            Mantissa::Heap(_) => return None,
        };
        if m == 0 {
            return Some(0);
        }
        let e = self.exp + s;
        let mag = if e >= 0 {
            if e > 38 {
                return None;
            }
            match m.checked_mul(10u128.pow(e as u32)) {
                Some(v) => v,
                None => return None,
            }
        } else {
            // e >= -9 - s: every stored value is a multiple of 1e-9.
            let p = 10u128.pow((-e) as u32);
            m / p + if m % p != 0 { 1 } else { 0 }
        };
        if self.neg {
            if mag <= 1u128 << 63 {
                Some((mag as i128).wrapping_neg() as i64)
            } else {
                None
            }
        } else if mag <= i64::MAX as u128 {
            Some(mag as i64)
        } else {
            None
        }
    }

    /// The significant digits as ASCII, into `buf` when inline.
    fn digits<'a>(&'a self, buf: &'a mut [u8; 40]) -> &'a [u8] {
        match &self.mant {
            Mantissa::Inline(m) => display::u128_digits(*m, buf),
            Mantissa::Heap(d) => d.as_bytes(),
        }
    }
}

/// A value that fits inline. Unlike [`Quantity`] it has no drop glue, so `const fn`s can
/// pass it around and discard it.
#[derive(Clone, Copy)]
struct Inline {
    neg: bool,
    mant: u128,
    exp: i64,
    format: Format,
}

impl Inline {
    /// `digits` (values 0–9) has at most 38 digits.
    const fn new(ev: &Eval, digits: &[u8]) -> Inline {
        let mut mant: u128 = 0;
        let mut i = 0;
        while i < digits.len() {
            mant = mant * 10 + digits[i] as u128;
            i += 1;
        }
        Inline {
            neg: ev.neg,
            mant,
            exp: ev.exp,
            format: ev.format,
        }
    }

    const fn into_quantity(self) -> Quantity {
        Quantity {
            neg: self.neg,
            exp: self.exp,
            mant: Mantissa::Inline(self.mant),
            format: self.format,
        }
    }
}

/// Parses `s` into the inline form, for `const` contexts.
const fn parse_inline(s: &str) -> Result<Inline, Violation> {
    let b = s.as_bytes();
    let layout = match parse::scan(b) {
        Ok(l) => l,
        Err(v) => return Err(v),
    };
    if let Some((mant, exp, format)) = parse::evaluate_small(b, &layout) {
        return Ok(Inline {
            neg: layout.neg && mant != 0,
            mant: mant as u128,
            exp,
            format,
        });
    }
    let mut buf = [0u8; STACK_DIGITS];
    match parse::evaluate(b, &layout, &mut buf) {
        Ok(ev) if ev.len <= INLINE_DIGITS => Ok(Inline::new(&ev, buf.split_at(ev.len).0)),
        Ok(_) | Err(Failure::NoRoom) => {
            Err(Violation::new(parse::CONST_TOO_LONG_MESSAGE, 0, b.len()))
        }
        Err(Failure::Rule(v)) => Err(v),
    }
}

/// Exact comparison of two inline values `(neg, mantissa, exponent)`.
const fn cmp_inline(a: (bool, u128, i64), b: (bool, u128, i64)) -> Ordering {
    let sa = sign(a.0, a.1);
    let sb = sign(b.0, b.1);
    if sa != sb {
        return if sa < sb {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    if sa == 0 {
        return Ordering::Equal;
    }
    let mag = cmp_magnitude_inline(a.1, a.2, b.1, b.2);
    if sa < 0 { mag.reverse() } else { mag }
}

const fn sign(neg: bool, m: u128) -> i8 {
    if m == 0 {
        0
    } else if neg {
        -1
    } else {
        1
    }
}

/// Compares `ma × 10^ea` with `mb × 10^eb`, both mantissas nonzero and at most 38 digits.
const fn cmp_magnitude_inline(ma: u128, ea: i64, mb: u128, eb: i64) -> Ordering {
    let na = ma.ilog10() as i64 + 1;
    let nb = mb.ilog10() as i64 + 1;
    // The power of ten of the leading digit decides, unless equal.
    let la = na as i128 + ea as i128;
    let lb = nb as i128 + eb as i128;
    if la != lb {
        return if la < lb {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    // Same leading power: align the digit counts (both stay within 38 digits).
    let (a, b) = if na < nb {
        (ma * 10u128.pow((nb - na) as u32), mb)
    } else {
        (ma, mb * 10u128.pow((na - nb) as u32))
    };
    if a < b {
        Ordering::Less
    } else if a > b {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    /// Exact comparison of the values, as Go's `Cmp`; the format does not matter.
    fn cmp(&self, other: &Self) -> Ordering {
        if let Some(o) = self.cmp_const(other) {
            return o;
        }
        let (sa, sb) = (self.signum(), other.signum());
        if sa != sb {
            return sa.cmp(&sb);
        }
        // Both nonzero (a heap value is never zero) and of one sign.
        let (mut ba, mut bb) = ([0u8; 40], [0u8; 40]);
        let (da, db) = (self.digits(&mut ba), other.digits(&mut bb));
        let la = da.len() as i128 + self.exp as i128;
        let lb = db.len() as i128 + other.exp as i128;
        // Without trailing zeros, a digit string that is a prefix of another is smaller.
        let mag = la.cmp(&lb).then_with(|| da.cmp(db));
        if sa < 0 { mag.reverse() } else { mag }
    }
}

impl Hash for Quantity {
    /// Hashes the exact value, consistently with [`Eq`]: each value has exactly one
    /// representation (inline up to 38 digits, trailing zeros in the exponent).
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.neg.hash(state);
        self.exp.hash(state);
        match &self.mant {
            Mantissa::Inline(m) => m.hash(state),
            Mantissa::Heap(d) => d.hash(state),
        }
    }
}

impl fmt::Display for Quantity {
    /// Kubernetes' canonical form (Go's `String()` without its cache of the input), except
    /// that values Go would print in a form that does not parse back to them are printed in a
    /// form that does (`1000E` → `1e21`, where Go prints `1`). Width and alignment apply to
    /// the whole text (`{:>8}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.width().is_some() || f.precision().is_some() {
            // Padding applies to the whole text, which the pieces written below cannot do.
            return f.pad(&Canonical(self).to_string());
        }
        Canonical(self).fmt(f)
    }
}

/// The canonical form written piece by piece, ignoring the formatter's width.
struct Canonical<'a>(&'a Quantity);

impl fmt::Display for Canonical<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.0;
        if let (Format::BinarySI, Mantissa::Inline(m)) = (q.format, &q.mant)
            && let Some(v) = display::binary_integer(*m, q.exp)
        {
            // Go keeps binary form for integers of magnitude 1024 or more.
            return display::write_binary(f, q.neg, v);
        }
        let digits = match &q.mant {
            Mantissa::Inline(0) => return f.write_str("0"),
            Mantissa::Inline(m) => display::Digits::Int(*m),
            Mantissa::Heap(d) => display::Digits::Text(d),
        };
        display::write_decimal(f, q.neg, digits, q.exp, q.format)
    }
}

impl fmt::Debug for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Quantity({self}, {:?})", self.format)
    }
}

impl FromStr for Quantity {
    type Err = RuleError;

    /// Same as [`Quantity::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests;
