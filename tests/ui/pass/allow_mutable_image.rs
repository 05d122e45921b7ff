use podtask::task;

// `#[allow(deprecated)]` on the function silences the mutable-image warning.
#[deny(warnings)]
mod tasks {
    use super::task;

    #[task(container(image = "python:latest"))]
    #[allow(deprecated)]
    pub fn f() {}
}

fn main() {
    tasks::f();
}
