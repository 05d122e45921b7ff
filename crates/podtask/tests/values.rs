//! Flyte types of Rust types, traced from their serde impls, and JSON values and literals
//! checked and converted against them.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use podtask::flyteidl::core::LiteralType;
use podtask::value::{check_json, describe};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The Flyte type `#[task]` gives an input or output of type `$t`.
macro_rules! lt {
    ($t:ty) => {
        podtask::types::literal_type::<$t>().unwrap()
    };
}

/// Why `$t` has no Flyte type.
macro_rules! why_not {
    ($t:ty) => {
        podtask::types::literal_type::<$t>().unwrap_err()
    };
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
fn standard_types_have_flytekits_types() {
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
    assert_eq!(
        j(&lt!(Vec<std::num::NonZeroU32>)),
        json!({"collectionType": {"simple": "INTEGER"}})
    );
    assert_eq!(describe(&lt!(Option<Params>)), "optional<struct Params>");
}

#[test]
fn untraceable_types_say_why() {
    let shape = why_not!(Shape);
    assert!(
        shape.contains("the enum Shape has variants with data (Circle, Square)"),
        "{shape}"
    );
    let keys = why_not!(HashMap<u32, String>);
    assert!(keys.contains("a map's keys must be strings"), "{keys}");
    let loose = why_not!(Loose);
    assert!(loose.contains("deserialize_any"), "{loose}");
    let wide = why_not!(Vec<u128>);
    assert!(wide.contains("128-bit"), "{wide}");
    let pair = why_not!((i64, i64));
    assert!(pair.contains("tuples"), "{pair}");
    // The reason starts with the type's name.
    assert!(shape.starts_with("values::Shape: "), "{shape}");
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

mod literals {
    use super::*;
    use podtask::flyteidl::core::{Literal, literal, scalar};
    use podtask::value::{json_to_literal, literal_to_json};
    use prost::Message;
    use serde::de::DeserializeOwned;
    use std::fmt::Debug;

    /// `value` → JSON → Literal → protobuf bytes → Literal → JSON → value, and JSON checked
    /// against the type on the way: the value comes back equal.
    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(
        value: T,
        t: &LiteralType,
    ) -> Literal {
        let json = serde_json::to_value(&value).unwrap();
        assert_eq!(check_json(json.clone(), t).unwrap(), json, "{value:?}");
        let lit = json_to_literal(&json, t).unwrap();
        let back = Literal::decode(lit.encode_to_vec().as_slice()).unwrap();
        assert_eq!(back, lit);
        let json2 = literal_to_json(&back, t).unwrap();
        let value2: T = serde_json::from_value(json2).unwrap();
        assert_eq!(value2, value);
        lit
    }

    macro_rules! rt {
        ($t:ty: $($v:expr),+) => {{
            let t = lt!($t);
            $(round_trip::<$t>($v, &t);)+
        }};
    }

    fn params() -> Params {
        Params {
            learning_rate: 0.125,
            layers: vec![3, -1, i64::from(i32::MAX) * 4],
            name: Some("net".to_owned()),
            color: Color::Green,
        }
    }

    #[test]
    fn every_type_round_trips() {
        rt!(String: String::new(), "héllo\n".to_owned());
        rt!(i8: i8::MIN, i8::MAX);
        rt!(i16: i16::MIN);
        rt!(i32: i32::MIN, i32::MAX);
        rt!(i64: i64::MIN, i64::MAX, 0);
        rt!(u8: u8::MAX);
        rt!(u16: u16::MAX);
        rt!(u32: u32::MAX);
        rt!(u64: 0, i64::MAX as u64);
        rt!(usize: 7);
        rt!(f32: 0.1, -3.5e30, f32::MIN_POSITIVE);
        rt!(f64: 0.1, -0.0, 1e308, 3.0);
        rt!(bool: true, false);
        rt!(Duration: Duration::ZERO, Duration::new(90, 5), Duration::from_secs(i64::MAX as u64));
        rt!(Vec<i64>: vec![], vec![1, 2, 3]);
        rt!(Vec<Vec<String>>: vec![vec!["a".to_owned()], vec![]]);
        rt!(HashMap<String, f64>: HashMap::from([("a".to_owned(), 1.5), ("b".to_owned(), -2.0)]));
        rt!(BTreeMap<String, Vec<bool>>: BTreeMap::from([("k".to_owned(), vec![true, false])]));
        rt!(Option<i64>: Some(5), None);
        rt!(Option<String>: Some(String::new()), None);
        rt!(Option<Vec<i64>>: Some(vec![1]), None);
        rt!(Option<Params>: Some(params()), None);
        rt!(Option<Color>: Some(Color::Red), None);
        rt!(Vec<Option<Duration>>: vec![Some(Duration::from_millis(1500)), None]);
        rt!(Params: params(), Params { name: None, layers: vec![], ..params() });
        rt!(Vec<Params>: vec![params(), params()]);
        rt!(HashMap<String, Params>: HashMap::from([("p".to_owned(), params())]));
        rt!(Color: Color::Red, Color::Green);
        rt!(Vec<Color>: vec![Color::Green, Color::Red]);
        rt!(Meters: Meters(2.5));
    }

    fn scalar(lit: &Literal) -> &scalar::Value {
        match &lit.value {
            Some(literal::Value::Scalar(s)) => s.value.as_ref().unwrap(),
            other => panic!("not a scalar: {other:?}"),
        }
    }

    #[test]
    fn literals_are_written_as_flytekit_writes_them() {
        // Options are unions whose stored type carries the variant's tag.
        let lit = json_to_literal(&json!(5), &lt!(Option<i64>)).unwrap();
        let scalar::Value::Union(u) = scalar(&lit) else {
            panic!("{lit:?}")
        };
        assert_eq!(
            u.r#type.as_ref().unwrap().structure.as_ref().unwrap().tag,
            "int"
        );
        let lit = json_to_literal(&json!(null), &lt!(Option<Params>)).unwrap();
        let scalar::Value::Union(u) = scalar(&lit) else {
            panic!("{lit:?}")
        };
        assert_eq!(
            u.r#type.as_ref().unwrap().structure.as_ref().unwrap().tag,
            "none"
        );
        assert!(matches!(
            scalar(u.value.as_ref().unwrap()),
            scalar::Value::NoneType(_)
        ));
        // Structs are protobuf Structs in scalar.generic.
        let lit = json_to_literal(&serde_json::to_value(params()).unwrap(), &lt!(Params)).unwrap();
        let scalar::Value::Generic(s) = scalar(&lit) else {
            panic!("{lit:?}")
        };
        assert_eq!(s.to_json()["colour"], json!("green"));
    }

    #[test]
    fn options_read_bare_values_too() {
        let t = lt!(Option<i64>);
        let bare = json_to_literal(&json!(7), &lt!(i64)).unwrap();
        assert_eq!(literal_to_json(&bare, &t).unwrap(), json!(7));
        assert_eq!(literal_to_json(&Literal::none(), &t).unwrap(), json!(null));
        let e = literal_to_json(&Literal::none(), &lt!(i64)).unwrap_err();
        assert_eq!(e.to_string(), "expected INTEGER, found none");
        // A union value where a plain value is expected: its value counts.
        let u = json_to_literal(&json!(7), &t).unwrap();
        assert_eq!(literal_to_json(&u, &lt!(i64)).unwrap(), json!(7));
    }

    #[test]
    fn conversion_errors_say_where() {
        let e =
            json_to_literal(&json!({"a": [1, 2.5]}), &lt!(BTreeMap<String, Vec<i64>>)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "at [\"a\"][1]: expected an integer, found the number 2.5"
        );
        let e = json_to_literal(&json!(u64::MAX), &lt!(u64)).unwrap_err();
        assert!(
            e.to_string().contains("above the largest Flyte INTEGER"),
            "{e}"
        );
        let e = json_to_literal(&json!("teal"), &lt!(Color)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected enum{red, green}, found the string \"teal\""
        );
        let lit = json_to_literal(&json!([1]), &lt!(Vec<i64>)).unwrap();
        let e = literal_to_json(&lit, &lt!(Vec<String>)).unwrap_err();
        assert_eq!(e.to_string(), "at [0]: expected STRING, found an integer");
        let e = literal_to_json(&lit, &lt!(Params)).unwrap_err();
        assert_eq!(e.to_string(), "expected struct Params, found a collection");
    }
}

mod registry_errors {
    use podtask::{RegistryError, TaskErrorKind, registry, task};

    use super::Shape;

    #[task(container(image = "img:1"))]
    fn draw(ok: i64, shape: Shape) -> f64 {
        let _ = ok;
        match shape {
            Shape::Circle(r) => r,
            Shape::Square { side } => side,
        }
    }

    #[test]
    fn a_type_without_a_flyte_type_breaks_its_task_naming_the_input() {
        let e = registry().task("values.registry_errors.draw").unwrap_err();
        let RegistryError::Task {
            task,
            location,
            kind:
                TaskErrorKind::UnsupportedType {
                    direction,
                    param,
                    reason,
                },
        } = &e
        else {
            panic!("{e:?}")
        };
        assert_eq!(task, "values.registry_errors.draw");
        assert_eq!((*direction, param.as_str()), ("input", "shape"));
        assert_eq!(reason, &why_not!(Shape));
        assert_eq!(location.file, file!());
        assert_eq!(
            e.to_string(),
            format!(
                "task values.registry_errors.draw at {location}: the type of input \"shape\" has \
                 no Flyte type: values::Shape: the enum Shape has variants with data (Circle, \
                 Square): only enums of unit variants map to a Flyte enum"
            )
        );
        // The function itself still works.
        assert_eq!(draw(1, Shape::Square { side: 2.0 }), 2.0);
    }
}
