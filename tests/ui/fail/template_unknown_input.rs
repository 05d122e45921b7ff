use podtask::task;

#[task(container(image = "python:3.12.7-slim", command = ["python"], args = ["{{.inputs.scirpt_path}}"]))]
fn run_script(script_path: String) {
    let _ = script_path;
}

fn main() {}
