use podtask::task;

// Risky settings are warnings; denying the lint shows them as errors here.
#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(
        primary_container = "main",
        spec = {
            "hostNetwork": true,
            "containers": [{
                "name": "main",
                "securityContext": { "privileged": true },
                "env": [{ "name": "DB_PASSWORD", "value": "hunter2" }]
            }],
            "volumes": [{ "name": "host", "hostPath": { "path": "/var/run" } }]
        },
    ),
)]
#[deny(deprecated)]
fn f() {}

fn main() {}
