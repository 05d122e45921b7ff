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

/// The Kubernetes extended resource Flyte's GPU maps to unless configured otherwise.
pub const DEFAULT_GPU_RESOURCE: &str = "nvidia.com/gpu";

impl ResourceName {
    /// The Kubernetes resource this Flyte resource becomes in a Pod. `gpu` names the extended
    /// resource used for GPUs ([`DEFAULT_GPU_RESOURCE`] unless the cluster is set up otherwise).
    pub fn to_k8s(self, gpu: &str) -> K8sResourceName<'_> {
        match self {
            ResourceName::Cpu => K8sResourceName::Cpu,
            ResourceName::Memory => K8sResourceName::Memory,
            ResourceName::Storage => K8sResourceName::Storage,
            ResourceName::EphemeralStorage => K8sResourceName::EphemeralStorage,
            ResourceName::Gpu => K8sResourceName::Extended(gpu),
            // Flyte drops UNKNOWN entries; there is no Kubernetes resource for it.
            ResourceName::Unknown => K8sResourceName::Native("unknown"),
        }
    }
}

/// A resource as Kubernetes names it in a container's `resources`.
///
/// ```
/// use podtask_rules::resource::K8sResourceName;
/// assert_eq!(K8sResourceName::parse("nvidia.com/gpu").unwrap(), K8sResourceName::Extended("nvidia.com/gpu"));
/// assert!(K8sResourceName::parse("hugepages-2Mi").unwrap().is_huge_pages());
/// let e = K8sResourceName::parse("gpu").unwrap_err();
/// assert_eq!(e.message(), "must be a standard resource for containers");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum K8sResourceName<'a> {
    /// `cpu`.
    Cpu,
    /// `memory`.
    Memory,
    /// `ephemeral-storage`.
    EphemeralStorage,
    /// `storage`: valid for volumes and quotas, not for containers.
    Storage,
    /// `hugepages-<size>`; holds the size as written (`2Mi`).
    HugePages(&'a str),
    /// An extended resource, `domain/name` outside `kubernetes.io` (`nvidia.com/gpu`).
    Extended(&'a str),
    /// Any other native name (no `/`, or a `kubernetes.io/` name).
    Native(&'a str),
}

const HUGEPAGES_PREFIX: &str = "hugepages-";

impl<'a> K8sResourceName<'a> {
    /// Classifies a resource name without validating it.
    pub fn classify(name: &'a str) -> Self {
        match name {
            "cpu" => K8sResourceName::Cpu,
            "memory" => K8sResourceName::Memory,
            "ephemeral-storage" => K8sResourceName::EphemeralStorage,
            "storage" => K8sResourceName::Storage,
            _ => {
                if let Some(size) = name.strip_prefix(HUGEPAGES_PREFIX) {
                    K8sResourceName::HugePages(size)
                } else if is_native(name) {
                    K8sResourceName::Native(name)
                } else {
                    K8sResourceName::Extended(name)
                }
            }
        }
    }

    /// Parses the name of a resource in a container's `requests` or `limits`, as Kubernetes'
    /// `validateContainerResourceName` checks it: a qualified name that is either a standard
    /// container resource (`cpu`, `memory`, `ephemeral-storage`, `hugepages-<size>`), a native
    /// `kubernetes.io/` name, or an extended resource `domain/name`.
    pub fn parse(name: &'a str) -> Result<Self, RuleError> {
        crate::names::qualified_name(name)
            .map_err(|v| v.into_error(Subject::ResourceName, name))?;
        let class = Self::classify(name);
        let standard = match class {
            K8sResourceName::Cpu | K8sResourceName::Memory | K8sResourceName::EphemeralStorage => {
                true
            }
            K8sResourceName::HugePages(size) => {
                let page = Quantity::parse(size).map_err(|_| {
                    RuleError::new(
                        Subject::ResourceName,
                        name,
                        HUGEPAGES_PREFIX.len()..name.len(),
                        "the size of a huge page must be a quantity, e.g. `hugepages-2Mi`",
                    )
                })?;
                if page.signum() <= 0 {
                    return Err(RuleError::new(
                        Subject::ResourceName,
                        name,
                        HUGEPAGES_PREFIX.len()..name.len(),
                        "the size of a huge page must be greater than 0",
                    ));
                }
                true
            }
            K8sResourceName::Storage
            | K8sResourceName::Native(_)
            | K8sResourceName::Extended(_) => false,
        };
        if !name.contains('/') {
            if !standard {
                let mut e = RuleError::whole(
                    Subject::ResourceName,
                    name,
                    "must be a standard resource for containers",
                );
                if let Some(s) = did_you_mean(name, ["cpu", "memory", "ephemeral-storage"]) {
                    e = e.with_suggestion(s);
                }
                return Err(e);
            }
        } else if matches!(class, K8sResourceName::Extended(_)) && !is_extended(name) {
            return Err(RuleError::whole(
                Subject::ResourceName,
                name,
                "doesn't follow extended resource name standard",
            ));
        }
        Ok(class)
    }

    /// The name as Kubernetes writes it.
    pub fn as_str(&self) -> std::borrow::Cow<'a, str> {
        use std::borrow::Cow;
        match *self {
            K8sResourceName::Cpu => Cow::Borrowed("cpu"),
            K8sResourceName::Memory => Cow::Borrowed("memory"),
            K8sResourceName::EphemeralStorage => Cow::Borrowed("ephemeral-storage"),
            K8sResourceName::Storage => Cow::Borrowed("storage"),
            K8sResourceName::HugePages(size) => Cow::Owned(format!("{HUGEPAGES_PREFIX}{size}")),
            K8sResourceName::Extended(s) | K8sResourceName::Native(s) => Cow::Borrowed(s),
        }
    }

    /// Whether this is a `hugepages-<size>` resource.
    pub fn is_huge_pages(&self) -> bool {
        matches!(self, K8sResourceName::HugePages(_))
    }

    /// Whether a request may be below its limit (Kubernetes' `IsOvercommitAllowed`): native
    /// resources other than huge pages. Extended resources and huge pages need the request to
    /// equal the limit, and a request needs a limit.
    pub fn is_overcommit_allowed(&self) -> bool {
        !matches!(
            self,
            K8sResourceName::Extended(_) | K8sResourceName::HugePages(_)
        )
    }

    /// Whether values must be whole numbers (Kubernetes' `IsIntegerResourceName` for container
    /// resources: the extended resources).
    pub fn is_integer_resource(&self) -> bool {
        matches!(self, K8sResourceName::Extended(_))
    }

    /// Whether this resource makes a Pod's QoS class (`cpu` and `memory`); huge pages need one
    /// of them.
    pub fn is_qos_compute(&self) -> bool {
        matches!(self, K8sResourceName::Cpu | K8sResourceName::Memory)
    }
}

impl fmt::Display for K8sResourceName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str())
    }
}

/// Kubernetes' `IsNativeResource`: no domain, or a `kubernetes.io/` domain.
fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// Kubernetes' `IsExtendedResourceName`.
fn is_extended(name: &str) -> bool {
    const QUOTA_PREFIX: &str = "requests.";
    if is_native(name) || name.starts_with(QUOTA_PREFIX) {
        return false;
    }
    crate::names::qualified_name(&format!("{QUOTA_PREFIX}{name}")).is_ok()
}

/// Which list of a container's `resources` an entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// `requests`.
    Request,
    /// `limits`.
    Limit,
}

impl Side {
    /// `"request"` or `"limit"`.
    pub const fn noun(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Limit => "limit",
        }
    }
}

/// A resource entry that breaks a rule: where it is (the side and the index of the entry in the
/// list given), what is wrong, and the other entry the rule involves, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceIssue {
    /// The list the entry is in.
    pub side: Side,
    /// The index of the entry in that list, as given to the validator.
    pub index: usize,
    /// What was expected, in Kubernetes' words where Kubernetes has them.
    pub message: String,
    /// The other entry of a broken pair (the limit a request exceeds, the first of two
    /// duplicates).
    pub related: Option<(Side, usize)>,
}

impl fmt::Display for ResourceIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The rules on one value, as Kubernetes' `ValidateResourceQuantityValue` checks them: never
/// negative, and a whole number for extended resources (which Flyte's GPU is).
pub const fn check_value(integer: bool, value: &Quantity) -> Result<(), &'static str> {
    if value.is_negative() {
        Err("must be greater than or equal to 0")
    } else if integer && !value.is_integer() {
        Err("must be an integer")
    } else {
        Ok(())
    }
}

/// Whether a Flyte resource must be a whole number (GPU, an extended resource in Kubernetes).
pub const fn is_integer_flyte(name: ResourceName) -> bool {
    matches!(name, ResourceName::Gpu)
}

/// The rule on a request and the limit of the same resource: the request must not exceed the
/// limit, and for resources that cannot be overcommitted (extended resources, huge pages, and so
/// Flyte's GPU) it must equal it. Returns Kubernetes' message, which names the limit.
pub fn check_pair(
    name: &str,
    overcommit: bool,
    request: &Quantity,
    limit: &Quantity,
) -> Result<(), String> {
    match request.cmp(limit) {
        std::cmp::Ordering::Equal => Ok(()),
        _ if !overcommit => Err(format!("must be equal to {name} limit of {limit}")),
        std::cmp::Ordering::Greater => Err(format!(
            "must be less than or equal to {name} limit of {limit}"
        )),
        std::cmp::Ordering::Less => Ok(()),
    }
}

/// [`check_pair`] in a `const fn`: the same rule, with a message that cannot name the limit.
/// `None` when either value is too large to compare at compile time (see
/// [`Quantity::cmp_const`]); the run-time check then decides.
pub const fn check_pair_const(
    overcommit: bool,
    request: &Quantity,
    limit: &Quantity,
) -> Result<(), &'static str> {
    match request.cmp_const(limit) {
        Some(std::cmp::Ordering::Equal) | None => Ok(()),
        Some(_) if !overcommit => Err("a GPU or extended resource request must equal its limit"),
        Some(std::cmp::Ordering::Greater) => Err("a request must not exceed its limit"),
        Some(std::cmp::Ordering::Less) => Ok(()),
    }
}

/// The value rules of [`check_value`] for a Flyte resource written as text, in a `const fn`:
/// the text must be a quantity, never negative, and a whole number for GPUs. The violation spans
/// the whole value.
pub const fn check_flyte_value_const(name: ResourceName, value: &str) -> Result<(), Violation> {
    let parsed = Quantity::try_parse_const(value);
    let result = match &parsed {
        Ok(q) => match check_value(is_integer_flyte(name), q) {
            Ok(()) => Ok(()),
            Err(message) => Err(Violation::new(message, 0, value.len())),
        },
        Err(v) => Err(*v),
    };
    // A `const fn` cannot run a destructor; the parsed value owns nothing in a const context.
    core::mem::forget(parsed);
    result
}

/// The request/limit rule of [`check_pair_const`] for a Flyte resource, both values written as
/// text, in a `const fn`. Values that do not parse are left to [`check_flyte_value_const`].
pub const fn check_flyte_pair_const(
    name: ResourceName,
    request: &str,
    limit: &str,
) -> Result<(), Violation> {
    let rq = Quantity::try_parse_const(request);
    let lq = Quantity::try_parse_const(limit);
    let result = match (&rq, &lq) {
        (Ok(r), Ok(l)) => match check_pair_const(!is_integer_flyte(name), r, l) {
            Ok(()) => Ok(()),
            Err(message) => Err(Violation::new(message, 0, request.len())),
        },
        _ => Ok(()),
    };
    core::mem::forget(rq);
    core::mem::forget(lq);
    result
}

/// Validates the requests and limits of a Flyte container target, each entry a resource name and
/// its value: the value rules, one entry per name and side, and request against limit.
///
/// Flyte's GPU follows Kubernetes' rules for extended resources (whole numbers, request equal to
/// limit when both are given). A GPU request without a limit, or the reverse, is allowed:
/// Flyte's propeller sets the missing one equal to the other when it builds the Pod.
///
/// ```
/// use podtask_rules::{Quantity, resource::{validate_flyte, ResourceName::*}};
/// let q = |s: &str| s.parse::<Quantity>().unwrap();
/// let issues = validate_flyte(&[(Cpu, q("4"))], &[(Cpu, q("2"))]);
/// assert_eq!(issues[0].message, "must be less than or equal to cpu limit of 2");
/// ```
pub fn validate_flyte(
    requests: &[(ResourceName, Quantity)],
    limits: &[(ResourceName, Quantity)],
) -> Vec<ResourceIssue> {
    let mut issues = Vec::new();
    for (side, list) in [(Side::Request, requests), (Side::Limit, limits)] {
        for (index, (name, value)) in list.iter().enumerate() {
            if *name == ResourceName::Unknown {
                issues.push(ResourceIssue {
                    side,
                    index,
                    message: "UNKNOWN is not a resource a task can ask for".into(),
                    related: None,
                });
                continue;
            }
            if let Some(first) = list[..index].iter().position(|(n, _)| n == name) {
                issues.push(ResourceIssue {
                    side,
                    index,
                    message: format!("duplicate {} {}", name.key(), side.noun()),
                    related: Some((side, first)),
                });
                continue;
            }
            if let Err(message) = check_value(is_integer_flyte(*name), value) {
                issues.push(ResourceIssue {
                    side,
                    index,
                    message: message.into(),
                    related: None,
                });
            }
        }
    }
    for (index, (name, request)) in requests.iter().enumerate() {
        if requests[..index].iter().any(|(n, _)| n == name) {
            continue;
        }
        if let Some(li) = limits.iter().position(|(n, _)| n == name) {
            let overcommit = !is_integer_flyte(*name);
            if let Err(message) = check_pair(name.key(), overcommit, request, &limits[li].1) {
                issues.push(ResourceIssue {
                    side: Side::Request,
                    index,
                    message,
                    related: Some((Side::Limit, li)),
                });
            }
        }
    }
    issues
}

/// Validates a Kubernetes container's `resources` (`requests` and `limits`, each entry a
/// resource name and its value) as Kubernetes' `ValidateResourceRequirements` does: names,
/// values, request against limit, a limit for every request of a resource that cannot be
/// overcommitted, huge pages in whole pages and only next to `cpu` or `memory`.
///
/// ```
/// use podtask_rules::{Quantity, resource::validate_k8s};
/// let q = |s: &str| s.parse::<Quantity>().unwrap();
/// let issues = validate_k8s(&[("nvidia.com/gpu", q("1"))], &[]);
/// assert_eq!(issues[0].message, "Limit must be set for non overcommitable resources");
/// ```
pub fn validate_k8s(
    requests: &[(&str, Quantity)],
    limits: &[(&str, Quantity)],
) -> Vec<ResourceIssue> {
    let mut issues = Vec::new();
    let mut has_compute = false;
    let mut huge_pages = None;
    for (side, list) in [(Side::Limit, limits), (Side::Request, requests)] {
        for (index, (name, value)) in list.iter().enumerate() {
            let class = match K8sResourceName::parse(name) {
                Ok(class) => class,
                Err(e) => {
                    issues.push(ResourceIssue {
                        side,
                        index,
                        message: e.to_string(),
                        related: None,
                    });
                    continue;
                }
            };
            if let Some(first) = list[..index].iter().position(|(n, _)| n == name) {
                issues.push(ResourceIssue {
                    side,
                    index,
                    message: format!("duplicate {name} {}", side.noun()),
                    related: Some((side, first)),
                });
                continue;
            }
            has_compute |= class.is_qos_compute();
            if let Err(message) = check_value(class.is_integer_resource(), value) {
                issues.push(ResourceIssue {
                    side,
                    index,
                    message: message.into(),
                    related: None,
                });
                continue;
            }
            if let K8sResourceName::HugePages(size) = class {
                huge_pages.get_or_insert((side, index));
                if let Some(message) = huge_page_multiple(size, value) {
                    issues.push(ResourceIssue {
                        side,
                        index,
                        message,
                        related: None,
                    });
                }
            }
            if side == Side::Request {
                let class_overcommit = class.is_overcommit_allowed();
                match limits.iter().position(|(n, _)| n == name) {
                    Some(li) => {
                        if let Err(message) =
                            check_pair(name, class_overcommit, value, &limits[li].1)
                        {
                            issues.push(ResourceIssue {
                                side,
                                index,
                                message,
                                related: Some((Side::Limit, li)),
                            });
                        }
                    }
                    None if !class_overcommit => issues.push(ResourceIssue {
                        side,
                        index,
                        message: "Limit must be set for non overcommitable resources".into(),
                        related: None,
                    }),
                    None => {}
                }
            }
        }
    }
    if let (Some((side, index)), false) = (huge_pages, has_compute) {
        issues.push(ResourceIssue {
            side,
            index,
            message: "HugePages require cpu or memory".into(),
            related: None,
        });
    }
    issues
}

/// A huge-page value must be a whole number of pages (Kubernetes'
/// `validateResourceQuantityHugePageValue`).
fn huge_page_multiple(size: &str, value: &Quantity) -> Option<String> {
    let page = Quantity::parse(size).ok()?;
    let (p, v) = (page.value()?, value.value()?);
    (p > 0 && v % p != 0).then(|| format!("{value} is not positive integer multiple of {page}"))
}

use crate::Quantity;
use crate::error::{RuleError, Subject, Violation};
use crate::suggest::did_you_mean;

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        s.parse().unwrap()
    }

    fn messages(issues: &[ResourceIssue]) -> Vec<&str> {
        issues.iter().map(|i| i.message.as_str()).collect()
    }

    #[test]
    fn flyte_names_round_trip_through_keys_and_proto_names() {
        for name in ResourceName::ALL {
            assert_eq!(ResourceName::from_key(name.key()), Some(name));
            assert_eq!(ResourceName::from_proto_name(name.proto_name()), Some(name));
            assert_eq!(
                ResourceName::from_proto_number(name.proto_number()),
                Some(name)
            );
        }
        assert_eq!(ResourceName::from_key("mem"), Some(ResourceName::Memory));
        assert_eq!(ResourceName::from_key("ephemeral-storage"), None);
        assert_eq!(ResourceName::from_proto_number(9), None);
    }

    #[test]
    fn flyte_gpu_becomes_the_configured_extended_resource() {
        assert_eq!(
            ResourceName::Gpu.to_k8s(DEFAULT_GPU_RESOURCE),
            K8sResourceName::Extended("nvidia.com/gpu")
        );
        assert_eq!(
            ResourceName::Gpu.to_k8s("amd.com/gpu").as_str(),
            "amd.com/gpu"
        );
        assert_eq!(
            ResourceName::EphemeralStorage
                .to_k8s(DEFAULT_GPU_RESOURCE)
                .as_str(),
            "ephemeral-storage"
        );
    }

    #[test]
    fn container_resource_names_follow_kubernetes() {
        // From Kubernetes' validateContainerResourceName tests.
        for ok in [
            "cpu",
            "memory",
            "ephemeral-storage",
            "hugepages-2Mi",
            "hugepages-1Gi",
            "nvidia.com/gpu",
            "example.com/dongle",
            "kubernetes.io/something",
        ] {
            assert!(K8sResourceName::parse(ok).is_ok(), "{ok}");
        }
        let err = |s: &str| K8sResourceName::parse(s).unwrap_err();
        assert_eq!(
            err("storage").message(),
            "must be a standard resource for containers"
        );
        assert_eq!(
            err("gpu").message(),
            "must be a standard resource for containers"
        );
        assert_eq!(err("memroy").suggestion(), Some("memory"));
        assert_eq!(err("hugepages-abc").range(), 10..13);
        assert_eq!(
            err("hugepages-0").message(),
            "the size of a huge page must be greater than 0"
        );
        assert!(
            err("example.com/")
                .message()
                .contains("name part must be non-empty")
        );
        assert_eq!(
            err("requests.example.com/x").message(),
            "doesn't follow extended resource name standard"
        );
    }

    #[test]
    fn values_are_never_negative_and_extended_values_are_whole() {
        assert_eq!(
            check_value(false, &q("-1")),
            Err("must be greater than or equal to 0")
        );
        assert_eq!(check_value(true, &q("0.5")), Err("must be an integer"));
        assert_eq!(check_value(true, &q("1500m")), Err("must be an integer"));
        assert_eq!(check_value(true, &q("2000m")), Ok(()));
        assert_eq!(check_value(false, &q("0.5")), Ok(()));
        assert_eq!(
            check_flyte_value_const(ResourceName::Gpu, "0.5").map_err(|v| v.message),
            Err("must be an integer")
        );
        const _: () = assert!(check_flyte_value_const(ResourceName::Gpu, "0.5").is_err());
        const _: () = assert!(check_flyte_value_const(ResourceName::Cpu, "500m").is_ok());
        const _: () = assert!(check_flyte_pair_const(ResourceName::Cpu, "2", "1").is_err());
        const _: () = assert!(check_flyte_pair_const(ResourceName::Cpu, "1", "1000m").is_ok());
        const _: () = assert!(check_flyte_pair_const(ResourceName::Gpu, "1", "2").is_err());
    }

    #[test]
    fn flyte_requests_must_not_exceed_limits() {
        use ResourceName::*;
        let issues = validate_flyte(
            &[(Cpu, q("4")), (Memory, q("1Gi")), (Gpu, q("1"))],
            &[(Cpu, q("2")), (Memory, q("1024Mi")), (Gpu, q("2"))],
        );
        assert_eq!(
            messages(&issues),
            [
                "must be less than or equal to cpu limit of 2",
                "must be equal to gpu limit of 2"
            ]
        );
        assert_eq!(issues[0].related, Some((Side::Limit, 0)));
        assert_eq!((issues[1].side, issues[1].index), (Side::Request, 2));
        // A GPU request alone is fine: Flyte sets the limit to match.
        assert!(validate_flyte(&[(Gpu, q("1"))], &[]).is_empty());
    }

    #[test]
    fn flyte_duplicates_and_unknown_names_are_reported() {
        use ResourceName::*;
        let issues = validate_flyte(&[(Cpu, q("1")), (Cpu, q("2")), (Unknown, q("1"))], &[]);
        assert_eq!(
            messages(&issues),
            [
                "duplicate cpu request",
                "UNKNOWN is not a resource a task can ask for"
            ]
        );
        assert_eq!(issues[0].related, Some((Side::Request, 0)));
    }

    #[test]
    fn kubernetes_requirements_follow_validate_resource_requirements() {
        let ok = validate_k8s(
            &[
                ("cpu", q("250m")),
                ("memory", q("64Mi")),
                ("example.com/a", q("1")),
            ],
            &[
                ("cpu", q("1")),
                ("memory", q("128Mi")),
                ("example.com/a", q("1")),
            ],
        );
        assert!(ok.is_empty(), "{ok:?}");
        let issues = validate_k8s(&[("nvidia.com/gpu", q("1"))], &[]);
        assert_eq!(
            messages(&issues),
            ["Limit must be set for non overcommitable resources"]
        );
        let issues = validate_k8s(&[("memory", q("2Gi"))], &[("memory", q("1Gi"))]);
        assert_eq!(
            messages(&issues),
            ["must be less than or equal to memory limit of 1Gi"]
        );
        let issues = validate_k8s(&[], &[("hugepages-2Mi", q("3Mi"))]);
        assert_eq!(
            messages(&issues),
            [
                "3Mi is not positive integer multiple of 2Mi",
                "HugePages require cpu or memory"
            ]
        );
        let issues = validate_k8s(
            &[("hugepages-2Mi", q("4Mi"))],
            &[("hugepages-2Mi", q("4Mi")), ("memory", q("1Gi"))],
        );
        assert!(issues.is_empty(), "{issues:?}");
        let issues = validate_k8s(&[("storage", q("1Gi"))], &[]);
        assert!(
            issues[0]
                .message
                .contains("must be a standard resource for containers")
        );
        let issues = validate_k8s(
            &[],
            &[("example.com/a", q("-1")), ("example.com/b", q("0.5"))],
        );
        assert_eq!(
            messages(&issues),
            ["must be greater than or equal to 0", "must be an integer"]
        );
    }
}
