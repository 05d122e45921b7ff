//! Code generation. Nothing is validated here: `check` has run, and its errors are emitted next
//! to the user's function, which is always re-emitted unchanged.
//!
//! A task becomes one `static` of plain `'static` data, registered with the program's tasks:
//! everything written inline in the attribute as one JSON string (decoded by the runtime when
//! the task is used), the parts given by path as references, each input and output as its name
//! and the codec of its type (the type's only mention), and the function as a `&dyn Run` built
//! from a function pointer. No code is generated per task: the runtime's generic `Run` impls are
//! instantiated once per signature.

use crate::check::{self, Checked, CheckedPod, Warning};
use crate::ctxt::Ctxt;
use crate::meta::{Items, Key};
use crate::parse::{
    self, AcceleratorArgs, ContainerArgs, PodArgs, ResourcesArgs, SecretArgs, SharedMemoryArg,
    SpecSrc, Src, StrList, TaskArgs,
};
use crate::sig::{self, Interface, TaskFn};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use serde_json::{Map, Value, json};
use syn::spanned::Spanned;

/// `#[task(...)]`.
pub fn task(attr: TokenStream, item: TokenStream) -> TokenStream {
    let func = match TaskFn::read(&item) {
        Some(f) => f,
        None => {
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
            let value = container_expr(&args);
            let warnings = warnings.iter().map(|w| warning(w, &[]));
            quote!({ #(#warnings)* #value })
        }
    }
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

/// `accelerator!(...)`: an `Accelerator` value usable in a `const`.
pub fn accelerator(input: TokenStream) -> TokenStream {
    let mut cx = Ctxt::default();
    let args = match syn::parse2::<Items>(input) {
        Ok(items) => parse::accelerator_args(&mut cx, Span::call_site(), &items.0),
        Err(e) => return e.to_compile_error(),
    };
    let mut warnings = Vec::new();
    check::accelerator(&mut cx, &args, &mut warnings);
    match cx.finish() {
        Some(e) => error_expr(e),
        None => {
            let value = accelerator_expr(&args);
            let warnings = warnings.iter().map(|w| warning(w, &[]));
            quote!({ #(#warnings)* #value })
        }
    }
}

/// `secrets!(...)`: a `&'static [Secret]` usable in a `const`.
pub fn secrets(input: TokenStream) -> TokenStream {
    let mut cx = Ctxt::default();
    let args = match syn::parse2::<Items>(input) {
        Ok(items) => parse::secrets_args(&mut cx, &items.0),
        Err(e) => return e.to_compile_error(),
    };
    let mut warnings = Vec::new();
    check::secrets(&mut cx, &args, &[], &mut warnings);
    match cx.finish() {
        Some(e) => error_expr(e),
        None => {
            let value = secrets_expr(&args);
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

fn with_errors(item: TokenStream, e: syn::Error) -> TokenStream {
    let errors = e.to_compile_error();
    quote! {
        #item
        #errors
    }
}

// ---- the reusable constants: `resources!`, `container!`, `pod!` ----------------------------
//
// These build the authoring types, once per constant (not per task). The values were checked
// here, so they go through the unchecked constructors; a constant written by hand goes through
// the public `new_const`, which checks it when it is evaluated.

fn pairs_expr(list: &[(Key, syn::LitStr)]) -> TokenStream {
    let pairs = list.iter().map(|(k, v)| {
        let k = syn::LitStr::new(&k.name(), k.span());
        quote!(::podtask::__private::KeyValuePair::new_const(#k, #v))
    });
    quote!(&[#(#pairs),*])
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
        ::podtask::__private::resources_unchecked(REQUESTS, LIMITS)
    })
}

fn container_expr(c: &ContainerArgs) -> TokenStream {
    let image = match &c.image {
        Some(i) => quote!(::core::option::Option::Some(#i)),
        None => quote!(::core::option::Option::None),
    };
    let command = lit_strs(c.command.as_ref());
    let args = lit_strs(c.args.as_ref());
    let env = pairs_expr(&c.env);
    let config = pairs_expr(&c.config);
    let resources = match &c.resources {
        Some(Src::Inline(r)) => resources_expr(r),
        Some(Src::Path(p)) => quote!(#p),
        None => quote!(::podtask::__private::Resources::EMPTY),
    };
    quote!({
        const COMMAND: &[::podtask::__private::Cow<'static, str>] = #command;
        const ARGS: &[::podtask::__private::Cow<'static, str>] = #args;
        const ENV: &[::podtask::__private::KeyValuePair] = #env;
        const CONFIG: &[::podtask::__private::KeyValuePair] = #config;
        ::podtask::__private::container_unchecked(#image, COMMAND, ARGS, #resources, ENV, CONFIG)
    })
}

fn pod_expr(p: &PodArgs, checked: &CheckedPod) -> TokenStream {
    let primary = p
        .primary
        .as_ref()
        .map_or_else(|| DEFAULT_PRIMARY.to_string(), syn::LitStr::value);
    let labels = pairs_expr(&p.labels);
    let annotations = pairs_expr(&p.annotations);
    let spec = match (&p.spec, &checked.spec) {
        (Some(SpecSrc::Function(f)), _) => {
            quote!(::podtask::__private::PodSpecSource::Function(
                &::podtask::__private::SpecFunction::new(#f)
            ))
        }
        (_, Some(spec)) => {
            let json = spec.to_string();
            quote!(::podtask::__private::PodSpecSource::Json(
                ::podtask::__private::Cow::Borrowed(#json)
            ))
        }
        _ => quote!(::podtask::__private::PodSpecSource::None),
    };
    let track = track_file(checked);
    quote!({
        #track
        const LABELS: &[::podtask::__private::KeyValuePair] = #labels;
        const ANNOTATIONS: &[::podtask::__private::KeyValuePair] = #annotations;
        ::podtask::__private::pod_unchecked(#primary, LABELS, ANNOTATIONS, #spec)
    })
}

fn option_str(lit: Option<&syn::LitStr>) -> TokenStream {
    match lit {
        Some(l) => quote!(::core::option::Option::Some(::podtask::__private::Cow::Borrowed(#l))),
        None => quote!(::core::option::Option::None),
    }
}

fn accelerator_expr(a: &AcceleratorArgs) -> TokenStream {
    let device = a
        .device
        .as_ref()
        .map(syn::LitStr::value)
        .unwrap_or_default();
    let partition = match (&a.partition, a.unpartitioned) {
        (Some(p), _) => quote!(::podtask::__private::Partition::Size(
            ::podtask::__private::Cow::Borrowed(#p)
        )),
        (None, Some((_, true))) => quote!(::podtask::__private::Partition::Unpartitioned),
        _ => quote!(::podtask::__private::Partition::Unspecified),
    };
    quote!(::podtask::__private::Accelerator::new_const(#device, #partition))
}

fn secrets_expr(list: &[SecretArgs]) -> TokenStream {
    let secrets = list.iter().map(|s| {
        let group = s.group.as_ref().map(syn::LitStr::value).unwrap_or_default();
        let key = option_str(s.key.as_ref());
        let version = option_str(s.group_version.as_ref());
        let env_var = option_str(s.env_var.as_ref());
        let mount = syn::Ident::new(
            s.mount.as_ref().map_or("Any", |(_, m)| m.variant()),
            Span::call_site(),
        );
        quote!(::podtask::__private::secret_unchecked(
            #group, #key, #version, ::podtask::__private::SecretMount::#mount, #env_var
        ))
    });
    quote!({
        const SECRETS: &[::podtask::__private::Secret] = &[#(#secrets),*];
        SECRETS
    })
}

/// Editing a spec file rebuilds the crate: the compiler tracks the files it includes.
fn track_file(checked: &CheckedPod) -> Option<TokenStream> {
    checked.file.as_ref().map(|f| {
        quote!(
            const _: &[u8] = ::core::include_bytes!(#f);
        )
    })
}

use check::DEFAULT_PRIMARY;

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

// ---- `#[task]` -----------------------------------------------------------------------------

/// What the attribute says, written inline, as the JSON the runtime decodes when the task is
/// used (the contract is `podtask`'s `TaskSpec`, in `def.rs`). Parts given by path are left out:
/// they are referenced from the static.
fn spec_json(func: &TaskFn, args: &TaskArgs, checked: &Checked) -> String {
    let mut spec = Map::new();
    if let Some(Src::Inline(c)) = &args.container {
        spec.insert("container".into(), container_json(c));
    }
    if let Some(Src::Inline(r)) = &args.resources {
        spec.insert("resources".into(), resources_json(r));
    }
    let mut meta = Map::new();
    if checked.retries != 0 {
        meta.insert("retries".into(), checked.retries.into());
    }
    if let Some(t) = checked.timeout_seconds {
        meta.insert("timeoutSeconds".into(), t.into());
    }
    if args.interruptible == Some(true) {
        meta.insert("interruptible".into(), true.into());
    }
    if let Some(c) = &args.cache {
        let version = c
            .version
            .as_ref()
            .map(syn::LitStr::value)
            .unwrap_or_default();
        let ignored: Vec<Value> = c.ignored_inputs.iter().map(|l| l.value().into()).collect();
        meta.insert(
            "cache".into(),
            json!({"version": version, "serialize": c.serialize, "ignoredInputs": ignored}),
        );
    }
    if let Some(d) = &args.deprecated {
        meta.insert("deprecated".into(), d.value().into());
    }
    if let Some(d) = sig::docs(&func.attrs) {
        meta.insert("description".into(), d.into());
    }
    if let Some(n) = &args.pod_template_name {
        meta.insert("podTemplateName".into(), n.value().into());
    }
    if !meta.is_empty() {
        spec.insert("metadata".into(), Value::Object(meta));
    }
    if let Some(Src::Inline(p)) = &args.pod {
        let mut pod = Map::new();
        if let Some(primary) = &p.primary {
            pod.insert("primaryContainerName".into(), primary.value().into());
        }
        if !p.labels.is_empty() {
            pod.insert("labels".into(), pairs_json(&p.labels));
        }
        if !p.annotations.is_empty() {
            pod.insert("annotations".into(), pairs_json(&p.annotations));
        }
        if let Some(s) = &checked.pod.spec {
            pod.insert("podSpec".into(), s.clone());
        }
        spec.insert("pod".into(), Value::Object(pod));
    }
    if let Some(Src::Inline(a)) = &args.accelerator {
        let mut acc = Map::new();
        let device = a
            .device
            .as_ref()
            .map(syn::LitStr::value)
            .unwrap_or_default();
        acc.insert("device".into(), device.into());
        if let Some(p) = &a.partition {
            acc.insert("partitionSize".into(), p.value().into());
        } else if let Some((_, true)) = a.unpartitioned {
            acc.insert("unpartitioned".into(), true.into());
        }
        spec.insert("accelerator".into(), Value::Object(acc));
    }
    match &args.shared_memory {
        Some(SharedMemoryArg::Size(size)) => {
            spec.insert("sharedMemory".into(), json!({"sizeLimit": size.value()}));
        }
        Some(SharedMemoryArg::Unsized) => {
            spec.insert("sharedMemory".into(), json!({}));
        }
        None => {}
    }
    if let Some(Src::Inline(list)) = &args.secrets {
        let secrets = list.iter().map(|s| {
            let mut out = Map::new();
            let group = s.group.as_ref().map(syn::LitStr::value).unwrap_or_default();
            out.insert("group".into(), group.into());
            let mut put = |k: &str, v: Option<&syn::LitStr>| {
                if let Some(v) = v {
                    out.insert(k.into(), v.value().into());
                }
            };
            put("key", s.key.as_ref());
            put("groupVersion", s.group_version.as_ref());
            put("envVar", s.env_var.as_ref());
            if let Some((_, m)) = &s.mount {
                out.insert("mount".into(), m.proto_name().into());
            }
            Value::Object(out)
        });
        spec.insert("secrets".into(), secrets.collect());
    }
    Value::Object(spec).to_string()
}

fn pairs_json(list: &[(Key, syn::LitStr)]) -> Value {
    list.iter()
        .map(|(k, v)| json!({"key": k.name(), "value": v.value()}))
        .collect()
}

fn resources_json(r: &ResourcesArgs) -> Value {
    let entries = |list: &[parse::Entry]| -> Value {
        list.iter()
            .map(|e| json!({"name": e.name.proto_name(), "value": e.value.value()}))
            .collect()
    };
    let mut out = Map::new();
    if !r.requests.is_empty() {
        out.insert("requests".into(), entries(&r.requests));
    }
    if !r.limits.is_empty() {
        out.insert("limits".into(), entries(&r.limits));
    }
    Value::Object(out)
}

fn container_json(c: &ContainerArgs) -> Value {
    let mut out = Map::new();
    if let Some(i) = &c.image {
        out.insert("image".into(), i.value().into());
    }
    let strs =
        |l: &StrList| -> Value { l.items.iter().map(|s| Value::String(s.value())).collect() };
    if let Some(l) = &c.command {
        out.insert("command".into(), strs(l));
    }
    if let Some(l) = &c.args {
        out.insert("args".into(), strs(l));
    }
    if let Some(Src::Inline(r)) = &c.resources {
        out.insert("resources".into(), resources_json(r));
    }
    if !c.env.is_empty() {
        out.insert("env".into(), pairs_json(&c.env));
    }
    if !c.config.is_empty() {
        out.insert("config".into(), pairs_json(&c.config));
    }
    Value::Object(out)
}

/// How the function is called, as `__task!` takes it: `Function (_ _ _) Tuple` for the
/// function-pointer type the compiler infers from the function, and the shape of its result;
/// `Command` for a raw container task, whose container runs a command (its function documents
/// the interface).
fn run_tokens(iface: &Interface, raw: bool) -> TokenStream {
    let holes = (0..iface.inputs.len()).map(|_| quote!(_));
    let shape = match (iface.outputs.len(), iface.tuple) {
        (0, false) => "Unit",
        (_, true) => "Tuple",
        _ => "Single",
    };
    let shape = syn::Ident::new(
        &if iface.fallible {
            format!("Fallible{shape}")
        } else {
            shape.to_owned()
        },
        Span::call_site(),
    );
    let function = match (raw, iface.is_async) {
        (true, _) => quote!(Command),
        (false, true) => quote!(AsyncFunction),
        (false, false) => quote!(Function),
    };
    quote!(#function (#(#holes)*) #shape)
}

/// The file, line and column of `span`, as `file!()`, `line!()` and `column!()` would give them
/// there: literals, read from the compiler (those calls where it cannot say, as in unit tests).
fn location(span: Span) -> TokenStream {
    if proc_macro::is_available() {
        let s = span.unwrap();
        let file = s.file();
        let line = u32::try_from(s.line()).unwrap_or(0);
        let column = u32::try_from(s.column()).unwrap_or(0);
        quote!(#file, #line, #column)
    } else {
        quote_spanned!(span=> ::core::file!(), ::core::line!(), ::core::column!())
    }
}

/// The inputs or outputs as `__task!` takes them: each its name and its type (whose codec is
/// where a type with no Flyte type is reported, once, on the type).
fn params<'a>(names: &[String], types: impl Iterator<Item = &'a syn::Type>) -> TokenStream {
    let params = names.iter().zip(types).map(|(name, ty)| quote!(#name #ty));
    quote!([#(#params),*])
}

/// What few tasks have, as `__task!` takes it: `[]`, or `[Extras { .. }]` with the name given
/// and the parts given by path.
fn extras(args: &TaskArgs) -> TokenStream {
    let mut fields = Vec::new();
    if let Some(n) = &args.name {
        fields.push(quote!(name: ::core::option::Option::Some(#n)));
    }
    if let Some(Src::Path(p)) = &args.container {
        fields.push(quote!(container: ::core::option::Option::Some(&#p)));
    }
    // A container's own resources given by path come in as the task's resources: the macro
    // refuses resources given in both places.
    let resources = match (&args.resources, &args.container) {
        (Some(Src::Path(p)), _) => Some(p),
        (
            _,
            Some(Src::Inline(ContainerArgs {
                resources: Some(Src::Path(p)),
                ..
            })),
        ) => Some(p),
        _ => None,
    };
    if let Some(p) = resources {
        fields.push(quote!(resources: ::core::option::Option::Some(&#p)));
    }
    match &args.pod {
        Some(Src::Path(p)) => fields.push(quote!(pod: ::core::option::Option::Some(&#p))),
        Some(Src::Inline(PodArgs {
            spec: Some(SpecSrc::Function(f)),
            ..
        })) => fields.push(quote!(pod_spec: ::core::option::Option::Some(
            &::podtask::__private::SpecFunction::new(#f)
        ))),
        _ => {}
    }
    if let Some(Src::Path(p)) = &args.accelerator {
        fields.push(quote!(accelerator: ::core::option::Option::Some(&#p)));
    }
    if let Some(Src::Path(p)) = &args.secrets {
        fields.push(quote!(secrets: ::core::option::Option::Some(#p)));
    }
    if fields.is_empty() {
        return quote!([]);
    }
    quote!([::podtask::__private::Extras {
        #(#fields,)*
        ..::podtask::__private::Extras::NONE
    }])
}

fn task_def(func: &TaskFn, args: &TaskArgs, iface: &Interface, checked: &Checked) -> TokenStream {
    let ident = &func.sig.ident;
    let fn_name = ident.to_string();
    let lints = sig::lint_attrs(&func.attrs);
    let spec = spec_json(func, args, checked);
    let raw = matches!(&args.container, Some(Src::Inline(c)) if c.command.is_some());
    let input_names: Vec<String> = iface.input_names().collect();
    let inputs = params(&input_names, iface.inputs.iter().map(|i| &i.ty));
    let output_names: Vec<String> = (0..iface.outputs.len()).map(|i| format!("o{i}")).collect();
    let outputs = params(&output_names, iface.outputs.iter());
    let run = run_tokens(iface, raw);
    let at = location(sig::fn_span(&func.sig));
    let extras = extras(args);
    // A container given by path must not carry a command: such a task runs its function. The
    // static holds the reference, so the compiler checks the container through it, at the path.
    let path_check = match &args.container {
        Some(Src::Path(p)) => Some(quote_spanned! {p.span()=>
            const _: () = ::podtask::__private::check_function_task(&TASK);
        }),
        _ => None,
    };
    let warnings = checked.warnings.iter().map(|w| warning(w, &lints));
    let track = track_file(&checked.pod);

    quote! {
        #(#warnings)*
        #(#lints)*
        const _: () = {
            #track
            ::podtask::__private::task! {
                fn #ident #fn_name;
                run #run;
                at #at;
                spec #spec;
                extras #extras;
                in #inputs;
                out #outputs;
            }
            #path_check
        };
    }
}

#[cfg(test)]
#[path = "expand_tests.rs"]
mod tests;
