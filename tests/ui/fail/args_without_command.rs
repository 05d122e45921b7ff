use podtask::task;

#[task(container(image = "busybox:1.36", args = ["-c", "true"]))]
fn f() {}

fn main() {}
