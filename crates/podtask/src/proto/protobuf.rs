//! The `google.protobuf` well-known types flyteidl uses: `Struct`, `Value`, `ListValue`,
//! `NullValue`, `Timestamp`, `Duration`, `BoolValue`.

use std::collections::BTreeMap;

/// A JSON object: `google.protobuf.Struct`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Struct {
    /// The members, by key (field 1).
    #[prost(btree_map = "string, message", tag = "1")]
    pub fields: BTreeMap<String, Value>,
}

/// A JSON value: `google.protobuf.Value`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Value {
    /// The value; `None` is not valid JSON, parsers refuse it.
    #[prost(oneof = "value::Kind", tags = "1, 2, 3, 4, 5, 6")]
    pub kind: Option<value::Kind>,
}

/// The oneof of [`Value`].
pub mod value {
    /// Which JSON value a [`Value`](super::Value) is: its `kind` oneof.
    #[derive(Clone, PartialEq, ::prost::Oneof)]
    pub enum Kind {
        /// `null` (field 1).
        #[prost(enumeration = "super::NullValue", tag = "1")]
        NullValue(i32),
        /// A number (field 2).
        #[prost(double, tag = "2")]
        NumberValue(f64),
        /// A string (field 3).
        #[prost(string, tag = "3")]
        StringValue(String),
        /// `true` or `false` (field 4).
        #[prost(bool, tag = "4")]
        BoolValue(bool),
        /// An object (field 5).
        #[prost(message, tag = "5")]
        StructValue(super::Struct),
        /// An array (field 6).
        #[prost(message, tag = "6")]
        ListValue(super::ListValue),
    }
}

/// A JSON array: `google.protobuf.ListValue`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct ListValue {
    /// The items (field 1).
    #[prost(message, repeated, tag = "1")]
    pub values: Vec<Value>,
}

proto_enum! {
    /// JSON `null`: `google.protobuf.NullValue`.
    NullValue {
        /// `null`.
        NullValue = 0 => "NULL_VALUE",
    }
}

/// A point in time: `google.protobuf.Timestamp`, seconds and nanoseconds since the Unix epoch.
#[derive(Clone, Copy, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Timestamp {
    /// Whole seconds since 1970-01-01T00:00:00Z (field 1).
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    /// Nanoseconds within the second, `0..=999_999_999` (field 2).
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

/// A span of time: `google.protobuf.Duration`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Duration {
    /// Whole seconds (field 1).
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    /// Nanoseconds, with the sign of `seconds` (field 2).
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

/// A `bool` that can be absent: `google.protobuf.BoolValue`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, ::prost::Message)]
pub struct BoolValue {
    /// The value (field 1).
    #[prost(bool, tag = "1")]
    pub value: bool,
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        use serde_json::Value as J;
        let kind = match v {
            J::Null => value::Kind::NullValue(NullValue::NullValue as i32),
            // `as_f64` is `Some` for every JSON number serde_json holds.
            J::Number(n) => value::Kind::NumberValue(n.as_f64().unwrap_or(f64::NAN)),
            J::String(s) => value::Kind::StringValue(s),
            J::Bool(b) => value::Kind::BoolValue(b),
            J::Array(items) => value::Kind::ListValue(ListValue {
                values: items.into_iter().map(Value::from).collect(),
            }),
            J::Object(map) => value::Kind::StructValue(Struct::from(map)),
        };
        Value { kind: Some(kind) }
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Struct {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        Struct {
            fields: map.into_iter().map(|(k, v)| (k, Value::from(v))).collect(),
        }
    }
}

impl Struct {
    /// The object as JSON. Numbers that are not finite (which JSON cannot hold) become `null`,
    /// as a `Value` holding no kind does.
    pub fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        self.fields
            .iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect()
    }
}

impl Value {
    /// The value as JSON (see [`Struct::to_json`]).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.kind {
            None | Some(value::Kind::NullValue(_)) => J::Null,
            Some(value::Kind::NumberValue(n)) => {
                serde_json::Number::from_f64(*n).map_or(J::Null, J::Number)
            }
            Some(value::Kind::StringValue(s)) => J::String(s.clone()),
            Some(value::Kind::BoolValue(b)) => J::Bool(*b),
            Some(value::Kind::StructValue(s)) => J::Object(s.to_json()),
            Some(value::Kind::ListValue(l)) => {
                J::Array(l.values.iter().map(Value::to_json).collect())
            }
        }
    }
}
