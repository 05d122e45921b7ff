//! The example's templates against `golden/` (see `podtask_tests::golden`) and against those
//! flytekit writes for the same tasks (`flytekit/`, see `podtask_tests::flytekit`), and the
//! Pods its `pod` command prints against `golden-pods/`.

use std::path::Path;

const BIN: &str = env!("CARGO_BIN_EXE_example-gpu-training");

fn dir(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

#[test]
fn serialized_templates_match_the_golden_files() {
    podtask_tests::golden::check(Path::new(BIN), &dir("golden"));
}

#[test]
fn templates_match_what_flytekit_writes_for_the_same_tasks() {
    podtask_tests::flytekit::check(Path::new(BIN), &dir("flytekit/templates"));
}

/// Each Pod file and the arguments after `pod` that print it.
const PODS: &[(&str, &[&str])] = &[
    (
        "train.yaml",
        &["example_gpu_training.train", "--input", "epochs=3"],
    ),
    (
        "train.json",
        &[
            "example_gpu_training.train",
            "--input",
            "epochs=3",
            "-o",
            "json",
        ],
    ),
    (
        "evaluate.yaml",
        &[
            "example_gpu_training.evaluate",
            "--input",
            "checkpoint=s3://acme/ckpt/7",
            "--input",
            "examples=1000",
        ],
    ),
    (
        "embed-gke.yaml",
        &[
            "example_gpu_training.embed",
            "--input",
            r#"texts=["a","bc"]"#,
            "--gpu-device-label",
            "cloud.google.com/gke-accelerator",
        ],
    ),
];

#[test]
fn pods_match_the_golden_files() {
    podtask_tests::golden::check_pods(Path::new(BIN), &dir("golden-pods"), PODS);
}

/// The Job of the training task: its retries, its timeout per attempt and its failure policy
/// around the Pod above.
#[test]
fn jobs_match_the_golden_files() {
    podtask_tests::golden::check_printed(
        Path::new(BIN),
        "job",
        &dir("golden-jobs"),
        &[(
            "train.yaml",
            &["example_gpu_training.train", "--input", "epochs=3"],
        )],
    );
}
