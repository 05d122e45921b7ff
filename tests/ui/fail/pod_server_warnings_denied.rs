use podtask::task;

// What the API server accepts but is worth a second look is a warning on the token: a sysctl
// outside the kubelet's safe set, a field the server drops, an environment variable name a
// shell cannot use. `#[deny(deprecated)]` makes them errors, as shown.
#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(
        primary_container = "main",
        spec = {
            "containers": [{
                "name": "main",
                "env": [{ "name": "MY VAR", "value": "1" }],
                "lifecycle": { "stopSignal": "SIGUSR1" }
            }],
            "securityContext": { "sysctls": [{ "name": "net.core.somaxconn", "value": "1024" }] }
        },
    ),
)]
#[deny(deprecated)]
fn f() {}

fn main() {}
