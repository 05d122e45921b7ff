use podtask::task;

#[task(resources(limits(gpu = "1")), accelerator = "NVIDIA A100 80G")]
fn spaces() {}

#[task(resources(limits(gpu = "1")), accelerator = "")]
fn empty() {}

#[task(resources(limits(gpu = "1")), accelerator(partition = "1g.5gb"))]
fn no_device() {}

#[task(resources(limits(gpu = "1")), accelerator(device = "nvidia-l4", size = "1g"))]
fn unknown_key() {}

fn main() {}
