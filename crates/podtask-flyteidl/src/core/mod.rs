//! `flyteidl.core` (flyteidl 1.16): task templates, types, literals and errors.
//!
//! One module per `.proto` file, all re-exported here as the package is one namespace.

mod errors;
mod execution;
mod identifier;
mod interface;
mod literals;
mod security;
mod tasks;
mod types;

pub use errors::*;
pub use execution::*;
pub use identifier::*;
pub use interface::*;
pub use literals::*;
pub use security::*;
pub use tasks::*;
pub use types::*;
