use podtask::task;

#[task(container(image = "python:3.12.7-slim", command = ["sh", "-c"], args = ["echo {{.outputPrefx}}"]))]
fn run() {}

fn main() {}
