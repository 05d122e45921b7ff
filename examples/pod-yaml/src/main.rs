//! A task whose pod spec is a YAML file, `pods/gpu.yaml`: a toleration for the taint GPU nodes
//! carry, a config map mounted read-only into the task's container, and a scratch volume.
//!
//! The file is read and checked while this compiles, as the Kubernetes API server would check
//! it (an unknown field, a mount of a volume that does not exist, a bad toleration would not
//! build), and the build reruns when it changes.
//!
//! ```text
//! cargo run -p example-pod-yaml -- serialize --out out/pod-yaml --image ghcr.io/acme/tasks:1.0.0
//! cargo run -p example-pod-yaml -- pod example_pod_yaml.train --input epochs=3 | kubectl apply -f -
//! ```

use podtask::task;
use std::process::ExitCode;

/// Trains for a number of epochs on one GPU, reading its settings from /etc/model.
#[task(
    container(image = "ghcr.io/acme/trainer:2.1.0"),
    resources(
        requests(cpu = "2", memory = "8Gi", gpu = "1"),
        limits(memory = "8Gi", gpu = "1")
    ),
    pod(
        primary_container = "trainer",
        labels(team = "ml"),
        spec = "pods/gpu.yaml"
    )
)]
fn train(epochs: i64) -> f64 {
    1.0 / (1.0 + epochs as f64)
}

fn main() -> ExitCode {
    podtask::main()
}
