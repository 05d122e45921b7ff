//! The `google.protobuf` well-known types flyteidl uses: `Struct`, `Value`, `ListValue`,
//! `NullValue`, `Timestamp`, `Duration`, `BoolValue`.
//!
//! Their proto3 JSON is their own: a `Struct` is a JSON object, a `Value` the JSON value, a
//! `ListValue` an array, a `Timestamp` an RFC 3339 string in UTC (`"2023-11-14T22:13:20Z"`), a
//! `Duration` seconds with an `s` (`"600s"`, `"1.500s"`), a `BoolValue` a bare bool.
//!
//! ```
//! use podtask_flyteidl::protobuf::{Duration, Struct, Timestamp};
//!
//! let timeout = Duration { seconds: 90, nanos: 500_000_000 };
//! assert_eq!(serde_json::to_string(&timeout).unwrap(), r#""90.500s""#);
//! let at = Timestamp { seconds: 1_700_000_000, nanos: 0 };
//! assert_eq!(serde_json::to_string(&at).unwrap(), r#""2023-11-14T22:13:20Z""#);
//! // JSON numbers are doubles in a `Struct`; a whole one is written as an integer again.
//! let object = serde_json::json!({"a": [1, 2.5, "b", null, true]});
//! let s = Struct::from(object.as_object().unwrap().clone());
//! assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"a":[1,2.5,"b",null,true]}"#);
//! ```

use std::fmt::{self, Write as _};

use serde::ser::{Error as _, Serialize, Serializer};

message! {
    @custom_json
    /// A JSON object: `google.protobuf.Struct`.
    Struct {
        /// The members, by key (field 1).
        fields: map(string, message(Value)) = 1 "fields",
    }
}

message! {
    @custom_json
    /// A JSON value: `google.protobuf.Value`.
    Value {
        /// The value; `None` is not valid JSON, parsers refuse it (proto3 JSON writes it as
        /// `null`).
        kind: oneof(value::Kind),
    }
}

/// The oneof of [`Value`].
pub mod value {
    oneof! {
        /// Which JSON value a [`Value`](super::Value) is: its `kind` oneof.
        Kind {
            /// `null` (field 1).
            NullValue: enumeration(super::NullValue) = 1 "nullValue",
            /// A number (field 2).
            NumberValue: double = 2 "numberValue",
            /// A string (field 3).
            StringValue: string = 3 "stringValue",
            /// `true` or `false` (field 4).
            BoolValue: bool = 4 "boolValue",
            /// An object (field 5).
            StructValue: message(super::Struct) = 5 "structValue",
            /// An array (field 6).
            ListValue: message(super::ListValue) = 6 "listValue",
        }
    }
}

message! {
    @custom_json
    /// A JSON array: `google.protobuf.ListValue`.
    ListValue {
        /// The items (field 1).
        values: repeated(message(Value)) = 1 "values",
    }
}

enumeration! {
    /// JSON `null`: `google.protobuf.NullValue`.
    NullValue {
        /// `null`.
        NullValue = 0 => "NULL_VALUE",
    }
}

message! {
    @custom_json
    /// A point in time: `google.protobuf.Timestamp`, seconds and nanoseconds since the Unix epoch.
    #[derive(Copy, Eq, Hash)]
    Timestamp {
        /// Whole seconds since 1970-01-01T00:00:00Z (field 1).
        seconds: int64 = 1 "seconds",
        /// Nanoseconds within the second, `0..=999_999_999` (field 2).
        nanos: int32 = 2 "nanos",
    }
}

message! {
    @custom_json
    /// A span of time: `google.protobuf.Duration`.
    #[derive(Copy, Eq, Hash)]
    Duration {
        /// Whole seconds (field 1).
        seconds: int64 = 1 "seconds",
        /// Nanoseconds, with the sign of `seconds` (field 2).
        nanos: int32 = 2 "nanos",
    }
}

message! {
    @custom_json
    /// A `bool` that can be absent: `google.protobuf.BoolValue`.
    #[derive(Copy, Eq, Hash)]
    BoolValue {
        /// The value (field 1).
        value: bool = 1 "value",
    }
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
            Some(value::Kind::NumberValue(n)) if n.fract() == 0.0 && n.abs() <= EXACT_IN_DOUBLE =>
            {
                #[allow(clippy::cast_possible_truncation)]
                J::from(*n as i64)
            }
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

impl Serialize for Struct {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(&self.fields)
    }
}

/// Doubles hold every integer up to 2^53 exactly.
const EXACT_IN_DOUBLE: f64 = 9_007_199_254_740_992.0;

/// A whole number is written as a JSON integer (`8080`, not `8080.0`), as Go's protojson writes
/// it: what a pod spec's ports and counts look like, and read back as the same double. A number
/// JSON cannot hold is refused, as protobuf's JSON writers do, rather than written as something
/// that reads back as another value.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.kind {
            None | Some(value::Kind::NullValue(_)) => serializer.serialize_unit(),
            Some(value::Kind::NumberValue(n)) if n.fract() == 0.0 && n.abs() <= EXACT_IN_DOUBLE =>
            {
                #[allow(clippy::cast_possible_truncation)]
                serializer.serialize_i64(*n as i64)
            }
            Some(value::Kind::NumberValue(n)) if n.is_finite() => serializer.serialize_f64(*n),
            Some(value::Kind::NumberValue(n)) => Err(S::Error::custom(format_args!(
                "google.protobuf.Value: {n} is not a number JSON can hold"
            ))),
            Some(value::Kind::StringValue(s)) => serializer.serialize_str(s),
            Some(value::Kind::BoolValue(b)) => serializer.serialize_bool(*b),
            Some(value::Kind::StructValue(s)) => s.serialize(serializer),
            Some(value::Kind::ListValue(l)) => l.serialize(serializer),
        }
    }
}

impl Serialize for ListValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(&self.values)
    }
}

impl Serialize for BoolValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(self.value)
    }
}

/// The most seconds a `Duration` holds: 10,000 years.
const MAX_DURATION_SECONDS: u64 = 315_576_000_000;

/// The seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of a `Timestamp`.
const TIMESTAMP_SECONDS: std::ops::RangeInclusive<i64> = -62_135_596_800..=253_402_300_799;

const NANOS_PER_SECOND: u32 = 1_000_000_000;

/// Writes a fraction of a second as protobuf does: nothing when whole, else 3, 6 or 9 digits.
fn write_fraction(out: &mut String, nanos: u32) {
    // Writing to a `String` cannot fail.
    let _ = if nanos == 0 {
        Ok(())
    } else if nanos.is_multiple_of(1_000_000) {
        write!(out, ".{:03}", nanos / 1_000_000)
    } else if nanos.is_multiple_of(1_000) {
        write!(out, ".{:06}", nanos / 1_000)
    } else {
        write!(out, ".{nanos:09}")
    };
}

impl Duration {
    /// The proto3 JSON text, or `None` for a duration out of protobuf's range (nanoseconds past a
    /// second, a sign differing from the seconds', more than 10,000 years).
    fn json_text(&self) -> Option<String> {
        let nanos = self.nanos.unsigned_abs();
        let negative = self.seconds < 0 || self.nanos < 0;
        let sign_ok =
            self.seconds == 0 || self.nanos == 0 || (self.seconds < 0) == (self.nanos < 0);
        let seconds = self.seconds.unsigned_abs();
        if nanos >= NANOS_PER_SECOND || !sign_ok || seconds > MAX_DURATION_SECONDS {
            return None;
        }
        let mut out = String::with_capacity(24);
        if negative {
            out.push('-');
        }
        let _ = write!(out, "{seconds}");
        write_fraction(&mut out, nanos);
        out.push('s');
        Some(out)
    }
}

/// `"600s"`, `"1.500s"`, `"-0.000000001s"`; a duration out of protobuf's range is an error.
impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.json_text() {
            Some(text) => serializer.serialize_str(&text),
            None => Err(S::Error::custom(format_args!(
                "google.protobuf.Duration out of range: {} s {} ns",
                self.seconds, self.nanos
            ))),
        }
    }
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl Timestamp {
    /// The proto3 JSON text, or `None` out of protobuf's range (years 1 to 9999, nanoseconds
    /// within a second).
    fn json_text(&self) -> Option<String> {
        let nanos = u32::try_from(self.nanos)
            .ok()
            .filter(|n| *n < NANOS_PER_SECOND)?;
        if !TIMESTAMP_SECONDS.contains(&self.seconds) {
            return None;
        }
        let days = self.seconds.div_euclid(86_400);
        let secs = self.seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let mut out = String::with_capacity(32);
        let _ = write!(
            out,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            secs / 3_600,
            secs / 60 % 60,
            secs % 60
        );
        write_fraction(&mut out, nanos);
        out.push('Z');
        Some(out)
    }
}

/// RFC 3339 in UTC, `"2023-11-14T22:13:20Z"`, with 3, 6 or 9 digits of fraction when there is
/// one; a timestamp out of protobuf's range is an error.
impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.json_text() {
            Some(text) => serializer.serialize_str(&text),
            None => Err(S::Error::custom(format_args!(
                "google.protobuf.Timestamp out of range: {} s {} ns",
                self.seconds, self.nanos
            ))),
        }
    }
}

impl fmt::Display for Duration {
    /// As proto3 JSON writes it, or the raw fields when out of range.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.json_text() {
            Some(text) => f.write_str(&text),
            None => write!(f, "{}s{}ns", self.seconds, self.nanos),
        }
    }
}

impl fmt::Display for Timestamp {
    /// As proto3 JSON writes it, or the raw fields when out of range.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.json_text() {
            Some(text) => f.write_str(&text),
            None => write!(f, "{}s{}ns", self.seconds, self.nanos),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(seconds: i64, nanos: i32) -> Option<String> {
        Duration { seconds, nanos }.json_text()
    }

    fn t(seconds: i64, nanos: i32) -> Option<String> {
        Timestamp { seconds, nanos }.json_text()
    }

    #[test]
    fn durations_are_written_as_protobuf_writes_them() {
        assert_eq!(d(600, 0).as_deref(), Some("600s"));
        assert_eq!(d(0, 0).as_deref(), Some("0s"));
        assert_eq!(d(1, 500_000_000).as_deref(), Some("1.500s"));
        assert_eq!(d(1, 500_000).as_deref(), Some("1.000500s"));
        assert_eq!(d(1, 5).as_deref(), Some("1.000000005s"));
        assert_eq!(d(-1, -500_000_000).as_deref(), Some("-1.500s"));
        assert_eq!(d(0, -1).as_deref(), Some("-0.000000001s"));
        assert_eq!(d(-5400, 0).as_deref(), Some("-5400s"));
        assert_eq!(
            d(315_576_000_000, 999_999_999).as_deref(),
            Some("315576000000.999999999s")
        );
        assert_eq!(d(1, -1), None, "signs differ");
        assert_eq!(d(0, 1_000_000_000), None, "a whole second of nanos");
        assert_eq!(d(315_576_000_001, 0), None, "past 10,000 years");
        assert_eq!(d(i64::MIN, 0), None);
    }

    #[test]
    fn timestamps_are_rfc_3339_in_utc() {
        assert_eq!(t(0, 0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(t(1_700_000_000, 0).as_deref(), Some("2023-11-14T22:13:20Z"));
        assert_eq!(
            t(1_700_000_000, 5).as_deref(),
            Some("2023-11-14T22:13:20.000000005Z")
        );
        assert_eq!(
            t(1_700_000_000, 10_000).as_deref(),
            Some("2023-11-14T22:13:20.000010Z")
        );
        assert_eq!(
            t(951_782_400, 120_000_000).as_deref(),
            Some("2000-02-29T00:00:00.120Z")
        );
        assert_eq!(t(-1, 0).as_deref(), Some("1969-12-31T23:59:59Z"));
        assert_eq!(
            t(-62_135_596_800, 0).as_deref(),
            Some("0001-01-01T00:00:00Z")
        );
        assert_eq!(
            t(253_402_300_799, 999_999_999).as_deref(),
            Some("9999-12-31T23:59:59.999999999Z")
        );
        assert_eq!(t(253_402_300_800, 0), None);
        assert_eq!(t(-62_135_596_801, 0), None);
        assert_eq!(t(0, -1), None);
        assert_eq!(t(0, 1_000_000_000), None);
    }

    #[test]
    fn out_of_range_values_are_errors_not_text() {
        let bad = Duration {
            seconds: 1,
            nanos: -1,
        };
        assert!(serde_json::to_string(&bad).is_err());
        assert_eq!(bad.to_string(), "1s-1ns");
        let bad = Timestamp {
            seconds: i64::MAX,
            nanos: 0,
        };
        assert!(serde_json::to_string(&bad).is_err());
        let nan = Value {
            kind: Some(value::Kind::NumberValue(f64::NAN)),
        };
        assert!(serde_json::to_string(&nan).is_err());
        assert_eq!(nan.to_json(), serde_json::Value::Null);
    }
}
