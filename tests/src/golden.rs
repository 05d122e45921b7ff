//! Golden templates: a task binary's `serialize` output, byte for byte, against files committed
//! in the example's `golden/` folder. Set `PODTASK_UPDATE_GOLDEN=1` to rewrite them, then review
//! the diff like code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The settings every golden file is serialized with.
pub const ARGS: &[&str] = &["--version", "v1", "--image", "ghcr.io/acme/tasks:1.0.0"];

/// Runs `binary serialize --out DIR` with [`ARGS`] and returns every file it wrote, by name.
pub fn serialize(binary: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let status = Command::new(binary)
        .arg("serialize")
        .arg("--out")
        .arg(out)
        .args(ARGS)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
    assert!(
        status.success(),
        "{} serialize failed: {status}",
        binary.display()
    );
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

/// Serializes twice and checks that both runs wrote the same bytes, and that they equal the files
/// in `golden` (or rewrites those when `PODTASK_UPDATE_GOLDEN` is set).
pub fn check(binary: &Path, golden: &Path) {
    let tmp = std::env::temp_dir().join(format!(
        "podtask-golden-{}-{}",
        std::process::id(),
        binary.file_name().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    let first = serialize(binary, &tmp.join("a"));
    let second = serialize(binary, &tmp.join("b"));
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(!first.is_empty(), "{} wrote no templates", binary.display());
    assert_eq!(first, second, "two runs of serialize wrote different bytes");

    if std::env::var_os("PODTASK_UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(golden);
        std::fs::create_dir_all(golden).unwrap();
        for (name, bytes) in &first {
            std::fs::write(golden.join(name), bytes).unwrap();
        }
        return;
    }
    let expected: BTreeMap<String, Vec<u8>> = std::fs::read_dir(golden)
        .unwrap_or_else(|e| panic!("no golden files in {}: {e}", golden.display()))
        .map(|e| {
            let path: PathBuf = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the tasks serialized differ from the golden files in {}",
        golden.display()
    );
    for (name, bytes) in &first {
        assert!(
            bytes == &expected[name],
            "{name} differs from {}/{name}:\n{}",
            golden.display(),
            String::from_utf8_lossy(bytes)
        );
    }
}

/// Runs `binary pod ARGS...` for each `(file, ARGS)` twice, checks both runs printed the same
/// bytes, and compares them with `golden/file` (or rewrites it when `PODTASK_UPDATE_GOLDEN` is
/// set).
pub fn check_pods(binary: &Path, golden: &Path, pods: &[(&str, &[&str])]) {
    for (file, args) in pods {
        let run = || {
            let out = Command::new(binary)
                .arg("pod")
                .args(*args)
                .output()
                .unwrap();
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
            std::fs::create_dir_all(golden).unwrap();
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
