//! A task binary with a task for every kind of value podtask carries, for the round trip with
//! Python's flyteidl (`tests/interop/roundtrip.py`) and the `execute` tests:
//!
//! ```text
//! cargo run -p podtask --example interop -- run interop.add --input a=2 --input b=3
//! ```

use std::collections::{BTreeMap, HashMap};
use std::process::ExitCode;
use std::time::Duration;

use podtask::task;
use serde::{Deserialize, Serialize};

/// A plain serde struct: a Flyte STRUCT, carried as a protobuf `Struct`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// A float field.
    pub learning_rate: f64,
    /// A list field.
    pub layers: Vec<i64>,
    /// An optional field.
    pub name: Option<String>,
    /// An enum field.
    pub color: Color,
    /// A map field.
    pub tags: BTreeMap<String, String>,
}

/// An enum of unit variants: a Flyte enum of the names serde gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Color {
    /// Red.
    Red,
    /// Green.
    Green,
    /// Blue.
    Blue,
}

/// What `summarize` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// How many layers.
    pub layers: usize,
    /// Their sum.
    pub total: i64,
    /// The name, or "anonymous".
    pub name: String,
}

/// Adds two numbers: the trivial task of the start-up benchmark.
#[task(container(image = "ghcr.io/acme/interop:1"))]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// Every scalar, given back as it came.
#[allow(clippy::too_many_arguments)]
#[task(container(image = "ghcr.io/acme/interop:1"))]
fn scalars(
    s: String,
    i: i64,
    u: u64,
    small: u8,
    f: f64,
    g: f32,
    b: bool,
    d: Duration,
) -> (String, i64, u64, u8, f64, f32, bool, Duration) {
    (s, i, u, small, f, g, b, d)
}

/// Lists and maps, each changed a little so the outputs prove the task ran.
// Each element of the returned tuple is one output of the task: the tuple is the interface.
#[allow(clippy::type_complexity)]
#[task(container(image = "ghcr.io/acme/interop:1"))]
fn containers(
    li: Vec<i64>,
    ls: Vec<String>,
    hm: HashMap<String, f64>,
    bm: BTreeMap<String, Vec<bool>>,
    nested: Vec<BTreeMap<String, i64>>,
    durations: Vec<Duration>,
) -> (
    Vec<i64>,
    Vec<String>,
    HashMap<String, f64>,
    BTreeMap<String, Vec<bool>>,
    Vec<BTreeMap<String, i64>>,
    Vec<Duration>,
) {
    let li = li.into_iter().map(|x| x * 2).collect();
    let ls = ls.into_iter().map(|s| s.to_uppercase()).collect();
    let hm = hm.into_iter().map(|(k, v)| (k, v + 0.5)).collect();
    let bm = bm
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().map(|b| !b).collect()))
        .collect();
    let durations = durations.into_iter().map(|d| d * 2).collect();
    (li, ls, hm, bm, nested, durations)
}

/// Options, some given and some not; each comes back as it came.
#[allow(clippy::type_complexity)]
#[task(container(image = "ghcr.io/acme/interop:1"))]
fn options(
    oi: Option<i64>,
    os: Option<String>,
    missing: Option<i64>,
    op: Option<Params>,
    ol: Option<Vec<i64>>,
    oc: Option<Color>,
) -> (
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<Params>,
    Option<Vec<i64>>,
    Option<Color>,
) {
    (oi, os, missing, op, ol, oc)
}

/// Structs and enums: the struct comes back with one more layer, the color turned.
#[task(container(image = "ghcr.io/acme/interop:1"))]
fn structs(
    p: Params,
    many: Vec<Params>,
    color: Color,
    colors: Vec<Color>,
) -> (Params, usize, Color, Vec<Color>) {
    let turn = |c: Color| match c {
        Color::Red => Color::Green,
        Color::Green => Color::Blue,
        Color::Blue => Color::Red,
    };
    let mut p = p;
    p.layers.push(p.layers.len() as i64);
    (
        p,
        many.len(),
        turn(color),
        colors.into_iter().map(turn).collect(),
    )
}

/// A `Result` return: `Ok` is the output.
#[task(container(image = "ghcr.io/acme/interop:1"))]
fn summarize(p: Params) -> Result<Summary, String> {
    if p.layers.is_empty() {
        return Err("no layers".to_owned());
    }
    Ok(Summary {
        layers: p.layers.len(),
        total: p.layers.iter().sum(),
        name: p.name.unwrap_or_else(|| "anonymous".to_owned()),
    })
}

/// Fails with its input as the error.
#[task(container(image = "ghcr.io/acme/interop:1"))]
fn fail(message: String) -> Result<i64, String> {
    Err(message)
}

/// Panics when asked to divide by zero.
#[task(container(image = "ghcr.io/acme/interop:1"))]
fn divide(a: i64, b: i64) -> i64 {
    if b == 0 {
        panic!("cannot divide {a} by zero");
    }
    a / b
}

/// An async task: waits on a future that another thread completes.
#[task(container(image = "ghcr.io/acme/interop:1"))]
async fn later(x: i64) -> i64 {
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let value = Handoff::new(x + 1);
    let shared = value.clone();
    std::thread::spawn(move || {
        let _ = rx.recv();
        shared.complete();
    });
    let _ = tx.send(());
    value.await
}

/// A value another thread makes ready, waking the task: exercises the executor's waker.
#[derive(Clone)]
struct Handoff(std::sync::Arc<std::sync::Mutex<(bool, i64, Option<std::task::Waker>)>>);

impl Handoff {
    fn new(v: i64) -> Self {
        Handoff(std::sync::Arc::new(std::sync::Mutex::new((false, v, None))))
    }

    fn complete(&self) {
        let mut s = self.0.lock().unwrap_or_else(|e| e.into_inner());
        s.0 = true;
        if let Some(w) = s.2.take() {
            w.wake();
        }
    }
}

impl std::future::Future for Handoff {
    type Output = i64;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<i64> {
        let mut s = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if s.0 {
            std::task::Poll::Ready(s.1)
        } else {
            s.2 = Some(cx.waker().clone());
            std::task::Poll::Pending
        }
    }
}

/// A raw container task: its container runs a command, so it cannot run in process.
#[allow(dead_code)]
#[task(container(
    image = "python:3.12-slim",
    command = ["python", "-c", "print('hi')"],
))]
fn shell(x: i64) -> i64 {
    x
}

fn main() -> ExitCode {
    podtask::main()
}
