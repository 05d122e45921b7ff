//! Kubernetes resource quantities (`"500m"`, `"1.5Gi"`, `"1e3"`): parsed, printed and compared
//! exactly as Kubernetes' `resource.ParseQuantity`, `String()` and `Cmp` do.
//!
//! The implementation is being written; the public API below is final.

use crate::error::{RuleError, Subject, Violation};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// How a quantity was written, which decides how it is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `1e3`, `12E-1`: a mantissa and a power of ten.
    DecimalExponent,
    /// `Ki`, `Mi`, … `Ei`: powers of 1024.
    BinarySI,
    /// No suffix, or `n`, `u`, `m`, `k`, `M`, `G`, `T`, `P`, `E`.
    DecimalSI,
}

/// A Kubernetes resource quantity with its exact value.
#[derive(Debug, Clone)]
pub struct Quantity {
    neg: bool,
    mant: u128,
    exp: i64,
    format: Format,
}

impl Quantity {
    /// Parses `s` exactly as Kubernetes' `ParseQuantity` does.
    pub fn parse(s: &str) -> Result<Quantity, RuleError> {
        Self::try_parse_const(s).map_err(|v| v.into_error(Subject::Quantity, s))
    }

    /// Parses `s` in a `const` context.
    pub const fn try_parse_const(s: &str) -> Result<Quantity, Violation> {
        if s.is_empty() {
            return Err(Violation::new("empty", 0, 0));
        }
        Ok(Quantity {
            neg: false,
            mant: 0,
            exp: 0,
            format: Format::DecimalSI,
        })
    }

    /// Parses `s` in a `const` context, panicking with the rule's message.
    pub const fn parse_const(s: &str) -> Quantity {
        match Self::try_parse_const(s) {
            Ok(q) => q,
            Err(v) => panic!("{}", v.message),
        }
    }

    /// Compares two quantities in a `const` context.
    pub const fn cmp_const(&self, other: &Self) -> Option<Ordering> {
        let _ = other;
        Some(Ordering::Equal)
    }

    /// Whether the value is below zero.
    pub const fn is_negative(&self) -> bool {
        self.neg
    }

    /// Whether the value is zero.
    pub const fn is_zero(&self) -> bool {
        self.mant == 0
    }

    /// Whether the value has no fractional part.
    pub const fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    /// -1, 0 or 1.
    pub const fn signum(&self) -> i8 {
        0
    }

    /// The format.
    pub const fn format(&self) -> Format {
        self.format
    }

    /// The value rounded away from zero, `None` if it does not fit.
    pub fn value(&self) -> Option<i64> {
        None
    }

    /// The value in thousandths rounded away from zero, `None` if it does not fit.
    pub fn milli_value(&self) -> Option<i64> {
        None
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
    fn cmp(&self, other: &Self) -> Ordering {
        (self.neg, self.mant, self.exp).cmp(&(other.neg, other.mant, other.exp))
    }
}
impl std::hash::Hash for Quantity {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.neg, self.mant, self.exp).hash(state)
    }
}
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("0")
    }
}
impl FromStr for Quantity {
    type Err = RuleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}
