use podtask::task;

#[task(secrets(
    secret(group = "db", key = "password", mount = "env"),
    secret(group = "db", key = "password", mount = "file"),
))]
fn twice() {}

// A variable set both by a secret and by env(...).
#[task(
    container(env(DB_PASSWORD = "placeholder")),
    secrets(secret(group = "db", key = "password", mount = "env", env_var = "DB_PASSWORD")),
)]
fn env_too() {}

// Two secrets in one variable.
#[task(secrets(
    secret(group = "a", key = "token", mount = "env", env_var = "TOKEN"),
    secret(group = "b", key = "token", mount = "env", env_var = "TOKEN"),
))]
fn one_variable() {}

fn main() {}
