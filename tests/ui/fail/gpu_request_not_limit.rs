use podtask::task;

#[task(resources(requests(gpu = "1"), limits(gpu = "2")))]
fn f() {}

fn main() {}
