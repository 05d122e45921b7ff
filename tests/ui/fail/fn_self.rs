use podtask::task;

struct S;

impl S {
    #[task]
    fn f(&self, x: i64) -> i64 {
        x
    }
}

fn main() {}
