use podtask::task;

#[task(resources(requests(memroy = "1Gi"), limits(nvidia_gpu = "1")))]
fn f() {}

fn main() {}
