//! What the `#[task]`, `resources!`, `container!` and `pod!` macros expand to. Not a public
//! API: it may change in any release. The rest of the crate does not use this module.

pub use std::borrow::Cow;

pub use crate::def::{Param, TaskDef};
pub use crate::invoke::{AsyncFunction, Fallible, Function, Single, Tuple, Unit};
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
        fn $f:ident;
        run $run:tt;
        name $name:tt;
        at $line:expr, $column:expr;
        spec $spec:literal;
        parts $container:tt $resources:tt $pod:tt $pod_spec:tt;
        in [$($in:literal $in_ty:ty),*];
        out [$($out:literal $out_ty:ty),*];
    ) => {
        $crate::__private::TASKS! {
            #![linkme_macro = $crate::__private::TASKS]
            static TASK: $crate::__private::TaskDef = $crate::__private::TaskDef {
                fn_name: ::core::stringify!($f),
                module_path: ::core::module_path!(),
                name: $crate::__task!(@opt $name),
                file: ::core::file!(),
                line: $line,
                column: $column,
                spec: $spec,
                container: $crate::__task!(@opt $container),
                resources: $crate::__task!(@opt $resources),
                pod: $crate::__task!(@opt $pod),
                pod_spec: $crate::__task!(@opt $pod_spec),
                inputs: &[$($crate::__private::Param {
                    name: $in,
                    codec: &<$in_ty as $crate::__private::Value>::CODEC,
                }),*],
                outputs: &[$($crate::__private::Param {
                    name: $out,
                    codec: &<$out_ty as $crate::__private::Value>::CODEC,
                }),*],
                run: $crate::__task!(@run $f $run),
            };
        }
    };
    (@opt _) => { ::core::option::Option::None };
    (@opt ($($e:tt)*)) => { ::core::option::Option::Some($($e)*) };
    (@run $f:ident _) => { ::core::option::Option::None };
    (@run $f:ident ($function:ident ($($hole:tt)*) $($shape:ident)+)) => {
        ::core::option::Option::Some(
            &$crate::__private::$function::<fn($($hole),*) -> _, $crate::__task!(@shape $($shape)+)>::new($f)
        )
    };
    (@shape Fallible $shape:ident) => {
        $crate::__private::Fallible<$crate::__private::$shape>
    };
    (@shape $shape:ident) => { $crate::__private::$shape };
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
    let Some(c) = task.container else {
        return;
    };
    if crate::model::cow_slice(&c.command).len() + crate::model::cow_slice(&c.args).len() > 0 {
        panic!(
            "a container given by path cannot carry a command or args: such a task runs its \
             function; write a raw container task's command inline, in container(...) on the task"
        );
    }
}
