//! An example's templates against those flytekit 1.16.31 writes for the same tasks written in
//! Python (`examples/<name>/flytekit/`, regenerated with `scripts/flytekit-templates`).
//!
//! The differences docs/flyte-output.md documents for a Rust function task are applied to
//! flytekit's side first, and only those: the runtime (podtask, rust), the task type
//! (`container`), and the command and arguments (the task binary's `execute`, where flytekit's
//! are `pyflyte-execute`). Everything else must be equal, value for value.

use std::path::Path;

use serde_json::{Value, json};

/// Serializes `binary`'s tasks and compares each template flytekit wrote in `flytekit` (one
/// `<task name>.json` per task) with podtask's of the same name.
pub fn check(binary: &Path, flytekit: &Path) {
    let tmp = std::env::temp_dir().join(format!(
        "podtask-flytekit-{}-{}",
        std::process::id(),
        binary.file_name().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    let ours = crate::golden::serialize(binary, &tmp);
    let _ = std::fs::remove_dir_all(&tmp);
    let mut compared = 0;
    for entry in std::fs::read_dir(flytekit)
        .unwrap_or_else(|e| panic!("no flytekit templates in {}: {e}", flytekit.display()))
    {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let theirs: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let Some(bytes) = ours.get(&name) else {
            panic!("flytekit has {name}, podtask serialized no such task");
        };
        let ours: Value = serde_json::from_slice(bytes).unwrap();
        let expected = as_podtask(theirs, &ours);
        assert!(
            ours == expected,
            "{name}: podtask's template differs from flytekit's\npodtask:\n{}\nflytekit (with the \
             documented differences applied):\n{}",
            serde_json::to_string_pretty(&ours).unwrap(),
            serde_json::to_string_pretty(&expected).unwrap()
        );
        compared += 1;
    }
    assert!(
        compared > 0,
        "no flytekit templates in {}",
        flytekit.display()
    );
}

/// flytekit's template with the documented differences of a podtask function task: podtask's
/// runtime, task type, command and arguments.
fn as_podtask(mut theirs: Value, ours: &Value) -> Value {
    theirs["metadata"]["runtime"] = json!({
        "type": "FLYTE_SDK",
        "version": ours["metadata"]["runtime"]["version"],
        "flavor": "rust",
    });
    theirs["type"] = json!("container");
    theirs["container"]["command"] = ours["container"]["command"].clone();
    theirs["container"]["args"] = ours["container"]["args"].clone();
    theirs
}
