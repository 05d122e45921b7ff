//! `flyteidl/core/execution.proto`: the parts podtask uses, the execution error and its kind.

use crate::protobuf::Timestamp;

message! {
    /// An error of an execution: `core.ExecutionError`.
    #[derive(Eq, Hash)]
    ExecutionError {
        /// A short code (field 1).
        code: string = 1 "code",
        /// What went wrong (field 2).
        message: string = 2 "message",
        /// Where the full error is (field 3).
        error_uri: string = 3 "errorUri",
        /// Whose fault it is (field 4).
        kind: enumeration(execution_error::ErrorKind) = 4 "kind",
        /// When it happened (field 5).
        timestamp: message(Timestamp) = 5 "timestamp",
        /// The worker it happened on (field 6).
        worker: string = 6 "worker",
    }
}

/// The nested types of [`ExecutionError`].
pub mod execution_error {
    enumeration! {
        /// Whose fault an error is: `core.ExecutionError.ErrorKind`.
        ErrorKind {
            /// Not known.
            Unknown = 0 => "UNKNOWN",
            /// The user's code.
            User = 1 => "USER",
            /// The system.
            System = 2 => "SYSTEM",
        }
    }
}
