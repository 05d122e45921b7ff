//! A task binary with flytekit's reference cases, registered by hand the way `#[task]` registers
//! them: `cargo run -p podtask --example refcases -- serialize --out DIR`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::process::ExitCode;

use podtask::__private::{
    CacheDef, Container, KeyValuePair, Param, ResourceEntry, ResourceName, Resources, TaskDef,
    TaskKind, TaskMetadataDef,
};
use podtask::FlyteType;

const IMAGE: Option<&str> = Some("python:3.9-slim-buster");
const REQUESTS: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Cpu, "500m"),
    ResourceEntry::new_const(ResourceName::Memory, "1Gi"),
];
const LIMITS: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Cpu, "1"),
    ResourceEntry::new_const(ResourceName::Memory, "2Gi"),
];
const GPU: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Gpu, "1"),
    ResourceEntry::new_const(ResourceName::EphemeralStorage, "10Gi"),
];
const ENV: &[KeyValuePair] = &[
    KeyValuePair::new_const("MY_ENV_VAR", "some_value"),
    KeyValuePair::new_const("DEBUG_MODE", "true"),
];
const PLAIN: Container = Container::new_const(
    IMAGE,
    &[],
    &[],
    Resources::new_const(REQUESTS, LIMITS),
    ENV,
    &[],
);
const BARE: Container = Container::new_const(IMAGE, &[], &[], Resources::EMPTY, &[], &[]);
const NO_IMAGE: Container = Container::new_const(None, &[], &[], Resources::EMPTY, &[], &[]);
const TRAIN: Resources = Resources::new_const(GPU, GPU);
const RAW_COMMAND: &[Cow<'static, str>] = &[Cow::Borrowed("python")];
const RAW_ARGS: &[Cow<'static, str>] = &[
    Cow::Borrowed("-c"),
    Cow::Borrowed("import sys; exec(open(sys.argv[1]).read())"),
    Cow::Borrowed("{{.inputs.script_path}}"),
];
const RAW: Container = Container::new_const(
    IMAGE,
    RAW_COMMAND,
    RAW_ARGS,
    Resources::new_const(REQUESTS, LIMITS),
    ENV,
    &[],
);

macro_rules! param {
    ($name:literal: $t:ty) => {
        Param {
            name: $name,
            literal_type: <$t as FlyteType>::literal_type,
        }
    };
}

macro_rules! task {
    ($module:literal, $fn_name:literal, $name:expr, $kind:ident, $container:expr,
     $resources:expr, $metadata:expr, [$($input:tt)*], [$($output:tt)*]) => {
        const _: () = {
            podtask::__private::register!(TaskDef {
                fn_name: $fn_name,
                module_path: $module,
                name: $name,
                file: file!(),
                line: line!(),
                column: column!(),
                kind: TaskKind::$kind,
                container: &$container,
                resources: $resources,
                pod: None,
                metadata: $metadata,
                inputs: &[$($input)*],
                outputs: &[$($output)*],
                invoke: None,
            });
        };
    };
}

task!(
    "refcases::a_plain",
    "run_script",
    None,
    Function,
    PLAIN,
    None,
    TaskMetadataDef::DEFAULT,
    [param!("script_path": String)],
    [param!("o0": String)]
);
task!(
    "refcases::b_gpu_ephemeral",
    "train",
    None,
    Function,
    BARE,
    Some(&TRAIN),
    TaskMetadataDef::DEFAULT,
    [param!("epochs": u32)],
    []
);
task!(
    "refcases::d_container_task",
    "run_script_container",
    Some("run_script_container"),
    RawContainer,
    RAW,
    None,
    TaskMetadataDef::DEFAULT,
    [param!("script_path": String)],
    [param!("result": String)]
);
task!(
    "refcases::e_typed_interface",
    "typed",
    None,
    Function,
    BARE,
    None,
    TaskMetadataDef::DEFAULT,
    [
        param!("i": i64),
        param!("f": f64),
        param!("b": bool),
        param!("s": String),
        param!("li": Vec<i64>),
        param!("d": BTreeMap<String, f64>),
        param!("oi": Option<i64>)
    ],
    [param!("total": i64), param!("mean": f64)]
);
task!(
    "refcases::e_typed_interface",
    "single_output",
    None,
    Function,
    BARE,
    None,
    TaskMetadataDef::DEFAULT,
    [param!("x": i64)],
    [param!("o0": Vec<BTreeMap<String, i64>>)]
);
task!(
    "refcases::e_typed_interface",
    "no_io",
    None,
    Function,
    BARE,
    None,
    TaskMetadataDef::DEFAULT,
    [],
    []
);
task!(
    "refcases::f_metadata",
    "with_metadata",
    None,
    Function,
    BARE,
    None,
    TaskMetadataDef {
        retries: 3,
        timeout_seconds: Some(600),
        interruptible: true,
        cache: Some(CacheDef {
            version: "1.0",
            serialize: true,
            ignored_inputs: &["verbose"]
        }),
        deprecated: Some("use run_script_v2"),
        description: Some("A task with metadata."),
    },
    [param!("x": i64), param!("verbose": bool)],
    [param!("o0": i64)]
);
// Takes the image given with `serialize --image`.
task!(
    "refcases::no_image",
    "uses_default_image",
    None,
    Function,
    NO_IMAGE,
    None,
    TaskMetadataDef::DEFAULT,
    [param!("maybe": Option<Vec<String>>)],
    []
);

fn main() -> ExitCode {
    podtask::main()
}
