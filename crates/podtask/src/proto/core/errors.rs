//! `flyteidl/core/errors.proto`: the error a task writes when it fails.

use super::execution_error::ErrorKind;
use crate::proto::protobuf::Timestamp;

/// An error from a task's container: `core.ContainerError`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct ContainerError {
    /// A short code for the kind of failure (field 1).
    #[prost(string, tag = "1")]
    pub code: String,
    /// What went wrong (field 2).
    #[prost(string, tag = "2")]
    pub message: String,
    /// Whether retrying may help (field 3).
    #[prost(enumeration = "container_error::Kind", tag = "3")]
    pub kind: i32,
    /// Whose fault it is: the user's code or the system (field 4).
    #[prost(enumeration = "ErrorKind", tag = "4")]
    pub origin: i32,
    /// When it happened (field 5).
    #[prost(message, optional, tag = "5")]
    pub timestamp: Option<Timestamp>,
    /// The worker it happened on (field 6).
    #[prost(string, tag = "6")]
    pub worker: String,
}

/// The nested types of [`ContainerError`].
pub mod container_error {
    proto_enum! {
        /// Whether retrying may help: `core.ContainerError.Kind`.
        Kind {
            /// Retrying will not help.
            NonRecoverable = 0 => "NON_RECOVERABLE",
            /// Retrying may help.
            Recoverable = 1 => "RECOVERABLE",
        }
    }
}

/// The file a failed task writes as `error.pb`: `core.ErrorDocument`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct ErrorDocument {
    /// The error (field 1).
    #[prost(message, optional, tag = "1")]
    pub error: Option<ContainerError>,
}
