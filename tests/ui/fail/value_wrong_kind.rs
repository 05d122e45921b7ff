use podtask::task;

#[task(retries = "3", timeout = 90, interruptible = "yes", container(image = ["busybox"]))]
fn f() {}

fn main() {}
