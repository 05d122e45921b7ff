//! Cross-crate tests of podtask. The tests live in `tests/`; the compile-time error catalogue in
//! `ui/`, one file per rule, each with the exact compiler output it must produce.
//!
//! The library holds what several test crates share: [`golden`], the check of a task binary's
//! serialized templates against the files committed next to it, and [`flytekit`], their
//! comparison with the templates flytekit writes for the same tasks.

pub mod flytekit;
pub mod golden;
