//! Rust types as Flyte types: every input and output type goes through serde, and its Flyte type
//! is learnt from its `Deserialize` impl.
//!
//! | Rust | Flyte |
//! |---|---|
//! | `String`, `char` | `STRING` |
//! | `bool` | `BOOLEAN` |
//! | `i8`, `i16`, `i32`, `i64`, `u8`, `u16`, `u32`, `u64`, `usize`, `isize` | `INTEGER` (a 64-bit signed integer; a `u64` above `i64::MAX` fails when converted) |
//! | `f32`, `f64` | `FLOAT` |
//! | `std::time::Duration` | `DURATION` |
//! | `Vec<T>` and other sequences | `collectionType` of `T` |
//! | `HashMap<String, T>`, `BTreeMap<String, T>` | `mapValueType` of `T` |
//! | `Option<T>` | `unionType` of `T` and `NONE`, each tagged as flytekit tags them |
//! | a struct deriving serde's traits | `STRUCT`, with a JSON schema and its fields' types |
//! | an enum of unit variants | `enumType` of the variants' names |
//! | a newtype struct | its inner type |
//!
//! Left out, each with a reason when the task is used: `i128` and `u128` (they do not fit
//! Flyte's 64-bit integer), tuples, tuple structs, unit, bytes, enums with data, recursive
//! types, and types whose `Deserialize` reads self-describing data (`#[serde(untagged)]`,
//! `#[serde(flatten)]`, `serde_json::Value`). See `docs/values.md`.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::flyteidl::core::LiteralType;

mod flyte;
pub(crate) mod shape;

pub(crate) use flyte::{Kind, kind};

/// What a task needs of one input or output type: its Flyte type, and the conversions of its
/// values to and from JSON. One per type, as [`Value::CODEC`].
pub struct Codec {
    /// The Rust type's name, for messages.
    pub type_name: fn() -> &'static str,
    /// The Flyte type, or why the Rust type has none (found once per program, then shared).
    pub literal_type: fn() -> Result<Arc<LiteralType>, String>,
    /// Reads a value of the type from JSON.
    pub decode: fn(serde_json::Value) -> Result<Box<dyn Any>, String>,
    /// Writes a value of the type (given as `&dyn Any`) as JSON.
    pub encode: fn(&dyn Any) -> Result<serde_json::Value, String>,
}

/// A type a task can take or give: any type with serde's `Serialize` and `Deserialize`. Its
/// [`Codec`] is what `#[task]` records for each input and output.
#[diagnostic::on_unimplemented(
    message = "podtask cannot map `{Self}` to a Flyte type",
    label = "not a Flyte type",
    note = "a task's inputs and outputs cross as serde values: String, bool, integers up to 64 bits, f32, f64, Duration, Vec<T>, HashMap<String, T>, BTreeMap<String, T>, Option<T>, and structs and unit-only enums that derive Serialize and Deserialize"
)]
pub trait Value {
    /// The type's codec.
    const CODEC: Codec;
}

#[diagnostic::do_not_recommend]
impl<T: Serialize + DeserializeOwned + 'static> Value for T {
    const CODEC: Codec = Codec {
        type_name: std::any::type_name::<T>,
        literal_type: shared_literal_type::<T>,
        decode: decode::<T>,
        encode: encode::<T>,
    };
}

/// The Flyte type of `T`, or why it has none.
///
/// ```
/// use podtask::flyteidl::core::{LiteralType, SimpleType, literal_type};
/// let t = podtask::types::literal_type::<Vec<i64>>().unwrap();
/// let Some(literal_type::Type::CollectionType(item)) = t.r#type else { unreachable!() };
/// assert_eq!(*item, LiteralType::simple(SimpleType::Integer));
/// assert!(podtask::types::literal_type::<(i64, i64)>().is_err());
/// ```
pub fn literal_type<T: DeserializeOwned + 'static>() -> Result<LiteralType, String> {
    shared_literal_type::<T>().map(|t| (*t).clone())
}

/// [`literal_type`], shared: each Rust type is traced once per program.
fn shared_literal_type<T: DeserializeOwned + 'static>() -> Result<Arc<LiteralType>, String> {
    let id = TypeId::of::<T>();
    if let Some(known) = cache().read().ok().and_then(|c| c.get(&id).cloned()) {
        return known;
    }
    let found = if id == TypeId::of::<std::time::Duration>() {
        Ok(LiteralType::simple(
            crate::flyteidl::core::SimpleType::Duration,
        ))
    } else {
        shape::trace::<T>()
            .map_err(|e| e.to_string())
            .and_then(|shape| flyte::literal_type(&shape))
            .map_err(|e| format!("{}: {e}", std::any::type_name::<T>()))
    }
    .map(Arc::new);
    if let Ok(mut c) = cache().write() {
        c.insert(id, found.clone());
    }
    found
}

/// The Flyte type of each Rust type traced so far, or why it has none.
type Found = HashMap<TypeId, Result<Arc<LiteralType>, String>>;

/// The Flyte types found so far, by Rust type: a type is traced once per program.
fn cache() -> &'static RwLock<Found> {
    static CACHE: OnceLock<RwLock<Found>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn decode<T: DeserializeOwned + 'static>(v: serde_json::Value) -> Result<Box<dyn Any>, String> {
    match serde_json::from_value::<T>(v) {
        Ok(t) => Ok(Box::new(t)),
        Err(e) => Err(format!(
            "cannot read it as {}: {e}",
            std::any::type_name::<T>()
        )),
    }
}

fn encode<T: Serialize + 'static>(v: &dyn Any) -> Result<serde_json::Value, String> {
    let Some(v) = v.downcast_ref::<T>() else {
        return Err(format!(
            "the value is not a {}, the type its codec was made for",
            std::any::type_name::<T>()
        ));
    };
    serde_json::to_value(v).map_err(|e| {
        format!(
            "{} cannot be written as JSON: {e}",
            std::any::type_name::<T>()
        )
    })
}
