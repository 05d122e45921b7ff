//! The data-processing task: a Rust function that runs in its own container with resources, an
//! environment, retries, a timeout and caching; and the same work as a raw container task that
//! runs a Python script, its `{{.inputs.script_path}}` checked against the signature.
//!
//! ```text
//! cargo run -p example-data-processing -- list
//! cargo run -p example-data-processing -- serialize --out out/data-processing
//! ```

use podtask::task;
use std::process::ExitCode;

/// Processes the data a script describes, keeping the rows above a threshold.
#[task(
    container(
        image = "ghcr.io/acme/etl:v1.2.3",
        env(TASK_MODE = "production", "app.mode" = "batch"),
        config(log_format = "json"),
    ),
    resources(
        requests(cpu = "1", memory = "4Gi"),
        limits(cpu = "2", memory = "8Gi", gpu = "1", ephemeral_storage = "10Gi"),
    ),
    retries = 3,
    timeout = "1h30m",
    interruptible,
    cache(version = "1"),
)]
fn my_data_processing_task(script_path: String, threshold: f64) -> String {
    format!("Processed data using script: {script_path} (threshold {threshold})")
}

/// Runs a Python script in its container, like flytekit's `ContainerTask`.
#[task(
    container(
        image = "my-custom-python-image:v1.0",
        command = ["python"],
        args = ["{{.inputs.script_path}}"],
        env(TASK_MODE = "production"),
    ),
    resources(requests(cpu = "1", memory = "4Gi"), limits(cpu = "2", memory = "8Gi")),
)]
fn run_script(script_path: String) -> String {
    // The container runs the command above; the body is the local stand-in.
    format!("would run {script_path}")
}

fn main() -> ExitCode {
    podtask::main()
}
