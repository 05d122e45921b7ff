//! Reading a `PodSpec` from JSON or YAML, with every problem at its path.
//!
//! k8s-openapi skips fields it does not know, which would let `resoures:` vanish without a word;
//! Kubernetes' strict field validation (`kubectl apply --validate=strict`) refuses them. So the
//! spec is read through [`Strict`], a deserializer over a `serde_json::Value` that sees the field
//! list each k8s-openapi type hands to `deserialize_struct` and records every key outside it. The
//! list is k8s-openapi's own, so it always matches the Kubernetes version the build selected.
//!
//! Deserialization stops at the first wrong type. To report them all, the offending value is cut
//! out of a working copy and the spec read again, until it reads or nothing is left to cut; paths
//! found in the working copy are mapped back to the input's own array indices.

use std::cell::RefCell;
use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::PodSpec;
use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde_json::{Map, Value};

use crate::{JsonPath, Segment, SpecError};

/// The most times a spec is read again after cutting out a wrong value; a spec with more type
/// errors than this reports the first ones.
const MAX_PASSES: usize = 256;

/// Reads a Kubernetes `PodSpec` from a JSON value (as written inline, or read from a YAML or
/// JSON file), refusing what Kubernetes' strict field validation refuses.
///
/// Every problem is reported, each at its path: unknown fields (with the nearest known field of
/// that object, e.g. `nodeSelecter` → `nodeSelector`), values of the wrong type, and missing
/// required fields (a container without `name`). The values themselves are checked by
/// [`check`](crate::check).
///
/// The spec's own `containers` may be left out: the primary container is added to it when the
/// task's pod is made.
///
/// ```
/// use podtask_podspec::from_value;
/// let spec = from_value(&serde_json::json!({"containers": [{"name": "main"}]})).unwrap();
/// assert_eq!(spec.containers[0].name, "main");
///
/// let errors = from_value(&serde_json::json!({
///     "containers": [{"name": "main", "resoures": {}}],
///     "nodeSelecter": {"disk": "ssd"}
/// })).unwrap_err();
/// let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
/// assert_eq!(shown, [
///     "containers[0].resoures: unknown field `resoures` in Container; did you mean `resources`?",
///     "nodeSelecter: unknown field `nodeSelecter` in PodSpec; did you mean `nodeSelector`?",
/// ]);
/// ```
pub fn from_value(value: &Value) -> Result<PodSpec, Vec<SpecError>> {
    let mut work = value.clone();
    let mut cuts = Cuts::default();
    let mut errors = Vec::new();
    let mut unknown: Vec<SpecError> = Vec::new();
    let mut seen_unknown = BTreeSet::new();
    for _ in 0..MAX_PASSES {
        let seen = RefCell::new(Seen::default());
        let result = serde_path_to_error::deserialize::<_, PodSpec>(Strict {
            value: &work,
            path: JsonPath::root(),
            seen: &seen,
        });
        let seen = seen.into_inner();
        for field in seen.unknown {
            let path = cuts.original(&field.path);
            if seen_unknown.insert(path.clone()) {
                unknown.push(unknown_field_error(path, &field));
            }
        }
        match result {
            Ok(spec) => {
                errors.extend(missing_fields(&work, &spec, &seen.structs, &cuts));
                if errors.is_empty() && unknown.is_empty() {
                    return Ok(spec);
                }
                break;
            }
            Err(e) => {
                let at = convert_path(e.path());
                let message = e.into_inner().to_string();
                let original = cuts.original(&at);
                errors.push(SpecError::new(original.clone(), message));
                if at.is_root() || !cuts.cut(&mut work, &at, original) {
                    break;
                }
            }
        }
    }
    errors.extend(unknown);
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    Err(errors)
}

/// What a reading of the spec saw besides the value it built.
#[derive(Default)]
struct Seen {
    /// Keys that the struct they are in does not have.
    unknown: Vec<UnknownField>,
    /// Every object read as a struct, and the struct's name.
    structs: Vec<(JsonPath, &'static str)>,
}

/// Required fields the input leaves out.
///
/// k8s-openapi fills a missing required field with its default instead of failing, and always
/// writes required fields back while it skips absent optional ones. So a key that the spec,
/// written back, has in a struct and the input has not is a required field the input left out.
fn missing_fields(
    work: &Value,
    spec: &PodSpec,
    structs: &[(JsonPath, &'static str)],
    cuts: &Cuts,
) -> Vec<SpecError> {
    let Ok(written) = serde_json::to_value(spec) else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for (path, type_name) in structs {
        let (Some(Value::Object(given)), Some(Value::Object(full))) =
            (lookup(work, &path.0), lookup(&written, &path.0))
        else {
            continue;
        };
        for key in full.keys().filter(|k| !given.contains_key(*k)) {
            let original = cuts.original(&path.clone().key(key.as_str()));
            // A wrong value cut out was reported already; the primary container is added to
            // `containers` when the pod is made.
            if cuts.members.contains(&original) || original == JsonPath::root().key("containers") {
                continue;
            }
            errors.push(SpecError::new(
                original,
                format!("Required value: missing field `{key}` in {type_name}"),
            ));
        }
    }
    errors
}

fn lookup<'v>(mut value: &'v Value, path: &[Segment]) -> Option<&'v Value> {
    for segment in path {
        value = match (value, segment) {
            (Value::Object(map), Segment::Key(k)) => map.get(k)?,
            (Value::Array(items), Segment::Index(i)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

/// A key that the k8s-openapi type at its place does not have.
struct UnknownField {
    path: JsonPath,
    type_name: &'static str,
    known: &'static [&'static str],
}

fn unknown_field_error(path: JsonPath, field: &UnknownField) -> SpecError {
    let key = path.last_key().unwrap_or_default().to_owned();
    let mut message = format!("unknown field `{key}` in {}", field.type_name);
    if let Some(near) = podtask_rules::suggest::did_you_mean(&key, field.known.iter().copied()) {
        message.push_str(&format!("; did you mean `{near}`?"));
    } else if field.known.len() <= 12 {
        let list: Vec<String> = field.known.iter().map(|k| format!("`{k}`")).collect();
        message.push_str(&format!("; expected one of {}", list.join(", ")));
    }
    SpecError::on_key(path, message)
}

fn convert_path(path: &serde_path_to_error::Path) -> JsonPath {
    use serde_path_to_error::Segment as S;
    path.iter()
        .filter_map(|s| match s {
            S::Seq { index } => Some(Segment::Index(*index)),
            S::Map { key } => Some(Segment::Key(key.clone())),
            S::Enum { variant } => Some(Segment::Key(variant.clone())),
            S::Unknown => None,
        })
        .collect()
}

/// The values cut out of the working copy so far.
#[derive(Default)]
struct Cuts {
    /// Array elements removed, in order: the array's path and the index, both as they were in
    /// the working copy just before the removal.
    elements: Vec<(JsonPath, usize)>,
    /// Object members removed, at their path in the input.
    members: BTreeSet<JsonPath>,
}

impl Cuts {
    /// The path in the input of a value at `path` in the working copy: undo the removals of
    /// array elements, latest first.
    fn original(&self, path: &JsonPath) -> JsonPath {
        let mut segments = path.0.clone();
        for (array, index) in self.elements.iter().rev() {
            let n = array.0.len();
            if segments.len() > n
                && segments[..n] == array.0[..]
                && let Segment::Index(i) = &mut segments[n]
                && *i >= *index
            {
                *i += 1;
            }
        }
        JsonPath(segments)
    }

    /// Removes the value at `path` (in the working copy) from it. Returns false when there was
    /// nothing to remove, so that reading would fail the same way again.
    fn cut(&mut self, work: &mut Value, path: &JsonPath, original: JsonPath) -> bool {
        let Some((last, parent)) = path.0.split_last() else {
            return false;
        };
        let Some(holder) = lookup_mut(work, parent) else {
            return false;
        };
        match (holder, last) {
            (Value::Object(map), Segment::Key(k)) => {
                self.members.insert(original);
                map.remove(k).is_some()
            }
            (Value::Array(items), Segment::Index(i)) if *i < items.len() => {
                items.remove(*i);
                self.elements.push((JsonPath(parent.to_vec()), *i));
                true
            }
            _ => false,
        }
    }
}

fn lookup_mut<'v>(mut value: &'v mut Value, path: &[Segment]) -> Option<&'v mut Value> {
    for segment in path {
        value = match (value, segment) {
            (Value::Object(map), Segment::Key(k)) => map.get_mut(k)?,
            (Value::Array(items), Segment::Index(i)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

/// A deserializer over a JSON value that records, at their paths, the keys of objects read as
/// structs that the struct does not have. Leaves are left to `serde_json`'s own deserializer, so
/// type errors read as `serde_json` writes them.
struct Strict<'a> {
    value: &'a Value,
    path: JsonPath,
    seen: &'a RefCell<Seen>,
}

impl<'a> Strict<'a> {
    fn child(&self, value: &'a Value, segment: Segment) -> Strict<'a> {
        let mut path = self.path.clone();
        path.0.push(segment);
        Strict {
            value,
            path,
            seen: self.seen,
        }
    }
}

macro_rules! leaves {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.value.$method(visitor)
        }
    )*};
}

impl<'a> Deserializer<'a> for Strict<'a> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Array(items) => visitor.visit_seq(Seq::new(self, items)),
            Value::Object(map) => visitor.visit_map(Members::new(self, map)),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Array(items) => visitor.visit_seq(Seq::new(self, items)),
            other => other.deserialize_seq(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Object(map) => visitor.visit_map(Members::new(self, map)),
            other => other.deserialize_map(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Object(map) => {
                let mut seen = self.seen.borrow_mut();
                for key in map.keys().filter(|k| !fields.contains(&k.as_str())) {
                    seen.unknown.push(UnknownField {
                        path: self.path.clone().key(key.as_str()),
                        type_name: name,
                        known: fields,
                    });
                }
                seen.structs.push((self.path.clone(), name));
                drop(seen);
                visitor.visit_map(Members::new(self, map))
            }
            other => other.deserialize_struct(name, fields, visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.value.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.value.deserialize_unit_struct(name, visitor)
    }

    leaves! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
        deserialize_identifier
    }
}

/// The elements of an array, each read with its index on the path.
struct Seq<'a> {
    parent: Strict<'a>,
    items: std::iter::Enumerate<std::slice::Iter<'a, Value>>,
}

impl<'a> Seq<'a> {
    fn new(parent: Strict<'a>, items: &'a [Value]) -> Self {
        Seq {
            parent,
            items: items.iter().enumerate(),
        }
    }
}

impl<'a> de::SeqAccess<'a> for Seq<'a> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        match self.items.next() {
            Some((i, item)) => seed
                .deserialize(self.parent.child(item, Segment::Index(i)))
                .map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The members of an object, each value read with its key on the path.
struct Members<'a> {
    parent: Strict<'a>,
    entries: serde_json::map::Iter<'a>,
    value: Option<(&'a String, &'a Value)>,
}

impl<'a> Members<'a> {
    fn new(parent: Strict<'a>, map: &'a Map<String, Value>) -> Self {
        Members {
            parent,
            entries: map.iter(),
            value: None,
        }
    }
}

impl<'a> de::MapAccess<'a> for Members<'a> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some((key, value));
                let key = de::value::BorrowedStrDeserializer::<serde_json::Error>::new(key);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some((key, value)) => {
                seed.deserialize(self.parent.child(value, Segment::Key(key.clone())))
            }
            None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Reads YAML text (a file holding a pod spec) into a JSON value. A syntax error names its line
/// and column.
///
/// ```
/// use podtask_podspec::from_yaml;
/// let v = from_yaml("containers:\n  - name: main\n").unwrap();
/// assert_eq!(v["containers"][0]["name"], "main");
/// let e = from_yaml("containers:\n  - name: main\n   image: x\n").unwrap_err();
/// assert!(e.message.contains("line 3"), "{e}");
/// ```
pub fn from_yaml(text: &str) -> Result<Value, SpecError> {
    serde_norway::from_str::<Value>(text).map_err(|e| {
        let message = match e.location() {
            Some(at) => format!(
                "invalid YAML at line {}, column {}: {}",
                at.line(),
                at.column(),
                strip_position(&e.to_string())
            ),
            None => format!("invalid YAML: {e}"),
        };
        SpecError::new(JsonPath::root(), message)
    })
}

/// Reads JSON text (a file holding a pod spec) into a JSON value. A syntax error names its line
/// and column.
///
/// ```
/// use podtask_podspec::from_json_text;
/// assert!(from_json_text(r#"{"containers": []}"#).is_ok());
/// let e = from_json_text("{\n  \"containers\": [,]\n}").unwrap_err();
/// assert_eq!(e.message, "invalid JSON at line 2, column 18: expected value");
/// ```
pub fn from_json_text(text: &str) -> Result<Value, SpecError> {
    serde_json::from_str::<Value>(text).map_err(|e| {
        let message = format!(
            "invalid JSON at line {}, column {}: {}",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        );
        SpecError::new(JsonPath::root(), message)
    })
}

/// The message of a parser's error without the position it appends, which is given in front.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}
