//! Code generation. Nothing is validated here: `check` has run, and its errors are emitted next
//! to the user's function, which is always re-emitted unchanged.

use crate::check::{self, Checked, CheckedPod, Warning};
use crate::ctxt::Ctxt;
use crate::meta::Items;
use crate::parse::{self, ContainerArgs, PodArgs, ResourcesArgs, SpecSrc, Src, StrList, TaskArgs};
use crate::sig::{self, Interface, TaskFn};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// `#[task(...)]`.
pub fn task(attr: TokenStream, item: TokenStream) -> TokenStream {
    let func = match syn::parse2::<TaskFn>(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let e = syn::Error::new(
                Span::call_site(),
                "#[task] goes on a function: `#[task(...)] fn name(input: Type) -> Output { ... }`",
            );
            return with_errors(item, e);
        }
    };
    let mut cx = Ctxt::default();
    let args = match syn::parse2::<Items>(attr) {
        Ok(items) => parse::task_args(&mut cx, &items.0),
        Err(e) => {
            cx.syn(e);
            TaskArgs::default()
        }
    };
    let iface = sig::interface(&mut cx, &func.sig);
    let checked = check::task(&mut cx, &args, &iface);
    if let Some(e) = cx.finish() {
        // The function stays usable; no task is registered, so one mistake gives one error.
        return with_errors(item, e);
    }
    let def = task_def(&func, &args, &iface, &checked);
    quote! {
        #item
        #def
    }
}

/// `resources!(...)`: a `Resources` value usable in a `const`.
pub fn resources(input: TokenStream) -> TokenStream {
    let mut cx = Ctxt::default();
    let args = match syn::parse2::<Items>(input) {
        Ok(items) => parse::resources_args(&mut cx, &items.0),
        Err(e) => return e.to_compile_error(),
    };
    check::resources(&mut cx, &args);
    match cx.finish() {
        Some(e) => error_expr(e),
        None => resources_expr(&args),
    }
}

/// `container!(...)`: a `Container` value usable in a `const`.
pub fn container(input: TokenStream) -> TokenStream {
    let mut cx = Ctxt::default();
    let args = match syn::parse2::<Items>(input) {
        Ok(items) => parse::container_args(&mut cx, &items.0),
        Err(e) => return e.to_compile_error(),
    };
    let mut warnings = Vec::new();
    check::container(&mut cx, &args, None, &mut warnings);
    match cx.finish() {
        Some(e) => error_expr(e),
        None => {
            let value = container_expr(&args, None);
            let warnings = warnings.iter().map(|w| warning(w, &[]));
            quote!({ #(#warnings)* #value })
        }
    }
}

/// Errors in expression position: a block of `compile_error!`s that has the type of any value,
/// so the constant it initialises gets no second error.
fn error_expr(e: syn::Error) -> TokenStream {
    let errors = e.to_compile_error();
    quote!({ #errors ::core::unreachable!() })
}

/// `pod!(...)`: a `K8sPod` value usable in a `const`.
pub fn pod(input: TokenStream) -> TokenStream {
    let mut cx = Ctxt::default();
    let args = match syn::parse2::<Items>(input) {
        Ok(items) => parse::pod_args(&mut cx, &items.0),
        Err(e) => return e.to_compile_error(),
    };
    let mut warnings = Vec::new();
    let checked = check::pod(&mut cx, &args, &mut warnings);
    match cx.finish() {
        Some(e) => error_expr(e),
        None => {
            let value = pod_expr(&args, &checked);
            let warnings = warnings.iter().map(|w| warning(w, &[]));
            quote!({ #(#warnings)* #value })
        }
    }
}

/// The primary container's name when the task does not give one: flytekit's default.
const DEFAULT_PRIMARY: &str = "primary";

fn pairs_expr(list: &[(crate::meta::Key, syn::LitStr)]) -> TokenStream {
    let pairs = list.iter().map(|(k, v)| {
        let k = syn::LitStr::new(&k.name(), k.span());
        quote!(::podtask::__private::KeyValuePair::new_const(#k, #v))
    });
    quote!(&[#(#pairs),*])
}

fn pod_expr(p: &PodArgs, checked: &CheckedPod) -> TokenStream {
    let primary = p
        .primary
        .as_ref()
        .map_or_else(|| DEFAULT_PRIMARY.to_string(), syn::LitStr::value);
    let labels = pairs_expr(&p.labels);
    let annotations = pairs_expr(&p.annotations);
    let spec = match (&p.spec, &checked.spec_json) {
        (Some(SpecSrc::Function(f)), _) => {
            quote!(::podtask::__private::PodSpecSource::Function(#f))
        }
        (_, Some(json)) => quote!(::podtask::__private::PodSpecSource::Json(
            ::podtask::__private::Cow::Borrowed(#json)
        )),
        _ => quote!(::podtask::__private::PodSpecSource::None),
    };
    // Editing a spec file rebuilds the crate: the compiler tracks files it includes.
    let track = checked.file.as_ref().map(|f| {
        quote!(
            const _: &[u8] = ::core::include_bytes!(#f);
        )
    });
    quote!({
        #track
        const LABELS: &[::podtask::__private::KeyValuePair] = #labels;
        const ANNOTATIONS: &[::podtask::__private::KeyValuePair] = #annotations;
        ::podtask::__private::K8sPod::new_const(#primary, LABELS, ANNOTATIONS, #spec)
    })
}

fn with_errors(item: TokenStream, e: syn::Error) -> TokenStream {
    let errors = e.to_compile_error();
    quote! {
        #item
        #errors
    }
}

fn lit_strs(list: Option<&StrList>) -> TokenStream {
    let items = list.map(|l| l.items.as_slice()).unwrap_or_default();
    quote!(&[#(::podtask::__private::Cow::Borrowed(#items)),*])
}

fn resources_expr(args: &ResourcesArgs) -> TokenStream {
    let entries = |list: &[parse::Entry]| {
        let entries = list.iter().map(|e| {
            let name = syn::Ident::new(&format!("{:?}", e.name), e.key.span());
            let value = &e.value;
            quote!(::podtask::__private::ResourceEntry::new_const(
                ::podtask::__private::ResourceName::#name,
                #value
            ))
        });
        quote!(&[#(#entries),*])
    };
    let requests = entries(&args.requests);
    let limits = entries(&args.limits);
    // Named constants: a `&[...]` of values with destructors becomes `'static` only as the whole
    // initializer of a constant.
    quote!({
        const REQUESTS: &[::podtask::__private::ResourceEntry] = #requests;
        const LIMITS: &[::podtask::__private::ResourceEntry] = #limits;
        ::podtask::__private::Resources::new_const(REQUESTS, LIMITS)
    })
}

/// A `Resources` value given inline or by path.
fn resources_src(src: &Src<ResourcesArgs>) -> TokenStream {
    match src {
        Src::Inline(r) => resources_expr(r),
        Src::Path(p) => quote!(#p),
    }
}

fn container_expr(c: &ContainerArgs, command_override: Option<()>) -> TokenStream {
    let _ = command_override;
    let image = match &c.image {
        Some(i) => quote!(::core::option::Option::Some(#i)),
        None => quote!(::core::option::Option::None),
    };
    let command = lit_strs(c.command.as_ref());
    let args = lit_strs(c.args.as_ref());
    let env = pairs_expr(&c.env);
    let config = pairs_expr(&c.config);
    let resources = match &c.resources {
        Some(r) => resources_src(r),
        None => quote!(::podtask::__private::Resources::EMPTY),
    };
    quote!({
        const COMMAND: &[::podtask::__private::Cow<'static, str>] = #command;
        const ARGS: &[::podtask::__private::Cow<'static, str>] = #args;
        const ENV: &[::podtask::__private::KeyValuePair] = #env;
        const CONFIG: &[::podtask::__private::KeyValuePair] = #config;
        ::podtask::__private::Container::new_const(#image, COMMAND, ARGS, #resources, ENV, CONFIG)
    })
}

/// A warning as the use of a deprecated function, spanned on the token it is about.
fn warning(w: &Warning, lints: &[syn::Attribute]) -> TokenStream {
    let note = &w.note;
    let call = quote_spanned!(w.span=> podtask_warning());
    quote! {
        #(#lints)*
        const _: () = {
            #[deprecated(note = #note)]
            const fn podtask_warning() {}
            #call
        };
    }
}

/// A constant given by path is checked by the compiler, through const evaluation of the same
/// rules; the error points at the path.
fn const_check(path: &syn::Path, ty: &str, checker: &str) -> TokenStream {
    let ty = syn::Ident::new(ty, Span::call_site());
    let checker = syn::Ident::new(checker, Span::call_site());
    let span = path.span();
    // The reference is the whole initializer of a constant, so the value lives for `'static`
    // and no destructor runs at compile time.
    quote_spanned! {span=>
        const _: () = {
            const VALUE: &::podtask::__private::#ty = &#path;
            match ::podtask::__private::#checker(VALUE) {
                ::core::result::Result::Ok(()) => (),
                ::core::result::Result::Err(v) => ::core::panic!("{}", v.message),
            }
        };
    }
}

/// The codec of a type: `(&&Probe::<T>::NEW).codec()`, spanned on the type. Every use of the
/// type goes through this same call, so a type with neither mapping gives one error, on it.
fn codec(ty: &syn::Type) -> TokenStream {
    quote_spanned! {ty.span()=>
        {
            #[allow(unused_imports)]
            use ::podtask::__private::{ViaFlyteType as _, ViaSerde as _};
            (&&::podtask::__private::Probe::<#ty>::NEW).codec()
        }
    }
}

fn params(names: &[(String, Span)], types: &[&syn::Type]) -> TokenStream {
    let params = names.iter().zip(types).map(|((name, span), ty)| {
        // Two-level choice of the Flyte type (autoref): `FlyteType` first, then any serde type.
        let codec = codec(ty);
        let lt = quote_spanned!(ty.span()=> || #codec.literal_type());
        quote_spanned!(*span=> ::podtask::__private::Param { name: #name, literal_type: #lt })
    });
    quote!(&[#(#params),*])
}

/// The function that runs the task: takes the inputs, calls the user's function, puts the
/// outputs. `None` for a raw container task, whose container runs a command.
fn invoker(func: &TaskFn, iface: &Interface, raw: bool) -> TokenStream {
    let ident = &func.sig.ident;
    if raw {
        // The container runs the command; the function documents the interface and stays
        // callable as plain Rust, so it counts as used.
        return quote!({
            let _ = #ident;
            ::core::option::Option::None
        });
    }
    let takes = iface.inputs.iter().map(|i| {
        let (name, ty) = (&i.name, &i.ty);
        let key = name.to_string();
        let codec = codec(ty);
        quote_spanned! {ty.span()=>
            let #name: #ty = #codec.take(&mut inputs, #key)?;
        }
    });
    let args = iface.inputs.iter().map(|i| &i.name);
    let mut call = quote!(#ident(#(#args),*));
    if iface.is_async {
        call = quote!(::podtask::__private::block_on(#call));
    }
    let result = if iface.fallible {
        quote! {
            let result = match #call {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(error) => {
                    return ::core::result::Result::Err(::podtask::__private::fail(error));
                }
            };
        }
    } else {
        quote!(let result = #call;)
    };
    let puts: Vec<TokenStream> = match iface.outputs.len() {
        0 => vec![quote!(let () = result;)],
        1 if !iface.tuple => {
            let codec = codec(&iface.outputs[0]);
            vec![quote!(#codec.put(&mut outputs, "o0", &result)?;)]
        }
        n => (0..n)
            .map(|i| {
                let name = format!("o{i}");
                let index = syn::Index::from(i);
                let codec = codec(&iface.outputs[i]);
                quote!(#codec.put(&mut outputs, #name, &result.#index)?;)
            })
            .collect(),
    };
    quote! {
        ::core::option::Option::Some({
            fn invoke(
                #[allow(unused_mut)] mut inputs: ::podtask::__private::Inputs,
            ) -> ::core::result::Result<::podtask::__private::Outputs, ::podtask::__private::TaskFailure> {
                #(#takes)*
                #result
                #[allow(unused_mut)]
                let mut outputs = ::podtask::__private::Outputs::new();
                #(#puts)*
                ::core::result::Result::Ok(outputs)
            }
            invoke as ::podtask::__private::Invoker
        })
    }
}

fn task_def(func: &TaskFn, args: &TaskArgs, iface: &Interface, checked: &Checked) -> TokenStream {
    let fn_name = func.sig.ident.to_string();
    let fn_span = sig::fn_span(&func.sig);
    let lints = sig::lint_attrs(&func.attrs);
    let mut checks = Vec::new();

    let (container, raw) = match &args.container {
        Some(Src::Inline(c)) => (container_expr(c, None), c.command.is_some()),
        Some(Src::Path(p)) => {
            checks.push(const_check(p, "Container", "check_function_container"));
            (quote!(#p), false)
        }
        None => (container_expr(&ContainerArgs::default(), None), false),
    };
    let kind = if raw {
        quote!(::podtask::__private::TaskKind::RawContainer)
    } else {
        quote!(::podtask::__private::TaskKind::Function)
    };
    let resources = match &args.resources {
        Some(src) => {
            if let Src::Path(p) = src {
                checks.push(const_check(p, "Resources", "check_resources"));
            }
            let r = resources_src(src);
            quote!(::core::option::Option::Some(&#r))
        }
        None => quote!(::core::option::Option::None),
    };
    let name = opt_str(args.name.as_ref());
    let retries = checked.retries;
    let timeout = match checked.timeout_seconds {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    };
    let interruptible = args.interruptible.unwrap_or(false);
    let cache = match &args.cache {
        Some(c) => {
            let version = c
                .version
                .as_ref()
                .map(syn::LitStr::value)
                .unwrap_or_default();
            let serialize = c.serialize;
            let ignored = &c.ignored_inputs;
            quote!(::core::option::Option::Some(::podtask::__private::CacheDef {
                version: #version,
                serialize: #serialize,
                ignored_inputs: &[#(#ignored),*],
            }))
        }
        None => quote!(::core::option::Option::None),
    };
    let deprecated = opt_str(args.deprecated.as_ref());
    let pod = match &args.pod {
        Some(Src::Inline(p)) => {
            let p = pod_expr(p, &checked.pod);
            quote!(::core::option::Option::Some(&#p))
        }
        Some(Src::Path(p)) => quote!(::core::option::Option::Some(&#p)),
        None => quote!(::core::option::Option::None),
    };
    let description = match sig::docs(&func.attrs) {
        Some(d) => quote!(::core::option::Option::Some(#d)),
        None => quote!(::core::option::Option::None),
    };
    let input_names: Vec<(String, Span)> = iface
        .inputs
        .iter()
        .map(|i| (i.name.to_string(), i.name.span()))
        .collect();
    let input_types: Vec<&syn::Type> = iface.inputs.iter().map(|i| &i.ty).collect();
    let inputs = params(&input_names, &input_types);
    let output_names: Vec<(String, Span)> = iface
        .outputs
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("o{i}"), t.span()))
        .collect();
    let output_types: Vec<&syn::Type> = iface.outputs.iter().collect();
    let outputs = params(&output_names, &output_types);
    let invoke = invoker(func, iface, raw);
    let warnings = checked.warnings.iter().map(|w| warning(w, &lints));
    let location = quote_spanned! {fn_span=>
        file: ::core::file!(),
        line: ::core::line!(),
        column: ::core::column!(),
    };

    quote! {
        #(#warnings)*
        #(#checks)*
        #(#lints)*
        const _: () = {
            ::podtask::__private::register!(::podtask::__private::TaskDef {
                fn_name: #fn_name,
                module_path: ::core::module_path!(),
                name: #name,
                #location
                kind: #kind,
                container: &#container,
                resources: #resources,
                metadata: ::podtask::__private::TaskMetadataDef {
                    retries: #retries,
                    timeout_seconds: #timeout,
                    interruptible: #interruptible,
                    cache: #cache,
                    deprecated: #deprecated,
                    description: #description,
                },
                inputs: #inputs,
                outputs: #outputs,
                invoke: #invoke,
                pod: #pod,
            });
        };
    }
}

fn opt_str(s: Option<&syn::LitStr>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}
