use podtask::task;

#[task]
fn f((a, b): (i64, i64)) -> i64 {
    a + b
}

fn main() {}
