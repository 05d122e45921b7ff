use std::collections::{BTreeMap, HashMap};
use std::num::{NonZeroU32, NonZeroU64};
use std::time::{Duration, Instant};

use super::{Shape, VariantShape, trace};
use serde::Deserialize;

fn b(s: Shape) -> Box<Shape> {
    Box::new(s)
}

/// The error message of tracing `T`, which must fail.
fn refusal<T: serde::de::DeserializeOwned>() -> String {
    match trace::<T>() {
        Ok(shape) => panic!("{} traced as {shape:?}", std::any::type_name::<T>()),
        Err(e) => e.to_string(),
    }
}

const ANY: &str = "its Deserialize impl reads self-describing data (deserialize_any: an untagged \
    or internally tagged enum, #[serde(flatten)], serde_json::Value), so its shape cannot be \
    known ahead";

#[test]
fn primitives() {
    assert_eq!(trace::<bool>().unwrap(), Shape::Bool);
    assert_eq!(trace::<i8>().unwrap(), Shape::I8);
    assert_eq!(trace::<i16>().unwrap(), Shape::I16);
    assert_eq!(trace::<i32>().unwrap(), Shape::I32);
    assert_eq!(trace::<i64>().unwrap(), Shape::I64);
    assert_eq!(trace::<i128>().unwrap(), Shape::I128);
    assert_eq!(trace::<u8>().unwrap(), Shape::U8);
    assert_eq!(trace::<u16>().unwrap(), Shape::U16);
    assert_eq!(trace::<u32>().unwrap(), Shape::U32);
    assert_eq!(trace::<u64>().unwrap(), Shape::U64);
    assert_eq!(trace::<u128>().unwrap(), Shape::U128);
    assert_eq!(trace::<f32>().unwrap(), Shape::F32);
    assert_eq!(trace::<f64>().unwrap(), Shape::F64);
    assert_eq!(trace::<char>().unwrap(), Shape::Char);
    assert_eq!(trace::<String>().unwrap(), Shape::Str);
    assert_eq!(trace::<Box<str>>().unwrap(), Shape::Str);
    assert_eq!(trace::<()>().unwrap(), Shape::Unit);
}

#[test]
fn nonzero_integers() {
    assert_eq!(trace::<NonZeroU32>().unwrap(), Shape::U32);
    assert_eq!(trace::<NonZeroU64>().unwrap(), Shape::U64);
    assert_eq!(
        trace::<Option<NonZeroU32>>().unwrap(),
        Shape::Option(b(Shape::U32))
    );
}

#[test]
fn options_sequences_and_maps() {
    assert_eq!(
        trace::<Option<Option<i64>>>().unwrap(),
        Shape::Option(b(Shape::Option(b(Shape::I64))))
    );
    assert_eq!(
        trace::<Vec<Vec<String>>>().unwrap(),
        Shape::Seq(b(Shape::Seq(b(Shape::Str))))
    );
    assert_eq!(trace::<Vec<u8>>().unwrap(), Shape::Seq(b(Shape::U8)));
    assert_eq!(
        trace::<HashMap<String, f64>>().unwrap(),
        Shape::Map {
            key: b(Shape::Str),
            value: b(Shape::F64)
        }
    );
    assert_eq!(
        trace::<BTreeMap<String, Vec<i64>>>().unwrap(),
        Shape::Map {
            key: b(Shape::Str),
            value: b(Shape::Seq(b(Shape::I64)))
        }
    );
    assert_eq!(
        trace::<HashMap<u32, String>>().unwrap(),
        Shape::Map {
            key: b(Shape::U32),
            value: b(Shape::Str)
        }
    );
}

#[test]
fn tuples_arrays_and_boxes() {
    assert_eq!(
        trace::<[i64; 3]>().unwrap(),
        Shape::Tuple(vec![Shape::I64, Shape::I64, Shape::I64])
    );
    assert_eq!(
        trace::<(bool, String)>().unwrap(),
        Shape::Tuple(vec![Shape::Bool, Shape::Str])
    );
    assert_eq!(trace::<Box<u16>>().unwrap(), Shape::U16);
    assert_eq!(
        trace::<Box<Vec<Box<i8>>>>().unwrap(),
        Shape::Seq(b(Shape::I8))
    );
}

#[test]
fn duration() {
    assert_eq!(
        trace::<Duration>().unwrap(),
        Shape::Struct(
            "Duration",
            vec![("secs", Shape::U64), ("nanos", Shape::U32)]
        )
    );
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Inner {
    x: i32,
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Outer {
    inner: Inner,
    max_count: Option<u64>,
    tags: Vec<String>,
    #[serde(rename = "RENAMED")]
    renamed_field: bool,
    #[serde(default)]
    with_default: f32,
    #[serde(skip)]
    skipped: Vec<u8>,
    #[serde(alias = "aaa", alias = "zzz")]
    aliased: char,
}

#[test]
fn structs() {
    let inner = Shape::Struct(
        "Inner",
        vec![("x", Shape::I32), ("label", Shape::Option(b(Shape::Str)))],
    );
    assert_eq!(
        trace::<Outer>().unwrap(),
        Shape::Struct(
            "Outer",
            vec![
                ("inner", inner),
                ("maxCount", Shape::Option(b(Shape::U64))),
                ("tags", Shape::Seq(b(Shape::Str))),
                ("RENAMED", Shape::Bool),
                ("withDefault", Shape::F32),
                ("aliased", Shape::Char),
            ]
        )
    );
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Meters(f64);

#[derive(Deserialize)]
#[allow(dead_code)]
struct Pair(u8, String);

#[derive(Deserialize)]
struct Marker;

#[derive(Deserialize)]
#[serde(transparent)]
#[allow(dead_code)]
struct Transparent {
    value: i16,
}

#[test]
fn newtype_tuple_and_unit_structs() {
    assert_eq!(
        trace::<Meters>().unwrap(),
        Shape::NewtypeStruct("Meters", b(Shape::F64))
    );
    assert_eq!(
        trace::<Pair>().unwrap(),
        Shape::TupleStruct("Pair", vec![Shape::U8, Shape::Str])
    );
    assert_eq!(trace::<Marker>().unwrap(), Shape::UnitStruct("Marker"));
    assert_eq!(trace::<Transparent>().unwrap(), Shape::I16);
}

#[derive(Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
enum Color {
    Red,
    Green,
    Blue,
    DarkCyan,
    #[serde(rename = "MAGENTA")]
    Magenta,
}

fn color() -> Shape {
    let names = ["red", "green", "blue", "dark_cyan", "MAGENTA"];
    Shape::Enum("Color", names.map(|n| (n, VariantShape::Unit)).to_vec())
}

#[test]
fn unit_only_enum_lists_every_variant_in_order() {
    assert_eq!(trace::<Color>().unwrap(), color());
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Data {
    Empty,
    One(i64),
    Two(String, bool),
    Named { a: u8, b: Option<f64> },
}

fn data() -> Shape {
    Shape::Enum(
        "Data",
        vec![
            ("Empty", VariantShape::Unit),
            ("One", VariantShape::Newtype(Shape::I64)),
            ("Two", VariantShape::Tuple(vec![Shape::Str, Shape::Bool])),
            (
                "Named",
                VariantShape::Struct(vec![("a", Shape::U8), ("b", Shape::Option(b(Shape::F64)))]),
            ),
        ],
    )
}

#[test]
fn enum_with_data_variants() {
    assert_eq!(trace::<Data>().unwrap(), data());
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Nested {
    Plain,
    Colored(Color),
    Both { color: Color, data: Vec<Data> },
    Deeper(Box<Option<Nested2>>),
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Nested2 {
    X(Data),
    Y(Color),
}

#[test]
fn enums_inside_enum_variants_are_traced_whole() {
    let nested2 = Shape::Enum(
        "Nested2",
        vec![
            ("X", VariantShape::Newtype(data())),
            ("Y", VariantShape::Newtype(color())),
        ],
    );
    assert_eq!(
        trace::<Nested>().unwrap(),
        Shape::Enum(
            "Nested",
            vec![
                ("Plain", VariantShape::Unit),
                ("Colored", VariantShape::Newtype(color())),
                (
                    "Both",
                    VariantShape::Struct(vec![("color", color()), ("data", Shape::Seq(b(data())))])
                ),
                ("Deeper", VariantShape::Newtype(Shape::Option(b(nested2)))),
            ]
        )
    );
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Holder {
    first: Option<Vec<Color>>,
    second: Color,
    keyed: HashMap<Color, Data>,
}

#[test]
fn struct_with_enums_in_containers() {
    assert_eq!(
        trace::<Holder>().unwrap(),
        Shape::Struct(
            "Holder",
            vec![
                ("first", Shape::Option(b(Shape::Seq(b(color()))))),
                ("second", color()),
                (
                    "keyed",
                    Shape::Map {
                        key: b(color()),
                        value: b(data())
                    }
                ),
            ]
        )
    );
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Tree {
    value: i32,
    children: Vec<Tree>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Node {
    next: Option<Box<Node>>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum List {
    Cons(i32, Box<List>),
    Nil,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Loop {
    next: Box<Loop>,
}

#[test]
fn recursive_types() {
    assert_eq!(
        trace::<Tree>().unwrap(),
        Shape::Struct(
            "Tree",
            vec![
                ("value", Shape::I32),
                ("children", Shape::Seq(b(Shape::Recursive("Tree"))))
            ]
        )
    );
    assert_eq!(
        trace::<Node>().unwrap(),
        Shape::Struct(
            "Node",
            vec![("next", Shape::Option(b(Shape::Recursive("Node"))))]
        )
    );
    assert_eq!(
        trace::<List>().unwrap(),
        Shape::Enum(
            "List",
            vec![
                (
                    "Cons",
                    VariantShape::Tuple(vec![Shape::I32, Shape::Recursive("List")])
                ),
                ("Nil", VariantShape::Unit),
            ]
        )
    );
    let e = refusal::<Loop>();
    assert!(e.contains("nests more than"), "{e}");
}

#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Untagged {
    A(i64),
    B(String),
}

#[derive(Deserialize)]
#[serde(tag = "type")]
#[allow(dead_code)]
enum Internal {
    A { x: i64 },
    B,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Flattened {
    a: i64,
    #[serde(flatten)]
    rest: Inner,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct WithJson {
    extra: serde_json::Value,
}

#[test]
fn self_describing_types_are_refused() {
    assert_eq!(refusal::<Untagged>(), ANY);
    assert_eq!(refusal::<Internal>(), ANY);
    assert_eq!(refusal::<Flattened>(), format!("at {{value}}: {ANY}"));
    assert_eq!(refusal::<serde_json::Value>(), ANY);
    assert_eq!(refusal::<WithJson>(), format!("at WithJson.extra: {ANY}"));
    let e = refusal::<Vec<Option<Untagged>>>();
    assert_eq!(e, format!("at []: {ANY}"));
}

#[test]
fn other_refusals() {
    let e = refusal::<serde::de::IgnoredAny>();
    assert!(e.contains("deserialize_ignored_any"), "{e}");
    #[derive(Deserialize, Debug)]
    enum Never {}
    let e = refusal::<Never>();
    assert!(e.contains("the enum Never has no variants"), "{e}");
}

/// Accepts only strings that parse as a number.
#[derive(Deserialize)]
#[serde(try_from = "String")]
#[allow(dead_code)]
struct Numeric(String);

impl TryFrom<String> for Numeric {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.parse::<f64>() {
            Ok(_) => Ok(Numeric(s)),
            Err(_) => Err(format!("{s:?} is not a number")),
        }
    }
}

/// Accepts nothing.
#[derive(Deserialize)]
#[serde(try_from = "u16")]
#[allow(dead_code)]
struct Impossible(u16);

impl TryFrom<u16> for Impossible {
    type Error = String;
    fn try_from(n: u16) -> Result<Self, String> {
        Err(format!("{n} is not possible"))
    }
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Validated {
    a: Numeric,
    addr: std::net::IpAddr,
    socket: std::net::SocketAddr,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HoldsImpossible {
    fine: u8,
    port: Impossible,
}

#[test]
fn refused_samples_are_replaced_or_reported() {
    assert_eq!(
        trace::<Validated>().unwrap(),
        Shape::Struct(
            "Validated",
            vec![
                ("a", Shape::Str),
                ("addr", Shape::Str),
                ("socket", Shape::Str)
            ]
        )
    );
    let e = refusal::<HoldsImpossible>();
    assert!(
        e.starts_with("at HoldsImpossible.port: its Deserialize impl refuses the values"),
        "{e}"
    );
    assert!(
        e.contains("3 u16 samples tried at HoldsImpossible.port"),
        "{e}"
    );
    assert!(e.contains("65535 is not possible"), "{e}");
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Config {
    name: String,
    retries: u32,
    ratio: f64,
    enabled: bool,
    timeout: Duration,
    tags: Vec<String>,
    labels: HashMap<String, String>,
    limits: BTreeMap<String, i64>,
    inner: Inner,
    color: Color,
    data: Option<Data>,
    steps: Vec<Step>,
    owner: Option<String>,
    weight: Meters,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Step {
    id: u64,
    command: Vec<String>,
    env: HashMap<String, String>,
    kind: Color,
}

#[test]
fn tracing_a_mid_size_struct_many_times() {
    let first = trace::<Config>().unwrap();
    let Shape::Struct("Config", fields) = &first else {
        panic!("{first:?}")
    };
    assert_eq!(fields.len(), 14);
    let start = Instant::now();
    for _ in 0..1000 {
        assert_eq!(trace::<Config>().unwrap(), first);
    }
    let each = start.elapsed() / 1000;
    println!("trace::<Config>() takes {each:?} per trace");
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Aliased {
    #[serde(alias = "Old")]
    New,
    Other,
    #[serde(skip_deserializing)]
    Skipped,
}

#[test]
fn enum_variants_list_aliases_and_leave_out_skipped() {
    assert_eq!(
        trace::<Aliased>().unwrap(),
        Shape::Enum(
            "Aliased",
            vec![
                ("New", VariantShape::Unit),
                ("Old", VariantShape::Unit),
                ("Other", VariantShape::Unit),
            ]
        )
    );
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Holds {
    e: Choice,
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Choice {
    A(Box<Holds>),
    B(Box<Holds>),
    C,
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Ping {
    Pong(Box<Pong>),
    Stop,
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Pong {
    Ping(Box<Ping>),
    Halt,
}

#[test]
fn recursion_through_several_types() {
    let choice = Shape::Enum(
        "Choice",
        vec![
            ("A", VariantShape::Newtype(Shape::Recursive("Holds"))),
            ("B", VariantShape::Newtype(Shape::Recursive("Holds"))),
            ("C", VariantShape::Unit),
        ],
    );
    assert_eq!(
        trace::<Holds>().unwrap(),
        Shape::Struct("Holds", vec![("e", choice)])
    );
    let pong = Shape::Enum(
        "Pong",
        vec![
            ("Ping", VariantShape::Newtype(Shape::Recursive("Ping"))),
            ("Halt", VariantShape::Unit),
        ],
    );
    assert_eq!(
        trace::<Ping>().unwrap(),
        Shape::Enum(
            "Ping",
            vec![
                ("Pong", VariantShape::Newtype(pong)),
                ("Stop", VariantShape::Unit)
            ]
        )
    );
    // Pong met first outside Ping: Ping's variants still come out whole.
    let shape = trace::<(Pong, Ping)>().unwrap();
    let Shape::Tuple(items) = &shape else {
        panic!("{shape:?}")
    };
    assert!(
        matches!(&items[1], Shape::Enum("Ping", v) if v.len() == 2),
        "{shape:?}"
    );
}

#[derive(Deserialize)]
#[serde(tag = "t", content = "c")]
#[allow(dead_code)]
enum Adjacent {
    A(i64),
    B,
}

#[test]
fn adjacently_tagged_enums_are_refused() {
    let e = refusal::<Adjacent>();
    assert_eq!(
        e,
        "at Adjacent.t: the enum Adjacent is adjacently tagged (#[serde(tag, content)]): the \
         shape of its content depends on its tag"
    );
}

/// An enum with more variants than passes allowed.
struct Huge;

impl<'de> Deserialize<'de> for Huge {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Huge;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a huge enum")
            }
            fn visit_enum<A: serde::de::EnumAccess<'de>>(self, a: A) -> Result<Huge, A::Error> {
                use serde::de::VariantAccess;
                let (_, v): (String, _) = a.variant()?;
                v.unit_variant()?;
                Ok(Huge)
            }
        }
        let names: Vec<&'static str> = (0..2000)
            .map(|i| &*Box::leak(format!("V{i}").into_boxed_str()))
            .collect();
        d.deserialize_enum("Huge", Box::leak(names.into_boxed_slice()), V)
    }
}

#[test]
fn work_is_bounded() {
    let e = refusal::<Huge>();
    assert!(e.contains("takes more than 1024 passes"), "{e}");
}

#[test]
fn phantom_data_is_a_unit_struct() {
    assert_eq!(
        trace::<std::marker::PhantomData<u8>>().unwrap(),
        Shape::UnitStruct("PhantomData")
    );
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Strict {
    level: Level,
    #[serde(alias = "b")]
    c: Option<i64>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Level {
    Low,
    High,
    #[serde(other)]
    Unknown,
}

#[test]
fn deny_unknown_fields_and_other_variant() {
    let level = Shape::Enum(
        "Level",
        vec![
            ("Low", VariantShape::Unit),
            ("High", VariantShape::Unit),
            ("Unknown", VariantShape::Unit),
        ],
    );
    assert_eq!(
        trace::<Strict>().unwrap(),
        Shape::Struct(
            "Strict",
            vec![("level", level), ("c", Shape::Option(b(Shape::I64)))]
        )
    );
}
