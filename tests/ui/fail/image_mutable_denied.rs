use podtask::task;

// A mutable image is a warning; denying the lint turns it into an error, shown here.
#[task(container(image = "python:latest"))]
#[deny(deprecated)]
fn f() {}

#[task(container(image = "busybox"))]
#[deny(deprecated)]
fn g() {}

fn main() {}
