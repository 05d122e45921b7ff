//! Training on a GPU: which accelerator, how much of it, and shared memory for the data loaders.
//!
//! `train` runs on a Multi-Instance GPU slice of an A100 (`1g.5gb`: one of its seven compute
//! slices and 5 GB of its memory) with 16 GiB of shared memory at `/dev/shm`, where PyTorch's
//! data loader workers hand batches to the trainer (a container's own is 64 MiB). `evaluate`
//! takes a whole A100 80GB, never a partitioned one, described once as a constant. `embed` runs
//! on any T4.
//!
//! Everything is checked while this compiles: a partition the device does not have
//! (`3g.40gb` is an A100 80GB profile, not an A100 40GB one), `partition` and `unpartitioned`
//! together, an accelerator without a GPU request (Flyte would schedule the pod anywhere, with
//! no GPU), a shared memory size that is not a positive quantity.
//!
//! ```text
//! cargo run -p example-gpu-training -- serialize --out out/gpu --image ghcr.io/acme/train:2.0.0
//! cargo run -p example-gpu-training -- pod example_gpu_training.train --input epochs=3
//! cargo run -p example-gpu-training -- run example_gpu_training.train --input epochs=3
//! ```

use podtask::task;
use std::process::ExitCode;

/// Whole A100 80GB GPUs, on nodes whose GPUs are not partitioned.
const WHOLE_A100_80GB: podtask::Accelerator =
    podtask::accelerator!(device = "nvidia-a100-80gb", unpartitioned = true);

/// Trains for `epochs` epochs and returns the final loss.
#[task(
    container(image = "ghcr.io/acme/train:2.0.0"),
    resources(requests(cpu = "8", gpu = "1", memory = "64Gi"), limits(gpu = "1")),
    accelerator(device = "nvidia-tesla-a100", partition = "1g.5gb"),
    shared_memory = "16Gi",
    retries = 2,
    timeout = "4h"
)]
fn train(epochs: i64) -> f64 {
    // A stand-in for a training loop: the loss halves each epoch.
    (0..epochs.max(0)).fold(1.0, |loss, _| loss / 2.0)
}

/// Scores a model on the held-out set: the fraction of answers that are right.
#[task(
    container(image = "ghcr.io/acme/train:2.0.0"),
    resources(requests(cpu = "4", gpu = "1", memory = "32Gi"), limits(gpu = "1")),
    accelerator = WHOLE_A100_80GB,
    shared_memory = true,
)]
fn evaluate(checkpoint: String, examples: i64) -> f64 {
    let right = checkpoint.len() as i64 % (examples.max(1) + 1);
    right as f64 / examples.max(1) as f64
}

/// Embeds each text as its length, on any T4.
#[task(
    container(image = "ghcr.io/acme/train:2.0.0"),
    resources(limits(gpu = "1")),
    accelerator = "nvidia-tesla-t4"
)]
fn embed(texts: Vec<String>) -> Vec<f64> {
    texts.iter().map(|t| t.len() as f64).collect()
}

fn main() -> ExitCode {
    podtask::main()
}
