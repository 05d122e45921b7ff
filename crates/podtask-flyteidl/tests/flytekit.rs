//! The messages against what flytekit 1.16 writes for the reference tasks (`tests/data`, the
//! same files podtask's own tests read):
//!
//! - `pb/template/*.pb` (`core.TaskTemplate`) and `pb/spec/*.pb` (`admin.TaskSpec`, from
//!   `pyflyte package`) decode, and encode back to the same fields: nothing dropped, nothing
//!   renumbered, no wire type changed; where flytekit's map order happens to be key order, to
//!   the same bytes.
//! - `flytekit/*.json`, the JSON flytekit writes for the same templates (keys sorted), equals
//!   the JSON the decoded templates write, value by value.

use std::fs;
use std::path::{Path, PathBuf};

use podtask_flyteidl::{admin, core};
use prost::Message;

fn data(dir: &str, extension: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "reference files missing in {}",
        dir.display()
    );
    files
}

/// A message's fields as a tree, in a canonical order: each field's number, wire type and
/// value, a length-delimited value parsed as a message where it is one. Two encodings of the
/// same message (fields or map entries in another order) give the same tree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Wire {
    Varint(u64),
    Fixed64(u64),
    Fixed32(u32),
    Message(Vec<(u64, Wire)>),
    Bytes(Vec<u8>),
}

fn varint(b: &[u8], i: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*i)?;
        *i += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn fields(b: &[u8]) -> Option<Vec<(u64, Wire)>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let key = varint(b, &mut i)?;
        let (number, kind) = (key >> 3, key & 7);
        if number == 0 {
            return None;
        }
        let value = match kind {
            0 => Wire::Varint(varint(b, &mut i)?),
            1 => {
                let bytes = b.get(i..i + 8)?;
                i += 8;
                Wire::Fixed64(u64::from_le_bytes(bytes.try_into().ok()?))
            }
            5 => {
                let bytes = b.get(i..i + 4)?;
                i += 4;
                Wire::Fixed32(u32::from_le_bytes(bytes.try_into().ok()?))
            }
            2 => {
                let len = usize::try_from(varint(b, &mut i)?).ok()?;
                let bytes = b.get(i..i.checked_add(len)?)?;
                i += len;
                match fields(bytes) {
                    Some(inner) if !bytes.is_empty() => Wire::Message(inner),
                    _ => Wire::Bytes(bytes.to_vec()),
                }
            }
            _ => return None,
        };
        out.push((number, value));
    }
    out.sort();
    Some(out)
}

/// The field numbers of a message's top-level fields, in the order they are written.
fn numbers(mut b: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let (tag, wire_type) = prost::encoding::decode_key(&mut b).unwrap();
        prost::encoding::skip_field(wire_type, tag, &mut b, Default::default()).unwrap();
        out.push(tag);
    }
    out
}

#[test]
fn flytekit_templates_decode_and_encode_back_to_the_same_fields() {
    let mut exact = Vec::new();
    for (path, bytes) in data("pb/template", "pb") {
        let t = core::TaskTemplate::decode(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let again = t.encode_to_vec();
        assert_eq!(fields(&again), fields(&bytes), "{}", path.display());
        assert!(fields(&bytes).is_some_and(|f| f.len() >= 5));
        // Fields in flytekit's order, the target oneof included: `k8s_pod` (17) after
        // `config` (16).
        assert_eq!(numbers(&again), numbers(&bytes), "{}", path.display());
        if again == bytes {
            exact.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    // Only maps may differ, which flytekit writes in insertion order (the pod spec's `Struct`,
    // the interface's variables, labels): the templates without maps of several keys give the
    // same bytes.
    for case in [
        "a_plain",
        "b_gpu_ephemeral__train_accel",
        "d_container_task",
    ] {
        assert!(
            exact.iter().any(|e| e == case),
            "{case} not byte-identical: {exact:?}"
        );
    }
    assert!(exact.len() >= 6, "{exact:?}");
}

#[test]
fn flytekit_task_specs_decode_and_encode_back_to_the_same_fields() {
    for (path, bytes) in data("pb/spec", "pb") {
        let s = admin::TaskSpec::decode(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            fields(&s.encode_to_vec()),
            fields(&bytes),
            "{}",
            path.display()
        );
        let template = s.template.unwrap();
        assert_eq!(
            template.id.unwrap().resource_type,
            core::ResourceType::Task as i32
        );
        assert!(matches!(
            template.target,
            Some(
                core::task_template::Target::Container(_) | core::task_template::Target::K8sPod(_)
            )
        ));
    }
}

#[test]
fn the_pod_template_case_reads_the_k8s_pod_target_and_its_struct() {
    let (_, bytes) = data("pb/template", "pb")
        .into_iter()
        .find(|(p, _)| p.ends_with("c_pod_template.pb"))
        .unwrap();
    let t = core::TaskTemplate::decode(bytes.as_slice()).unwrap();
    let Some(core::task_template::Target::K8sPod(pod)) = &t.target else {
        panic!("expected a k8s_pod target, found {:?}", t.target);
    };
    let spec = pod.pod_spec.as_ref().unwrap().to_json();
    assert_eq!(spec["containers"][0]["name"], "main-container", "{spec:?}");
    // flytekit names the primary container in the template's config, not in the K8sPod.
    assert_eq!(pod.primary_container_name, "");
    assert_eq!(t.config["primary_container_name"], "main-container");
    assert_eq!(pod.metadata.as_ref().unwrap().labels["app"], "my-ml-task");
}

#[test]
fn templates_write_the_json_flytekit_writes() {
    let mut seen = 0;
    for (path, text) in data("flytekit", "json") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let pb = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/pb/template")
            .join(format!("{name}.pb"));
        let t = core::TaskTemplate::decode(fs::read(&pb).unwrap().as_slice()).unwrap();
        let ours = serde_json::to_value(&t).unwrap();
        let theirs: serde_json::Value = serde_json::from_slice(&text).unwrap();
        assert_eq!(ours, theirs, "{name}");
        seen += 1;
    }
    assert_eq!(seen, 5);
}
