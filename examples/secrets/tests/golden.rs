//! The example's templates against `golden/` (see `podtask_tests::golden`) and against those
//! flytekit writes for the same tasks (`flytekit/`, see `podtask_tests::flytekit`), and the
//! Pods its `pod` command prints against `golden-pods/`.

use std::path::Path;

const BIN: &str = env!("CARGO_BIN_EXE_example-secrets");

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
        "report.yaml",
        &["example_secrets.report", "--input", "day=2026-12-01"],
    ),
    (
        "report.json",
        &[
            "example_secrets.report",
            "--input",
            "day=2026-12-01",
            "-o",
            "json",
        ],
    ),
    (
        "load.yaml",
        &[
            "example_secrets.load",
            "--input",
            "table=sales",
            "--input",
            "rows=10",
        ],
    ),
];

#[test]
fn pods_match_the_golden_files() {
    podtask_tests::golden::check_pods(Path::new(BIN), &dir("golden-pods"), PODS);
}

/// The Job of a task that reads secrets: the secret variables and volumes in its Pod template.
#[test]
fn jobs_match_the_golden_files() {
    podtask_tests::golden::check_printed(
        Path::new(BIN),
        "job",
        &dir("golden-jobs"),
        &[(
            "load.json",
            &[
                "example_secrets.load",
                "--input",
                "table=sales",
                "--input",
                "rows=10",
                "-o",
                "json",
            ],
        )],
    );
}
