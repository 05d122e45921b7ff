use podtask::task;

// The surface as documented: every form of accelerator, shared memory and secrets.
#[task(
    resources(requests(cpu = "8", memory = "64Gi", gpu = "1"), limits(gpu = "1")),
    accelerator(device = "nvidia-tesla-a100", partition = "1g.5gb"),
    shared_memory = "16Gi",
    secrets(
        secret(group = "db", key = "password", mount = "env"),
        secret(group = "aws", key = "credentials", mount = "file"),
    ),
    pod_template_name = "gpu-pool-template",
)]
fn train(epochs: i64) -> f64 {
    epochs as f64
}

const WHOLE_H100: podtask::Accelerator =
    podtask::accelerator!(device = "nvidia-h100", unpartitioned = true);
const DB: &[podtask::Secret] = podtask::secrets!(
    secret(group = "db", key = "password", group_version = "v2", mount = "env", env_var = "PGPASSWORD"),
    secret(group = "tls", key = "ca.crt", mount = "any"),
);

#[task(
    resources(limits(gpu = "2")),
    accelerator = WHOLE_H100,
    shared_memory = true,
    secrets = DB,
)]
fn by_path() {}

#[task(resources(limits(gpu = "1")), accelerator = "nvidia-tesla-t4")]
fn shorthand() {}

// A pod task that asks for its GPU in its spec.
#[task(
    container(image = "ghcr.io/acme/train:2.0.0"),
    accelerator(device = "nvidia-h100", partition = "3g.40gb"),
    shared_memory,
    pod(primary_container = "primary", spec = {
        "containers": [{ "name": "primary", "resources": { "limits": { "nvidia.com/gpu": "1" } } }]
    }),
)]
fn pod_task() {}

fn main() {
    train(1);
    by_path();
    shorthand();
    pod_task();
}
