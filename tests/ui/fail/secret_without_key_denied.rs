use podtask::task;

// A secret without a key is a warning: Flyte's Kubernetes secret injection needs one.
#[task(secrets(secret(group = "slack")))]
#[deny(deprecated)]
fn f() {}

fn main() {}
