use podtask::task;

const SHARED: podtask::K8sPod = podtask::pod!(
    primary_container = "main",
    labels(team = "ml"),
    spec = { "nodeSelector": { "kubernetes.io/arch": "amd64" } },
);

#[task(container(image = "ghcr.io/acme/ml:2.4.0"), pod = SHARED)]
fn by_path(x: i64) -> i64 {
    x
}

// A spec built by code, checked when the task is used: a JSON object (or, with the
// `k8s-openapi` feature, a k8s-openapi `PodSpec`).
fn gpu_spec() -> serde_json::Value {
    serde_json::json!({ "tolerations": [{ "key": "nvidia.com/gpu", "operator": "Exists" }] })
}

#[task(container(image = "ghcr.io/acme/ml:2.4.0"), pod(primary_container = "main", spec = gpu_spec))]
fn by_function(x: i64) -> i64 {
    x
}

fn main() {
    assert_eq!(by_path(1) + by_function(1), 2);
}
