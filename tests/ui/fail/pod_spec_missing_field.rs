use podtask::task;

// A sidecar without a name: Kubernetes requires one.
#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(spec = { "containers": [{ "image": "busybox:1.36" }] }),
)]
fn f() {}

fn main() {}
