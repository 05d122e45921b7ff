use podtask::task;

#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(
        primary_container = "main",
        spec = {
            "containers": [{ "name": "main", "imagePullPolicy": "Always", "resoures": {} }],
            "nodeSelecter": { "disktype": "ssd" }
        },
    ),
)]
fn f() {}

fn main() {}
