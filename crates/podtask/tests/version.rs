//! The computed version: a hash of everything Flyte compares on registration, and nothing else.

use podtask::__private::{
    Container, KeyValuePair, Param, ResourceEntry, ResourceName, Resources, TaskDef, TaskKind,
    TaskMetadataDef,
};
use podtask::{FlyteType, SerializeSettings, Task};

fn leak<T>(v: T) -> &'static T {
    Box::leak(Box::new(v))
}

fn def(container: Container, inputs: &'static [Param]) -> &'static TaskDef {
    leak(TaskDef {
        fn_name: "train",
        module_path: "jobs",
        name: None,
        file: "src/jobs.rs",
        line: 1,
        column: 1,
        kind: TaskKind::Function,
        container: leak(container),
        resources: None,
        pod: None,
        metadata: TaskMetadataDef::DEFAULT,
        inputs,
        outputs: &[],
        invoke: None,
    })
}

fn base() -> Container {
    Container::builder()
        .image("busybox:1.36")
        .env("A", "1")
        .build()
        .unwrap()
}

const INT_INPUT: &[Param] = &[Param {
    name: "n",
    literal_type: <i64 as FlyteType>::literal_type,
}];
const STR_INPUT: &[Param] = &[Param {
    name: "n",
    literal_type: <String as FlyteType>::literal_type,
}];

fn version(def: &'static TaskDef, settings: &SerializeSettings) -> String {
    Task::new(def).template(settings).unwrap().id.version
}

fn settings() -> SerializeSettings {
    let mut s = SerializeSettings::default();
    s.entrypoint = Some("/usr/local/bin/tasks".to_owned());
    s
}

#[test]
fn the_version_is_sixteen_hex_digits_and_stable() {
    let v = version(def(base(), INT_INPUT), &settings());
    assert_eq!(v.len(), 16);
    assert!(
        v.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_eq!(v, version(def(base(), INT_INPUT), &settings()));
}

#[test]
fn the_version_changes_with_what_flyte_compares() {
    let v = version(def(base(), INT_INPUT), &settings());
    let mut image = base();
    image.image = Some("busybox:1.37".into());
    assert_ne!(version(def(image, INT_INPUT), &settings()), v, "image");

    let mut resources = base();
    resources.resources = Resources::new(
        vec![ResourceEntry::new(ResourceName::Cpu, "1").unwrap()],
        vec![],
    )
    .unwrap();
    assert_ne!(
        version(def(resources, INT_INPUT), &settings()),
        v,
        "resources"
    );

    assert_ne!(version(def(base(), STR_INPUT), &settings()), v, "interface");

    let mut env = base();
    env.env = vec![KeyValuePair::new("A", "2")].into();
    assert_ne!(version(def(env, INT_INPUT), &settings()), v, "env");

    let mut entrypoint = settings();
    entrypoint.entrypoint = Some("/bin/other".to_owned());
    assert_ne!(
        version(def(base(), INT_INPUT), &entrypoint),
        v,
        "entrypoint"
    );
}

#[test]
fn the_version_does_not_change_with_project_domain_or_description() {
    let v = version(def(base(), INT_INPUT), &settings());
    let mut elsewhere = settings();
    elsewhere.project = "ml".to_owned();
    elsewhere.domain = "production".to_owned();
    assert_eq!(version(def(base(), INT_INPUT), &elsewhere), v);

    let described = leak(TaskDef {
        metadata: TaskMetadataDef {
            description: Some("Trains the model."),
            ..TaskMetadataDef::DEFAULT
        },
        ..*def(base(), INT_INPUT)
    });
    assert_eq!(version(described, &settings()), v);
    // The source location is not part of the template either.
    let moved = leak(TaskDef {
        line: 99,
        ..*def(base(), INT_INPUT)
    });
    assert_eq!(version(moved, &settings()), v);
}

#[test]
fn version_of_agrees_with_the_computed_version() {
    let template = Task::new(def(base(), INT_INPUT))
        .template(&settings())
        .unwrap();
    assert_eq!(podtask::version_of(&template), template.id.version);
    let mut given = settings();
    given.version = Some("v1".to_owned());
    assert_eq!(version(def(base(), INT_INPUT), &given), "v1");
}

#[test]
fn the_json_written_is_the_template_written_pretty() {
    // `template_json` serializes once and splices the id in; it must give exactly the bytes of
    // the template itself, for a computed version and a given one, with and without project.
    let task = Task::new(def(base(), &[]));
    let mut given = settings();
    given.version = Some("v7".to_owned());
    let mut bare = settings();
    bare.project = "p".to_owned();
    for s in [settings(), given, bare] {
        let template = task.template(&s).unwrap();
        let mut expected = serde_json::to_vec_pretty(&template).unwrap();
        expected.push(b'\n');
        let written = task.template_json(&s).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}
