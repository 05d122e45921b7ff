use podtask::task;

#[task(retries = 1)]
struct S;

fn main() {}
