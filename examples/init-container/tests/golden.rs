//! The example's templates, byte for byte, against `golden/` (see `podtask_tests::golden`),
//! and the Pods its `pod` command prints against `golden-pods/`.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_example-init-container");

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
        "count_rows.yaml",
        &[
            "example_init_container.count_rows",
            "--input",
            "column=price",
        ],
    ),
    (
        "count_rows.json",
        &[
            "example_init_container.count_rows",
            "--input",
            "column=price",
            "-o",
            "json",
        ],
    ),
];

#[test]
fn pods_match_the_golden_files() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("golden-pods");
    for (file, args) in PODS {
        let run = || {
            let out = Command::new(BIN).arg("pod").args(*args).output().unwrap();
            assert!(
                out.status.success(),
                "{file}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        let bytes = run();
        assert_eq!(bytes, run(), "{file}: two runs printed different bytes");
        let path = golden.join(file);
        if std::env::var_os("PODTASK_UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&path, &bytes).unwrap();
            continue;
        }
        let expected = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("no golden Pod {}: {e}", path.display()));
        assert!(
            bytes == expected,
            "{file} differs from {}:\n{}",
            path.display(),
            String::from_utf8_lossy(&bytes)
        );
    }
}
