//! The shape of a Rust type, learnt from its `serde::Deserialize` impl.
//!
//! [`trace`] runs `T::deserialize` against a deserializer that answers every request with a
//! sample value (1 for numbers, `"a"` for strings, one element for sequences and maps, `Some`
//! for options, every listed field for structs) and notes what was asked for. Each run picks
//! one variant of each enum it meets, so the type is run again until every variant of every
//! enum reached has been seen. A type that refuses a sample is run again with the next one
//! offered there (0, the extremes, strings that parse as dates, addresses, UUIDs, ...).
//!
//! A type met again inside itself is read as small as it goes (no elements, `None`, a variant
//! not already being read) and shows as [`Shape::Recursive`]. A field with aliases shows under
//! its own name; an enum lists its variants' aliases as variants, since it accepts them.
//!
//! Refused, with the reason and where in the type: a `Deserialize` impl that reads
//! self-describing data (`deserialize_any`), adjacently tagged enums, enums with no variants,
//! input ignored anywhere but a struct's field, a type that refuses every sample offered, and
//! types nesting deeper than 128 levels or needing more than 1024 runs.
//!
//! Named types are told apart by their serde names (and their variants' or fields' names): two
//! distinct types with the same name, such as `Wrapper<i32>` inside `Wrapper<String>`, look
//! like one.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

/// The shape of a type as its `Deserialize` impl reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// `bool`.
    Bool,
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `i128`.
    I128,
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `u128`.
    U128,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `char`.
    Char,
    /// A string (also anything read from one, such as an IP address).
    Str,
    /// A byte string (not `Vec<u8>`, which serde reads as a sequence).
    Bytes,
    /// `()`.
    Unit,
    /// `Option<T>`.
    Option(Box<Shape>),
    /// A sequence of any length: `Vec<T>`, sets, ...
    Seq(Box<Shape>),
    /// A map: `HashMap<K, V>`, `BTreeMap<K, V>`, ...
    Map {
        /// The keys' shape.
        key: Box<Shape>,
        /// The values' shape.
        value: Box<Shape>,
    },
    /// A tuple or a fixed-size array, one shape per element.
    Tuple(Vec<Shape>),
    /// `struct Name;`
    UnitStruct(&'static str),
    /// `struct Name(T);`
    NewtypeStruct(&'static str, Box<Shape>),
    /// `struct Name(T, U, ...);`
    TupleStruct(&'static str, Vec<Shape>),
    /// A struct with named fields, in declaration order and named as serde reads them.
    Struct(&'static str, Vec<(&'static str, Shape)>),
    /// An enum with every variant serde accepts (aliases included), in declaration order.
    Enum(&'static str, Vec<(&'static str, VariantShape)>),
    /// A struct or enum met again inside itself.
    Recursive(&'static str),
}

/// The data an enum variant carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariantShape {
    /// `Name`
    Unit,
    /// `Name(T)`
    Newtype(Shape),
    /// `Name(T, U, ...)`
    Tuple(Vec<Shape>),
    /// `Name { field: T, ... }`
    Struct(Vec<(&'static str, Shape)>),
}

/// Why a type cannot be traced.
#[derive(Debug)]
pub struct TraceError {
    message: String,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Final: the type cannot be traced.
    Unsupported,
    /// Raised by the type's own impl, most likely refusing a sample: try another.
    Refused,
    /// A struct got two of its field's names (a field with aliases).
    Duplicate(&'static str),
    /// Something was learnt that needs the pass run again.
    Retry,
}

impl TraceError {
    /// Why the type cannot be traced.
    pub fn message(&self) -> &str {
        &self.message
    }

    fn new(kind: Kind, message: String) -> Self {
        TraceError { message, kind }
    }
}

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TraceError {}

impl de::Error for TraceError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TraceError::new(Kind::Refused, msg.to_string())
    }

    fn duplicate_field(field: &'static str) -> Self {
        TraceError::new(Kind::Duplicate(field), format!("duplicate field `{field}`"))
    }
}

const SELF_DESCRIBING: &str = "its Deserialize impl reads self-describing data (deserialize_any: \
    an untagged or internally tagged enum, #[serde(flatten)], serde_json::Value), so its shape \
    cannot be known ahead";

/// How many times `T::deserialize` may be run; each run sees a new variant, a new sample or a
/// new field alias.
const MAX_PASSES: usize = 1024;
/// How deep the path into a value may go.
const MAX_DEPTH: usize = 128;

/// Sample values, tried in order when a type refuses the one before (so `NonZeroU32` gets 1,
/// a type parsed from a string such as `IpAddr` one of the later strings).
const STRINGS: &[&str] = &[
    "a",
    "",
    "0",
    "1",
    "true",
    "1s",
    "1970-01-01T00:00:00Z",
    "00000000-0000-0000-0000-000000000000",
    "127.0.0.1",
    "127.0.0.1:1",
    "http://localhost/",
];
/// An identifier is asked for by a struct that reads its own keys (`#[serde(flatten)]`):
/// first offer one that names none of its fields.
const IDENTIFIERS: &[&str] = &["", "a"];
const CHARS: &[char] = &['a', '0', ' '];
const BOOLS: &[bool] = &[true, false];
const BYTES: &[&[u8]] = &[b"a", b""];

/// The shape of `T`, as its `Deserialize` impl reads it from a human-readable format.
pub fn trace<T: DeserializeOwned>() -> Result<Shape, TraceError> {
    let mut tracer = Tracer::default();
    for _ in 0..MAX_PASSES {
        tracer.start_pass();
        match T::deserialize(&mut tracer) {
            Ok(_) => {
                let mut shape = tracer.take_out()?;
                let complete = tracer.enums.values().flatten().all(Option::is_some);
                if complete {
                    tracer.fill(&mut shape, &mut Vec::new())?;
                    return Ok(shape);
                }
            }
            Err(e) => match e.kind {
                Kind::Retry => {}
                Kind::Unsupported => return Err(e),
                Kind::Refused | Kind::Duplicate(_) => tracer.next_sample(e)?,
            },
        }
    }
    Err(TraceError::new(
        Kind::Unsupported,
        format!("reaching every variant of its enums takes more than {MAX_PASSES} passes"),
    ))
}

/// One step on the path from the traced type to the value being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Frame {
    Named(&'static str),
    Field(&'static str),
    /// The enum's name, the variant's index and name.
    Variant(&'static str, usize, &'static str),
    Elem,
    Index(usize),
    Key,
    Value,
    Some,
}

type EnumKey = (&'static str, &'static [&'static str]);
type NamedShapes = Vec<(&'static str, Shape)>;
type Res<T> = Result<T, TraceError>;

#[derive(Default)]
struct Tracer {
    /// Where the value being read is; named types on it are being read, so meeting one again
    /// means the type is recursive.
    path: Vec<Frame>,
    /// Inside a recursive type: read the smallest value (no elements, `None`) and keep nothing.
    minimal: bool,
    /// The shape of the value read last, taken by whoever asked for it.
    out: Option<Shape>,
    /// The shape of the enum variant read last.
    variant_out: Option<VariantShape>,
    /// The field just read was ignored by its struct (`deserialize_ignored_any`).
    ignored: bool,
    /// Every enum met: its variants seen so far, by index.
    enums: HashMap<EnumKey, Vec<Option<VariantShape>>>,
    /// The variant of each enum to try next.
    cursors: HashMap<EnumKey, usize>,
    /// Field names skipped as aliases of an earlier one: (container, its fields, name).
    aliases: HashSet<(&'static str, &'static [&'static str], &'static str)>,
    /// Which sample to offer where, when not the first.
    samples: HashMap<Vec<Frame>, usize>,
    /// Where the last sample was offered, what it was and how many of its kind there are.
    last_path: Vec<Frame>,
    last: Option<(&'static str, usize)>,
}

impl Tracer {
    fn start_pass(&mut self) {
        self.path.clear();
        self.minimal = false;
        self.out = None;
        self.variant_out = None;
        self.ignored = false;
        self.last = None;
    }

    fn error(&self, kind: Kind, reason: impl fmt::Display) -> TraceError {
        match self.path.is_empty() {
            true => TraceError::new(kind, reason.to_string()),
            false => TraceError::new(kind, format!("at {}: {reason}", describe(&self.path))),
        }
    }

    fn unsupported(&self, reason: impl fmt::Display) -> TraceError {
        self.error(Kind::Unsupported, reason)
    }

    fn push(&mut self, frame: Frame) -> Res<()> {
        if self.path.len() >= MAX_DEPTH {
            return Err(self.unsupported(format!(
                "it nests more than {MAX_DEPTH} levels deep (a recursive type with no finite \
                 value, or one whose Deserialize impl names no struct or enum)"
            )));
        }
        self.path.push(frame);
        Ok(())
    }

    fn take_out(&mut self) -> Res<Shape> {
        self.out
            .take()
            .ok_or_else(|| self.unsupported("its Deserialize impl returned without reading"))
    }

    /// The sample to offer here: the first, or the one a refusal moved on to.
    fn pick<T: Copy>(&mut self, what: &'static str, samples: &[T]) -> T {
        let i = match self.samples.is_empty() {
            true => 0,
            false => self.samples.get(&self.path).copied().unwrap_or(0),
        };
        self.last_path.clone_from(&self.path);
        self.last = Some((what, samples.len()));
        samples[i.min(samples.len() - 1)]
    }

    /// After the type refused what it was fed, offers the next sample where the last was.
    fn next_sample(&mut self, refusal: TraceError) -> Res<()> {
        let Some((what, count)) = self.last else {
            return Err(self.unsupported(format!(
                "its Deserialize impl refuses the value offered to trace it: {refusal}"
            )));
        };
        let tried = self.samples.entry(self.last_path.clone()).or_insert(0);
        *tried += 1;
        if *tried < count {
            return Ok(());
        }
        Err(self.unsupported(format!(
            "its Deserialize impl refuses the values offered to trace it ({count} {what} samples \
             tried at {}): {refusal}",
            describe(&self.last_path)
        )))
    }

    /// Reads the named type `name` with `body`; met again inside itself, it is read as small
    /// as it goes and its shape is `Recursive(name)`.
    fn named<V>(
        &mut self,
        name: &'static str,
        body: impl FnOnce(&mut Self) -> Res<(V, Shape)>,
    ) -> Res<V> {
        let recursive = self.path.contains(&Frame::Named(name));
        let minimal = self.minimal;
        self.minimal |= recursive;
        self.push(Frame::Named(name))?;
        let (value, shape) = body(self)?;
        self.path.pop();
        self.minimal = minimal;
        self.out = Some(if recursive {
            Shape::Recursive(name)
        } else {
            shape
        });
        Ok(value)
    }

    /// The variant of an enum to read: the next one not seen yet or, all seen, the next whose
    /// data holds an enum (which may still have variants to see).
    fn choose(&mut self, key: EnumKey) -> usize {
        let n = key.1.len();
        let seen = self.enums.entry(key).or_insert_with(|| vec![None; n]);
        let cursor = self.cursors.entry(key).or_insert(0);
        let order = (0..n).map(|i| (*cursor + i) % n);
        let pick = order
            .clone()
            .find(|&i| seen[i].is_none())
            .or_else(|| {
                order
                    .clone()
                    .find(|&i| seen[i].as_ref().is_some_and(holds_enum))
            })
            .unwrap_or(*cursor % n);
        *cursor = pick + 1;
        pick
    }

    /// The variant of a recursive enum to read to end the recursion: the first not already
    /// being read.
    fn choose_minimal(&self, name: &'static str, n: usize) -> Res<usize> {
        let on_path = |i| {
            (self.path.iter())
                .any(|f| matches!(f, Frame::Variant(e, j, _) if *e == name && *j == i))
        };
        (0..n).find(|&i| !on_path(i)).ok_or_else(|| {
            self.unsupported(format!(
                "the enum {name} is recursive and none of its variants ends the recursion"
            ))
        })
    }

    /// Reads a struct (or struct variant) by feeding `v` each of its fields.
    fn fields<'de, V: Visitor<'de>>(
        &mut self,
        container: &'static str,
        names: &'static [&'static str],
        v: V,
    ) -> Res<(V::Value, NamedShapes)> {
        let mut access = Fields {
            t: self,
            container,
            names,
            next: 0,
            key: None,
            fields: Vec::new(),
        };
        match v.visit_map(&mut access) {
            Ok(value) => Ok((value, access.fields)),
            Err(TraceError {
                kind: Kind::Duplicate(primary),
                ..
            }) => {
                // Serde lists a field's aliases beside its name, so the name just fed and the
                // one fed before it belong to the same field: keep only the field's own name.
                let fed = access.key;
                let before = access.fields.last().map(|f| f.0);
                let mut skip: Vec<_> = [fed, before].into_iter().flatten().collect();
                skip.retain(|n| *n != primary);
                if skip.is_empty() {
                    skip.extend(fed);
                }
                for name in skip {
                    self.aliases.insert((container, names, name));
                }
                Err(self.error(Kind::Retry, format!("{primary} has aliases")))
            }
            Err(e) => Err(e),
        }
    }

    /// Reads up to `len` elements, each at the frame `frame(index)`.
    fn elements<'de, V: Visitor<'de>>(
        &mut self,
        len: usize,
        frame: fn(usize) -> Frame,
        v: V,
    ) -> Res<(V::Value, Vec<Shape>)> {
        let mut access = Elements {
            t: self,
            len,
            frame,
            shapes: Vec::new(),
        };
        let value = v.visit_seq(&mut access)?;
        Ok((value, access.shapes))
    }

    /// Replaces each enum in `shape` by every variant seen of it.
    fn fill(&self, shape: &mut Shape, expanding: &mut Vec<EnumKey>) -> Res<()> {
        let Shape::Enum(name, variants) = &mut *shape else {
            return shape
                .children_mut()
                .try_for_each(|c| self.fill(c, expanding));
        };
        let names = variants.iter().map(|v| v.0);
        let Some((&key, seen)) = (self.enums.iter())
            .find(|(k, _)| k.0 == *name && names.clone().eq(k.1.iter().copied()))
        else {
            return Err(self.unsupported(format!("the enum {name} was never read")));
        };
        if expanding.contains(&key) {
            let name = key.0;
            *shape = Shape::Recursive(name);
            return Ok(());
        }
        expanding.push(key);
        for ((variant, data), seen) in variants.iter_mut().zip(seen) {
            let mut found = seen.clone().ok_or_else(|| {
                self.unsupported(format!("the variant {name}::{variant} was never read"))
            })?;
            found
                .children_mut()
                .try_for_each(|c| self.fill(c, expanding))?;
            *data = found;
        }
        expanding.pop();
        Ok(())
    }
}

fn holds_enum(v: &VariantShape) -> bool {
    fn any(s: &Shape) -> bool {
        matches!(s, Shape::Enum(..)) || s.children().into_iter().any(any)
    }
    v.children().into_iter().any(any)
}

impl Shape {
    fn children(&self) -> Vec<&Shape> {
        match self {
            Shape::Option(s) | Shape::Seq(s) | Shape::NewtypeStruct(_, s) => vec![s],
            Shape::Map { key, value } => vec![key, value],
            Shape::Tuple(v) | Shape::TupleStruct(_, v) => v.iter().collect(),
            Shape::Struct(_, f) => f.iter().map(|f| &f.1).collect(),
            Shape::Enum(_, v) => v.iter().flat_map(|v| v.1.children()).collect(),
            _ => Vec::new(),
        }
    }

    fn children_mut(&mut self) -> std::vec::IntoIter<&mut Shape> {
        match self {
            Shape::Option(s) | Shape::Seq(s) | Shape::NewtypeStruct(_, s) => vec![&mut **s],
            Shape::Map { key, value } => vec![&mut **key, &mut **value],
            Shape::Tuple(v) | Shape::TupleStruct(_, v) => v.iter_mut().collect(),
            Shape::Struct(_, f) => f.iter_mut().map(|f| &mut f.1).collect(),
            Shape::Enum(_, v) => v.iter_mut().flat_map(|v| v.1.children_mut()).collect(),
            _ => Vec::new(),
        }
        .into_iter()
    }
}

impl VariantShape {
    fn children(&self) -> Vec<&Shape> {
        match self {
            VariantShape::Unit => Vec::new(),
            VariantShape::Newtype(s) => vec![s],
            VariantShape::Tuple(v) => v.iter().collect(),
            VariantShape::Struct(f) => f.iter().map(|f| &f.1).collect(),
        }
    }

    fn children_mut(&mut self) -> std::vec::IntoIter<&mut Shape> {
        match self {
            VariantShape::Unit => Vec::new(),
            VariantShape::Newtype(s) => vec![s],
            VariantShape::Tuple(v) => v.iter_mut().collect(),
            VariantShape::Struct(f) => f.iter_mut().map(|f| &mut f.1).collect(),
        }
        .into_iter()
    }
}

/// A path as `Config.jobs[].kind::Build.0`.
fn describe(path: &[Frame]) -> String {
    let mut out = String::new();
    for frame in path {
        match frame {
            Frame::Named(n) if out.is_empty() => out.push_str(n),
            Frame::Named(_) | Frame::Some => {}
            Frame::Field(f) => out.push_str(&format!(".{f}")),
            Frame::Variant(_, _, v) => out.push_str(&format!("::{v}")),
            Frame::Index(i) => out.push_str(&format!(".{i}")),
            Frame::Elem => out.push_str("[]"),
            Frame::Key => out.push_str("{key}"),
            Frame::Value => out.push_str("{value}"),
        }
    }
    match out.is_empty() {
        true => "the top level".to_owned(),
        false => out,
    }
}

macro_rules! primitives {
    ($($method:ident $visit:ident $what:literal $shape:ident $samples:expr;)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
            self.out = Some(Shape::$shape);
            v.$visit(self.pick($what, $samples))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Tracer {
    type Error = TraceError;

    fn is_human_readable(&self) -> bool {
        true
    }

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Res<V::Value> {
        Err(self.unsupported(SELF_DESCRIBING))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        // A struct's field its impl skips is left out; anywhere else the shape is unknowable.
        if !matches!(self.path.last(), Some(Frame::Field(_))) {
            return Err(self.unsupported(
                "its Deserialize impl ignores part of its input (deserialize_ignored_any), so \
                 the shape of that part cannot be known",
            ));
        }
        self.ignored = true;
        v.visit_unit()
    }

    primitives! {
        deserialize_bool visit_bool "bool" Bool BOOLS;
        deserialize_i8 visit_i8 "i8" I8 &[1, 0, i8::MAX, i8::MIN];
        deserialize_i16 visit_i16 "i16" I16 &[1, 0, i16::MAX, i16::MIN];
        deserialize_i32 visit_i32 "i32" I32 &[1, 0, i32::MAX, i32::MIN];
        deserialize_i64 visit_i64 "i64" I64 &[1, 0, i64::MAX, i64::MIN];
        deserialize_i128 visit_i128 "i128" I128 &[1, 0, i128::MAX, i128::MIN];
        deserialize_u8 visit_u8 "u8" U8 &[1, 0, u8::MAX];
        deserialize_u16 visit_u16 "u16" U16 &[1, 0, u16::MAX];
        deserialize_u32 visit_u32 "u32" U32 &[1, 0, u32::MAX];
        deserialize_u64 visit_u64 "u64" U64 &[1, 0, u64::MAX];
        deserialize_u128 visit_u128 "u128" U128 &[1, 0, u128::MAX];
        deserialize_f32 visit_f32 "f32" F32 &[1.0, 0.0, 0.5, -1.0];
        deserialize_f64 visit_f64 "f64" F64 &[1.0, 0.0, 0.5, -1.0];
        deserialize_char visit_char "char" Char CHARS;
        deserialize_str visit_str "string" Str STRINGS;
        deserialize_identifier visit_str "identifier" Str IDENTIFIERS;
        deserialize_bytes visit_bytes "bytes" Bytes BYTES;
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        self.deserialize_str(v)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        self.deserialize_bytes(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        if self.minimal {
            self.out = Some(Shape::Option(Box::new(Shape::Unit)));
            return v.visit_none();
        }
        self.push(Frame::Some)?;
        let value = v.visit_some(&mut *self)?;
        let inner = self.take_out()?;
        self.path.pop();
        self.out = Some(Shape::Option(Box::new(inner)));
        Ok(value)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        self.out = Some(Shape::Unit);
        v.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, v: V) -> Res<V::Value> {
        self.out = Some(Shape::UnitStruct(name));
        v.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Res<V::Value> {
        self.named(name, |t| {
            let value = v.visit_newtype_struct(&mut *t)?;
            Ok((value, Shape::NewtypeStruct(name, Box::new(t.take_out()?))))
        })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        let len = if self.minimal { 0 } else { 1 };
        let (value, mut items) = self.elements(len, |_| Frame::Elem, v)?;
        let item = match items.pop() {
            Some(item) => item,
            None if self.minimal => Shape::Unit,
            None => {
                return Err(self.unsupported(
                    "its Deserialize impl reads a sequence without reading its elements",
                ));
            }
        };
        self.out = Some(Shape::Seq(Box::new(item)));
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Res<V::Value> {
        let (value, items) = self.elements(len, Frame::Index, v)?;
        self.out = Some(Shape::Tuple(items));
        Ok(value)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        v: V,
    ) -> Res<V::Value> {
        self.named(name, |t| {
            let (value, items) = t.elements(len, Frame::Index, v)?;
            Ok((value, Shape::TupleStruct(name, items)))
        })
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        let mut access = Entry {
            left: !self.minimal,
            t: self,
            key: None,
            value: None,
        };
        let value = v.visit_map(&mut access)?;
        let shape = match (access.key, access.value) {
            (Some(key), Some(value)) => Shape::Map {
                key: Box::new(key),
                value: Box::new(value),
            },
            _ if self.minimal => Shape::Map {
                key: Box::new(Shape::Unit),
                value: Box::new(Shape::Unit),
            },
            _ => {
                return Err(self
                    .unsupported("its Deserialize impl reads a map without reading its entries"));
            }
        };
        self.out = Some(shape);
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Res<V::Value> {
        self.named(name, |t| {
            let (value, fields) = t.fields(name, fields, v)?;
            Ok((value, Shape::Struct(name, fields)))
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Res<V::Value> {
        if variants.is_empty() {
            return Err(self.unsupported(format!(
                "the enum {name} has no variants, so no value of it can be read"
            )));
        }
        // An adjacently tagged enum reads itself as a struct whose tag field is the enum.
        if let [.., Frame::Named(outer), Frame::Field(_)] = self.path[..]
            && outer == name
        {
            return Err(self.unsupported(format!(
                "the enum {name} is adjacently tagged (#[serde(tag, content)]): the shape of \
                 its content depends on its tag"
            )));
        }
        self.named(name, |t| {
            let record = !t.minimal;
            let index = match record {
                true => t.choose((name, variants)),
                false => t.choose_minimal(name, variants.len())?,
            };
            let variant = variants[index];
            t.push(Frame::Variant(name, index, variant))?;
            let value = v.visit_enum(Variant {
                t: &mut *t,
                name: variant,
            })?;
            let data = t.variant_out.take().ok_or_else(|| {
                t.unsupported("its Deserialize impl reads a variant but not its data")
            })?;
            t.path.pop();
            if record && let Some(seen) = t.enums.get_mut(&(name, variants)) {
                seen[index].get_or_insert(data);
            }
            let placeholder = variants.iter().map(|v| (*v, VariantShape::Unit));
            Ok((value, Shape::Enum(name, placeholder.collect())))
        })
    }
}

/// A struct's fields, fed by name.
struct Fields<'a> {
    t: &'a mut Tracer,
    container: &'static str,
    names: &'static [&'static str],
    next: usize,
    key: Option<&'static str>,
    fields: NamedShapes,
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = TraceError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Res<Option<K::Value>> {
        while let Some(&name) = self.names.get(self.next) {
            self.next += 1;
            let alias = (self.container, self.names, name);
            if self.t.aliases.is_empty() || !self.t.aliases.contains(&alias) {
                self.key = Some(name);
                return seed.deserialize(name.into_deserializer()).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Res<S::Value> {
        let Some(name) = self.key else {
            return Err(self
                .t
                .unsupported("its Deserialize impl reads a value before its key"));
        };
        self.t.push(Frame::Field(name))?;
        let value = seed.deserialize(&mut *self.t)?;
        if !std::mem::take(&mut self.t.ignored) {
            self.fields.push((name, self.t.take_out()?));
        }
        self.t.path.pop();
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.names.len().saturating_sub(self.next))
    }
}

/// The elements of a sequence or tuple.
struct Elements<'a> {
    t: &'a mut Tracer,
    len: usize,
    frame: fn(usize) -> Frame,
    shapes: Vec<Shape>,
}

impl<'de> SeqAccess<'de> for Elements<'_> {
    type Error = TraceError;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Res<Option<S::Value>> {
        if self.shapes.len() >= self.len {
            return Ok(None);
        }
        self.t.push((self.frame)(self.shapes.len()))?;
        let value = seed.deserialize(&mut *self.t)?;
        self.shapes.push(self.t.take_out()?);
        self.t.path.pop();
        Ok(Some(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.len.saturating_sub(self.shapes.len()))
    }
}

/// The one entry of a map (none inside a recursive type).
struct Entry<'a> {
    t: &'a mut Tracer,
    left: bool,
    key: Option<Shape>,
    value: Option<Shape>,
}

impl<'de> MapAccess<'de> for Entry<'_> {
    type Error = TraceError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Res<Option<K::Value>> {
        if !std::mem::take(&mut self.left) {
            return Ok(None);
        }
        self.t.push(Frame::Key)?;
        let key = seed.deserialize(&mut *self.t)?;
        self.key = Some(self.t.take_out()?);
        self.t.path.pop();
        Ok(Some(key))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Res<S::Value> {
        self.t.push(Frame::Value)?;
        let value = seed.deserialize(&mut *self.t)?;
        self.value = Some(self.t.take_out()?);
        self.t.path.pop();
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(usize::from(self.left))
    }
}

/// The variant of an enum chosen for this pass, fed by name.
struct Variant<'a> {
    t: &'a mut Tracer,
    name: &'static str,
}

impl<'de> EnumAccess<'de> for Variant<'_> {
    type Error = TraceError;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Res<(S::Value, Self)> {
        let value = seed.deserialize(self.name.into_deserializer())?;
        Ok((value, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'_> {
    type Error = TraceError;

    fn unit_variant(self) -> Res<()> {
        self.t.variant_out = Some(VariantShape::Unit);
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Res<S::Value> {
        let value = seed.deserialize(&mut *self.t)?;
        self.t.variant_out = Some(VariantShape::Newtype(self.t.take_out()?));
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Res<V::Value> {
        let (value, items) = self.t.elements(len, Frame::Index, v)?;
        self.t.variant_out = Some(VariantShape::Tuple(items));
        Ok(value)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Res<V::Value> {
        let (value, fields) = self.t.fields(self.name, fields, v)?;
        self.t.variant_out = Some(VariantShape::Struct(fields));
        Ok(value)
    }
}

#[cfg(test)]
#[path = "shape_tests.rs"]
mod tests;
