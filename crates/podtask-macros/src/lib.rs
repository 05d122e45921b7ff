//! The proc macros of podtask. Use them through the `podtask` crate, which re-exports them and
//! documents them: `#[podtask::task]`, `podtask::resources!`, `podtask::container!`.
//!
//! Each macro parses its tokens into a spanned model (`parse`), checks every value with the
//! podtask rulebook and collects all errors (`check`), then generates code (`expand`).

mod check;
mod ctxt;
mod expand;
mod json;
mod meta;
mod parse;
mod sig;
mod yaml;

use proc_macro::TokenStream;

/// Declares a task. See the `podtask` crate's documentation of `task`.
#[proc_macro_attribute]
pub fn task(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::task(attr.into(), item.into()).into()
}

/// A `Resources` value checked at compile time. See the `podtask` crate's documentation.
#[proc_macro]
pub fn resources(input: TokenStream) -> TokenStream {
    expand::resources(input.into()).into()
}

/// A `Container` value checked at compile time. See the `podtask` crate's documentation.
#[proc_macro]
pub fn container(input: TokenStream) -> TokenStream {
    expand::container(input.into()).into()
}

/// A `K8sPod` value checked at compile time. See the `podtask` crate's documentation.
#[proc_macro]
pub fn pod(input: TokenStream) -> TokenStream {
    expand::pod(input.into()).into()
}

/// An `Accelerator` value checked at compile time: `accelerator!(device = "nvidia-tesla-a100",
/// partition = "1g.5gb")`, given to tasks by path (`#[task(accelerator = A100_MIG)]`). See the
/// `podtask` crate's documentation.
#[proc_macro]
pub fn accelerator(input: TokenStream) -> TokenStream {
    expand::accelerator(input.into()).into()
}

/// A `&'static [Secret]` checked at compile time: `secrets!(secret(group = "db", key =
/// "password", mount = "env"))`, given to tasks by path (`#[task(secrets = DB)]`). See the
/// `podtask` crate's documentation.
#[proc_macro]
pub fn secrets(input: TokenStream) -> TokenStream {
    expand::secrets(input.into()).into()
}
