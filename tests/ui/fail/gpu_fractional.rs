use podtask::task;

#[task(resources(limits(gpu = "0.5")))]
fn f() {}

fn main() {}
