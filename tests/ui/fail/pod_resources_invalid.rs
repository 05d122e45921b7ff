use podtask::task;

#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(
        primary_container = "main",
        spec = {
            "containers": [
                { "name": "main" },
                {
                    "name": "sidecar",
                    "image": "busybox:1.36",
                    "resources": {
                        "requests": { "cpu": "1ki", "memory": "2Gi", "nvidia.com/gpu": "1" },
                        "limits": { "memory": "1Gi" }
                    }
                }
            ]
        },
    ),
)]
fn f() {}

fn main() {}
