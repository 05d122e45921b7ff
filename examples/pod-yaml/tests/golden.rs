//! The example's templates, byte for byte, against `golden/` (see `podtask_tests::golden`),
//! and the Pods its `pod` command prints against `golden-pods/`.

use std::path::Path;

const BIN: &str = env!("CARGO_BIN_EXE_example-pod-yaml");

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
        "train.yaml",
        &[
            "example_pod_yaml.train",
            "--input",
            "epochs=3",
            "--entrypoint",
            "/usr/local/bin/example-pod-yaml",
        ],
    ),
    (
        "train.json",
        &[
            "example_pod_yaml.train",
            "--input",
            "epochs=3",
            "--entrypoint",
            "/usr/local/bin/example-pod-yaml",
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
