//! What the code the macros write calls: written and compiled once here, so that each message
//! expands to little more than one call per field.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use prost::bytes::BufMut;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct, Serializer};

/// Whether a field holds its proto3 default, which neither protobuf nor proto3 JSON writes.
///
/// `None` is the default of a message field, so `Some` of an empty message is written (as `{}` in
/// JSON), as protobuf's own writers do.
pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// A oneof: which case is set, and how to write it.
pub(crate) trait Oneof {
    /// The field numbers of the cases, ascending.
    const TAGS: &'static [u32];

    /// The field number of the set case.
    fn number(&self) -> u32;

    /// Encodes the set case with its field key.
    fn encode_case(&self, buf: &mut impl BufMut);

    /// Writes the set case as a JSON member, under its JSON name.
    fn serialize_case<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error>;
}

/// No oneof waiting to be written: where [`Pending`] chains start.
pub(crate) struct NoOneof;

/// A oneof whose set case is not written yet, after the oneofs of `P`.
///
/// Fields are written in field-number order, and a oneof case at its own number's place among
/// the other fields: a message's fields are declared in order of their (lowest) numbers, each
/// oneof joins the chain where it is declared, and before each field the chain writes the cases
/// whose numbers come before that field's.
pub(crate) struct Pending<'a, P, O>(P, Option<&'a O>);

impl<'a, P, O> Pending<'a, P, O> {
    pub(crate) fn new(prev: P, oneof: Option<&'a O>) -> Self {
        Pending(prev, oneof)
    }
}

/// Writes the pending oneof cases numbered below a field number, lowest first, and gives back
/// the ones still pending (taken and given back by value, so the code the macros write rebinds
/// one name per field).
pub(crate) trait Flush: Sized {
    fn flush(self, below: u32, buf: &mut impl BufMut) -> Self;

    fn flush_json<S: SerializeStruct>(self, below: u32, st: &mut S) -> Result<Self, S::Error>;
}

impl Flush for NoOneof {
    #[inline]
    fn flush(self, _: u32, _: &mut impl BufMut) -> Self {
        self
    }

    #[inline]
    fn flush_json<S: SerializeStruct>(self, _: u32, _: &mut S) -> Result<Self, S::Error> {
        Ok(self)
    }
}

impl<P: Flush, O: Oneof> Flush for Pending<'_, P, O> {
    fn flush(self, below: u32, buf: &mut impl BufMut) -> Self {
        let Pending(mut prev, oneof) = self;
        match oneof {
            Some(o) if o.number() < below => {
                prev = prev.flush(o.number(), buf);
                o.encode_case(buf);
                Pending(prev.flush(below, buf), None)
            }
            _ => Pending(prev.flush(below, buf), oneof),
        }
    }

    fn flush_json<S: SerializeStruct>(self, below: u32, st: &mut S) -> Result<Self, S::Error> {
        let Pending(mut prev, oneof) = self;
        match oneof {
            Some(o) if o.number() < below => {
                prev = prev.flush_json(o.number(), st)?;
                o.serialize_case(st)?;
                Ok(Pending(prev.flush_json(below, st)?, None))
            }
            _ => Ok(Pending(prev.flush_json(below, st)?, oneof)),
        }
    }
}

/// Writes a field as a JSON member, the pending oneof cases numbered before it first, unless
/// it holds its default; gives back the oneofs still pending.
#[inline]
pub(crate) fn field<K, T, P, S>(
    st: &mut S,
    pending: P,
    number: u32,
    name: &'static str,
    value: &T,
) -> Result<P, S::Error>
where
    K: JsonKind<T> + ?Sized,
    T: Default + PartialEq,
    P: Flush,
    S: SerializeStruct,
{
    let pending = pending.flush_json(number, st)?;
    if !is_default(value) {
        st.serialize_field(name, &Json::<K, T>::new(value))?;
    }
    Ok(pending)
}

/// Checks a message's field numbers at compile time: `fields` holds each field's numbers (a
/// oneof's, ascending), in declaration order, which must be the order of their lowest numbers;
/// no number may repeat.
pub(crate) const fn check_tags(fields: &[&[u32]]) {
    let mut i = 0;
    let mut last_first = 0;
    while i < fields.len() {
        let tags = fields[i];
        assert!(!tags.is_empty(), "a oneof needs at least one case");
        assert!(
            tags[0] > last_first,
            "declare a message's fields in order of their field numbers (a oneof at its lowest)"
        );
        last_first = tags[0];
        let mut j = 0;
        while j < tags.len() {
            let tag = tags[j];
            assert!(
                tag >= prost::encoding::MIN_TAG && tag <= prost::encoding::MAX_TAG,
                "a field number must be in 1..=536870911"
            );
            assert!(
                j == 0 || tag > tags[j - 1],
                "list a oneof's cases in order of their field numbers"
            );
            let mut k = i + 1;
            while k < fields.len() {
                let mut l = 0;
                while l < fields[k].len() {
                    assert!(fields[k][l] != tag, "two fields have the same number");
                    l += 1;
                }
                k += 1;
            }
            j += 1;
        }
        i += 1;
    }
}

/// How a field of Rust type `T` is written in proto3 JSON. The implementors are marker types,
/// named after the proto kinds they write; an enum is its own marker.
pub(crate) trait JsonKind<T: ?Sized> {
    fn ser<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
}

/// A value and the way it is written: what the macros hand to `serialize_field`.
pub(crate) struct Json<'a, K: ?Sized, T: ?Sized>(&'a T, PhantomData<K>);

impl<'a, K: ?Sized, T: ?Sized> Json<'a, K, T> {
    #[inline]
    pub(crate) fn new(value: &'a T) -> Self {
        Json(value, PhantomData)
    }
}

impl<K: JsonKind<T> + ?Sized, T: ?Sized> Serialize for Json<'_, K, T> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        K::ser(self.0, serializer)
    }
}

/// As serde writes it: strings, bools, 32-bit integers (as numbers), messages, and lists and
/// maps of those.
pub(crate) enum Plain {}

impl<T: Serialize + ?Sized> JsonKind<T> for Plain {
    #[inline]
    fn ser<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
}

/// A 64-bit integer: a JSON string, as JSON numbers lose precision past 2^53.
pub(crate) enum Int64 {}

impl JsonKind<i64> for Int64 {
    fn ser<S: Serializer>(value: &i64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }
}

impl JsonKind<u64> for Int64 {
    fn ser<S: Serializer>(value: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }
}

/// A float: a number, or `"NaN"`, `"Infinity"`, `"-Infinity"`, which JSON numbers cannot be.
pub(crate) enum Float {}

impl JsonKind<f64> for Float {
    fn ser<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            serializer.serialize_f64(*value)
        } else if value.is_nan() {
            serializer.serialize_str("NaN")
        } else if *value > 0.0 {
            serializer.serialize_str("Infinity")
        } else {
            serializer.serialize_str("-Infinity")
        }
    }
}

impl JsonKind<f32> for Float {
    fn ser<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        Float::ser(&f64::from(*value), serializer)
    }
}

/// Bytes: base64, standard alphabet, padded.
pub(crate) enum Base64 {}

impl JsonKind<Vec<u8>> for Base64 {
    fn ser<S: Serializer>(value: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&Base64Display(value))
    }
}

/// A list written item by item as `K` writes one; `Vec<K>` only names the way, it is never built.
impl<K: JsonKind<T>, T> JsonKind<Vec<T>> for Vec<K> {
    fn ser<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(value.len()))?;
        for item in value {
            seq.serialize_element(&Json::<K, T>::new(item))?;
        }
        seq.end()
    }
}

/// A map from strings, each value written as `K` writes one; as with lists, the map type only
/// names the way.
impl<K: JsonKind<V>, V> JsonKind<BTreeMap<String, V>> for BTreeMap<String, K> {
    fn ser<S: Serializer>(value: &BTreeMap<String, V>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(value.len()))?;
        for (key, item) in value {
            map.serialize_entry(key, &Json::<K, V>::new(item))?;
        }
        map.end()
    }
}

/// Bytes as base64 (RFC 4648, standard alphabet, with padding), as proto3 JSON writes them.
pub(crate) struct Base64Display<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Base64Display<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::with_capacity(self.0.len().div_ceil(3) * 4);
        for chunk in self.0.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
            for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
                // A chunk of k bytes gives k + 1 characters; '=' pads the rest.
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[(n >> shift) as usize & 63]));
                } else {
                    out.push('=');
                }
            }
        }
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648() {
        // The test vectors of RFC 4648, section 10.
        for (raw, b64) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(Base64Display(raw.as_bytes()).to_string(), b64);
        }
        assert_eq!(Base64Display(&[0xfb, 0xff, 0xbf]).to_string(), "+/+/");
        assert_eq!(Base64Display(&[0, 0, 0, 0]).to_string(), "AAAAAA==");
    }

    fn check(fields: &[&[u32]]) -> bool {
        std::panic::catch_unwind(|| check_tags(fields)).is_ok()
    }

    #[test]
    fn field_numbers_are_checked() {
        assert!(check(&[]));
        assert!(check(&[&[1, 2, 3, 8], &[4], &[5]]));
        assert!(check(&[&[1], &[2, 3]]));
        assert!(!check(&[&[2], &[1]]), "out of order");
        assert!(!check(&[&[1], &[1]]), "repeated number");
        assert!(
            !check(&[&[1, 4], &[2], &[4]]),
            "a oneof case repeats a field"
        );
        assert!(!check(&[&[3, 2]]), "oneof cases out of order");
        assert!(!check(&[&[]]), "empty oneof");
        assert!(!check(&[&[0]]), "field number 0");
    }
}
