use podtask::task;

// A secret mounted as a file gets a volume named after its group in base 32: at most 63
// characters, so the group and version must stay under 39 together.
#[task(secrets(secret(
    group = "a-very-long-group-name-for-the-secrets-of-the-warehouse",
    key = "token",
    mount = "file"
)))]
fn f() {}

fn main() {}
