//! Properties of `Quantity` on inputs generated from Kubernetes' grammar: the canonical form
//! parses back to the same value, printing is stable, and the order agrees with
//! `milli_value`.

use podtask_rules::Quantity;
use proptest::prelude::*;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Exponents that matter: small ones, the edges of int32 (where Go wraps) and of int64.
fn exponent() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => -30i64..40,
        1 => -400i64..400,
        1 => prop::sample::select(vec![
            2147483647i64, 2147483646, 2147483645, -2147483648, -2147483649, 2147483648,
            4294967296, 4294967295, 4294967294, 6442450943, -4294967297,
            i64::MAX, i64::MIN, 13227961, -13227961,
        ]),
        1 => any::<i64>(),
    ]
}

fn suffix() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
    ])
    .prop_map(str::to_string);
    let exp = (
        prop::sample::select(vec!["e", "E"]),
        exponent(),
        any::<bool>(),
    )
        .prop_map(|(e, x, plus)| {
            if plus && x >= 0 {
                format!("{e}+{x}")
            } else {
                format!("{e}{x}")
            }
        });
    prop_oneof![2 => fixed, 1 => exp]
}

/// A string from the grammar `[+-]?[0-9]*(\.[0-9]*)?<suffix>`.
fn quantity_text() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "+", "-"]),
        "0{0,3}[0-9]{0,25}",
        prop::option::of("[0-9]{0,30}"),
        suffix(),
    )
        .prop_map(|(sign, int, frac, suffix)| match frac {
            Some(f) => format!("{sign}{int}.{f}{suffix}"),
            None => format!("{sign}{int}{suffix}"),
        })
}

fn hash_of(q: &Quantity) -> u64 {
    let mut h = DefaultHasher::new();
    q.hash(&mut h);
    h.finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn canonical_form_parses_back_to_the_same_value(text in quantity_text()) {
        // Some generated inputs are rejected (suffix errors, inputs Go never finishes).
        if let Ok(q) = Quantity::parse(&text) {
            let shown = q.to_string();
            let back = Quantity::parse(&shown);
            if back.as_ref() != Ok(&q) {
                // Only Kubernetes' own unreadable exponent forms may fail to read back: an
                // exponent at the int32 edge, or a value too fine or too large to evaluate.
                let x: i64 = shown.rsplit_once('e').and_then(|(_, x)| x.parse().ok()).unwrap_or(0);
                prop_assert!(
                    x.abs() >= podtask_rules::quantity::MAX_RESCALE_DIGITS - 40,
                    "{text:?} printed {shown:?}, which reads back as {back:?}"
                );
                return Ok(());
            }
            let back = back.unwrap();
            prop_assert_eq!(&back, &q, "{:?} printed {:?}", text, shown);
            prop_assert_eq!(hash_of(&back), hash_of(&q));
            // Printing is stable: the canonical form is its own canonical form.
            prop_assert_eq!(back.to_string(), shown);
        }
    }

    #[test]
    fn order_agrees_with_milli_value(a in quantity_text(), b in quantity_text()) {
        let (Ok(qa), Ok(qb)) = (Quantity::parse(&a), Quantity::parse(&b)) else {
            return Ok(());
        };
        let (Some(ma), Some(mb)) = (qa.milli_value(), qb.milli_value()) else {
            return Ok(());
        };
        // Only values that are whole thousandths: then milli_value is exact.
        let exact = |q: &Quantity, m: i64| Quantity::parse(&format!("{m}m")).ok().as_ref() == Some(q);
        if exact(&qa, ma) && exact(&qb, mb) {
            prop_assert_eq!(qa.cmp(&qb), ma.cmp(&mb), "{:?} vs {:?}", a, b);
        }
    }

    #[test]
    fn small_integers_compare_as_integers(x in -10_000_000i64..10_000_000, y in -10_000_000i64..10_000_000) {
        // Written in different formats, the values still compare as the integers.
        let qx = Quantity::parse(&format!("{x}000m")).unwrap();
        let qy = Quantity::parse(&format!("{}e-3", y * 1000)).unwrap();
        prop_assert_eq!(qx.cmp(&qy), x.cmp(&y));
        prop_assert_eq!(qx.value(), Some(x));
        prop_assert_eq!(qy.milli_value(), Some(y * 1000));
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,40}") {
        let _ = Quantity::parse(&text).map(|q| q.to_string());
    }
}
