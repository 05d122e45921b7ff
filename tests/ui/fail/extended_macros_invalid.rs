const GPU: podtask::Accelerator =
    podtask::accelerator!(device = "nvidia-a100-80gb", partition = "1g.5gb");

const SECRETS: &[podtask::Secret] = podtask::secrets!(
    secret(group = "db", key = "password"),
    secret(group = "db", key = "password"),
);

fn main() {
    let _ = (GPU, SECRETS);
}
