use podtask::task;

#[task(container(image = "ghcr.io/Acme/etl:v1"))]
fn f() {}

#[task(container(image = "python:3.12 slim"))]
fn g() {}

fn main() {}
