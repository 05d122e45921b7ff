//! From the shape of a serde type to its Flyte type, and views of Flyte types for the value
//! conversions.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::shape::{Shape, VariantShape};
use crate::flyteidl::core::{
    EnumType, LiteralType, SimpleType, TypeStructure, UnionType, literal_type::Type,
};
use crate::flyteidl::protobuf::Struct;

/// The Flyte type of a traced shape, or why it has none.
pub(super) fn literal_type(shape: &Shape) -> Result<LiteralType, String> {
    let simple = |s| Ok(LiteralType::simple(s));
    match shape {
        Shape::Bool => simple(SimpleType::Boolean),
        Shape::I8
        | Shape::I16
        | Shape::I32
        | Shape::I64
        | Shape::U8
        | Shape::U16
        | Shape::U32
        | Shape::U64 => simple(SimpleType::Integer),
        Shape::I128 | Shape::U128 => {
            Err("a 128-bit integer does not fit Flyte's INTEGER (64-bit signed)".to_owned())
        }
        Shape::F32 | Shape::F64 => simple(SimpleType::Float),
        Shape::Char | Shape::Str => simple(SimpleType::String),
        Shape::Bytes => Err("bytes have no Flyte type podtask maps".to_owned()),
        Shape::Unit => Err("the unit type () has no Flyte type".to_owned()),
        Shape::Option(inner) => Ok(optional(literal_type(inner)?)),
        Shape::Seq(item) => Ok(collection(literal_type(item)?)),
        Shape::Map { key, value } => match **key {
            Shape::Str | Shape::Char => Ok(map_value(literal_type(value)?)),
            ref other => Err(format!(
                "a map's keys must be strings for Flyte, found {}",
                shape_name(other)
            )),
        },
        Shape::Tuple(_) => {
            Err("tuples and arrays have no Flyte type (use a Vec or a struct)".to_owned())
        }
        Shape::UnitStruct(name) => Err(format!("the unit struct {name} has no Flyte type")),
        Shape::NewtypeStruct(_, inner) => literal_type(inner),
        Shape::TupleStruct(name, _) => Err(format!(
            "the tuple struct {name} has no Flyte type (name its fields)"
        )),
        Shape::Struct(name, fields) if is_duration(name, fields) => simple(SimpleType::Duration),
        Shape::Struct(name, fields) => structure(name, fields),
        Shape::Enum(name, variants) => enumeration(name, variants),
        Shape::Recursive(name) => Err(format!(
            "{name} is recursive, which Flyte types cannot express"
        )),
    }
}

fn shape_name(s: &Shape) -> String {
    match s {
        Shape::UnitStruct(n)
        | Shape::NewtypeStruct(n, _)
        | Shape::TupleStruct(n, _)
        | Shape::Struct(n, _)
        | Shape::Enum(n, _)
        | Shape::Recursive(n) => (*n).to_owned(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// serde's form of `std::time::Duration`: a struct `Duration { secs: u64, nanos: u32 }`.
fn is_duration(name: &str, fields: &[(&'static str, Shape)]) -> bool {
    matches!(fields, [("secs", Shape::U64), ("nanos", Shape::U32)]) && name == "Duration"
}

fn structure(name: &str, fields: &[(&'static str, Shape)]) -> Result<LiteralType, String> {
    let mut types = BTreeMap::new();
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (field, shape) in fields {
        let t = literal_type(shape).map_err(|e| format!("field {field:?} of {name}: {e}"))?;
        properties.insert((*field).to_owned(), schema(&t));
        if !matches!(shape, Shape::Option(_)) {
            required.push(Value::String((*field).to_owned()));
        }
        types.insert((*field).to_owned(), t);
    }
    let mut metadata = Map::new();
    metadata.insert("title".to_owned(), Value::String(name.to_owned()));
    metadata.insert("type".to_owned(), json!("object"));
    metadata.insert("additionalProperties".to_owned(), json!(false));
    metadata.insert("required".to_owned(), Value::Array(required));
    metadata.insert("properties".to_owned(), Value::Object(properties));
    let mut t = LiteralType::simple(SimpleType::Struct);
    t.metadata = Some(Struct::from(metadata));
    t.structure = Some(TypeStructure {
        tag: String::new(),
        dataclass_type: types,
    });
    Ok(t)
}

fn enumeration(
    name: &str,
    variants: &[(&'static str, VariantShape)],
) -> Result<LiteralType, String> {
    let with_data: Vec<&str> = variants
        .iter()
        .filter(|(_, v)| !matches!(v, VariantShape::Unit))
        .map(|(n, _)| *n)
        .collect();
    if !with_data.is_empty() {
        return Err(format!(
            "the enum {name} has variants with data ({}): only enums of unit variants map to a \
             Flyte enum",
            with_data.join(", ")
        ));
    }
    Ok(LiteralType::new(Type::EnumType(EnumType {
        values: variants.iter().map(|(n, _)| (*n).to_owned()).collect(),
    })))
}

/// A list of `item`.
pub(crate) fn collection(item: LiteralType) -> LiteralType {
    LiteralType::new(Type::CollectionType(Box::new(item)))
}

/// A map from strings to `value`.
pub(crate) fn map_value(value: LiteralType) -> LiteralType {
    LiteralType::new(Type::MapValueType(Box::new(value)))
}

fn with_tag(mut t: LiteralType, tag: &str) -> LiteralType {
    t.structure = Some(TypeStructure {
        tag: tag.to_owned(),
        dataclass_type: BTreeMap::new(),
    });
    t
}

/// `inner` or nothing, as flytekit writes `Optional[T]`: a union of the type and `NONE`, each
/// variant tagged as flytekit tags it. An optional type stays as it is (`Option<Option<T>>` is
/// `Optional[Optional[T]]`, the same type in Python).
pub(crate) fn optional(inner: LiteralType) -> LiteralType {
    if accepts_none(&inner) {
        return inner;
    }
    let tag = flytekit_tag(&inner);
    LiteralType::new(Type::UnionType(UnionType {
        variants: vec![
            with_tag(inner, tag),
            with_tag(LiteralType::simple(SimpleType::None), "none"),
        ],
    }))
}

fn accepts_none(t: &LiteralType) -> bool {
    match kind(t) {
        Kind::Union(u) => u
            .variants
            .iter()
            .any(|v| matches!(kind(v), Kind::Simple(SimpleType::None))),
        _ => false,
    }
}

/// The tag flytekit gives a union variant of this type: the name of its type transformer.
pub(crate) fn flytekit_tag(t: &LiteralType) -> &'static str {
    match kind(t) {
        Kind::Simple(SimpleType::Integer) => "int",
        Kind::Simple(SimpleType::Float) => "float",
        Kind::Simple(SimpleType::String) => "str",
        Kind::Simple(SimpleType::Boolean) => "bool",
        Kind::Simple(SimpleType::None) => "none",
        Kind::Simple(SimpleType::Datetime) => "datetime",
        Kind::Simple(SimpleType::Duration) => "timedelta",
        Kind::Collection(_) => "Typed List",
        Kind::Map(_) => "Typed Dict",
        Kind::Simple(SimpleType::Struct) => "Object-Dataclass-Transformer",
        Kind::Enum(_) => "DefaultEnumTransformer",
        _ => "",
    }
}

/// What a Flyte type is, as the value conversions read it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind<'a> {
    /// A simple type.
    Simple(SimpleType),
    /// A list of this type.
    Collection(&'a LiteralType),
    /// A map from strings to this type.
    Map(&'a LiteralType),
    /// One of these strings.
    Enum(&'a EnumType),
    /// One of these types.
    Union(&'a UnionType),
    /// A type podtask does not map (a schema, a blob, a structured dataset, an unknown simple
    /// type, or none).
    Other,
}

/// The kind of `t`.
pub(crate) fn kind(t: &LiteralType) -> Kind<'_> {
    match &t.r#type {
        Some(Type::Simple(n)) => match SimpleType::try_from(*n) {
            Ok(s) => Kind::Simple(s),
            Err(_) => Kind::Other,
        },
        Some(Type::CollectionType(item)) => Kind::Collection(item),
        Some(Type::MapValueType(value)) => Kind::Map(value),
        Some(Type::EnumType(e)) => Kind::Enum(e),
        Some(Type::UnionType(u)) => Kind::Union(u),
        _ => Kind::Other,
    }
}

/// The JSON schema of a value of type `t`, as flytekit writes a dataclass's.
pub(crate) fn schema(t: &LiteralType) -> Value {
    match kind(t) {
        Kind::Simple(SimpleType::Integer) => json!({"type": "integer"}),
        Kind::Simple(SimpleType::Float) => json!({"type": "number"}),
        Kind::Simple(SimpleType::String) => json!({"type": "string"}),
        Kind::Simple(SimpleType::Boolean) => json!({"type": "boolean"}),
        Kind::Simple(SimpleType::None) => json!({"type": "null"}),
        Kind::Simple(SimpleType::Duration) => json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["secs", "nanos"],
            "properties": {"secs": {"type": "integer"}, "nanos": {"type": "integer"}},
        }),
        Kind::Simple(SimpleType::Struct) => match &t.metadata {
            Some(m) => Value::Object(m.to_json()),
            None => json!({"type": "object"}),
        },
        Kind::Collection(item) => json!({"type": "array", "items": schema(item)}),
        Kind::Map(value) => json!({"type": "object", "additionalProperties": schema(value)}),
        Kind::Enum(e) => json!({"type": "string", "enum": e.values}),
        Kind::Union(u) => json!({"anyOf": u.variants.iter().map(schema).collect::<Vec<_>>()}),
        _ => json!({}),
    }
}
