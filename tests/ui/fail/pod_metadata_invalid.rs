use podtask::task;

#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(
        labels("bad key" = "x", app = "a value with spaces", "example.com/" = "y"),
        annotations("-owner" = "team"),
    ),
)]
fn f() {}

fn main() {}
