//! `flyteidl/core/types.proto`: the types of values.

use std::collections::BTreeMap;

use crate::proto::protobuf::Struct;

proto_enum! {
    /// The simple types: `core.SimpleType`.
    SimpleType {
        /// No value.
        None = 0 => "NONE",
        /// A 64-bit signed integer.
        Integer = 1 => "INTEGER",
        /// A 64-bit float.
        Float = 2 => "FLOAT",
        /// A string.
        String = 3 => "STRING",
        /// A boolean.
        Boolean = 4 => "BOOLEAN",
        /// A point in time.
        Datetime = 5 => "DATETIME",
        /// A span of time.
        Duration = 6 => "DURATION",
        /// Bytes.
        Binary = 7 => "BINARY",
        /// An error.
        Error = 8 => "ERROR",
        /// A JSON object.
        Struct = 9 => "STRUCT",
    }
}

/// The columns of a schema: `core.SchemaType`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct SchemaType {
    /// The columns (field 3).
    #[prost(message, repeated, tag = "3")]
    pub columns: Vec<schema_type::SchemaColumn>,
}

/// The nested types of [`SchemaType`].
pub mod schema_type {
    /// A column: `core.SchemaType.SchemaColumn`.
    #[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
    pub struct SchemaColumn {
        /// Its name (field 1).
        #[prost(string, tag = "1")]
        pub name: String,
        /// Its type (field 2).
        #[prost(enumeration = "schema_column::SchemaColumnType", tag = "2")]
        pub r#type: i32,
    }

    /// The nested types of [`SchemaColumn`].
    pub mod schema_column {
        proto_enum! {
            /// The type of a column: `core.SchemaType.SchemaColumn.SchemaColumnType`.
            SchemaColumnType {
                /// Integers.
                Integer = 0 => "INTEGER",
                /// Floats.
                Float = 1 => "FLOAT",
                /// Strings.
                String = 2 => "STRING",
                /// Booleans.
                Boolean = 3 => "BOOLEAN",
                /// Points in time.
                Datetime = 4 => "DATETIME",
                /// Spans of time.
                Duration = 5 => "DURATION",
            }
        }
    }
}

/// The type of a structured dataset: `core.StructuredDatasetType`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct StructuredDatasetType {
    /// The columns (field 1).
    #[prost(message, repeated, tag = "1")]
    pub columns: Vec<structured_dataset_type::DatasetColumn>,
    /// The storage format, such as `parquet` (field 2).
    #[prost(string, tag = "2")]
    pub format: String,
    /// The type of an external schema, such as `arrow` (field 3).
    #[prost(string, tag = "3")]
    pub external_schema_type: String,
    /// The external schema (field 4).
    #[prost(bytes = "vec", tag = "4")]
    pub external_schema_bytes: Vec<u8>,
}

/// The nested types of [`StructuredDatasetType`].
pub mod structured_dataset_type {
    /// A column: `core.StructuredDatasetType.DatasetColumn`.
    #[derive(Clone, PartialEq, ::prost::Message)]
    pub struct DatasetColumn {
        /// Its name (field 1).
        #[prost(string, tag = "1")]
        pub name: String,
        /// Its type (field 2).
        #[prost(message, optional, tag = "2")]
        pub literal_type: Option<super::LiteralType>,
    }
}

/// The type of a file or directory: `core.BlobType`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct BlobType {
    /// The format, such as `csv`; empty for any (field 1).
    #[prost(string, tag = "1")]
    pub format: String,
    /// A file or a directory (field 2).
    #[prost(enumeration = "blob_type::BlobDimensionality", tag = "2")]
    pub dimensionality: i32,
}

/// The nested types of [`BlobType`].
pub mod blob_type {
    proto_enum! {
        /// A file or a directory: `core.BlobType.BlobDimensionality`.
        BlobDimensionality {
            /// One file.
            Single = 0 => "SINGLE",
            /// A directory of parts.
            Multipart = 1 => "MULTIPART",
        }
    }
}

/// A set of strings: `core.EnumType`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct EnumType {
    /// The values; the first is the default (field 1).
    #[prost(string, repeated, tag = "1")]
    pub values: Vec<String>,
}

/// One of several types: `core.UnionType`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct UnionType {
    /// The variants, each with a distinct structure tag (field 1).
    #[prost(message, repeated, tag = "1")]
    pub variants: Vec<LiteralType>,
}

/// Hints for type matching: `core.TypeStructure`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct TypeStructure {
    /// The tag that must match for two types to be castable (field 1).
    #[prost(string, tag = "1")]
    pub tag: String,
    /// The types of a dataclass's fields (field 2).
    #[prost(btree_map = "string, message", tag = "2")]
    pub dataclass_type: BTreeMap<String, LiteralType>,
}

/// Data about a type for clients: `core.TypeAnnotation`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct TypeAnnotation {
    /// Any JSON object (field 1).
    #[prost(message, optional, tag = "1")]
    pub annotations: Option<Struct>,
}

/// A type: `core.LiteralType`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct LiteralType {
    /// The type itself.
    #[prost(oneof = "literal_type::Type", tags = "1, 2, 3, 4, 5, 7, 8, 10")]
    pub r#type: Option<literal_type::Type>,
    /// Descriptive metadata, not used in type checks (field 6).
    #[prost(message, optional, tag = "6")]
    pub metadata: Option<Struct>,
    /// Data for clients (field 9).
    #[prost(message, optional, tag = "9")]
    pub annotation: Option<TypeAnnotation>,
    /// Hints for type matching, such as a union variant's tag (field 11).
    #[prost(message, optional, tag = "11")]
    pub structure: Option<TypeStructure>,
}

/// The oneof of [`LiteralType`].
pub mod literal_type {
    /// The `type` oneof of a [`LiteralType`](super::LiteralType).
    #[derive(Clone, PartialEq, ::prost::Oneof)]
    pub enum Type {
        /// A simple type (field 1).
        #[prost(enumeration = "super::SimpleType", tag = "1")]
        Simple(i32),
        /// A schema (field 2).
        #[prost(message, tag = "2")]
        Schema(super::SchemaType),
        /// A list of this type (field 3).
        #[prost(message, tag = "3")]
        CollectionType(Box<super::LiteralType>),
        /// A map from strings to this type (field 4).
        #[prost(message, tag = "4")]
        MapValueType(Box<super::LiteralType>),
        /// A file or directory (field 5).
        #[prost(message, tag = "5")]
        Blob(super::BlobType),
        /// One of a set of strings (field 7).
        #[prost(message, tag = "7")]
        EnumType(super::EnumType),
        /// A structured dataset (field 8).
        #[prost(message, tag = "8")]
        StructuredDatasetType(super::StructuredDatasetType),
        /// One of several types (field 10).
        #[prost(message, tag = "10")]
        UnionType(super::UnionType),
    }
}

impl LiteralType {
    /// A type of this kind, with no metadata, annotation or structure.
    pub fn new(r#type: literal_type::Type) -> Self {
        LiteralType {
            r#type: Some(r#type),
            metadata: None,
            annotation: None,
            structure: None,
        }
    }

    /// A simple type.
    pub fn simple(simple: SimpleType) -> Self {
        LiteralType::new(literal_type::Type::Simple(simple as i32))
    }
}

/// An error as a value, from a failed node: `core.Error`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Error {
    /// The node that failed (field 1).
    #[prost(string, tag = "1")]
    pub failed_node_id: String,
    /// What went wrong (field 2).
    #[prost(string, tag = "2")]
    pub message: String,
}
