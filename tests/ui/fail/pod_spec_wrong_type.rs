use podtask::task;

#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(spec = {
        "containers": [{ "name": "main", "args": "--verbose" }],
        "hostNetwork": "yes"
    }),
)]
fn f() {}

fn main() {}
