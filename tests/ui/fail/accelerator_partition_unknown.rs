use podtask::task;

// 3g.40gb is a profile of the A100 80GB, not of the A100 40GB.
#[task(
    resources(limits(gpu = "1")),
    accelerator(device = "nvidia-tesla-a100", partition = "3g.40gb")
)]
fn a100() {}

// A T4 has no Multi-Instance GPU profiles.
#[task(
    resources(limits(gpu = "1")),
    accelerator(device = "nvidia-tesla-t4", partition = "1g.5gb")
)]
fn t4() {}

// A TPU v5p slice is three-dimensional.
#[task(
    resources(limits(gpu = "1")),
    accelerator(device = "tpu-v5p-slice", partition = "2x2")
)]
fn v5p() {}

fn main() {}
