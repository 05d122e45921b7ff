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
    pub const EMPTY: Resources = Resources::new_const(&[], &[]);

    /// Resources for a `const` item. Check them with [`Resources::check_const`].
    pub const fn new_const(
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
    /// A container for a `const` item. Check it with [`Container::check_const`].
    pub const fn new_const(
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
    const GOOD: Resources = Resources::new_const(GOOD_REQUESTS, GOOD_LIMITS);
    // What the macro emits for a `const` given by path: a borrow of a value with drop glue
    // must be the outermost borrow of a `const` item to be evaluated at compile time.
    const _: () = {
        const VALUE: &Resources = &GOOD;
        match crate::__private::check_resources(VALUE) {
            Ok(()) => (),
            Err(v) => panic!("{}", v.message),
        }
    };

    #[test]
    fn const_resources_pass_and_bad_ones_fail() {
        assert_eq!(GOOD.check_const(), Ok(()));
        const CPU_2: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Cpu, "2")];
        const CPU_1: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Cpu, "1")];
        const ABOVE: Resources = Resources::new_const(CPU_2, CPU_1);
        let v = ABOVE.check_const().unwrap_err();
        assert!(v.message.contains("must not exceed"), "{}", v.message);
        let e = ABOVE.check().unwrap_err();
        assert_eq!(e.subject(), Subject::Resources);
        assert_eq!(e.input(), "requests(CPU=2) limits(CPU=1)");

        const CPU_TWICE: &[ResourceEntry] = &[
            ResourceEntry::new_const(ResourceName::Cpu, "1"),
            ResourceEntry::new_const(ResourceName::Cpu, "2"),
        ];
        const TWICE: Resources = Resources::new_const(CPU_TWICE, &[]);
        assert!(
            TWICE
                .check_const()
                .unwrap_err()
                .message
                .contains("only once")
        );

        const NEG_MEM: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Memory, "-1Gi")];
        const NEG: Resources = Resources::new_const(NEG_MEM, &[]);
        let e = NEG.check().unwrap_err();
        assert_eq!((e.subject(), e.input()), (Subject::Quantity, "-1Gi"));

        const HALF: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Gpu, "0.5")];
        const HALF_GPU: Resources = Resources::new_const(&[], HALF);
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
