//! Speed of `Quantity`: parse and canonical `Display` of typical and worst-case inputs, and
//! parse alone. Run with `cargo bench -p podtask-rules --bench quantity`.

use divan::{AllocProfiler, Bencher, black_box};
use podtask_rules::Quantity;
use std::fmt::Write;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// What a task's resources usually say.
const TYPICAL: &[&str] = &["500m", "1.5Gi", "1", "100Mi", "2Gi"];

/// Inputs that make the parser work hardest, named for the report.
const WORST: &[&str] = &[
    "long_digits",
    "long_fraction",
    "huge_exponent",
    "1e400",
    "twenty_nines",
    "rounded_nano",
    "hang_rejected",
    "invalid_suffix",
];

fn worst_input(name: &str) -> String {
    match name {
        // More than 38 significant digits: the heap form.
        "long_digits" => "12345678901234567890".repeat(5),
        // A fraction far below 1e-9, rounded up.
        "long_fraction" => format!("1.{}", "3".repeat(100)),
        // Go's int64 path with an exponent near 2^31: valid, printed in exponent form.
        "huge_exponent" => "999e2147483647".to_string(),
        "twenty_nines" => "99999999999999999999".to_string(),
        "rounded_nano" => "-0.0000000001Ki".to_string(),
        // Go never returns on it; we reject it at once.
        "hang_rejected" => "1e-2147483647".to_string(),
        "invalid_suffix" => "1ki".to_string(),
        other => other.to_string(),
    }
}

/// A `fmt::Write` into a fixed array, reused between iterations.
struct Sink {
    buf: [u8; 256],
    len: usize,
}

impl Write for Sink {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = (self.len + s.len()).min(self.buf.len());
        let n = end - self.len;
        self.buf[self.len..end].copy_from_slice(&s.as_bytes()[..n]);
        self.len = end;
        Ok(())
    }
}

fn parse_and_display(bencher: Bencher, input: &str) {
    let mut sink = Sink {
        buf: [0; 256],
        len: 0,
    };
    bencher.bench_local(|| {
        sink.len = 0;
        if let Ok(q) = Quantity::parse(black_box(input)) {
            let _ = write!(sink, "{q}");
        }
        black_box(sink.len)
    });
}

/// Parse and canonical `Display` of a typical quantity (the 100 ns target).
#[divan::bench(args = TYPICAL)]
fn typical_parse_display(bencher: Bencher, input: &str) {
    parse_and_display(bencher, input);
}

/// Parse alone of a typical quantity.
#[divan::bench(args = TYPICAL)]
fn typical_parse(bencher: Bencher, input: &str) {
    bencher.bench_local(|| Quantity::parse(black_box(input)));
}

/// Parse and `Display` of the hardest inputs (errors stop after the parse).
#[divan::bench(args = WORST)]
fn worst_parse_display(bencher: Bencher, name: &str) {
    let input = worst_input(name);
    parse_and_display(bencher, &input);
}

/// Parse alone of the hardest inputs.
#[divan::bench(args = WORST)]
fn worst_parse(bencher: Bencher, name: &str) {
    let input = worst_input(name);
    bencher.bench_local(|| Quantity::parse(black_box(&input)));
}
