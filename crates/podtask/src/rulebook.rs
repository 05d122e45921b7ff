//! The rulebook calls the model makes for image references, in one place.

use podtask_rules::{RuleError, Violation};

/// Checks an image reference in a `const` context.
pub(crate) const fn check_image_const(image: &str) -> Result<(), Violation> {
    match podtask_rules::image::check_image(image) {
        Ok(_pinning) => Ok(()),
        Err(v) => Err(v),
    }
}

/// Checks an image reference at run time, naming it in the error.
pub(crate) fn check_image(image: &str) -> Result<(), RuleError> {
    podtask_rules::image::ImageReference::parse(image).map(|_| ())
}
