//! `flyteidl/core/literals.proto`: the values that flow between tasks.

use std::collections::BTreeMap;

use super::{BlobType, LiteralType, SchemaType, StructuredDatasetType};
use crate::proto::protobuf::{Duration, Timestamp};

/// A single value of a simple type: `core.Primitive`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Primitive {
    /// The value.
    #[prost(oneof = "primitive::Value", tags = "1, 2, 3, 4, 5, 6")]
    pub value: Option<primitive::Value>,
}

/// The oneof of [`Primitive`].
pub mod primitive {
    use crate::proto::protobuf::{Duration, Timestamp};

    /// The `value` oneof of a [`Primitive`](super::Primitive).
    #[derive(Clone, PartialEq, ::prost::Oneof)]
    pub enum Value {
        /// A 64-bit signed integer (field 1).
        #[prost(int64, tag = "1")]
        Integer(i64),
        /// A 64-bit float (field 2).
        #[prost(double, tag = "2")]
        FloatValue(f64),
        /// A string (field 3).
        #[prost(string, tag = "3")]
        StringValue(String),
        /// A boolean (field 4).
        #[prost(bool, tag = "4")]
        Boolean(bool),
        /// A point in time (field 5).
        #[prost(message, tag = "5")]
        Datetime(Timestamp),
        /// A span of time (field 6).
        #[prost(message, tag = "6")]
        Duration(Duration),
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

/// No value, the value of the `NONE` type: `core.Void`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Void {}

/// A file or directory at a URI: `core.Blob`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Blob {
    /// Its type (field 1).
    #[prost(message, optional, tag = "1")]
    pub metadata: Option<BlobMetadata>,
    /// Where it is (field 3).
    #[prost(string, tag = "3")]
    pub uri: String,
}

/// The type of a [`Blob`]: `core.BlobMetadata`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct BlobMetadata {
    /// The blob type (field 1).
    #[prost(message, optional, tag = "1")]
    pub r#type: Option<BlobType>,
}

/// Bytes with a tag saying how to read them: `core.Binary`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Binary {
    /// The bytes (field 1).
    #[prost(bytes = "vec", tag = "1")]
    pub value: Vec<u8>,
    /// How they are encoded, such as `msgpack` (field 2).
    #[prost(string, tag = "2")]
    pub tag: String,
}

/// A table at a URI (deprecated by flyteidl for [`StructuredDataset`]): `core.Schema`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Schema {
    /// Where it is (field 1).
    #[prost(string, tag = "1")]
    pub uri: String,
    /// Its columns (field 3).
    #[prost(message, optional, tag = "3")]
    pub r#type: Option<SchemaType>,
}

/// The value of a union and the variant it is: `core.Union`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Union {
    /// The value (field 1).
    #[prost(message, optional, boxed, tag = "1")]
    pub value: Option<Box<Literal>>,
    /// The variant's type, with its structure tag (field 2).
    #[prost(message, optional, tag = "2")]
    pub r#type: Option<LiteralType>,
}

/// The type of a [`StructuredDataset`]: `core.StructuredDatasetMetadata`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct StructuredDatasetMetadata {
    /// The dataset type (field 1).
    #[prost(message, optional, tag = "1")]
    pub structured_dataset_type: Option<StructuredDatasetType>,
}

/// A dataset at a URI: `core.StructuredDataset`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct StructuredDataset {
    /// Where it is (field 1).
    #[prost(string, tag = "1")]
    pub uri: String,
    /// Its type (field 2).
    #[prost(message, optional, tag = "2")]
    pub metadata: Option<StructuredDatasetMetadata>,
}

/// A single value: `core.Scalar`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Scalar {
    /// The value.
    #[prost(oneof = "scalar::Value", tags = "1, 2, 3, 4, 5, 6, 7, 8, 9")]
    pub value: Option<scalar::Value>,
}

/// The oneof of [`Scalar`].
pub mod scalar {
    use crate::proto::protobuf::Struct;

    /// The `value` oneof of a [`Scalar`](super::Scalar).
    #[derive(Clone, PartialEq, ::prost::Oneof)]
    pub enum Value {
        /// A primitive (field 1).
        #[prost(message, tag = "1")]
        Primitive(super::Primitive),
        /// A file or directory (field 2).
        #[prost(message, tag = "2")]
        Blob(super::Blob),
        /// Bytes (field 3).
        #[prost(message, tag = "3")]
        Binary(super::Binary),
        /// A schema (field 4).
        #[prost(message, tag = "4")]
        Schema(super::Schema),
        /// No value (field 5).
        #[prost(message, tag = "5")]
        NoneType(super::Void),
        /// An error (field 6).
        #[prost(message, tag = "6")]
        Error(super::super::Error),
        /// A JSON object (field 7).
        #[prost(message, tag = "7")]
        Generic(Struct),
        /// A structured dataset (field 8).
        #[prost(message, tag = "8")]
        StructuredDataset(super::StructuredDataset),
        /// A union value (field 9).
        #[prost(message, tag = "9")]
        Union(super::Union),
    }
}

/// Any value: `core.Literal`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Literal {
    /// The value.
    #[prost(oneof = "literal::Value", tags = "1, 2, 3, 8")]
    pub value: Option<literal::Value>,
    /// A hash of the value for caching, set by the SDK (field 4).
    #[prost(string, tag = "4")]
    pub hash: String,
    /// Extra data about the value (field 5).
    #[prost(btree_map = "string, string", tag = "5")]
    pub metadata: BTreeMap<String, String>,
}

/// The oneof of [`Literal`].
pub mod literal {
    /// The `value` oneof of a [`Literal`](super::Literal).
    #[derive(Clone, PartialEq, ::prost::Oneof)]
    pub enum Value {
        /// A single value (field 1).
        #[prost(message, tag = "1")]
        Scalar(super::Scalar),
        /// A list (field 2).
        #[prost(message, tag = "2")]
        Collection(super::LiteralCollection),
        /// A map from strings (field 3).
        #[prost(message, tag = "3")]
        Map(super::LiteralMap),
        /// A value stored elsewhere (field 8).
        #[prost(message, tag = "8")]
        OffloadedMetadata(super::LiteralOffloadedMetadata),
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

/// Where a literal too large to inline is stored: `core.LiteralOffloadedMetadata`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct LiteralOffloadedMetadata {
    /// Where the literal is (field 1).
    #[prost(string, tag = "1")]
    pub uri: String,
    /// Its size in bytes (field 2).
    #[prost(uint64, tag = "2")]
    pub size_bytes: u64,
    /// Its type (field 3).
    #[prost(message, optional, tag = "3")]
    pub inferred_type: Option<LiteralType>,
}

/// A list of literals: `core.LiteralCollection`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct LiteralCollection {
    /// The items (field 1).
    #[prost(message, repeated, tag = "1")]
    pub literals: Vec<Literal>,
}

/// Literals by name, such as a task's inputs or outputs: `core.LiteralMap`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct LiteralMap {
    /// The literals (field 1).
    #[prost(btree_map = "string, message", tag = "1")]
    pub literals: BTreeMap<String, Literal>,
}

/// A key and a value: `core.KeyValuePair`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct KeyValuePair {
    /// The key (field 1).
    #[prost(string, tag = "1")]
    pub key: String,
    /// The value (field 2).
    #[prost(string, tag = "2")]
    pub value: String,
}

/// How often to retry: `core.RetryStrategy`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, ::prost::Message)]
pub struct RetryStrategy {
    /// Retries after the first attempt (field 5).
    #[prost(uint32, tag = "5")]
    pub retries: u32,
}
