//! The generated description: well formed, and saying what Kubernetes says.

use super::*;
use crate::KubernetesVersion as V;

const ALL: u8 = 0b11111;

/// The type of the value at `path` below `root`, following fields (`"spec"`) and the items of
/// arrays and maps (`"[]"`), in `version`.
fn ty_at(root: &str, path: &[&str], version: V) -> Option<Ty> {
    let mut ty = Ty::Ref(index_of(root));
    for step in path {
        ty = match (ty, *step) {
            (Ty::Array(item) | Ty::Map(item), "[]") => *item,
            (Ty::Ref(index), name) => TypeDef::get(index).field(name, version)?.ty,
            _ => return None,
        };
    }
    Some(ty)
}

fn index_of(name: &str) -> u16 {
    let i = TYPES
        .iter()
        .position(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"));
    u16::try_from(i).expect("a u16 index")
}

fn ref_to(name: &str) -> Ty {
    Ty::Ref(index_of(name))
}

#[test]
fn types_and_fields_are_sorted_for_binary_search() {
    for pair in TYPES.windows(2) {
        assert!(
            pair[0].name < pair[1].name,
            "{} {}",
            pair[0].name,
            pair[1].name
        );
    }
    for t in &TYPES {
        for pair in t.fields.windows(2) {
            assert!(pair[0].name <= pair[1].name, "{}.{}", t.name, pair[1].name);
            if pair[0].name == pair[1].name {
                assert_eq!(pair[0].versions & pair[1].versions, 0, "{}", pair[0].name);
            }
        }
        assert_eq!(TypeDef::named(t.name).map(|n| n.id), Some(t.id));
    }
    assert!(TypeDef::named("NoSuchType").is_none());
}

#[test]
fn masks_and_references_agree() {
    fn refs(ty: Ty) -> Option<u16> {
        match ty {
            Ty::Ref(i) => Some(i),
            Ty::Array(item) | Ty::Map(item) => refs(*item),
            _ => None,
        }
    }
    for t in &TYPES {
        assert!(t.versions != 0 && t.versions & !ALL == 0, "{}", t.name);
        assert!(t.id.ends_with(&format!(".{}", t.name)), "{}", t.id);
        for f in t.fields {
            assert!(f.versions != 0, "{}.{}", t.name, f.name);
            assert_eq!(f.versions & !t.versions, 0, "{}.{}", t.name, f.name);
            if let Some(target) = refs(f.ty) {
                let target = TYPES
                    .get(usize::from(target))
                    .unwrap_or_else(|| panic!("{}.{} refers past the table", t.name, f.name));
                assert_eq!(
                    f.versions & !target.versions,
                    0,
                    "{}.{} refers to {} in a version without it",
                    t.name,
                    f.name,
                    target.name
                );
            }
        }
    }
}

#[test]
fn ids_name_their_types() {
    assert_eq!(TypeDef::get(id::POD).name, "Pod");
    assert_eq!(TypeDef::get(id::POD_SPEC).name, "PodSpec");
    assert_eq!(TypeDef::get(id::VOLUME).name, "Volume");
    assert_eq!(TypeDef::get(id::POD).id, "io.k8s.api.core.v1.Pod");
    assert_eq!(
        TypeDef::get(id::OBJECT_META).id,
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    );
}

#[test]
fn the_main_types_are_in_every_version() {
    for name in [
        "Pod",
        "ObjectMeta",
        "PodSpec",
        "PodStatus",
        "Container",
        "ResourceRequirements",
        "Volume",
        "ManagedFieldsEntry",
        "OwnerReference",
    ] {
        let t = TypeDef::named(name).unwrap_or_else(|| panic!("no type {name}"));
        assert_eq!(t.versions, ALL, "{name}");
    }
    let pod = TypeDef::get(id::POD);
    let fields: Vec<(&str, bool)> = pod.fields.iter().map(|f| (f.name, f.required)).collect();
    assert_eq!(
        fields,
        [
            ("apiVersion", false),
            ("kind", false),
            ("metadata", true),
            ("spec", false),
            ("status", false)
        ]
    );
    for v in V::ALL {
        assert_eq!(
            ty_at("Pod", &["metadata"], v),
            Some(Ty::Ref(id::OBJECT_META))
        );
        assert_eq!(ty_at("Pod", &["spec"], v), Some(Ty::Ref(id::POD_SPEC)));
        assert_eq!(ty_at("Pod", &["status"], v), Some(ref_to("PodStatus")));
        let containers = TypeDef::get(id::POD_SPEC).field("containers", v);
        assert!(containers.is_some_and(|f| f.required), "{v}");
    }
}

#[test]
fn formats_of_well_known_fields() {
    for v in V::ALL {
        assert_eq!(
            ty_at("Pod", &["metadata", "creationTimestamp"], v),
            Some(Ty::DateTime)
        );
        assert_eq!(
            ty_at("Pod", &["metadata", "deletionGracePeriodSeconds"], v),
            Some(Ty::Int64)
        );
        assert_eq!(
            ty_at("Pod", &["metadata", "labels", "[]"], v),
            Some(Ty::String)
        );
        assert_eq!(
            ty_at("Pod", &["metadata", "managedFields", "[]", "time"], v),
            Some(Ty::DateTime)
        );
        assert_eq!(
            ty_at("Pod", &["metadata", "managedFields", "[]", "fieldsV1"], v),
            Some(Ty::Object)
        );
        let port = ty_at(
            "Pod",
            &["spec", "containers", "[]", "ports", "[]", "containerPort"],
            v,
        );
        assert_eq!(port, Some(Ty::Int32));
        assert!(
            TypeDef::named("ContainerPort")
                .and_then(|t| t.field("containerPort", v))
                .is_some_and(|f| f.required)
        );
        assert_eq!(
            ty_at("PodSpec", &["containers", "[]", "resources", "requests"], v),
            Some(Ty::Map(&Ty::Quantity))
        );
        assert_eq!(ty_at("PodSpec", &["overhead", "[]"], v), Some(Ty::Quantity));
        assert_eq!(
            ty_at(
                "PodSpec",
                &["containers", "[]", "livenessProbe", "httpGet", "port"],
                v
            ),
            Some(Ty::IntOrString)
        );
        assert_eq!(
            ty_at("PodSpec", &["containers", "[]", "args"], v),
            Some(Ty::Array(&Ty::String))
        );
        assert_eq!(ty_at("PodSpec", &["hostNetwork"], v), Some(Ty::Boolean));
        assert_eq!(ty_at("PodStatus", &["startTime"], v), Some(Ty::DateTime));
    }
}

#[test]
fn fields_added_and_removed_between_versions() {
    let spec = TypeDef::get(id::POD_SPEC);
    let container = TypeDef::named("Container").expect("Container");
    // `hostnameOverride` came in 1.34, as did containers' `restartPolicyRules`.
    for (v, present) in [
        (V::V1_33, false),
        (V::V1_34, true),
        (V::V1_35, true),
        (V::V1_36, true),
        (V::V1_37, true),
    ] {
        assert_eq!(spec.field("hostnameOverride", v).is_some(), present, "{v}");
        assert_eq!(
            container.field("restartPolicyRules", v).is_some(),
            present,
            "{v}"
        );
    }
    assert_eq!(
        ty_at("PodSpec", &["hostnameOverride"], V::V1_34),
        Some(Ty::String)
    );
    // `workloadRef` was in 1.35 only.
    let present: Vec<V> = V::ALL
        .into_iter()
        .filter(|v| spec.field("workloadRef", *v).is_some())
        .collect();
    assert_eq!(present, [V::V1_35]);
    assert_eq!(spec.variants("workloadRef").len(), 1);
    assert!(spec.variants("noSuchField").is_empty());
    // A type that came later is absent before.
    let rule = TypeDef::named("ContainerRestartRule").expect("ContainerRestartRule");
    assert_eq!(rule.versions, 0b11110);
}

#[test]
fn versions_are_described() {
    assert_eq!(
        describe_versions(0b11110, V::V1_33),
        "added in Kubernetes 1.34"
    );
    assert_eq!(
        describe_versions(0b00100, V::V1_33),
        "only in Kubernetes 1.35"
    );
    assert_eq!(
        describe_versions(0b00100, V::V1_37),
        "only in Kubernetes 1.35"
    );
    assert_eq!(
        describe_versions(0b00111, V::V1_37),
        "removed in Kubernetes 1.36"
    );
    assert_eq!(
        describe_versions(0b01100, V::V1_33),
        "only in Kubernetes 1.35 to 1.36"
    );
    assert_eq!(
        describe_versions(0b10001, V::V1_35),
        "only in Kubernetes 1.33, 1.37"
    );
    assert_eq!(
        describe_versions(0, V::V1_35),
        "in no supported Kubernetes version"
    );
}
