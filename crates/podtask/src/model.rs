//! The spec model: a task's container, its resources and environment, with flyteidl's names.
//!
//! Every type can be built in a `const` item (through the `new_const` constructors, which the
//! `#[task]` macro also calls) and checked by the compiler with `check_const`; the runtime
//! constructors and [`Container::builder`] check the same rules and return a
//! [`RuleError`] naming the input.
//!
//! ```
//! use podtask::model::{Container, KeyValuePair, ResourceEntry, ResourceName, Resources};
//! use std::borrow::Cow;
//!
//! // A slice of entries is a `const` of its own: only the outermost `&` of a `const` item lives
//! // for `'static` when the items have destructors.
//! const REQUESTS: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Cpu, "500m")];
//! const LIMITS: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Cpu, "1")];
//! const RESOURCES: Resources = Resources::new_const(REQUESTS, LIMITS);
//! const _: () = {
//!     const CHECKED: &Resources = &RESOURCES;
//!     match CHECKED.check_const() {
//!         Ok(()) => (),
//!         Err(v) => panic!("{}", v.message),
//!     }
//! };
//!
//! let container = Container::builder()
//!     .image("python:3.9-slim-buster")
//!     .command(["python"])
//!     .env("DEBUG_MODE", "true")
//!     .resources(RESOURCES)
//!     .build()
//!     .unwrap();
//! assert_eq!(container.env[0], KeyValuePair::new("DEBUG_MODE", "true"));
//! ```

use std::borrow::Cow;
use std::fmt;

use podtask_rules::resource;
use podtask_rules::{Quantity, RuleError, Subject, Violation};
use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

pub use podtask_rules::resource::ResourceName;

/// One resource and its amount: flyteidl `core.Resources.ResourceEntry`.
///
/// The value is the quantity exactly as written (`"500m"`, `"1Gi"`), as Flyte passes it on to
/// Kubernetes unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourceEntry {
    /// Which resource.
    pub name: ResourceName,
    /// The amount, a Kubernetes quantity as written.
    pub value: Cow<'static, str>,
}

impl ResourceEntry {
    /// An entry for a `const` item. Check it with [`Resources::check_const`].
    pub const fn new_const(name: ResourceName, value: &'static str) -> Self {
        ResourceEntry {
            name,
            value: Cow::Borrowed(value),
        }
    }

    /// An entry whose value is checked: a Kubernetes quantity that is not negative, and for the
    /// GPU a whole number.
    ///
    /// ```
    /// use podtask::model::{ResourceEntry, ResourceName};
    /// assert!(ResourceEntry::new(ResourceName::Memory, "1Gi").is_ok());
    /// let e = ResourceEntry::new(ResourceName::Memory, "1 Gi").unwrap_err();
    /// assert_eq!(e.input(), "1 Gi");
    /// ```
    pub fn new(name: ResourceName, value: impl Into<String>) -> Result<Self, RuleError> {
        let value = value.into();
        let entry = ResourceEntry {
            name,
            value: Cow::Owned(value),
        };
        check_entry_const(&entry).map_err(|v| v.into_error(Subject::Quantity, &entry.value))?;
        Ok(entry)
    }
}

/// What a container requests and may use at most: flyteidl `core.Resources`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct Resources {
    /// What the container is guaranteed; each resource at most once.
    pub requests: Cow<'static, [ResourceEntry]>,
    /// The most the container may use; each resource at most once.
    pub limits: Cow<'static, [ResourceEntry]>,
}

impl Resources {
    /// No requests and no limits.
    pub const EMPTY: Resources = Resources::from_parts(&[], &[]);

    /// Resources for a `const` item, checked by the rules of [`Resources::new`] when the
    /// constant is evaluated: a value that breaks one fails the build where the constant is
    /// defined. (At run time it panics on such values: use [`Resources::new`] for values read
    /// while the program runs.)
    ///
    /// ```compile_fail
    /// use podtask::{ResourceEntry, ResourceName, Resources};
    /// const REQUESTS: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Cpu, "1ki")];
    /// const BAD: Resources = Resources::new_const(REQUESTS, &[]);
    /// ```
    pub const fn new_const(
        requests: &'static [ResourceEntry],
        limits: &'static [ResourceEntry],
    ) -> Self {
        let r = Resources::from_parts(requests, limits);
        if let Err(v) = check_resources_const(&r) {
            panic!("{}", v.message);
        }
        r
    }

    /// Resources from parts already checked.
    pub(crate) const fn from_parts(
        requests: &'static [ResourceEntry],
        limits: &'static [ResourceEntry],
    ) -> Self {
        Resources {
            requests: Cow::Borrowed(requests),
            limits: Cow::Borrowed(limits),
        }
    }

    /// Checked resources: every value a non-negative quantity, no resource named twice in the
    /// requests or in the limits, and no request above its limit.
    ///
    /// ```
    /// use podtask::model::{ResourceEntry, ResourceName, Resources};
    /// let cpu = |v: &str| ResourceEntry::new(ResourceName::Cpu, v).unwrap();
    /// assert!(Resources::new(vec![cpu("500m")], vec![cpu("1")]).is_ok());
    /// let e = Resources::new(vec![cpu("2")], vec![cpu("1")]).unwrap_err();
    /// assert!(e.to_string().contains("must be less than or equal to"), "{e}");
    /// ```
    pub fn new(
        requests: Vec<ResourceEntry>,
        limits: Vec<ResourceEntry>,
    ) -> Result<Self, RuleError> {
        let r = Resources {
            requests: Cow::Owned(requests),
            limits: Cow::Owned(limits),
        };
        r.check()?;
        Ok(r)
    }

    /// True when there are neither requests nor limits.
    pub fn is_empty(&self) -> bool {
        self.requests.is_empty() && self.limits.is_empty()
    }

    /// The request for `name`, if there is one.
    pub fn request(&self, name: ResourceName) -> Option<&ResourceEntry> {
        self.requests.iter().find(|e| e.name == name)
    }

    /// The limit for `name`, if there is one.
    pub fn limit(&self, name: ResourceName) -> Option<&ResourceEntry> {
        self.limits.iter().find(|e| e.name == name)
    }

    /// Checks the rules of [`Resources::new`] and names the offending value, in Kubernetes'
    /// words where Kubernetes has them.
    pub fn check(&self) -> Result<(), RuleError> {
        let parse =
            |entries: &[ResourceEntry]| -> Result<Vec<(ResourceName, Quantity)>, RuleError> {
                entries
                    .iter()
                    .map(|e| Ok((e.name, Quantity::parse(&e.value)?)))
                    .collect()
            };
        let requests = parse(&self.requests)?;
        let limits = parse(&self.limits)?;
        let Some(issue) = resource::validate_flyte(&requests, &limits)
            .into_iter()
            .next()
        else {
            return Ok(());
        };
        let entry = match issue.side {
            resource::Side::Request => &self.requests[issue.index],
            resource::Side::Limit => &self.limits[issue.index],
        };
        let message = format!(
            "{} {}: {}",
            entry.name.key(),
            issue.side.noun(),
            issue.message
        );
        Err(match issue.related {
            // A rule on the value alone: name the value.
            None if entry.name != ResourceName::Unknown => {
                RuleError::whole(Subject::Quantity, entry.value.to_string(), message)
            }
            _ => RuleError::whole(Subject::Resources, self.to_string(), message),
        })
    }

    /// Checks the rules of [`Resources::new`] in a `const` context; the `#[task]` macro calls this
    /// for resources passed by path.
    pub const fn check_const(&self) -> Result<(), Violation> {
        check_resources_const(self)
    }
}

impl fmt::Display for Resources {
    /// `requests(CPU=500m, MEMORY=1Gi) limits(CPU=1)`: how errors name a set of resources.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, entries: &[ResourceEntry]| {
            for (i, e) in entries.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{}={}", e.name, e.value)?;
            }
            Ok(())
        };
        f.write_str("requests(")?;
        list(f, &self.requests)?;
        f.write_str(") limits(")?;
        list(f, &self.limits)?;
        f.write_str(")")
    }
}

/// A key and a value: flyteidl `core.KeyValuePair`, used for environment variables and
/// container config.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct KeyValuePair {
    /// The key (for an environment variable, its name).
    pub key: Cow<'static, str>,
    /// The value.
    pub value: Cow<'static, str>,
}

impl KeyValuePair {
    /// A pair for a `const` item.
    pub const fn new_const(key: &'static str, value: &'static str) -> Self {
        KeyValuePair {
            key: Cow::Borrowed(key),
            value: Cow::Borrowed(value),
        }
    }

    /// A pair with any key (container config keys are free-form).
    pub fn new(key: impl Into<Cow<'static, str>>, value: impl Into<Cow<'static, str>>) -> Self {
        KeyValuePair {
            key: key.into(),
            value: value.into(),
        }
    }

    /// An environment variable, its name checked as Kubernetes checks it.
    ///
    /// ```
    /// use podtask::model::KeyValuePair;
    /// assert!(KeyValuePair::env("MY_ENV_VAR", "x").is_ok());
    /// assert_eq!(KeyValuePair::env("1BAD", "x").unwrap_err().input(), "1BAD");
    /// ```
    pub fn env(
        name: impl Into<Cow<'static, str>>,
        value: impl Into<Cow<'static, str>>,
    ) -> Result<Self, RuleError> {
        let key = name.into();
        podtask_rules::names::env_var_name(&key)
            .map_err(|v| v.into_error(Subject::EnvVarName, &key))?;
        Ok(KeyValuePair {
            key,
            value: value.into(),
        })
    }
}

/// The container a task runs in: flyteidl `core.Container`, less what Flyte fills in itself.
///
/// `image` is optional here: a task without one takes the image given when it is serialized.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Container {
    /// The image reference (`python:3.9-slim-buster`), if the task names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Cow<'static, str>>,
    /// The command; empty means the image's entrypoint.
    #[serde(default, skip_serializing_if = "is_empty_slice")]
    pub command: Cow<'static, [Cow<'static, str>]>,
    /// The arguments.
    #[serde(default, skip_serializing_if = "is_empty_slice")]
    pub args: Cow<'static, [Cow<'static, str>]>,
    /// Requests and limits.
    #[serde(default, skip_serializing_if = "Resources::is_empty")]
    pub resources: Resources,
    /// Environment variables, in the order written.
    #[serde(default, skip_serializing_if = "is_empty_slice")]
    pub env: Cow<'static, [KeyValuePair]>,
    /// Extra configuration (flyteidl keeps this field for older plugins).
    #[serde(default, skip_serializing_if = "is_empty_slice")]
    pub config: Cow<'static, [KeyValuePair]>,
}

#[allow(clippy::ptr_arg)] // serde's skip_serializing_if passes the field itself
pub(crate) fn is_empty_slice<T: Clone>(s: &Cow<'static, [T]>) -> bool {
    s.is_empty()
}

impl Container {
    /// A container for a `const` item, checked by the rules of [`Container::check`] when the
    /// constant is evaluated: a value that breaks one fails the build where the constant is
    /// defined. (At run time it panics on such values: use [`Container::builder`] for values
    /// read while the program runs.)
    pub const fn new_const(
        image: Option<&'static str>,
        command: &'static [Cow<'static, str>],
        args: &'static [Cow<'static, str>],
        resources: Resources,
        env: &'static [KeyValuePair],
        config: &'static [KeyValuePair],
    ) -> Self {
        let c = Container::from_parts(image, command, args, resources, env, config);
        if let Err(v) = c.check_const() {
            panic!("{}", v.message);
        }
        c
    }

    /// A container from parts already checked.
    pub(crate) const fn from_parts(
        image: Option<&'static str>,
        command: &'static [Cow<'static, str>],
        args: &'static [Cow<'static, str>],
        resources: Resources,
        env: &'static [KeyValuePair],
        config: &'static [KeyValuePair],
    ) -> Self {
        Container {
            image: match image {
                Some(i) => Some(Cow::Borrowed(i)),
                None => None,
            },
            command: Cow::Borrowed(command),
            args: Cow::Borrowed(args),
            resources,
            env: Cow::Borrowed(env),
            config: Cow::Borrowed(config),
        }
    }

    /// A builder that checks every part when it builds.
    pub fn builder() -> ContainerBuilder {
        ContainerBuilder::default()
    }

    /// Checks the image reference, the environment variable names and the resources.
    pub fn check(&self) -> Result<(), RuleError> {
        if let Some(image) = &self.image {
            crate::rulebook::check_image(image)?;
        }
        for kv in self.env.iter() {
            podtask_rules::names::env_var_name(&kv.key)
                .map_err(|v| v.into_error(Subject::EnvVarName, &kv.key))?;
        }
        self.resources.check()
    }

    /// The checks of [`Container::check`] in a `const` context; the `#[task]` macro calls this
    /// for containers passed by path.
    pub const fn check_const(&self) -> Result<(), Violation> {
        if let Some(image) = &self.image
            && let Err(v) = crate::rulebook::check_image_const(cow_str(image))
        {
            return Err(v);
        }
        let env = cow_slice(&self.env);
        let mut i = 0;
        while i < env.len() {
            if let Err(v) = podtask_rules::names::env_var_name(cow_str(&env[i].key)) {
                return Err(v);
            }
            i += 1;
        }
        check_resources_const(&self.resources)
    }
}

/// Builds a [`Container`] and checks it: see [`Container::builder`].
#[derive(Debug, Clone, Default)]
pub struct ContainerBuilder {
    container: Container,
    env: Vec<KeyValuePair>,
    config: Vec<KeyValuePair>,
}

impl ContainerBuilder {
    /// The image reference.
    pub fn image(mut self, image: impl Into<Cow<'static, str>>) -> Self {
        self.container.image = Some(image.into());
        self
    }

    /// The command, replacing any given before.
    pub fn command<S: Into<Cow<'static, str>>>(
        mut self,
        command: impl IntoIterator<Item = S>,
    ) -> Self {
        self.container.command = command.into_iter().map(Into::into).collect();
        self
    }

    /// The arguments, replacing any given before.
    pub fn args<S: Into<Cow<'static, str>>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.container.args = args.into_iter().map(Into::into).collect();
        self
    }

    /// Adds an environment variable.
    pub fn env(
        mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<Cow<'static, str>>,
    ) -> Self {
        self.env.push(KeyValuePair::new(name, value));
        self
    }

    /// Adds a config pair.
    pub fn config(
        mut self,
        key: impl Into<Cow<'static, str>>,
        value: impl Into<Cow<'static, str>>,
    ) -> Self {
        self.config.push(KeyValuePair::new(key, value));
        self
    }

    /// The requests and limits.
    pub fn resources(mut self, resources: Resources) -> Self {
        self.container.resources = resources;
        self
    }

    /// The container, if the image, every environment variable name and the resources follow
    /// the rules; else the first broken rule, naming the input.
    pub fn build(mut self) -> Result<Container, RuleError> {
        self.container.env = Cow::Owned(self.env);
        self.container.config = Cow::Owned(self.config);
        self.container.check()?;
        Ok(self.container)
    }
}

/// The kind of runtime that wrote a task: flyteidl `core.RuntimeMetadata.RuntimeType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuntimeType {
    /// `OTHER` (0).
    #[default]
    Other,
    /// `FLYTE_SDK` (1): what podtask writes, as flytekit does.
    FlyteSdk,
}

impl RuntimeType {
    fn is_default(&self) -> bool {
        *self == RuntimeType::Other
    }
}

/// Which runtime wrote a task: flyteidl `core.RuntimeMetadata`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuntimeMetadata {
    /// The kind of runtime.
    #[serde(default, skip_serializing_if = "RuntimeType::is_default")]
    pub r#type: RuntimeType,
    /// Its version.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub version: Cow<'static, str>,
    /// Its language.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub flavor: Cow<'static, str>,
}

impl RuntimeMetadata {
    /// podtask itself: `FLYTE_SDK`, this crate's version, flavor `rust`.
    pub const PODTASK: RuntimeMetadata =
        RuntimeMetadata::new_const(RuntimeType::FlyteSdk, env!("CARGO_PKG_VERSION"), "rust");

    /// Runtime metadata for a `const` item.
    pub const fn new_const(
        r#type: RuntimeType,
        version: &'static str,
        flavor: &'static str,
    ) -> Self {
        RuntimeMetadata {
            r#type,
            version: Cow::Borrowed(version),
            flavor: Cow::Borrowed(flavor),
        }
    }
}

impl Serialize for ResourceEntry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // proto3 JSON leaves out an enum at its default (UNKNOWN) and an empty string.
        let named = self.name != ResourceName::Unknown;
        let valued = !self.value.is_empty();
        let mut st = s.serialize_struct("ResourceEntry", named as usize + valued as usize)?;
        if named {
            st.serialize_field("name", self.name.proto_name())?;
        } else {
            st.skip_field("name")?;
        }
        if valued {
            st.serialize_field("value", &self.value)?;
        } else {
            st.skip_field("value")?;
        }
        st.end()
    }
}

impl<'de> Deserialize<'de> for ResourceEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(default)]
            name: Option<serde_json::Value>,
            #[serde(default)]
            value: String,
        }
        let raw = Raw::deserialize(d)?;
        let name = match raw.name {
            None => ResourceName::Unknown,
            Some(serde_json::Value::String(s)) => ResourceName::from_proto_name(&s)
                .ok_or_else(|| de::Error::custom(format!("unknown resource name {s:?}")))?,
            Some(serde_json::Value::Number(n)) => n
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .and_then(ResourceName::from_proto_number)
                .ok_or_else(|| de::Error::custom(format!("unknown resource number {n}")))?,
            Some(other) => {
                return Err(de::Error::custom(format!(
                    "expected a resource name, found {other}"
                )));
            }
        };
        Ok(ResourceEntry {
            name,
            value: Cow::Owned(raw.value),
        })
    }
}

impl Serialize for Resources {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Resources", 2)?;
        if self.requests.is_empty() {
            st.skip_field("requests")?;
        } else {
            st.serialize_field("requests", &*self.requests)?;
        }
        if self.limits.is_empty() {
            st.skip_field("limits")?;
        } else {
            st.serialize_field("limits", &*self.limits)?;
        }
        st.end()
    }
}

impl<'de> Deserialize<'de> for Resources {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(default)]
            requests: Vec<ResourceEntry>,
            #[serde(default)]
            limits: Vec<ResourceEntry>,
        }
        let raw = Raw::deserialize(d)?;
        Ok(Resources {
            requests: Cow::Owned(raw.requests),
            limits: Cow::Owned(raw.limits),
        })
    }
}

/// The text of a `Cow<str>` in a `const fn` (an owned one cannot occur in a `const` item, but a
/// value built at run time may be checked with the same function).
#[allow(clippy::ptr_arg)] // `Deref` is not callable in a `const fn`
pub(crate) const fn cow_str<'a>(c: &'a Cow<'static, str>) -> &'a str {
    match c {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => s.as_str(),
    }
}

/// The items of a `Cow<[T]>` in a `const fn`.
#[allow(clippy::ptr_arg)] // `Deref` is not callable in a `const fn`
pub(crate) const fn cow_slice<'a, T: Clone>(c: &'a Cow<'static, [T]>) -> &'a [T] {
    match c {
        Cow::Borrowed(s) => s,
        Cow::Owned(v) => v.as_slice(),
    }
}

/// The rules for one value on its own (the rulebook's: a quantity, not negative, a whole number
/// for the GPU), and a resource Flyte names.
const fn check_entry_const(e: &ResourceEntry) -> Result<(), Violation> {
    let value = cow_str(&e.value);
    if matches!(e.name, ResourceName::Unknown) {
        return Err(Violation::new(
            "UNKNOWN is not a resource a task can ask for",
            0,
            value.len(),
        ));
    }
    resource::check_flyte_value_const(e.name, value)
}

/// The rules for a set of requests and limits in a `const fn`: each value follows
/// the rulebook's `check_flyte_value_const`; no resource is named twice in the requests or in the limits; and a
/// request against its limit follows the rulebook's `check_flyte_pair_const` (at most the limit,
/// equal to it for the GPU).
///
/// This is the one place that puts the rulebook's rules on single values and pairs together
/// for a whole set, so it can be pointed at a rulebook function for sets once there is one.
pub const fn check_resources_const(r: &Resources) -> Result<(), Violation> {
    let requests = cow_slice(&r.requests);
    let limits = cow_slice(&r.limits);
    if let Err(v) = check_entries_const(requests) {
        return Err(v);
    }
    if let Err(v) = check_entries_const(limits) {
        return Err(v);
    }
    let mut i = 0;
    while i < requests.len() {
        let req = &requests[i];
        let mut j = 0;
        while j < limits.len() {
            let lim = &limits[j];
            if req.name.proto_number() == lim.name.proto_number()
                && let Err(v) = resource::check_flyte_pair_const(
                    req.name,
                    cow_str(&req.value),
                    cow_str(&lim.value),
                )
            {
                return Err(v);
            }
            j += 1;
        }
        i += 1;
    }
    Ok(())
}

const fn check_entries_const(entries: &[ResourceEntry]) -> Result<(), Violation> {
    let mut i = 0;
    while i < entries.len() {
        if let Err(v) = check_entry_const(&entries[i]) {
            return Err(v);
        }
        let mut j = 0;
        while j < i {
            if entries[j].name.proto_number() == entries[i].name.proto_number() {
                return Err(Violation::new(
                    "a resource may be named only once in the requests and once in the limits",
                    0,
                    cow_str(&entries[i].value).len(),
                ));
            }
            j += 1;
        }
        i += 1;
    }
    Ok(())
}

// ---- pods -------------------------------------------------------------------------------------

/// The primary container's name when none is given: flytekit's `PRIMARY_CONTAINER_DEFAULT_NAME`.
pub const DEFAULT_PRIMARY_CONTAINER_NAME: &str = "primary";

/// The pod's labels and annotations: flyteidl `core.K8sObjectMetadata`, in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct K8sObjectMetadata {
    /// Labels, each key once.
    pub labels: Cow<'static, [KeyValuePair]>,
    /// Annotations, each key once.
    pub annotations: Cow<'static, [KeyValuePair]>,
}

impl K8sObjectMetadata {
    /// No labels and no annotations.
    pub const EMPTY: K8sObjectMetadata = K8sObjectMetadata::new_const(&[], &[]);

    /// Metadata for a `const` item (the macros check it when they write it; the registry checks
    /// a pod given by path when the task is used).
    pub const fn new_const(
        labels: &'static [KeyValuePair],
        annotations: &'static [KeyValuePair],
    ) -> Self {
        K8sObjectMetadata {
            labels: Cow::Borrowed(labels),
            annotations: Cow::Borrowed(annotations),
        }
    }

    /// Checked metadata: label keys and values, annotation keys and the annotations' total size
    /// as Kubernetes checks them, each key once.
    ///
    /// ```
    /// use podtask::{K8sObjectMetadata, KeyValuePair};
    /// let ok = K8sObjectMetadata::new(vec![KeyValuePair::new("app", "etl")], vec![]);
    /// assert!(ok.is_ok());
    /// let e = K8sObjectMetadata::new(vec![KeyValuePair::new("app", "-etl")], vec![]).unwrap_err();
    /// assert!(e.to_string().starts_with(r#"labels[0]: invalid label value "-etl""#), "{e}");
    /// ```
    pub fn new(
        labels: Vec<KeyValuePair>,
        annotations: Vec<KeyValuePair>,
    ) -> Result<Self, PodError> {
        let m = K8sObjectMetadata {
            labels: Cow::Owned(labels),
            annotations: Cow::Owned(annotations),
        };
        m.check()?;
        Ok(m)
    }

    /// True when there are neither labels nor annotations.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.annotations.is_empty()
    }

    /// Checks the rules of [`K8sObjectMetadata::new`].
    pub fn check(&self) -> Result<(), PodError> {
        fn pairs(kvs: &[KeyValuePair]) -> Vec<(&str, &str)> {
            kvs.iter().map(|kv| (&*kv.key, &*kv.value)).collect()
        }
        let issues =
            podtask_podspec::check_metadata(&pairs(&self.labels), &pairs(&self.annotations));
        if issues.is_empty() {
            Ok(())
        } else {
            Err(PodError::Metadata(issues))
        }
    }
}

/// A pod spec built by code when the program runs: what `pod(spec = path::to::f)` records. The
/// registry builds and checks it when the task is used.
pub trait BuildPodSpec: Sync {
    /// Builds the spec, as a JSON object.
    fn build(&self) -> Result<serde_json::Map<String, serde_json::Value>, String>;
}

/// A function that returns a pod spec, as a [`BuildPodSpec`]: `fn() -> serde_json::Value` (an
/// object), `fn() -> serde_json::Map<String, Value>`, and with the `k8s-openapi` feature
/// `fn() -> k8s_openapi::api::core::v1::PodSpec`.
pub struct SpecFunction<T>(fn() -> T);

impl<T> SpecFunction<T> {
    /// The function `f`.
    pub const fn new(f: fn() -> T) -> Self {
        SpecFunction(f)
    }
}

/// A type a pod spec function may return.
pub trait IntoPodSpec {
    /// The spec as a JSON object.
    fn into_pod_spec(self) -> Result<serde_json::Map<String, serde_json::Value>, String>;
}

impl IntoPodSpec for serde_json::Map<String, serde_json::Value> {
    fn into_pod_spec(self) -> Result<serde_json::Map<String, serde_json::Value>, String> {
        Ok(self)
    }
}

impl IntoPodSpec for serde_json::Value {
    fn into_pod_spec(self) -> Result<serde_json::Map<String, serde_json::Value>, String> {
        match self {
            serde_json::Value::Object(m) => Ok(m),
            other => Err(format!(
                "a pod spec is a JSON object, the function returned {}",
                crate::value::found(&other)
            )),
        }
    }
}

#[cfg(feature = "k8s-openapi")]
impl IntoPodSpec for k8s_openapi::api::core::v1::PodSpec {
    fn into_pod_spec(self) -> Result<serde_json::Map<String, serde_json::Value>, String> {
        match serde_json::to_value(&self) {
            Ok(serde_json::Value::Object(m)) => Ok(m),
            Ok(_) => Err("k8s-openapi wrote the PodSpec as something else than an object".into()),
            Err(e) => Err(format!("cannot write the PodSpec as JSON: {e}")),
        }
    }
}

impl<T: IntoPodSpec> BuildPodSpec for SpecFunction<T> {
    fn build(&self) -> Result<serde_json::Map<String, serde_json::Value>, String> {
        (self.0)().into_pod_spec()
    }
}

/// Where a task's pod spec comes from.
#[derive(Clone)]
#[non_exhaustive]
pub enum PodSpecSource {
    /// No spec: the pod holds the primary container alone.
    None,
    /// A spec as compact JSON text, read and checked when it was written (by the macro, at
    /// compile time).
    Json(Cow<'static, str>),
    /// A spec as a JSON object (an inline spec the macro checked, decoded when the task is
    /// used).
    Value(serde_json::Map<String, serde_json::Value>),
    /// A spec built by code when the program runs; the registry builds it and checks it when
    /// the task is used, naming the task.
    Function(&'static dyn BuildPodSpec),
}

impl fmt::Debug for PodSpecSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PodSpecSource::None => f.write_str("None"),
            PodSpecSource::Json(text) => f.debug_tuple("Json").field(text).finish(),
            PodSpecSource::Value(v) => f.debug_tuple("Value").field(v).finish(),
            PodSpecSource::Function(_) => f.write_str("Function(..)"),
        }
    }
}

/// A task's pod: flytekit's `PodTemplate` (flyteidl `core.K8sPod`): labels and annotations, a
/// Kubernetes pod spec, and the name of the container that runs the task.
///
/// The task's image, command, arguments, resources and environment go into the primary
/// container by the rule of [`crate::pod::merge`]; the other containers, volumes and scheduling
/// settings are the spec's.
///
/// ```
/// use podtask::{K8sPod, KeyValuePair, PodSpecSource};
/// use std::borrow::Cow;
///
/// const LABELS: &[KeyValuePair] = &[KeyValuePair::new_const("app", "etl")];
/// const POD: K8sPod = K8sPod::new_const(
///     "main",
///     LABELS,
///     &[],
///     PodSpecSource::Json(Cow::Borrowed(r#"{"nodeSelector":{"disk":"ssd"}}"#)),
/// );
/// let spec = POD.check().unwrap();
/// assert_eq!(spec["nodeSelector"]["disk"], "ssd");
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct K8sPod {
    /// Labels and annotations of the pod.
    pub metadata: K8sObjectMetadata,
    /// The pod spec.
    pub pod_spec: PodSpecSource,
    /// The container that runs the task ([`DEFAULT_PRIMARY_CONTAINER_NAME`] unless given).
    pub primary_container_name: Cow<'static, str>,
    /// Whether the macros checked the spec while the code compiled (`pod!`, `pod(...)`), so
    /// that reading a task only reads it.
    checked: bool,
}

impl K8sPod {
    /// A pod for a `const` item: its labels, annotations and spec are read strictly and checked
    /// in full when a task that uses it is read (the `pod!` macro checks them while the code
    /// compiles instead).
    pub const fn new_const(
        primary_container_name: &'static str,
        labels: &'static [KeyValuePair],
        annotations: &'static [KeyValuePair],
        pod_spec: PodSpecSource,
    ) -> Self {
        K8sPod::from_parts(primary_container_name, labels, annotations, pod_spec, false)
    }

    pub(crate) const fn from_parts(
        primary_container_name: &'static str,
        labels: &'static [KeyValuePair],
        annotations: &'static [KeyValuePair],
        pod_spec: PodSpecSource,
        checked: bool,
    ) -> Self {
        K8sPod {
            metadata: K8sObjectMetadata::new_const(labels, annotations),
            pod_spec,
            primary_container_name: Cow::Borrowed(primary_container_name),
            checked,
        }
    }

    /// A pod whose spec the macros checked while the code compiled.
    pub(crate) fn checked_by_macro(
        primary_container_name: Cow<'static, str>,
        metadata: K8sObjectMetadata,
        pod_spec: PodSpecSource,
    ) -> Self {
        K8sPod {
            metadata,
            pod_spec,
            primary_container_name,
            checked: true,
        }
    }

    /// A checked pod from a spec built at run time (see [`K8sPod::check`]).
    ///
    /// ```
    /// use podtask::{K8sObjectMetadata, K8sPod};
    /// let spec = serde_json::json!({"containers": [{"name": "sidecar"}]});
    /// let e = K8sPod::from_spec("main", K8sObjectMetadata::EMPTY, spec).unwrap_err();
    /// assert_eq!(
    ///     e.to_string(),
    ///     r#"containers[0].image: Required value: only the primary container ("main") gets the task's image; container "sidecar" needs its own"#
    /// );
    /// ```
    pub fn from_spec(
        primary_container_name: impl Into<Cow<'static, str>>,
        metadata: K8sObjectMetadata,
        spec: impl IntoPodSpec,
    ) -> Result<Self, PodError> {
        let spec = spec.into_pod_spec().map_err(|e| {
            PodError::Read(vec![podtask_podspec::SpecError::new(
                podtask_podspec::JsonPath::root(),
                e,
            )])
        })?;
        let pod = K8sPod {
            metadata,
            pod_spec: PodSpecSource::Value(spec),
            primary_container_name: primary_container_name.into(),
            checked: true,
        };
        pod.check()?;
        Ok(pod)
    }

    /// The pod spec as written, before the task's container goes into it: empty for
    /// [`PodSpecSource::None`], parsed for [`PodSpecSource::Json`], built for
    /// [`PodSpecSource::Function`]. Not checked: see [`K8sPod::check`].
    pub fn pod_spec(&self) -> Result<serde_json::Map<String, serde_json::Value>, PodError> {
        let read_error = |e: String| {
            PodError::Read(vec![podtask_podspec::SpecError::new(
                podtask_podspec::JsonPath::root(),
                e,
            )])
        };
        match &self.pod_spec {
            PodSpecSource::None => Ok(serde_json::Map::new()),
            PodSpecSource::Json(text) => {
                match podtask_podspec::from_json_text(text).map_err(|e| PodError::Read(vec![e]))? {
                    serde_json::Value::Object(m) => Ok(m),
                    _ => Err(read_error("a pod spec is a JSON object".to_owned())),
                }
            }
            PodSpecSource::Value(m) => Ok(m.clone()),
            PodSpecSource::Function(f) => f.build().map_err(read_error),
        }
    }

    /// The primary container's name.
    pub fn primary_container_name(&self) -> &str {
        &self.primary_container_name
    }

    /// The spec, read strictly and checked as the Kubernetes API server checks a pod (for the
    /// Kubernetes version podtask is built for, with this pod's primary container), and the
    /// labels and annotations. Warnings are not errors.
    pub fn check(&self) -> Result<serde_json::Map<String, serde_json::Value>, PodError> {
        self.metadata.check()?;
        let spec = self.pod_spec()?;
        let value = serde_json::Value::Object(spec);
        let version = crate::pod::KUBERNETES_VERSION;
        podtask_podspec::read_spec(&value, version).map_err(PodError::Read)?;
        let checked = podtask_podspec::check(&value, Some(&self.primary_container_name), version);
        if let Some(e) = checked.primary_name {
            return Err(PodError::PrimaryName(Box::new(e)));
        }
        if !checked.errors.is_empty() {
            return Err(PodError::Spec(checked.errors));
        }
        match value {
            serde_json::Value::Object(m) => Ok(m),
            _ => unreachable!("built as an object above"),
        }
    }

    /// The checks a pod needs when a task that uses it is read: a spec built by code, or
    /// written without the macros, is read strictly and checked in full; a spec the macros
    /// checked is only read; the labels and annotations always.
    pub(crate) fn check_built(&self) -> Result<(), PodError> {
        match self.pod_spec {
            PodSpecSource::Function(_) => self.check().map(drop),
            _ if !self.checked => self.check().map(drop),
            _ => self
                .metadata
                .check()
                .and_then(|()| self.pod_spec().map(drop)),
        }
    }
}

/// Why a task's pod cannot be used: every problem, each at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PodError {
    /// The spec cannot be read: JSON syntax, unknown fields, values of the wrong type, missing
    /// required fields.
    Read(Vec<podtask_podspec::SpecError>),
    /// Kubernetes would refuse the spec, or podtask cannot run it.
    Spec(Vec<podtask_podspec::SpecError>),
    /// The primary container's name is not a DNS-1123 label.
    PrimaryName(Box<RuleError>),
    /// A label or annotation breaks a rule.
    Metadata(Vec<podtask_podspec::MetaIssue>),
}

impl fmt::Display for PodError {
    /// Each problem at its path, joined by `; `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "{item}")?;
            }
            Ok(())
        }
        match self {
            PodError::Read(errors) | PodError::Spec(errors) => list(f, errors),
            PodError::PrimaryName(e) => write!(f, "primary container name: {e}"),
            PodError::Metadata(issues) => list(f, issues),
        }
    }
}

impl std::error::Error for PodError {}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD_REQUESTS: &[ResourceEntry] = &[
        ResourceEntry::new_const(ResourceName::Cpu, "500m"),
        ResourceEntry::new_const(ResourceName::Memory, "1Gi"),
    ];
    const GOOD_LIMITS: &[ResourceEntry] = &[
        ResourceEntry::new_const(ResourceName::Cpu, "1"),
        ResourceEntry::new_const(ResourceName::Memory, "2Gi"),
    ];
    // Checked when evaluated: a bad value here would not compile.
    const GOOD: Resources = Resources::new_const(GOOD_REQUESTS, GOOD_LIMITS);

    #[test]
    fn const_resources_pass_and_bad_ones_fail() {
        assert_eq!(GOOD.check_const(), Ok(()));
        const CPU_2: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Cpu, "2")];
        const CPU_1: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Cpu, "1")];
        const ABOVE: Resources = Resources::from_parts(CPU_2, CPU_1);
        let v = ABOVE.check_const().unwrap_err();
        assert!(v.message.contains("must not exceed"), "{}", v.message);
        let e = ABOVE.check().unwrap_err();
        assert_eq!(e.subject(), Subject::Resources);
        assert_eq!(e.input(), "requests(CPU=2) limits(CPU=1)");

        const CPU_TWICE: &[ResourceEntry] = &[
            ResourceEntry::new_const(ResourceName::Cpu, "1"),
            ResourceEntry::new_const(ResourceName::Cpu, "2"),
        ];
        const TWICE: Resources = Resources::from_parts(CPU_TWICE, &[]);
        assert!(
            TWICE
                .check_const()
                .unwrap_err()
                .message
                .contains("only once")
        );

        const NEG_MEM: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Memory, "-1Gi")];
        const NEG: Resources = Resources::from_parts(NEG_MEM, &[]);
        let e = NEG.check().unwrap_err();
        assert_eq!((e.subject(), e.input()), (Subject::Quantity, "-1Gi"));

        const HALF: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Gpu, "0.5")];
        const HALF_GPU: Resources = Resources::from_parts(&[], HALF);
        assert!(HALF_GPU.check_const().is_err());
    }

    #[test]
    fn entry_serializes_as_proto3_json() {
        let e = ResourceEntry::new_const(ResourceName::EphemeralStorage, "1Gi");
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"name":"EPHEMERAL_STORAGE","value":"1Gi"}"#);
        let back: ResourceEntry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
        let by_number: ResourceEntry = serde_json::from_str(r#"{"name":3,"value":"1"}"#).unwrap();
        assert_eq!(by_number.name, ResourceName::Memory);
        assert!(serde_json::from_str::<ResourceEntry>(r#"{"name":"RAM"}"#).is_err());
    }

    #[test]
    fn builder_checks_each_part() {
        let ok = Container::builder()
            .image("python:3.9-slim-buster")
            .env("A", "1")
            .build()
            .unwrap();
        assert_eq!(ok.image.as_deref(), Some("python:3.9-slim-buster"));
        let e = Container::builder().env("1A", "x").build().unwrap_err();
        assert_eq!((e.subject(), e.input()), (Subject::EnvVarName, "1A"));
        let e = Container::builder().image("").build().unwrap_err();
        assert_eq!(e.subject(), Subject::ImageReference);
    }

    #[test]
    fn container_round_trips_through_json() {
        let c = Container::builder()
            .image("busybox:1.36")
            .command(["sh", "-c"])
            .args(["echo hi"])
            .env("A", "1")
            .config("k", "v")
            .resources(GOOD)
            .build()
            .unwrap();
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["resources"]["limits"][1]["value"], "2Gi");
        assert_eq!(json["env"][0]["key"], "A");
        let back: Container = serde_json::from_value(json).unwrap();
        assert_eq!(back, c);
        assert_eq!(serde_json::to_string(&Container::default()).unwrap(), "{}");
    }

    #[test]
    fn runtime_metadata_names_podtask() {
        let json = serde_json::to_value(RuntimeMetadata::PODTASK).unwrap();
        assert_eq!(json["type"], "FLYTE_SDK");
        assert_eq!(json["flavor"], "rust");
        assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
    }
}
