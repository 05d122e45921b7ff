use podtask::task;

// The API server's rules, each error on its token: ports, probes, security contexts, affinity,
// topology spread, DNS and volumes.
#[task(
    container(image = "ghcr.io/acme/ml:2.4.0"),
    pod(
        primary_container = "main",
        spec = {
            "containers": [{
                "name": "main",
                "ports": [{ "containerPort": 70000 }],
                "livenessProbe": { "httpGet": { "port": 8080, "scheme": "FTP" } },
                "securityContext": { "allowPrivilegeEscalation": false, "privileged": true }
            }],
            "affinity": {
                "nodeAffinity": {
                    "preferredDuringSchedulingIgnoredDuringExecution": [
                        { "weight": 101, "preference": { "matchExpressions": [{ "key": "zone", "operator": "Near" }] } }
                    ]
                }
            },
            "topologySpreadConstraints": [
                { "maxSkew": 0, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule" }
            ],
            "dnsPolicy": "None",
            "volumes": [{ "name": "data", "emptyDir": { "sizeLimit": "-1Gi" } }]
        },
    ),
)]
fn f() {}

fn main() {}
