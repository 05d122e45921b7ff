use podtask::task;

// What the API server accepts but a node refuses later is a compile-time error here: an image
// reference the container runtime cannot parse, a root user for a container that must not run
// as root.
#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(
        primary_container = "main",
        spec = {
            "containers": [
                { "name": "main" },
                {
                    "name": "sidecar",
                    "image": "Busybox:1.36",
                    "securityContext": { "runAsNonRoot": true, "runAsUser": 0 }
                }
            ]
        },
    ),
)]
fn f() {}

fn main() {}
