use podtask::task;

#[task(container(image = "busybox:1.36", env(MODE = "a", MODE = "b")))]
fn f() {}

fn main() {}
