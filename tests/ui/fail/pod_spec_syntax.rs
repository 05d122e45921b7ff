use podtask::task;

#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(spec = { "containers": [{ "name": "main" } { "name": "other" }], "nodeSelector": }),
)]
fn f() {}

fn main() {}
