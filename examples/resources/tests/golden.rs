//! The example's templates, byte for byte, against `golden/` (see `podtask_tests::golden`).

#[test]
fn serialized_templates_match_the_golden_files() {
    podtask_tests::golden::check(
        std::path::Path::new(env!("CARGO_BIN_EXE_example-resources")),
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden"),
    );
}
