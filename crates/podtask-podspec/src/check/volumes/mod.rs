//! Volumes and where containers use them: the pod's `volumes` (`ValidateVolumes`,
//! `validateVolumeSource` and the rules of each source), the `volumeMounts` of every container
//! (`ValidateVolumeMounts`: names, paths, `subPath`, `mountPropagation`, `recursiveReadOnly`) and
//! their `volumeDevices` (`ValidateVolumeDevices`).
//!
//! What the server does is followed on purpose, where it surprises:
//!
//! - a volume that sets no source is accepted: decoding makes it an `emptyDir`;
//! - sources behind a feature gate that is off by default are dropped before validation, with
//!   the mounts of the volume for an `image` volume (before 1.35), so that they are not checked
//!   (and are warned about);
//! - a volume that breaks a rule takes no name: its mounts and devices are `Not found` too (with
//!   a message that says why), and a later volume of the same name is no duplicate;
//! - several rules name a field other than the value's own path (the list of mounts without the
//!   index, a downward API source without the item's index): see [`Place`].
//!
//! What the server accepts but a node refuses is a warning: a relative mount or device path, an
//! `emptyDir` medium the kubelet does not know or huge pages no container asks for, an image
//! volume reference the runtime cannot parse (an error for a task's pod).

mod claim;
mod sources;

use podtask_rules::suggest::did_you_mean;
use podtask_rules::{Quantity, Subject, names, volume_path};
use serde_json::Value;

use super::{
    ContainerRef, Cx, Kind, Mode, REQUIRED, duplicate, invalid, list, name_rule, not_supported,
    set, string,
};
use crate::{JsonPath, KubernetesVersion, SpecError, SpecWarning};

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    let declared = volumes(cx.spec, cx.version, &mut cx.errors, &mut cx.warnings);
    image_references(cx);
    huge_page_media(cx);
    let windows = cx
        .spec
        .get("os")
        .and_then(|os| os.get("name"))
        .and_then(Value::as_str)
        == Some("windows");
    for c in &cx.containers {
        if !windows {
            relative_paths(c, &mut cx.warnings);
        }
        mounts(c, &declared, &mut cx.errors);
        // No `volumeDevices` in a user namespace: `security::user_namespaces`.
        devices(c, &declared, &mut cx.errors);
    }
}

/// A `mountPath` or `devicePath` that is not absolute: the server accepts it, the container
/// runtime of a Linux node refuses to start the container.
fn relative_paths(c: &ContainerRef<'_>, warnings: &mut Vec<SpecWarning>) {
    for (field, key, entries) in [
        ("volumeMounts", "mountPath", c.volume_mounts),
        (
            "volumeDevices",
            "devicePath",
            list(c.value, "volumeDevices"),
        ),
    ] {
        for (j, entry) in entries.iter().enumerate() {
            let path = text(entry, key);
            if !path.is_empty() && !volume_path::is_absolute(path) {
                warnings.push(SpecWarning::new(
                    c.path.clone().key(field).index(j).key(key),
                    format!(
                        "{path:?} is not an absolute path: the container runtime will refuse to start the container"
                    ),
                ));
            }
        }
    }
}

/// One step of a [`Place`]: a field, a key of a map, an index.
#[derive(Debug, Clone, Copy)]
enum Seg<'a> {
    /// A field of an object, printed `.name`.
    Field(&'a str),
    /// A key of a map, printed `[key]` by the server.
    Key(&'a str),
    /// An element of a list, printed `[i]`.
    Index(usize),
}

/// Where a rule reports: the exact path of a value, and the field the API server names for it
/// when that is another one (an index or a level left out, a field renamed). A place is a chain
/// of steps on the stack; the paths are only built for an error, so that a valid spec costs no
/// allocation.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place<'a> {
    up: Option<&'a Place<'a>>,
    base: Option<&'a JsonPath>,
    /// The step from `up`, and how the server shows it (`None`: it leaves it out).
    step: Option<(Seg<'a>, Option<Seg<'a>>)>,
}

impl<'a> Place<'a> {
    /// The spec itself.
    pub(super) fn root() -> Place<'static> {
        Place {
            up: None,
            base: None,
            step: None,
        }
    }

    /// The value at `base`, which the server names as it is.
    pub(super) fn under(base: &'a JsonPath) -> Place<'a> {
        Place {
            up: None,
            base: Some(base),
            step: None,
        }
    }

    fn child<'b>(&'b self, seg: Seg<'b>, shown: Option<Seg<'b>>) -> Place<'b> {
        Place {
            up: Some(self),
            base: None,
            step: Some((seg, shown)),
        }
    }

    /// The field `name` of the value.
    pub(super) fn key<'b>(&'b self, name: &'b str) -> Place<'b> {
        self.child(Seg::Field(name), Some(Seg::Field(name)))
    }

    /// The element `i` of the value.
    pub(super) fn index(&self, i: usize) -> Place<'_> {
        self.child(Seg::Index(i), Some(Seg::Index(i)))
    }

    /// The entry `key` of a map, which the server prints `[key]`.
    pub(super) fn map_key<'b>(&'b self, key: &'b str) -> Place<'b> {
        self.child(Seg::Field(key), Some(Seg::Key(key)))
    }

    /// The field `name`, which the server names `server_name` (a misspelt or renamed field).
    pub(super) fn key_as<'b>(&'b self, name: &'b str, server_name: &'b str) -> Place<'b> {
        self.child(Seg::Field(name), Some(Seg::Field(server_name)))
    }

    /// The field `name`, which the server leaves out of the field it names.
    pub(super) fn hidden_key<'b>(&'b self, name: &'b str) -> Place<'b> {
        self.child(Seg::Field(name), None)
    }

    /// The element `i`, whose index the server leaves out of the field it names.
    pub(super) fn hidden_index(&self, i: usize) -> Place<'_> {
        self.child(Seg::Index(i), None)
    }

    /// The steps from the root, last first, and the base.
    fn steps(&self) -> (Vec<(Seg<'a>, Option<Seg<'a>>)>, Option<&'a JsonPath>) {
        let mut steps = Vec::new();
        let mut base = None;
        let mut at = Some(self);
        while let Some(p) = at {
            if let Some(step) = p.step {
                steps.push(step);
            }
            if p.base.is_some() {
                base = p.base;
            }
            at = p.up;
        }
        (steps, base)
    }

    /// The exact path of the value.
    pub(super) fn path(&self) -> JsonPath {
        let (steps, base) = self.steps();
        let mut path = base.cloned().unwrap_or_else(JsonPath::root);
        for (seg, _) in steps.iter().rev() {
            path = match *seg {
                Seg::Field(k) | Seg::Key(k) => path.key(k),
                Seg::Index(i) => path.index(i),
            };
        }
        path
    }

    /// The field the server names.
    pub(super) fn field(&self) -> String {
        let (steps, base) = self.steps();
        let mut field = base.map(ToString::to_string).unwrap_or_default();
        for (_, shown) in steps.iter().rev() {
            match *shown {
                Some(Seg::Field(k)) => {
                    if !field.is_empty() {
                        field.push('.');
                    }
                    field.push_str(k);
                }
                Some(Seg::Key(k)) => field.push_str(&format!("[{k}]")),
                Some(Seg::Index(i)) => field.push_str(&format!("[{i}]")),
                None => {}
            }
        }
        field
    }

    /// An error here.
    pub(super) fn error(&self, message: impl Into<String>) -> SpecError {
        self.place(SpecError::new(self.path(), message))
    }

    /// Sets the server's field of an error made at this place's path, when it is another one.
    pub(super) fn place(&self, e: SpecError) -> SpecError {
        let field = self.field();
        if field == e.path.to_string() {
            e
        } else {
            e.reported_at(field)
        }
    }

    /// A name rule of the rulebook, broken here.
    pub(super) fn name_rule(
        &self,
        subject: Subject,
        value: &str,
        rule: fn(&str) -> Result<(), podtask_rules::Violation>,
    ) -> Option<SpecError> {
        name_rule(self.path(), subject, value, rule).map(|e| self.place(e))
    }
}

/// The string under `key`, or `""`.
pub(super) fn text<'a>(object: &'a Value, key: &str) -> &'a str {
    string(object, key).unwrap_or_default()
}

/// The integer under `key`, unless it is left out or `null`.
pub(super) fn int(object: &Value, key: &str) -> Option<i64> {
    object.get(key).and_then(Value::as_i64)
}

/// Kubernetes' `Invalid value: <n>: <detail>` for a number.
pub(super) fn invalid_number(value: i64, detail: &str) -> String {
    format!("Invalid value: {value}: {detail}")
}

/// `Forbidden: <detail>`.
pub(super) fn forbidden(detail: &str) -> String {
    format!("Forbidden: {detail}")
}

/// `Required value: <detail>`.
pub(super) fn required(detail: &str) -> String {
    format!("{REQUIRED}: {detail}")
}

/// `Not found: "<value>"`.
fn not_found_plain(value: &str) -> String {
    format!("Not found: {value:?}")
}

/// The message of a file mode out of range.
const FILE_MODE: &str = "must be a number between 0 and 0777 (octal), both inclusive";

/// A file mode under `key` (`defaultMode`, `mode`): 0 to 0777.
pub(super) fn file_mode(object: &Value, key: &str, at: &Place, errors: &mut Vec<SpecError>) {
    if let Some(mode) = int(object, key)
        && !(0..=0o777).contains(&mode)
    {
        errors.push(at.key(key).error(invalid_number(mode, FILE_MODE)));
    }
}

/// A path that must stay inside its volume (`validateLocalDescendingPath`), at `at`.
pub(super) fn local_descending(path: &str, at: &Place, errors: &mut Vec<SpecError>) {
    for detail in volume_path::local_descending(path).into_iter().flatten() {
        errors.push(at.error(invalid(path, detail)));
    }
}

/// The path of a projected file (`ValidateLocalNonReservedPath`), at `at`.
pub(super) fn local_non_reserved(path: &str, at: &Place, errors: &mut Vec<SpecError>) {
    for detail in volume_path::local_non_reserved(path).into_iter().flatten() {
        errors.push(at.error(invalid(path, detail)));
    }
}

/// What a mount or a device needs to know of a volume of the pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// A claim (`persistentVolumeClaim` or `ephemeral`): it can be a block device.
    Claim,
    /// Any other source.
    Other,
    /// Dropped before validation, with its mounts.
    Dropped,
}

/// A volume of the pod, by name.
struct Declared<'a> {
    name: &'a str,
    kind: Use,
    /// Whether it broke no rule. The server leaves an invalid volume out of the volumes that
    /// mounts and devices may name, so that they are `Not found` too.
    valid: bool,
}

/// The volume sources in the order `validateVolumeSource` counts them (the first one set is
/// the volume's source, the others are forbidden), with the name the server gives the field in
/// that error when it is not the JSON name.
const SOURCES: [(&str, Option<&str>); 30] = [
    ("emptyDir", None),
    ("hostPath", None),
    ("gitRepo", None),
    ("gcePersistentDisk", None),
    ("awsElasticBlockStore", None),
    ("secret", None),
    ("nfs", None),
    ("iscsi", None),
    ("glusterfs", None),
    ("flocker", None),
    ("persistentVolumeClaim", None),
    ("rbd", None),
    ("cinder", None),
    ("cephfs", Some("cephFS")),
    ("quobyte", None),
    ("downwardAPI", Some("downwarAPI")),
    ("fc", None),
    ("flexVolume", None),
    ("configMap", None),
    ("azureFile", None),
    ("vsphereVolume", None),
    ("photonPersistentDisk", None),
    ("portworxVolume", None),
    ("azureDisk", None),
    ("storageos", None),
    ("projected", None),
    ("scaleIO", None),
    ("csi", None),
    ("ephemeral", None),
    ("image", None),
];

/// The reference of an `image` volume is not checked by the server; one the container runtime
/// cannot parse fails when the pod starts. It is an error for a task's pod (as a container's
/// image is) and a warning in Server mode.
fn image_references(cx: &mut Cx<'_>) {
    if !image_volumes_enabled(cx.version) {
        return;
    }
    for (i, volume) in list(cx.spec, "volumes").iter().enumerate() {
        let Some(reference) = set(volume, "image").map(|v| text(v, "reference")) else {
            continue;
        };
        if reference.is_empty() {
            continue;
        }
        let Err(e) = podtask_rules::image::ImageReference::parse(reference) else {
            continue;
        };
        let path = JsonPath::root()
            .key("volumes")
            .index(i)
            .key("image")
            .key("reference");
        match cx.mode {
            Mode::Task { .. } => cx.errors.push(SpecError::from_rule(path, e)),
            Mode::Server => cx.warnings.push(SpecWarning::new(
                path,
                format!("{e}: the container runtime will fail to pull it"),
            )),
        }
    }
}

/// The huge page sizes the containers and init containers ask for (their `hugepages-<size>`
/// requests, or limits, which become the requests), parsed.
fn huge_page_sizes(all: &[ContainerRef<'_>]) -> Vec<Quantity> {
    let mut sizes = Vec::new();
    for c in all.iter().filter(|c| c.kind != Kind::Ephemeral) {
        let Some(resources) = c.resources else {
            continue;
        };
        for part in ["requests", "limits"] {
            let Some(map) = resources.get(part).and_then(Value::as_object) else {
                continue;
            };
            for key in map.keys() {
                if let Some(size) = key.strip_prefix("hugepages-")
                    && let Ok(q) = Quantity::parse(size)
                    && !sizes.contains(&q)
                {
                    sizes.push(q);
                }
            }
        }
    }
    sizes
}

/// An `emptyDir` on huge pages needs a container that asks for huge pages of its size
/// (`HugePages-<size>`), or for huge pages of one size (`HugePages`): the server accepts it
/// either way, the kubelet fails to set the volume up.
fn huge_page_media(cx: &mut Cx<'_>) {
    for (i, volume) in list(cx.spec, "volumes").iter().enumerate() {
        let Some(medium) = set(volume, "emptyDir").and_then(|e| string(e, "medium")) else {
            continue;
        };
        if !medium.starts_with("HugePages") {
            continue;
        }
        let sizes = huge_page_sizes(&cx.containers);
        let problem = if medium == "HugePages" {
            match sizes.len() {
                0 => Some("no container asks for huge pages"),
                1 => None,
                _ => Some("the containers ask for huge pages of several sizes"),
            }
        } else {
            match medium
                .strip_prefix("HugePages-")
                .and_then(|size| Quantity::parse(size).ok())
            {
                Some(size) if !sizes.contains(&size) => {
                    Some("no container asks for huge pages of this size")
                }
                _ => None,
            }
        };
        if let Some(problem) = problem {
            cx.warnings.push(SpecWarning::new(
                JsonPath::root()
                    .key("volumes")
                    .index(i)
                    .key("emptyDir")
                    .key("medium"),
                format!("{problem}: the kubelet will fail to set up this {medium:?} volume"),
            ));
        }
    }
}

/// The rank of a field of a volume in [`SOURCES`], if it is a source.
fn source_rank(key: &str) -> Option<usize> {
    SOURCES.iter().position(|(source, _)| *source == key)
}

/// Whether `ImageVolume` is on by default: beta and off in 1.33 and 1.34, on from 1.35. When it
/// is off the server drops `image` volumes and their mounts.
fn image_volumes_enabled(version: KubernetesVersion) -> bool {
    version >= KubernetesVersion::V1_35
}

/// Volume names are DNS-1123 labels and unique; each volume sets at most one source, whose
/// rules it follows. Returns the volumes that mounts and devices may name.
fn volumes<'a>(
    spec: &'a Value,
    version: KubernetesVersion,
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) -> Vec<Declared<'a>> {
    let all = list(spec, "volumes");
    let root = Place::root();
    let volumes_at = root.key("volumes");
    let mut declared = Vec::with_capacity(all.len());
    for (i, volume) in all.iter().enumerate() {
        let name = text(volume, "name");
        let path = || JsonPath::root().key("volumes").index(i);
        let at = volumes_at.index(i);
        if set(volume, "image").is_some() && !image_volumes_enabled(version) {
            warnings.push(SpecWarning::new(
                path().key("image"),
                format!(
                    "image volumes are off by default in Kubernetes {version} (feature gate ImageVolume): the server drops this volume and its mounts"
                ),
            ));
            declared.push(Declared {
                name,
                kind: Use::Dropped,
                valid: true,
            });
            continue;
        }
        let before = errors.len();
        if name.is_empty() {
            errors.push(SpecError::new(path().key("name"), REQUIRED));
        } else if let Some(e) = name_rule(
            path().key("name"),
            Subject::Dns1123Label,
            name,
            names::dns1123_label,
        ) {
            errors.push(e);
        }
        // The sources given, by their rank in `SOURCES`: the first is the source, the others
        // are forbidden. Looking the volume's few keys up is cheaper than looking every source
        // up in the volume.
        let given = || {
            volume
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(_, v)| !v.is_null())
                .filter_map(|(k, v)| source_rank(k).map(|rank| (rank, v)))
        };
        if let Some((first, value)) = given().min_by_key(|(rank, _)| *rank) {
            sources::source(
                SOURCES[first].0,
                value,
                name,
                &at,
                version,
                errors,
                warnings,
            );
            let mut others: Vec<usize> = given()
                .map(|(rank, _)| rank)
                .filter(|rank| *rank != first)
                .collect();
            others.sort_unstable();
            for rank in others {
                let (source, server_name) = SOURCES[rank];
                let source_at = match server_name {
                    Some(s) => at.key_as(source, s),
                    None => at.key(source),
                };
                errors.push(source_at.error(forbidden("may not specify more than 1 volume type")));
            }
        }
        // Only a valid volume takes its name, as in `ValidateVolumes`.
        if !name.is_empty()
            && declared
                .iter()
                .any(|d: &Declared<'_>| d.valid && d.kind != Use::Dropped && d.name == name)
        {
            errors.push(SpecError::new(path().key("name"), duplicate(name)));
        }
        let valid = errors.len() == before;
        if set(volume, "hostPath").is_some() {
            warnings.push(SpecWarning::new(
                path().key("hostPath"),
                "a hostPath volume exposes the node's file system to the pod; clusters that enforce the baseline Pod Security Standard refuse it",
            ));
        }
        let kind = if set(volume, "persistentVolumeClaim").is_some()
            || set(volume, "ephemeral").is_some()
        {
            Use::Claim
        } else {
            Use::Other
        };
        declared.push(Declared { name, kind, valid });
    }
    declared
}

/// The volume named `name`, if the pod has one: a dropped one first (its mounts are dropped
/// too), then a valid one, then an invalid one.
fn find<'a, 'b>(declared: &'b [Declared<'a>], name: &str) -> Option<&'b Declared<'a>> {
    let named = || declared.iter().filter(move |d| d.name == name);
    named()
        .find(|d| d.kind == Use::Dropped)
        .or_else(|| named().find(|d| d.valid))
        .or_else(|| named().next())
}

/// `Not found` for a mount or device of a volume that broke a rule.
fn invalid_volume(name: &str) -> String {
    format!("Not found: {name:?}: the volume of this name breaks a rule of its own")
}

/// The rules of a container's `volumeMounts` (`ValidateVolumeMounts`), and for ephemeral
/// containers that they set no `subPath`.
fn mounts(c: &ContainerRef<'_>, declared: &[Declared<'_>], errors: &mut Vec<SpecError>) {
    if c.volume_mounts.is_empty() {
        return;
    }
    let devices = list(c.value, "volumeDevices");
    let privileged = c
        .security_context
        .and_then(|sc| sc.get("privileged"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    // The mount paths so far (a few: a scan is cheaper than a set).
    let mut paths: Vec<&str> = Vec::with_capacity(c.volume_mounts.len());
    let mounts_at = || c.path.clone().key("volumeMounts");
    let container_at = Place::under(&c.path);
    let list_at = container_at.key("volumeMounts");
    for (j, mount) in c.volume_mounts.iter().enumerate() {
        let name = text(mount, "name");
        let found = find(declared, name);
        if found.is_some_and(|d| d.kind == Use::Dropped) {
            continue;
        }
        let at = || mounts_at().index(j);
        // The server names the list, without the index, for the rules on paths, propagation
        // and read-only mounts.
        let listed = list_at.hidden_index(j);
        if name.is_empty() {
            errors.push(SpecError::new(at().key("name"), REQUIRED));
        } else if found.is_some_and(|d| !d.valid) {
            errors.push(SpecError::new(at().key("name"), invalid_volume(name)));
        } else if found.is_none() {
            let names: Vec<&str> = declared
                .iter()
                .filter(|d| d.kind != Use::Dropped)
                .map(|d| d.name)
                .collect();
            errors.push(SpecError::new(at().key("name"), not_found(name, &names)));
        }
        let mount_path = text(mount, "mountPath");
        if mount_path.is_empty() {
            errors.push(SpecError::new(at().key("mountPath"), REQUIRED));
        } else if paths.contains(&mount_path) {
            errors.push(SpecError::new(
                at().key("mountPath"),
                invalid(mount_path, "must be unique"),
            ));
        }
        paths.push(mount_path);
        if devices.iter().any(|d| text(d, "name") == name) {
            errors.push(SpecError::new(
                at().key("name"),
                invalid(name, "must not already exist in volumeDevices"),
            ));
        }
        if devices.iter().any(|d| text(d, "devicePath") == mount_path) {
            errors.push(SpecError::new(
                at().key("mountPath"),
                invalid(
                    mount_path,
                    "must not already exist as a path in volumeDevices",
                ),
            ));
        }
        let sub_path = text(mount, "subPath");
        if !sub_path.is_empty() {
            let place = listed.key("subPath");
            local_descending(sub_path, &place, errors);
        }
        let expr = text(mount, "subPathExpr");
        if !expr.is_empty() {
            if !sub_path.is_empty() {
                errors.push(SpecError::new(
                    at().key("subPathExpr"),
                    invalid(expr, "subPathExpr and subPath are mutually exclusive"),
                ));
            }
            let place = listed.key("subPathExpr");
            local_descending(expr, &place, errors);
        }
        let propagation = string(mount, "mountPropagation");
        if let Some(p) = propagation {
            let place = listed.key("mountPropagation");
            if !["Bidirectional", "HostToContainer", "None"].contains(&p) {
                errors.push(place.error(not_supported(
                    p,
                    &["Bidirectional", "HostToContainer", "None"],
                )));
            } else if p == "Bidirectional" && !privileged {
                errors.push(place.error(forbidden(
                    "Bidirectional mount propagation is available only to privileged containers",
                )));
            }
        }
        if let Some(rro) = string(mount, "recursiveReadOnly") {
            let place = listed.key("recursiveReadOnly");
            match rro {
                "Disabled" => {}
                "Enabled" | "IfPossible" => {
                    if mount.get("readOnly") != Some(&Value::Bool(true)) {
                        errors.push(
                            place.error(forbidden("may only be specified when readOnly is true")),
                        );
                    }
                    if propagation.is_some_and(|p| p != "None") {
                        errors.push(place.error(forbidden(
                            "may only be specified when mountPropagation is None or not specified",
                        )));
                    }
                }
                other => errors.push(
                    place.error(not_supported(other, &["Disabled", "Enabled", "IfPossible"])),
                ),
            }
        }
        if c.kind == Kind::Ephemeral {
            for field in ["subPath", "subPathExpr"] {
                if !text(mount, field).is_empty() {
                    errors.push(SpecError::new(
                        at().key(field),
                        forbidden("cannot be set for an Ephemeral Container"),
                    ));
                }
            }
        }
    }
}

/// The rules of a container's `volumeDevices` (`ValidateVolumeDevices`): each names a claim of
/// the pod (a `persistentVolumeClaim` or `ephemeral` volume) once, at a path of its own that no
/// mount uses.
fn devices(c: &ContainerRef<'_>, declared: &[Declared<'_>], errors: &mut Vec<SpecError>) {
    let devices = list(c.value, "volumeDevices");
    if devices.is_empty() {
        return;
    }
    let mut names: Vec<&str> = Vec::with_capacity(devices.len());
    let mut paths: Vec<&str> = Vec::with_capacity(devices.len());
    for (j, device) in devices.iter().enumerate() {
        let at = || c.path.clone().key("volumeDevices").index(j);
        let name = text(device, "name");
        let device_path = text(device, "devicePath");
        if name.is_empty() {
            errors.push(SpecError::new(at().key("name"), REQUIRED));
        }
        if names.contains(&name) {
            errors.push(SpecError::new(
                at().key("name"),
                invalid(name, "must be unique"),
            ));
        }
        match find(declared, name).map(|d| (d.kind, d.valid)) {
            Some((_, false)) => {
                errors.push(SpecError::new(at().key("name"), invalid_volume(name)));
            }
            Some((Use::Claim, true)) => {}
            Some((Use::Other, true)) => errors.push(SpecError::new(
                at().key("name"),
                invalid(
                    name,
                    "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
                ),
            )),
            Some((Use::Dropped, true)) | None => {
                errors.push(SpecError::new(at().key("name"), not_found_plain(name)));
            }
        }
        if device_path.is_empty() {
            errors.push(SpecError::new(at().key("devicePath"), REQUIRED));
        }
        if paths.contains(&device_path) {
            errors.push(SpecError::new(
                at().key("devicePath"),
                invalid(device_path, "must be unique"),
            ));
        }
        if !device_path.is_empty() && volume_path::has_backsteps(device_path) {
            errors.push(SpecError::new(
                at().key("devicePath"),
                invalid(device_path, "can not contain backsteps ('..')"),
            ));
        } else {
            paths.push(device_path);
        }
        if c.volume_mounts.iter().any(|m| text(m, "name") == name) {
            errors.push(SpecError::new(
                at().key("name"),
                invalid(name, "must not already exist in volumeMounts"),
            ));
        }
        if c.volume_mounts
            .iter()
            .any(|m| text(m, "mountPath") == device_path)
        {
            errors.push(SpecError::new(
                at().key("devicePath"),
                invalid(
                    device_path,
                    "must not already exist as a path in volumeMounts",
                ),
            ));
        }
        if !name.is_empty() {
            names.push(name);
        }
    }
}

/// Kubernetes' `field.NotFound` text, with what would have been found.
fn not_found(name: &str, declared: &[&str]) -> String {
    let mut message = format!("Not found: {name:?}: must match the name of a volume of the pod");
    if declared.is_empty() {
        message.push_str(" (the pod declares no volumes)");
    } else if let Some(near) = did_you_mean(name, declared.iter().copied()) {
        message.push_str(&format!("; did you mean `{near}`?"));
    } else {
        message.push_str(&format!(" ({})", declared.join(", ")));
    }
    message
}

#[cfg(test)]
mod tests;
