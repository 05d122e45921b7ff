//! Every row of Kubernetes' own answers (tests/data/quantity/, produced by k8s.io/apimachinery's
//! `ParseQuantity`, `String()` and `Cmp`, and by kubectl) checked against `Quantity`.
//!
//! vectors.tsv: `input ok canonical_or_error category canonical_fresh kubectl_ok kubectl_result
//! fresh_roundtrips`; cmp_pairs.tsv: `a b go_cmp kube_quantity_cmp`. See docs/quantity.md.

use podtask_rules::Quantity;
use std::cmp::Ordering;
use std::time::{Duration, Instant};

const VECTORS: &str = include_str!("data/quantity/vectors.tsv");
const CMP_PAIRS: &str = include_str!("data/quantity/cmp_pairs.tsv");

/// Decodes the body of a JSON string (the file stores inputs that way).
fn json_body(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    let hex4 = |chars: &mut std::str::Chars<'_>| -> u32 {
        let h: String = chars.by_ref().take(4).collect();
        u32::from_str_radix(&h, 16).unwrap_or_else(|_| panic!("bad \\u escape in {s:?}"))
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hi = hex4(&mut chars);
                let code = if (0xD800..0xDC00).contains(&hi) {
                    let rest = chars.as_str();
                    assert!(rest.starts_with("\\u"), "lone surrogate in {s:?}");
                    chars.next();
                    chars.next();
                    let lo = hex4(&mut chars);
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else {
                    hi
                };
                out.push(char::from_u32(code).unwrap_or_else(|| panic!("bad code in {s:?}")));
            }
            other => panic!("bad escape {other:?} in {s:?}"),
        }
    }
    out
}

struct Row<'a> {
    line: usize,
    raw: &'a str,
    input: String,
    ok: &'a str,
    canonical_or_error: &'a str,
    canonical_fresh: &'a str,
    fresh_roundtrips: bool,
}

fn rows() -> Vec<Row<'static>> {
    VECTORS
        .lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 8, "line {}: {l:?}", i + 1);
            Row {
                line: i + 1,
                raw: f[0],
                input: json_body(f[0]),
                ok: f[1],
                canonical_or_error: f[2],
                canonical_fresh: f[4],
                fresh_roundtrips: f[7] != "false",
            }
        })
        .collect()
}

/// Collects mismatches and reports them all at once.
#[derive(Default)]
struct Report {
    count: usize,
    first: Vec<String>,
}

impl Report {
    fn add(&mut self, what: String) {
        self.count += 1;
        if self.first.len() < 20 {
            self.first.push(what);
        }
    }

    fn assert_none(self, of: usize, name: &str) {
        assert!(
            self.count == 0,
            "{} of {of} {name} disagree with Kubernetes; the first {}:\n{}",
            self.count,
            self.first.len(),
            self.first.join("\n")
        );
    }
}

#[test]
fn the_file_holds_what_its_readme_says() {
    let rows = rows();
    let count = |ok: &str| rows.iter().filter(|r| r.ok == ok).count();
    assert_eq!(
        (count("true"), count("false"), count("hang")),
        (1917, 685, 19)
    );
}

#[test]
fn every_vector_parses_prints_and_round_trips_as_kubernetes() {
    let rows = rows();
    let mut report = Report::default();
    let mut slowest_hang = Duration::ZERO;
    for r in &rows {
        let at = format!("line {} {:?}", r.line, r.raw);
        let start = Instant::now();
        let parsed = Quantity::parse(&r.input);
        let took = start.elapsed();
        match (r.ok, parsed) {
            ("true", Ok(q)) => {
                let shown = q.to_string();
                let go_right = r.fresh_roundtrips;
                if go_right && shown != r.canonical_fresh {
                    report.add(format!(
                        "{at}: printed {shown:?}, Kubernetes {:?}",
                        r.canonical_fresh
                    ));
                }
                if !go_right {
                    // Go's form must really be wrong: it names another value (or none).
                    match Quantity::parse(r.canonical_fresh) {
                        Ok(back) if back == q => report.add(format!(
                            "{at}: Go's form {:?} is marked wrong but parses back",
                            r.canonical_fresh
                        )),
                        _ => {}
                    }
                }
                match Quantity::parse(&shown) {
                    Ok(back) if back == q => {}
                    // Kubernetes' own canonical form, which it cannot read back either (an
                    // exponent wrapped past 2^31): printed as Kubernetes prints it.
                    _ if go_right && shown == r.canonical_fresh => {}
                    Ok(back) => report.add(format!(
                        "{at}: printed {shown:?}, which parses to a different value {back:?}"
                    )),
                    Err(e) => report.add(format!("{at}: printed {shown:?}, which fails: {e}")),
                }
            }
            ("false", Err(e)) => {
                if e.message() != r.canonical_or_error {
                    report.add(format!(
                        "{at}: error {:?}, Kubernetes {:?}",
                        e.message(),
                        r.canonical_or_error
                    ));
                }
            }
            ("hang", Err(e)) => {
                slowest_hang = slowest_hang.max(took);
                if !e.message().contains("Kubernetes cannot evaluate") {
                    report.add(format!("{at}: rejected, but with {:?}", e.message()));
                }
            }
            (ok, Ok(q)) => report.add(format!("{at}: accepted as {q}, Kubernetes: {ok}")),
            (ok, Err(e)) => report.add(format!("{at}: rejected ({e}), Kubernetes: {ok}")),
        }
    }
    report.assert_none(rows.len(), "vectors");
    // Go never returns on these; we must answer at once (generous for debug builds).
    assert!(
        slowest_hang < Duration::from_millis(50),
        "rejecting an input Go hangs on took {slowest_hang:?}"
    );
}

#[test]
fn every_pair_compares_as_kubernetes() {
    let mut report = Report::default();
    let mut total = 0;
    for (i, l) in CMP_PAIRS.lines().enumerate().skip(1) {
        if l.is_empty() {
            continue;
        }
        total += 1;
        let f: Vec<&str> = l.split('\t').collect();
        let (a, b) = (json_body(f[0]), json_body(f[1]));
        let want = match f[2] {
            "-1" => Ordering::Less,
            "0" => Ordering::Equal,
            "1" => Ordering::Greater,
            other => panic!("line {}: go_cmp {other:?}", i + 1),
        };
        match (Quantity::parse(&a), Quantity::parse(&b)) {
            (Ok(qa), Ok(qb)) => {
                let got = qa.cmp(&qb);
                if got != want {
                    report.add(format!("line {}: {a} vs {b}: {got:?}, Go {want:?}", i + 1));
                }
                // Ord, Eq and the reverse comparison agree with one another.
                if qb.cmp(&qa) != want.reverse() || (qa == qb) != (want == Ordering::Equal) {
                    report.add(format!("line {}: {a} vs {b}: inconsistent", i + 1));
                }
                if let Some(x) = qa.cmp_const(&qb).filter(|x| *x != got) {
                    report.add(format!("line {}: {a} vs {b}: cmp_const {x:?}", i + 1));
                }
            }
            (ra, rb) => report.add(format!("line {}: {a} / {b}: {ra:?} {rb:?}", i + 1)),
        }
    }
    report.assert_none(total, "pairs");
}
