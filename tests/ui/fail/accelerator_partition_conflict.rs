use podtask::task;

#[task(
    resources(limits(gpu = "1")),
    accelerator(device = "nvidia-h100", partition = "1g.10gb", unpartitioned = true)
)]
fn both() {}

#[task(
    resources(limits(gpu = "1")),
    accelerator(device = "nvidia-h100", unpartitioned = false)
)]
fn says_nothing() {}

#[task(
    resources(limits(gpu = "1")),
    accelerator(device = "nvidia-tesla-v100", unpartitioned)
)]
fn never_partitioned() {}

fn main() {}
