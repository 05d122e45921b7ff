//! The compile-time error catalogue: every rule `#[task]`, `resources!` and `container!` enforce,
//! with the exact diagnostics it produces. Regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p podtask-tests --test ui` and review them like code.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}
