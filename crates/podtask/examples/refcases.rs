//! A task binary with flytekit's reference cases, registered by hand the way `#[task]` registers
//! them: `cargo run -p podtask --example refcases -- serialize --out DIR`.

use std::collections::BTreeMap;
use std::process::ExitCode;

use podtask::__private::{CacheDef, Param, TaskDef, TaskKind, TaskMetadataDef};
use podtask::FlyteType;

#[path = "../tests/common/refcases.rs"]
mod refcases;
use refcases::*;

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
