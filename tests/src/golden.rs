//! Golden templates: a task binary's `serialize` output against files committed in the
//! example's `golden/` folder, compared in meaning (JSON and YAML are compared as the values they
//! hold, so a change of key order or number spelling is not a change). Two runs must still write
//! the same bytes. Set `PODTASK_UPDATE_GOLDEN=1` to rewrite the files, then review the diff like
//! code.

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
            same_meaning(name, bytes, &expected[name]),
            "{name} differs from {}/{name}:\n{}",
            golden.display(),
            String::from_utf8_lossy(bytes)
        );
    }
}

/// The value a `.json` or `.yaml` file holds, as JSON; `None` for other files.
pub fn parsed(name: &str, bytes: &[u8]) -> Option<serde_json::Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    if name.ends_with(".json") {
        return serde_json::from_str(text).ok();
    }
    if name.ends_with(".yaml") {
        let mut docs = yaml_rust2::YamlLoader::load_from_str(text).ok()?;
        return (docs.len() == 1).then(|| yaml_to_json(docs.remove(0)));
    }
    None
}

fn yaml_to_json(y: yaml_rust2::Yaml) -> serde_json::Value {
    use serde_json::Value;
    use yaml_rust2::Yaml;
    match y {
        Yaml::Real(r) => r
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Yaml::Integer(i) => Value::from(i),
        Yaml::String(s) => Value::String(s),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(a) => Value::Array(a.into_iter().map(yaml_to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) | Yaml::Real(s) => s,
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        _ => String::new(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Yaml::Null | Yaml::Alias(_) | Yaml::BadValue => Value::Null,
    }
}

/// Whether two files say the same: the same value for JSON and YAML, the same bytes otherwise.
pub fn same_meaning(name: &str, got: &[u8], expected: &[u8]) -> bool {
    match (parsed(name, got), parsed(name, expected)) {
        (Some(a), Some(b)) => a == b,
        _ => got == expected,
    }
}

/// Checks that a printed Pod (or the Pod template of a printed Job) is one the API server of
/// every supported Kubernetes version accepts, with `podtask::pod::validate_pod`.
pub fn valid_for_every_version(file: &str, bytes: &[u8]) {
    let mut pod = parsed(file, bytes).unwrap_or_else(|| panic!("{file} is not a JSON or YAML Pod"));
    if pod["kind"] == "Job" {
        job_rules(file, &pod);
        let mut metadata = pod["spec"]["template"]["metadata"].clone();
        if metadata.is_null() {
            metadata = serde_json::json!({});
        }
        metadata["name"] = pod["metadata"]["name"].clone();
        pod = serde_json::json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": metadata,
            "spec": pod["spec"]["template"]["spec"].clone(),
        });
    }
    for version in podtask::pod::KubernetesVersion::ALL {
        if let Err(errors) = podtask::pod::validate_pod(&pod, version.as_str()) {
            let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!(
                "{file}: the API server of Kubernetes {version} would refuse this Pod:\n  {}",
                shown.join("\n  ")
            );
        }
    }
}

/// Runs `binary pod ARGS...` for each `(file, ARGS)` twice, checks both runs printed the same
/// bytes and that the API server of every supported version accepts the Pod, and compares them
/// with `golden/file` (or rewrites it when `PODTASK_UPDATE_GOLDEN` is set).
pub fn check_pods(binary: &Path, golden: &Path, pods: &[(&str, &[&str])]) {
    check_printed(binary, "pod", golden, pods);
}

/// [`check_pods`] for any command that prints a Pod or a Job (`pod`, `job`).
pub fn check_printed(binary: &Path, command: &str, golden: &Path, pods: &[(&str, &[&str])]) {
    for (file, args) in pods {
        let run = || {
            let out = Command::new(binary)
                .arg(command)
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
        valid_for_every_version(file, &bytes);
        let path = golden.join(file);
        if std::env::var_os("PODTASK_UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(golden).unwrap();
            std::fs::write(&path, &bytes).unwrap();
            continue;
        }
        let expected = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("no golden file {}: {e}", path.display()));
        assert!(
            same_meaning(file, &bytes, &expected),
            "{file} differs from {}:\n{}",
            path.display(),
            String::from_utf8_lossy(&bytes)
        );
    }
}

/// What the API server requires of a Job beyond its Pod template (`ValidateJob`): a name the
/// Job controller can put in a label, `restartPolicy: Never` for a `podFailurePolicy`, whose
/// exit-code rules name a container of the template and list distinct values other than 0 in
/// increasing order; a `backoffLimit` and a `ttlSecondsAfterFinished` that fit an int32.
fn job_rules(file: &str, job: &serde_json::Value) {
    let name = job["metadata"]["name"].as_str().unwrap_or_default();
    assert!(
        !name.is_empty() && name.len() <= 63,
        "{file}: the Job's name {name:?} is not a label value"
    );
    let spec = &job["spec"];
    let template = &spec["template"]["spec"];
    assert_eq!(
        template["restartPolicy"], "Never",
        "{file}: a podFailurePolicy needs restartPolicy Never"
    );
    let containers: Vec<&str> = template["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str())
        .collect();
    for rule in spec["podFailurePolicy"]["rules"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let codes = &rule["onExitCodes"];
        if codes.is_null() {
            continue;
        }
        if let Some(c) = codes["containerName"].as_str() {
            assert!(
                containers.contains(&c),
                "{file}: no container {c:?} in the template"
            );
        }
        let values: Vec<i64> = codes["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_i64)
            .collect();
        assert!(
            !values.is_empty() && !values.contains(&0),
            "{file}: {values:?}"
        );
        assert!(
            values.windows(2).all(|w| w[0] < w[1]),
            "{file}: exit codes {values:?} not distinct and increasing"
        );
    }
    for field in ["backoffLimit", "ttlSecondsAfterFinished"] {
        if let Some(n) = spec[field].as_i64() {
            assert!(
                (0..=i64::from(i32::MAX)).contains(&n),
                "{file}: {field} {n}"
            );
        }
    }
}
