use podtask::task;

#[task(shared_memory = "0")]
fn zero() {}

#[task(shared_memory = "16GB")]
fn not_a_quantity() {}

#[task(shared_memory = false)]
fn off() {}

#[task(shared_memory = 16)]
fn a_number() {}

// The spec already mounts something at /dev/shm in the primary container.
#[task(
    container(image = "ghcr.io/acme/train:2.0.0"),
    shared_memory = "8Gi",
    pod(primary_container = "primary", spec = {
        "containers": [{
            "name": "primary",
            "volumeMounts": [{ "name": "shm", "mountPath": "/dev/shm" }]
        }],
        "volumes": [{ "name": "shm", "emptyDir": { "medium": "Memory" } }]
    }),
)]
fn taken() {}

fn main() {}
