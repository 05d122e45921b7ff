//! Protobuf: every message round-trips with every field set, a few messages give the bytes the
//! wire format prescribes (worked out by hand below), unknown fields are skipped and malformed
//! input is an error.

use std::collections::BTreeMap;

use podtask_flyteidl::admin::{self, description};
use podtask_flyteidl::core::{self, literal_type, scalar, task_template};
use podtask_flyteidl::protobuf::{self, BoolValue, Duration, ListValue, Struct, Timestamp, value};
use prost::Message;

fn s(text: &str) -> String {
    text.to_owned()
}

fn map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries.iter().map(|(k, v)| (s(k), s(v))).collect()
}

fn json_struct(v: serde_json::Value) -> Struct {
    match v {
        serde_json::Value::Object(m) => Struct::from(m),
        _ => panic!("not an object"),
    }
}

/// Encodes, checks the length and decodes back.
fn round_trip<M: Message + Default + PartialEq + std::fmt::Debug>(m: &M) -> Vec<u8> {
    let bytes = m.encode_to_vec();
    assert_eq!(bytes.len(), m.encoded_len(), "{m:?}");
    let back = M::decode(bytes.as_slice()).unwrap_or_else(|e| panic!("{e}: {m:?}"));
    assert_eq!(&back, m);
    // Encoding is deterministic.
    assert_eq!(back.encode_to_vec(), bytes);
    bytes
}

fn identifier() -> core::Identifier {
    core::Identifier {
        resource_type: core::ResourceType::Task as i32,
        project: s("p"),
        domain: s("d"),
        name: s("n"),
        version: s("v"),
        org: s("o"),
    }
}

fn literal_type() -> core::LiteralType {
    core::LiteralType {
        r#type: Some(literal_type::Type::CollectionType(Box::new(
            core::LiteralType::simple(core::SimpleType::Float),
        ))),
        metadata: Some(json_struct(
            serde_json::json!({"k": [1.5, "x", null, false, {}]}),
        )),
        annotation: Some(core::TypeAnnotation {
            annotations: Some(json_struct(serde_json::json!({"a": true}))),
        }),
        structure: Some(core::TypeStructure {
            tag: s("t"),
            dataclass_type: BTreeMap::from([(
                s("f"),
                core::LiteralType::simple(core::SimpleType::String),
            )]),
        }),
    }
}

fn every_literal_type() -> Vec<core::LiteralType> {
    use literal_type::Type;
    let mut types = vec![
        Type::Simple(core::SimpleType::Struct as i32),
        Type::Schema(core::SchemaType {
            columns: vec![core::schema_type::SchemaColumn {
                name: s("c"),
                r#type: core::schema_type::schema_column::SchemaColumnType::Duration as i32,
            }],
        }),
        Type::MapValueType(Box::new(literal_type())),
        Type::Blob(core::BlobType {
            format: s("csv"),
            dimensionality: core::blob_type::BlobDimensionality::Multipart as i32,
        }),
        Type::EnumType(core::EnumType {
            values: vec![s("red"), s("green")],
        }),
        Type::StructuredDatasetType(core::StructuredDatasetType {
            columns: vec![core::structured_dataset_type::DatasetColumn {
                name: s("col"),
                literal_type: Some(literal_type()),
            }],
            format: s("parquet"),
            external_schema_type: s("arrow"),
            external_schema_bytes: vec![0, 1, 255],
        }),
        Type::UnionType(core::UnionType {
            variants: vec![
                literal_type(),
                core::LiteralType::simple(core::SimpleType::None),
            ],
        }),
    ]
    .into_iter()
    .map(core::LiteralType::new)
    .collect::<Vec<_>>();
    types.push(literal_type());
    types
}

fn every_literal() -> BTreeMap<String, core::Literal> {
    use core::{Literal, Primitive, Scalar};
    let scalars = vec![
        scalar::Value::Primitive(Primitive::integer(-42)),
        scalar::Value::Primitive(Primitive::float(-0.5)),
        scalar::Value::Primitive(Primitive::string("x")),
        scalar::Value::Primitive(Primitive::boolean(true)),
        scalar::Value::Primitive(Primitive::datetime(Timestamp {
            seconds: -1,
            nanos: 7,
        })),
        scalar::Value::Primitive(Primitive::duration(Duration {
            seconds: -90,
            nanos: -5,
        })),
        scalar::Value::Blob(core::Blob {
            metadata: Some(core::BlobMetadata {
                r#type: Some(core::BlobType {
                    format: s("csv"),
                    dimensionality: 1,
                }),
            }),
            uri: s("s3://b/k"),
        }),
        scalar::Value::Binary(core::Binary {
            value: vec![0x81, 0x00],
            tag: s("msgpack"),
        }),
        scalar::Value::Schema(core::Schema {
            uri: s("s3://schema"),
            r#type: Some(core::SchemaType::default()),
        }),
        scalar::Value::NoneType(core::Void {}),
        scalar::Value::Error(core::Error {
            failed_node_id: s("n0"),
            message: s("boom"),
        }),
        scalar::Value::Generic(json_struct(
            serde_json::json!({"nested": {"list": [[], {}, -1e300]}}),
        )),
        scalar::Value::StructuredDataset(core::StructuredDataset {
            uri: s("bq://t"),
            metadata: Some(core::StructuredDatasetMetadata {
                structured_dataset_type: Some(core::StructuredDatasetType {
                    format: s("parquet"),
                    ..Default::default()
                }),
            }),
        }),
        scalar::Value::Union(core::Union {
            value: Some(Box::new(Literal::from(Primitive::integer(1)))),
            r#type: Some(literal_type()),
        }),
    ];
    let mut literals: BTreeMap<String, Literal> = scalars
        .into_iter()
        .enumerate()
        .map(|(i, v)| (format!("s{i:02}"), Literal::from(Scalar { value: Some(v) })))
        .collect();
    literals.insert(
        s("collection"),
        Literal::collection(vec![Literal::none(), Literal::from(Primitive::string(""))]),
    );
    literals.insert(
        s("map"),
        Literal::map(BTreeMap::from([(s("inner"), Literal::none())])),
    );
    literals.insert(
        s("offloaded"),
        Literal {
            value: Some(core::literal::Value::OffloadedMetadata(
                core::LiteralOffloadedMetadata {
                    uri: s("s3://off"),
                    size_bytes: u64::MAX,
                    inferred_type: Some(literal_type()),
                },
            )),
            hash: s("h"),
            metadata: map(&[("a", "1"), ("b", "")]),
        },
    );
    literals
}

fn security_context() -> core::SecurityContext {
    let secret = core::Secret {
        group: s("g"),
        group_version: s("v1"),
        key: s("k"),
        mount_requirement: core::secret::MountType::File as i32,
        env_var: s("E"),
    };
    let client = core::OAuth2Client {
        client_id: s("id"),
        client_secret: Some(secret.clone()),
    };
    core::SecurityContext {
        run_as: Some(core::Identity {
            iam_role: s("role"),
            k8s_service_account: s("sa"),
            oauth2_client: Some(client.clone()),
            execution_identity: s("me"),
        }),
        secrets: vec![secret, core::Secret::default()],
        tokens: vec![core::OAuth2TokenRequest {
            name: s("t"),
            r#type: core::o_auth2_token_request::Type::ClientCredentials as i32,
            client: Some(client),
            idp_discovery_endpoint: s("https://idp"),
            token_endpoint: s("https://token"),
        }],
    }
}

fn metadata() -> core::TaskMetadata {
    core::TaskMetadata {
        discoverable: true,
        runtime: Some(core::RuntimeMetadata {
            r#type: core::runtime_metadata::RuntimeType::FlyteSdk as i32,
            version: s("1.16.31"),
            flavor: s("python"),
        }),
        timeout: Some(Duration {
            seconds: 600,
            nanos: 1,
        }),
        retries: Some(core::RetryStrategy { retries: 3 }),
        discovery_version: s("1.0"),
        deprecated_error_message: s("old"),
        interruptible_value: Some(core::task_metadata::InterruptibleValue::Interruptible(
            false,
        )),
        cache_serializable: true,
        tags: map(&[("team", "ml"), ("a", "b")]),
        pod_template_name: s("base"),
        cache_ignore_input_vars: vec![s("verbose"), s("x")],
        is_eager: true,
        generates_deck: Some(BoolValue { value: false }),
        metadata: Some(core::K8sObjectMetadata {
            labels: map(&[("l", "1")]),
            annotations: map(&[("a", "2")]),
        }),
    }
}

fn data_config() -> core::DataLoadingConfig {
    core::DataLoadingConfig {
        enabled: true,
        input_path: s("/var/inputs"),
        output_path: s("/var/outputs"),
        format: core::data_loading_config::LiteralMapFormat::Proto as i32,
        io_strategy: Some(core::IoStrategy {
            download_mode: core::io_strategy::DownloadMode::DoNotDownload as i32,
            upload_mode: core::io_strategy::UploadMode::UploadEager as i32,
        }),
    }
}

fn container() -> core::Container {
    core::Container {
        image: s("busybox:1.36"),
        command: vec![s("sh"), s("-c")],
        args: vec![s("echo"), s("")],
        resources: Some(core::Resources {
            requests: vec![core::resources::ResourceEntry {
                name: core::resources::ResourceName::Cpu as i32,
                value: s("500m"),
            }],
            limits: vec![core::resources::ResourceEntry {
                name: core::resources::ResourceName::EphemeralStorage as i32,
                value: s("1Gi"),
            }],
        }),
        env: vec![core::KeyValuePair {
            key: s("K"),
            value: s("V"),
        }],
        config: vec![core::KeyValuePair {
            key: s("c"),
            value: String::new(),
        }],
        ports: vec![core::ContainerPort {
            container_port: 8080,
            name: s("http"),
        }],
        data_config: Some(data_config()),
        architecture: core::container::Architecture::Arm64 as i32,
    }
}

fn interface() -> core::TypedInterface {
    let variables = every_literal_type()
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            (
                format!("v{i}"),
                core::Variable {
                    r#type: Some(t),
                    description: format!("v{i}"),
                },
            )
        })
        .collect();
    core::TypedInterface {
        inputs: Some(core::VariableMap { variables }),
        outputs: Some(core::VariableMap::default()),
    }
}

fn template(target: task_template::Target) -> core::TaskTemplate {
    core::TaskTemplate {
        id: Some(identifier()),
        r#type: s("python-task"),
        metadata: Some(metadata()),
        interface: Some(interface()),
        custom: Some(json_struct(serde_json::json!({"plugin": {"x": 1}}))),
        target: Some(target),
        task_type_version: -7,
        security_context: Some(security_context()),
        extended_resources: Some(core::ExtendedResources {
            gpu_accelerator: Some(core::GpuAccelerator {
                device: s("nvidia-tesla-a100"),
                partition_size_value: Some(
                    core::gpu_accelerator::PartitionSizeValue::PartitionSize(s("1g.5gb")),
                ),
            }),
            shared_memory: Some(core::SharedMemory {
                mount_path: s("/dev/shm"),
                mount_name: s("shm"),
                size_limit: s("1Gi"),
            }),
        }),
        config: map(&[("primary_container_name", "main"), ("k", "v")]),
    }
}

fn targets() -> Vec<task_template::Target> {
    vec![
        task_template::Target::Container(container()),
        task_template::Target::K8sPod(core::K8sPod {
            metadata: Some(core::K8sObjectMetadata {
                labels: map(&[("app", "x")]),
                annotations: BTreeMap::new(),
            }),
            pod_spec: Some(json_struct(
                serde_json::json!({"containers": [{"name": "main", "image": "x"}]}),
            )),
            data_config: Some(data_config()),
            primary_container_name: s("main"),
        }),
        task_template::Target::Sql(core::Sql {
            statement: s("select 1"),
            dialect: core::sql::Dialect::Hive as i32,
        }),
    ]
}

#[test]
fn task_specs_round_trip_with_every_field_set() {
    for target in targets() {
        let spec = admin::TaskSpec {
            template: Some(template(target)),
            description: Some(admin::DescriptionEntity {
                id: Some(identifier()),
                short_description: s("short"),
                long_description: Some(admin::Description {
                    content: Some(description::Content::Uri(s("s3://doc"))),
                    format: admin::DescriptionFormat::Rst as i32,
                    icon_link: s("https://icon"),
                }),
                source_code: Some(admin::SourceCode {
                    link: s("https://src"),
                }),
                tags: vec![s("a"), s("b")],
            }),
        };
        round_trip(&spec);
        round_trip(spec.template.as_ref().unwrap());
    }
    round_trip(&admin::Description {
        content: Some(description::Content::Value(String::new())),
        format: admin::DescriptionFormat::Markdown as i32,
        icon_link: String::new(),
    });
    round_trip(&core::GpuAccelerator {
        device: String::new(),
        partition_size_value: Some(core::gpu_accelerator::PartitionSizeValue::Unpartitioned(
            false,
        )),
    });
}

#[test]
fn literals_and_types_round_trip() {
    let literals = every_literal();
    round_trip(&core::LiteralMap {
        literals: literals.clone(),
    });
    for literal in literals.values() {
        round_trip(literal);
    }
    for t in every_literal_type() {
        round_trip(&t);
    }
}

#[test]
fn errors_and_well_known_types_round_trip() {
    round_trip(&core::ErrorDocument {
        error: Some(core::ContainerError {
            code: s("USER:ValueError"),
            message: s("boom"),
            kind: core::container_error::Kind::Recoverable as i32,
            origin: core::execution_error::ErrorKind::System as i32,
            timestamp: Some(Timestamp {
                seconds: 1_700_000_000,
                nanos: 999_999_999,
            }),
            worker: s("w"),
        }),
    });
    round_trip(&core::ExecutionError {
        code: s("c"),
        message: s("m"),
        error_uri: s("s3://e"),
        kind: core::execution_error::ErrorKind::User as i32,
        timestamp: Some(Timestamp {
            seconds: i64::MIN,
            nanos: i32::MIN,
        }),
        worker: s("w"),
    });
    for kind in [
        value::Kind::NullValue(protobuf::NullValue::NullValue as i32),
        value::Kind::NumberValue(-0.0),
        value::Kind::NumberValue(-1e-300),
        value::Kind::StringValue(s("")),
        value::Kind::BoolValue(false),
        value::Kind::StructValue(Struct::default()),
        value::Kind::ListValue(ListValue {
            values: vec![protobuf::Value::default()],
        }),
    ] {
        round_trip(&protobuf::Value { kind: Some(kind) });
    }
    round_trip(&BoolValue { value: true });
    round_trip(&Duration {
        seconds: i64::MAX,
        nanos: -1,
    });
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn messages_encode_to_the_bytes_the_wire_format_prescribes() {
    // Field 1 varint (key 1 << 3 | 0 = 0x08) TASK = 1; field 2 length-delimited (0x12) "p".
    let id = core::Identifier {
        resource_type: core::ResourceType::Task as i32,
        project: s("p"),
        ..Default::default()
    };
    assert_eq!(id.encode_to_vec(), [0x08, 0x01, 0x12, 0x01, b'p']);
    // Field 5 varint: key 0x28.
    assert_eq!(
        core::RetryStrategy { retries: 3 }.encode_to_vec(),
        [0x28, 3]
    );
    // -1 as a varint is ten bytes (int64 sign-extends).
    assert_eq!(
        core::Primitive::integer(-1).encode_to_vec(),
        [
            0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01
        ]
    );
    // Field 2, 64-bit (key 0x11), 1.5 little-endian.
    assert_eq!(
        core::Primitive::float(1.5).encode_to_vec(),
        [0x11, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f]
    );
    // A set oneof case is written even when it holds its default: field 4 (0x20) false.
    assert_eq!(core::Primitive::boolean(false).encode_to_vec(), [0x20, 0]);
    // An empty message that is set is written as a zero-length field: none_type is field 5.
    assert_eq!(
        core::Scalar {
            value: Some(scalar::Value::NoneType(core::Void {})),
        }
        .encode_to_vec(),
        [0x2a, 0]
    );
    // Oneof case 8 after fields 4 and 5: hash "h" (0x22), metadata {"k": "v"} (0x2a, an entry
    // of key 0x0a and value 0x12), offloaded_metadata (0x42) with size_bytes 1 (0x10 0x01).
    let offloaded = core::Literal {
        value: Some(core::literal::Value::OffloadedMetadata(
            core::LiteralOffloadedMetadata {
                size_bytes: 1,
                ..Default::default()
            },
        )),
        hash: s("h"),
        metadata: map(&[("k", "v")]),
    };
    assert_eq!(
        offloaded.encode_to_vec(),
        [
            0x22, 1, b'h', 0x2a, 6, 0x0a, 1, b'k', 0x12, 1, b'v', 0x42, 2, 0x10, 1
        ]
    );
    // The k8s_pod case (17, key 17 << 3 | 2 = 138 = [0x8a, 0x01]) after task_type_version (7,
    // 0x38) and config (16, [0x82, 0x01]); primary_container_name is K8sPod's field 4 (0x22).
    let t = core::TaskTemplate {
        target: Some(task_template::Target::K8sPod(core::K8sPod {
            primary_container_name: s("c"),
            ..Default::default()
        })),
        task_type_version: 2,
        config: map(&[("k", "v")]),
        ..Default::default()
    };
    assert_eq!(
        t.encode_to_vec(),
        [
            0x38, 2, 0x82, 1, 6, 0x0a, 1, b'k', 0x12, 1, b'v', 0x8a, 1, 3, 0x22, 1, b'c'
        ]
    );
    // Maps in key order, whatever the order of insertion.
    let m = core::K8sObjectMetadata {
        labels: map(&[("b", "2"), ("a", "1")]),
        annotations: BTreeMap::new(),
    };
    assert_eq!(m.encode_to_vec(), hex("0a060a01611201310a060a0162120132"));
    // Nothing is written for a message holding only defaults.
    assert!(core::TaskTemplate::default().encode_to_vec().is_empty());
}

#[test]
fn literals_and_error_documents_encode_as_flyteidl_python_does() {
    // The bytes flyteidl 1.16.8's Python classes write for the same map
    // (`SerializeToString(deterministic=True)`, map keys sorted).
    let expected = hex(concat!(
        "0a0b0a016112060a040a0208050a100a0162120b12090a070a050a031a01780a250a016312200a1e4a1c0a0d",
        "0a0b0a0911000000000000f83f120b08025a070a05666c6f61740a090a016412040a022a000a2a0a016512",
        "250a233a210a1f0a016b121a32180a0911000000000000f03f0a031a01760a0208000a0220010a160a0166",
        "12110a0f1a0d0a02010212076d73677061636b0a130a0167120e0a0c0a0a2a080880e2cfaa0610050a0d0a",
        "016812080a060a043202085a",
    ));
    use core::{Literal, Primitive, Scalar};
    let generic = Struct {
        fields: BTreeMap::from([(
            s("k"),
            protobuf::Value {
                kind: Some(value::Kind::ListValue(ListValue {
                    values: vec![
                        protobuf::Value::from(serde_json::json!(1)),
                        protobuf::Value::from(serde_json::json!("v")),
                        protobuf::Value::from(serde_json::Value::Null),
                        protobuf::Value::from(serde_json::json!(true)),
                    ],
                })),
            },
        )]),
    };
    let literals = core::LiteralMap {
        literals: BTreeMap::from([
            (s("a"), Literal::from(Primitive::integer(5))),
            (
                s("b"),
                Literal::collection(vec![Literal::from(Primitive::string("x"))]),
            ),
            (
                s("c"),
                Literal::union(
                    Literal::from(Primitive::float(1.5)),
                    core::LiteralType {
                        structure: Some(core::TypeStructure {
                            tag: s("float"),
                            dataclass_type: BTreeMap::new(),
                        }),
                        ..core::LiteralType::simple(core::SimpleType::Float)
                    },
                ),
            ),
            (s("d"), Literal::none()),
            (
                s("e"),
                Literal::from(Scalar {
                    value: Some(scalar::Value::Generic(generic)),
                }),
            ),
            (
                s("f"),
                Literal::from(Scalar {
                    value: Some(scalar::Value::Binary(core::Binary {
                        value: vec![1, 2],
                        tag: s("msgpack"),
                    })),
                }),
            ),
            (
                s("g"),
                Literal::from(Primitive::datetime(Timestamp {
                    seconds: 1_700_000_000,
                    nanos: 5,
                })),
            ),
            (
                s("h"),
                Literal::from(Primitive::duration(Duration {
                    seconds: 90,
                    nanos: 0,
                })),
            ),
        ]),
    };
    assert_eq!(literals.encode_to_vec(), expected);
    assert_eq!(
        core::LiteralMap::decode(expected.as_slice()).unwrap(),
        literals
    );

    let doc = core::ErrorDocument {
        error: Some(core::ContainerError {
            code: s("USER:ValueError"),
            message: s("boom"),
            kind: core::container_error::Kind::Recoverable as i32,
            origin: core::execution_error::ErrorKind::User as i32,
            timestamp: Some(Timestamp {
                seconds: 1_700_000_000,
                nanos: 0,
            }),
            worker: s("w"),
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

/// A field of number `n` and each wire type, none of which `Identifier` knows.
fn unknown_fields(n: u8) -> Vec<u8> {
    let key = |wire_type: u8| [(n << 3) | wire_type];
    let mut out = Vec::new();
    out.extend(key(0)); // varint
    out.extend([0x96, 0x01]);
    out.extend(key(1)); // 64-bit
    out.extend([1, 2, 3, 4, 5, 6, 7, 8]);
    out.extend(key(2)); // length-delimited
    out.extend([3, b'a', b'b', b'c']);
    out.extend(key(5)); // 32-bit
    out.extend([1, 2, 3, 4]);
    out.extend(key(3)); // a group, holding a varint field, then its end
    out.extend([(1 << 3), 7]);
    out.extend(key(4));
    out
}

#[test]
fn decoding_skips_unknown_fields_of_every_wire_type() {
    let id = identifier();
    let known = id.encode_to_vec();
    // Unknown fields before, between and after the known ones.
    let mut bytes = unknown_fields(15);
    bytes.extend(&known[..2]);
    bytes.extend(unknown_fields(14));
    bytes.extend(&known[2..]);
    bytes.extend(unknown_fields(13));
    assert_eq!(core::Identifier::decode(bytes.as_slice()).unwrap(), id);

    // In a nested message, in a map entry and in place of an unknown oneof case.
    let mut template = Vec::new();
    template.extend([0x0a, bytes.len() as u8]);
    template.extend(&bytes);
    // config (16) entry {"k": "v"} with an unknown field 3 in the entry.
    let entry = [0x0a, 1, b'k', 0x12, 1, b'v', 0x18, 9];
    template.extend([0x82, 0x01, entry.len() as u8]);
    template.extend(entry);
    // Field 19, a target flyteidl may add one day.
    template.extend([0x9a, 0x01, 0]);
    let decoded = core::TaskTemplate::decode(template.as_slice()).unwrap();
    assert_eq!(decoded.id, Some(id));
    assert_eq!(decoded.config, map(&[("k", "v")]));
    assert_eq!(decoded.target, None);

    // Scalar's field 10 (`json` in some flyteidl versions) is not one of the cases modeled.
    let scalar = core::Scalar::decode(&[0x52, 2, 0x0a, 0][..]).unwrap();
    assert_eq!(scalar.value, None);
}

#[test]
fn decoding_merges_repeated_occurrences_as_protobuf_does() {
    use core::{Literal, Scalar};
    let blob = |b: core::Blob| {
        Literal::from(Scalar {
            value: Some(scalar::Value::Blob(b)),
        })
    };
    let first = blob(core::Blob {
        uri: s("s3://x"),
        ..Default::default()
    });
    let second = Literal {
        hash: s("h"),
        ..blob(core::Blob {
            metadata: Some(core::BlobMetadata::default()),
            ..Default::default()
        })
    };
    let mut bytes = first.encode_to_vec();
    bytes.extend(second.encode_to_vec());
    let merged = Literal::decode(bytes.as_slice()).unwrap();
    assert_eq!(
        merged,
        Literal {
            hash: s("h"),
            ..blob(core::Blob {
                metadata: Some(core::BlobMetadata::default()),
                uri: s("s3://x"),
            })
        }
    );
    // Another case replaces the one set.
    let mut bytes = first.encode_to_vec();
    bytes.extend(Literal::none().encode_to_vec());
    assert_eq!(Literal::decode(bytes.as_slice()).unwrap(), Literal::none());
}

#[test]
fn malformed_input_is_an_error_that_names_the_field() {
    let cases: &[(&[u8], &str)] = &[
        (&[0x08], "truncated varint"),
        (
            &[
                0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01,
            ],
            "long varint",
        ),
        (&[0x12, 5, b'a'], "length past the end"),
        (&[0x12, 1, 0xff], "invalid UTF-8"),
        (&[0x0a, 0], "wrong wire type"),
        (&[0x0f], "wire type 7"),
        (&[0x00], "field number 0"),
        (&[0x0c], "end of a group never started"),
        (&[0x7b, 0x08], "group never ended"),
    ];
    for (bytes, why) in cases {
        assert!(
            core::Identifier::decode(*bytes).is_err(),
            "{why}: {bytes:x?}"
        );
    }
    let err = core::Identifier::decode(&[0x12, 1, 0xff][..]).unwrap_err();
    assert!(err.to_string().contains("Identifier.project"), "{err}");
    let err = core::TaskTemplate::decode(&[0x0a, 3, 0x12, 1, 0xff][..]).unwrap_err();
    assert!(err.to_string().contains("Identifier.project"), "{err}");
    assert!(err.to_string().contains("TaskTemplate.id"), "{err}");
    // A packed list whose length cuts a varint.
    assert!(core::Container::decode(&[0x50, 0x80][..]).is_err());
    // A map entry whose value has the wrong wire type.
    assert!(core::LiteralMap::decode(&[0x0a, 4, 0x0a, 0, 0x10, 1][..]).is_err());
    // An oneof case with the wrong wire type.
    assert!(core::Primitive::decode(&[0x0a, 0][..]).is_err());
}

#[test]
fn nesting_past_the_recursion_limit_is_an_error_not_a_crash() {
    // collection_type (field 3) of collection_type of ... 200 deep.
    let mut bytes: Vec<u8> = vec![0x08, 1];
    for _ in 0..200 {
        let mut outer = vec![0x1a];
        let mut len = bytes.len();
        while len >= 0x80 {
            outer.push((len as u8) | 0x80);
            len >>= 7;
        }
        outer.push(len as u8);
        outer.extend(bytes);
        bytes = outer;
    }
    assert!(core::LiteralType::decode(bytes.as_slice()).is_err());
}

#[test]
fn garbage_never_panics() {
    // A xorshift generator: the same bytes on every run.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let valid = admin::TaskSpec {
        template: Some(template(targets().remove(1))),
        description: None,
    }
    .encode_to_vec();
    let mut errors = 0;
    for round in 0..2_000 {
        let bytes: Vec<u8> = if round % 2 == 0 {
            (0..next() % 64).map(|_| next() as u8).collect()
        } else {
            // A valid message with a few bytes changed or cut short.
            let mut b = valid.clone();
            for _ in 0..1 + next() % 4 {
                let i = (next() as usize) % b.len();
                b[i] = next() as u8;
            }
            b.truncate((next() as usize) % (b.len() + 1));
            b
        };
        errors += usize::from(admin::TaskSpec::decode(bytes.as_slice()).is_err());
        let _ = core::LiteralMap::decode(bytes.as_slice());
        let _ = core::ErrorDocument::decode(bytes.as_slice());
    }
    assert!(
        errors > 500,
        "only {errors} of 2000 garbled inputs were refused"
    );
}
