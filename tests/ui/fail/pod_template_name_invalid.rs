use podtask::task;

#[task(pod_template_name = "GPU_pool")]
fn f() {}

fn main() {}
