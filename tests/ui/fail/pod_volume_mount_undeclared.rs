use podtask::task;

#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(
        primary_container = "main",
        spec = {
            "containers": [{
                "name": "main",
                "volumeMounts": [{ "name": "scrach", "mountPath": "/scratch" }]
            }],
            "volumes": [{ "name": "scratch", "emptyDir": {} }]
        },
    ),
)]
fn f() {}

fn main() {}
