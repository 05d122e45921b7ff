//! What the `#[task]`, `resources!` and `container!` macros expand to. Not a public API: it may
//! change in any release.

pub use linkme;
pub use podtask_rules;
pub use std::borrow::Cow;

pub use crate::model::{
    Container, KeyValuePair, ResourceEntry, ResourceName, Resources, RuntimeMetadata,
};
pub use crate::registry::{CacheDef, Param, TaskDef, TaskKind, TaskMetadataDef};
pub use crate::types::FlyteType;

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
