//! `flyteidl/core/literals.proto`: the values that flow between tasks.

use std::collections::BTreeMap;

use super::{BlobType, LiteralType, SchemaType, StructuredDatasetType};
use crate::protobuf::{Duration, Timestamp};

message! {
    /// A single value of a simple type: `core.Primitive`.
    Primitive {
        /// The value.
        value: oneof(primitive::Value),
    }
}

/// The oneof of [`Primitive`].
pub mod primitive {
    use crate::protobuf::{Duration, Timestamp};

    oneof! {
        /// The `value` oneof of a [`Primitive`](super::Primitive).
        Value {
            /// A 64-bit signed integer (field 1).
            Integer: int64 = 1 "integer",
            /// A 64-bit float (field 2).
            FloatValue: double = 2 "floatValue",
            /// A string (field 3).
            StringValue: string = 3 "stringValue",
            /// A boolean (field 4).
            Boolean: bool = 4 "boolean",
            /// A point in time (field 5).
            Datetime: message(Timestamp) = 5 "datetime",
            /// A span of time (field 6).
            Duration: message(Duration) = 6 "duration",
        }
    }
}

impl Primitive {
    /// An integer.
    pub fn integer(v: i64) -> Self {
        Primitive {
            value: Some(primitive::Value::Integer(v)),
        }
    }

    /// A float.
    pub fn float(v: f64) -> Self {
        Primitive {
            value: Some(primitive::Value::FloatValue(v)),
        }
    }

    /// A string.
    pub fn string(v: impl Into<String>) -> Self {
        Primitive {
            value: Some(primitive::Value::StringValue(v.into())),
        }
    }

    /// A boolean.
    pub fn boolean(v: bool) -> Self {
        Primitive {
            value: Some(primitive::Value::Boolean(v)),
        }
    }

    /// A point in time.
    pub fn datetime(v: Timestamp) -> Self {
        Primitive {
            value: Some(primitive::Value::Datetime(v)),
        }
    }

    /// A span of time.
    pub fn duration(v: Duration) -> Self {
        Primitive {
            value: Some(primitive::Value::Duration(v)),
        }
    }
}

message! {
    /// No value, the value of the `NONE` type: `core.Void`.
    #[derive(Copy, Eq, Hash)]
    Void {}
}

message! {
    /// A file or directory at a URI: `core.Blob`.
    Blob {
        /// Its type (field 1).
        metadata: message(BlobMetadata) = 1 "metadata",
        /// Where it is (field 3).
        uri: string = 3 "uri",
    }
}

message! {
    /// The type of a [`Blob`]: `core.BlobMetadata`.
    BlobMetadata {
        /// The blob type (field 1).
        r#type: message(BlobType) = 1 "type",
    }
}

message! {
    /// Bytes with a tag saying how to read them: `core.Binary`.
    #[derive(Eq, Hash)]
    Binary {
        /// The bytes (field 1).
        value: bytes = 1 "value",
        /// How they are encoded, such as `msgpack` (field 2).
        tag: string = 2 "tag",
    }
}

message! {
    /// A table at a URI (deprecated by flyteidl for [`StructuredDataset`]): `core.Schema`.
    Schema {
        /// Where it is (field 1).
        uri: string = 1 "uri",
        /// Its columns (field 3).
        r#type: message(SchemaType) = 3 "type",
    }
}

message! {
    /// The value of a union and the variant it is: `core.Union`.
    Union {
        /// The value (field 1).
        value: message(Box<Literal>) = 1 "value",
        /// The variant's type, with its structure tag (field 2).
        r#type: message(LiteralType) = 2 "type",
    }
}

message! {
    /// The type of a [`StructuredDataset`]: `core.StructuredDatasetMetadata`.
    StructuredDatasetMetadata {
        /// The dataset type (field 1).
        structured_dataset_type: message(StructuredDatasetType) = 1 "structuredDatasetType",
    }
}

message! {
    /// A dataset at a URI: `core.StructuredDataset`.
    StructuredDataset {
        /// Where it is (field 1).
        uri: string = 1 "uri",
        /// Its type (field 2).
        metadata: message(StructuredDatasetMetadata) = 2 "metadata",
    }
}

message! {
    /// A single value: `core.Scalar`.
    Scalar {
        /// The value.
        value: oneof(scalar::Value),
    }
}

/// The oneof of [`Scalar`].
pub mod scalar {
    use crate::protobuf::Struct;

    oneof! {
        /// The `value` oneof of a [`Scalar`](super::Scalar).
        Value {
            /// A primitive (field 1).
            Primitive: message(super::Primitive) = 1 "primitive",
            /// A file or directory (field 2).
            Blob: message(super::Blob) = 2 "blob",
            /// Bytes (field 3).
            Binary: message(super::Binary) = 3 "binary",
            /// A schema (field 4).
            Schema: message(super::Schema) = 4 "schema",
            /// No value (field 5).
            NoneType: message(super::Void) = 5 "noneType",
            /// An error (field 6).
            Error: message(super::super::Error) = 6 "error",
            /// A JSON object (field 7).
            Generic: message(Struct) = 7 "generic",
            /// A structured dataset (field 8).
            StructuredDataset: message(super::StructuredDataset) = 8 "structuredDataset",
            /// A union value (field 9).
            Union: message(super::Union) = 9 "union",
        }
    }
}

message! {
    /// Any value: `core.Literal`.
    Literal {
        /// The value.
        value: oneof(literal::Value),
        /// A hash of the value for caching, set by the SDK (field 4).
        hash: string = 4 "hash",
        /// Extra data about the value (field 5).
        metadata: map(string, string) = 5 "metadata",
    }
}

/// The oneof of [`Literal`].
pub mod literal {
    oneof! {
        /// The `value` oneof of a [`Literal`](super::Literal).
        Value {
            /// A single value (field 1).
            Scalar: message(super::Scalar) = 1 "scalar",
            /// A list (field 2).
            Collection: message(super::LiteralCollection) = 2 "collection",
            /// A map from strings (field 3).
            Map: message(super::LiteralMap) = 3 "map",
            /// A value stored elsewhere (field 8).
            OffloadedMetadata: message(super::LiteralOffloadedMetadata) = 8 "offloadedMetadata",
        }
    }
}

impl Literal {
    /// A literal holding `value`, with no hash or metadata.
    pub fn new(value: literal::Value) -> Self {
        Literal {
            value: Some(value),
            hash: String::new(),
            metadata: BTreeMap::new(),
        }
    }

    /// A list.
    pub fn collection(literals: Vec<Literal>) -> Self {
        Literal::new(literal::Value::Collection(LiteralCollection { literals }))
    }

    /// A map from strings.
    pub fn map(literals: BTreeMap<String, Literal>) -> Self {
        Literal::new(literal::Value::Map(LiteralMap { literals }))
    }

    /// No value (`NONE`).
    pub fn none() -> Self {
        Literal::from(Scalar {
            value: Some(scalar::Value::NoneType(Void {})),
        })
    }

    /// The value of a union: `value` as the variant of type `variant`.
    pub fn union(value: Literal, variant: LiteralType) -> Self {
        Literal::from(Scalar {
            value: Some(scalar::Value::Union(Union {
                value: Some(Box::new(value)),
                r#type: Some(variant),
            })),
        })
    }
}

impl From<Scalar> for Literal {
    fn from(scalar: Scalar) -> Self {
        Literal::new(literal::Value::Scalar(scalar))
    }
}

impl From<Primitive> for Scalar {
    fn from(primitive: Primitive) -> Self {
        Scalar {
            value: Some(scalar::Value::Primitive(primitive)),
        }
    }
}

impl From<Primitive> for Literal {
    fn from(primitive: Primitive) -> Self {
        Literal::from(Scalar::from(primitive))
    }
}

message! {
    /// Where a literal too large to inline is stored: `core.LiteralOffloadedMetadata`.
    LiteralOffloadedMetadata {
        /// Where the literal is (field 1).
        uri: string = 1 "uri",
        /// Its size in bytes (field 2).
        size_bytes: uint64 = 2 "sizeBytes",
        /// Its type (field 3).
        inferred_type: message(LiteralType) = 3 "inferredType",
    }
}

message! {
    /// A list of literals: `core.LiteralCollection`.
    LiteralCollection {
        /// The items (field 1).
        literals: repeated(message(Literal)) = 1 "literals",
    }
}

message! {
    /// Literals by name, such as a task's inputs or outputs: `core.LiteralMap`.
    LiteralMap {
        /// The literals (field 1).
        literals: map(string, message(Literal)) = 1 "literals",
    }
}

message! {
    /// A key and a value: `core.KeyValuePair`.
    #[derive(Eq, Hash)]
    KeyValuePair {
        /// The key (field 1).
        key: string = 1 "key",
        /// The value (field 2).
        value: string = 2 "value",
    }
}

message! {
    /// How often to retry: `core.RetryStrategy`.
    #[derive(Copy, Eq, Hash)]
    RetryStrategy {
        /// Retries after the first attempt (field 5).
        retries: uint32 = 5 "retries",
    }
}
