use podtask::task;

#[task(cache(serialize))]
fn f(x: i64) -> i64 {
    x
}

#[task(cache(version = "1", ignored_inputs = ["verbsoe"]))]
fn g(x: i64, verbose: bool) -> i64 {
    let _ = verbose;
    x
}

fn main() {}
