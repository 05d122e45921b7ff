//! Resource names and the rules for requests and limits.
//!
//! Flyte names five resources ([`ResourceName`]); Kubernetes names its own
//! ([`K8sResourceName`]), and maps Flyte's GPU to an extended resource (`nvidia.com/gpu` by
//! default). The checks on values follow Kubernetes' `ValidateResourceRequirements`.

use std::fmt;

/// A resource as Flyte names it: flyteidl `core.Resources.ResourceName`.
///
/// ```
/// use podtask_rules::resource::ResourceName;
/// assert_eq!(ResourceName::from_key("mem"), Some(ResourceName::Memory));
/// assert_eq!(ResourceName::EphemeralStorage.proto_name(), "EPHEMERAL_STORAGE");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceName {
    /// `UNKNOWN` (0): never written by podtask, accepted when read.
    Unknown,
    /// `CPU` (1).
    Cpu,
    /// `GPU` (2): an extended resource in Kubernetes, `nvidia.com/gpu` by default.
    Gpu,
    /// `MEMORY` (3).
    Memory,
    /// `STORAGE` (4).
    Storage,
    /// `EPHEMERAL_STORAGE` (5).
    EphemeralStorage,
}

impl ResourceName {
    /// The names a task may use, in the order Flyte numbers them.
    pub const ALL: [ResourceName; 5] = [
        ResourceName::Cpu,
        ResourceName::Gpu,
        ResourceName::Memory,
        ResourceName::Storage,
        ResourceName::EphemeralStorage,
    ];

    /// The keys `#[task(resources(...))]` accepts, each with the name it stands for. `mem` is
    /// flytekit's spelling of `memory`.
    pub const KEYS: [(&'static str, ResourceName); 6] = [
        ("cpu", ResourceName::Cpu),
        ("memory", ResourceName::Memory),
        ("mem", ResourceName::Memory),
        ("gpu", ResourceName::Gpu),
        ("storage", ResourceName::Storage),
        ("ephemeral_storage", ResourceName::EphemeralStorage),
    ];

    /// The name in flyteidl's enum, as proto3 JSON writes it (`"CPU"`, `"EPHEMERAL_STORAGE"`).
    pub const fn proto_name(self) -> &'static str {
        match self {
            ResourceName::Unknown => "UNKNOWN",
            ResourceName::Cpu => "CPU",
            ResourceName::Gpu => "GPU",
            ResourceName::Memory => "MEMORY",
            ResourceName::Storage => "STORAGE",
            ResourceName::EphemeralStorage => "EPHEMERAL_STORAGE",
        }
    }

    /// The number of the name in flyteidl's enum.
    pub const fn proto_number(self) -> i32 {
        match self {
            ResourceName::Unknown => 0,
            ResourceName::Cpu => 1,
            ResourceName::Gpu => 2,
            ResourceName::Memory => 3,
            ResourceName::Storage => 4,
            ResourceName::EphemeralStorage => 5,
        }
    }

    /// The name for a flyteidl enum name (`"CPU"`), if there is one.
    pub fn from_proto_name(name: &str) -> Option<Self> {
        [ResourceName::Unknown]
            .into_iter()
            .chain(Self::ALL)
            .find(|n| n.proto_name() == name)
    }

    /// The name for a flyteidl enum number, if there is one.
    pub fn from_proto_number(number: i32) -> Option<Self> {
        [ResourceName::Unknown]
            .into_iter()
            .chain(Self::ALL)
            .find(|n| n.proto_number() == number)
    }

    /// The key used in `#[task(resources(...))]` (`"cpu"`, `"ephemeral_storage"`).
    pub const fn key(self) -> &'static str {
        match self {
            ResourceName::Unknown => "unknown",
            ResourceName::Cpu => "cpu",
            ResourceName::Gpu => "gpu",
            ResourceName::Memory => "memory",
            ResourceName::Storage => "storage",
            ResourceName::EphemeralStorage => "ephemeral_storage",
        }
    }

    /// The name for a key of `#[task(resources(...))]`, if there is one (see [`Self::KEYS`]).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::KEYS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, name)| name)
    }
}

impl fmt::Display for ResourceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.proto_name())
    }
}
