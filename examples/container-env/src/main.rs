//! A container with resources and environment variables: the image the task runs in, a CPU
//! request, a memory limit, and two variables.
//!
//! ```text
//! cargo run -p example-container-env -- list
//! cargo run -p example-container-env -- serialize --out out/container-env
//! ```

use podtask::task;
use std::process::ExitCode;

/// Reads its settings from the environment the container gives it.
#[task(
    container(
        image = "ghcr.io/acme/hello:1.4.2",
        env(MY_ENV_VAR = "some_value", DEBUG_MODE = "true"),
    ),
    resources(requests(cpu = "250m"), limits(memory = "500Mi"))
)]
fn hello(name: String) -> String {
    let debug = std::env::var("DEBUG_MODE").unwrap_or_default();
    format!("Hello from container, {name}! (debug: {debug})")
}

/// The container as a reusable constant, shared by several tasks.
const SHARED: podtask::Container = podtask::container!(
    image = "ghcr.io/acme/hello:1.4.2",
    env(MY_ENV_VAR = "some_value", DEBUG_MODE = "true"),
    resources(requests(cpu = "250m"), limits(memory = "500Mi")),
);

/// A task that runs in the shared container.
#[task(container = SHARED)]
fn greet(greeting: String) -> String {
    greeting
}

fn main() -> ExitCode {
    podtask::main()
}
