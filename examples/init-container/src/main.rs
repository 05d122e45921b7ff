//! A task whose data is fetched before it starts: an init container downloads the input into an
//! `emptyDir` volume that the task's container mounts too.
//!
//! Init containers run to completion, in order, before the pod's containers start; the task
//! then reads `/data/input.csv`. The task itself is a command in an image (a raw-container task):
//! `{{.inputs.column}}` is the input Flyte, or the `pod` command, fills in.
//!
//! ```text
//! cargo run -p example-init-container -- serialize --out out/init-container --image ghcr.io/acme/tasks:1.0.0
//! cargo run -p example-init-container -- pod example_init_container.count_rows --input column=price | kubectl apply -f -
//! ```

use podtask::task;
use std::process::ExitCode;

/// Counts the rows of the fetched CSV file that have a value in a column.
#[task(
    container(
        image = "ghcr.io/acme/csvtool:0.4.2",
        command = ["csvtool", "count", "--column", "{{.inputs.column}}", "/data/input.csv"]
    ),
    resources(requests(cpu = "500m", memory = "256Mi"), limits(memory = "512Mi")),
    pod(
        primary_container = "count",
        labels("app.kubernetes.io/part-of" = "etl"),
        spec = {
            "initContainers": [
                {
                    "name": "fetch",
                    "image": "curlimages/curl:8.10.1",
                    "command": ["curl", "-fsSL", "-o", "/data/input.csv", "https://data.example.com/sales.csv"],
                    "volumeMounts": [{ "name": "data", "mountPath": "/data" }],
                    "resources": { "requests": { "cpu": "100m", "memory": "64Mi" }, "limits": { "memory": "64Mi" } }
                }
            ],
            "containers": [
                {
                    "name": "count",
                    "volumeMounts": [{ "name": "data", "mountPath": "/data", "readOnly": true }]
                }
            ],
            "volumes": [{ "name": "data", "emptyDir": {} }]
        }
    )
)]
fn count_rows(column: String) -> i64 {
    // The container runs the command above; the body is the local stand-in.
    let _ = column;
    0
}

fn main() -> ExitCode {
    podtask::main()
}
