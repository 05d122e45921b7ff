const POD: podtask::K8sPod = podtask::pod!(
    primary_container = "main",
    spec = { "containers": [{ "name": "main", "ports": [{ "containerPort": "http" }] }] },
);

fn main() {
    let _ = POD;
}
