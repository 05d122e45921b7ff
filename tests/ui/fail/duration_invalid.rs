use podtask::task;

#[task(timeout = "1h30")]
fn f() {}

#[task(timeout = "-5m")]
fn g() {}

fn main() {}
