//! The example's templates, byte for byte, against `golden/` (see `podtask_tests::golden`),
//! and the Pods its `pod` command prints against `golden-pods/`.

use std::path::Path;

const BIN: &str = env!("CARGO_BIN_EXE_example-k8s-pod");

#[test]
fn serialized_templates_match_the_golden_files() {
    podtask_tests::golden::check(
        Path::new(BIN),
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("golden"),
    );
}

/// Each Pod file and the arguments after `pod` that print it.
const PODS: &[(&str, &[&str])] = &[
    (
        "run_script.yaml",
        &[
            "example_k8s_pod.run_script",
            "--input",
            "script_path=etl.py",
            "--entrypoint",
            "/usr/local/bin/example-k8s-pod",
        ],
    ),
    (
        "run_script.json",
        &[
            "example_k8s_pod.run_script",
            "--input",
            "script_path=etl.py",
            "--entrypoint",
            "/usr/local/bin/example-k8s-pod",
            "-o",
            "json",
        ],
    ),
];

#[test]
fn pods_match_the_golden_files() {
    podtask_tests::golden::check_pods(
        Path::new(BIN),
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("golden-pods"),
        PODS,
    );
}

/// The Job of the pod task: its sidecar, labels and node selector in the Job's Pod template.
#[test]
fn jobs_match_the_golden_files() {
    podtask_tests::golden::check_printed(
        Path::new(BIN),
        "job",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("golden-jobs"),
        &[(
            "run_script.yaml",
            &[
                "example_k8s_pod.run_script",
                "--input",
                "script_path=etl.py",
                "--ttl-seconds-after-finished",
                "86400",
            ],
        )],
    );
}
