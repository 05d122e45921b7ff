//! `flyteidl/core/security.proto`: the identity a task runs as and the secrets it gets.

message! {
    /// A secret a task needs: `core.Secret`.
    #[derive(Eq, Hash)]
    Secret {
        /// The secret's group (field 1).
        group: string = 1 "group",
        /// The group's version (field 2).
        group_version: string = 2 "groupVersion",
        /// The key within the group (field 3).
        key: string = 3 "key",
        /// How it is mounted (field 4).
        mount_requirement: enumeration(secret::MountType) = 4 "mountRequirement",
        /// The environment variable it is put in (field 5).
        env_var: string = 5 "envVar",
    }
}

/// The nested types of [`Secret`].
pub mod secret {
    enumeration! {
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

message! {
    /// An OAuth2 client: `core.OAuth2Client`.
    #[derive(Eq, Hash)]
    OAuth2Client {
        /// The client ID (field 1).
        client_id: string = 1 "clientId",
        /// The client secret (field 2).
        client_secret: message(Secret) = 2 "clientSecret",
    }
}

message! {
    /// Who a task runs as: `core.Identity`.
    #[derive(Eq, Hash)]
    Identity {
        /// An IAM role (field 1).
        iam_role: string = 1 "iamRole",
        /// A Kubernetes service account (field 2).
        k8s_service_account: string = 2 "k8sServiceAccount",
        /// An OAuth2 client (field 3).
        oauth2_client: message(OAuth2Client) = 3 "oauth2Client",
        /// The identity of the execution (field 4).
        execution_identity: string = 4 "executionIdentity",
    }
}

message! {
    /// An OAuth2 token a task needs: `core.OAuth2TokenRequest`.
    #[derive(Eq, Hash)]
    OAuth2TokenRequest {
        /// The token's name (field 1).
        name: string = 1 "name",
        /// The grant type (field 2).
        r#type: enumeration(o_auth2_token_request::Type) = 2 "type",
        /// The client (field 3).
        client: message(OAuth2Client) = 3 "client",
        /// The identity provider's discovery endpoint (field 4).
        idp_discovery_endpoint: string = 4 "idpDiscoveryEndpoint",
        /// The token endpoint (field 5).
        token_endpoint: string = 5 "tokenEndpoint",
    }
}

/// The nested types of [`OAuth2TokenRequest`].
pub mod o_auth2_token_request {
    enumeration! {
        /// The grant type: `core.OAuth2TokenRequest.Type`.
        Type {
            /// Client credentials.
            ClientCredentials = 0 => "CLIENT_CREDENTIALS",
        }
    }
}

message! {
    /// Who a task runs as and what it may read: `core.SecurityContext`.
    #[derive(Eq, Hash)]
    SecurityContext {
        /// The identity (field 1).
        run_as: message(Identity) = 1 "runAs",
        /// The secrets (field 2).
        secrets: repeated(message(Secret)) = 2 "secrets",
        /// The tokens (field 3).
        tokens: repeated(message(OAuth2TokenRequest)) = 3 "tokens",
    }
}
