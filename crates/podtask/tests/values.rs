//! Flyte types of Rust types through the macros' two-level choice, and JSON values checked
//! against them.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use podtask::__private::Probe;
use podtask::flyte::LiteralType;
use podtask::value::{check_json, describe};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// What `#[task]` writes for an input or output of type `$t`.
macro_rules! lt {
    ($t:ty) => {{
        let f: fn() -> LiteralType = || {
            #[allow(unused_imports)]
            use podtask::__private::{ViaFlyteType as _, ViaSerde as _};
            (&&Probe::<$t>::NEW).literal_type()
        };
        f()
    }};
}

fn j(t: &LiteralType) -> serde_json::Value {
    serde_json::to_value(t).unwrap()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Params {
    learning_rate: f64,
    layers: Vec<i64>,
    name: Option<String>,
    #[serde(rename = "colour")]
    color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Color {
    Red,
    Green,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Shape {
    Circle(f64),
    Square { side: f64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Loose {
    A(i64),
    B(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Meters(f64);

#[test]
fn flyte_types_come_first() {
    assert_eq!(j(&lt!(i64)), json!({"simple": "INTEGER"}));
    assert_eq!(j(&lt!(u64)), json!({"simple": "INTEGER"}));
    assert_eq!(j(&lt!(Duration)), json!({"simple": "DURATION"}));
    assert_eq!(
        j(&lt!(Option<Vec<String>>)),
        json!({"unionType": {"variants": [
            {"collectionType": {"simple": "STRING"}, "structure": {"tag": "Typed List"}},
            {"simple": "NONE", "structure": {"tag": "none"}}]}})
    );
}

#[test]
fn serde_types_are_traced() {
    let t = lt!(Params);
    assert_eq!(
        j(&t),
        json!({
            "simple": "STRUCT",
            "metadata": {
                "title": "Params",
                "type": "object",
                "additionalProperties": false,
                "required": ["learning_rate", "layers", "colour"],
                "properties": {
                    "learning_rate": {"type": "number"},
                    "layers": {"type": "array", "items": {"type": "integer"}},
                    "name": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "colour": {"type": "string", "enum": ["red", "green"]},
                },
            },
            "structure": {"dataclassType": {
                "learning_rate": {"simple": "FLOAT"},
                "layers": {"collectionType": {"simple": "INTEGER"}},
                "name": {"unionType": {"variants": [
                    {"simple": "STRING", "structure": {"tag": "str"}},
                    {"simple": "NONE", "structure": {"tag": "none"}}]}},
                "colour": {"enumType": {"values": ["red", "green"]}},
            }},
        })
    );
    assert_eq!(describe(&t), "struct Params");
    assert_eq!(
        j(&lt!(Color)),
        json!({"enumType": {"values": ["red", "green"]}})
    );
    // Enums nested in containers are traced through every variant too.
    assert_eq!(
        j(&lt!(Vec<Option<Color>>)),
        json!({"collectionType": {"unionType": {"variants": [
            {"enumType": {"values": ["red", "green"]}, "structure": {"tag": "DefaultEnumTransformer"}},
            {"simple": "NONE", "structure": {"tag": "none"}}]}}})
    );
    assert_eq!(
        j(&lt!(BTreeMap<String, Vec<Duration>>)),
        json!({"mapValueType": {"collectionType": {"simple": "DURATION"}}})
    );
    assert_eq!(
        j(&lt!(HashMap<String, Params>)),
        json!({"mapValueType": j(&t)})
    );
    assert_eq!(j(&lt!(Meters)), json!({"simple": "FLOAT"}));
    assert_eq!(describe(&lt!(Option<Params>)), "optional<struct Params>");
}

#[test]
fn untraceable_types_say_why() {
    let reason = |t: LiteralType| describe(&t);
    let shape = reason(lt!(Shape));
    assert!(
        shape.contains("the enum Shape has variants with data (Circle, Square)"),
        "{shape}"
    );
    let keys = reason(lt!(HashMap<u32, String>));
    assert!(keys.contains("a map's keys must be strings"), "{keys}");
    let loose = reason(lt!(Loose));
    assert!(loose.contains("deserialize_any"), "{loose}");
    let wide = reason(lt!(Vec<u128>));
    assert!(wide.contains("128-bit"), "{wide}");
}

#[test]
fn json_is_checked_against_the_type() {
    let params = lt!(Params);
    let int = lt!(i64);
    assert_eq!(check_json(json!(3), &int).unwrap(), json!(3));
    assert_eq!(check_json(json!(3.0), &int).unwrap(), json!(3));
    let big = check_json(json!(u64::MAX), &int).unwrap_err();
    assert!(
        big.to_string().contains("above the largest Flyte INTEGER"),
        "{big}"
    );
    let e = check_json(json!([1, "x"]), &lt!(Vec<i64>)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "at [1]: expected INTEGER, found the string \"x\""
    );
    let e = check_json(json!({"a": null}), &lt!(BTreeMap<String, f64>)).unwrap_err();
    assert_eq!(e.to_string(), "at [\"a\"]: expected FLOAT, found null");
    assert_eq!(
        check_json(json!("1.5s"), &lt!(Duration)).unwrap(),
        json!({"secs": 1, "nanos": 500_000_000})
    );
    assert_eq!(
        check_json(json!({"secs": 2, "nanos": 0}), &lt!(Duration)).unwrap(),
        json!({"secs": 2, "nanos": 0})
    );
    let e = check_json(json!("blue"), &lt!(Color)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "expected enum{red, green}, found the string \"blue\""
    );
    assert_eq!(
        check_json(json!(null), &lt!(Option<i64>)).unwrap(),
        json!(null)
    );
    let e = check_json(json!("x"), &lt!(Option<i64>)).unwrap_err();
    assert_eq!(e.to_string(), "expected INTEGER, found the string \"x\"");
    let e = check_json(json!(null), &int).unwrap_err();
    assert_eq!(e.to_string(), "expected INTEGER, found null");
    let e = check_json(json!([]), &params).unwrap_err();
    assert_eq!(e.to_string(), "expected struct Params, found an array");
}
