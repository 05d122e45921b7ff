//! proto3 JSON, as Python protobuf's `MessageToJson` writes it (what flytekit writes): names,
//! field-number order with oneof cases at their numbers, defaults left out, set messages and
//! oneof cases written, enums by name, 64-bit integers as strings, bytes as base64, the
//! well-known types as their own JSON.

use std::collections::BTreeMap;

use podtask_flyteidl::admin;
use podtask_flyteidl::core::{self, literal_type::Type, scalar, task_template};
use podtask_flyteidl::protobuf::{BoolValue, Duration, Struct, Timestamp, value};
use serde::Serialize;

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap()
}

fn s(text: &str) -> String {
    text.to_owned()
}

fn tagged(t: core::LiteralType, tag: &str) -> core::LiteralType {
    core::LiteralType {
        structure: Some(core::TypeStructure {
            tag: s(tag),
            dataclass_type: BTreeMap::new(),
        }),
        ..t
    }
}

#[test]
fn literal_types_write_their_case_at_its_number() {
    // As podtask's template JSON has them (`flyte.rs`).
    let union = core::LiteralType::new(Type::UnionType(core::UnionType {
        variants: vec![
            tagged(core::LiteralType::simple(core::SimpleType::Integer), "int"),
            tagged(core::LiteralType::simple(core::SimpleType::None), "none"),
        ],
    }));
    assert_eq!(
        json(&union),
        r#"{"unionType":{"variants":[{"simple":"INTEGER","structure":{"tag":"int"}},{"simple":"NONE","structure":{"tag":"none"}}]}}"#
    );
    let with_metadata = core::LiteralType {
        metadata: Some(Struct::default()),
        ..core::LiteralType::simple(core::SimpleType::Struct)
    };
    assert_eq!(json(&with_metadata), r#"{"simple":"STRUCT","metadata":{}}"#);
    let list = core::LiteralType::new(Type::CollectionType(Box::new(core::LiteralType::simple(
        core::SimpleType::Integer,
    ))));
    assert_eq!(json(&list), r#"{"collectionType":{"simple":"INTEGER"}}"#);
    let map = core::LiteralType::new(Type::MapValueType(Box::new(list.clone())));
    assert_eq!(
        json(&map),
        r#"{"mapValueType":{"collectionType":{"simple":"INTEGER"}}}"#
    );

    // simple (1), collectionType (3), mapValueType (4) before metadata (6); enumType (7) between
    // metadata (6) and annotation (9); unionType (10) between annotation (9) and structure (11).
    let around = |t: Type| core::LiteralType {
        r#type: Some(t),
        metadata: Some(Struct::default()),
        annotation: Some(core::TypeAnnotation::default()),
        structure: Some(core::TypeStructure::default()),
    };
    assert_eq!(
        json(&around(Type::Simple(core::SimpleType::Integer as i32))),
        r#"{"simple":"INTEGER","metadata":{},"annotation":{},"structure":{}}"#
    );
    assert_eq!(
        json(&around(Type::EnumType(core::EnumType {
            values: vec![s("red"), s("green")],
        }))),
        r#"{"metadata":{},"enumType":{"values":["red","green"]},"annotation":{},"structure":{}}"#
    );
    assert_eq!(
        json(&around(Type::UnionType(core::UnionType::default()))),
        r#"{"metadata":{},"annotation":{},"unionType":{},"structure":{}}"#
    );
    assert_eq!(
        json(&around(Type::StructuredDatasetType(
            core::StructuredDatasetType {
                format: s("parquet"),
                ..Default::default()
            }
        ))),
        r#"{"metadata":{},"structuredDatasetType":{"format":"parquet"},"annotation":{},"structure":{}}"#
    );
    // An unset type writes nothing for it.
    assert_eq!(json(&core::LiteralType::default()), "{}");
}

#[test]
fn task_metadata_writes_durations_and_set_wrappers() {
    // As podtask's template JSON has it (`flyte.rs`): set messages are written even when empty,
    // and the interruptible case even when false.
    let m = core::TaskMetadata {
        timeout: Some(Duration {
            seconds: 5400,
            nanos: 0,
        }),
        retries: Some(core::RetryStrategy::default()),
        generates_deck: Some(BoolValue { value: false }),
        interruptible_value: Some(core::task_metadata::InterruptibleValue::Interruptible(
            false,
        )),
        ..Default::default()
    };
    assert_eq!(
        json(&m),
        r#"{"timeout":"5400s","retries":{},"interruptible":false,"generatesDeck":false}"#
    );
    let full = core::TaskMetadata {
        discoverable: true,
        runtime: Some(core::RuntimeMetadata {
            r#type: core::runtime_metadata::RuntimeType::FlyteSdk as i32,
            version: s("1.0"),
            flavor: s("rust"),
        }),
        retries: Some(core::RetryStrategy { retries: 3 }),
        discovery_version: s("v"),
        deprecated_error_message: s("old"),
        interruptible_value: Some(core::task_metadata::InterruptibleValue::Interruptible(true)),
        cache_serializable: true,
        tags: BTreeMap::from([(s("b"), s("2")), (s("a"), s("1"))]),
        pod_template_name: s("base"),
        cache_ignore_input_vars: vec![s("x")],
        is_eager: true,
        generates_deck: Some(BoolValue { value: true }),
        metadata: Some(core::K8sObjectMetadata::default()),
        ..m
    };
    assert_eq!(
        json(&full),
        concat!(
            r#"{"discoverable":true,"runtime":{"type":"FLYTE_SDK","version":"1.0","flavor":"rust"},"#,
            r#""timeout":"5400s","retries":{"retries":3},"discoveryVersion":"v","#,
            r#""deprecatedErrorMessage":"old","interruptible":true,"cacheSerializable":true,"#,
            r#""tags":{"a":"1","b":"2"},"podTemplateName":"base","cacheIgnoreInputVars":["x"],"#,
            r#""isEager":true,"generatesDeck":true,"metadata":{}}"#
        )
    );
}

#[test]
fn task_templates_write_the_target_at_its_number() {
    let container = core::TaskTemplate {
        id: Some(core::Identifier {
            resource_type: core::ResourceType::Task as i32,
            project: s("p"),
            domain: s("d"),
            name: s("n"),
            version: s("v"),
            org: String::new(),
        }),
        r#type: s("container"),
        target: Some(task_template::Target::Container(core::Container {
            image: s("busybox"),
            args: vec![s("echo"), s("hi")],
            resources: Some(core::Resources::default()),
            ..Default::default()
        })),
        task_type_version: 2,
        config: BTreeMap::from([(s("k"), s("v"))]),
        ..Default::default()
    };
    assert_eq!(
        json(&container),
        concat!(
            r#"{"id":{"resourceType":"TASK","project":"p","domain":"d","name":"n","version":"v"},"#,
            r#""type":"container","container":{"image":"busybox","args":["echo","hi"],"resources":{}},"#,
            r#""taskTypeVersion":2,"config":{"k":"v"}}"#
        )
    );
    // k8sPod (17) after config (16).
    let pod = core::TaskTemplate {
        target: Some(task_template::Target::K8sPod(core::K8sPod {
            metadata: Some(core::K8sObjectMetadata::default()),
            pod_spec: Some(Struct::from(
                serde_json::json!({"containers": [{"name": "main"}]})
                    .as_object()
                    .unwrap()
                    .clone(),
            )),
            data_config: None,
            primary_container_name: s("main"),
        })),
        config: BTreeMap::from([(s("primary_container_name"), s("main"))]),
        ..Default::default()
    };
    assert_eq!(
        json(&pod),
        concat!(
            r#"{"config":{"primary_container_name":"main"},"k8sPod":{"metadata":{},"#,
            r#""podSpec":{"containers":[{"name":"main"}]},"primaryContainerName":"main"}}"#
        )
    );
}

#[test]
fn scalars_follow_the_proto3_mapping() {
    use core::{Literal, Primitive, Scalar};
    // 64-bit integers as strings, 32-bit ones as numbers.
    assert_eq!(json(&Primitive::integer(-5)), r#"{"integer":"-5"}"#);
    assert_eq!(
        json(&Primitive::integer(i64::MAX)),
        r#"{"integer":"9223372036854775807"}"#
    );
    let offloaded = core::LiteralOffloadedMetadata {
        uri: s("s3://x"),
        size_bytes: u64::MAX,
        inferred_type: None,
    };
    assert_eq!(
        json(&offloaded),
        r#"{"uri":"s3://x","sizeBytes":"18446744073709551615"}"#
    );
    assert_eq!(
        json(&core::ContainerPort {
            container_port: 8080,
            name: String::new()
        }),
        r#"{"containerPort":8080}"#
    );
    // Doubles as numbers, or the strings for what JSON numbers cannot be.
    assert_eq!(json(&Primitive::float(1.5)), r#"{"floatValue":1.5}"#);
    assert_eq!(json(&Primitive::float(-2.0)), r#"{"floatValue":-2.0}"#);
    assert_eq!(json(&Primitive::float(f64::NAN)), r#"{"floatValue":"NaN"}"#);
    assert_eq!(
        json(&Primitive::float(f64::INFINITY)),
        r#"{"floatValue":"Infinity"}"#
    );
    assert_eq!(
        json(&Primitive::float(f64::NEG_INFINITY)),
        r#"{"floatValue":"-Infinity"}"#
    );
    // A set oneof case is written even when it holds its default.
    assert_eq!(json(&Primitive::float(0.0)), r#"{"floatValue":0.0}"#);
    assert_eq!(json(&Primitive::string("")), r#"{"stringValue":""}"#);
    assert_eq!(json(&Primitive::boolean(false)), r#"{"boolean":false}"#);
    // Bytes as padded base64.
    let binary = core::Binary {
        value: vec![1, 2],
        tag: s("msgpack"),
    };
    assert_eq!(json(&binary), r#"{"value":"AQI=","tag":"msgpack"}"#);
    assert_eq!(
        json(&core::Binary {
            value: b"any carnal pleas".to_vec(),
            tag: String::new()
        }),
        r#"{"value":"YW55IGNhcm5hbCBwbGVhcw=="}"#
    );
    // Timestamps and durations.
    assert_eq!(
        json(&Primitive::datetime(Timestamp {
            seconds: 1_700_000_000,
            nanos: 5,
        })),
        r#"{"datetime":"2023-11-14T22:13:20.000000005Z"}"#
    );
    assert_eq!(
        json(&Primitive::duration(Duration {
            seconds: 90,
            nanos: 0,
        })),
        r#"{"duration":"90s"}"#
    );
    assert_eq!(
        json(&Primitive::duration(Duration {
            seconds: 1,
            nanos: 500_000_000,
        })),
        r#"{"duration":"1.500s"}"#
    );
    // An empty message as `{}`.
    assert_eq!(json(&Literal::none()), r#"{"scalar":{"noneType":{}}}"#);
    let union = Literal::union(
        Literal::from(Primitive::integer(1)),
        tagged(core::LiteralType::simple(core::SimpleType::Integer), "int"),
    );
    assert_eq!(
        json(&union),
        r#"{"scalar":{"union":{"value":{"scalar":{"primitive":{"integer":"1"}}},"type":{"simple":"INTEGER","structure":{"tag":"int"}}}}}"#
    );
    // Maps as objects, in key order.
    let map = Literal {
        hash: s("h"),
        metadata: BTreeMap::from([(s("z"), s("1")), (s("a"), s("2"))]),
        ..Literal::map(BTreeMap::from([
            (s("b"), Literal::from(Primitive::boolean(true))),
            (s("a"), Literal::collection(vec![])),
        ]))
    };
    assert_eq!(
        json(&map),
        r#"{"map":{"literals":{"a":{"collection":{}},"b":{"scalar":{"primitive":{"boolean":true}}}}},"hash":"h","metadata":{"a":"2","z":"1"}}"#
    );
    // The offloaded case (8) after hash (4) and metadata (5).
    let off = Literal {
        value: Some(core::literal::Value::OffloadedMetadata(offloaded)),
        hash: s("h"),
        metadata: BTreeMap::new(),
    };
    assert_eq!(
        json(&off),
        r#"{"hash":"h","offloadedMetadata":{"uri":"s3://x","sizeBytes":"18446744073709551615"}}"#
    );
    let generic = Scalar {
        value: Some(scalar::Value::Generic(Struct::from(
            serde_json::json!({"b": [true, null, "x"], "a": {"n": 2.5}})
                .as_object()
                .unwrap()
                .clone(),
        ))),
    };
    assert_eq!(
        json(&generic),
        r#"{"generic":{"a":{"n":2.5},"b":[true,null,"x"]}}"#
    );
}

#[test]
fn enums_are_written_by_name() {
    let id = core::Identifier {
        resource_type: core::ResourceType::LaunchPlan as i32,
        ..Default::default()
    };
    assert_eq!(json(&id), r#"{"resourceType":"LAUNCH_PLAN"}"#);
    // A number no value has is written as the number.
    let unknown = core::Identifier {
        resource_type: 42,
        ..Default::default()
    };
    assert_eq!(json(&unknown), r#"{"resourceType":42}"#);
    let entry = core::resources::ResourceEntry {
        name: core::resources::ResourceName::EphemeralStorage as i32,
        value: s("1Gi"),
    };
    assert_eq!(
        json(&entry),
        r#"{"name":"EPHEMERAL_STORAGE","value":"1Gi"}"#
    );
    // The first value is the default, left out.
    let cpu = core::resources::ResourceEntry {
        name: core::resources::ResourceName::Unknown as i32,
        value: s("1"),
    };
    assert_eq!(json(&cpu), r#"{"value":"1"}"#);
    let description = admin::Description {
        content: Some(admin::description::Content::Value(s("text"))),
        format: admin::DescriptionFormat::Rst as i32,
        icon_link: s("i"),
    };
    assert_eq!(
        json(&description),
        r#"{"value":"text","format":"DESCRIPTION_FORMAT_RST","iconLink":"i"}"#
    );
    let gpu = core::GpuAccelerator {
        device: s("a100"),
        partition_size_value: Some(core::gpu_accelerator::PartitionSizeValue::Unpartitioned(
            false,
        )),
    };
    assert_eq!(json(&gpu), r#"{"device":"a100","unpartitioned":false}"#);
}

#[test]
fn enums_convert_as_prost_enums_do() {
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
    assert_eq!(
        core::ResourceType::try_from(3),
        Ok(core::ResourceType::LaunchPlan)
    );
    assert!(core::ResourceType::try_from(5).is_err());
    assert_eq!(i32::from(core::SimpleType::Struct), 9);
    assert_eq!(core::SimpleType::default(), core::SimpleType::None);
}

#[test]
fn values_json_cannot_hold_are_errors() {
    let nan = core::Scalar {
        value: Some(scalar::Value::Generic(Struct {
            fields: BTreeMap::from([(
                s("x"),
                podtask_flyteidl::protobuf::Value {
                    kind: Some(value::Kind::NumberValue(f64::NAN)),
                },
            )]),
        })),
    };
    assert!(serde_json::to_string(&nan).is_err());
    let long = core::TaskMetadata {
        timeout: Some(Duration {
            seconds: 1,
            nanos: -1,
        }),
        ..Default::default()
    };
    assert!(serde_json::to_string(&long).is_err());
    // A `Value` with no kind is written as `null`, as protobuf's writers do.
    let empty = Struct {
        fields: BTreeMap::from([(s("x"), podtask_flyteidl::protobuf::Value::default())]),
    };
    assert_eq!(json(&empty), r#"{"x":null}"#);
}

#[test]
fn specs_and_errors_use_json_names() {
    let spec = admin::TaskSpec {
        template: Some(core::TaskTemplate::default()),
        description: Some(admin::DescriptionEntity {
            short_description: s("one line"),
            long_description: Some(admin::Description::default()),
            source_code: Some(admin::SourceCode { link: s("l") }),
            tags: vec![s("t")],
            ..Default::default()
        }),
    };
    assert_eq!(
        json(&spec),
        r#"{"template":{},"description":{"shortDescription":"one line","longDescription":{},"sourceCode":{"link":"l"},"tags":["t"]}}"#
    );
    let doc = core::ErrorDocument {
        error: Some(core::ContainerError {
            code: s("USER:ValueError"),
            message: s("boom"),
            kind: core::container_error::Kind::Recoverable as i32,
            origin: core::execution_error::ErrorKind::User as i32,
            timestamp: Some(Timestamp {
                seconds: 0,
                nanos: 120_000_000,
            }),
            worker: s("w"),
        }),
    };
    assert_eq!(
        json(&doc),
        r#"{"error":{"code":"USER:ValueError","message":"boom","kind":"RECOVERABLE","origin":"USER","timestamp":"1970-01-01T00:00:00.120Z","worker":"w"}}"#
    );
    let ctx = core::SecurityContext {
        run_as: Some(core::Identity {
            k8s_service_account: s("sa"),
            oauth2_client: Some(core::OAuth2Client {
                client_id: s("id"),
                client_secret: Some(core::Secret {
                    group_version: s("v1"),
                    mount_requirement: core::secret::MountType::EnvVar as i32,
                    env_var: s("E"),
                    ..Default::default()
                }),
            }),
            execution_identity: s("me"),
            ..Default::default()
        }),
        secrets: vec![],
        tokens: vec![core::OAuth2TokenRequest {
            idp_discovery_endpoint: s("x"),
            ..Default::default()
        }],
    };
    assert_eq!(
        json(&ctx),
        concat!(
            r#"{"runAs":{"k8sServiceAccount":"sa","oauth2Client":{"clientId":"id","#,
            r#""clientSecret":{"groupVersion":"v1","mountRequirement":"ENV_VAR","envVar":"E"}},"#,
            r#""executionIdentity":"me"},"tokens":[{"idpDiscoveryEndpoint":"x"}]}"#
        )
    );
}
