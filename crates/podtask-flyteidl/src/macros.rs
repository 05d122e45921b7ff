//! The declarative macros every message, oneof and enum of the crate is declared with.
//!
//! Each is declared once, close to how its `.proto` file reads, and the macro gives the Rust
//! type, its `prost::Message` implementation (the calls into `prost::encoding` that
//! `prost-derive` writes, without compiling a proc-macro) and its proto3 JSON
//! (`serde::Serialize`). A field is declared as
//!
//! ```text
//! /// Its doc comment.
//! name: kind = number "jsonName",
//! ```
//!
//! and its Rust type follows from its kind:
//!
//! | kind | Rust type |
//! |---|---|
//! | `string`, `bytes`, `bool`, `int32`, `int64`, `uint32`, `uint64`, `sint32`, `sint64`, `fixed32`, `fixed64`, `sfixed32`, `sfixed64`, `float`, `double` | `String`, `Vec<u8>`, `bool`, `i32`, `i64`, `u32`, `u64`, ..., `f32`, `f64` |
//! | `enumeration(E)` | `i32`, as prost has it; JSON writes `E`'s value names |
//! | `message(M)` | `Option<M>` (`M` may be `Box<_>`) |
//! | `repeated(message(M))`, `repeated(string)`, `repeated(bytes)`, `repeated(int64)` ... | `Vec<_>`; numbers and enums packed |
//! | `map(string, V)`, `map(string, message(M))` | `BTreeMap<String, _>`, so encoding is deterministic |
//! | `oneof(O)` | `Option<O>`, declared with no number: `O`'s cases carry them |
//!
//! Fields are declared in order of their field numbers, a oneof at its lowest case's (checked at
//! compile time); both encodings then write fields in field-number order with a set oneof case
//! at its own number's place, as protobuf's own writers do. A oneof is declared with
//! `oneof!`, its cases as `Name: kind = number "jsonName"` (a kind without `repeated` or `map`,
//! and `message(M)` holding `M`); an enum with `enumeration!`.
//!
//! `message!` starting with `@custom_json` leaves out the `Serialize` implementation, for the
//! well-known types whose JSON is their own.

/// Declares a protobuf enum: a `#[repr(i32)]` enum with its `.proto` value names.
macro_rules! enumeration {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(#[$first_meta:meta])* $first:ident = $first_number:literal => $first_text:literal,
            $( $(#[$vmeta:meta])* $variant:ident = $number:literal => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[repr(i32)]
        pub enum $name {
            $(#[$first_meta])*
            #[default]
            $first = $first_number,
            $( $(#[$vmeta])* $variant = $number, )*
        }

        impl $name {
            /// The value's name in the `.proto` file, which proto3 JSON writes.
            pub const fn as_str_name(&self) -> &'static str {
                match self {
                    Self::$first => $first_text,
                    $( Self::$variant => $text, )*
                }
            }

            /// The value with this `.proto` name.
            pub fn from_str_name(name: &str) -> ::core::option::Option<Self> {
                match name {
                    $first_text => ::core::option::Option::Some(Self::$first),
                    $( $text => ::core::option::Option::Some(Self::$variant), )*
                    _ => ::core::option::Option::None,
                }
            }

            /// Whether `value` is the number of one of the values.
            #[allow(clippy::manual_range_patterns, reason = "the numbers are the .proto's")]
            pub const fn is_valid(value: i32) -> bool {
                matches!(value, $first_number $( | $number )*)
            }
        }

        impl ::core::convert::From<$name> for i32 {
            fn from(value: $name) -> i32 {
                value as i32
            }
        }

        impl ::core::convert::TryFrom<i32> for $name {
            type Error = ::prost::UnknownEnumValue;

            fn try_from(value: i32) -> ::core::result::Result<Self, ::prost::UnknownEnumValue> {
                match value {
                    $first_number => ::core::result::Result::Ok(Self::$first),
                    $( $number => ::core::result::Result::Ok(Self::$variant), )*
                    _ => ::core::result::Result::Err(::prost::UnknownEnumValue(value)),
                }
            }
        }

        // proto3 JSON writes an enum field by its value's name, or its number when it has none.
        impl $crate::rt::JsonKind<i32> for $name {
            fn ser<S: ::serde::Serializer>(
                value: &i32,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match Self::try_from(*value) {
                    ::core::result::Result::Ok(v) => serializer.serialize_str(v.as_str_name()),
                    ::core::result::Result::Err(_) => serializer.serialize_i32(*value),
                }
            }
        }
    };
}

/// Declares a message: its struct, `prost::Message` and proto3 JSON (see the module docs).
macro_rules! message {
    (
        $(@$json:ident)?
        $(#[$meta:meta])*
        $name:ident {
            $(
                $(#[$field_meta:meta])*
                $field:ident : $kind:ident $( ( $($arg:tt)* ) )? $( = $number:literal $json_name:literal )?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Debug, Default)]
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: field_ty!($kind $(($($arg)*))?),
            )*
        }

        const _: () = $crate::rt::check_tags(&[
            $( field_tags!($kind $(($($arg)*))? $(= $number)?) ),*
        ]);

        impl ::prost::Message for $name {
            fn encode_raw(&self, buf: &mut impl ::prost::bytes::BufMut) {
                let pending = $crate::rt::NoOneof;
                $(
                    $( let pending = $crate::rt::Flush::flush(pending, $number, buf); )?
                    field_encode!(self.$field, buf, pending, $kind $(($($arg)*))? $(= $number)?);
                )*
                $crate::rt::Flush::flush(pending, u32::MAX, buf);
            }

            fn merge_field(
                &mut self,
                tag: u32,
                wire_type: ::prost::encoding::WireType,
                buf: &mut impl ::prost::bytes::Buf,
                ctx: ::prost::encoding::DecodeContext,
            ) -> ::core::result::Result<(), ::prost::DecodeError> {
                match tag {
                    $(
                        t if field_is!(t, $kind $(($($arg)*))? $(= $number)?) => {
                            let value = &mut self.$field;
                            field_merge!(value, tag, wire_type, buf, ctx, $kind $(($($arg)*))?)
                                .map_err(|mut error| {
                                    error.push(stringify!($name), stringify!($field));
                                    error
                                })
                        }
                    )*
                    _ => ::prost::encoding::skip_field(wire_type, tag, buf, ctx),
                }
            }

            #[inline]
            fn encoded_len(&self) -> usize {
                0 $( + field_len!(self.$field, $kind $(($($arg)*))? $(= $number)?) )*
            }

            fn clear(&mut self) {
                *self = Self::default();
            }
        }

        message_json!(
            [$($json)?] $name
            $( [$field $kind $(($($arg)*))? $(= $number $json_name)?] )*
        );
    };
}

/// The `Serialize` implementation of a message, unless it is `[custom_json]`.
macro_rules! message_json {
    ([custom_json] $($rest:tt)*) => {};
    ([] $name:ident $( [$field:ident $($spec:tt)*] )*) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let len = 0 $( + usize::from(!$crate::rt::is_default(&self.$field)) )*;
                let mut st = serializer.serialize_struct(stringify!($name), len)?;
                let pending = $crate::rt::NoOneof;
                $( field_json!(self.$field, st, pending, $($spec)*); )*
                $crate::rt::Flush::flush_json(pending, u32::MAX, &mut st)?;
                st.end()
            }
        }
    };
}

/// Declares a oneof: an enum of its cases, with prost's `encode`, `merge` and `encoded_len`.
macro_rules! oneof {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident : $kind:ident $( ( $($arg:tt)* ) )? = $number:literal $json_name:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Debug)]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                $variant(case_ty!($kind $(($($arg)*))?)),
            )+
        }

        impl $name {
            /// Encodes the set case, with its field key.
            pub fn encode(&self, buf: &mut impl ::prost::bytes::BufMut) {
                match self {
                    $( Self::$variant(value) => {
                        case_encode!(value, $number, buf, $kind $(($($arg)*))?)
                    } )+
                }
            }

            /// Decodes the case numbered `tag` into `field`, into its value if that case is the
            /// one set (as protobuf merges a message read twice); skips any other number.
            pub fn merge(
                field: &mut ::core::option::Option<Self>,
                tag: u32,
                wire_type: ::prost::encoding::WireType,
                buf: &mut impl ::prost::bytes::Buf,
                ctx: ::prost::encoding::DecodeContext,
            ) -> ::core::result::Result<(), ::prost::DecodeError> {
                match tag {
                    $( $number => match field {
                        ::core::option::Option::Some(Self::$variant(value)) => {
                            case_merge!(value, wire_type, buf, ctx, $kind $(($($arg)*))?)
                        }
                        _ => {
                            let mut owned = ::core::default::Default::default();
                            case_merge!(&mut owned, wire_type, buf, ctx, $kind $(($($arg)*))?)
                                .map(|()| {
                                    *field = ::core::option::Option::Some(Self::$variant(owned))
                                })
                        }
                    }, )+
                    _ => ::prost::encoding::skip_field(wire_type, tag, buf, ctx),
                }
            }

            /// The encoded length of the set case, with its field key.
            pub fn encoded_len(&self) -> usize {
                match self {
                    $( Self::$variant(value) => {
                        case_len!(value, $number, $kind $(($($arg)*))?)
                    } )+
                }
            }
        }

        impl $crate::rt::Oneof for $name {
            const TAGS: &'static [u32] = &[$($number),+];

            fn number(&self) -> u32 {
                match self {
                    $( Self::$variant(_) => $number, )+
                }
            }

            fn encode_case(&self, buf: &mut impl ::prost::bytes::BufMut) {
                self.encode(buf)
            }

            fn serialize_case<S: ::serde::ser::SerializeStruct>(
                &self,
                st: &mut S,
            ) -> ::core::result::Result<(), S::Error> {
                match self {
                    $( Self::$variant(value) => st.serialize_field(
                        $json_name,
                        &$crate::rt::Json::<json_kind!($kind $(($($arg)*))?), _>::new(value),
                    ), )+
                }
            }
        }
    };
}

/// The Rust type of a field of this kind.
macro_rules! field_ty {
    (string) => { ::std::string::String };
    (bytes) => { ::std::vec::Vec<u8> };
    (bool) => { bool };
    (int32) => { i32 };
    (sint32) => { i32 };
    (sfixed32) => { i32 };
    (int64) => { i64 };
    (sint64) => { i64 };
    (sfixed64) => { i64 };
    (uint32) => { u32 };
    (fixed32) => { u32 };
    (uint64) => { u64 };
    (fixed64) => { u64 };
    (float) => { f32 };
    (double) => { f64 };
    (enumeration($e:ty)) => { i32 };
    (message($m:ty)) => { ::core::option::Option<$m> };
    (oneof($o:ty)) => { ::core::option::Option<$o> };
    (repeated(message($m:ty))) => { ::std::vec::Vec<$m> };
    (repeated($($item:tt)+)) => { ::std::vec::Vec<field_ty!($($item)+)> };
    (map($key:ident, message($m:ty))) => {
        ::std::collections::BTreeMap<field_ty!($key), $m>
    };
    (map($key:ident, $($value:tt)+)) => {
        ::std::collections::BTreeMap<field_ty!($key), field_ty!($($value)+)>
    };
}

/// The Rust type of a oneof case of this kind: a message case holds the message itself.
macro_rules! case_ty {
    (message($m:ty)) => { $m };
    ($($kind:tt)+) => { field_ty!($($kind)+) };
}

/// The field numbers of a field: its own, or its oneof's.
macro_rules! field_tags {
    (oneof($o:ty)) => {
        <$o as $crate::rt::Oneof>::TAGS
    };
    ($kind:ident $(($($arg:tt)*))? = $n:literal) => {
        &[$n]
    };
}

/// Whether field number `$t` is this field's.
macro_rules! field_is {
    ($t:ident, oneof($o:ty)) => {
        <$o as $crate::rt::Oneof>::TAGS.contains(&$t)
    };
    ($t:ident, $kind:ident $(($($arg:tt)*))? = $n:literal) => {
        $t == $n
    };
}

/// Encodes a field (`message!` writes the pending oneofs numbered before it first), or adds a
/// oneof to the pending ones.
macro_rules! field_encode {
    ($f:expr, $buf:ident, $p:ident, oneof($o:ty)) => {
        let $p = $crate::rt::Pending::new($p, $f.as_ref());
    };
    ($f:expr, $buf:ident, $p:ident, message($m:ty) = $n:literal) => {
        if let ::core::option::Option::Some(msg) = &$f {
            ::prost::encoding::message::encode($n, msg, $buf);
        }
    };
    ($f:expr, $buf:ident, $p:ident, repeated(message($m:ty)) = $n:literal) => {
        ::prost::encoding::message::encode_repeated($n, &$f, $buf);
    };
    ($f:expr, $buf:ident, $p:ident, repeated(string) = $n:literal) => {
        ::prost::encoding::string::encode_repeated($n, &$f, $buf);
    };
    ($f:expr, $buf:ident, $p:ident, repeated(bytes) = $n:literal) => {
        ::prost::encoding::bytes::encode_repeated($n, &$f, $buf);
    };
    ($f:expr, $buf:ident, $p:ident, repeated(enumeration($e:ty)) = $n:literal) => {
        ::prost::encoding::int32::encode_packed($n, &$f, $buf);
    };
    ($f:expr, $buf:ident, $p:ident, repeated($k:ident) = $n:literal) => {
        ::prost::encoding::$k::encode_packed($n, &$f, $buf);
    };
    ($f:expr, $buf:ident, $p:ident, map($k:ident, message($m:ty)) = $n:literal) => {
        ::prost::encoding::btree_map::encode(
            ::prost::encoding::$k::encode,
            ::prost::encoding::$k::encoded_len,
            ::prost::encoding::message::encode,
            ::prost::encoding::message::encoded_len,
            $n,
            &$f,
            $buf,
        );
    };
    ($f:expr, $buf:ident, $p:ident, map($k:ident, $v:ident) = $n:literal) => {
        ::prost::encoding::btree_map::encode(
            ::prost::encoding::$k::encode,
            ::prost::encoding::$k::encoded_len,
            ::prost::encoding::$v::encode,
            ::prost::encoding::$v::encoded_len,
            $n,
            &$f,
            $buf,
        );
    };
    ($f:expr, $buf:ident, $p:ident, enumeration($e:ty) = $n:literal) => {
        field_encode!($f, $buf, $p, int32 = $n)
    };
    ($f:expr, $buf:ident, $p:ident, $k:ident = $n:literal) => {
        if !$crate::rt::is_default(&$f) {
            ::prost::encoding::$k::encode($n, &$f, $buf);
        }
    };
}

/// The encoded length of a field.
macro_rules! field_len {
    ($f:expr, oneof($o:ty)) => {
        $f.as_ref().map_or(0, <$o>::encoded_len)
    };
    ($f:expr, message($m:ty) = $n:literal) => {
        $f.as_ref()
            .map_or(0, |msg| ::prost::encoding::message::encoded_len($n, msg))
    };
    ($f:expr, repeated(message($m:ty)) = $n:literal) => {
        ::prost::encoding::message::encoded_len_repeated($n, &$f)
    };
    ($f:expr, repeated(string) = $n:literal) => {
        ::prost::encoding::string::encoded_len_repeated($n, &$f)
    };
    ($f:expr, repeated(bytes) = $n:literal) => {
        ::prost::encoding::bytes::encoded_len_repeated($n, &$f)
    };
    ($f:expr, repeated(enumeration($e:ty)) = $n:literal) => {
        ::prost::encoding::int32::encoded_len_packed($n, &$f)
    };
    ($f:expr, repeated($k:ident) = $n:literal) => {
        ::prost::encoding::$k::encoded_len_packed($n, &$f)
    };
    ($f:expr, map($k:ident, message($m:ty)) = $n:literal) => {
        ::prost::encoding::btree_map::encoded_len(
            ::prost::encoding::$k::encoded_len,
            ::prost::encoding::message::encoded_len,
            $n,
            &$f,
        )
    };
    ($f:expr, map($k:ident, $v:ident) = $n:literal) => {
        ::prost::encoding::btree_map::encoded_len(
            ::prost::encoding::$k::encoded_len,
            ::prost::encoding::$v::encoded_len,
            $n,
            &$f,
        )
    };
    ($f:expr, enumeration($e:ty) = $n:literal) => {
        field_len!($f, int32 = $n)
    };
    ($f:expr, $k:ident = $n:literal) => {
        if $crate::rt::is_default(&$f) {
            0
        } else {
            ::prost::encoding::$k::encoded_len($n, &$f)
        }
    };
}

/// Decodes one occurrence of a field into `$v` (a `&mut` to it).
macro_rules! field_merge {
    ($v:ident, $tag:ident, $wt:ident, $buf:ident, $ctx:ident, oneof($o:ty)) => {
        <$o>::merge($v, $tag, $wt, $buf, $ctx)
    };
    ($v:ident, $tag:ident, $wt:ident, $buf:ident, $ctx:ident, message($m:ty)) => {
        ::prost::encoding::message::merge(
            $wt,
            $v.get_or_insert_with(::core::default::Default::default),
            $buf,
            $ctx,
        )
    };
    ($v:ident, $tag:ident, $wt:ident, $buf:ident, $ctx:ident, repeated(message($m:ty))) => {
        ::prost::encoding::message::merge_repeated($wt, $v, $buf, $ctx)
    };
    ($v:ident, $tag:ident, $wt:ident, $buf:ident, $ctx:ident, repeated(enumeration($e:ty))) => {
        ::prost::encoding::int32::merge_repeated($wt, $v, $buf, $ctx)
    };
    ($v:ident, $tag:ident, $wt:ident, $buf:ident, $ctx:ident, repeated($k:ident)) => {
        ::prost::encoding::$k::merge_repeated($wt, $v, $buf, $ctx)
    };
    ($v:ident, $tag:ident, $wt:ident, $buf:ident, $ctx:ident, map($k:ident, message($m:ty))) => {
        ::prost::encoding::check_wire_type(::prost::encoding::WireType::LengthDelimited, $wt)
            .and_then(|()| {
                ::prost::encoding::btree_map::merge(
                    ::prost::encoding::$k::merge,
                    ::prost::encoding::message::merge,
                    $v,
                    $buf,
                    $ctx,
                )
            })
    };
    ($v:ident, $tag:ident, $wt:ident, $buf:ident, $ctx:ident, map($k:ident, $val:ident)) => {
        ::prost::encoding::check_wire_type(::prost::encoding::WireType::LengthDelimited, $wt)
            .and_then(|()| {
                ::prost::encoding::btree_map::merge(
                    ::prost::encoding::$k::merge,
                    ::prost::encoding::$val::merge,
                    $v,
                    $buf,
                    $ctx,
                )
            })
    };
    ($v:ident, $tag:ident, $wt:ident, $buf:ident, $ctx:ident, enumeration($e:ty)) => {
        ::prost::encoding::int32::merge($wt, $v, $buf, $ctx)
    };
    ($v:ident, $tag:ident, $wt:ident, $buf:ident, $ctx:ident, $k:ident) => {
        ::prost::encoding::$k::merge($wt, $v, $buf, $ctx)
    };
}

/// Writes a field as a JSON member unless it holds its default (the pending oneofs numbered
/// before it first), or adds a oneof to the pending ones.
macro_rules! field_json {
    ($f:expr, $st:ident, $p:ident, oneof($o:ty)) => {
        let $p = $crate::rt::Pending::new($p, $f.as_ref());
    };
    ($f:expr, $st:ident, $p:ident, $kind:ident $(($($arg:tt)*))? = $n:literal $json:literal) => {
        let $p = $crate::rt::field::<json_kind!($kind $(($($arg)*))?), _, _, _>(
            &mut $st, $p, $n, $json, &$f,
        )?;
    };
}

/// The way proto3 JSON writes a field of this kind (a `rt::JsonKind`).
macro_rules! json_kind {
    (int64) => { $crate::rt::Int64 };
    (sint64) => { $crate::rt::Int64 };
    (sfixed64) => { $crate::rt::Int64 };
    (uint64) => { $crate::rt::Int64 };
    (fixed64) => { $crate::rt::Int64 };
    (double) => { $crate::rt::Float };
    (float) => { $crate::rt::Float };
    (bytes) => { $crate::rt::Base64 };
    (enumeration($e:ty)) => { $e };
    (repeated(message($m:ty))) => { $crate::rt::Plain };
    (repeated($($item:tt)+)) => { ::std::vec::Vec<json_kind!($($item)+)> };
    (map($key:ident, message($m:ty))) => { $crate::rt::Plain };
    (map($key:ident, $($value:tt)+)) => {
        ::std::collections::BTreeMap<::std::string::String, json_kind!($($value)+)>
    };
    // Strings, bools, 32-bit integers, messages.
    ($($kind:tt)+) => { $crate::rt::Plain };
}

/// Encodes a oneof case, which is written even when it holds its default.
macro_rules! case_encode {
    ($v:expr, $n:literal, $buf:ident, message($m:ty)) => {
        ::prost::encoding::message::encode($n, $v, $buf)
    };
    ($v:expr, $n:literal, $buf:ident, enumeration($e:ty)) => {
        ::prost::encoding::int32::encode($n, $v, $buf)
    };
    ($v:expr, $n:literal, $buf:ident, $k:ident) => {
        ::prost::encoding::$k::encode($n, $v, $buf)
    };
}

/// The encoded length of a oneof case.
macro_rules! case_len {
    ($v:expr, $n:literal, message($m:ty)) => {
        ::prost::encoding::message::encoded_len($n, $v)
    };
    ($v:expr, $n:literal, enumeration($e:ty)) => {
        ::prost::encoding::int32::encoded_len($n, $v)
    };
    ($v:expr, $n:literal, $k:ident) => {
        ::prost::encoding::$k::encoded_len($n, $v)
    };
}

/// Decodes a oneof case into `$v` (a `&mut` to its value).
macro_rules! case_merge {
    ($v:expr, $wt:ident, $buf:ident, $ctx:ident, message($m:ty)) => {
        ::prost::encoding::message::merge($wt, $v, $buf, $ctx)
    };
    ($v:expr, $wt:ident, $buf:ident, $ctx:ident, enumeration($e:ty)) => {
        ::prost::encoding::int32::merge($wt, $v, $buf, $ctx)
    };
    ($v:expr, $wt:ident, $buf:ident, $ctx:ident, $k:ident) => {
        ::prost::encoding::$k::merge($wt, $v, $buf, $ctx)
    };
}

/// Every kind of field the macros take, on messages declared only for these tests.
#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use prost::Message;

    enumeration! {
        /// A test enum.
        Color {
            /// The default.
            Unset = 0 => "UNSET",
            /// Red.
            Red = 1 => "RED",
            /// A negative number.
            Minus = -2 => "MINUS",
        }
    }

    message! {
        /// A test message.
        Inner {
            /// A string (field 1).
            name: string = 1 "name",
        }
    }

    /// The oneofs of [`Kinds`].
    mod kinds {
        oneof! {
            /// Cases before, between and after other fields.
            A {
                /// (field 1).
                Int: int64 = 1 "int",
                /// (field 5).
                Msg: message(super::Inner) = 5 "msg",
                /// (field 20).
                Color: enumeration(super::Color) = 20 "color",
            }
        }

        oneof! {
            /// A second oneof.
            B {
                /// (field 21).
                Text: string = 21 "text",
                /// (field 30).
                Number: double = 30 "number",
            }
        }
    }

    message! {
        /// Every kind.
        Kinds {
            /// A oneof.
            a: oneof(kinds::A),
            /// (field 2).
            s: string = 2 "s",
            /// (field 3).
            by: bytes = 3 "by",
            /// (field 4).
            b: bool = 4 "b",
            /// (field 6).
            i32v: int32 = 6 "i32v",
            /// (field 7).
            i64v: int64 = 7 "i64v",
            /// (field 8).
            u32v: uint32 = 8 "u32v",
            /// (field 9).
            u64v: uint64 = 9 "u64v",
            /// (field 10).
            s32: sint32 = 10 "s32",
            /// (field 11).
            s64: sint64 = 11 "s64",
            /// (field 12).
            fx32: fixed32 = 12 "fx32",
            /// (field 13).
            fx64: fixed64 = 13 "fx64",
            /// (field 14).
            sfx32: sfixed32 = 14 "sfx32",
            /// (field 15).
            sfx64: sfixed64 = 15 "sfx64",
            /// (field 16).
            fl: float = 16 "fl",
            /// (field 17).
            d: double = 17 "d",
            /// (field 18).
            e: enumeration(Color) = 18 "e",
            /// (field 19).
            m: message(Inner) = 19 "m",
            /// A second oneof.
            second: oneof(kinds::B),
            /// (field 22).
            rs: repeated(string) = 22 "rs",
            /// (field 23).
            rb: repeated(bytes) = 23 "rb",
            /// (field 24).
            ri64: repeated(int64) = 24 "ri64",
            /// (field 25).
            rd: repeated(double) = 25 "rd",
            /// (field 26).
            re: repeated(enumeration(Color)) = 26 "re",
            /// (field 27).
            rm: repeated(message(Inner)) = 27 "rm",
            /// (field 28).
            ms: map(string, string) = 28 "ms",
            /// (field 29).
            mi: map(string, int64) = 29 "mi",
            /// (field 31).
            mm: map(string, message(Inner)) = 31 "mm",
            /// (field 32).
            bx: message(Box<Inner>) = 32 "bx",
            /// (field 33).
            ru32: repeated(uint32) = 33 "ru32",
        }
    }

    fn inner(name: &str) -> Inner {
        Inner {
            name: name.to_owned(),
        }
    }

    fn full() -> Kinds {
        Kinds {
            a: Some(kinds::A::Color(Color::Red as i32)),
            s: "s".to_owned(),
            by: vec![0, 255],
            b: true,
            i32v: -1,
            i64v: i64::MIN,
            u32v: u32::MAX,
            u64v: u64::MAX,
            s32: -3,
            s64: -4,
            fx32: 5,
            fx64: 6,
            sfx32: -7,
            sfx64: -8,
            fl: 0.5,
            d: -2.25,
            e: Color::Minus as i32,
            m: Some(inner("m")),
            second: Some(kinds::B::Number(f64::INFINITY)),
            rs: vec!["x".to_owned(), String::new()],
            rb: vec![vec![], vec![1]],
            ri64: vec![-1, 0, 1 << 40],
            rd: vec![1.5, f64::NEG_INFINITY],
            re: vec![1, -2, 0, 9],
            rm: vec![inner(""), inner("b")],
            ms: BTreeMap::from([("k".to_owned(), "v".to_owned())]),
            mi: BTreeMap::from([("neg".to_owned(), -9), ("zero".to_owned(), 0)]),
            mm: BTreeMap::from([("i".to_owned(), inner("i"))]),
            bx: Some(Box::new(inner("bx"))),
            ru32: vec![1, 300],
        }
    }

    /// The field numbers of an encoding, in order (a packed list or a map entry counts once
    /// per entry).
    fn numbers(mut bytes: &[u8]) -> Vec<u32> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            let (tag, wire_type) = prost::encoding::decode_key(&mut bytes).unwrap();
            prost::encoding::skip_field(wire_type, tag, &mut bytes, Default::default()).unwrap();
            out.push(tag);
        }
        out
    }

    #[test]
    fn every_kind_round_trips() {
        let k = full();
        let bytes = k.encode_to_vec();
        assert_eq!(bytes.len(), k.encoded_len());
        assert_eq!(Kinds::decode(bytes.as_slice()).unwrap(), k);
        let empty = Kinds::default();
        assert!(empty.encode_to_vec().is_empty());
        let mut cleared = k.clone();
        cleared.clear();
        assert_eq!(cleared, empty);
    }

    #[test]
    fn fields_are_written_in_field_number_order_oneofs_at_their_numbers() {
        let k = full();
        let expected: Vec<u32> = [
            2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
        ]
        .into_iter()
        .chain([
            22, 22, 23, 23, 24, 25, 26, 27, 27, 28, 29, 29, 30, 31, 32, 33,
        ])
        .collect();
        assert_eq!(numbers(&k.encode_to_vec()), expected);

        let first = Kinds {
            a: Some(kinds::A::Int(0)),
            second: Some(kinds::B::Text(String::new())),
            m: Some(Inner::default()),
            ..Kinds::default()
        };
        // A set case is written even when it holds its default.
        assert_eq!(numbers(&first.encode_to_vec()), [1, 19, 21]);
        assert_eq!(
            serde_json::to_string(&first).unwrap(),
            r#"{"int":"0","m":{},"text":""}"#
        );
        let middle = Kinds {
            a: Some(kinds::A::Msg(inner("x"))),
            s: "s".to_owned(),
            i32v: 1,
            ..Kinds::default()
        };
        assert_eq!(numbers(&middle.encode_to_vec()), [2, 5, 6]);
        assert_eq!(
            serde_json::to_string(&middle).unwrap(),
            r#"{"s":"s","msg":{"name":"x"},"i32v":1}"#
        );
    }

    #[test]
    fn repeated_numbers_and_enums_are_packed() {
        let k = Kinds {
            ri64: vec![1, 2, 3],
            re: vec![1, -2],
            ru32: vec![1, 300],
            ..Kinds::default()
        };
        let bytes = k.encode_to_vec();
        // Keys are varints: field 24, length-delimited, is (24 << 3) | 2 = 194 = [0xc2, 0x01].
        let mut expected = vec![0xc2, 0x01, 3, 1, 2, 3];
        // -2 is ten bytes as a varint.
        expected.extend([0xd2, 0x01, 11, 1]);
        expected.extend([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        // 300 is [0xac, 0x02].
        expected.extend([0x8a, 0x02, 3, 1, 0xac, 0x02]);
        assert_eq!(bytes, expected);
        // Unpacked lists, as proto2 writers send them, are read too: field 24 as varints.
        let unpacked = [0xc0, 0x01, 1, 0xc0, 0x01, 2, 0xc0, 0x01, 3];
        let decoded = Kinds::decode(&unpacked[..]).unwrap();
        assert_eq!(decoded.ri64, [1, 2, 3]);
    }

    #[test]
    fn every_kind_is_written_as_proto3_json() {
        let json = serde_json::to_value(full()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "s": "s",
                "by": "AP8=",
                "b": true,
                "i32v": -1,
                "i64v": "-9223372036854775808",
                "u32v": 4294967295u32,
                "u64v": "18446744073709551615",
                "s32": -3,
                "s64": "-4",
                "fx32": 5,
                "fx64": "6",
                "sfx32": -7,
                "sfx64": "-8",
                "fl": 0.5,
                "d": -2.25,
                "e": "MINUS",
                "m": {"name": "m"},
                "color": "RED",
                "rs": ["x", ""],
                "rb": ["", "AQ=="],
                "ri64": ["-1", "0", "1099511627776"],
                "rd": [1.5, "-Infinity"],
                "re": ["RED", "MINUS", "UNSET", 9],
                "rm": [{}, {"name": "b"}],
                "ms": {"k": "v"},
                "mi": {"neg": "-9", "zero": "0"},
                "number": "Infinity",
                "mm": {"i": {"name": "i"}},
                "bx": {"name": "bx"},
                "ru32": [1, 300],
            })
        );
        // Members in field-number order, the oneof cases at their numbers.
        let text = serde_json::to_string(&full()).unwrap();
        let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap();
        let order = ["s", "by", "m", "color", "rs", "mi", "number", "mm", "ru32"];
        assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
    }

    oneof! {
        /// Cases at 2 and 30.
        Early {
            /// (field 2).
            Two: string = 2 "two",
            /// (field 30).
            Thirty: string = 30 "thirty",
        }
    }

    oneof! {
        /// Cases at 3 and 20.
        Late {
            /// (field 3).
            Three: string = 3 "three",
            /// (field 20).
            Twenty: string = 20 "twenty",
        }
    }

    message! {
        /// Two oneofs whose cases both fall between the same two fields.
        Two {
            /// (field 1).
            x: string = 1 "x",
            /// Declared first, set last.
            early: oneof(Early),
            /// Declared second, set first.
            late: oneof(Late),
            /// (field 40).
            y: string = 40 "y",
        }
    }

    #[test]
    fn pending_oneofs_are_written_lowest_number_first() {
        let t = Two {
            x: "x".to_owned(),
            early: Some(Early::Thirty("e".to_owned())),
            late: Some(Late::Twenty("l".to_owned())),
            y: "y".to_owned(),
        };
        assert_eq!(numbers(&t.encode_to_vec()), [1, 20, 30, 40]);
        assert_eq!(Two::decode(t.encode_to_vec().as_slice()).unwrap(), t);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"x":"x","twenty":"l","thirty":"e","y":"y"}"#
        );
        let last = Two {
            early: Some(Early::Thirty("e".to_owned())),
            late: Some(Late::Three("l".to_owned())),
            ..Two::default()
        };
        assert_eq!(numbers(&last.encode_to_vec()), [3, 30]);
        assert_eq!(
            serde_json::to_string(&last).unwrap(),
            r#"{"three":"l","thirty":"e"}"#
        );
    }

    #[test]
    fn enums_convert_by_number_and_name() {
        assert_eq!(Color::try_from(-2), Ok(Color::Minus));
        assert_eq!(Color::try_from(3), Err(prost::UnknownEnumValue(3)));
        assert_eq!(i32::from(Color::Red), 1);
        assert_eq!(Color::default(), Color::Unset);
        assert!(Color::is_valid(-2) && !Color::is_valid(2));
        assert_eq!(Color::from_str_name("MINUS"), Some(Color::Minus));
        assert_eq!(Color::Minus.as_str_name(), "MINUS");
    }
}
