//! flytekit's reference cases as podtask values: the containers, resources and environment the
//! `refcases` example registers and the golden tests compare, written once for both.

// Each user takes the parts it needs.
#![allow(dead_code)]

use std::borrow::Cow;

use podtask::__private::{Container, KeyValuePair, ResourceEntry, ResourceName, Resources};

pub const IMAGE: Option<&str> = Some("python:3.9-slim-buster");
pub const REQUESTS: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Cpu, "500m"),
    ResourceEntry::new_const(ResourceName::Memory, "1Gi"),
];
pub const LIMITS: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Cpu, "1"),
    ResourceEntry::new_const(ResourceName::Memory, "2Gi"),
];
pub const GPU: &[ResourceEntry] = &[
    ResourceEntry::new_const(ResourceName::Gpu, "1"),
    ResourceEntry::new_const(ResourceName::EphemeralStorage, "10Gi"),
];
pub const ENV: &[KeyValuePair] = &[
    KeyValuePair::new_const("MY_ENV_VAR", "some_value"),
    KeyValuePair::new_const("DEBUG_MODE", "true"),
];
pub const PLAIN: Container = Container::new_const(
    IMAGE,
    &[],
    &[],
    Resources::new_const(REQUESTS, LIMITS),
    ENV,
    &[],
);
pub const BARE: Container = Container::new_const(IMAGE, &[], &[], Resources::EMPTY, &[], &[]);
pub const NO_IMAGE: Container = Container::new_const(None, &[], &[], Resources::EMPTY, &[], &[]);
pub const TRAIN: Resources = Resources::new_const(GPU, GPU);
pub const RAW_COMMAND: &[Cow<'static, str>] = &[Cow::Borrowed("python")];
pub const RAW_ARGS: &[Cow<'static, str>] = &[
    Cow::Borrowed("-c"),
    Cow::Borrowed("import sys; exec(open(sys.argv[1]).read())"),
    Cow::Borrowed("{{.inputs.script_path}}"),
];
pub const RAW: Container = Container::new_const(
    IMAGE,
    RAW_COMMAND,
    RAW_ARGS,
    Resources::new_const(REQUESTS, LIMITS),
    ENV,
    &[],
);

/// A `Param` for an input or output of a Flyte type.
#[allow(unused_macros)]
macro_rules! param {
    ($name:literal: $t:ty) => {
        Param {
            name: $name,
            literal_type: <$t as FlyteType>::literal_type,
        }
    };
}

#[allow(unused_imports)]
pub(crate) use param;
