//! `flyteidl/core/execution.proto`: the parts podtask uses, the execution error and its kind.

use crate::proto::protobuf::Timestamp;

/// An error of an execution: `core.ExecutionError`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct ExecutionError {
    /// A short code (field 1).
    #[prost(string, tag = "1")]
    pub code: String,
    /// What went wrong (field 2).
    #[prost(string, tag = "2")]
    pub message: String,
    /// Where the full error is (field 3).
    #[prost(string, tag = "3")]
    pub error_uri: String,
    /// Whose fault it is (field 4).
    #[prost(enumeration = "execution_error::ErrorKind", tag = "4")]
    pub kind: i32,
    /// When it happened (field 5).
    #[prost(message, optional, tag = "5")]
    pub timestamp: Option<Timestamp>,
    /// The worker it happened on (field 6).
    #[prost(string, tag = "6")]
    pub worker: String,
}

/// The nested types of [`ExecutionError`].
pub mod execution_error {
    proto_enum! {
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
