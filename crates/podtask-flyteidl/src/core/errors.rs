//! `flyteidl/core/errors.proto`: the error a task writes when it fails.

use crate::protobuf::Timestamp;

message! {
    /// An error from a task's container: `core.ContainerError`.
    #[derive(Eq, Hash)]
    ContainerError {
        /// A short code for the kind of failure (field 1).
        code: string = 1 "code",
        /// What went wrong (field 2).
        message: string = 2 "message",
        /// Whether retrying may help (field 3).
        kind: enumeration(container_error::Kind) = 3 "kind",
        /// Whose fault it is: the user's code or the system (field 4).
        origin: enumeration(super::execution_error::ErrorKind) = 4 "origin",
        /// When it happened (field 5).
        timestamp: message(Timestamp) = 5 "timestamp",
        /// The worker it happened on (field 6).
        worker: string = 6 "worker",
    }
}

/// The nested types of [`ContainerError`].
pub mod container_error {
    enumeration! {
        /// Whether retrying may help: `core.ContainerError.Kind`.
        Kind {
            /// Retrying will not help.
            NonRecoverable = 0 => "NON_RECOVERABLE",
            /// Retrying may help.
            Recoverable = 1 => "RECOVERABLE",
        }
    }
}

message! {
    /// The file a failed task writes as `error.pb`: `core.ErrorDocument`.
    #[derive(Eq, Hash)]
    ErrorDocument {
        /// The error (field 1).
        error: message(ContainerError) = 1 "error",
    }
}
