use podtask::task;

// Two containers and no primary named: Flyte could not tell which one runs the task.
#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(spec = {
        "containers": [
            { "name": "trainer", "image": "ghcr.io/acme/ml:2.4.0" },
            { "name": "sidecar", "image": "busybox:1.36" }
        ]
    }),
)]
fn f() {}

fn main() {}
