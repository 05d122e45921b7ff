use podtask::task;

// Flyte selects GPU nodes only for a pod that asks for a GPU.
#[task(
    resources(requests(cpu = "4", memory = "16Gi")),
    accelerator = "nvidia-tesla-t4"
)]
fn no_request() {}

#[task(resources(limits(gpu = "0")), accelerator = "nvidia-tesla-t4")]
fn zero() {}

// A pod task may ask in its spec; this one does not.
#[task(
    container(image = "ghcr.io/acme/train:2.0.0"),
    accelerator = "nvidia-l4",
    pod(
        primary_container = "primary",
        spec = { "containers": [{ "name": "primary", "resources": { "limits": { "cpu": "1" } } }] },
    ),
)]
fn pod_without_gpu() {}

fn main() {}
