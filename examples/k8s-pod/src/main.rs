//! A task in a Kubernetes pod of its own (flytekit's `PodTemplate`): labels and an annotation on
//! the pod, a sidecar that logs next to the task, and a node selector.
//!
//! The task's image, command, resources and environment go into the primary container,
//! `main-container` (see docs/pods.md for the rule); the sidecar keeps its own image and
//! resources. Every field of the spec is checked while this compiles, as the Kubernetes API
//! server would check it: a misspelt `nodeSelecter`, a sidecar without an image or a label value
//! with a space would not build.
//!
//! ```text
//! cargo run -p example-k8s-pod -- serialize --out out/k8s-pod --image ghcr.io/acme/tasks:1.0.0
//! cargo run -p example-k8s-pod -- pod example_k8s_pod.run_script --input script_path=etl.py \
//!     --entrypoint /usr/local/bin/example-k8s-pod | kubectl apply -f -
//! ```

use podtask::task;
use std::process::ExitCode;

/// Runs a script, next to a sidecar that logs every five seconds.
#[task(
    container(image = "ghcr.io/acme/tasks:1.0.0", env(MY_ENV_VAR = "some_value", DEBUG_MODE = "true")),
    resources(requests(cpu = "250m", memory = "500Mi"), limits(cpu = "1", memory = "1Gi")),
    pod(
        primary_container = "main-container",
        labels(environment = "production", app = "my-ml-task"),
        annotations(owner = "data-science-team"),
        spec = {
            "containers": [
                { "name": "main-container" },
                {
                    "name": "sidecar-logger",
                    "image": "busybox:1.36",
                    "command": ["sh", "-c", "while true; do echo 'Sidecar logging...'; sleep 5; done"],
                    "resources": { "requests": { "cpu": "50m", "memory": "50Mi" } }
                }
            ],
            "nodeSelector": { "kubernetes.io/hostname": "my-specific-node" }
        }
    )
)]
fn run_script(script_path: String) -> String {
    format!("ran {script_path}")
}

fn main() -> ExitCode {
    podtask::main()
}
