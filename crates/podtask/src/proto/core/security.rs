//! `flyteidl/core/security.proto`: the identity a task runs as and the secrets it gets.

/// A secret a task needs: `core.Secret`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Secret {
    /// The secret's group (field 1).
    #[prost(string, tag = "1")]
    pub group: String,
    /// The group's version (field 2).
    #[prost(string, tag = "2")]
    pub group_version: String,
    /// The key within the group (field 3).
    #[prost(string, tag = "3")]
    pub key: String,
    /// How it is mounted (field 4).
    #[prost(enumeration = "secret::MountType", tag = "4")]
    pub mount_requirement: i32,
    /// The environment variable it is put in (field 5).
    #[prost(string, tag = "5")]
    pub env_var: String,
}

/// The nested types of [`Secret`].
pub mod secret {
    proto_enum! {
        /// How a secret is mounted: `core.Secret.MountType`.
        MountType {
            /// As the platform chooses.
            Any = 0 => "ANY",
            /// As an environment variable.
            EnvVar = 1 => "ENV_VAR",
            /// As a file.
            File = 2 => "FILE",
        }
    }
}

/// An OAuth2 client: `core.OAuth2Client`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct OAuth2Client {
    /// The client ID (field 1).
    #[prost(string, tag = "1")]
    pub client_id: String,
    /// The client secret (field 2).
    #[prost(message, optional, tag = "2")]
    pub client_secret: Option<Secret>,
}

/// Who a task runs as: `core.Identity`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Identity {
    /// An IAM role (field 1).
    #[prost(string, tag = "1")]
    pub iam_role: String,
    /// A Kubernetes service account (field 2).
    #[prost(string, tag = "2")]
    pub k8s_service_account: String,
    /// An OAuth2 client (field 3).
    #[prost(message, optional, tag = "3")]
    pub oauth2_client: Option<OAuth2Client>,
    /// The identity of the execution (field 4).
    #[prost(string, tag = "4")]
    pub execution_identity: String,
}

/// An OAuth2 token a task needs: `core.OAuth2TokenRequest`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct OAuth2TokenRequest {
    /// The token's name (field 1).
    #[prost(string, tag = "1")]
    pub name: String,
    /// The grant type (field 2).
    #[prost(enumeration = "o_auth2_token_request::Type", tag = "2")]
    pub r#type: i32,
    /// The client (field 3).
    #[prost(message, optional, tag = "3")]
    pub client: Option<OAuth2Client>,
    /// The identity provider's discovery endpoint (field 4).
    #[prost(string, tag = "4")]
    pub idp_discovery_endpoint: String,
    /// The token endpoint (field 5).
    #[prost(string, tag = "5")]
    pub token_endpoint: String,
}

/// The nested types of [`OAuth2TokenRequest`].
pub mod o_auth2_token_request {
    proto_enum! {
        /// The grant type: `core.OAuth2TokenRequest.Type`.
        Type {
            /// Client credentials.
            ClientCredentials = 0 => "CLIENT_CREDENTIALS",
        }
    }
}

/// Who a task runs as and what it may read: `core.SecurityContext`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct SecurityContext {
    /// The identity (field 1).
    #[prost(message, optional, tag = "1")]
    pub run_as: Option<Identity>,
    /// The secrets (field 2).
    #[prost(message, repeated, tag = "2")]
    pub secrets: Vec<Secret>,
    /// The tokens (field 3).
    #[prost(message, repeated, tag = "3")]
    pub tokens: Vec<OAuth2TokenRequest>,
}
