//! Flyte literals to JSON and back, guided by the Flyte type: one pair of functions for every
//! type, as every value then crosses to Rust through serde.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};

use super::{
    ValueError, as_flyte_integer, describe, duration_json, found, index_step, key_step,
    parse_duration,
};
use crate::flyteidl::core::{
    self, Literal, LiteralType, Primitive, Scalar, SimpleType, literal, primitive, scalar,
};
use crate::flyteidl::protobuf::{self, Struct};
use crate::types::{Kind, kind};

/// The tag flytekit gives a `Binary` holding MessagePack (how it writes dataclasses and dicts
/// since flytekit 1.14).
const MSGPACK_TAG: &str = "msgpack";

/// What a literal is, for messages.
fn what(lit: &Literal) -> &'static str {
    match &lit.value {
        None => "an empty literal",
        Some(literal::Value::Collection(_)) => "a collection",
        Some(literal::Value::Map(_)) => "a map",
        Some(literal::Value::OffloadedMetadata(_)) => "an offloaded literal",
        Some(literal::Value::Scalar(s)) => match &s.value {
            None => "an empty scalar",
            Some(scalar::Value::Primitive(p)) => match &p.value {
                None => "an empty primitive",
                Some(primitive::Value::Integer(_)) => "an integer",
                Some(primitive::Value::FloatValue(_)) => "a float",
                Some(primitive::Value::StringValue(_)) => "a string",
                Some(primitive::Value::Boolean(_)) => "a boolean",
                Some(primitive::Value::Datetime(_)) => "a datetime",
                Some(primitive::Value::Duration(_)) => "a duration",
            },
            Some(scalar::Value::Blob(_)) => "a blob",
            Some(scalar::Value::Binary(_)) => "a binary",
            Some(scalar::Value::Schema(_)) => "a schema",
            Some(scalar::Value::NoneType(_)) => "none",
            Some(scalar::Value::Error(_)) => "an error",
            Some(scalar::Value::Generic(_)) => "a struct",
            Some(scalar::Value::StructuredDataset(_)) => "a structured dataset",
            Some(scalar::Value::Union(_)) => "a union",
        },
    }
}

fn mismatch(t: &LiteralType, lit: &Literal) -> ValueError {
    ValueError::new(format!("expected {}, found {}", describe(t), what(lit)))
}

fn scalar_of(lit: &Literal) -> Option<&scalar::Value> {
    match &lit.value {
        Some(literal::Value::Scalar(Scalar { value })) => value.as_ref(),
        _ => None,
    }
}

fn primitive_of(lit: &Literal) -> Option<&primitive::Value> {
    match scalar_of(lit) {
        Some(scalar::Value::Primitive(Primitive { value })) => value.as_ref(),
        _ => None,
    }
}

fn is_none_type(t: &LiteralType) -> bool {
    matches!(kind(t), Kind::Simple(SimpleType::None))
}

/// The JSON value serde reads for the literal `lit` of type `t`.
///
/// A union is read both as flytekit writes it (a `Union` scalar naming its variant) and as a
/// bare value of one of its variants, as flytekit reads it. A struct is read from a protobuf
/// `Struct` (`scalar.generic`) or from flytekit's MessagePack `Binary`.
pub fn literal_to_json(lit: &Literal, t: &LiteralType) -> Result<Value, ValueError> {
    if let Some(literal::Value::OffloadedMetadata(o)) = &lit.value {
        return Err(ValueError::new(format!(
            "the value is offloaded to {}; reading offloaded literals is not supported",
            o.uri
        )));
    }
    // A union value where a plain type is expected: its value is what counts.
    if !matches!(kind(t), Kind::Union(_))
        && let Some(scalar::Value::Union(u)) = scalar_of(lit)
        && let Some(inner) = &u.value
    {
        return literal_to_json(inner, t);
    }
    match kind(t) {
        Kind::Simple(simple) => simple_to_json(lit, simple, t),
        Kind::Collection(item) => match &lit.value {
            Some(literal::Value::Collection(c)) => c
                .literals
                .iter()
                .enumerate()
                .map(|(i, l)| literal_to_json(l, item).map_err(|e| e.at(&index_step(i))))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            _ => Err(mismatch(t, lit)),
        },
        Kind::Map(item) => match &lit.value {
            Some(literal::Value::Map(m)) => m
                .literals
                .iter()
                .map(|(k, l)| match literal_to_json(l, item) {
                    Ok(v) => Ok((k.clone(), v)),
                    Err(e) => Err(e.at(&key_step(k))),
                })
                .collect::<Result<Map<_, _>, _>>()
                .map(Value::Object),
            _ => Err(mismatch(t, lit)),
        },
        Kind::Enum(e) => match primitive_of(lit) {
            Some(primitive::Value::StringValue(s)) if e.values.contains(s) => {
                Ok(Value::String(s.clone()))
            }
            Some(primitive::Value::StringValue(s)) => Err(ValueError::new(format!(
                "expected {}, found the string {s:?}",
                describe(t)
            ))),
            _ => Err(mismatch(t, lit)),
        },
        Kind::Union(u) => {
            if let Some(scalar::Value::Union(value)) = scalar_of(lit) {
                let inner = value
                    .value
                    .as_deref()
                    .ok_or_else(|| ValueError::new("a union literal without a value"))?;
                let variant = value
                    .r#type
                    .as_ref()
                    .and_then(|stored| u.variants.iter().find(|v| same_variant(v, stored)));
                return match variant {
                    Some(v) => literal_to_json(inner, v),
                    // An unknown tag: the value may still fit one of the variants.
                    None => bare_union_to_json(inner, t, &u.variants),
                };
            }
            bare_union_to_json(lit, t, &u.variants)
        }
        Kind::Other => Err(ValueError::new(format!(
            "values of type {} are not supported",
            describe(t)
        ))),
    }
}

fn bare_union_to_json(
    lit: &Literal,
    t: &LiteralType,
    variants: &[LiteralType],
) -> Result<Value, ValueError> {
    if let Some(scalar::Value::NoneType(_)) = scalar_of(lit) {
        return if variants.iter().any(is_none_type) {
            Ok(Value::Null)
        } else {
            Err(mismatch(t, lit))
        };
    }
    let mut first_error = None;
    for v in variants.iter().filter(|v| !is_none_type(v)) {
        match literal_to_json(lit, v) {
            Ok(json) => return Ok(json),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| mismatch(t, lit)))
}

/// Whether the stored type of a union value names this variant: by tag when it has one, else
/// by the kind of type.
fn same_variant(variant: &LiteralType, stored: &core::LiteralType) -> bool {
    let stored_tag = stored.structure.as_ref().map(|s| s.tag.as_str());
    let tag = variant.structure.as_ref().map(|s| s.tag.as_str());
    if let (Some(a), Some(b)) = (tag, stored_tag)
        && !a.is_empty()
        && !b.is_empty()
    {
        return a == b;
    }
    match (kind(variant), kind(stored)) {
        (Kind::Simple(a), Kind::Simple(b)) => a == b,
        (Kind::Collection(_), Kind::Collection(_))
        | (Kind::Map(_), Kind::Map(_))
        | (Kind::Enum(_), Kind::Enum(_))
        | (Kind::Union(_), Kind::Union(_)) => true,
        _ => false,
    }
}

fn simple_to_json(lit: &Literal, simple: SimpleType, t: &LiteralType) -> Result<Value, ValueError> {
    let p = primitive_of(lit);
    match simple {
        SimpleType::Integer => match p {
            Some(primitive::Value::Integer(i)) => Ok(Value::from(*i)),
            _ => Err(mismatch(t, lit)),
        },
        SimpleType::Float => match p {
            Some(primitive::Value::FloatValue(f)) => Number::from_f64(*f)
                .map(Value::Number)
                .ok_or_else(|| ValueError::new(format!("the float {f} has no JSON form"))),
            // flytekit writes a whole float as a float; take an integer too.
            Some(primitive::Value::Integer(i)) => Ok(Value::from(*i as f64)),
            _ => Err(mismatch(t, lit)),
        },
        SimpleType::String => match p {
            Some(primitive::Value::StringValue(s)) => Ok(Value::String(s.clone())),
            _ => Err(mismatch(t, lit)),
        },
        SimpleType::Boolean => match p {
            Some(primitive::Value::Boolean(b)) => Ok(Value::Bool(*b)),
            _ => Err(mismatch(t, lit)),
        },
        SimpleType::Duration => match p {
            Some(primitive::Value::Duration(d)) => {
                match (u64::try_from(d.seconds), u32::try_from(d.nanos)) {
                    (Ok(secs), Ok(nanos)) if nanos < 1_000_000_000 => {
                        Ok(duration_json(secs, nanos))
                    }
                    _ => Err(ValueError::new(format!(
                        "the duration {}s {}ns is negative or malformed; a Rust Duration is \
                         never negative",
                        d.seconds, d.nanos
                    ))),
                }
            }
            _ => Err(mismatch(t, lit)),
        },
        SimpleType::None => match scalar_of(lit) {
            Some(scalar::Value::NoneType(_)) => Ok(Value::Null),
            _ => Err(mismatch(t, lit)),
        },
        SimpleType::Struct => match scalar_of(lit) {
            Some(scalar::Value::Generic(s)) => Ok(Value::Object(struct_to_json(s))),
            Some(scalar::Value::Binary(b)) if b.tag == MSGPACK_TAG => {
                super::msgpack::decode(&b.value).map_err(ValueError::new)
            }
            Some(scalar::Value::Binary(b)) => Err(ValueError::new(format!(
                "expected {}, found a binary tagged {:?} (only {MSGPACK_TAG:?} is read)",
                describe(t),
                b.tag
            ))),
            _ => Err(mismatch(t, lit)),
        },
        SimpleType::Datetime | SimpleType::Binary | SimpleType::Error => Err(ValueError::new(
            format!("values of type {} are not supported", describe(t)),
        )),
    }
}

/// A protobuf `Struct` as JSON. It holds every number as a double, so a whole number becomes a
/// JSON integer again (serde reads an integer field only from an integer, and a float field
/// from either).
fn struct_to_json(s: &Struct) -> Map<String, Value> {
    s.fields
        .iter()
        .map(|(k, v)| (k.clone(), pb_value_to_json(v)))
        .collect()
}

fn pb_value_to_json(v: &protobuf::Value) -> Value {
    use protobuf::value::Kind;
    match &v.kind {
        None | Some(Kind::NullValue(_)) => Value::Null,
        Some(Kind::NumberValue(n)) => whole_number(*n),
        Some(Kind::StringValue(s)) => Value::String(s.clone()),
        Some(Kind::BoolValue(b)) => Value::Bool(*b),
        Some(Kind::StructValue(s)) => Value::Object(struct_to_json(s)),
        Some(Kind::ListValue(l)) => Value::Array(l.values.iter().map(pb_value_to_json).collect()),
    }
}

/// Doubles hold every integer up to 2^53 exactly; beyond that a number stays a float.
const EXACT_IN_DOUBLE: f64 = 9_007_199_254_740_992.0;

pub(crate) fn whole_number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() <= EXACT_IN_DOUBLE {
        #[allow(clippy::cast_possible_truncation)]
        return Value::from(n as i64);
    }
    Number::from_f64(n).map_or(Value::Null, Value::Number)
}

/// The literal of type `t` holding the JSON value `v` (as serde wrote it).
///
/// An `Option` is written as flytekit writes it: a `Union` scalar whose stored type is the
/// variant, with its tag. A struct is a protobuf `Struct` in `scalar.generic`.
pub fn json_to_literal(v: &Value, t: &LiteralType) -> Result<Literal, ValueError> {
    let bad = || ValueError::new(format!("expected {}, found {}", describe(t), found(v)));
    match kind(t) {
        Kind::Simple(simple) => {
            let primitive = match (simple, v) {
                (SimpleType::Integer, Value::Number(n)) => {
                    Primitive::integer(as_flyte_integer(n).map_err(ValueError::new)?)
                }
                (SimpleType::Float, Value::Number(n)) => {
                    Primitive::float(n.as_f64().ok_or_else(bad)?)
                }
                (SimpleType::String, Value::String(s)) => Primitive::string(s.clone()),
                (SimpleType::Boolean, Value::Bool(b)) => Primitive::boolean(*b),
                (SimpleType::Duration, v) => {
                    let (secs, nanos) = parse_duration(v).ok_or_else(bad)?;
                    let seconds = i64::try_from(secs).map_err(|_| {
                        ValueError::new(format!("the duration of {secs}s is too long for Flyte"))
                    })?;
                    #[allow(clippy::cast_possible_wrap)]
                    Primitive::duration(protobuf::Duration {
                        seconds,
                        nanos: nanos as i32,
                    })
                }
                (SimpleType::None, Value::Null) => return Ok(Literal::none()),
                (SimpleType::Struct, Value::Object(m)) => {
                    return Ok(Literal::from(Scalar {
                        value: Some(scalar::Value::Generic(Struct::from(m.clone()))),
                    }));
                }
                _ => return Err(bad()),
            };
            Ok(Literal::from(primitive))
        }
        Kind::Collection(item) => match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, x)| json_to_literal(x, item).map_err(|e| e.at(&index_step(i))))
                .collect::<Result<Vec<_>, _>>()
                .map(Literal::collection),
            _ => Err(bad()),
        },
        Kind::Map(item) => match v {
            Value::Object(entries) => entries
                .iter()
                .map(|(k, x)| match json_to_literal(x, item) {
                    Ok(l) => Ok((k.clone(), l)),
                    Err(e) => Err(e.at(&key_step(k))),
                })
                .collect::<Result<BTreeMap<_, _>, _>>()
                .map(Literal::map),
            _ => Err(bad()),
        },
        Kind::Enum(e) => match v {
            Value::String(s) if e.values.contains(s) => {
                Ok(Literal::from(Primitive::string(s.clone())))
            }
            _ => Err(bad()),
        },
        Kind::Union(u) => {
            let mut first_error = None;
            for variant in &u.variants {
                if v.is_null() != is_none_type(variant) {
                    continue;
                }
                match json_to_literal(v, variant) {
                    Ok(l) => return Ok(Literal::union(l, variant.clone())),
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            Err(first_error.unwrap_or_else(bad))
        }
        Kind::Other => Err(ValueError::new(format!(
            "values of type {} are not supported",
            describe(t)
        ))),
    }
}
