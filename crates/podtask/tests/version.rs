//! The computed version: a hash of everything Flyte compares on registration, and nothing else.

use podtask::__private::{Function, Unit};
use podtask::Extras;
use podtask::{
    Container, KeyValuePair, Param, ResourceEntry, ResourceName, Resources, SerializeSettings,
    Task, TaskDef,
};
use prost::Message;
use sha2::{Digest, Sha256};

fn leak<T>(v: T) -> &'static T {
    Box::leak(Box::new(v))
}

fn takes_int(n: i64) {
    let _ = n;
}

fn takes_string(n: String) {
    let _ = n;
}

static INT_RUN: Function<fn(i64), Unit> = Function::new(takes_int);
static STR_RUN: Function<fn(String), Unit> = Function::new(takes_string);

const INT_INPUT: &[Param] = &[Param {
    name: "n",
    codec: &<i64 as podtask::types::Value>::CODEC,
}];
const STR_INPUT: &[Param] = &[Param {
    name: "n",
    codec: &<String as podtask::types::Value>::CODEC,
}];

/// `jobs.train` with `container`, taking an `i64`.
fn def(container: Container) -> &'static TaskDef {
    leak(TaskDef {
        fn_name: "train",
        module_path: "jobs",
        file: "src/jobs.rs",
        line: 1,
        column: 4,
        spec: "{}",
        inputs: INT_INPUT,
        outputs: &[],
        run: &INT_RUN,
        extras: Box::leak(Box::new([Extras {
            container: Some(leak(container)),
            ..Extras::NONE
        }])),
    })
}

fn base() -> Container {
    Container::builder()
        .image("busybox:1.36")
        .env("A", "1")
        .build()
        .unwrap()
}

fn task(def: &'static TaskDef) -> Task {
    Task::new(def).unwrap()
}

fn version(def: &'static TaskDef, settings: &SerializeSettings) -> String {
    podtask::template(&task(def), settings)
        .unwrap()
        .id
        .unwrap()
        .version
}

fn settings() -> SerializeSettings {
    let mut s = SerializeSettings::default();
    s.entrypoint = Some("/usr/local/bin/tasks".to_owned());
    s
}

#[test]
fn the_version_is_sixteen_hex_digits_and_stable() {
    let v = version(def(base()), &settings());
    assert_eq!(v.len(), podtask::VERSION_HEX_DIGITS);
    assert_eq!(v.len(), 16);
    assert!(
        v.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_eq!(v, version(def(base()), &settings()));
}

#[test]
fn the_version_changes_with_what_flyte_compares() {
    let v = version(def(base()), &settings());
    let mut image = base();
    image.image = Some("busybox:1.37".into());
    assert_ne!(version(def(image), &settings()), v, "image");

    let mut resources = base();
    resources.resources = Resources::new(
        vec![ResourceEntry::new(ResourceName::Cpu, "1").unwrap()],
        vec![],
    )
    .unwrap();
    assert_ne!(version(def(resources), &settings()), v, "resources");

    let string_input = leak(TaskDef {
        inputs: STR_INPUT,
        run: &STR_RUN,
        ..*def(base())
    });
    assert_ne!(version(string_input, &settings()), v, "interface");

    let mut env = base();
    env.env = vec![KeyValuePair::new("A", "2")].into();
    assert_ne!(version(def(env), &settings()), v, "env");

    let mut entrypoint = settings();
    entrypoint.entrypoint = Some("/bin/other".to_owned());
    assert_ne!(version(def(base()), &entrypoint), v, "entrypoint");

    let retried = leak(TaskDef {
        spec: r#"{"metadata":{"retries":1}}"#,
        ..*def(base())
    });
    assert_ne!(version(retried, &settings()), v, "metadata");

    let base_def = def(base());
    let renamed = leak(TaskDef {
        extras: Box::leak(Box::new([Extras {
            name: Some("jobs.fit"),
            ..base_def.extras[0]
        }])),
        ..*base_def
    });
    assert_ne!(version(renamed, &settings()), v, "name");
}

#[test]
fn the_version_does_not_change_with_project_domain_or_description() {
    let v = version(def(base()), &settings());
    let mut elsewhere = settings();
    elsewhere.project = "ml".to_owned();
    elsewhere.domain = "production".to_owned();
    assert_eq!(version(def(base()), &elsewhere), v);

    let described = leak(TaskDef {
        spec: r#"{"metadata":{"description":"Trains the model."}}"#,
        ..*def(base())
    });
    assert_eq!(task(described).description(), Some("Trains the model."));
    assert_eq!(version(described, &settings()), v);
    // The source location is not part of the template either.
    let moved = leak(TaskDef {
        line: 99,
        column: 8,
        ..*def(base())
    });
    assert_eq!(version(moved, &settings()), v);
}

#[test]
fn version_of_agrees_with_the_computed_version() {
    let template = podtask::template(&task(def(base())), &settings()).unwrap();
    let id = template.id.as_ref().unwrap();
    assert_eq!(podtask::version_of(&template), id.version);
    let mut given = settings();
    given.version = Some("v1".to_owned());
    let with_v1 = podtask::template(&task(def(base())), &given).unwrap();
    assert_eq!(with_v1.id.as_ref().unwrap().version, "v1");
    // The version given does not count in the version computed, nor do project and domain.
    assert_eq!(podtask::version_of(&with_v1), id.version);
}

#[test]
fn the_version_hashes_the_protobuf_template_without_project_domain_and_version() {
    let mut s = settings();
    s.project = "ml".to_owned();
    s.version = Some("v7".to_owned());
    let template = podtask::template(&task(def(base())), &s).unwrap();
    let mut blank = template.clone();
    let id = blank.id.as_mut().unwrap();
    id.project.clear();
    id.domain.clear();
    id.version.clear();
    let digest = Sha256::digest(blank.encode_to_vec());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(podtask::version_of(&template), hex[..16]);
    assert_eq!(
        version(def(base()), &settings()),
        hex[..16],
        "the version computed when serializing"
    );
}

#[test]
fn the_json_written_is_the_template_written_pretty() {
    // For a computed version and a given one, with and without project: exactly the bytes of
    // the template itself.
    let task = task(def(base()));
    let mut given = settings();
    given.version = Some("v7".to_owned());
    let mut bare = settings();
    bare.project = "p".to_owned();
    for s in [settings(), given, bare] {
        let template = podtask::template(&task, &s).unwrap();
        let mut expected = serde_json::to_vec_pretty(&template).unwrap();
        expected.push(b'\n');
        assert_eq!(podtask::template::to_json(&template), expected);
        let written = podtask::template_json(&task, &s).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}
