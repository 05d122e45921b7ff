//! A program that picks another Kubernetes version than podtask's default, as a kube-rs user does
//! (docs/pods.md, "Kubernetes version"), builds: podtask with `default-features = false,
//! features = ["k8s-v1_37", "k8s-openapi"]` next to the program's own `k8s-openapi` with
//! `v1_37`, its pod specs read with 1.37's fields at compile time and built with k8s-openapi's
//! types at run time.
//!
//! The fixture is a crate of its own, written under Cargo's temporary directory for tests and
//! checked with `cargo check --offline` into a target directory kept there, so a second run
//! rebuilds nothing.

use std::path::Path;
use std::process::Command;

const MAIN: &str = r#"
use k8s_openapi::api::core::v1::PodSpec as ProgramSpec;
use podtask::k8s_openapi::api::core::v1::PodSpec as PodtaskSpec;

/// `hostnameOverride` is a field of Kubernetes 1.37's PodSpec that 1.33's has not: the macro
/// reads the spec with 1.37's types, or this does not build.
#[podtask::task(
    container(image = "busybox:1.36"),
    pod(spec = { "hostnameOverride": "worker-1" })
)]
fn hello() -> String {
    "hi".to_owned()
}

/// The program's own k8s-openapi type, with the same 1.37 field.
fn program_spec() -> ProgramSpec {
    ProgramSpec {
        hostname_override: Some("worker-2".to_owned()),
        ..ProgramSpec::default()
    }
}

/// A spec built by code with k8s-openapi's types, checked when the task is read.
#[podtask::task(container(image = "busybox:1.36"), pod(spec = program_spec))]
fn built() -> String {
    "built".to_owned()
}

fn main() -> std::process::ExitCode {
    // One k8s-openapi in the build: the program's type is podtask's.
    let spec: PodtaskSpec = program_spec();
    let _ = podtask::K8sPod::from_spec("primary", podtask::K8sObjectMetadata::EMPTY, spec);
    podtask::main()
}
"#;

fn manifest(podtask: &Path) -> String {
    format!(
        r#"[package]
name = "k8s-version-fixture"
version = "0.0.0"
edition = "2024"
publish = false

# Not a member of podtask's workspace.
[workspace]

[dependencies]
podtask = {{ path = {path:?}, default-features = false, features = ["k8s-v1_37", "k8s-openapi"] }}
k8s-openapi = {{ version = "0.29", default-features = false, features = ["v1_37"] }}
"#,
        path = podtask.display().to_string()
    )
}

#[test]
fn a_program_on_kubernetes_1_37_builds_and_checks_with_its_own_k8s_openapi() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("k8s-version");
    let fixture = root.join("fixture");
    std::fs::create_dir_all(fixture.join("src")).unwrap();
    std::fs::write(
        fixture.join("Cargo.toml"),
        manifest(Path::new(env!("CARGO_MANIFEST_DIR"))),
    )
    .unwrap();
    std::fs::write(fixture.join("src/main.rs"), MAIN).unwrap();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // Built and run: its `check` reads the spec built by code with 1.37's rules too.
    let out = Command::new(cargo)
        .args(["run", "--offline", "--quiet", "--manifest-path"])
        .arg(fixture.join("Cargo.toml"))
        .args(["--", "check"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        // The program's own version choice only: an enabled version from the environment would
        // make two.
        .env_remove("K8S_OPENAPI_ENABLED_VERSION")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the fixture does not build or its tasks do not check:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "2 tasks checked, all usable\n"
    );
}
