//! Parsing and printing typical quantities allocates nothing: a counting global allocator
//! watches `Quantity::parse` and `Display` into a fixed buffer.

use podtask_rules::Quantity;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;
use std::fmt::Write;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A `fmt::Write` into a fixed array, so that printing itself cannot allocate.
struct Fixed {
    buf: [u8; 128],
    len: usize,
}

impl Write for Fixed {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

const TYPICAL: &[(&str, &str)] = &[
    ("500m", "500m"),
    ("1.5Gi", "1536Mi"),
    ("1", "1"),
    ("100Mi", "100Mi"),
    ("2Gi", "2Gi"),
    ("0.1", "100m"),
    ("250m", "250m"),
    ("1e3", "1e3"),
    ("1e400", "10e399"),
    ("99999999999999999999", "99999999999999999999"),
    ("-1.5k", "-1500"),
];

// One test only: the counter is global, and other tests would run on other threads.
#[test]
fn typical_quantities_parse_and_print_without_allocating() {
    let mut out = Fixed {
        buf: [0; 128],
        len: 0,
    };
    let mut ok = 0;
    let region = Region::new(GLOBAL);
    for (input, canonical) in TYPICAL {
        if let Ok(q) = Quantity::parse(input) {
            out.len = 0;
            if write!(out, "{q}").is_ok() && &out.buf[..out.len] == canonical.as_bytes() {
                ok += 1;
            }
        }
    }
    let allocations = region.change().allocations;
    assert_eq!(
        ok,
        TYPICAL.len(),
        "a typical value parsed or printed wrongly"
    );
    assert_eq!(allocations, 0, "parsing typical quantities allocated");

    // The counter does see allocations: a value of more than 38 digits lives on the heap.
    let region = Region::new(GLOBAL);
    let long = Quantity::parse("1234567890123456789012345678901234567890");
    let allocations = region.change().allocations;
    assert!(long.is_ok());
    assert!(allocations > 0, "the counting allocator counts nothing");
}
