//! Accelerators, shared memory and secrets beyond what the macro sees: the checks made when a
//! task is read (parts given by path or built by code), what the `pod` command adds for them to
//! a pod spec that already has affinities, tolerations, variables and volumes, and reading
//! secrets under `run`.

mod common;
use common::run;

use std::borrow::Cow;
use std::process::ExitCode;

use podtask::__private::{Function, Single};
use podtask::{
    Accelerator, Extras, Param, Registry, RegistryError, Secret, SecretMount, TaskDef,
    TaskErrorKind, task,
};
use serde_json::{Value, json};

// ---- tasks the `pod` command is run on -----------------------------------------------------

// A plain-text `_FSEC_` variable in the spec is a warning; Flyte replaces it, and so does `pod`.
#[allow(deprecated)]
const SPOT_AND_GPU: podtask::K8sPod = podtask::pod!(
    primary_container = "main",
    spec = {
        "containers": [{
            "name": "main",
            "env": [{ "name": "_FSEC_DB_PASSWORD", "value": "stale" }, { "name": "KEEP", "value": "1" }]
        }],
        "affinity": { "nodeAffinity": { "requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [
                { "matchExpressions": [{ "key": "zone", "operator": "In", "values": ["a"] }] },
                { "matchExpressions": [{ "key": "zone", "operator": "In", "values": ["b"] }] }
            ]
        } } },
        "tolerations": [{ "key": "spot", "operator": "Exists", "effect": "NoSchedule" }]
    },
);

#[task(
    container(image = "ghcr.io/acme/train:2.0.0"),
    resources(requests(gpu = "1"), limits(gpu = "1")),
    accelerator(device = "nvidia-h100", partition = "1g.10gb"),
    shared_memory = true,
    secrets(
        secret(group = "db", key = "password", mount = "env"),
        secret(group = "tls", key = "ca.crt", mount = "file", env_var = "CA_FILE"),
        secret(group = "tls", key = "tls.key", mount = "any"),
    ),
    pod = SPOT_AND_GPU,
)]
fn in_pod(x: i64) -> i64 {
    x
}

#[task(
    container(image = "ghcr.io/acme/etl:2.0.0"),
    secrets(secret(group = "slack", mount = "env")),
    pod_template_name = "batch-default"
)]
#[allow(deprecated)]
fn keyless_env() {}

#[task(
    container(image = "ghcr.io/acme/etl:2.0.0"),
    secrets(secret(group = "slack", mount = "file")),
    pod_template_name = "batch-default"
)]
#[allow(deprecated)]
fn keyless_file() {}

#[task(
    container(image = "ghcr.io/acme/etl:2.0.0"),
    secrets(secret(group = "db", key = "password", mount = "env"))
)]
fn reads_secrets(which: String) -> String {
    match podtask::secret(if which == "db" { "db" } else { "aws" }, "password") {
        Ok(v) => format!("{} characters", v.len()),
        Err(e) => format!("error: {e}"),
    }
}

fn pod_of(task: &str, extra: &[&str]) -> Value {
    let mut args = vec!["pod", task, "-o", "json", "--entrypoint", "/bin/tasks"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_accelerator_joins_every_node_selector_term_and_the_tolerations() {
    let pod = pod_of("extended.in_pod", &["--input", "x=1"]);
    let spec = &pod["spec"];
    let terms = &spec["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
        ["nodeSelectorTerms"];
    let ours = [
        json!({"key": "k8s.amazonaws.com/accelerator", "operator": "In", "values": ["nvidia-h100"]}),
        json!({"key": "k8s.amazonaws.com/gpu-partition-size", "operator": "In", "values": ["1g.10gb"]}),
    ];
    for (i, zone) in ["a", "b"].iter().enumerate() {
        assert_eq!(
            terms[i]["matchExpressions"],
            json!([
                {"key": "zone", "operator": "In", "values": [zone]},
                ours[0],
                ours[1]
            ])
        );
    }
    assert_eq!(
        spec["tolerations"],
        json!([
            {"key": "spot", "operator": "Exists", "effect": "NoSchedule"},
            {"key": "k8s.amazonaws.com/accelerator", "operator": "Equal", "value": "nvidia-h100", "effect": "NoSchedule"},
            {"key": "k8s.amazonaws.com/gpu-partition-size", "operator": "Equal", "value": "1g.10gb", "effect": "NoSchedule"}
        ])
    );
}

#[test]
fn the_node_labels_are_settings() {
    let pod = pod_of(
        "extended.in_pod",
        &[
            "--input",
            "x=1",
            "--gpu-device-label",
            "cloud.google.com/gke-accelerator",
            "--gpu-partition-size-label",
            "example.com/mig",
        ],
    );
    let tolerations = pod["spec"]["tolerations"].as_array().unwrap();
    assert_eq!(tolerations[1]["key"], "cloud.google.com/gke-accelerator");
    assert_eq!(tolerations[2]["key"], "example.com/mig");
    let (code, _, err) = run(&[
        "pod",
        "extended.in_pod",
        "--input",
        "x=1",
        "--gpu-device-label",
        "not a label",
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        err.starts_with("error: --gpu-device-label: invalid qualified name \"not a label\""),
        "{err}"
    );
}

#[test]
fn shared_memory_and_secrets_go_to_the_primary_container() {
    let pod = pod_of("extended.in_pod", &["--input", "x=1"]);
    let spec = &pod["spec"];
    let main = &spec["containers"][0];
    assert_eq!(main["name"], "main");
    // Flyte's variables first; the spec's stale `_FSEC_DB_PASSWORD` replaced, `KEEP` kept.
    let secret_ref = json!({"secretKeyRef": {"name": "db", "key": "password", "optional": true}});
    assert_eq!(
        main["env"],
        json!([
            {"name": "_FSEC_DB_PASSWORD", "valueFrom": secret_ref},
            {"name": "CA_FILE", "value": "/etc/flyte/secrets/tls/ca.crt"},
            {"name": "FLYTE_SECRETS_ENV_PREFIX", "value": "_FSEC_"},
            {"name": "FLYTE_SECRETS_DEFAULT_DIR", "value": "/etc/flyte/secrets"},
            {"name": "FLYTE_SECRETS_FILE_PREFIX", "value": ""},
            {"name": "KEEP", "value": "1"}
        ])
    );
    // Two files of one group: one volume with both keys, mounted once.
    let tls = podtask::rules::secret::volume_name("tls", None);
    assert_eq!(
        main["volumeMounts"],
        json!([
            {"name": "flyte-shared-memory", "mountPath": "/dev/shm"},
            {"name": tls, "mountPath": "/etc/flyte/secrets/tls", "readOnly": true}
        ])
    );
    assert_eq!(
        spec["volumes"],
        json!([
            {"name": "flyte-shared-memory", "emptyDir": {"medium": "Memory"}},
            {"name": tls, "secret": {
                "secretName": "tls",
                "items": [{"key": "ca.crt", "path": "ca.crt"}, {"key": "tls.key", "path": "tls.key"}],
                "optional": true
            }}
        ])
    );
}

#[test]
fn a_secret_without_a_key_is_a_directory_or_an_error() {
    let pod = pod_of("extended.keyless_file", &[]);
    assert_eq!(
        pod["spec"]["volumes"][0]["secret"],
        json!({"secretName": "slack", "optional": true})
    );
    let (code, _, err) = run(&["pod", "extended.keyless_env"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(
        err,
        "error: task extended.keyless_env: secret slack has no key: a Pod can put one key of a \
         Secret in an environment variable; give the key, or mount it as a file\n"
    );
}

#[test]
fn reading_a_secret_the_task_did_not_request_is_an_error() {
    let (code, out, err) = run(&[
        "run",
        "extended.reads_secrets",
        "--input",
        "which=aws",
        "--secret",
        "db.password=hunter2",
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    let out: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        out["o0"],
        "error: task extended.reads_secrets reads secret aws.password, which it does not \
         request, so Flyte would not give it; add it to #[task(secrets(...))] (it requests: \
         db.password)"
    );
    assert!(!err.contains("hunter2"));
    let (code, out, _) = run(&[
        "run",
        "extended.reads_secrets",
        "--input",
        "which=db",
        "--secret",
        "db.password=hunter2",
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(out.contains("\"7 characters\""), "{out}");
}

#[test]
fn malformed_or_unrequested_secrets_are_usage_errors() {
    for (flag, message) in [
        (
            "hunter2",
            "error: --secret: expected GROUP.KEY=VALUE (GROUP=VALUE for a secret requested \
             without a key), found no `=`\n",
        ),
        (
            "aws.password=hunter2",
            "error: --secret aws.password=...: task extended.reads_secrets does not request \
             secret \"aws.password\"; it requests: db.password\n",
        ),
    ] {
        let (code, _, err) = run(&[
            "run",
            "extended.reads_secrets",
            "--input",
            "which=db",
            "--secret",
            flag,
        ]);
        assert_eq!(code, ExitCode::from(2));
        assert_eq!(err, message);
    }
}

#[test]
fn a_template_gets_the_settings_of_a_pod_task_too() {
    let task = podtask::registry().task("extended.in_pod").unwrap();
    let mut settings = podtask::SerializeSettings::default();
    settings.version = Some("v1".to_owned());
    let t = serde_json::to_value(podtask::template(&task, &settings).unwrap()).unwrap();
    assert!(t.get("k8sPod").is_some());
    assert_eq!(
        t["extendedResources"],
        json!({
            "gpuAccelerator": {"device": "nvidia-h100", "partitionSize": "1g.10gb"},
            "sharedMemory": {"mountPath": "/dev/shm", "mountName": "flyte-shared-memory"}
        })
    );
    assert_eq!(
        t["securityContext"]["secrets"],
        json!([
            {"group": "db", "key": "password", "mountRequirement": "ENV_VAR"},
            {"group": "tls", "key": "ca.crt", "mountRequirement": "FILE", "envVar": "CA_FILE"},
            {"group": "tls", "key": "tls.key"}
        ])
    );
}

// ---- definitions the macro would refuse, or cannot see into ---------------------------------

fn noop(x: i64) -> i64 {
    x
}

macro_rules! def {
    ($fn_name:literal, $spec:literal, $extras:expr) => {
        TaskDef {
            fn_name: $fn_name,
            module_path: "given",
            file: "src/given.rs",
            line: 1,
            column: 1,
            spec: $spec,
            inputs: &[Param {
                name: "x",
                codec: &<i64 as podtask::types::Value>::CODEC,
            }],
            outputs: &[Param {
                name: "o0",
                codec: &<i64 as podtask::types::Value>::CODEC,
            }],
            run: &Function::<fn(_) -> _, Single>::new(noop),
            extras: $extras,
        }
    };
}

static CPU_ONLY: podtask::Resources = podtask::resources!(requests(cpu = "1"));
static T4: Accelerator = Accelerator::new_const("nvidia-tesla-t4", podtask::Partition::Unspecified);
static A100_WRONG: Accelerator = Accelerator::new_const(
    "nvidia-tesla-a100",
    podtask::Partition::Size(Cow::Borrowed("3g.40gb")),
);
static TWICE: [Secret; 2] = [
    Secret::new_const("db", "password"),
    Secret::new_const("db", "password").mount(SecretMount::Env),
];

static NO_GPU: TaskDef = def!(
    "no_gpu",
    "{}",
    &[Extras {
        resources: Some(&CPU_ONLY),
        accelerator: Some(&T4),
        ..Extras::NONE
    }]
);
static WRONG_PARTITION: TaskDef = def!(
    "wrong_partition",
    r#"{"resources":{"limits":[{"name":"GPU","value":"1"}]}}"#,
    &[Extras {
        accelerator: Some(&A100_WRONG),
        ..Extras::NONE
    }]
);
static SECRET_TWICE: TaskDef = def!(
    "secret_twice",
    "{}",
    &[Extras {
        secrets: Some(&TWICE),
        ..Extras::NONE
    }]
);
static SHM_TAKEN: TaskDef = def!(
    "shm_taken",
    r#"{"sharedMemory":{},"pod":{"primaryContainerName":"main","podSpec":{"containers":[{"name":"main","volumeMounts":[{"name":"s","mountPath":"/dev/shm"}]}],"volumes":[{"name":"s","emptyDir":{}}]}}}"#,
    &[]
);
static GPU_IN_SPEC: TaskDef = def!(
    "gpu_in_spec",
    r#"{"accelerator":{"device":"nvidia-l4"},"pod":{"primaryContainerName":"main","podSpec":{"containers":[{"name":"main","resources":{"limits":{"nvidia.com/gpu":"1"}}}]}}}"#,
    &[]
);

fn setting_error(def: &'static TaskDef) -> (&'static str, String) {
    let e = Registry::from_defs([def])
        .task(&format!("given.{}", def.fn_name))
        .unwrap_err();
    match e {
        RegistryError::Task {
            kind: TaskErrorKind::InvalidSetting { setting, message },
            ..
        } => (setting, message),
        other => panic!("{other:?}"),
    }
}

#[test]
fn what_the_macro_cannot_see_is_checked_when_the_task_is_read() {
    let (setting, message) = setting_error(&NO_GPU);
    assert_eq!(setting, "accelerator");
    assert!(
        message.starts_with("accelerator nvidia-tesla-t4 without a GPU: Flyte selects nodes"),
        "{message}"
    );
    let (setting, message) = setting_error(&WRONG_PARTITION);
    assert_eq!(setting, "accelerator");
    assert!(
        message.contains("has no Multi-Instance GPU profile \"3g.40gb\""),
        "{message}"
    );
    let (setting, message) = setting_error(&SECRET_TWICE);
    assert_eq!(setting, "secrets");
    assert!(
        message.contains("db.password is requested twice"),
        "{message}"
    );
    let (setting, message) = setting_error(&SHM_TAKEN);
    assert_eq!(setting, "shared_memory");
    assert!(
        message.contains("already mounts s at /dev/shm"),
        "{message}"
    );
    // A GPU asked for in the pod spec is a GPU.
    assert!(
        Registry::from_defs([&GPU_IN_SPEC])
            .task("given.gpu_in_spec")
            .is_ok()
    );
}

#[test]
fn the_error_names_the_task_the_setting_and_the_place() {
    let e = Registry::from_defs([&NO_GPU])
        .task("given.no_gpu")
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("task given.no_gpu at src/given.rs:1:1: accelerator: accelerator"),
        "{e}"
    );
}
