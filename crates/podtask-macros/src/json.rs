//! JSON written as Rust tokens: the inline pod spec of `#[task(pod(spec = { ... }))]`.
//!
//! The grammar is JSON's, read from token trees:
//!
//! - objects `{ "key": value, ... }`; a key is a string literal, or a bare identifier
//!   (`{ containers: [...] }`) since every Kubernetes field name is one; keys with `.` or `/`
//!   (`"kubernetes.io/hostname"`) need quotes, as in JSON;
//! - arrays `[ value, ... ]`;
//! - string literals (raw strings too), integer and float literals without a suffix, with an
//!   optional leading `-`, and `true`, `false`, `null`;
//! - a comma after the last member or element is allowed.
//!
//! Every node keeps its span (and an object member the span of its key), so an error found later
//! at a [`Segment`] path — an unknown field, a bad quantity — points at the token. Syntax errors
//! are all collected: after a bad member or element, reading goes on at the next comma.

use std::collections::BTreeMap;
use std::fmt::Display;

use podtask_podspec::Segment;
use proc_macro2::{Delimiter, Punct, Spacing, Span, TokenStream, TokenTree};
use serde_json::{Map, Number, Value};

/// The spans of one node of the value.
#[derive(Debug, Clone, Copy)]
struct NodeSpans {
    /// The first token of the value.
    first: Span,
    /// The last token of the value (the same as `first` for a single token or a group).
    last: Span,
    /// The key token, for a member of an object.
    key: Option<Span>,
}

/// A JSON value read from tokens, with the spans of all its nodes.
#[derive(Debug)]
pub struct Spanned {
    /// The value.
    pub value: Value,
    spans: BTreeMap<Vec<Segment>, NodeSpans>,
}

impl Spanned {
    /// The longest prefix of `path` that names a node of the value: the node an error at `path`
    /// should point at when `path` itself is absent (a missing required field).
    pub fn existing<'p>(&self, path: &'p [Segment]) -> &'p [Segment] {
        let mut n = path.len();
        while n > 0 && !self.spans.contains_key(&path[..n]) {
            n -= 1;
        }
        &path[..n]
    }

    fn node(&self, path: &[Segment]) -> NodeSpans {
        let existing = self.existing(path);
        self.spans.get(existing).copied().unwrap_or(NodeSpans {
            first: Span::call_site(),
            last: Span::call_site(),
            key: None,
        })
    }

    /// The span of the first token of the deepest node on `path`.
    pub fn span_of(&self, path: &[Segment]) -> Span {
        self.node(path).first
    }

    /// An error at the node at `path` (or its deepest existing ancestor), covering all its
    /// tokens; at its key when `on_key` is set and the member exists.
    pub fn error(&self, path: &[Segment], on_key: bool, message: impl Display) -> syn::Error {
        let node = self.node(path);
        let exists = self.existing(path).len() == path.len();
        match node.key {
            Some(key) if on_key && exists => syn::Error::new(key, message),
            _ => syn::Error::new_spanned(span_pair(node.first, node.last), message),
        }
    }
}

/// Two tokens carrying `first` and `last`, so that `syn::Error::new_spanned` covers the range
/// between them.
fn span_pair(first: Span, last: Span) -> TokenStream {
    let mut a = Punct::new('.', Spacing::Alone);
    a.set_span(first);
    let mut b = Punct::new('.', Spacing::Alone);
    b.set_span(last);
    [TokenTree::from(a), TokenTree::from(b)]
        .into_iter()
        .collect()
}

/// Reads the content of an object's braces — `"containers": [ ... ], "nodeSelector": { ... }` —
/// as a JSON object.
///
/// ```text
/// let spanned = json::parse(group.stream())?;
/// let checked = podtask_podspec::read_and_check(&spanned.value, None, version);
/// // each error of checked.errors: spanned.error(error.path.segments(), error.on_key, &error)
/// ```
pub fn parse(content: TokenStream) -> syn::Result<Spanned> {
    let tokens: Vec<TokenTree> = content.into_iter().collect();
    let (first, last) = match (tokens.first(), tokens.last()) {
        (Some(f), Some(l)) => (f.span(), l.span()),
        _ => (Span::call_site(), Span::call_site()),
    };
    let mut reader = Reader::default();
    let value = Value::Object(reader.members(tokens, &[]));
    reader.finish(
        value,
        NodeSpans {
            first,
            last,
            key: None,
        },
    )
}

/// Reads one whole JSON value: `{ ... }`, `[ ... ]`, a literal, `true`, `false` or `null`.
#[cfg(test)]
pub fn parse_value(tokens: TokenStream) -> syn::Result<Spanned> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut reader = Reader::default();
    let Some(first) = tokens.first().map(TokenTree::span) else {
        return Err(syn::Error::new(Span::call_site(), "expected a JSON value"));
    };
    let mut at = 0;
    let value = reader.value(&tokens, &mut at, &[]);
    if let Some(extra) = tokens.get(at) {
        reader.fail(extra.span(), "expected the end of the value");
    }
    let last = tokens[at.saturating_sub(1).min(tokens.len() - 1)].span();
    let value = value.unwrap_or(Value::Null);
    reader.finish(
        value,
        NodeSpans {
            first,
            last,
            key: None,
        },
    )
}

/// The state of one reading: the spans found and the errors met.
#[derive(Default)]
struct Reader {
    spans: BTreeMap<Vec<Segment>, NodeSpans>,
    errors: Option<syn::Error>,
}

impl Reader {
    fn fail(&mut self, span: Span, message: impl Display) {
        let e = syn::Error::new(span, message);
        match &mut self.errors {
            Some(all) => all.combine(e),
            None => self.errors = Some(e),
        }
    }

    fn finish(mut self, value: Value, root: NodeSpans) -> syn::Result<Spanned> {
        self.spans.insert(Vec::new(), root);
        match self.errors {
            Some(e) => Err(e),
            None => Ok(Spanned {
                value,
                spans: self.spans,
            }),
        }
    }

    /// Skips to just past the next comma, after an error in a member or element.
    fn recover(tokens: &[TokenTree], at: &mut usize) {
        while let Some(t) = tokens.get(*at) {
            *at += 1;
            if is_punct(t, ',') {
                break;
            }
        }
    }

    /// After a member or element: a comma, or the end.
    fn separator(&mut self, tokens: &[TokenTree], at: &mut usize, what: &str) -> bool {
        match tokens.get(*at) {
            None => true,
            Some(t) if is_punct(t, ',') => {
                *at += 1;
                true
            }
            Some(t) => {
                self.fail(t.span(), format!("expected `,` or the end of the {what}"));
                Self::recover(tokens, at);
                false
            }
        }
    }

    fn members(&mut self, tokens: Vec<TokenTree>, path: &[Segment]) -> Map<String, Value> {
        let mut map = Map::new();
        let mut at = 0;
        while at < tokens.len() {
            let key_token = &tokens[at];
            let Some(key) = self.key(key_token) else {
                Self::recover(&tokens, &mut at);
                continue;
            };
            at += 1;
            if !tokens.get(at).is_some_and(|t| is_punct(t, ':')) {
                let span = tokens.get(at).map_or(key_token.span(), TokenTree::span);
                self.fail(span, format!("expected `:` after the key {key:?}"));
                Self::recover(&tokens, &mut at);
                continue;
            }
            at += 1;
            let mut child = path.to_vec();
            child.push(Segment::Key(key.clone()));
            let value = self.value(&tokens, &mut at, &child);
            if let Some(node) = self.spans.get_mut(&child) {
                node.key = Some(key_token.span());
            }
            match value {
                Some(_) if map.contains_key(&key) => {
                    self.fail(key_token.span(), format!("duplicate key {key:?}"));
                }
                Some(value) => {
                    map.insert(key, value);
                }
                None => {
                    Self::recover(&tokens, &mut at);
                    continue;
                }
            }
            self.separator(&tokens, &mut at, "object");
        }
        map
    }

    fn key(&mut self, token: &TokenTree) -> Option<String> {
        match token {
            TokenTree::Literal(lit) => match syn::Lit::new(lit.clone()) {
                syn::Lit::Str(s) => Some(s.value()),
                _ => {
                    self.fail(
                        token.span(),
                        "expected a key: a string literal such as \"containers\"",
                    );
                    None
                }
            },
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                Some(name.strip_prefix("r#").map_or(name.clone(), str::to_owned))
            }
            _ => {
                self.fail(
                    token.span(),
                    "expected a key: a string literal such as \"containers\"",
                );
                None
            }
        }
    }

    fn elements(&mut self, tokens: Vec<TokenTree>, path: &[Segment]) -> Vec<Value> {
        let mut items = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            let mut child = path.to_vec();
            child.push(Segment::Index(items.len()));
            match self.value(&tokens, &mut at, &child) {
                Some(v) => items.push(v),
                None => {
                    Self::recover(&tokens, &mut at);
                    continue;
                }
            }
            self.separator(&tokens, &mut at, "array");
        }
        items
    }

    /// Reads the value starting at `tokens[*at]` and records its spans at `path`.
    fn value(&mut self, tokens: &[TokenTree], at: &mut usize, path: &[Segment]) -> Option<Value> {
        let token = match tokens.get(*at) {
            // Leave the comma to the caller's recovery.
            Some(t) if is_punct(t, ',') => {
                self.fail(t.span(), "expected a value before `,`");
                return None;
            }
            Some(t) => t,
            None => {
                let span = tokens.last().map_or(Span::call_site(), TokenTree::span);
                self.fail(span, "expected a value");
                return None;
            }
        };
        *at += 1;
        let first = token.span();
        let mut last = first;
        let value = match token {
            TokenTree::Group(g) => match g.delimiter() {
                Delimiter::Brace => Some(Value::Object(
                    self.members(g.stream().into_iter().collect(), path),
                )),
                Delimiter::Bracket => Some(Value::Array(
                    self.elements(g.stream().into_iter().collect(), path),
                )),
                Delimiter::None => {
                    // A value passed through a `macro_rules!` fragment arrives wrapped.
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    let mut i = 0;
                    let v = self.value(&inner, &mut i, path);
                    if let Some(extra) = inner.get(i) {
                        self.fail(extra.span(), "expected one value");
                    }
                    return v;
                }
                Delimiter::Parenthesis => {
                    self.fail(first, "parentheses are not JSON: use `[ ... ]` for an array or `{ ... }` for an object");
                    None
                }
            },
            TokenTree::Literal(lit) => self.literal(lit, false),
            TokenTree::Punct(p) if p.as_char() == '-' => match tokens.get(*at) {
                Some(TokenTree::Literal(lit)) => {
                    *at += 1;
                    last = lit.span();
                    self.literal(lit, true)
                }
                _ => {
                    self.fail(first, "expected a number after `-`");
                    None
                }
            },
            TokenTree::Ident(ident) => match ident.to_string().as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                "null" => Some(Value::Null),
                other => {
                    self.fail(
                        first,
                        format!(
                            "expected a JSON value; a string is written in quotes: \"{other}\""
                        ),
                    );
                    None
                }
            },
            TokenTree::Punct(_) => {
                self.fail(first, "expected a JSON value: a string, a number, true, false, null, `[ ... ]` or `{ ... }`");
                None
            }
        };
        if value.is_some() {
            self.spans.insert(
                path.to_vec(),
                NodeSpans {
                    first,
                    last,
                    key: None,
                },
            );
        }
        value
    }

    fn literal(&mut self, lit: &proc_macro2::Literal, negative: bool) -> Option<Value> {
        let span = lit.span();
        match syn::Lit::new(lit.clone()) {
            syn::Lit::Str(s) if !negative => {
                if !s.suffix().is_empty() {
                    self.fail(span, "a string has no suffix");
                    return None;
                }
                Some(Value::String(s.value()))
            }
            syn::Lit::Int(i) => {
                if !i.suffix().is_empty() {
                    self.fail(
                        span,
                        format!("a JSON number has no suffix: write `{}`", i.base10_digits()),
                    );
                    return None;
                }
                let number = i.base10_parse::<u64>().ok().and_then(|n| {
                    if negative {
                        negate(n)
                    } else {
                        Some(Number::from(n))
                    }
                });
                if number.is_none() {
                    self.fail(span, "the number is out of the range of a 64-bit integer");
                }
                number.map(Value::Number)
            }
            syn::Lit::Float(f) => {
                if !f.suffix().is_empty() {
                    self.fail(
                        span,
                        format!("a JSON number has no suffix: write `{}`", f.base10_digits()),
                    );
                    return None;
                }
                let n = f
                    .base10_parse::<f64>()
                    .ok()
                    .map(|x| if negative { -x } else { x });
                match n.and_then(Number::from_f64) {
                    Some(n) => Some(Value::Number(n)),
                    None => {
                        self.fail(span, "the number is out of the range of a 64-bit float");
                        None
                    }
                }
            }
            _ if negative => {
                self.fail(span, "expected a number after `-`");
                None
            }
            _ => {
                self.fail(
                    span,
                    "expected a JSON value: a string literal such as \"main\", or a number",
                );
                None
            }
        }
    }
}

/// `-n` as a JSON number, when it fits in an `i64`.
fn negate(n: u64) -> Option<Number> {
    let v = -i128::from(n);
    i64::try_from(v).ok().map(Number::from)
}

fn is_punct(t: &TokenTree, c: char) -> bool {
    matches!(t, TokenTree::Punct(p) if p.as_char() == c)
}

#[cfg(test)]
mod tests {
    use quote::quote;
    use serde_json::json;

    use super::*;

    fn key(k: &str) -> Segment {
        Segment::Key(k.to_owned())
    }

    fn messages(e: syn::Error) -> Vec<String> {
        e.into_iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn reads_objects_arrays_and_scalars() {
        let s = parse(quote! {
            "containers": [
                { "name": "main", "ports": [{ "containerPort": 8080 }], },
                { name: "sidecar", image: "busybox", command: ["sh", "-c", r"sleep 3600"] },
            ],
            "nodeSelector": { "kubernetes.io/hostname": "my-node" },
            "hostNetwork": false,
            "priority": -10,
            "activeDeadlineSeconds": 3600,
            "x": 1.5e3,
            "y": -0.25,
            "z": null,
            "t": true,
        })
        .unwrap();
        assert_eq!(
            s.value,
            json!({
                "containers": [
                    {"name": "main", "ports": [{"containerPort": 8080}]},
                    {"name": "sidecar", "image": "busybox", "command": ["sh", "-c", "sleep 3600"]}
                ],
                "nodeSelector": {"kubernetes.io/hostname": "my-node"},
                "hostNetwork": false,
                "priority": -10,
                "activeDeadlineSeconds": 3600,
                "x": 1500.0,
                "y": -0.25,
                "z": null,
                "t": true
            })
        );
    }

    #[test]
    fn empty_content_is_an_empty_object() {
        assert_eq!(parse(quote! {}).unwrap().value, json!({}));
        assert_eq!(parse_value(quote! { [] }).unwrap().value, json!([]));
        assert_eq!(
            parse_value(quote! { { a: {} } }).unwrap().value,
            json!({"a": {}})
        );
    }

    #[test]
    fn integers_at_the_edges() {
        let s =
            parse_value(quote! { [18446744073709551615, -9223372036854775808, 0x10, -0] }).unwrap();
        assert_eq!(s.value, json!([u64::MAX, i64::MIN, 16, 0]));
        let e = parse_value(quote! { [-9223372036854775809] }).unwrap_err();
        assert_eq!(
            messages(e),
            ["the number is out of the range of a 64-bit integer"]
        );
    }

    #[test]
    fn paths_resolve_to_the_deepest_node() {
        let s = parse(quote! {
            "containers": [{ "name": "main", "resoures": { "cpu": "1" } }],
        })
        .unwrap();
        let unknown = [key("containers"), Segment::Index(0), key("resoures")];
        assert_eq!(s.existing(&unknown), &unknown[..]);
        let missing = [key("containers"), Segment::Index(0), key("image")];
        assert_eq!(s.existing(&missing), &missing[..2]);
        let beyond = [key("containers"), Segment::Index(3), key("name")];
        assert_eq!(s.existing(&beyond), &beyond[..1]);
        assert_eq!(s.existing(&[key("nope")]), &[] as &[Segment]);
        // Spans are there for every node, and errors can be built at any path.
        let _ = s.span_of(&unknown);
        let e = s.error(&missing, false, "containers[0].image: Required value");
        assert_eq!(e.to_string(), "containers[0].image: Required value");
        let e = s.error(&unknown, true, "unknown field");
        assert_eq!(e.to_string(), "unknown field");
    }

    #[test]
    fn syntax_errors_are_all_reported() {
        let e = parse(quote! {
            "a": 1,
            "b" 2,
            3: "x",
            "c": nope,
            "d": (1, 2),
            "e": 1u32,
            "a": 2,
            "f": [1 2, 3],
            "g": -"x",
        })
        .unwrap_err();
        assert_eq!(
            messages(e),
            [
                "expected `:` after the key \"b\"",
                "expected a key: a string literal such as \"containers\"",
                "expected a JSON value; a string is written in quotes: \"nope\"",
                "parentheses are not JSON: use `[ ... ]` for an array or `{ ... }` for an object",
                "a JSON number has no suffix: write `1`",
                "duplicate key \"a\"",
                "expected `,` or the end of the array",
                "expected a number after `-`",
            ]
        );
    }

    #[test]
    fn a_missing_comma_between_members() {
        let e = parse(quote! { "a": 1 "b": 2 }).unwrap_err();
        assert_eq!(messages(e), ["expected `,` or the end of the object"]);
    }

    #[test]
    fn a_missing_value() {
        let e = parse(quote! { "a": }).unwrap_err();
        assert_eq!(messages(e), ["expected a value"]);
        let e = parse(quote! { "a": , "b": x, "c": 1 }).unwrap_err();
        assert_eq!(
            messages(e),
            [
                "expected a value before `,`",
                "expected a JSON value; a string is written in quotes: \"x\"",
            ]
        );
        let e = parse_value(quote! { [1, , 2] }).unwrap_err();
        assert_eq!(messages(e), ["expected a value before `,`"]);
        let e = parse_value(quote! {}).unwrap_err();
        assert_eq!(messages(e), ["expected a JSON value"]);
        let e = parse_value(quote! { 1 2 }).unwrap_err();
        assert_eq!(messages(e), ["expected the end of the value"]);
    }

    #[test]
    fn values_wrapped_by_macro_rules_are_read() {
        let inner = TokenStream::from(TokenTree::Group(proc_macro2::Group::new(
            Delimiter::None,
            quote! { "busybox" },
        )));
        let s = parse(quote! { "image": #inner }).unwrap();
        assert_eq!(s.value, json!({"image": "busybox"}));
    }

    #[test]
    fn keys_may_be_identifiers_even_keywords() {
        let s = parse(quote! { type: "RuntimeDefault", r#type: "x2" }).unwrap_err();
        assert_eq!(messages(s), ["duplicate key \"type\""]);
        let s = parse(quote! { seccompProfile: { type: "RuntimeDefault" } }).unwrap();
        assert_eq!(
            s.value,
            json!({"seccompProfile": {"type": "RuntimeDefault"}})
        );
    }

    #[test]
    fn read_then_checked_end_to_end() {
        let s = parse(quote! {
            "containers": [{ "name": "main", "resoures": {} }],
            "nodeSelecter": { "disk": "ssd" },
        })
        .unwrap();
        let errors =
            podtask_podspec::read_spec(&s.value, podtask_podspec::KubernetesVersion::V1_33)
                .unwrap_err();
        let built: Vec<String> = errors
            .iter()
            .map(|e| s.error(e.path.segments(), e.on_key, e).to_string())
            .collect();
        assert_eq!(
            built,
            [
                "containers[0].resoures: unknown field `resoures` in Container; did you mean `resources`?",
                "nodeSelecter: unknown field `nodeSelecter` in PodSpec; did you mean `nodeSelector`?",
            ]
        );
    }
}
