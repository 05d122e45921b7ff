//! The Kubernetes Pod schema of every supported version: each object type reachable from `Pod`
//! (`ObjectMeta`, `PodSpec`, `Container`, `PodStatus`, ...), its fields, their JSON types, which
//! are required, and the versions each type and field exists in.
//!
//! The table is generated (`generated.rs`, by `scripts/podspec-schema` from k8s-openapi's
//! schemas) as plain `static` data: nothing is built at run time, and a field that is the same
//! in every version is written once.

#[rustfmt::skip]
mod generated;

pub(crate) use generated::{TYPES, VERSIONS, id};

use crate::KubernetesVersion;

// The masks count the versions in the order of `KubernetesVersion::ALL`.
const _: () = {
    assert!(VERSIONS.len() == KubernetesVersion::ALL.len());
    let mut i = 0;
    while i < VERSIONS.len() {
        assert!(same(VERSIONS[i], KubernetesVersion::ALL[i].as_str()));
        i += 1;
    }
};

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The JSON a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// No field of a Pod of 1.33 to 1.37 is a `double` or `byte`; the generator knows them all.
#[allow(dead_code)]
pub(crate) enum Ty {
    /// A string.
    String,
    /// `true` or `false`.
    Boolean,
    /// An integer in the range of `i32`.
    Int32,
    /// An integer in the range of `i64`.
    Int64,
    /// Any number (`double`).
    Number,
    /// A base64-encoded string (`byte`).
    Bytes,
    /// An RFC 3339 date and time (meta/v1 `Time` and `MicroTime`).
    DateTime,
    /// An `i32` or a string (`IntOrString`).
    IntOrString,
    /// A resource quantity (`resource.Quantity`): a string, or a number read as the text it
    /// prints as.
    Quantity,
    /// Any JSON object (`FieldsV1`, `x-kubernetes-preserve-unknown-fields`).
    Object,
    /// An object of the type at this index of [`TYPES`].
    Ref(u16),
    /// An array of values of a type.
    Array(&'static Ty),
    /// An object whose members (of any name) hold values of a type.
    Map(&'static Ty),
}

/// One field of an object type, in the versions of `versions`.
#[derive(Debug)]
pub(crate) struct Field {
    /// The JSON name.
    pub(crate) name: &'static str,
    /// What it holds.
    pub(crate) ty: Ty,
    /// Whether an object of the type must have it.
    pub(crate) required: bool,
    /// The versions it exists in, with this type and requiredness: bit `i` for
    /// `KubernetesVersion::ALL[i]`.
    pub(crate) versions: u8,
}

impl Field {
    /// Whether the field exists, as described, in `version`.
    pub(crate) fn in_version(&self, version: KubernetesVersion) -> bool {
        self.versions & version.bit() != 0
    }
}

/// An object type of the schema.
#[derive(Debug)]
pub(crate) struct TypeDef {
    /// The name k8s-openapi gives it, and error messages use: `Container`.
    pub(crate) name: &'static str,
    /// The name of its OpenAPI definition: `io.k8s.api.core.v1.Container`.
    #[allow(dead_code)] // Described for the validation of whole pods; read by the tests.
    pub(crate) id: &'static str,
    /// The versions it exists in.
    #[allow(dead_code)] // Described for the validation of whole pods; read by the tests.
    pub(crate) versions: u8,
    /// Its fields, sorted by name; a field that changed between versions has one entry per
    /// variant, next to each other.
    pub(crate) fields: &'static [Field],
}

impl TypeDef {
    /// The type at an index of [`TYPES`] (a [`Ty::Ref`], or a constant of [`id`]).
    pub(crate) fn get(index: u16) -> &'static TypeDef {
        &TYPES[usize::from(index)]
    }

    /// The type of this name (`PodSpec`), in any version.
    #[cfg(test)]
    pub(crate) fn named(name: &str) -> Option<&'static TypeDef> {
        TYPES
            .binary_search_by(|t| t.name.cmp(name))
            .ok()
            .map(|i| &TYPES[i])
    }

    /// Every entry of the field `name`, whatever its versions.
    pub(crate) fn variants(&self, name: &str) -> &'static [Field] {
        let fields = self.fields;
        let start = fields.partition_point(|f| f.name < name);
        let len = fields[start..].partition_point(|f| f.name == name);
        &fields[start..start + len]
    }

    /// The field `name` as it is in `version`.
    pub(crate) fn field(&self, name: &str, version: KubernetesVersion) -> Option<&'static Field> {
        self.variants(name).iter().find(|f| f.in_version(version))
    }

    /// The fields of `version`, sorted by name.
    pub(crate) fn fields_in(
        &self,
        version: KubernetesVersion,
    ) -> impl Iterator<Item = &'static Field> + use<> {
        let fields: &'static [Field] = self.fields;
        fields.iter().filter(move |f| f.in_version(version))
    }
}

/// Says when a field of a mask exists, for a reader of `version` where it does not: `added in
/// Kubernetes 1.34`, `removed in Kubernetes 1.36`, `only in Kubernetes 1.35`.
pub(crate) fn describe_versions(mask: u8, version: KubernetesVersion) -> String {
    let present: Vec<KubernetesVersion> = KubernetesVersion::ALL
        .into_iter()
        .filter(|v| mask & v.bit() != 0)
        .collect();
    let (Some(&first), Some(&last)) = (present.first(), present.last()) else {
        return "in no supported Kubernetes version".to_owned();
    };
    let contiguous = last.index() - first.index() + 1 == present.len();
    if !contiguous {
        let listed: Vec<&str> = present.iter().map(|v| v.as_str()).collect();
        return format!("only in Kubernetes {}", listed.join(", "));
    }
    if first == last {
        format!("only in Kubernetes {first}")
    } else if first > version && last == KubernetesVersion::LATEST {
        format!("added in Kubernetes {first}")
    } else if last < version && first == KubernetesVersion::OLDEST {
        let removed = KubernetesVersion::ALL[last.index() + 1];
        format!("removed in Kubernetes {removed}")
    } else {
        format!("only in Kubernetes {first} to {last}")
    }
}

#[cfg(test)]
mod tests;
