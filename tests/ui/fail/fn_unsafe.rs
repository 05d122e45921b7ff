use podtask::task;

#[task]
unsafe fn careful(x: i64) -> i64 {
    x
}

#[task]
extern "C" fn foreign(x: i64) -> i64 {
    x
}

fn main() {}
