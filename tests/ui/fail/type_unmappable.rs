use podtask::task;

struct Model;

#[task]
fn f(file: std::fs::File, count: u64) -> Model {
    let _ = (file, count);
    Model
}

fn main() {}
