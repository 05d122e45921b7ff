use podtask::task;

#[task(retries = )]
fn f() {}

fn main() {}
