use podtask::task;

#[task(resources(requests(cpu = "1ki", memory = "1 Gi")))]
fn f() {}

fn main() {}
