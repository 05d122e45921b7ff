use podtask::task;

#[task(secrets(
    secret(group = "DB", key = "password"),
    secret(group = "db", key = "pass word"),
    secret(group = "aws", key = "key", env_var = "1AWS_KEY"),
    secret(key = "token"),
    secret(group = "gcp", key = "sa.json", group_version = ""),
    secret(group = "slack", key = "webhook", mount = "envvar"),
    secret(group = "x", key = "y", path = "/x"),
    token(group = "x"),
))]
fn f() {}

fn main() {}
