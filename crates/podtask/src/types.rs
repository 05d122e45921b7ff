//! Rust types as Flyte types: the [`FlyteType`] trait, which gives a task's inputs and outputs
//! their place in its typed interface.
//!
//! | Rust | Flyte |
//! |---|---|
//! | `String` | `STRING` |
//! | `bool` | `BOOLEAN` |
//! | `i8`, `i16`, `i32`, `i64`, `u8`, `u16`, `u32`, `u64`, `usize` | `INTEGER` (a 64-bit signed integer; a `u64` or `usize` above `i64::MAX` fails when converted) |
//! | `f32`, `f64` | `FLOAT` |
//! | `std::time::Duration` | `DURATION` |
//! | `Vec<T>` | `collectionType` of `T` |
//! | `HashMap<String, T>`, `BTreeMap<String, T>` | `mapValueType` of `T` |
//! | `Option<T>` | `unionType` of `T` and `NONE`, each tagged as flytekit tags them |
//!
//! `i128` and `u128` are left out: their values do not fit Flyte's 64-bit signed integer. Any
//! other serde type (structs, enums of unit variants) has a Flyte type too, learnt from its
//! `Deserialize` impl when the task is registered: see `docs/values.md`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::flyte::{LiteralType, LiteralTypeKind, SimpleType};

/// A Rust type that has a Flyte type. Its values cross as JSON through serde, hence the
/// supertraits.
///
/// ```
/// use podtask::types::FlyteType;
/// use podtask::flyte::{LiteralType, SimpleType};
/// assert_eq!(<Vec<i64>>::literal_type(), LiteralType::collection(LiteralType::simple(SimpleType::Integer)));
/// ```
#[diagnostic::on_unimplemented(
    message = "podtask cannot map `{Self}` to a Flyte type",
    label = "not a Flyte type",
    note = "supported: String, bool, i8..i64, u8..u64, usize, f32, f64, Duration, Vec<T>, HashMap<String, T>, BTreeMap<String, T>, Option<T>, and serde types"
)]
pub trait FlyteType: Serialize + DeserializeOwned {
    /// The Flyte type of this Rust type.
    fn literal_type() -> LiteralType;

    /// The tag of this type when it is a variant of a union (as in `Option<Self>`). flytekit
    /// tags a variant with the name of its type transformer; the default follows it for the
    /// types podtask maps (`"int"`, `"float"`, `"str"`, `"bool"`, `"timedelta"`,
    /// `"Typed List"`, `"Typed Dict"`, `"none"`, `"Object-Dataclass-Transformer"` for a
    /// struct, `"DefaultEnumTransformer"` for an enum).
    fn union_tag() -> Cow<'static, str> {
        Cow::Borrowed(flytekit_tag(&Self::literal_type()))
    }
}

/// The tag flytekit gives a union variant of this type: the name of its type transformer.
pub(crate) fn flytekit_tag(t: &LiteralType) -> &'static str {
    match &t.kind {
        LiteralTypeKind::Simple(SimpleType::Integer) => "int",
        LiteralTypeKind::Simple(SimpleType::Float) => "float",
        LiteralTypeKind::Simple(SimpleType::String) => "str",
        LiteralTypeKind::Simple(SimpleType::Boolean) => "bool",
        LiteralTypeKind::Simple(SimpleType::None) => "none",
        LiteralTypeKind::Simple(SimpleType::Datetime) => "datetime",
        LiteralTypeKind::Simple(SimpleType::Duration) => "timedelta",
        LiteralTypeKind::CollectionType(_) => "Typed List",
        LiteralTypeKind::MapValueType(_) => "Typed Dict",
        LiteralTypeKind::Simple(SimpleType::Struct) => "Object-Dataclass-Transformer",
        LiteralTypeKind::EnumType(_) => "DefaultEnumTransformer",
        _ => "",
    }
}

macro_rules! simple {
    ($simple:ident: $($t:ty),+) => {
        $(impl FlyteType for $t {
            fn literal_type() -> LiteralType {
                LiteralType::simple(SimpleType::$simple)
            }
        })+
    };
}

simple!(Integer: i8, i16, i32, i64, u8, u16, u32, u64, usize);
simple!(Float: f32, f64);
simple!(String: String);
simple!(Boolean: bool);
simple!(Duration: Duration);

impl<T: FlyteType> FlyteType for Vec<T> {
    fn literal_type() -> LiteralType {
        LiteralType::collection(T::literal_type())
    }
}

impl<T: FlyteType, S: std::hash::BuildHasher + Default> FlyteType for HashMap<String, T, S> {
    fn literal_type() -> LiteralType {
        LiteralType::map_value(T::literal_type())
    }
}

impl<T: FlyteType> FlyteType for BTreeMap<String, T> {
    fn literal_type() -> LiteralType {
        LiteralType::map_value(T::literal_type())
    }
}

impl<T: FlyteType> FlyteType for Option<T> {
    /// `T` or nothing, as flytekit writes `Optional[T]`; an `Option` of an `Option` is the
    /// same type, as `Optional[Optional[T]]` is in Python.
    fn literal_type() -> LiteralType {
        optional_tagged(T::literal_type(), T::union_tag())
    }

    fn union_tag() -> Cow<'static, str> {
        T::union_tag()
    }
}

/// `inner` or nothing, the variant tagged as flytekit tags its type.
pub(crate) fn optional(inner: LiteralType) -> LiteralType {
    let tag = flytekit_tag(&inner);
    optional_tagged(inner, Cow::Borrowed(tag))
}

fn optional_tagged(inner: LiteralType, tag: Cow<'static, str>) -> LiteralType {
    if is_optional(&inner) {
        return inner;
    }
    LiteralType::union(vec![
        inner.with_tag(tag),
        LiteralType::simple(SimpleType::None).with_tag("none"),
    ])
}

fn is_optional(t: &LiteralType) -> bool {
    match &t.kind {
        LiteralTypeKind::UnionType(u) => u
            .variants
            .iter()
            .any(|v| matches!(v.kind, LiteralTypeKind::Simple(SimpleType::None))),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json<T: FlyteType>() -> String {
        serde_json::to_string(&T::literal_type()).unwrap()
    }

    #[test]
    fn scalars() {
        assert_eq!(json::<String>(), r#"{"simple":"STRING"}"#);
        assert_eq!(json::<u32>(), r#"{"simple":"INTEGER"}"#);
        assert_eq!(json::<i8>(), r#"{"simple":"INTEGER"}"#);
        assert_eq!(json::<f32>(), r#"{"simple":"FLOAT"}"#);
        assert_eq!(json::<bool>(), r#"{"simple":"BOOLEAN"}"#);
    }

    #[test]
    fn containers() {
        assert_eq!(
            json::<Vec<HashMap<String, i64>>>(),
            r#"{"collectionType":{"mapValueType":{"simple":"INTEGER"}}}"#
        );
        assert_eq!(
            json::<BTreeMap<String, f64>>(),
            r#"{"mapValueType":{"simple":"FLOAT"}}"#
        );
    }

    #[test]
    fn options_are_tagged_unions() {
        let expected = r#"{"unionType":{"variants":[{"simple":"INTEGER","structure":{"tag":"int"}},{"simple":"NONE","structure":{"tag":"none"}}]}}"#;
        assert_eq!(json::<Option<i64>>(), expected);
        assert_eq!(json::<Option<Option<i64>>>(), expected);
        assert!(json::<Option<Vec<String>>>().contains(r#""tag":"Typed List""#));
        assert!(json::<Option<String>>().contains(r#""tag":"str""#));
    }
}
