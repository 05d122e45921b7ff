//! One Kubernetes version's Pod schema, as k8s-openapi's schemars implementations describe it,
//! written as a small JSON document:
//!
//! ```json
//! {
//!   "version": "1.35",
//!   "root": "io.k8s.api.core.v1.Pod",
//!   "types": {
//!     "io.k8s.api.core.v1.ContainerPort": {
//!       "containerPort": {"type": "int32", "required": true},
//!       "hostIP": {"type": "string", "required": false}
//!     }
//!   }
//! }
//! ```
//!
//! `types` holds every object type reachable from `Pod`, by its definition name, and for each
//! its fields by JSON name. A field's type is one of `string`, `boolean`, `int32`, `int64`,
//! `number`, `byte` (base64), `date-time` (meta/v1 `Time` and `MicroTime`), `int-or-string`
//! (`IntOrString`), `quantity` (resource `Quantity`), `object` (free-form: `FieldsV1`, or
//! `x-kubernetes-preserve-unknown-fields`), `ref<NAME>` (another type of `types`), `array<T>` or
//! `map<T>` (string keys). Keys are sorted, so the same schema always prints the same bytes.
//!
//! A schema shape this does not know stops the dump with an error naming it, so that a newer
//! k8s-openapi cannot be described wrongly without notice.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

/// The Kubernetes version of the k8s-openapi types this build was made with.
#[cfg(feature = "v1_33")]
const VERSION: &str = "1.33";
#[cfg(feature = "v1_34")]
const VERSION: &str = "1.34";
#[cfg(feature = "v1_35")]
const VERSION: &str = "1.35";
#[cfg(feature = "v1_36")]
const VERSION: &str = "1.36";
#[cfg(feature = "v1_37")]
const VERSION: &str = "1.37";

/// The definition name of the root type.
const ROOT: &str = "io.k8s.api.core.v1.Pod";
/// Where schemars puts the definitions a schema refers to.
const DEFS_PREFIX: &str = "#/$defs/";
/// The one definition that `x-kubernetes-int-or-string` marks but that is a quantity.
const QUANTITY: &str = "io.k8s.apimachinery.pkg.api.resource.Quantity";

/// Keys of a schema that say nothing about which JSON values it accepts.
const IGNORED: [&str; 3] = ["description", "$schema", "title"];

pub fn run() -> Result<String, String> {
    let root = schemars::schema_for!(k8s_openapi::api::core::v1::Pod);
    let root = root.as_value();
    let defs = match root.get("$defs") {
        Some(Value::Object(defs)) => defs.clone(),
        None => Map::new(),
        Some(other) => return Err(format!("`$defs` is not an object: {other}")),
    };
    let mut reader = Reader {
        defs: &defs,
        types: BTreeMap::new(),
        pending: vec![(ROOT.to_owned(), root.clone())],
        queued: BTreeSet::from([ROOT.to_owned()]),
    };
    while let Some((name, schema)) = reader.pending.pop() {
        let fields = reader.object(&name, &schema)?;
        reader.types.insert(name, fields);
    }
    let types: Map<String, Value> = reader
        .types
        .into_iter()
        .map(|(name, fields)| (name, Value::Object(fields.into_iter().collect())))
        .collect();
    let doc = json!({"version": VERSION, "root": ROOT, "types": types});
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

/// Walks the schema from the root, collecting each object type once.
struct Reader<'a> {
    defs: &'a Map<String, Value>,
    types: BTreeMap<String, BTreeMap<String, Value>>,
    /// Object types met but not read yet.
    pending: Vec<(String, Value)>,
    /// Every object type met so far.
    queued: BTreeSet<String>,
}

impl Reader<'_> {
    /// The fields of an object type.
    fn object(&mut self, name: &str, schema: &Value) -> Result<BTreeMap<String, Value>, String> {
        let at = |what: &str| format!("{name}: {what}");
        let schema = schema
            .as_object()
            .ok_or_else(|| at("the schema is not an object"))?;
        for key in schema.keys() {
            if !matches!(
                key.as_str(),
                "type" | "properties" | "required" | "$defs" | "description" | "$schema" | "title"
            ) {
                return Err(at(&format!("unexpected key `{key}` in an object type")));
            }
        }
        let required: BTreeSet<&str> = match schema.get("required") {
            None => BTreeSet::new(),
            Some(Value::Array(names)) => names
                .iter()
                .map(|n| {
                    n.as_str()
                        .ok_or_else(|| at("a required name is not a string"))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(at("`required` is not an array")),
        };
        let Some(Value::Object(properties)) = schema.get("properties") else {
            return Err(at("no `properties`"));
        };
        for r in &required {
            if !properties.contains_key(*r) {
                return Err(at(&format!("required field `{r}` is not a property")));
            }
        }
        let mut fields = BTreeMap::new();
        for (field, property) in properties {
            let ty = self
                .ty(property)
                .map_err(|e| at(&format!("field `{field}`: {e}")))?;
            fields.insert(
                field.clone(),
                json!({"type": ty, "required": required.contains(field.as_str())}),
            );
        }
        Ok(fields)
    }

    /// The type expression of a property's schema.
    fn ty(&mut self, schema: &Value) -> Result<String, String> {
        let schema = schema.as_object().ok_or("the schema is not an object")?;
        let keys: BTreeSet<&str> = schema
            .keys()
            .map(String::as_str)
            .filter(|k| !IGNORED.contains(k))
            .collect();
        if let Some(Value::String(reference)) = schema.get("$ref") {
            if keys.len() != 1 {
                return Err(format!("`$ref` next to other keys: {keys:?}"));
            }
            return self.reference(reference);
        }
        let string = |key: &str| schema.get(key).and_then(Value::as_str);
        let flag = |key: &str| schema.get(key) == Some(&Value::Bool(true));
        let only = |allowed: &[&str]| -> Result<(), String> {
            match keys.iter().find(|k| !allowed.contains(k)) {
                Some(k) => Err(format!("unexpected key `{k}` in {schema:?}")),
                None => Ok(()),
            }
        };
        if flag("x-kubernetes-int-or-string") {
            only(&["x-kubernetes-int-or-string"])?;
            return Ok("int-or-string".to_owned());
        }
        if flag("x-kubernetes-preserve-unknown-fields") {
            only(&["x-kubernetes-preserve-unknown-fields", "type"])?;
            return Ok("object".to_owned());
        }
        match (string("type"), string("format")) {
            (Some("string"), None) => only(&["type"]).map(|()| "string".to_owned()),
            (Some("string"), Some("byte")) => only(&["type", "format"]).map(|()| "byte".to_owned()),
            (Some("string"), Some("date-time")) => {
                only(&["type", "format"]).map(|()| "date-time".to_owned())
            }
            (Some("boolean"), None) => only(&["type"]).map(|()| "boolean".to_owned()),
            (Some("integer"), Some(f @ ("int32" | "int64"))) => {
                only(&["type", "format"]).map(|()| f.to_owned())
            }
            (Some("number"), None | Some("double")) => {
                only(&["type", "format"]).map(|()| "number".to_owned())
            }
            (Some("array"), None) => {
                only(&["type", "items"])?;
                let items = schema.get("items").ok_or("an array without `items`")?;
                Ok(format!("array<{}>", self.ty(items)?))
            }
            (Some("object"), None) => match schema.get("additionalProperties") {
                Some(values) => {
                    only(&["type", "additionalProperties"])?;
                    Ok(format!("map<{}>", self.ty(values)?))
                }
                None if !keys.contains("properties") => {
                    only(&["type"])?;
                    Ok("object".to_owned())
                }
                None => Err("an object type written inline, not as a definition".to_owned()),
            },
            (ty, format) => Err(format!("unknown type {ty:?} with format {format:?}")),
        }
    }

    /// A reference to a definition: an object type (queued to be read) or a scalar one
    /// (`Quantity`, `Time`, `IntOrString`, `FieldsV1`), which is written as its type.
    fn reference(&mut self, reference: &str) -> Result<String, String> {
        let name = reference
            .strip_prefix(DEFS_PREFIX)
            .ok_or_else(|| format!("a reference outside `$defs`: {reference}"))?;
        let schema = self
            .defs
            .get(name)
            .ok_or_else(|| format!("a reference to an unknown definition: {name}"))?;
        if schema.get("properties").is_some() {
            if self.queued.insert(name.to_owned()) {
                self.pending.push((name.to_owned(), schema.clone()));
            }
            return Ok(format!("ref<{name}>"));
        }
        let ty = self.ty(schema).map_err(|e| format!("{name}: {e}"))?;
        Ok(match ty.as_str() {
            "int-or-string" if name == QUANTITY => "quantity".to_owned(),
            _ => ty,
        })
    }
}
