use podtask::task;

#[task(
    resources(requests(cpu = "1", mem = "1Gi", memory = "2Gi")),
    retries = 1,
    retries = 2,
)]
fn f() {}

fn main() {}
