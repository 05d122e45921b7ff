//! What the `#[task]`, `resources!` and `container!` macros expand to. Not a public API: it may
//! change in any release.

pub use linkme;
pub use podtask_rules;
pub use std::borrow::Cow;

pub use crate::exec::{FailureKind, Inputs, Invoker, Outputs, TaskFailure, block_on};
pub use crate::model::{
    Container, KeyValuePair, ResourceEntry, ResourceName, Resources, RuntimeMetadata,
};
pub use crate::pod::{K8sPod, PodSpecSource};
pub use crate::registry::{CacheDef, Param, TaskDef, TaskKind, TaskMetadataDef};
pub use crate::types::FlyteType;

use crate::flyte::LiteralType;

/// Every task of the program, gathered at link time.
#[linkme::distributed_slice]
pub static TASKS: [TaskDef];

/// Registers a `TaskDef` expression in [`TASKS`]. Each use must sit in its own scope (the macro
/// puts it in `const _: () = { ... };`), as it always defines a static of one name.
#[macro_export]
#[doc(hidden)]
macro_rules! __register {
    ($def:expr) => {
        #[::podtask::__private::linkme::distributed_slice(::podtask::__private::TASKS)]
        #[linkme(crate = ::podtask::__private::linkme)]
        static __PODTASK_TASK: ::podtask::__private::TaskDef = $def;
    };
}

pub use crate::__register as register;

/// The checks of [`Container::check_const`], for a `const` container passed by path.
pub const fn check_container(c: &Container) -> Result<(), podtask_rules::Violation> {
    c.check_const()
}

/// The checks of [`Resources::check_const`], for `const` resources passed by path.
pub const fn check_resources(r: &Resources) -> Result<(), podtask_rules::Violation> {
    r.check_const()
}

/// Takes the input `name` out of `inputs`, as a `T`. A missing input, or one whose value is not a
/// `T`, is a failure naming the input and the expected type.
pub fn input<T: serde::de::DeserializeOwned>(
    inputs: &mut Inputs,
    name: &'static str,
) -> Result<T, TaskFailure> {
    inputs.take(name)
}

/// Adds the output `name` to `outputs`. A value that cannot be written as JSON (a map with
/// keys that are not strings, a float that is not finite) is a failure naming the output.
pub fn output<T: serde::Serialize>(
    outputs: &mut Outputs,
    name: &'static str,
    value: &T,
) -> Result<(), TaskFailure> {
    outputs.put(name, value)
}

/// The failure for an `Err` the task returned: a user error, not recoverable, whose message is
/// the error's `Display`.
pub fn fail<E: core::fmt::Display>(error: E) -> TaskFailure {
    TaskFailure::user(error.to_string())
}

/// Stands for the type `T` in the two-level choice of its Flyte type (see [`ViaFlyteType`]).
pub struct Probe<T>(core::marker::PhantomData<T>);

impl<T> Probe<T> {
    /// The probe of `T`.
    pub const NEW: Self = Probe(core::marker::PhantomData);
}

/// The first choice: a type that implements [`FlyteType`] takes its type from there.
///
/// The macro writes `(&&Probe::<T>::NEW).literal_type()` with both traits in scope: method
/// lookup tries `&Probe<T>` (this trait) before `Probe<T>` ([`ViaSerde`]), and an impl whose
/// bound does not hold is passed over, so each type gets the most specific mapping.
pub trait ViaFlyteType {
    /// The Flyte type.
    fn literal_type(&self) -> LiteralType;
}

impl<T: FlyteType> ViaFlyteType for &Probe<T> {
    fn literal_type(&self) -> LiteralType {
        T::literal_type()
    }
}

/// The second choice: any other serde type, whose shape is learnt by tracing its `Deserialize`
/// impl (structs, unit-only enums, and lists, maps and options of them).
pub trait ViaSerde {
    /// The Flyte type; a type that cannot be mapped gives a marker the registry reports.
    fn literal_type(&self) -> LiteralType;
}

impl<T: serde::Serialize + serde::de::DeserializeOwned> ViaSerde for Probe<T> {
    fn literal_type(&self) -> LiteralType {
        crate::value::trace::literal_type_of::<T>()
    }
}
