use podtask::task;

#[task]
fn f<T: Clone>(x: T) -> T {
    x
}

fn main() {}
