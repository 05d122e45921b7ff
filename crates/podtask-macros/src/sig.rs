//! What a task's signature says: its inputs and outputs, and whether Flyte can take it.

use crate::ctxt::Ctxt;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Attribute, FnArg, Ident, Pat, ReturnType, Type, Visibility};

/// A function as the attribute sees it: its attributes and signature. The body is never read,
/// not even walked: only the tokens before it are parsed.
pub struct TaskFn {
    pub attrs: Vec<Attribute>,
    pub sig: syn::Signature,
}

impl TaskFn {
    /// The function `item` is, or `None` when it is not a function with a body.
    pub fn read(item: &TokenStream) -> Option<TaskFn> {
        let mut head: Vec<TokenTree> = item.clone().into_iter().collect();
        match head.pop() {
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {}
            _ => return None,
        }
        syn::parse2::<TaskFn>(head.into_iter().collect()).ok()
    }
}

impl Parse for TaskFn {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        input.parse::<Visibility>()?;
        let sig: syn::Signature = input.parse()?;
        Ok(TaskFn { attrs, sig })
    }
}

/// The most inputs a task takes: the runtime calls functions of up to this many parameters.
const MAX_INPUTS: usize = 16;
/// The most outputs a task gives: the runtime splits tuples of up to this many elements.
const MAX_OUTPUTS: usize = 12;

/// An input: a parameter of the function.
pub struct Input {
    pub name: Ident,
    pub ty: Type,
}

/// The interface of a task, read from its signature.
pub struct Interface {
    pub inputs: Vec<Input>,
    /// The output types: one for a plain return type, one per element for a tuple, none for
    /// `()`. They are named `o0`, `o1`, … as flytekit names them. For a `Result<T, E>` they are
    /// those of `T`.
    pub outputs: Vec<Type>,
    /// Whether the outputs are the elements of a returned tuple.
    pub tuple: bool,
    /// Whether the function returns a `Result`, whose `Err` fails the task.
    pub fallible: bool,
    /// Whether the function is `async`.
    pub is_async: bool,
}

impl Interface {
    pub fn input_names(&self) -> impl Iterator<Item = String> + '_ {
        self.inputs.iter().map(|i| i.name.to_string())
    }
}

/// Reads the interface, recording every parameter or return type Flyte cannot take.
pub fn interface(cx: &mut Ctxt, sig: &syn::Signature) -> Interface {
    if !sig.generics.params.is_empty() {
        cx.error(
            sig.generics.span(),
            "a task cannot be generic: Flyte needs the concrete type of every input and output",
        );
    }
    if let Some(w) = &sig.generics.where_clause {
        cx.error(w.span(), "a task cannot have a `where` clause");
    }
    if let syn::Safety::Unsafe(u) = &sig.safety {
        cx.error(
            u.span(),
            "a task cannot be `unsafe`: podtask calls it with its inputs, with no precondition to uphold",
        );
    }
    if let Some(abi) = &sig.abi {
        cx.error(
            abi.span(),
            "a task cannot have an ABI (`extern`): it is called as a Rust function",
        );
    }
    if let Some(v) = &sig.variadic {
        cx.error(v.span(), "a task cannot be variadic");
    }
    let mut inputs: Vec<Input> = Vec::new();
    for arg in &sig.inputs {
        match arg {
            FnArg::Receiver(r) => cx.error(
                r.span(),
                "a task cannot take `self`: write it as a free function, its parameters become the task's inputs",
            ),
            FnArg::Typed(pt) => {
                let Pat::Ident(pi) = &*pt.pat else {
                    cx.error(
                        pt.pat.span(),
                        "a task's parameters must be plain names: each becomes the name of an input",
                    );
                    continue;
                };
                if pi.by_ref.is_some() || pi.subpat.is_some() {
                    cx.error(pi.span(), "a task's parameters must be plain names");
                    continue;
                }
                check_type(cx, &pt.ty);
                inputs.push(Input {
                    name: pi.ident.clone(),
                    ty: (*pt.ty).clone(),
                });
            }
        }
    }
    if let Some(extra) = inputs.get(MAX_INPUTS) {
        cx.error(
            extra.name.span(),
            format!(
                "a task takes at most {MAX_INPUTS} inputs; gather them in a struct (a serde type \
                 becomes one Flyte STRUCT input)"
            ),
        );
    }
    let mut fallible = false;
    let mut tuple = false;
    let outputs = match &sig.output {
        ReturnType::Default => Vec::new(),
        ReturnType::Type(_, ty) => {
            let ty = match ok_type(ty) {
                Some(ok) => {
                    fallible = true;
                    ok
                }
                None => ty,
            };
            check_type(cx, ty);
            match ty {
                Type::Tuple(t) => {
                    tuple = true;
                    if let Some(extra) = t.elems.iter().nth(MAX_OUTPUTS) {
                        cx.error(
                            extra.span(),
                            format!(
                                "a task gives at most {MAX_OUTPUTS} outputs; return a struct (a \
                                 serde type becomes one Flyte STRUCT output)"
                            ),
                        );
                    }
                    t.elems.iter().cloned().collect()
                }
                Type::Paren(p) => vec![(*p.elem).clone()],
                ty => vec![ty.clone()],
            }
        }
    };
    Interface {
        inputs,
        outputs,
        tuple,
        fallible,
        is_async: sig.asyncness.is_some(),
    }
}

/// The `T` of a return type written `Result<T, ...>` (`std::result::Result<T, E>`,
/// `io::Result<T>`, `anyhow::Result<T>`, …): the function's `Err` fails the task. The type is
/// recognised by its name, as a macro only sees tokens.
fn ok_type(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// Types that can never be a Flyte type, caught here with a precise message; every other type
/// is checked by the compiler through the `FlyteType` trait, with the error on the type.
fn check_type(cx: &mut Ctxt, ty: &Type) {
    match ty {
        Type::ImplTrait(t) => cx.error(
            t.span(),
            "a task's inputs and outputs need concrete types, not `impl Trait`",
        ),
        Type::Reference(r) => cx.error(
            r.span(),
            "a task's inputs and outputs must be owned values (e.g. `String`, not `&str`): they are read from and written to Flyte literals",
        ),
        Type::Infer(t) => cx.error(t.span(), "a task's types must be written out"),
        Type::Tuple(t) => {
            for e in &t.elems {
                if let Type::Tuple(inner) = e
                    && !inner.elems.is_empty()
                {
                    cx.error(inner.span(), "nested tuples cannot be Flyte outputs");
                }
                check_type(cx, e);
            }
        }
        _ => {}
    }
}

/// The function's doc comment, lines joined, if it has one.
pub fn docs(attrs: &[Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let text = lines.join("\n").trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// The lint attributes of the function (`allow`, `warn`, `deny`, `forbid`, `expect`), copied
/// onto generated items so that the function's lint levels apply to what the macro emits for it
/// (`#[allow(deprecated)]` silences podtask's warnings).
pub fn lint_attrs(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter(|a| {
            ["allow", "warn", "deny", "forbid", "expect"]
                .iter()
                .any(|l| a.path().is_ident(l))
        })
        .cloned()
        .collect()
}

/// The span to blame for the whole function: its name.
pub fn fn_span(sig: &syn::Signature) -> Span {
    sig.ident.span()
}
