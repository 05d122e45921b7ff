//! The attribute grammar as a tree, before any key is interpreted.
//!
//! ```text
//! items := item ("," item)* ","?
//! item  := key ( "=" value | "(" items ")" )?
//! key   := identifier | "string literal"
//! value := literal | "-" number | path | "[" literal,* "]" | "{" tokens "}"
//! ```
//!
//! Only the token structure is checked here; which keys exist and what they mean is decided in
//! `parse`, where every problem is recorded instead of ending the parse.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, Lit, LitStr, Path, Token, bracketed, parenthesized};

/// A key: an identifier (`cpu`) or a string (`"app.kubernetes.io/name"`).
#[derive(Clone)]
pub enum Key {
    Ident(Ident),
    Str(LitStr),
}

impl ToTokens for Key {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Key::Ident(i) => i.to_tokens(tokens),
            Key::Str(s) => s.to_tokens(tokens),
        }
    }
}

impl Key {
    pub fn name(&self) -> String {
        match self {
            Key::Ident(i) => i.unraw().to_string(),
            Key::Str(s) => s.value(),
        }
    }

    pub fn span(&self) -> Span {
        match self {
            Key::Ident(i) => i.span(),
            Key::Str(s) => s.span(),
        }
    }
}

/// A literal, with the `-` sign when one was written before a number.
#[derive(Clone)]
pub struct SignedLit {
    pub minus: Option<Token![-]>,
    pub lit: Lit,
}

impl ToTokens for SignedLit {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.minus.to_tokens(tokens);
        self.lit.to_tokens(tokens);
    }
}

#[derive(Clone)]
pub enum Value {
    /// The key alone: `interruptible`.
    Flag,
    /// `key = literal`.
    Lit(SignedLit),
    /// `key = path::TO::CONST`.
    Path(Path),
    /// `key = ["a", "b"]`.
    Array(Span, Vec<SignedLit>),
    /// `key(items)`.
    List(Span, Vec<Item>),
    /// `key = { tokens }`: the content of the braces.
    Braced(Span, TokenStream),
}

#[derive(Clone)]
pub struct Item {
    pub key: Key,
    pub value: Value,
}

impl Item {
    /// The tokens of the value (the key for a bare flag), for errors about the value: an error
    /// spanned on tokens covers all of them, from the first to the last.
    pub fn value_tokens(&self) -> TokenStream {
        match &self.value {
            Value::Flag => self.key.to_token_stream(),
            Value::Lit(l) => l.to_token_stream(),
            Value::Path(p) => p.to_token_stream(),
            Value::Array(s, _) | Value::List(s, _) | Value::Braced(s, _) => {
                proc_macro2::Ident::new("value", *s).to_token_stream()
            }
        }
    }

    /// What kind of value this is, for "expected ..., found ..." messages.
    pub fn found(&self) -> &'static str {
        match &self.value {
            Value::Flag => "a bare key",
            Value::Lit(l) => match l.lit {
                Lit::Str(_) => "a string",
                Lit::Int(_) => "an integer",
                Lit::Bool(_) => "a boolean",
                Lit::Float(_) => "a float",
                _ => "a literal",
            },
            Value::Path(_) => "a path",
            Value::Array(..) => "a list `[...]`",
            Value::List(..) => "a parenthesised list `(...)`",
            Value::Braced(..) => "a braced block `{...}`",
        }
    }
}

/// The items of an attribute or a function-like macro call.
pub struct Items(pub Vec<Item>);

impl Parse for Items {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        parse_items(input).map(Items)
    }
}

fn parse_items(input: ParseStream) -> syn::Result<Vec<Item>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        items.push(parse_item(input)?);
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(items)
}

fn parse_item(input: ParseStream) -> syn::Result<Item> {
    let key = if input.peek(LitStr) {
        Key::Str(input.parse()?)
    } else if input.peek(Ident::peek_any) {
        Key::Ident(input.call(Ident::parse_any)?)
    } else {
        return Err(input.error("expected a key: an identifier or a string literal"));
    };
    let value = if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        parse_value(input)?
    } else if input.peek(syn::token::Paren) {
        let content;
        let paren = parenthesized!(content in input);
        Value::List(paren.span.join(), parse_items(&content)?)
    } else {
        Value::Flag
    };
    Ok(Item { key, value })
}

fn parse_value(input: ParseStream) -> syn::Result<Value> {
    if input.peek(syn::token::Bracket) {
        let content;
        let bracket = bracketed!(content in input);
        let mut lits = Vec::new();
        while !content.is_empty() {
            lits.push(parse_signed_lit(&content)?);
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        Ok(Value::Array(bracket.span.join(), lits))
    } else if input.peek(syn::token::Brace) {
        let content;
        let brace = syn::braced!(content in input);
        Ok(Value::Braced(brace.span.join(), content.parse()?))
    } else if input.peek(Lit) || input.peek(Token![-]) {
        Ok(Value::Lit(parse_signed_lit(input)?))
    } else if input.peek(Ident::peek_any) || input.peek(Token![::]) {
        Ok(Value::Path(input.call(Path::parse_mod_style)?))
    } else {
        Err(input.error("expected a literal, a path to a constant, `[...]` or `{...}`"))
    }
}

fn parse_signed_lit(input: ParseStream) -> syn::Result<SignedLit> {
    let minus = input.parse::<Option<Token![-]>>()?;
    let lit: Lit = input.parse()?;
    if minus.is_some() && !matches!(lit, Lit::Int(_) | Lit::Float(_)) {
        return Err(syn::Error::new(lit.span(), "only a number can follow `-`"));
    }
    Ok(SignedLit { minus, lit })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(tokens: TokenStream) -> Vec<Item> {
        syn::parse2::<Items>(tokens).unwrap().0
    }

    #[test]
    fn parses_every_value_form() {
        let items = parse(quote::quote!(
            a, b = "x", c = -3, d = crate::X, e = ["p", "q"], f(g = 1, "h.i" = "j"), k = { "x": 1 },
        ));
        let kinds: Vec<_> = items.iter().map(|i| (i.key.name(), i.found())).collect();
        assert_eq!(
            kinds,
            [
                ("a".to_string(), "a bare key"),
                ("b".into(), "a string"),
                ("c".into(), "an integer"),
                ("d".into(), "a path"),
                ("e".into(), "a list `[...]`"),
                ("f".into(), "a parenthesised list `(...)`"),
                ("k".into(), "a braced block `{...}`"),
            ]
        );
        let Value::List(_, inner) = &items[5].value else {
            panic!("f is a list")
        };
        assert!(matches!(inner[1].key, Key::Str(_)));
        assert_eq!(inner[1].key.name(), "h.i");
    }

    #[test]
    fn raw_identifiers_lose_their_prefix() {
        let items = parse(quote::quote!(r#type = "x"));
        assert_eq!(items[0].key.name(), "type");
    }

    #[test]
    fn malformed_tokens_are_an_error() {
        assert!(syn::parse2::<Items>(quote::quote!(a = )).is_err());
        assert!(syn::parse2::<Items>(quote::quote!(a b)).is_err());
        assert!(syn::parse2::<Items>(quote::quote!(a = -"x")).is_err());
    }
}
