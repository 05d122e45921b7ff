use podtask::task;

#[task]
fn f(name: &str) -> impl std::fmt::Display {
    name.to_string()
}

fn main() {}
