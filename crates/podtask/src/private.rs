//! What the `#[task]`, `resources!`, `container!` and `pod!` macros expand to. Not a public
//! API: it may change in any release. The rest of the crate does not use this module.

pub use std::borrow::Cow;

pub use crate::def::{Extras, Param, TaskDef};
pub use crate::extended::{Accelerator, Partition, Secret, SecretMount};
pub use crate::invoke::{
    AsyncFunction, Command, Fallible, FallibleSingle, FallibleTuple, FallibleUnit, Function,
    Single, Tuple, Unit,
};
pub use crate::model::{
    Container, K8sPod, KeyValuePair, PodSpecSource, ResourceEntry, ResourceName, Resources,
    SpecFunction,
};
pub use crate::registry::TASKS;
pub use crate::types::Value;

/// Defines and registers one task: what `#[task]` expands to, from the least input the proc
/// macro can give (the proc macro writes tokens one at a time, the compiler expands this
/// natively). Each use must sit in its own scope, as it defines a `static` named `TASK`.
///
/// The static goes into [`TASKS`]'s link section through the macro `linkme` made for the
/// slice, without an element proc macro: its type is the slice's by construction.
#[macro_export]
#[doc(hidden)]
macro_rules! __task {
    (
        fn $f:ident $fn_name:literal;
        run $function:ident ($($hole:tt)*) $shape:ident;
        at $file:expr, $line:expr, $column:expr;
        spec $spec:literal;
        extras [$($extras:expr)?];
        in [$($in:literal $in_ty:ty),*];
        out [$($out:literal $out_ty:ty),*];
    ) => {
        $crate::__private::TASKS! {
            #![linkme_macro = $crate::__private::TASKS]
            static TASK: $crate::__private::TaskDef = $crate::__private::TaskDef {
                fn_name: $fn_name,
                module_path: ::core::module_path!(),
                file: $file,
                line: $line,
                column: $column,
                spec: $spec,
                inputs: &[$($crate::__private::Param {
                    name: $in,
                    codec: &<$in_ty as $crate::__private::Value>::CODEC,
                }),*],
                outputs: &[$($crate::__private::Param {
                    name: $out,
                    codec: &<$out_ty as $crate::__private::Value>::CODEC,
                }),*],
                run: &$crate::__private::$function::<fn($($hole),*) -> _, $crate::__private::$shape>::new($f),
                extras: &[$($extras)?],
            };
        }
    };
}

pub use crate::__task as task;

/// Resources the `resources!` macro has checked.
pub const fn resources_unchecked(
    requests: &'static [ResourceEntry],
    limits: &'static [ResourceEntry],
) -> Resources {
    Resources::from_parts(requests, limits)
}

/// A container the `container!` macro has checked.
pub const fn container_unchecked(
    image: Option<&'static str>,
    command: &'static [Cow<'static, str>],
    args: &'static [Cow<'static, str>],
    resources: Resources,
    env: &'static [KeyValuePair],
    config: &'static [KeyValuePair],
) -> Container {
    Container::from_parts(image, command, args, resources, env, config)
}

/// A secret the `secrets!` macro has checked.
pub const fn secret_unchecked(
    group: &'static str,
    key: Option<Cow<'static, str>>,
    group_version: Option<Cow<'static, str>>,
    mount: SecretMount,
    env_var: Option<Cow<'static, str>>,
) -> Secret {
    Secret {
        group: Cow::Borrowed(group),
        key,
        group_version,
        mount,
        env_var,
    }
}

/// A pod the `pod!` macro has checked.
pub const fn pod_unchecked(
    primary_container_name: &'static str,
    labels: &'static [KeyValuePair],
    annotations: &'static [KeyValuePair],
    pod_spec: PodSpecSource,
) -> K8sPod {
    K8sPod::from_parts(primary_container_name, labels, annotations, pod_spec, true)
}

/// Fails the build when a task with a body is given, by path, a container with a command or
/// arguments: such a task runs its function, and the command would be dropped. (A raw
/// container task writes its command in `container(...)` on the task.)
pub const fn check_function_task(task: &TaskDef) {
    let Some(Extras {
        container: Some(c), ..
    }) = task.extras.first()
    else {
        return;
    };
    if crate::model::cow_slice(&c.command).len() + crate::model::cow_slice(&c.args).len() > 0 {
        panic!(
            "a container given by path cannot carry a command or args: such a task runs its \
             function; write a raw container task's command inline, in container(...) on the task"
        );
    }
}
