use podtask::task;

#[task(
    container(image = "ghcr.io/acme/etl:v1.2.3", env(TASK_MODE = "production", "app.mode" = "x"), config(log_format = "json")),
    resources(requests(cpu = "1", memory = "4Gi"), limits(cpu = "2", memory = "8Gi", gpu = "1", ephemeral_storage = "10Gi")),
    retries = 3,
    timeout = "1h30m",
    interruptible,
    cache(version = "1"),
)]
fn my_data_processing_task(script_path: String, threshold: f64) -> String {
    format!("{script_path} {threshold}")
}

const GPU_TRAINING: podtask::Resources = podtask::resources!(
    requests(cpu = "4", memory = "16Gi", gpu = "1"),
    limits(memory = "32Gi", gpu = "1")
);
const BASE: podtask::Container = podtask::container!(image = "ghcr.io/acme/ml:2.4.0");

#[task(container = BASE, resources = GPU_TRAINING)]
fn train(epochs: i64) -> (f64, Vec<String>) {
    (epochs as f64, vec![])
}

fn main() {
    assert_eq!(my_data_processing_task("a".into(), 0.5), "a 0.5");
    assert_eq!(train(2).0, 2.0);
}
