//! The flyteidl 1.16 protobuf messages podtask writes and reads, as one model: the same structs
//! encode to protobuf bytes (through [`prost::Message`]) and to proto3 JSON (through
//! [`serde::Serialize`]).
//!
//! Written by hand from the `.proto` files (same packages, names, field numbers, types and
//! enums), so building it needs no `protoc`, no build script and no proc-macro. Each message
//! keeps its `.proto` name; a oneof is an enum in a module named after its message
//! (`literal::Value`, `task_template::Target`), and so are nested messages and enums
//! (`resources::ResourceName`), as `prost-build` lays them out. An enum field is an `i32`, as in
//! prost; the enums convert with `TryFrom<i32>`, `as_str_name` and `from_str_name`.
//!
//! - [`core`]: `flyteidl.core`: [`core::TaskTemplate`] and what it holds, the literals
//!   ([`core::Literal`], [`core::LiteralMap`], ...), [`core::ErrorDocument`].
//! - [`admin`]: `flyteidl.admin`: [`admin::TaskSpec`], what `flytectl register files` reads.
//! - [`protobuf`]: the `google.protobuf` well-known types flyteidl uses.
//!
//! # Protobuf
//!
//! Encode with [`prost::Message::encode_to_vec`], decode with [`prost::Message::decode`]:
//!
//! ```
//! use podtask_flyteidl::core::{Literal, Primitive, literal, primitive, scalar, Scalar};
//! use prost::Message;
//!
//! let five = Literal::from(Primitive::integer(5));
//! let bytes = five.encode_to_vec();
//! assert_eq!(Literal::decode(bytes.as_slice()).unwrap(), five);
//! let Some(literal::Value::Scalar(Scalar { value: Some(scalar::Value::Primitive(p)) })) =
//!     five.value
//! else {
//!     unreachable!()
//! };
//! assert_eq!(p.value, Some(primitive::Value::Integer(5)));
//! ```
//!
//! Encoding is canonical, so a message always gives the same bytes: fields in field-number
//! order, a set oneof case at its own number's place among them (as protobuf's C++ and Python
//! writers order them, where `prost-derive` writes a oneof at its lowest number), maps as
//! `BTreeMap`s in key order, repeated numbers packed, proto3 defaults (`0`, `""`, `false`, empty
//! lists and maps, `None`) left out and a set oneof case always written. Decoding skips fields it
//! does not know and reports malformed input as a [`prost::DecodeError`].
//!
//! # proto3 JSON
//!
//! [`serde::Serialize`] writes the proto3 JSON mapping as Python protobuf's
//! `json_format.MessageToJson` writes it, which is what flytekit writes:
//!
//! ```
//! use podtask_flyteidl::core::{Identifier, LiteralType, ResourceType, SimpleType, UnionType};
//! use podtask_flyteidl::core::literal_type::Type;
//!
//! let id = Identifier {
//!     resource_type: ResourceType::Task as i32,
//!     project: "flytesnacks".into(),
//!     ..Identifier::default()
//! };
//! assert_eq!(
//!     serde_json::to_string(&id).unwrap(),
//!     r#"{"resourceType":"TASK","project":"flytesnacks"}"#
//! );
//! let t = LiteralType::new(Type::UnionType(UnionType {
//!     variants: vec![LiteralType::simple(SimpleType::Integer)],
//! }));
//! assert_eq!(
//!     serde_json::to_string(&t).unwrap(),
//!     r#"{"unionType":{"variants":[{"simple":"INTEGER"}]}}"#
//! );
//! ```
//!
//! - Names are the fields' lowerCamelCase JSON names; fields come in field-number order, a set
//!   oneof case at its own number's place.
//! - Proto3 defaults, empty lists and maps and unset (`None`) messages are left out; a set
//!   message is written even when empty (`"retries":{}`), and a set oneof case even when it
//!   holds its default (`"interruptible":false`).
//! - Enums by their value's name (a number no value has, as the number); 64-bit integers as
//!   strings, 32-bit ones as numbers; floats as numbers, or `"NaN"`, `"Infinity"`,
//!   `"-Infinity"`; bytes as padded base64; maps as objects.
//! - The well-known types as their own JSON: see [`protobuf`]. A value protobuf's writers
//!   refuse (a `Timestamp` or `Duration` out of range, a `Value` number that is not finite) is
//!   an error.
//!
//! JSON is only written: podtask reads templates as protobuf.
//!
//! # Left out
//!
//! As podtask neither writes nor reads them: the artifact fields of `Variable`
//! (`artifact_partial_id`, `artifact_tag`), the workflow and binding messages, and the admin
//! service messages other than `TaskSpec` and its description; and fields of the messages here
//! that podtask does not use, such as `SecurityContext.connection_ref`. Decoding a message that
//! has them drops them.

#[macro_use]
mod macros;
mod rt;

pub mod admin;
pub mod core;
pub mod protobuf;
