//! What judging a Pod costs: `validate_pod` on whole Pod manifests (kube-apiserver's base pods of
//! the conformance corpus, and the Pod podtask prints for a GPU training task), and
//! `read_and_check` on the spec of a task, as the macro runs it while the code compiles.
//!
//! `cargo bench -p podtask-podspec --bench validate`

use podtask_podspec::{KubernetesVersion, read_and_check, validate_pod};
use serde_json::Value;

fn main() {
    divan::main();
}

/// Each pod by name: a minimal one, a sidecar with init containers, one with every kind of
/// probe, one with security contexts, and a task's Pod with affinity, tolerations and volumes.
const PODS: &[(&str, &str)] = &[
    ("minimal", include_str!("pods/minimal.json")),
    ("init_sidecar", include_str!("pods/init_sidecar.json")),
    ("probes", include_str!("pods/probes.json")),
    ("secure", include_str!("pods/secure.json")),
    ("task_gpu", include_str!("pods/task_gpu.json")),
];

fn pod(name: &str) -> Value {
    let text = PODS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("{}", |(_, t)| t);
    serde_json::from_str(text).unwrap_or_default()
}

#[divan::bench(args = ["minimal", "init_sidecar", "probes", "secure", "task_gpu"])]
fn validate(bencher: divan::Bencher, name: &str) {
    let pod = pod(name);
    assert!(
        validate_pod(&pod, KubernetesVersion::V1_35).is_ok(),
        "{name}"
    );
    bencher.bench(|| validate_pod(divan::black_box(&pod), KubernetesVersion::V1_35));
}

#[divan::bench(args = ["minimal", "task_gpu"])]
fn task_spec(bencher: divan::Bencher, name: &str) {
    let spec = pod(name)["spec"].clone();
    let primary = spec["containers"][0]["name"].as_str().map(str::to_owned);
    bencher.bench(|| {
        read_and_check(
            divan::black_box(&spec),
            primary.as_deref(),
            KubernetesVersion::V1_33,
        )
    });
}
