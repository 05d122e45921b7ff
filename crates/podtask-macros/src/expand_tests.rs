//! Snapshots of what `#[task]` expands to, for two representative tasks: a function task with
//! typed inputs and a pod task. A change to the expansion shows here, in review, as a change to
//! `snapshots/*.rs` (regenerate with `UPDATE_SNAPSHOTS=1 cargo test -p podtask-macros`).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use proc_macro2::TokenStream;
use quote::quote;

/// `tokens` as rustfmt lays them out.
fn pretty(tokens: &TokenStream) -> String {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rustfmt runs (it comes with the toolchain: `rustup component add rustfmt`)");
    child
        .stdin
        .take()
        .expect("rustfmt's stdin")
        .write_all(tokens.to_string().as_bytes())
        .expect("rustfmt reads the expansion");
    let out = child.wait_with_output().expect("rustfmt finishes");
    assert!(out.status.success(), "rustfmt failed on: {tokens}");
    let text = String::from_utf8(out.stdout).expect("rustfmt writes UTF-8");
    // rustfmt leaves a macro call in braces on one line: one line per part reads better.
    text.lines()
        .map(|line| match line.find("task! { ") {
            Some(at) => {
                let lead = line.len() - line.trim_start().len();
                let indent = " ".repeat(lead + 4);
                let body = line[at + 8..].trim_end_matches('}').trim_end();
                let parts: Vec<String> = body
                    .split(" ; ")
                    .map(|p| format!("{indent}{}", p.trim_end_matches(" ;")))
                    .collect();
                format!(
                    "{}task! {{\n{}\n{}}}\n",
                    &line[..at],
                    parts.join(";\n") + ";",
                    " ".repeat(lead)
                )
            }
            None => format!("{line}\n"),
        })
        .collect()
}

fn check(name: &str, attr: TokenStream, item: TokenStream) {
    let expanded = pretty(&super::task(attr, item));
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("snapshots")
        .join(format!("{name}.rs"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &expanded).expect("the snapshot is written");
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == expanded,
        "the expansion of {name} changed; review it and run UPDATE_SNAPSHOTS=1 cargo test -p \
         podtask-macros to store it.\n--- stored\n{stored}\n--- now\n{expanded}"
    );
}

#[test]
fn a_function_task_with_typed_inputs() {
    check(
        "function_task",
        quote!(
            container(image = "ghcr.io/acme/etl:v1.2.3", env(MODE = "batch")),
            resources(
                requests(cpu = "500m", memory = "1Gi"),
                limits(cpu = "2", memory = "4Gi")
            ),
            retries = 2,
            timeout = "1h",
        ),
        quote!(
            /// Processes one file.
            fn process(path: String, threshold: f64, ids: Vec<i64>) -> (String, i64) {
                (format!("{path}{threshold}"), ids.len() as i64)
            }
        ),
    );
}

#[test]
fn a_pod_task() {
    check(
        "pod_task",
        quote!(
            container(image = "ghcr.io/acme/train:2.4.0"),
            resources(requests(gpu = "1"), limits(gpu = "1")),
            pod(
                primary_container = "main",
                labels(app = "train"),
                spec = {
                    "containers": [
                        { "name": "main" },
                        { "name": "logger", "image": "busybox:1.36" }
                    ],
                    "nodeSelector": { "gpu": "a100" }
                },
            ),
        ),
        quote!(
            async fn train(epochs: i64) -> Result<f64, String> {
                Ok(epochs as f64)
            }
        ),
    );
}

#[test]
fn the_expansion_stays_small() {
    // Nothing per task grows with the task beyond its own data: no named constants, closures,
    // imports or functions.
    let tokens = super::task(
        quote!(container(image = "ghcr.io/acme/etl:v1.2.3")),
        quote!(
            fn f(a: String, b: Option<u32>) -> Vec<String> {
                vec![a]
            }
        ),
    )
    .to_string();
    for absent in [
        " fn invoke",
        "const REQUESTS",
        "|",
        " use ",
        "block_on",
        "static",
    ] {
        assert!(!tokens.contains(absent), "{absent:?} in {tokens}");
    }
    assert_eq!(tokens.matches("task !").count(), 1, "{tokens}");
}
