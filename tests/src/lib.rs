//! Cross-crate tests of podtask. The tests live in `tests/`; the compile-time error catalogue in
//! `ui/`, one file per rule, each with the exact compiler output it must produce.
