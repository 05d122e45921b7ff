//! Task values: every value crosses as JSON through serde, checked and shaped by its Flyte
//! [`LiteralType`].
//!
//! - [`check_json`]: a JSON value checked against a Flyte type and put in the form serde reads
//!   (what `run` does with the command line's values).
//! - [`literal_to_json`], [`json_to_literal`]: flyteidl literals to JSON and back (what
//!   `execute` does with `inputs.pb` and `outputs.pb`).
//! - [`describe`]: a Flyte type as people read it in messages (`list<INTEGER>`).
//!
//! See `docs/values.md` for the whole mapping.

use std::fmt;

use serde_json::{Map, Number, Value};

use crate::flyteidl::core::{LiteralType, SimpleType};
use crate::types::{Kind, kind};

mod literal;
mod msgpack;

pub use literal::{json_to_literal, literal_to_json};

/// A value that does not fit its type: where in the value, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// Where in the value (`[2]["key"]`), empty for the value itself.
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
}

impl ValueError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ValueError {
            path: String::new(),
            message: message.into(),
        }
    }

    /// This error, one level deeper: `step` is prepended to the path.
    pub(crate) fn at(mut self, step: &str) -> Self {
        self.path.insert_str(0, step);
        self
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at {}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ValueError {}

/// The path step of an index.
pub(crate) fn index_step(i: usize) -> String {
    format!("[{i}]")
}

/// The path step of a map key.
pub(crate) fn key_step(k: &str) -> String {
    format!("[{k:?}]")
}

/// A Flyte type as people read it: `INTEGER`, `list<STRING>`, `map<STRING, FLOAT>`,
/// `optional<INTEGER>`, `enum{red, green}`, `struct Params`, `DURATION`.
pub fn describe(t: &LiteralType) -> String {
    match kind(t) {
        Kind::Simple(SimpleType::Struct) => match struct_title(t) {
            Some(title) => format!("struct {title}"),
            None => "STRUCT".to_owned(),
        },
        Kind::Simple(s) => s.as_str_name().to_owned(),
        Kind::Collection(item) => format!("list<{}>", describe(item)),
        Kind::Map(value) => format!("map<STRING, {}>", describe(value)),
        Kind::Enum(e) => format!("enum{{{}}}", e.values.join(", ")),
        Kind::Union(u) => match optional_inner(t) {
            Some(inner) => format!("optional<{}>", describe(inner)),
            None => {
                let names: Vec<String> = u.variants.iter().map(describe).collect();
                format!("union<{}>", names.join(" | "))
            }
        },
        Kind::Other => "a type podtask does not map".to_owned(),
    }
}

fn struct_title(t: &LiteralType) -> Option<&str> {
    match &t.metadata.as_ref()?.fields.get("title")?.kind {
        Some(crate::flyteidl::protobuf::value::Kind::StringValue(s)) => Some(s),
        _ => None,
    }
}

/// The other variant of a union of one type and `NONE` (an `Option`).
pub(crate) fn optional_inner(t: &LiteralType) -> Option<&LiteralType> {
    let Kind::Union(u) = kind(t) else {
        return None;
    };
    if u.variants.len() != 2 {
        return None;
    }
    let none = |v: &LiteralType| matches!(kind(v), Kind::Simple(SimpleType::None));
    match (none(&u.variants[0]), none(&u.variants[1])) {
        (false, true) => Some(&u.variants[0]),
        (true, false) => Some(&u.variants[1]),
        _ => None,
    }
}

/// Whether `null` is a value of `t` (an `Option`, or `NONE` itself).
pub(crate) fn accepts_null(t: &LiteralType) -> bool {
    match kind(t) {
        Kind::Simple(SimpleType::None) => true,
        Kind::Union(u) => u.variants.iter().any(accepts_null),
        _ => false,
    }
}

/// What a JSON value is, for messages: `the string "x"`, `the number 3.5`, `an array`.
pub(crate) fn found(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => {
            let head: String = s.chars().take(40).collect();
            format!("the string {head:?}...")
        }
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn mismatch(t: &LiteralType, v: &Value) -> ValueError {
    ValueError::new(format!("expected {}, found {}", describe(t), found(v)))
}

/// The JSON form serde gives a [`std::time::Duration`].
pub(crate) fn duration_json(secs: u64, nanos: u32) -> Value {
    let mut m = Map::new();
    m.insert("secs".to_owned(), Value::from(secs));
    m.insert("nanos".to_owned(), Value::from(nanos));
    Value::Object(m)
}

/// Seconds and nanoseconds of a duration written as serde writes it (`{"secs": 90, "nanos":
/// 0}`), or as proto3 JSON writes a `google.protobuf.Duration` (`"90s"`, `"1.5s"`).
pub(crate) fn parse_duration(v: &Value) -> Option<(u64, u32)> {
    match v {
        Value::Object(m) if m.len() == 2 => {
            let secs = m.get("secs")?.as_u64()?;
            let nanos = u32::try_from(m.get("nanos")?.as_u64()?).ok()?;
            (nanos < 1_000_000_000).then_some((secs, nanos))
        }
        Value::String(s) => {
            let n = s.strip_suffix('s')?;
            let (whole, frac) = match n.split_once('.') {
                Some((w, f)) => (w, f),
                None => (n, ""),
            };
            if whole.is_empty()
                || !whole.bytes().all(|b| b.is_ascii_digit())
                || frac.len() > 9
                || !frac.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            let secs = whole.parse::<u64>().ok()?;
            let nanos = if frac.is_empty() {
                0
            } else {
                format!("{frac:0<9}").parse::<u32>().ok()?
            };
            Some((secs, nanos))
        }
        _ => None,
    }
}

/// An integer a Flyte `INTEGER` holds: a JSON integer, or a float with no fraction, within
/// the range of `i64`.
pub(crate) fn as_flyte_integer(n: &Number) -> Result<i64, String> {
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    if n.as_u64().is_some() {
        return Err(format!(
            "{n} is above the largest Flyte INTEGER ({}), a 64-bit signed integer",
            i64::MAX
        ));
    }
    match n.as_f64() {
        // Both bounds are powers of two, exact in an f64.
        Some(f)
            if f.fract() == 0.0
                && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) =>
        {
            #[allow(clippy::cast_possible_truncation)]
            Ok(f as i64)
        }
        _ => Err(format!("expected an integer, found the number {n}")),
    }
}

/// `value` checked against `t` and put in the form serde reads for the matching Rust type:
/// integers within `i64`, floats as numbers, enums as one of their values, `null` only for an
/// `Option`, durations as `{"secs": .., "nanos": ..}` (the proto3 form `"1.5s"` is taken too).
/// A struct is taken as any object: serde checks its fields when the task reads it.
pub fn check_json(value: Value, t: &LiteralType) -> Result<Value, ValueError> {
    match kind(t) {
        Kind::Simple(simple) => match (simple, value) {
            (SimpleType::Integer, Value::Number(n)) => match as_flyte_integer(&n) {
                Ok(i) => Ok(Value::from(i)),
                Err(e) => Err(ValueError::new(e)),
            },
            (SimpleType::Float, Value::Number(n)) => Ok(Value::Number(n)),
            (SimpleType::String, Value::String(s)) => Ok(Value::String(s)),
            (SimpleType::Boolean, Value::Bool(b)) => Ok(Value::Bool(b)),
            (SimpleType::None, Value::Null) => Ok(Value::Null),
            (SimpleType::Struct, Value::Object(m)) => Ok(Value::Object(m)),
            (SimpleType::Duration, v) => match parse_duration(&v) {
                Some((secs, nanos)) => Ok(duration_json(secs, nanos)),
                None => Err(ValueError::new(format!(
                    "expected a DURATION ({{\"secs\": 90, \"nanos\": 0}} or \"90s\"), found {}",
                    found(&v)
                ))),
            },
            (_, v) => Err(mismatch(t, &v)),
        },
        Kind::Collection(item) => match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| check_json(v, item).map_err(|e| e.at(&index_step(i))))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            v => Err(mismatch(t, &v)),
        },
        Kind::Map(item) => match value {
            Value::Object(entries) => entries
                .into_iter()
                .map(|(k, v)| match check_json(v, item) {
                    Ok(v) => Ok((k, v)),
                    Err(e) => Err(e.at(&key_step(&k))),
                })
                .collect::<Result<Map<_, _>, _>>()
                .map(Value::Object),
            v => Err(mismatch(t, &v)),
        },
        Kind::Enum(e) => match value {
            Value::String(s) if e.values.contains(&s) => Ok(Value::String(s)),
            v => Err(mismatch(t, &v)),
        },
        Kind::Union(u) => {
            if value.is_null() {
                return if accepts_null(t) {
                    Ok(Value::Null)
                } else {
                    Err(mismatch(t, &value))
                };
            }
            let mut first_error = None;
            for variant in &u.variants {
                match check_json(value.clone(), variant) {
                    Ok(v) => return Ok(v),
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            // An Option reports what its one type expected; a wider union, every variant.
            match (optional_inner(t), first_error) {
                (Some(_), Some(e)) => Err(e),
                _ => Err(mismatch(t, &value)),
            }
        }
        Kind::Other => Err(ValueError::new(format!(
            "values of type {} are not supported",
            describe(t)
        ))),
    }
}
