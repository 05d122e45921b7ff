use podtask::task;

#[task(retires = 3, container(imgae = "busybox:1.36"), resources(request(cpu = "1")))]
fn f() {}

fn main() {}
