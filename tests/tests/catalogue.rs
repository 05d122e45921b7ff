//! docs/errors.md and tests/ui/fail/ list the same compile-time errors: a rule without its UI test,
//! or a UI test missing from the catalogue, fails here.

use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn the_catalogue_lists_every_ui_case_and_nothing_else() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases: BTreeSet<String> = std::fs::read_dir(root.join("ui/fail"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let doc = std::fs::read_to_string(root.join("../docs/errors.md")).unwrap();
    let listed: BTreeSet<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_owned)
        .collect();
    assert!(!cases.is_empty());
    let missing: Vec<_> = cases.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&cases).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "UI cases missing from docs/errors.md: {missing:?}; listed but no UI case: {stale:?}"
    );
    for case in &cases {
        assert!(
            root.join(format!("ui/fail/{case}.stderr")).exists(),
            "{case} has no reviewed .stderr snapshot"
        );
    }
}
