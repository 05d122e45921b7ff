//! Examples in the style of Kubernetes' own quantity_test.go, the error messages and their
//! ranges, the integer accessors, and the agreement of `Hash` with `Eq`.

use super::*;
use std::collections::hash_map::DefaultHasher;

fn q(s: &str) -> Quantity {
    Quantity::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn canon(s: &str) -> String {
    q(s).to_string()
}

fn hash_of(x: &Quantity) -> u64 {
    let mut h = DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

#[test]
fn canonical_forms_from_the_spec() {
    let cases = [
        ("0", "0"),
        ("-0", "0"),
        ("0.1", "100m"),
        ("1.5", "1500m"),
        ("1000m", "1"),
        ("0.0001m", "100n"),
        ("1.5k", "1500"),
        ("0.0012M", "1200"),
        ("1e-10", "1e-9"),
        ("1.5Gi", "1536Mi"),
        ("1024Ki", "1Mi"),
        ("1100Ki", "1100Ki"),
        ("0.5Ki", "512"),
        ("1.1Ki", "1126400m"),
        ("8Ei", "9223372036854775807"),
        ("-1000Ei", "-9223372036854775807"),
        ("1e4", "10e3"),
        ("0.1e0", "100e-3"),
        ("1e-1", "100e-3"),
        ("1.5e3", "1500"),
        ("12e2", "1200"),
        ("1E18", "1e18"),
        ("1e19", "10e18"),
        ("0.1n", "1n"),
        ("-0.5n", "-1n"),
        ("3.001n", "4n"),
        ("+5", "5"),
        ("05", "5"),
        ("1.500", "1500m"),
        ("1.G", "1G"),
        ("2.500k", "2500"),
        ("+1Ki", "1Ki"),
        ("017Ki", "17Ki"),
        ("1e3", "1e3"),
        ("1e4294967296", "1"),
        ("1e9223372036854775807", "100e-3"),
        ("1.5e-2147483648", "150e2147483646"),
        ("1e2147483647", "10e2147483646"),
        ("10e2147483647", "10e2147483647"),
        ("100e2147483647", "100e2147483647"),
        ("99999999999999999999", "99999999999999999999"),
        ("1e400", "10e399"),
        ("500m", "500m"),
        ("100Mi", "100Mi"),
        ("2Gi", "2Gi"),
    ];
    for (input, want) in cases {
        assert_eq!(canon(input), want, "{input:?}");
    }
}

#[test]
fn inputs_without_digits_are_zero() {
    for s in [
        "+", "-", ".", "+.", "m", "Ki", "E", "e3", "-Mi", "e-9", "0.e-10",
    ] {
        let v = q(s);
        assert!(v.is_zero(), "{s:?}");
        assert_eq!(v.to_string(), "0");
        assert_eq!(v.signum(), 0);
    }
}

#[test]
fn go_prints_large_si_values_without_a_suffix_and_we_do_not() {
    // Go: `1000E` → `1`, which is another value. Ours parses back.
    assert_eq!(canon("1000E"), "1e21");
    assert_eq!(canon("10000000000000000000000"), "10e21");
    assert_eq!(canon("-1000000P"), "-1e21");
    assert_eq!(q("1000E"), q("1e21"));
}

#[test]
fn the_exponent_form_is_printed_as_kubernetes_prints_it_even_where_it_wraps() {
    // 10^2147483650: Kubernetes computes the printed exponent in int32 (SPEC §4).
    assert_eq!(canon("1000e2147483647"), "1e-2147483646");
    assert_eq!(canon("1.5e-2147483648"), "150e2147483646");
}

#[test]
fn binary_values_are_capped_and_decimal_values_are_not() {
    assert_eq!(q("8Ei"), q("9Ei"));
    assert_eq!(q("1000000Pi"), q("9223372036854775807"));
    assert!(q("1e400") > q("99999999999999999999"));
    assert!(q("99999999999999999999") > q("9223372036854775807"));
    assert_eq!(q("0.0001Ki").format(), Format::DecimalSI);
    assert_eq!(q("1Ki").format(), Format::BinarySI);
    assert_eq!(q("1e3").format(), Format::DecimalExponent);
    assert_eq!(q("1k").format(), Format::DecimalSI);
}

#[test]
fn comparison_is_exact() {
    assert_eq!(q("1Ki"), q("1024"));
    assert_eq!(q("1Ki"), q("1.024k"));
    assert_eq!(q("0.5n"), q("1n"));
    assert_eq!(q("1000E"), q("1e21"));
    assert_eq!(q("1Gi"), q("1073741824"));
    assert!(q("-1") < q("-500m"));
    assert!(q("-500m") < q("0"));
    assert!(q("1n") > q("0"));
    assert!(q("1.000000001") > q("1"));
    let long = "1234567890123456789012345678901234567890.5";
    assert!(q(long) > q("1234567890123456789012345678901234567890"));
    assert!(q(&format!("-{long}")) < q("-1234567890123456789012345678901234567890"));
}

#[test]
fn hash_agrees_with_eq_across_formats_and_representations() {
    let groups = [
        &["1Ki", "1024", "1.024k", "1024000m", "1.024e3", "+01024.000"][..],
        &["0", "-0", "0Ki", "0e5", "+.", "0.000"][..],
        &["8Ei", "9Ei", "9223372036854775807", "9.223372036854775807E"][..],
        &["1000E", "1e21", "1000000000000000000000"][..],
        &[
            "123456789012345678901234567890123456789012",
            "123456789012345678901234567890123456789.012k",
            "123456789012345678901234567890123456789012000m",
        ][..],
    ];
    for group in groups {
        let first = q(group[0]);
        for s in group {
            let other = q(s);
            assert_eq!(first, other, "{s:?}");
            assert_eq!(hash_of(&first), hash_of(&other), "{s:?}");
        }
    }
    assert_ne!(q("1Ki"), q("1000"));
}

#[test]
fn errors_use_gos_words_and_point_at_the_fault() {
    let format = parse::FORMAT_MESSAGE;
    let suffix = "unable to parse quantity's suffix";
    let cases: [(&str, &str, std::ops::Range<usize>); 17] = [
        ("", format, 0..0),
        (" 1", format, 0..1),
        ("1 ", format, 1..2),
        ("1Gi ", format, 3..4),
        ("1.2.3", format, 3..4),
        ("1g", format, 1..2),
        ("1µ", format, 1..3),
        ("1e3x", format, 3..4),
        ("1ki", suffix, 1..3),
        ("1K", suffix, 1..2),
        ("1e", suffix, 1..2),
        ("1e+", suffix, 1..3),
        ("1ee3", suffix, 1..4),
        ("1Ki5", suffix, 1..4),
        ("--1", suffix, 1..3),
        ("1e9223372036854775808", suffix, 1..21),
        ("e-10", parse::NUMERIC_MESSAGE, 0..4),
    ];
    for (input, message, range) in cases {
        let e = Quantity::parse(input).expect_err(input);
        assert_eq!(e.subject(), Subject::Quantity, "{input:?}");
        assert_eq!(e.input(), input);
        assert_eq!(e.message(), message, "{input:?}");
        assert_eq!(e.range(), range, "{input:?}");
    }
    assert_eq!(
        Quantity::parse("1ki").unwrap_err().to_string(),
        r#"invalid quantity "1ki": unable to parse quantity's suffix (at bytes 1..3: "ki")"#
    );
    assert_eq!(
        "1ki".parse::<Quantity>().unwrap_err(),
        Quantity::parse("1ki").unwrap_err()
    );
}

#[test]
fn inputs_go_never_finishes_are_rejected_and_fast_path_giants_are_not() {
    for s in [
        "1e-2147483647",
        "1e2147483649",
        "123e-2147483647",
        "1e6442450944",
        "10e-2147483648",
        "12345678901234567890e100000000",
    ] {
        let e = Quantity::parse(s).expect_err(s);
        assert!(e.message().starts_with("Kubernetes cannot evaluate"), "{s}");
        let exponent = s.find('e').unwrap();
        assert_eq!(e.range(), exponent..s.len(), "{s}");
    }
    // Go's int64 path never builds 10^k: these are valid, however large.
    for s in ["1e2147483647", "999e2147483647", "1.5e-2147483648"] {
        assert!(Quantity::parse(s).is_ok(), "{s}");
    }
    // Just inside the threshold: Kubernetes finishes (k ≈ 1.32e7), and so do we.
    assert_eq!(canon("47921212302835559467E4281739335"), "1e-9");
    assert_eq!(canon("0e-2147483647"), "0");
}

#[test]
fn value_and_milli_value_round_away_from_zero() {
    let cases = [
        ("1.5", Some(2), Some(1500)),
        ("-1.5", Some(-2), Some(-1500)),
        ("100m", Some(1), Some(100)),
        ("0.1m", Some(1), Some(1)),
        ("-0.1m", Some(-1), Some(-1)),
        ("1n", Some(1), Some(1)),
        ("0", Some(0), Some(0)),
        ("1Gi", Some(1073741824), Some(1073741824000)),
        ("-0.0001Ki", Some(-1), Some(-103)),
        ("9223372036854775807", Some(i64::MAX), None),
        ("-9223372036854775808", Some(i64::MIN), None),
        ("9223372036854775808", None, None),
        ("-9223372036854775809", None, None),
        (
            "9223372036854775.807",
            Some(9223372036854776),
            Some(i64::MAX),
        ),
        ("9223372036854775.808", Some(9223372036854776), None),
        ("1000E", None, None),
        ("1e19", None, None),
        ("99999999999999999999", None, None),
        ("123456789012345678901234567890123456789012", None, None),
        ("8Ei", Some(i64::MAX), None),
    ];
    for (input, value, milli) in cases {
        let v = q(input);
        assert_eq!(v.value(), value, "{input:?}.value()");
        assert_eq!(v.milli_value(), milli, "{input:?}.milli_value()");
    }
}

#[test]
fn accessors() {
    assert!(q("-1").is_negative() && !q("-0").is_negative() && !q("1").is_negative());
    assert!(q("1.5k").is_integer() && !q("1.5").is_integer() && q("0").is_integer());
    assert!(q("1e400").is_integer() && !q("1n").is_integer());
    assert_eq!(
        (q("-3").signum(), q("0").signum(), q("2m").signum()),
        (-1, 0, 1)
    );
    assert!(q("0").is_zero() && !q("1n").is_zero());
    assert_eq!(format!("{:?}", q("1.5Gi")), "Quantity(1536Mi, BinarySI)");
    assert_eq!(
        format!("[{:>8}|{:<6}]", q("1.5Gi"), q("0.1")),
        "[  1536Mi|100m  ]"
    );
}

#[test]
fn const_parsing_matches_run_time_parsing() {
    const HALF: Quantity = Quantity::parse_const("500m");
    const BIG: Quantity = Quantity::parse_const("99999999999999999999");
    const HUGE: Quantity = Quantity::parse_const("1e400");
    assert_eq!(HALF, q("500m"));
    assert_eq!(BIG, q("99999999999999999999"));
    assert_eq!(HUGE.to_string(), "10e399");
    // Consts of type `&Quantity` compose in other consts without dropping anything.
    const A: &Quantity = &Quantity::parse_const("500m");
    const B: &Quantity = &Quantity::parse_const("99999999999999999999");
    const ORDER: Option<Ordering> = A.cmp_const(B);
    assert_eq!(ORDER, Some(Ordering::Less));
    const NEG: bool = {
        let v = Quantity::parse_const("-1n");
        let neg = v.is_negative();
        std::mem::forget(v);
        neg
    };
    const { assert!(NEG) };
    let long = "123456789012345678901234567890123456789";
    let v = Quantity::try_parse_const(long).unwrap_err();
    assert!(
        v.message
            .starts_with("too many digits for a const quantity")
    );
    assert_eq!((v.start, v.end), (0, long.len()));
    assert_eq!(q(long).cmp_const(&HALF), None);
    // 38 digits still fit.
    assert!(Quantity::try_parse_const(&long[1..]).is_ok());
    let v = Quantity::try_parse_const("1ki").unwrap_err();
    assert_eq!((v.message, v.start, v.end), (parse::SUFFIX_MESSAGE, 1, 3));
}

#[test]
fn the_const_panic_message_names_input_message_and_range() {
    let mut buf = [0u8; 512];
    let v = Violation::new(parse::SUFFIX_MESSAGE, 1, 3);
    assert_eq!(
        display::const_message("1ki", &v, &mut buf),
        "invalid quantity \"1ki\": unable to parse quantity's suffix (at bytes 1..3)"
    );
    let v = Violation::new(parse::FORMAT_MESSAGE, 1, 2);
    let msg = display::const_message("1 ", &v, &mut buf).to_string();
    assert!(msg.ends_with("(at byte 1)"), "{msg}");
    let long = "é".repeat(100);
    let v = Violation::new(parse::FORMAT_MESSAGE, 0, 0);
    let msg = display::const_message(&long, &v, &mut buf).to_string();
    assert!(msg.contains("é…\": quantities must match"), "{msg}");
}

#[test]
fn panic_of_parse_const_at_run_time_carries_the_message() {
    let err = std::panic::catch_unwind(|| Quantity::parse_const("1ki")).unwrap_err();
    let text = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    assert_eq!(
        text,
        "invalid quantity \"1ki\": unable to parse quantity's suffix (at bytes 1..3)"
    );
}

#[test]
fn long_values_are_exact() {
    let s = format!("1{}", "0".repeat(400));
    assert_eq!(q(&s), q("1e400"));
    let with_nano = format!("{s}.0000000001");
    // Rounded up to the next nano: 10^400 + 1e-9, 410 significant digits.
    let v = q(&with_nano);
    assert_eq!(v.to_string(), format!("1{}1n", "0".repeat(408)));
    assert!(v > q("1e400"));
    let nines = format!("0.{}", "9".repeat(60));
    assert_eq!(canon(&nines), "1");
    let digits = "31415926535897932384626433832795028841971693993751";
    assert_eq!(canon(digits), digits);
    assert_eq!(canon(&format!("-{digits}Ki")), "-9223372036854775807");
    assert_eq!(canon(&format!("0.{digits}Ki")), "321699087728n");
}

/// The 64-bit shortcut and the general digit-buffer evaluation agree wherever the shortcut
/// applies (the vectors and a sweep of binary and decimal inputs).
#[test]
fn the_64_bit_shortcut_agrees_with_the_digit_buffer() {
    let vectors = include_str!("../../tests/data/quantity/vectors.tsv");
    let mut inputs: Vec<String> = vectors
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .filter(|s| !s.contains('\\'))
        .collect();
    for sign in ["", "-"] {
        for num in [
            "0",
            "1",
            "5",
            "1023",
            "1.5",
            "0.001",
            "0.0000000001",
            "12345678901234",
            "9.99",
        ] {
            for suffix in [
                "", "m", "n", "k", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "e-9", "e5",
            ] {
                inputs.push(format!("{sign}{num}{suffix}"));
            }
        }
    }
    let mut checked = 0;
    for input in &inputs {
        let b = input.as_bytes();
        let Ok(layout) = parse::scan(b) else { continue };
        let Some((mant, exp, format)) = parse::evaluate_small(b, &layout) else {
            continue;
        };
        let mut buf = vec![0u8; parse::buffer_len(&layout)];
        let ev = parse::evaluate(b, &layout, &mut buf).expect(input);
        let general = Quantity::from_eval(&ev, &buf[..ev.len]);
        let shortcut = Quantity {
            neg: layout.neg && mant != 0,
            exp,
            mant: Mantissa::Inline(mant as u128),
            format,
        };
        assert_eq!(shortcut, general, "{input:?}");
        assert_eq!(shortcut.exp, general.exp, "{input:?}");
        assert_eq!(shortcut.format, general.format, "{input:?}");
        assert_eq!(shortcut.to_string(), general.to_string(), "{input:?}");
        checked += 1;
    }
    assert!(checked > 1500, "only {checked} inputs took the shortcut");
}
