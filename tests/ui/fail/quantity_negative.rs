use podtask::task;

#[task(resources(limits(memory = "-1Gi")))]
fn f() {}

fn main() {}
