use podtask::task;

// `_` is not allowed in a container name; names must be unique in the pod.
#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(
        primary_container = "main_container",
        spec = {
            "containers": [
                { "name": "logger", "image": "busybox:1.36" },
                { "name": "logger", "image": "busybox:1.36" }
            ]
        },
    ),
)]
fn f() {}

fn main() {}
