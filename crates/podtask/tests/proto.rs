//! The hand-written flyteidl messages against flyteidl itself, and the binary templates podtask
//! writes against its JSON ones.
//!
//! - Every `.pb` flytekit 1.16 wrote for the reference cases (`tests/data/pb`) decodes, and
//!   encodes back to the same fields: nothing dropped, nothing renumbered, no wire type changed.
//! - Literals and error documents encode to the bytes flyteidl's Python classes write.
//! - A template read from podtask's JSON goes to protobuf and back unchanged, and `serialize
//!   --format pb` writes the same template `serialize` writes as JSON, byte-identical across
//!   runs, and nothing at all when a task cannot be serialized.

mod common;
use common::run;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use podtask::__private::{Container, Param, Resources, TaskDef, TaskKind, TaskMetadataDef};
use podtask::proto::protobuf::{Duration, Timestamp};
use podtask::proto::{admin, core};
use podtask::{FlyteType, SerializeSettings};
use prost::Message;

const IMAGE: Container =
    Container::new_const(Some("busybox:1.36"), &[], &[], Resources::EMPTY, &[], &[]);

const _: () = {
    podtask::__private::register!(TaskDef {
        fn_name: "scale",
        module_path: "pb_tasks",
        name: None,
        file: file!(),
        line: line!(),
        column: 1,
        kind: TaskKind::Function,
        container: &IMAGE,
        resources: None,
        pod: None,
        metadata: TaskMetadataDef {
            retries: 3,
            timeout_seconds: Some(600),
            interruptible: true,
            ..TaskMetadataDef::DEFAULT
        },
        inputs: &[
            Param {
                name: "xs",
                literal_type: <Vec<f64> as FlyteType>::literal_type,
            },
            Param {
                name: "by",
                literal_type: <Option<i64> as FlyteType>::literal_type,
            },
        ],
        outputs: &[Param {
            name: "o0",
            literal_type: <BTreeMap<String, String> as FlyteType>::literal_type,
        }],
        invoke: None,
    });
};

fn data(dir: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pb")
        .join(dir);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pb"))
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "reference files missing in {}",
        dir.display()
    );
    files
}

/// A message's fields as a tree, in a canonical order: each field's number, wire type and
/// value, a length-delimited value parsed as a message where it is one. Two encodings of the
/// same message (fields in another order, map entries in another order) give the same tree.
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

#[test]
fn flytekit_templates_decode_and_encode_back_to_the_same_fields() {
    let mut exact = 0;
    for (path, bytes) in data("template") {
        let t = core::TaskTemplate::decode(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let again = t.encode_to_vec();
        assert_eq!(fields(&again), fields(&bytes), "{}", path.display());
        assert!(fields(&bytes).is_some_and(|f| f.len() >= 5));
        exact += usize::from(again == bytes);
    }
    // Without maps of several keys or a k8s_pod target, even the bytes are the same.
    assert!(
        exact >= 5,
        "only {exact} templates encode to the same bytes"
    );
}

#[test]
fn flytekit_task_specs_decode_and_encode_back_to_the_same_fields() {
    for (path, bytes) in data("spec") {
        let s = admin::TaskSpec::decode(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            fields(&s.encode_to_vec()),
            fields(&bytes),
            "{}",
            path.display()
        );
        let template = s.template.unwrap();
        assert_eq!(template.id.unwrap().resource_type, 1);
        assert!(matches!(
            template.target,
            Some(
                core::task_template::Target::Container(_) | core::task_template::Target::K8sPod(_)
            )
        ));
    }
}

#[test]
fn pod_template_case_reads_the_k8s_pod_target_and_its_struct() {
    let (_, bytes) = data("template")
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
    // The model holds the pod target, and gives back the same message.
    let model = podtask::TaskTemplate::try_from(&t).unwrap();
    assert!(model.container.is_none());
    let k8s_pod = model.k8s_pod.as_ref().unwrap();
    assert_eq!(
        k8s_pod.metadata.as_ref().unwrap().labels["app"],
        "my-ml-task"
    );
    assert_eq!(
        k8s_pod.pod_spec.as_ref().unwrap()["nodeSelector"]["kubernetes.io/hostname"],
        "my-specific-node"
    );
    assert_eq!(core::TaskTemplate::from(&model), t);
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn literals_encode_as_flyteidl_does() {
    // The bytes flyteidl 1.16.8's Python classes write for the same map
    // (`SerializeToString(deterministic=True)`, map keys sorted).
    let expected = hex(concat!(
        "0a0b0a016112060a040a0208050a100a0162120b12090a070a050a031a01780a250a016312200a1e4a1c0a0d",
        "0a0b0a0911000000000000f83f120b08025a070a05666c6f61740a090a016412040a022a000a2a0a016512",
        "250a233a210a1f0a016b121a32180a0911000000000000f03f0a031a01760a0208000a0220010a160a0166",
        "12110a0f1a0d0a02010212076d73677061636b0a130a0167120e0a0c0a0a2a080880e2cfaa0610050a0d0a",
        "016812080a060a043202085a",
    ));
    use podtask::proto::protobuf::{ListValue, Struct, Value, value::Kind};
    let generic = Struct {
        fields: BTreeMap::from([(
            "k".to_owned(),
            Value {
                kind: Some(Kind::ListValue(ListValue {
                    values: vec![
                        Value::from(serde_json::json!(1)),
                        Value::from(serde_json::json!("v")),
                        Value::from(serde_json::Value::Null),
                        Value::from(serde_json::json!(true)),
                    ],
                })),
            },
        )]),
    };
    let map = core::LiteralMap {
        literals: BTreeMap::from([
            (
                "a".to_owned(),
                core::Literal::from(core::Primitive::integer(5)),
            ),
            (
                "b".to_owned(),
                core::Literal::collection(vec![core::Literal::from(core::Primitive::string("x"))]),
            ),
            (
                "c".to_owned(),
                core::Literal::union(
                    core::Literal::from(core::Primitive::float(1.5)),
                    core::LiteralType {
                        structure: Some(core::TypeStructure {
                            tag: "float".to_owned(),
                            dataclass_type: BTreeMap::new(),
                        }),
                        ..core::LiteralType::simple(core::SimpleType::Float)
                    },
                ),
            ),
            ("d".to_owned(), core::Literal::none()),
            (
                "e".to_owned(),
                core::Literal::from(core::Scalar {
                    value: Some(core::scalar::Value::Generic(generic)),
                }),
            ),
            (
                "f".to_owned(),
                core::Literal::from(core::Scalar {
                    value: Some(core::scalar::Value::Binary(core::Binary {
                        value: vec![1, 2],
                        tag: "msgpack".to_owned(),
                    })),
                }),
            ),
            (
                "g".to_owned(),
                core::Literal::from(core::Primitive::datetime(Timestamp {
                    seconds: 1_700_000_000,
                    nanos: 5,
                })),
            ),
            (
                "h".to_owned(),
                core::Literal::from(core::Primitive::duration(Duration {
                    seconds: 90,
                    nanos: 0,
                })),
            ),
        ]),
    };
    assert_eq!(map.encode_to_vec(), expected);
    assert_eq!(core::LiteralMap::decode(expected.as_slice()).unwrap(), map);
}

#[test]
fn error_documents_encode_as_flyteidl_does() {
    let doc = core::ErrorDocument {
        error: Some(core::ContainerError {
            code: "USER:ValueError".to_owned(),
            message: "boom".to_owned(),
            kind: core::container_error::Kind::Recoverable as i32,
            origin: core::execution_error::ErrorKind::User as i32,
            timestamp: Some(Timestamp {
                seconds: 1_700_000_000,
                nanos: 0,
            }),
            worker: "w".to_owned(),
        }),
    };
    let expected =
        hex("0a260a0f555345523a56616c75654572726f721204626f6f6d180120012a060880e2cfaa06320177");
    assert_eq!(doc.encode_to_vec(), expected);
    assert_eq!(
        core::ErrorDocument::decode(expected.as_slice()).unwrap(),
        doc
    );
}

#[test]
fn enum_names_are_the_proto_names() {
    assert_eq!(core::SimpleType::Integer.as_str_name(), "INTEGER");
    assert_eq!(
        core::resources::ResourceName::from_str_name("EPHEMERAL_STORAGE"),
        Some(core::resources::ResourceName::EphemeralStorage)
    );
    assert_eq!(core::resources::ResourceName::EphemeralStorage as i32, 5);
    assert_eq!(
        admin::DescriptionFormat::Markdown.as_str_name(),
        "DESCRIPTION_FORMAT_MARKDOWN"
    );
    assert_eq!(
        core::ResourceType::from_str_name("TASK"),
        Some(core::ResourceType::Task)
    );
    assert_eq!(core::ResourceType::from_str_name("task"), None);
}

/// Every template podtask writes for the examples (`examples/*/golden`): JSON, model, protobuf,
/// bytes, protobuf, model, JSON again, each step unchanged.
#[test]
fn golden_json_templates_survive_protobuf_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut seen = 0;
    for example in fs::read_dir(&root).unwrap() {
        let golden = example.unwrap().path().join("golden");
        let Ok(entries) = fs::read_dir(&golden) else {
            continue;
        };
        for file in entries {
            let path = file.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            let model: podtask::TaskTemplate = serde_json::from_str(&text).unwrap();
            let bytes = core::TaskTemplate::from(&model).encode_to_vec();
            let decoded = core::TaskTemplate::decode(bytes.as_slice()).unwrap();
            let back = podtask::TaskTemplate::try_from(&decoded)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(back, model, "{}", path.display());
            let mut json = serde_json::to_string_pretty(&back).unwrap();
            json.push('\n');
            assert_eq!(json, text, "{}", path.display());
            seen += 1;
        }
    }
    assert!(
        seen >= 6,
        "only {seen} golden templates found under {}",
        root.display()
    );
}

#[test]
fn templates_of_every_shape_survive_protobuf_unchanged() {
    let task = podtask::registry().unwrap().get("pb_tasks.scale").unwrap();
    let mut settings = SerializeSettings::default();
    settings.entrypoint = Some("/usr/local/bin/tasks".to_owned());
    let mut model = task.template(&settings).unwrap();
    // Fields no podtask task sets yet, so that each conversion is exercised.
    model.config.insert("k".to_owned(), "v".to_owned());
    model
        .metadata
        .tags
        .insert("team".to_owned(), "ml".to_owned());
    model.metadata.pod_template_name = "base".to_owned();
    model.metadata.is_eager = true;
    model.metadata.cache_ignore_input_vars = vec!["by".to_owned()];
    let decoded =
        core::TaskTemplate::decode(core::TaskTemplate::from(&model).encode_to_vec().as_slice())
            .unwrap();
    assert_eq!(podtask::TaskTemplate::try_from(&decoded).unwrap(), model);
    let meta = decoded.metadata.unwrap();
    assert_eq!(
        meta.timeout,
        Some(Duration {
            seconds: 600,
            nanos: 0
        })
    );
    assert_eq!(meta.retries, Some(core::RetryStrategy { retries: 3 }));
    assert_eq!(
        meta.interruptible_value,
        Some(core::task_metadata::InterruptibleValue::Interruptible(true))
    );
    assert_eq!(meta.generates_deck.map(|b| b.value), Some(false));
}

#[test]
fn what_the_model_cannot_hold_is_refused_by_name() {
    let task = podtask::registry().unwrap().get("pb_tasks.scale").unwrap();
    let mut settings = SerializeSettings::default();
    settings.entrypoint = Some("/usr/local/bin/tasks".to_owned());
    let proto = core::TaskTemplate::from(&task.template(&settings).unwrap());
    let refused = |edit: fn(&mut core::TaskTemplate)| {
        let mut t = proto.clone();
        edit(&mut t);
        podtask::TaskTemplate::try_from(&t).unwrap_err().to_string()
    };
    assert!(refused(|t| t.custom = Some(Default::default())).starts_with("custom:"));
    assert!(refused(|t| t.task_type_version = 1).starts_with("task_type_version:"));
    assert!(refused(|t| t.target = None).starts_with("container:"));
    assert!(
        refused(|t| {
            if let Some(m) = &mut t.metadata {
                m.timeout = Some(Duration {
                    seconds: 1,
                    nanos: 5,
                });
            }
        })
        .starts_with("metadata.timeout:")
    );
    assert!(
        refused(|t| {
            if let Some(core::task_template::Target::Container(c)) = &mut t.target {
                c.ports.push(core::ContainerPort::default());
            }
        })
        .starts_with("container.ports:")
    );
}

fn scratch(test: &str) -> PathBuf {
    common::scratch("pb", test)
}

#[test]
fn serialize_pb_writes_the_json_template_in_binary_the_same_every_time() {
    let dir = scratch("pb");
    let (a, b, json) = (dir.join("a"), dir.join("b"), dir.join("json"));
    let common = ["--entrypoint", "/usr/local/bin/tasks", "--version", "v1"];
    for (out, format) in [(&a, "pb"), (&b, "pb"), (&json, "json")] {
        let mut args = vec![
            "serialize",
            "--out",
            out.to_str().unwrap(),
            "--format",
            format,
        ];
        args.extend(common);
        let (code, stdout, err) = run(&args);
        assert_eq!(code, ExitCode::SUCCESS, "{err}");
        assert_eq!(
            stdout,
            format!("wrote 1 task template to {}\n", out.display())
        );
    }
    let names: Vec<_> = fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["pb_tasks.scale.pb"]);
    let bytes = fs::read(a.join("pb_tasks.scale.pb")).unwrap();
    assert_eq!(bytes, fs::read(b.join("pb_tasks.scale.pb")).unwrap());
    let decoded = core::TaskTemplate::decode(bytes.as_slice()).unwrap();
    let from_json: podtask::TaskTemplate =
        serde_json::from_slice(&fs::read(json.join("pb_tasks.scale.json")).unwrap()).unwrap();
    assert_eq!(
        podtask::TaskTemplate::try_from(&decoded).unwrap(),
        from_json
    );
    let id = decoded.id.unwrap();
    assert_eq!(
        (id.project.as_str(), id.domain.as_str(), id.version.as_str()),
        ("flytesnacks", "development", "v1")
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn serialize_pb_writes_nothing_on_error() {
    let dir = scratch("pb-error");
    // An image reference Kubernetes would refuse: no template is built, no file written.
    let (code, out, err) = run(&[
        "serialize",
        "--out",
        dir.to_str().unwrap(),
        "--format",
        "pb",
        "--image",
        "Not An Image",
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(out, "");
    assert!(err.starts_with("error: --image: "), "{err}");
    assert!(!dir.exists());
    let (code, _, err) = run(&[
        "serialize",
        "--out",
        dir.to_str().unwrap(),
        "--format",
        "yaml",
    ]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("yaml"), "{err}");
    assert!(!dir.exists());
}
