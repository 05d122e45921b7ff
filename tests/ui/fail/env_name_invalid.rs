use podtask::task;

#[task(container(image = "busybox:1.36", env("1ST" = "x", "MY VAR" = "y", OK_NAME = "z")))]
fn f() {}

fn main() {}
