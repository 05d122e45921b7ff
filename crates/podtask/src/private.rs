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

/// The checks of [`check_container`] for the container of a task with a body: it must not have
/// a command or arguments, as the task binary is the command that runs the function. (A raw
/// container task writes its command in `container(...)` on the task.)
pub const fn check_function_container(c: &Container) -> Result<(), podtask_rules::Violation> {
    if let Err(v) = c.check_const() {
        return Err(v);
    }
    let command = match &c.command {
        Cow::Borrowed(s) => s.len(),
        Cow::Owned(v) => v.len(),
    };
    let args = match &c.args {
        Cow::Borrowed(s) => s.len(),
        Cow::Owned(v) => v.len(),
    };
    if command + args > 0 {
        return Err(podtask_rules::Violation::new(
            "a container given by path cannot carry a command or args: such a task runs its function; write a raw container task's command inline, in container(...) on the task",
            0,
            0,
        ));
    }
    Ok(())
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

/// What the generated code needs of one input or output type: its Flyte type, and the
/// conversions of its values. Made by [`ViaFlyteType::codec`] or [`ViaSerde::codec`].
///
/// The macro reaches every use of a type through the same call,
/// `(&&Probe::<T>::NEW).codec()`, spanned on the type: for a type podtask cannot map, the
/// compiler reports that one call once, on the type, and nothing after it.
#[derive(Clone, Copy)]
pub struct Codec {
    literal_type: fn() -> LiteralType,
}

impl Codec {
    /// The Flyte type.
    pub fn literal_type(&self) -> LiteralType {
        (self.literal_type)()
    }

    /// Takes the input `name` out of `inputs` (see [`input`]).
    pub fn take<T: serde::de::DeserializeOwned>(
        &self,
        inputs: &mut Inputs,
        name: &'static str,
    ) -> Result<T, TaskFailure> {
        inputs.take(name)
    }

    /// Adds the output `name` to `outputs` (see [`output`]).
    pub fn put<T: serde::Serialize>(
        &self,
        outputs: &mut Outputs,
        name: &'static str,
        value: &T,
    ) -> Result<(), TaskFailure> {
        outputs.put(name, value)
    }
}

/// The first choice: a type that implements [`FlyteType`] takes its type from there.
///
/// The macro writes `(&&Probe::<T>::NEW).codec()` with both traits in scope: method lookup
/// tries `&Probe<T>` (this trait) before `Probe<T>` ([`ViaSerde`]), and an impl whose bound does
/// not hold is passed over, so each type gets the most specific mapping.
pub trait ViaFlyteType {
    /// The type's codec.
    fn codec(&self) -> Codec;

    /// The Flyte type.
    fn literal_type(&self) -> LiteralType {
        self.codec().literal_type()
    }
}

impl<T: FlyteType> ViaFlyteType for &Probe<T> {
    fn codec(&self) -> Codec {
        Codec {
            literal_type: T::literal_type,
        }
    }
}

/// The second choice: any other serde type, whose shape is learnt by tracing its `Deserialize`
/// impl (structs, unit-only enums, and lists, maps and options of them).
pub trait ViaSerde {
    /// The type's codec; a type that cannot be mapped gives a Flyte type the registry reports.
    fn codec(&self) -> Codec;

    /// The Flyte type.
    fn literal_type(&self) -> LiteralType {
        self.codec().literal_type()
    }
}

impl<T: serde::Serialize + serde::de::DeserializeOwned> ViaSerde for Probe<T> {
    fn codec(&self) -> Codec {
        Codec {
            literal_type: crate::value::trace::literal_type_of::<T>,
        }
    }
}
