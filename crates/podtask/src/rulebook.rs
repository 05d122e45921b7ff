//! The rulebook calls the model makes, in one place.
//!
//! Image references are checked here until `podtask_rules::image` has its rules
//! (`check_image`, `ImageReference::parse`); until then these functions only refuse what no
//! registry accepts (an empty reference, whitespace, control characters), and every caller
//! already goes through them, so switching is a change to this file alone.

use podtask_rules::{RuleError, Subject, Violation};

/// Checks an image reference in a `const` context.
pub(crate) const fn check_image_const(image: &str) -> Result<(), Violation> {
    let b = image.as_bytes();
    if b.is_empty() {
        return Err(Violation::new("an image reference must not be empty", 0, 0));
    }
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() || b[i].is_ascii_control() {
            return Err(Violation::new(
                "an image reference must not contain whitespace or control characters",
                i,
                i + 1,
            ));
        }
        i += 1;
    }
    Ok(())
}

/// Checks an image reference at run time, naming it in the error.
pub(crate) fn check_image(image: &str) -> Result<(), RuleError> {
    check_image_const(image).map_err(|v| v.into_error(Subject::ImageReference, image))
}
