//! What a task asks of the node and the cluster beyond requests and limits: which accelerator
//! ([`Accelerator`]: a GPU model, whole or a partition of one), shared memory
//! ([`SharedMemory`]), and the secrets it reads ([`Secret`]). In the Flyte task template they
//! are `extended_resources` and `security_context`, written as flytekit writes them; in a Pod,
//! what Flyte adds for them (see docs/pods.md).
//!
//! On a task they are written in the attribute, checked while the code compiles:
//!
//! ```
//! use podtask::task;
//!
//! #[task(
//!     resources(requests(gpu = "1"), limits(gpu = "1")),
//!     accelerator(device = "nvidia-tesla-a100", partition = "1g.5gb"),
//!     shared_memory = "2Gi",
//!     secrets(secret(group = "db", key = "password", mount = "env")),
//! )]
//! fn train(epochs: i64) -> f64 {
//!     epochs as f64
//! }
//! ```
//!
//! or as constants, made with the [`accelerator!`](crate::accelerator!) and
//! [`secrets!`](crate::secrets!) macros and given by path (`accelerator = A100_MIG`,
//! `secrets = DB`). Values built any other way are checked when the task is read (the `check`
//! command reads every task).

use std::borrow::Cow;
use std::fmt;

use podtask_rules::accelerator::{self, Device};
use podtask_rules::{Quantity, RuleError, Subject, secret};
use serde::{Deserialize, Deserializer};

use crate::model::KeyValuePair;

pub use podtask_podspec::{
    ACCELERATOR_RESOURCES, SHARED_MEMORY_MOUNT_NAME, SHARED_MEMORY_MOUNT_PATH,
    is_accelerator_resource,
};

/// The accelerator a task runs on: flyteidl `core.GPUAccelerator`. Flyte schedules the task's
/// pod on nodes labelled with the device (and the partition), which only matters for a task
/// that requests a GPU.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Accelerator {
    /// The device as Flyte names it: `nvidia-tesla-a100`, `nvidia-h100`, `nvidia-tesla-t4`, ...
    pub device: Cow<'static, str>,
    /// Whole devices, a partition of one, or as the cluster decides.
    pub partition: Partition,
}

/// How much of the device a task gets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Partition {
    /// Not said: whatever nodes with the device offer.
    #[default]
    Unspecified,
    /// A partition of the device: a Multi-Instance GPU profile such as `1g.5gb`, or a TPU slice
    /// topology such as `2x4`.
    Size(Cow<'static, str>),
    /// Whole devices only, on nodes whose devices are not partitioned.
    Unpartitioned,
}

impl Accelerator {
    /// The accelerator `device`, for a `const` item; checked when the task is read.
    pub const fn new_const(device: &'static str, partition: Partition) -> Self {
        Accelerator {
            device: Cow::Borrowed(device),
            partition,
        }
    }

    /// The device `device`, whole or partitioned as the cluster decides.
    pub fn new(device: impl Into<Cow<'static, str>>) -> Self {
        Accelerator {
            device: device.into(),
            partition: Partition::Unspecified,
        }
    }

    /// The same device, divided into `partition`s (`1g.5gb`).
    pub fn partition(mut self, partition: impl Into<Cow<'static, str>>) -> Self {
        self.partition = Partition::Size(partition.into());
        self
    }

    /// The same device, whole devices only.
    pub fn unpartitioned(mut self) -> Self {
        self.partition = Partition::Unpartitioned;
        self
    }

    /// The device, if podtask knows it.
    pub fn known_device(&self) -> Option<&'static Device> {
        accelerator::device(&self.device)
    }

    /// Checks the device name (a node label value) and, for a device podtask knows, that it
    /// has the partition. A device podtask does not know is accepted: clusters label their own.
    pub fn check(&self) -> Result<(), RuleError> {
        accelerator::check_device_name(&self.device)?;
        if let Partition::Size(p) = &self.partition {
            match self.known_device() {
                Some(d) => d.check_partition(p)?,
                None => podtask_rules::names::label_value(p)
                    .map_err(|v| v.into_error(Subject::Accelerator, p))?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for Accelerator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.device)?;
        match &self.partition {
            Partition::Unspecified => Ok(()),
            Partition::Size(p) => write!(f, " ({p} partitions)"),
            Partition::Unpartitioned => f.write_str(" (unpartitioned)"),
        }
    }
}

/// Shared memory for the task's primary container: flyteidl `core.SharedMemory`, a memory-backed
/// volume at [`SHARED_MEMORY_MOUNT_PATH`] (`/dev/shm`, which PyTorch's data loaders and NCCL
/// use; a container's own is 64 MiB).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct SharedMemory {
    /// Its size limit, a quantity (`16Gi`); `None` leaves it to the node (its memory).
    pub size_limit: Option<Cow<'static, str>>,
}

impl SharedMemory {
    /// Shared memory of at most `size` (a quantity), for a `const` item.
    pub const fn new_const(size: Option<&'static str>) -> Self {
        SharedMemory {
            size_limit: match size {
                Some(s) => Some(Cow::Borrowed(s)),
                None => None,
            },
        }
    }

    /// Checks the size: a Kubernetes quantity greater than zero.
    pub fn check(&self) -> Result<(), RuleError> {
        let Some(size) = &self.size_limit else {
            return Ok(());
        };
        let q = Quantity::parse(size)?;
        if q.signum() <= 0 {
            return Err(RuleError::whole(
                Subject::Quantity,
                size.as_ref(),
                "shared memory must be greater than zero; leave it out for none, or write \
                 `shared_memory = true` for as much as the node allows",
            ));
        }
        Ok(())
    }
}

/// How a secret reaches the task: flyteidl `core.Secret.MountType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum SecretMount {
    /// As the platform chooses (Flyte's Kubernetes injection mounts a file).
    #[default]
    Any,
    /// As an environment variable.
    Env,
    /// As a file.
    File,
}

impl SecretMount {
    /// flyteidl's name of the mount type.
    pub const fn proto_name(self) -> &'static str {
        match self {
            SecretMount::Any => "ANY",
            SecretMount::Env => "ENV_VAR",
            SecretMount::File => "FILE",
        }
    }

    /// flyteidl's number of the mount type.
    pub const fn proto_number(self) -> i32 {
        match self {
            SecretMount::Any => 0,
            SecretMount::Env => 1,
            SecretMount::File => 2,
        }
    }
}

/// A secret a task reads: flyteidl `core.Secret`. The group is the Kubernetes Secret's name,
/// the key a key in it; read it in the task with [`crate::secret`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Secret {
    /// The group: the name of the Kubernetes Secret (or the path in another secret store).
    pub group: Cow<'static, str>,
    /// The key within the group, if the secret is one key of it.
    pub key: Option<Cow<'static, str>>,
    /// The group's version, for secret stores that keep versions.
    pub group_version: Option<Cow<'static, str>>,
    /// How it reaches the task.
    pub mount: SecretMount,
    /// The environment variable that also holds it (for an `Env` mount; for a file, the
    /// variable holds the file's path), besides Flyte's own `_FSEC_<GROUP>_<KEY>`.
    pub env_var: Option<Cow<'static, str>>,
}

impl Secret {
    /// The secret `key` of `group`, mounted as the platform chooses, for a `const` item; checked
    /// when the task is read.
    pub const fn new_const(group: &'static str, key: &'static str) -> Self {
        Secret {
            group: Cow::Borrowed(group),
            key: Some(Cow::Borrowed(key)),
            group_version: None,
            mount: SecretMount::Any,
            env_var: None,
        }
    }

    /// The secret `key` of `group`, mounted as the platform chooses.
    pub fn new(group: impl Into<Cow<'static, str>>, key: impl Into<Cow<'static, str>>) -> Self {
        Secret {
            group: group.into(),
            key: Some(key.into()),
            group_version: None,
            mount: SecretMount::Any,
            env_var: None,
        }
    }

    /// The whole group `group`, without a key.
    pub fn group(group: impl Into<Cow<'static, str>>) -> Self {
        Secret {
            group: group.into(),
            key: None,
            group_version: None,
            mount: SecretMount::Any,
            env_var: None,
        }
    }

    /// The same secret, mounted as `mount`.
    pub const fn mount(mut self, mount: SecretMount) -> Self {
        self.mount = mount;
        self
    }

    /// The same secret, also in the environment variable `name`.
    pub fn env_var(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.env_var = Some(name.into());
        self
    }

    /// The same secret, of version `version` of its group.
    pub fn group_version(mut self, version: impl Into<Cow<'static, str>>) -> Self {
        self.group_version = Some(version.into());
        self
    }

    /// The key, if the secret has one.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// Whether this is the secret `key` (`""` for none) of `group`.
    pub fn is(&self, group: &str, key: &str) -> bool {
        self.group == group && self.key.as_deref().unwrap_or("") == key
    }

    /// The environment variable Flyte puts it in: `_FSEC_<GROUP>_<KEY>`.
    pub fn flyte_env_var(&self) -> String {
        secret::env_var_name(&self.group, self.key())
    }

    /// The file Flyte puts it in: `/etc/flyte/secrets/<group>/<key>`.
    pub fn flyte_file(&self) -> String {
        secret::file_path(&self.group, self.key())
    }

    /// Checks the group (a DNS-1123 subdomain, the Secret's name), the key (a Secret key), the
    /// variable's name, and for a file the name Flyte gives its volume.
    pub fn check(&self) -> Result<(), RuleError> {
        secret::check_group(&self.group)?;
        if let Some(key) = &self.key {
            secret::check_key(key)?;
        }
        if let Some(v) = &self.group_version
            && v.is_empty()
        {
            return Err(RuleError::whole(
                Subject::Setting,
                "",
                "a group version cannot be empty: leave it out",
            ));
        }
        if let Some(name) = &self.env_var {
            podtask_rules::names::env_var_name(name)
                .map_err(|v| v.into_error(Subject::EnvVarName, name))?;
        }
        if self.mount != SecretMount::Env {
            secret::check_volume_name(&self.group, self.group_version.as_deref())?;
        }
        Ok(())
    }
}

impl fmt::Display for Secret {
    /// `group.key` (the group alone for a secret without a key).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.group)?;
        if let Some(k) = &self.key {
            write!(f, ".{k}")?;
        }
        Ok(())
    }
}

/// Checks what concerns several secrets together, and the task's environment: no secret
/// requested twice, no two secrets in one variable, and no variable of `env` a secret is also
/// put in.
pub fn check_secrets(secrets: &[Secret], env: &[KeyValuePair]) -> Result<(), String> {
    for (i, s) in secrets.iter().enumerate() {
        s.check().map_err(|e| format!("secret {s}: {e}"))?;
        if let Some(first) = secrets[..i]
            .iter()
            .find(|o| o.group == s.group && o.key == s.key && o.group_version == s.group_version)
        {
            return Err(format!(
                "secret {s} is requested twice (the second time as {:?}, the first as {:?}): \
                 request it once",
                s.mount.proto_name(),
                first.mount.proto_name()
            ));
        }
        for name in s
            .env_var
            .iter()
            .map(|n| n.to_string())
            .chain((s.mount == SecretMount::Env).then(|| s.flyte_env_var()))
        {
            if env.iter().any(|kv| kv.key == name) {
                return Err(format!(
                    "secret {s} is put in the environment variable {name}, which env(...) also \
                     sets: drop one"
                ));
            }
            if let Some(other) = secrets[..i].iter().find(|o| {
                o.env_var.as_deref() == Some(&name)
                    || (o.mount == SecretMount::Env && o.flyte_env_var() == name)
            }) {
                return Err(format!(
                    "secrets {other} and {s} are both put in the environment variable {name}"
                ));
            }
        }
    }
    Ok(())
}

/// Checks that a task with accelerator `a` asks for one: a GPU in its requests or limits, or
/// an accelerator resource in the requests or limits of a container of its pod spec. Flyte
/// selects nodes with the device only for a pod that asks for a GPU; without one, the task would
/// run anywhere, on no GPU.
pub fn check_gpu_for(
    a: &Accelerator,
    resources: &crate::Resources,
    spec: &serde_json::Map<String, serde_json::Value>,
    primary: &str,
) -> Result<(), String> {
    let nonzero = |v: &str| Quantity::parse(v).is_ok_and(|q| q.signum() > 0);
    let task_gpu = resources
        .requests
        .iter()
        .chain(resources.limits.iter())
        .any(|e| e.name == crate::ResourceName::Gpu && nonzero(&e.value));
    if task_gpu {
        return Ok(());
    }
    if podtask_podspec::asks_for_accelerator(spec) {
        return Ok(());
    }
    Err(format!(
        "accelerator {a} without a GPU: Flyte selects nodes with the device only for a pod \
         that asks for a GPU, so this task would run on any node, with no GPU; ask for one with \
         resources(limits(gpu = \"1\")) (or {} in the resources of container {primary:?})",
        crate::rules::resource::DEFAULT_GPU_RESOURCE
    ))
}

/// Checks that a pod spec leaves room for the shared memory volume: no volume of its name, and
/// nothing mounted at its path or with its name in the primary container (Flyte refuses such a
/// task when it starts it).
pub fn check_shared_memory_room(
    spec: &serde_json::Map<String, serde_json::Value>,
    primary: &str,
) -> Result<(), String> {
    match podtask_podspec::shared_memory_conflict(spec, primary) {
        Some(message) => Err(message),
        None => Ok(()),
    }
}

// ---- decoding, from the JSON the `#[task]` macro writes ------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AcceleratorDoc {
    device: String,
    #[serde(default)]
    partition_size: Option<String>,
    #[serde(default)]
    unpartitioned: bool,
}

impl<'de> Deserialize<'de> for Accelerator {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let doc = AcceleratorDoc::deserialize(d)?;
        Ok(Accelerator {
            device: Cow::Owned(doc.device),
            partition: match (doc.partition_size, doc.unpartitioned) {
                (Some(p), _) => Partition::Size(Cow::Owned(p)),
                (None, true) => Partition::Unpartitioned,
                (None, false) => Partition::Unspecified,
            },
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SharedMemoryDoc {
    #[serde(default)]
    size_limit: Option<String>,
}

impl<'de> Deserialize<'de> for SharedMemory {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let doc = SharedMemoryDoc::deserialize(d)?;
        Ok(SharedMemory {
            size_limit: doc.size_limit.map(Cow::Owned),
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SecretDoc {
    group: String,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    group_version: Option<String>,
    #[serde(default)]
    mount: Option<String>,
    #[serde(default)]
    env_var: Option<String>,
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let doc = SecretDoc::deserialize(d)?;
        let mount = match doc.mount.as_deref() {
            None | Some("ANY") => SecretMount::Any,
            Some("ENV_VAR") => SecretMount::Env,
            Some("FILE") => SecretMount::File,
            Some(other) => {
                return Err(serde::de::Error::custom(format!(
                    "unknown secret mount {other:?}"
                )));
            }
        };
        Ok(Secret {
            group: Cow::Owned(doc.group),
            key: doc.key.map(Cow::Owned),
            group_version: doc.group_version.map(Cow::Owned),
            mount,
            env_var: doc.env_var.map(Cow::Owned),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accelerators_check_device_and_partition() {
        assert!(
            Accelerator::new("nvidia-tesla-a100")
                .partition("1g.5gb")
                .check()
                .is_ok()
        );
        assert!(
            Accelerator::new("nvidia-tesla-a100")
                .partition("3g.40gb")
                .check()
                .is_err()
        );
        assert!(
            Accelerator::new("my-cluster-gpu")
                .partition("half")
                .check()
                .is_ok()
        );
        assert!(Accelerator::new("NVIDIA A100").check().is_err());
        assert_eq!(
            Accelerator::new("nvidia-h100").unpartitioned().to_string(),
            "nvidia-h100 (unpartitioned)"
        );
    }

    #[test]
    fn shared_memory_is_a_positive_quantity() {
        assert!(SharedMemory::new_const(Some("16Gi")).check().is_ok());
        assert!(SharedMemory::new_const(None).check().is_ok());
        let e = SharedMemory::new_const(Some("0")).check().unwrap_err();
        assert!(e.message().contains("greater than zero"));
        assert!(SharedMemory::new_const(Some("16GB")).check().is_err());
    }

    #[test]
    fn secrets_are_checked_alone_and_together() {
        let db = Secret::new("db", "password").mount(SecretMount::Env);
        assert!(db.check().is_ok());
        assert_eq!(db.flyte_env_var(), "_FSEC_DB_PASSWORD");
        assert_eq!(db.to_string(), "db.password");
        assert!(Secret::new("DB", "password").check().is_err());
        assert!(Secret::new("db", "pass word").check().is_err());
        assert!(
            Secret::new("db", "password")
                .env_var("1PASSWORD")
                .check()
                .is_err()
        );
        let twice = [db.clone(), Secret::new("db", "password")];
        assert!(check_secrets(&twice, &[]).unwrap_err().contains("twice"));
        let env = [KeyValuePair::new("_FSEC_DB_PASSWORD", "x")];
        assert!(check_secrets(std::slice::from_ref(&db), &env).is_err());
        let same_var = [
            Secret::new("a", "k").env_var("TOKEN"),
            Secret::new("b", "k").env_var("TOKEN"),
        ];
        assert!(check_secrets(&same_var, &[]).unwrap_err().contains("both"));
        assert!(check_secrets(&[db, Secret::group("slack")], &[]).is_ok());
    }

    #[test]
    fn decoding_reads_what_the_macro_writes() {
        let a: Accelerator =
            serde_json::from_str(r#"{"device":"nvidia-h100","unpartitioned":true}"#).unwrap();
        assert_eq!(a.partition, Partition::Unpartitioned);
        let s: Secret = serde_json::from_str(
            r#"{"group":"gcp","key":"sa.json","groupVersion":"v1","mount":"FILE"}"#,
        )
        .unwrap();
        assert_eq!(s.mount, SecretMount::File);
        assert_eq!(s.group_version.as_deref(), Some("v1"));
        assert!(serde_json::from_str::<Secret>(r#"{"group":"g","mount":"DISK"}"#).is_err());
    }
}
