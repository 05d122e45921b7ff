//! The flyteidl 1.16 protobuf messages podtask writes and reads, as `prost` messages.
//!
//! Written by hand from the `.proto` files (same packages, names, field numbers, types and
//! enums), so building podtask needs no `protoc` and no build script. Each message keeps its
//! `.proto` name; a oneof is an enum in a module named after its message (`literal::Value`,
//! `task_template::Target`), and so are nested messages and enums (`resources::ResourceName`),
//! as `prost-build` would lay them out.
//!
//! - [`core`]: `flyteidl.core`: [`core::TaskTemplate`] and what it holds, the literals
//!   ([`core::Literal`], [`core::LiteralMap`], ...), [`core::ErrorDocument`].
//! - [`admin`]: `flyteidl.admin`: [`admin::TaskSpec`], what `flytectl register files` reads.
//! - [`protobuf`]: the `google.protobuf` well-known types flyteidl uses.
//!
//! Maps are `BTreeMap`s, so a message always encodes to the same bytes. Encode with
//! [`prost::Message::encode_to_vec`], decode with [`prost::Message::decode`]:
//!
//! ```
//! use podtask::proto::core::{Literal, Primitive, literal, primitive, scalar, Scalar};
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
//! Left out, as podtask neither writes nor reads them: the artifact fields of `Variable`
//! (`artifact_partial_id`, `artifact_tag`), the workflow and binding messages, and the admin
//! service messages other than `TaskSpec` and its description. Decoding a message that has them
//! drops them.

/// Declares a protobuf enum with its `.proto` value names.
macro_rules! proto_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $number:literal => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::prost::Enumeration)]
        #[repr(i32)]
        pub enum $name {
            $( $(#[$vmeta])* $variant = $number, )+
        }

        impl $name {
            /// The value's name in the `.proto` file, which proto3 JSON writes.
            pub fn as_str_name(&self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )+
                }
            }

            /// The value with this `.proto` name.
            pub fn from_str_name(name: &str) -> ::core::option::Option<Self> {
                match name {
                    $( $text => ::core::option::Option::Some(Self::$variant), )+
                    _ => ::core::option::Option::None,
                }
            }
        }
    };
}

pub mod admin;
mod convert;
pub mod core;
pub mod protobuf;

pub use convert::{FromProtoError, SHORT_DESCRIPTION_MAX_CHARS};
