use podtask::task;

// A value that looks like a secret written in the code is a warning pointing to secrets(...).
#[task(container(env(
    AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE",
    DB_PASSWORD = "s3cretpassw0rd",
    MODE = "fast",
)))]
#[deny(deprecated)]
fn f() {}

fn main() {}
