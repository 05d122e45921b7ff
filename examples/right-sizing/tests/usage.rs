//! What `run` measures and enforces, and the Job `job` prints, on tasks that use a known amount
//! of memory and CPU. Figures are compared with what the tasks are built to use, within stated
//! tolerances; no test depends on how long anything takes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_example-right-sizing");
const MIB: u64 = 1 << 20;
/// What the program itself holds besides the task's data: its code, its allocator, the
/// runtime (a few MiB); the tolerance on peak memory.
const BASELINE: u64 = 48 * MIB;
/// The tolerance on CPU time above what the task spends: starting and ending the program.
const CPU_SLACK: f64 = 0.5;

fn run(args: &[&str]) -> Output {
    Command::new(BIN).arg("run").args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh file path for `--usage-json`.
fn usage_file(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("right-sizing");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    let _ = std::fs::remove_file(&path);
    path
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn peak_memory_is_what_the_task_holds() {
    let file = usage_file("aggregate-128");
    let out = run(&[
        "example_right_sizing.aggregate",
        "--input",
        "mib=128",
        "--usage-json",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Standard output is the outputs alone.
    let outputs: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(outputs["o0"].is_u64(), "{outputs}");
    let usage = read_json(&file);
    assert_eq!(usage["requests"]["cpu"], "2");
    assert_eq!(usage["schema"], "podtask.usage/v1");
    assert_eq!(usage["task"], "example_right_sizing.aggregate");
    assert_eq!(usage["limits"]["memory"], "256Mi");
    assert_eq!(usage["requests"]["memory"], "256Mi");
    if cfg!(unix) {
        let peak = usage["peak_rss_bytes"].as_u64().unwrap();
        assert!(
            (128 * MIB..128 * MIB + BASELINE).contains(&peak),
            "peak {peak} bytes for 128 MiB of data"
        );
        assert_eq!(usage["over_memory_limit"], false);
    } else {
        assert_eq!(usage["peak_rss_bytes"], Value::Null);
    }
}

#[test]
fn a_request_far_above_the_peak_is_pointed_out() {
    let out = run(&["example_right_sizing.aggregate", "--input", "mib=16"]);
    assert!(out.status.success(), "{}", stderr(&out));
    if cfg!(unix) {
        // Some 20 MiB of 256Mi requested: far more than it needs.
        let e = stderr(&out);
        assert!(
            e.contains("of 256Mi requested: consider requests(memory = \"64Mi\")"),
            "{e}"
        );
    }
}

#[test]
fn over_the_memory_limit_the_report_warns_and_the_run_succeeds() {
    let out = run(&["example_right_sizing.aggregate", "--input", "mib=300"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let e = stderr(&out);
    if cfg!(unix) {
        assert!(
            e.contains(
                "is above the memory limit 256Mi: on Kubernetes this run would be OOMKilled"
            ),
            "{e}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn under_enforced_limits_a_task_over_its_memory_limit_fails() {
    let file = usage_file("aggregate-enforced");
    let out = run(&[
        "example_right_sizing.aggregate",
        "--input",
        "mib=300",
        "--enforce-limits",
        "--usage-json",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(137), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let e = stderr(&out);
    assert!(
        e.contains(
            "error: task example_right_sizing.aggregate went over its memory limit 256Mi (peak "
        ),
        "{e}"
    );
    let usage = read_json(&file);
    assert_eq!(usage["enforced"], true);
    assert_eq!(usage["over_memory_limit"], true);
    assert!(usage["peak_rss_bytes"].as_u64().unwrap() > 256 * MIB);
}

#[cfg(target_os = "linux")]
#[test]
fn under_enforced_limits_a_task_within_them_runs_as_usual() {
    let plain = run(&["example_right_sizing.aggregate", "--input", "mib=32"]);
    let enforced = run(&[
        "example_right_sizing.aggregate",
        "--input",
        "mib=32",
        "--enforce-limits",
    ]);
    assert!(enforced.status.success(), "{}", stderr(&enforced));
    assert_eq!(enforced.stdout, plain.stdout);
    assert!(stderr(&enforced).contains("task example_right_sizing.aggregate used: wall "));
}

#[test]
fn limits_set_in_the_pod_spec_count() {
    let file = usage_file("aggregate-in-pod");
    let out = run(&[
        "example_right_sizing.aggregate_in_pod",
        "--input",
        "mib=160",
        "--usage-json",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let usage = read_json(&file);
    assert_eq!(usage["limits"]["memory"], "128Mi");
    assert_eq!(usage["requests"]["memory"], "128Mi");
    if cfg!(unix) {
        assert_eq!(usage["over_memory_limit"], true);
    }
}

#[test]
fn a_usage_file_in_a_missing_directory_is_refused_before_the_run() {
    let out = run(&[
        "example_right_sizing.validate",
        "--input",
        "rows=1",
        "--usage-json",
        "/nonexistent-dir/usage.json",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("--usage-json /nonexistent-dir/usage.json: the directory /nonexistent-dir does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn cpu_time_is_what_the_task_spends() {
    let file = usage_file("crunch");
    let out = run(&[
        "example_right_sizing.crunch",
        "--input",
        "cpu_ms=400",
        "--input",
        "threads=2",
        "--usage-json",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let usage = read_json(&file);
    if !cfg!(target_os = "linux") {
        return;
    }
    let cpu = usage["cpu_seconds"].as_f64().unwrap();
    assert!(
        (0.8..0.8 + CPU_SLACK).contains(&cpu),
        "cpu {cpu} s for 2 × 400 ms"
    );
    let user = usage["user_cpu_seconds"].as_f64().unwrap();
    let system = usage["system_cpu_seconds"].as_f64().unwrap();
    assert!((cpu - user - system).abs() < 1e-6);
    // It requests 4 CPUs and uses at most 2.
    let cpu_findings: Vec<&str> = usage["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["resource"] == "cpu")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        cpu_findings
            .iter()
            .any(|m| m.contains("of 4 requested CPUs on average")),
        "{cpu_findings:?}"
    );
}

/// The Job of `task` with `inputs`, as JSON.
fn print_job(task: &str, inputs: &[&str]) -> Value {
    let mut cmd = Command::new(BIN);
    cmd.args(["job", task, "-o", "json"]);
    for i in inputs {
        cmd.args(["--input", i]);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_jobs_failure_policy_fails_on_the_exit_status_of_a_failed_task() {
    let job = print_job("example_right_sizing.validate", &["rows=1"]);
    let rules = job["spec"]["podFailurePolicy"]["rules"].as_array().unwrap();
    let fail_job = rules
        .iter()
        .find(|r| r["action"] == "FailJob")
        .expect("a FailJob rule");
    let codes: Vec<i64> = fail_job["onExitCodes"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(fail_job["onExitCodes"]["containerName"], "primary");
    // A task whose own code fails exits with a status the policy does not retry...
    let failed = run(&["example_right_sizing.validate", "--input", "rows=-1"]);
    let code = i64::from(failed.status.code().unwrap());
    assert!(codes.contains(&code), "exit {code}, policy {codes:?}");
    assert!(stderr(&failed).contains("rows must not be negative, found -1"));
    // ...so does one given an input it cannot take...
    let unusable = run(&["example_right_sizing.validate", "--input", "rowz=1"]);
    assert!(codes.contains(&i64::from(unusable.status.code().unwrap())));
    // ...while an OOMKill (137) and a system error (3) count against backoffLimit.
    assert!(!codes.contains(&137) && !codes.contains(&3));
    assert_eq!(job["spec"]["backoffLimit"], 3);
    // A pod disruption is not counted.
    assert!(
        rules
            .iter()
            .any(|r| r["action"] == "Ignore"
                && r["onPodConditions"][0]["type"] == "DisruptionTarget")
    );
}

#[test]
fn the_job_carries_retries_timeout_and_spot_nodes() {
    let job = print_job("example_right_sizing.aggregate", &["mib=100"]);
    assert_eq!(job["apiVersion"], "batch/v1");
    assert_eq!(job["kind"], "Job");
    assert_eq!(job["spec"]["backoffLimit"], 2);
    let pod = &job["spec"]["template"]["spec"];
    assert_eq!(pod["activeDeadlineSeconds"], 600);
    assert_eq!(pod["restartPolicy"], "Never");
    // Interruptible: spot taints tolerated, spot labels preferred.
    let tolerations = pod["tolerations"].as_array().unwrap();
    assert!(
        tolerations
            .iter()
            .any(|t| t["key"] == "cloud.google.com/gke-spot")
    );
    let preferred =
        pod["affinity"]["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
            .as_array()
            .unwrap();
    assert!(preferred.iter().any(|p| {
        p["preference"]["matchExpressions"][0]["key"] == "karpenter.sh/capacity-type"
    }));
    // A task without retries is not retried, and one that is not interruptible stays off spot
    // nodes' taints.
    let job = print_job("example_right_sizing.crunch", &["cpu_ms=1", "threads=1"]);
    assert_eq!(job["spec"]["backoffLimit"], 0);
    assert!(job["spec"]["template"]["spec"].get("tolerations").is_none());
    assert_eq!(
        job["spec"]["template"]["spec"]["activeDeadlineSeconds"],
        300
    );
}

#[test]
fn spot_settings_are_checked() {
    let out = Command::new(BIN)
        .args([
            "job",
            "example_right_sizing.aggregate",
            "--input",
            "mib=1",
            "--spot-toleration",
            "pool=spot:Sometimes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--spot-toleration: effect \"Sometimes\" is not a taint effect"),
        "{}",
        stderr(&out)
    );
}

/// Each Job file and the arguments after `job` that print it.
const JOBS: &[(&str, &[&str])] = &[
    (
        "aggregate.yaml",
        &["example_right_sizing.aggregate", "--input", "mib=100"],
    ),
    (
        "crunch.json",
        &[
            "example_right_sizing.crunch",
            "--input",
            "cpu_ms=100",
            "--input",
            "threads=2",
            "-o",
            "json",
            "--ttl-seconds-after-finished",
            "3600",
        ],
    ),
    (
        "validate.yaml",
        &["example_right_sizing.validate", "--input", "rows=10"],
    ),
];

#[test]
fn jobs_match_the_golden_files() {
    podtask_tests::golden::check_printed(
        Path::new(BIN),
        "job",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("golden-jobs"),
        JOBS,
    );
}

#[test]
fn serialized_templates_match_the_golden_files() {
    podtask_tests::golden::check(
        Path::new(BIN),
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("golden"),
    );
}
