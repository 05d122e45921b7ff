//! The Flyte type of a serde type, learnt by tracing its `Deserialize` impl with
//! `serde-reflection`: structs become `STRUCT` (with a JSON schema and the fields' types),
//! enums of unit variants `enumType`, sequences `collectionType`, maps with string keys
//! `mapValueType`, options a union with `NONE`, and primitives their simple type.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use serde_reflection::{
    ContainerFormat, Format, Named, Registry, Tracer, TracerConfig, VariantFormat,
};

use crate::flyte::{LiteralType, LiteralTypeKind, SimpleType, TypeStructure};
use crate::types::optional;

/// The Flyte type of `T`, or the marker type saying why it has none.
pub(crate) fn literal_type_of<T: DeserializeOwned>() -> LiteralType {
    match flyte_type_of::<T>() {
        Ok(t) => t,
        Err(reason) => super::unsupported(format!("{}: {reason}", std::any::type_name::<T>())),
    }
}

/// How many times the tracing may start over to find more enums; each round finds at least
/// one more enum name, so this bounds the nesting of enums reached only through other enums.
const MAX_ROUNDS: usize = 16;
/// How many passes over the type one round may make; each pass traces at least one more
/// variant of some enum.
const MAX_PASSES: usize = 4096;

/// The Flyte type of `T`, or why it has none.
pub(crate) fn flyte_type_of<T: DeserializeOwned>() -> Result<LiteralType, String> {
    let (format, registry) = trace::<T>()?;
    Mapper {
        registry: &registry,
        expanding: Vec::new(),
    }
    .literal_type(&format)
}

/// Traces `T` until every variant of every enum in it has been seen. serde-reflection traces
/// one variant of an enum per pass, and only goes on to the next once told the enum's name, so
/// the names found missing by one round are fed to the next.
fn trace<T: DeserializeOwned>() -> Result<(Format, Registry), String> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    for _ in 0..MAX_ROUNDS {
        // Samples of 1 rather than 0, so types that refuse zero (`NonZeroU32`) trace too.
        let config = TracerConfig::default()
            .is_human_readable(true)
            .default_u8_value(1)
            .default_u16_value(1)
            .default_u32_value(1)
            .default_u64_value(1)
            .default_i8_value(1)
            .default_i16_value(1)
            .default_i32_value(1)
            .default_i64_value(1)
            .default_f32_value(1.0)
            .default_f64_value(1.0);
        let mut tracer = Tracer::new(config);
        let samples = serde_reflection::Samples::new();
        let mut format = None;
        for _ in 0..MAX_PASSES {
            let (f, _) = tracer
                .trace_type_once::<T>(&samples)
                .map_err(|e| explain(&e))?;
            format = Some(f);
            let mut progress = false;
            for name in &names {
                progress |= tracer.check_incomplete_enum(name).is_some();
            }
            if !progress {
                break;
            }
        }
        let format = format.ok_or("cannot be traced")?;
        match tracer.registry() {
            Ok(registry) => return Ok((format, registry)),
            Err(serde_reflection::Error::MissingVariants(missing)) => {
                let before = names.len();
                names.extend(missing);
                if names.len() == before {
                    return Err("the variants of its enums cannot all be traced".to_owned());
                }
            }
            Err(e) => return Err(explain(&e)),
        }
    }
    Err("its enums are nested too deeply to be traced".to_owned())
}

fn explain(e: &serde_reflection::Error) -> String {
    match e {
        serde_reflection::Error::NotSupported(what) if what.contains("any") => {
            "its Deserialize impl reads self-describing data (deserialize_any: an untagged \
             or internally tagged enum, #[serde(flatten)], serde_json::Value), so its shape \
             cannot be known ahead"
                .to_owned()
        }
        other => format!("its Deserialize impl cannot be traced: {other}"),
    }
}

struct Mapper<'a> {
    registry: &'a Registry,
    /// The named types being mapped, to refuse recursive types.
    expanding: Vec<&'a str>,
}

impl<'a> Mapper<'a> {
    fn literal_type(&mut self, f: &'a Format) -> Result<LiteralType, String> {
        let simple = |s| Ok(LiteralType::simple(s));
        match f {
            Format::Bool => simple(SimpleType::Boolean),
            Format::I8
            | Format::I16
            | Format::I32
            | Format::I64
            | Format::U8
            | Format::U16
            | Format::U32
            | Format::U64 => simple(SimpleType::Integer),
            Format::I128 | Format::U128 => {
                Err("a 128-bit integer does not fit Flyte's INTEGER (64-bit signed)".to_owned())
            }
            Format::F32 | Format::F64 => simple(SimpleType::Float),
            Format::Char | Format::Str => simple(SimpleType::String),
            Format::Bytes => Err("bytes have no Flyte type podtask maps".to_owned()),
            Format::Unit => Err("the unit type () has no Flyte type".to_owned()),
            Format::Option(inner) => Ok(optional(self.literal_type(inner)?)),
            Format::Seq(item) => Ok(LiteralType::collection(self.literal_type(item)?)),
            Format::Map { key, value } => match **key {
                Format::Str | Format::Char => Ok(LiteralType::map_value(self.literal_type(value)?)),
                ref other => Err(format!(
                    "a map's keys must be strings for Flyte, found {}",
                    format_name(other)
                )),
            },
            Format::Tuple(_) | Format::TupleArray { .. } => {
                Err("tuples and arrays have no Flyte type (use a Vec or a struct)".to_owned())
            }
            Format::TypeName(name) => self.container(name),
            Format::Variable(_) => Err("part of it could not be traced".to_owned()),
        }
    }

    fn container(&mut self, name: &'a str) -> Result<LiteralType, String> {
        if self.expanding.contains(&name) {
            return Err(format!(
                "{name} is recursive, which Flyte types cannot express"
            ));
        }
        let Some(container) = self.registry.get(name) else {
            return Err(format!("{name} could not be traced"));
        };
        self.expanding.push(name);
        let result = match container {
            ContainerFormat::Struct(fields) if is_duration(name, fields) => {
                Ok(LiteralType::simple(SimpleType::Duration))
            }
            ContainerFormat::Struct(fields) => self.structure(name, fields),
            ContainerFormat::NewTypeStruct(inner) => self.literal_type(inner),
            ContainerFormat::UnitStruct => Err(format!("the unit struct {name} has no Flyte type")),
            ContainerFormat::TupleStruct(_) => Err(format!(
                "the tuple struct {name} has no Flyte type (name its fields)"
            )),
            ContainerFormat::Enum(variants) => enumeration(name, variants),
        };
        self.expanding.pop();
        result
    }

    fn structure(
        &mut self,
        name: &'a str,
        fields: &'a [Named<Format>],
    ) -> Result<LiteralType, String> {
        let mut types = BTreeMap::new();
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in fields {
            let t = self
                .literal_type(&field.value)
                .map_err(|e| format!("field {:?} of {name}: {e}", field.name))?;
            properties.insert(field.name.clone(), schema(&t));
            if !matches!(field.value, Format::Option(_)) {
                required.push(Value::String(field.name.clone()));
            }
            types.insert(field.name.clone(), t);
        }
        let mut t = LiteralType::simple(SimpleType::Struct);
        let mut metadata = Map::new();
        metadata.insert("title".to_owned(), Value::String(name.to_owned()));
        metadata.insert("type".to_owned(), json!("object"));
        metadata.insert("additionalProperties".to_owned(), json!(false));
        metadata.insert("required".to_owned(), Value::Array(required));
        metadata.insert("properties".to_owned(), Value::Object(properties));
        t.metadata = Some(metadata);
        t.structure = Some(TypeStructure {
            tag: String::new(),
            dataclass_type: types,
        });
        Ok(t)
    }
}

/// serde's form of `std::time::Duration`: a struct `Duration { secs: u64, nanos: u32 }`.
fn is_duration(name: &str, fields: &[Named<Format>]) -> bool {
    name == "Duration"
        && fields.len() == 2
        && fields[0].name == "secs"
        && fields[0].value == Format::U64
        && fields[1].name == "nanos"
        && fields[1].value == Format::U32
}

fn enumeration(
    name: &str,
    variants: &BTreeMap<u32, Named<VariantFormat>>,
) -> Result<LiteralType, String> {
    let with_data: Vec<&str> = variants
        .values()
        .filter(|v| !matches!(v.value, VariantFormat::Unit))
        .map(|v| v.name.as_str())
        .collect();
    if !with_data.is_empty() {
        return Err(format!(
            "the enum {name} has variants with data ({}): only enums of unit variants map to a \
             Flyte enum",
            with_data.join(", ")
        ));
    }
    // Declaration order, as the variant indices give it.
    Ok(LiteralType::enumeration(
        variants.values().map(|v| v.name.clone()).collect(),
    ))
}

fn format_name(f: &Format) -> String {
    match f {
        Format::TypeName(n) => n.clone(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// The JSON schema of a value of type `t`, as flytekit writes a dataclass's.
pub(crate) fn schema(t: &LiteralType) -> Value {
    match &t.kind {
        LiteralTypeKind::Simple(SimpleType::Integer) => json!({"type": "integer"}),
        LiteralTypeKind::Simple(SimpleType::Float) => json!({"type": "number"}),
        LiteralTypeKind::Simple(SimpleType::String) => json!({"type": "string"}),
        LiteralTypeKind::Simple(SimpleType::Boolean) => json!({"type": "boolean"}),
        LiteralTypeKind::Simple(SimpleType::None) => json!({"type": "null"}),
        LiteralTypeKind::Simple(SimpleType::Duration) => json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["secs", "nanos"],
            "properties": {"secs": {"type": "integer"}, "nanos": {"type": "integer"}},
        }),
        LiteralTypeKind::Simple(SimpleType::Struct) => match &t.metadata {
            Some(m) => Value::Object(m.clone()),
            None => json!({"type": "object"}),
        },
        LiteralTypeKind::CollectionType(item) => json!({"type": "array", "items": schema(item)}),
        LiteralTypeKind::MapValueType(value) => {
            json!({"type": "object", "additionalProperties": schema(value)})
        }
        LiteralTypeKind::EnumType(e) => json!({"type": "string", "enum": e.values}),
        LiteralTypeKind::UnionType(u) => {
            json!({"anyOf": u.variants.iter().map(schema).collect::<Vec<_>>()})
        }
        _ => json!({}),
    }
}
