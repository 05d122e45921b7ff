use podtask::task;

#[task(retries = -1)]
fn f() {}

#[task(retries = 5000000000)]
fn g() {}

fn main() {}
