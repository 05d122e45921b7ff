//! `flyteidl/core/identifier.proto`: the names of registered entities.

enumeration! {
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

message! {
    /// The name of a registered entity: `core.Identifier`.
    #[derive(Eq, Hash)]
    Identifier {
        /// The kind of entity (field 1).
        resource_type: enumeration(ResourceType) = 1 "resourceType",
        /// The project (field 2).
        project: string = 2 "project",
        /// The domain (field 3).
        domain: string = 3 "domain",
        /// The name (field 4).
        name: string = 4 "name",
        /// The version (field 5).
        version: string = 5 "version",
        /// The organization (field 6).
        org: string = 6 "org",
    }
}
