use podtask::task;

// A task's name is what Flyte registers it under and what `serialize` names its file after.
#[task(name = "etl/process data")]
fn f() {}

#[task(name = "")]
fn g() {}

fn main() {}
