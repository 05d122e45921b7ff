//! `flyteidl/core/types.proto`: the types of values.

use crate::protobuf::Struct;

enumeration! {
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

message! {
    /// The columns of a schema: `core.SchemaType`.
    SchemaType {
        /// The columns (field 3).
        columns: repeated(message(schema_type::SchemaColumn)) = 3 "columns",
    }
}

/// The nested types of [`SchemaType`].
pub mod schema_type {
    message! {
        /// A column: `core.SchemaType.SchemaColumn`.
        #[derive(Eq, Hash)]
        SchemaColumn {
            /// Its name (field 1).
            name: string = 1 "name",
            /// Its type (field 2).
            r#type: enumeration(schema_column::SchemaColumnType) = 2 "type",
        }
    }

    /// The nested types of [`SchemaColumn`].
    pub mod schema_column {
        enumeration! {
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

message! {
    /// The type of a structured dataset: `core.StructuredDatasetType`.
    StructuredDatasetType {
        /// The columns (field 1).
        columns: repeated(message(structured_dataset_type::DatasetColumn)) = 1 "columns",
        /// The storage format, such as `parquet` (field 2).
        format: string = 2 "format",
        /// The type of an external schema, such as `arrow` (field 3).
        external_schema_type: string = 3 "externalSchemaType",
        /// The external schema (field 4).
        external_schema_bytes: bytes = 4 "externalSchemaBytes",
    }
}

/// The nested types of [`StructuredDatasetType`].
pub mod structured_dataset_type {
    message! {
        /// A column: `core.StructuredDatasetType.DatasetColumn`.
        DatasetColumn {
            /// Its name (field 1).
            name: string = 1 "name",
            /// Its type (field 2).
            literal_type: message(super::LiteralType) = 2 "literalType",
        }
    }
}

message! {
    /// The type of a file or directory: `core.BlobType`.
    #[derive(Eq, Hash)]
    BlobType {
        /// The format, such as `csv`; empty for any (field 1).
        format: string = 1 "format",
        /// A file or a directory (field 2).
        dimensionality: enumeration(blob_type::BlobDimensionality) = 2 "dimensionality",
    }
}

/// The nested types of [`BlobType`].
pub mod blob_type {
    enumeration! {
        /// A file or a directory: `core.BlobType.BlobDimensionality`.
        BlobDimensionality {
            /// One file.
            Single = 0 => "SINGLE",
            /// A directory of parts.
            Multipart = 1 => "MULTIPART",
        }
    }
}

message! {
    /// A set of strings: `core.EnumType`.
    #[derive(Eq, Hash)]
    EnumType {
        /// The values; the first is the default (field 1).
        values: repeated(string) = 1 "values",
    }
}

message! {
    /// One of several types: `core.UnionType`.
    UnionType {
        /// The variants, each with a distinct structure tag (field 1).
        variants: repeated(message(LiteralType)) = 1 "variants",
    }
}

message! {
    /// Hints for type matching: `core.TypeStructure`.
    TypeStructure {
        /// The tag that must match for two types to be castable (field 1).
        tag: string = 1 "tag",
        /// The types of a dataclass's fields (field 2).
        dataclass_type: map(string, message(LiteralType)) = 2 "dataclassType",
    }
}

message! {
    /// Data about a type for clients: `core.TypeAnnotation`.
    TypeAnnotation {
        /// Any JSON object (field 1).
        annotations: message(Struct) = 1 "annotations",
    }
}

message! {
    /// A type: `core.LiteralType`.
    ///
    /// proto3 JSON writes the fields in field-number order, the set case of `type` at its own
    /// number's place:
    ///
    /// ```
    /// use podtask_flyteidl::core::{LiteralType, SimpleType, TypeStructure};
    ///
    /// let t = LiteralType {
    ///     structure: Some(TypeStructure { tag: "int".into(), ..Default::default() }),
    ///     ..LiteralType::simple(SimpleType::Integer)
    /// };
    /// assert_eq!(
    ///     serde_json::to_string(&t).unwrap(),
    ///     r#"{"simple":"INTEGER","structure":{"tag":"int"}}"#
    /// );
    /// ```
    LiteralType {
        /// The type itself.
        r#type: oneof(literal_type::Type),
        /// Descriptive metadata, not used in type checks (field 6).
        metadata: message(Struct) = 6 "metadata",
        /// Data for clients (field 9).
        annotation: message(TypeAnnotation) = 9 "annotation",
        /// Hints for type matching, such as a union variant's tag (field 11).
        structure: message(TypeStructure) = 11 "structure",
    }
}

/// The oneof of [`LiteralType`].
pub mod literal_type {
    oneof! {
        /// The `type` oneof of a [`LiteralType`](super::LiteralType).
        Type {
            /// A simple type (field 1).
            Simple: enumeration(super::SimpleType) = 1 "simple",
            /// A schema (field 2).
            Schema: message(super::SchemaType) = 2 "schema",
            /// A list of this type (field 3).
            CollectionType: message(Box<super::LiteralType>) = 3 "collectionType",
            /// A map from strings to this type (field 4).
            MapValueType: message(Box<super::LiteralType>) = 4 "mapValueType",
            /// A file or directory (field 5).
            Blob: message(super::BlobType) = 5 "blob",
            /// One of a set of strings (field 7).
            EnumType: message(super::EnumType) = 7 "enumType",
            /// A structured dataset (field 8).
            StructuredDatasetType: message(super::StructuredDatasetType) = 8 "structuredDatasetType",
            /// One of several types (field 10).
            UnionType: message(super::UnionType) = 10 "unionType",
        }
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

message! {
    /// An error as a value, from a failed node: `core.Error`.
    #[derive(Eq, Hash)]
    Error {
        /// The node that failed (field 1).
        failed_node_id: string = 1 "failedNodeId",
        /// What went wrong (field 2).
        message: string = 2 "message",
    }
}
