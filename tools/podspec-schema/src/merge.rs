//! The dumps of several Kubernetes versions merged into one Rust source file: one table of
//! types, each with its fields, each type and field with the set of versions it exists in (a
//! bit mask, bit 0 for the oldest version). A field that is the same in every version it exists
//! in is written once; a field whose type or requiredness changed is written once per variant.
//!
//! The file uses the types `TypeDef`, `Field` and `Ty` of `podtask-podspec`'s `schema` module.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

/// One field of one type in one version: its type expression and whether it is required.
type Variant = (String, bool);

pub fn run(files: &[String]) -> Result<String, String> {
    let mut docs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
        docs.push(Dump::read(&doc).map_err(|e| format!("{file}: {e}"))?);
    }
    docs.sort_by_key(|d| version_key(&d.version));
    for pair in docs.windows(2) {
        if pair[0].version == pair[1].version {
            return Err(format!("version {} given twice", pair[0].version));
        }
        if pair[0].root != pair[1].root {
            return Err("the dumps have different roots".to_owned());
        }
    }
    if docs.len() > 8 {
        return Err("at most 8 versions fit the version masks".to_owned());
    }
    let merged = Merged::of(&docs)?;
    eprintln!("{}", merged.summary());
    merged.rust(&docs)
}

/// The numeric order of `1.33`, `1.4`.
fn version_key(version: &str) -> Vec<u32> {
    version.split('.').map(|n| n.parse().unwrap_or(0)).collect()
}

/// One version's dump, as `dump` printed it.
struct Dump {
    version: String,
    root: String,
    /// Type name → field name → variant.
    types: BTreeMap<String, BTreeMap<String, Variant>>,
}

impl Dump {
    fn read(doc: &Value) -> Result<Dump, String> {
        let text = |key: &str| {
            doc.get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or(format!("no `{key}`"))
        };
        let mut types = BTreeMap::new();
        let Some(Value::Object(listed)) = doc.get("types") else {
            return Err("no `types`".to_owned());
        };
        for (name, fields) in listed {
            let Value::Object(fields) = fields else {
                return Err(format!("{name}: the fields are not an object"));
            };
            let mut read = BTreeMap::new();
            for (field, spec) in fields {
                let ty = spec.get("type").and_then(Value::as_str);
                let required = spec.get("required").and_then(Value::as_bool);
                let (Some(ty), Some(required)) = (ty, required) else {
                    return Err(format!("{name}.{field}: no `type` or `required`"));
                };
                read.insert(field.clone(), (ty.to_owned(), required));
            }
            types.insert(name.clone(), read);
        }
        Ok(Dump {
            version: text("version")?,
            root: text("root")?,
            types,
        })
    }
}

/// Every type of every version, with its versions.
struct Merged {
    /// The versions, oldest first: bit `i` of a mask is `versions[i]`.
    versions: Vec<String>,
    /// By short name (`Container`): the definition name, the type's versions, and its fields by
    /// JSON name, each variant with its versions.
    types: BTreeMap<String, MergedType>,
    /// Definition name → short name.
    short: BTreeMap<String, String>,
}

struct MergedType {
    id: String,
    versions: u8,
    fields: BTreeMap<String, Vec<(Variant, u8)>>,
}

impl Merged {
    fn of(docs: &[Dump]) -> Result<Merged, String> {
        let mut merged = Merged {
            versions: docs.iter().map(|d| d.version.clone()).collect(),
            types: BTreeMap::new(),
            short: BTreeMap::new(),
        };
        for (bit, doc) in docs.iter().enumerate() {
            let mask = 1u8 << bit;
            for (id, fields) in &doc.types {
                let short = short_name(id);
                if let Some(other) = merged.short.get(id).filter(|s| **s != short) {
                    return Err(format!("{id} is named both {other} and {short}"));
                }
                let ty = merged.types.entry(short.clone()).or_insert(MergedType {
                    id: id.clone(),
                    versions: 0,
                    fields: BTreeMap::new(),
                });
                if ty.id != *id {
                    return Err(format!(
                        "two types are named {short}: {} and {id}; the description needs its full name",
                        ty.id
                    ));
                }
                merged.short.insert(id.clone(), short);
                ty.versions |= mask;
                for (field, variant) in fields {
                    let variants = ty.fields.entry(field.clone()).or_default();
                    match variants.iter_mut().find(|(v, _)| v == variant) {
                        Some((_, versions)) => *versions |= mask,
                        None => variants.push((variant.clone(), mask)),
                    }
                }
            }
        }
        let mut consts = BTreeSet::new();
        for name in merged.types.keys() {
            if !consts.insert(const_name(name)) {
                return Err(format!(
                    "two types share the constant name {}",
                    const_name(name)
                ));
            }
        }
        for ty in merged.types.values() {
            for variants in ty.fields.values() {
                for ((expr, _), _) in variants {
                    merged.rust_ty(expr)?;
                }
            }
        }
        Ok(merged)
    }

    fn all(&self) -> u8 {
        ((1u16 << self.versions.len()) - 1) as u8
    }

    /// Counts for the person who runs the script.
    fn summary(&self) -> String {
        let all = self.all();
        let entries: usize = self
            .types
            .values()
            .flat_map(|t| t.fields.values())
            .map(Vec::len)
            .sum();
        let names: usize = self.types.values().map(|t| t.fields.len()).sum();
        let mut differ = Vec::new();
        for (name, ty) in &self.types {
            for (field, variants) in &ty.fields {
                for ((expr, required), versions) in variants {
                    if *versions != all {
                        differ.push(format!(
                            "  {name}.{field}: {expr}{} in {}",
                            if *required { " (required)" } else { "" },
                            self.describe(*versions)
                        ));
                    }
                }
            }
        }
        let types_differ: Vec<String> = self
            .types
            .iter()
            .filter(|(_, t)| t.versions != all)
            .map(|(name, t)| format!("  {name} in {}", self.describe(t.versions)))
            .collect();
        format!(
            "{} types ({} not in every version), {names} fields in {entries} entries ({} not in every version)\n{}{}",
            self.types.len(),
            types_differ.len(),
            differ.len(),
            types_differ
                .iter()
                .map(|l| format!("{l}\n"))
                .collect::<String>(),
            differ.iter().map(|l| format!("{l}\n")).collect::<String>(),
        )
    }

    /// `1.34, 1.35` for a mask.
    fn describe(&self, mask: u8) -> String {
        let listed: Vec<&str> = self
            .versions
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, v)| v.as_str())
            .collect();
        listed.join(", ")
    }

    /// A type expression of the dump as a Rust `Ty` value.
    fn rust_ty(&self, expr: &str) -> Result<String, String> {
        if let Some(inner) = expr
            .strip_prefix("array<")
            .and_then(|r| r.strip_suffix('>'))
        {
            return Ok(format!("Ty::Array(&{})", self.rust_ty(inner)?));
        }
        if let Some(inner) = expr.strip_prefix("map<").and_then(|r| r.strip_suffix('>')) {
            return Ok(format!("Ty::Map(&{})", self.rust_ty(inner)?));
        }
        if let Some(id) = expr.strip_prefix("ref<").and_then(|r| r.strip_suffix('>')) {
            let short = self
                .short
                .get(id)
                .ok_or_else(|| format!("a reference to a type no dump has: {id}"))?;
            return Ok(format!("Ty::Ref(id::{})", const_name(short)));
        }
        let scalar = match expr {
            "string" => "String",
            "boolean" => "Boolean",
            "int32" => "Int32",
            "int64" => "Int64",
            "number" => "Number",
            "byte" => "Bytes",
            "date-time" => "DateTime",
            "int-or-string" => "IntOrString",
            "quantity" => "Quantity",
            "object" => "Object",
            other => return Err(format!("unknown type expression `{other}`")),
        };
        Ok(format!("Ty::{scalar}"))
    }

    fn mask(&self, mask: u8) -> String {
        if mask == self.all() {
            "ALL".to_owned()
        } else {
            format!("0b{mask:0width$b}", width = self.versions.len())
        }
    }

    fn rust(&self, docs: &[Dump]) -> Result<String, String> {
        let mut out = String::new();
        let versions: Vec<String> = self.versions.iter().map(|v| format!("{v:?}")).collect();
        let first = self.versions.first().cloned().unwrap_or_default();
        let last = self.versions.last().cloned().unwrap_or_default();
        let root = docs.first().map(|d| d.root.as_str()).unwrap_or_default();
        let _ = writeln!(
            out,
            "// @generated by scripts/podspec-schema from k8s-openapi's schemars schema of `{root}`,
// Kubernetes {first} to {last}. Do not edit: run `scripts/podspec-schema` to write it again, and
// `scripts/podspec-schema --check` to see that it is current.
//
// Every object type reachable from `Pod`, sorted by name, with its fields sorted by JSON name.
// `versions` is a bit mask over VERSIONS, bit 0 (the rightmost) for the oldest; `ALL` is every
// version. A field whose type or requiredness changed between versions has one entry per variant.

use super::{{Field, Ty, TypeDef}};

/// The Kubernetes versions the masks count, oldest (bit 0) first.
pub(crate) const VERSIONS: [&str; {}] = [{}];

/// Every version of [`VERSIONS`].
const ALL: u8 = {:#b};

/// The index of each type in [`TYPES`], named after the type.
pub(crate) mod id {{",
            self.versions.len(),
            versions.join(", "),
            self.all(),
        );
        for (i, name) in self.types.keys().enumerate() {
            let _ = writeln!(out, "    pub(crate) const {}: u16 = {i};", const_name(name));
        }
        let _ = writeln!(
            out,
            "}}\n\n/// Every type, sorted by name.\npub(crate) static TYPES: [TypeDef; {}] = [",
            self.types.len()
        );
        for (name, ty) in &self.types {
            let _ = writeln!(
                out,
                "    TypeDef {{ name: {name:?}, id: {:?}, versions: {}, fields: &[",
                ty.id,
                self.mask(ty.versions)
            );
            for (field, variants) in &ty.fields {
                let mut variants = variants.clone();
                variants.sort_by_key(|(_, mask)| mask.trailing_zeros());
                for ((expr, required), versions) in variants {
                    let _ = writeln!(
                        out,
                        "        Field {{ name: {field:?}, ty: {}, required: {required}, versions: {} }},",
                        self.rust_ty(&expr)?,
                        self.mask(versions)
                    );
                }
            }
            let _ = writeln!(out, "    ] }},");
        }
        let _ = writeln!(out, "];");
        Ok(out)
    }
}

/// `Container` for `io.k8s.api.core.v1.Container`: the name k8s-openapi gives the Rust type and
/// its errors.
fn short_name(id: &str) -> String {
    id.rsplit('.').next().unwrap_or(id).to_owned()
}

/// `POD_SPEC` for `PodSpec`, `HTTP_GET_ACTION` for `HTTPGetAction`, `FIELDS_V1` for `FieldsV1`.
fn const_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::const_name;

    #[test]
    fn const_names() {
        assert_eq!(const_name("PodSpec"), "POD_SPEC");
        assert_eq!(const_name("HTTPGetAction"), "HTTP_GET_ACTION");
        assert_eq!(const_name("FieldsV1"), "FIELDS_V1");
        assert_eq!(const_name("HostIP"), "HOST_IP");
        assert_eq!(const_name("Pod"), "POD");
    }
}
