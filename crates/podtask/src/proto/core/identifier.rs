//! `flyteidl/core/identifier.proto`: the names of registered entities.

proto_enum! {
    /// The kind of entity an [`Identifier`] names: `core.ResourceType`.
    ResourceType {
        /// Not set.
        Unspecified = 0 => "UNSPECIFIED",
        /// A task.
        Task = 1 => "TASK",
        /// A workflow.
        Workflow = 2 => "WORKFLOW",
        /// A launch plan.
        LaunchPlan = 3 => "LAUNCH_PLAN",
        /// A dataset.
        Dataset = 4 => "DATASET",
    }
}

/// The name of a registered entity: `core.Identifier`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Identifier {
    /// The kind of entity (field 1).
    #[prost(enumeration = "ResourceType", tag = "1")]
    pub resource_type: i32,
    /// The project (field 2).
    #[prost(string, tag = "2")]
    pub project: String,
    /// The domain (field 3).
    #[prost(string, tag = "3")]
    pub domain: String,
    /// The name (field 4).
    #[prost(string, tag = "4")]
    pub name: String,
    /// The version (field 5).
    #[prost(string, tag = "5")]
    pub version: String,
    /// The organization (field 6).
    #[prost(string, tag = "6")]
    pub org: String,
}
