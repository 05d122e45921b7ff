//! Reading a pod spec, or a whole Pod, from JSON, with every problem at its path.
//!
//! The value is walked along the schema of the chosen Kubernetes version (the generated
//! description in [`crate::schema`]): each object's keys are compared with its type's fields,
//! each value with its field's JSON type, and each object's required fields are looked for. The
//! walk goes on past every problem, so all of them are reported at once, sorted by path.
//!
//! Kubernetes' strict field validation (`kubectl apply --validate=strict`, the API server's
//! `fieldValidation=Strict`) refuses unknown fields, so `resoures:` cannot vanish without a word.
//! The messages of wrong types are worded as serde words them (`invalid type: string "yes",
//! expected a boolean`), as they were when specs were read into k8s-openapi's types.

use std::borrow::Cow;

use podtask_rules::Quantity;
use podtask_rules::suggest::did_you_mean;
use serde_json::Value;

use crate::schema::{Ty, TypeDef, describe_versions, id};
use crate::{JsonPath, KubernetesVersion, Segment, SpecError};

/// Reads a Kubernetes `PodSpec` from a JSON value (as written inline, or read from a YAML or
/// JSON file) for a Kubernetes version, refusing what the API server's strict field validation
/// refuses.
///
/// Every problem is reported, each at its path, sorted by path:
///
/// - unknown fields, at the key ([`SpecError::on_key`]), with the nearest known field of that
///   object (``unknown field `nodeSelecter` in PodSpec; did you mean `nodeSelector`?``), or the
///   versions that have the field when `version` has not (``unknown field `hostnameOverride` in
///   PodSpec of Kubernetes 1.33 (added in Kubernetes 1.34)``);
/// - values of the wrong JSON type (``invalid type: string "yes", expected a boolean``), numbers
///   out of range (``invalid value: integer `3000000000`, expected i32``), times that are not
///   RFC 3339, base64 that does not decode;
/// - quantities that do not parse, with the rulebook's message and its [`RuleError`](
///   podtask_rules::RuleError) in [`SpecError::rule`];
/// - required fields left out (``Required value: missing field `name` in Container``).
///
/// `null` stands for a field left out, as in Kubernetes. The spec's own `containers` may be left
/// out: the primary container is added to it when the task's pod is made. The rules on the
/// values themselves are [`check`](fn@crate::check)'s.
///
/// An error that carries a [`rule`](SpecError::rule) (a quantity that does not parse) leaves the
/// spec's shape as the schema says: [`check`](fn@crate::check) can still run on the value, so that
/// every error is shown at once.
///
/// ```
/// use podtask_podspec::{KubernetesVersion, read_spec};
/// use serde_json::json;
/// let v = KubernetesVersion::V1_33;
/// assert!(read_spec(&json!({"containers": [{"name": "main"}]}), v).is_ok());
///
/// let errors = read_spec(&json!({
///     "containers": [{"name": "main", "resoures": {}, "tty": "yes"}],
///     "nodeSelecter": {"disk": "ssd"},
///     "hostnameOverride": "node-1"
/// }), v).unwrap_err();
/// let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
/// assert_eq!(shown, [
///     "containers[0].resoures: unknown field `resoures` in Container; did you mean `resources`?",
///     r#"containers[0].tty: invalid type: string "yes", expected a boolean"#,
///     "hostnameOverride: unknown field `hostnameOverride` in PodSpec of Kubernetes 1.33 (added in Kubernetes 1.34)",
///     "nodeSelecter: unknown field `nodeSelecter` in PodSpec; did you mean `nodeSelector`?",
/// ]);
/// ```
pub fn read_spec(value: &Value, version: KubernetesVersion) -> Result<(), Vec<SpecError>> {
    let mut reader = Reader::new(version, true);
    reader.object(value, id::POD_SPEC);
    reader.finish()
}

/// Reads a whole Kubernetes Pod manifest (`apiVersion`, `kind`, `metadata`, `spec`, `status`)
/// from a JSON value for a Kubernetes version, as [`read_spec`] reads a spec, `metadata` and
/// `status` included: `creationTimestamp` must be an RFC 3339 time, `ownerReferences[0].uid` a
/// string, and so on.
///
/// `apiVersion` must be `v1` and `kind` must be `Pod`: a manifest names them, and the API server
/// refuses an object without its kind. Unlike [`read_spec`], the spec must list its
/// `containers`, as in any Pod.
///
/// ```
/// use podtask_podspec::{KubernetesVersion, read_pod};
/// use serde_json::json;
/// let pod = json!({
///     "apiVersion": "v1",
///     "kind": "Pod",
///     "metadata": {"name": "train", "labels": {"app": "ml"}, "creationTimestamp": "2025-03-01T12:00:00Z"},
///     "spec": {"containers": [{"name": "main", "image": "busybox"}]}
/// });
/// assert!(read_pod(&pod, KubernetesVersion::V1_35).is_ok());
///
/// let errors = read_pod(&json!({
///     "kind": "Deployment",
///     "metadata": {"name": "train", "creationTimestamp": "yesterday"},
///     "spec": {}
/// }), KubernetesVersion::V1_35).unwrap_err();
/// let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
/// assert_eq!(shown, [
///     "apiVersion: Required value: missing field `apiVersion` in Pod",
///     r#"kind: invalid value: string "Deployment", expected Pod"#,
///     r#"metadata.creationTimestamp: invalid value: string "yesterday", expected an RFC 3339 date-time such as "2006-01-02T15:04:05Z""#,
///     "spec.containers: Required value: missing field `containers` in PodSpec",
/// ]);
/// ```
pub fn read_pod(value: &Value, version: KubernetesVersion) -> Result<(), Vec<SpecError>> {
    let mut reader = Reader::new(version, false);
    reader.object(value, id::POD);
    if let Value::Object(members) = value {
        for (key, expected) in [("apiVersion", "v1"), ("kind", "Pod")] {
            let path = JsonPath::root().key(key);
            let message = match members.get(key) {
                None => format!("Required value: missing field `{key}` in Pod"),
                Some(Value::Null) => "invalid type: null, expected a string".to_owned(),
                Some(Value::String(given)) if given != expected => {
                    format!("invalid value: string {given:?}, expected {expected}")
                }
                // Right, or of another type (reported by the walk).
                Some(_) => continue,
            };
            reader.errors.push(SpecError::new(path, message));
        }
    }
    reader.finish()
}

/// Reads a whole Pod manifest as the API server decodes it on create (`fieldValidation=Strict`),
/// for [`validate_pod`](crate::validate_pod): unknown fields, wrong JSON types and quantities
/// that do not parse are errors, as in [`read_pod`]. Unlike [`read_pod`], it follows the server
/// where the server differs from the schema:
///
/// - `apiVersion` and `kind` may be left out or empty: the server takes them from the request's
///   URL. Another value is refused.
/// - A required field of the schema that is left out is not a decoding error (the server decodes
///   it as its zero value); it is reported only when the server's validation refuses that zero
///   value, at the field the server names (see [`missing_as_server`]). Nothing under `status`
///   is required: the server replaces the status of a pod it creates.
pub(crate) fn read_pod_as_server(
    value: &Value,
    version: KubernetesVersion,
) -> Result<(), Vec<SpecError>> {
    let mut reader = Reader::new(version, false);
    reader.server = true;
    reader.object(value, id::POD);
    if let Value::Object(members) = value {
        for (key, expected) in [("apiVersion", "v1"), ("kind", "Pod")] {
            if let Some(Value::String(given)) = members.get(key)
                && !given.is_empty()
                && given != expected
            {
                reader.errors.push(SpecError::new(
                    JsonPath::root().key(key),
                    format!("invalid value: string {given:?}, expected {expected}"),
                ));
            }
        }
    }
    reader.finish()
}

/// What the API server makes of a required field of the schema that an object leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Missing {
    /// Its validation refuses the zero value, at the field's own path.
    Here,
    /// Its validation refuses the zero value, at another field (as the server writes it).
    At(String),
    /// It accepts the zero value (or validates the field elsewhere, from the zero value).
    Accepted,
}

/// What the API server makes of the required field `field` of the type `type_name`, left out
/// of the object at `object` (a path from the Pod), as `validation.go` validates its zero value.
///
/// The server names another field than the precise one for some (the list of HTTP headers, the
/// scheduling gate itself, the projected volume's `path` for a service account token, a
/// downward API file's fields without the file's index, `persistentDisk` for a GCE disk); it
/// accepts the zero value of others (an HTTP header's value, a preferred term's preference, the
/// name of an image pull secret, a sleep of 0 seconds, ...).
///
/// Fields behind a feature gate that is off by default are dropped on create, so nothing in
/// them is required: `podCertificate` projections (PodCertificateRequest, off in 1.34 to 1.36),
/// `workloadRef` (GenericWorkload, off), `evictionResponders` (1.37, alpha), and in 1.34 only
/// `restartPolicyRules` (ContainerRestartRules) and `fileKeyRef` (EnvFiles), both on from 1.35,
/// and in 1.33 only resource claims (DynamicResourceAllocation, on from 1.34).
fn missing_as_server(
    type_name: &str,
    field: &str,
    object: &JsonPath,
    version: KubernetesVersion,
) -> Missing {
    let parent_key = object.0.iter().rev().find_map(|s| match s {
        Segment::Key(k) => Some(k.as_str()),
        Segment::Index(_) => None,
    });
    let own = || object.clone().key(field);
    match (type_name, field) {
        // The field is dropped on create; `validate_object_meta` reports `metadata.name`.
        ("Pod", "metadata") => Missing::Accepted,
        // Dropped: behind a feature gate that is off by default.
        ("PodCertificateProjection" | "WorkloadReference" | "EvictionResponder", _) => {
            Missing::Accepted
        }
        ("ContainerRestartRule" | "ContainerRestartRuleOnExitCodes" | "FileKeySelector", _)
            if version == KubernetesVersion::V1_34 =>
        {
            Missing::Accepted
        }
        ("PodResourceClaim" | "ResourceClaim", _) if version == KubernetesVersion::V1_33 => {
            Missing::Accepted
        }
        // `validateHTTPGetAction`: header names are reported at the list.
        ("HTTPHeader", "name") => {
            let mut list = object.clone();
            if matches!(list.0.last(), Some(Segment::Index(_))) {
                list.0.pop();
            }
            Missing::At(list.to_string())
        }
        ("HTTPHeader", "value")
        | ("PreferredSchedulingTerm", "preference")
        | ("SleepAction", "seconds")
        | ("Sysctl", "value")
        | ("ISCSIVolumeSource", "lun")
        | ("ScaleIOVolumeSource", "secretRef") => Missing::Accepted,
        // `ValidateSchedulingGates` and `validateResourceClaimNames` report at the item.
        ("PodSchedulingGate", "name") | ("ResourceClaim", "name") => {
            Missing::At(object.to_string())
        }
        // `validateProjectionSources`: `fldPath.Child("path")`, the projected volume's path.
        ("ServiceAccountTokenProjection", "path") => {
            match object
                .0
                .iter()
                .rposition(|s| *s == Segment::Key("projected".into()))
            {
                Some(at) => Missing::At(JsonPath(object.0[..=at].to_vec()).key("path").to_string()),
                None => Missing::Here,
            }
        }
        // `ValidatePersistentVolumeClaimSpec` of an empty spec.
        ("PersistentVolumeClaimTemplate", "spec") => {
            Missing::At(own().key("accessModes").to_string())
        }
        // An empty term: `topologyKey` is required.
        ("WeightedPodAffinityTerm", "podAffinityTerm") => {
            Missing::At(own().key("topologyKey").to_string())
        }
        // `validateOwnerReference` is given `metadata.ownerReferences`, without the index.
        ("OwnerReference", _) => Missing::At(format!("metadata.ownerReferences.{field}")),
        // Only some secret references are checked: CSI's `nodePublishSecretRef`, Cinder's and
        // StorageOS's `secretRef`; image pull secrets and the other volumes' are not.
        ("LocalObjectReference", "name") => {
            let checked = match parent_key {
                Some("nodePublishSecretRef") => true,
                Some("secretRef") => object
                    .0
                    .iter()
                    .any(|s| matches!(s, Segment::Key(k) if k == "cinder" || k == "storageos")),
                _ => false,
            };
            if checked {
                Missing::Here
            } else {
                Missing::Accepted
            }
        }
        _ => {
            let path = own();
            let server = server_volume_path(&path);
            if server == path {
                Missing::Here
            } else {
                Missing::At(server.to_string())
            }
        }
    }
}

/// A path as the server's volume validation writes it: a downward API file's fields without
/// `items[k]` (`validateDownwardAPIVolumeFile` is given the source's path) and a GCE persistent
/// disk's under `persistentDisk` (`validateGCEPersistentDiskVolumeSource`).
fn server_volume_path(path: &JsonPath) -> JsonPath {
    let mut out = Vec::with_capacity(path.0.len());
    let mut i = 0;
    while i < path.0.len() {
        let seg = &path.0[i];
        let after_downward = matches!(out.last(), Some(Segment::Key(k)) if k == "downwardAPI");
        match seg {
            Segment::Key(k) if k == "items" && after_downward => {
                // Skip `items` and the index after it.
                if matches!(path.0.get(i + 1), Some(Segment::Index(_))) {
                    i += 1;
                }
            }
            Segment::Key(k)
                if k == "gcePersistentDisk"
                    && out.len() >= 2
                    && out[out.len() - 2] == Segment::Key("volumes".into()) =>
            {
                out.push(Segment::Key("persistentDisk".into()));
            }
            _ => out.push(seg.clone()),
        }
        i += 1;
    }
    JsonPath(out)
}

/// A walk of one value along the schema, collecting every problem.
struct Reader {
    version: KubernetesVersion,
    /// Whether the root is a task's spec, whose `containers` may be left out.
    spec_root: bool,
    /// Whether required fields are judged as the API server judges them (see
    /// [`read_pod_as_server`]).
    server: bool,
    /// Where the walk is.
    path: JsonPath,
    errors: Vec<SpecError>,
}

impl Reader {
    fn new(version: KubernetesVersion, spec_root: bool) -> Self {
        Reader {
            version,
            spec_root,
            server: false,
            path: JsonPath::root(),
            errors: Vec::new(),
        }
    }

    fn finish(mut self) -> Result<(), Vec<SpecError>> {
        if self.errors.is_empty() {
            return Ok(());
        }
        // Stable: the errors of one path keep the order they were found in.
        self.errors.sort_by(|a, b| a.path.cmp(&b.path));
        Err(self.errors)
    }

    /// Reads `value` at `segment` below the current path.
    fn child(&mut self, segment: Segment, value: &Value, ty: Ty) {
        self.path.0.push(segment);
        self.value(value, ty);
        self.path.0.pop();
    }

    /// An element of an array or a map. The API server (Go's `encoding/json`) decodes a `null`
    /// element as the zero value of its type (`""`, `0`, an empty object); elsewhere `null` is
    /// a wrong type.
    fn element(&mut self, segment: Segment, value: &Value, ty: Ty) {
        if self.server && value.is_null() {
            if let Ty::Ref(index) = ty {
                self.child(
                    segment,
                    &Value::Object(serde_json::Map::new()),
                    Ty::Ref(index),
                );
            }
            return;
        }
        self.child(segment, value, ty);
    }

    fn value(&mut self, value: &Value, ty: Ty) {
        match ty {
            Ty::String => self.expect(value.is_string(), value, "a string"),
            Ty::Boolean => self.expect(value.is_boolean(), value, "a boolean"),
            Ty::Int32 => self.integer(value, i32::MIN.into(), i32::MAX.into(), "i32"),
            Ty::Int64 => self.integer(value, i64::MIN, i64::MAX, "i64"),
            Ty::Number => self.expect(value.is_number(), value, "f64"),
            Ty::Object => self.expect(value.is_object(), value, "a map"),
            Ty::Bytes => match value {
                // k8s-openapi reads `null` as no bytes.
                Value::Null => {}
                Value::String(text) if is_base64(text) => {}
                Value::String(_) => self.invalid_value(value, "a base64-encoded string"),
                _ => self.wrong_type(value, "a base64-encoded string"),
            },
            Ty::DateTime => match value {
                Value::String(text) if is_rfc3339(text) => {}
                Value::String(_) => self.invalid_value(value, DATE_TIME),
                _ => self.wrong_type(value, DATE_TIME),
            },
            Ty::IntOrString => match value {
                Value::String(_) => {}
                Value::Number(n) if n.is_f64() => self.wrong_type(value, "IntOrString"),
                Value::Number(_) => {
                    self.integer(value, i32::MIN.into(), i32::MAX.into(), "a 32-bit integer")
                }
                _ => self.wrong_type(value, "IntOrString"),
            },
            Ty::Quantity => match quantity_text(value) {
                Some(text) => {
                    if let Err(e) = Quantity::parse(&text) {
                        self.errors.push(SpecError::from_rule(self.path.clone(), e));
                    }
                }
                None => self.wrong_type(value, "Quantity"),
            },
            Ty::Ref(index) => self.object(value, index),
            Ty::Array(item) => match value {
                Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        self.element(Segment::Index(i), v, *item);
                    }
                }
                _ => self.wrong_type(value, "a sequence"),
            },
            Ty::Map(item) => match value {
                Value::Object(members) => {
                    for (k, v) in members {
                        self.element(Segment::Key(k.clone()), v, *item);
                    }
                }
                _ => self.wrong_type(value, "a map"),
            },
        }
    }

    /// An object of a type of the schema: unknown keys, its fields' values, and the required
    /// fields it leaves out.
    fn object(&mut self, value: &Value, index: u16) {
        let def = TypeDef::get(index);
        let Value::Object(members) = value else {
            self.wrong_type(value, def.name);
            return;
        };
        for (key, v) in members {
            match def.field(key, self.version) {
                // `null` is a field left out; k8s-openapi reads it as `None`.
                Some(_) if v.is_null() => {}
                Some(field) => self.child(Segment::Key(key.clone()), v, field.ty),
                None => self.unknown(def, key),
            }
        }
        for field in def.fields_in(self.version).filter(|f| f.required) {
            if members.contains_key(field.name) {
                continue;
            }
            // The primary container is added to a task's spec when its pod is made.
            if self.spec_root && self.path.is_root() && field.name == "containers" {
                continue;
            }
            let error = SpecError::new(
                self.path.clone().key(field.name),
                format!(
                    "Required value: missing field `{}` in {}",
                    field.name, def.name
                ),
            );
            if !self.server {
                self.errors.push(error);
                continue;
            }
            // The server replaces the status of a pod it creates.
            if self.path.0.first() == Some(&Segment::Key("status".into())) {
                continue;
            }
            match missing_as_server(def.name, field.name, &self.path, self.version) {
                Missing::Here => self.errors.push(error),
                Missing::At(server) => self.errors.push(error.reported_at(server)),
                Missing::Accepted => {}
            }
        }
    }

    fn unknown(&mut self, def: &TypeDef, key: &str) {
        let mut message = format!("unknown field `{key}` in {}", def.name);
        let elsewhere = def.variants(key);
        if !elsewhere.is_empty() {
            let mask = elsewhere.iter().fold(0, |m, f| m | f.versions);
            message.push_str(&format!(
                " of Kubernetes {} ({})",
                self.version,
                describe_versions(mask, self.version)
            ));
        } else {
            let known: Vec<&str> = def.fields_in(self.version).map(|f| f.name).collect();
            if let Some(near) = did_you_mean(key, known.iter().copied()) {
                message.push_str(&format!("; did you mean `{near}`?"));
            } else if !known.is_empty() && known.len() <= 12 {
                let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                message.push_str(&format!("; expected one of {}", list.join(", ")));
            }
        }
        self.errors
            .push(SpecError::on_key(self.path.clone().key(key), message));
    }

    /// An integer within `min..=max`.
    fn integer(&mut self, value: &Value, min: i64, max: i64, expected: &str) {
        let Value::Number(n) = value else {
            return self.wrong_type(value, expected);
        };
        match n.as_i64() {
            Some(i) if (min..=max).contains(&i) => {}
            Some(_) => self.invalid_value(value, expected),
            // Above `i64::MAX`.
            None if n.is_u64() => self.invalid_value(value, expected),
            None => self.wrong_type(value, expected),
        }
    }

    fn expect(&mut self, ok: bool, value: &Value, expected: &str) {
        if !ok {
            self.wrong_type(value, expected);
        }
    }

    /// serde's `invalid_type`, in the words `serde_json` gives it.
    fn wrong_type(&mut self, value: &Value, expected: &str) {
        self.errors.push(SpecError::new(
            self.path.clone(),
            format!("invalid type: {}, expected {expected}", unexpected(value)),
        ));
    }

    /// serde's `invalid_value`, in the words `serde_json` gives it.
    fn invalid_value(&mut self, value: &Value, expected: &str) {
        self.errors.push(SpecError::new(
            self.path.clone(),
            format!("invalid value: {}, expected {expected}", unexpected(value)),
        ));
    }
}

/// What a time must look like.
const DATE_TIME: &str = "an RFC 3339 date-time such as \"2006-01-02T15:04:05Z\"";

/// A JSON value as serde's `Unexpected` prints it (with `serde_json`'s `null` and floats).
fn unexpected(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => format!("integer `{u}`"),
            (None, Some(i), _) => format!("integer `{i}`"),
            (None, None, f) => format!("floating point `{}`", float_text(f.unwrap_or(f64::NAN))),
        },
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_owned(),
        Value::Object(_) => "map".to_owned(),
    }
}

/// A float as `serde_json` prints it in its errors: the shortest digits that read back as the
/// same number, in plain notation for decimal exponents -5 to 15 (`1.5`, `8080.0`, `0.00001`)
/// and in scientific notation beyond (`1e+20`, `1.5e-7`).
fn float_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    // `{:e}` gives the shortest digits: `1.234e7`, `1e-6`, `0e0`.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let text = if (-5..=15).contains(&exp) {
        if exp < 0 {
            format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
        } else {
            let whole = exp as usize + 1;
            if digits.len() <= whole {
                format!("{digits}{}.0", "0".repeat(whole - digits.len()))
            } else {
                format!("{}.{}", &digits[..whole], &digits[whole..])
            }
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let point = if rest.is_empty() { "" } else { "." };
        let exp_sign = if exp < 0 { '-' } else { '+' };
        format!("{first}{point}{rest}e{exp_sign}{}", exp.abs())
    };
    format!("{sign}{text}")
}

/// The text of a quantity as the API server reads it (`Quantity.UnmarshalJSON`): a string
/// without the white space at its ends, a number as it prints (`0.5`, `2`). `None` for other
/// JSON.
///
/// The server trims the raw JSON text between the quotes with Go's `strings.TrimSpace`, escapes
/// unread: a space or a non-ASCII space (U+00A0, U+2003, ...) written as itself is trimmed,
/// while a tab or a line break, which JSON must escape (`"1\n"`), is not and fails to parse.
/// So are the spaces trimmed here, and control characters kept. (A non-ASCII space written as
/// an escape, `\u00a0`, is not trimmed by the server; its JSON value cannot tell.)
pub(crate) fn quantity_text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(trim_raw_space(s))),
        Value::Number(n) => Some(Cow::Owned(match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u.to_string(),
            (None, Some(i), _) => i.to_string(),
            (None, None, f) => f.unwrap_or(f64::NAN).to_string(),
        })),
        _ => None,
    }
}

/// `text` without the spaces at its ends that Go's `strings.TrimSpace` removes from raw JSON
/// text: the ASCII space and the non-ASCII white space (control characters are escaped in JSON).
fn trim_raw_space(text: &str) -> &str {
    text.trim_matches(|c: char| c == ' ' || (!c.is_ascii() && c.is_whitespace()))
}

/// Whether `text` is a time as Go's `time.Parse(time.RFC3339, ...)` reads it, which is what
/// Kubernetes' `metav1.Time` and `metav1.MicroTime` use: `2006-01-02T15:04:05Z`, with an
/// optional fraction of a second (`.123456`) and a `Z` or a `+hh:mm`/`-hh:mm` offset.
fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let number = |range: std::ops::Range<usize>, max: u32| -> Option<u32> {
        let digits = b.get(range)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = digits
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
        (n <= max).then_some(n)
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let date_time = (|| {
        let year = number(0..4, 9999)?;
        let month = number(5..7, 12).filter(|m| *m >= 1)?;
        number(8..10, days_in_month(year, month)).filter(|d| *d >= 1)?;
        number(11..13, 23)?;
        number(14..16, 59)?;
        number(17..19, 59)?;
        (at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')).then_some(())
    })();
    if date_time.is_none() {
        return false;
    }
    let mut rest = &b[19..];
    if rest.len() >= 2 && rest[0] == b'.' && rest[1].is_ascii_digit() {
        let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        rest = &rest[1 + digits..];
    }
    match rest {
        [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let two = |a: u8, b: u8| {
                (a.is_ascii_digit() && b.is_ascii_digit())
                    .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
            };
            two(*h1, *h2).is_some_and(|h| h <= 23) && two(*m1, *m2).is_some_and(|m| m <= 59)
        }
        _ => false,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `text` decodes as Go's `base64.StdEncoding` decodes it (the encoding of `[]byte` in
/// Kubernetes' JSON): the standard alphabet with `=` padding; line breaks are skipped.
fn is_base64(text: &str) -> bool {
    let b: Vec<u8> = text
        .bytes()
        .filter(|c| !matches!(c, b'\r' | b'\n'))
        .collect();
    if !b.len().is_multiple_of(4) {
        return false;
    }
    let letter = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/');
    let n = b.len();
    b.iter().enumerate().all(|(i, c)| {
        letter(c)
            // Padding: the last one or two characters of the last group of four.
            || (*c == b'=' && (i == n - 1 || (i == n - 2 && b[n - 1] == b'=')))
    })
}

/// Reads JSON text (a file holding a pod spec) into a JSON value. A syntax error names its line
/// and column.
///
/// ```
/// use podtask_podspec::from_json_text;
/// assert!(from_json_text(r#"{"containers": []}"#).is_ok());
/// let e = from_json_text("{\n  \"containers\": [,]\n}").unwrap_err();
/// assert_eq!(e.message, "invalid JSON at line 2, column 18: expected value");
/// ```
pub fn from_json_text(text: &str) -> Result<Value, SpecError> {
    serde_json::from_str::<Value>(text).map_err(|e| {
        let message = format!(
            "invalid JSON at line {}, column {}: {}",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        );
        SpecError::new(JsonPath::root(), message)
    })
}

/// The message of a parser's error without the position it appends, which is given in front.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_as_go_reads_it() {
        for good in [
            "2006-01-02T15:04:05Z",
            "2024-02-29T23:59:59Z",
            "2000-02-29T00:00:00Z",
            "2025-03-01T12:00:00.123456789Z",
            "2025-03-01T12:00:00+05:30",
            "2025-03-01T12:00:00.5-08:00",
            "0000-01-01T00:00:00Z",
        ] {
            assert!(is_rfc3339(good), "{good}");
        }
        for bad in [
            "",
            "yesterday",
            "2025-03-01",
            "2025-03-01 12:00:00Z",
            "2025-03-01t12:00:00Z",
            "2025-03-01T12:00:00",
            "2025-03-01T12:00:00z",
            "2025-13-01T12:00:00Z",
            "2025-00-01T12:00:00Z",
            "2023-02-29T12:00:00Z",
            "1900-02-29T12:00:00Z",
            "2025-04-31T12:00:00Z",
            "2025-03-01T24:00:00Z",
            "2025-03-01T12:60:00Z",
            "2025-03-01T12:00:60Z",
            "2025-03-01T12:00:00.Z",
            "2025-03-01T12:00:00+0530",
            "2025-03-01T12:00:00+24:00",
            "2025-03-01T12:00:00Z ",
            "20250301T120000Z",
            "+2025-03-01T12:00:00Z",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn base64_as_go_reads_it() {
        for good in ["", "aGVsbG8=", "aGk=", "aGVs", "aG\nVs", "+/+/"] {
            assert!(is_base64(good), "{good:?}");
        }
        for bad in [
            "a",
            "aGk",
            "aG=k",
            "a===",
            "====",
            "aGVsbG8=aGk=",
            "aGVs!G8=",
        ] {
            assert!(!is_base64(bad), "{bad:?}");
        }
    }

    #[test]
    fn unexpected_values_print_as_serde_json_prints_them() {
        use serde_json::json;
        assert_eq!(unexpected(&json!(null)), "null");
        assert_eq!(unexpected(&json!(true)), "boolean `true`");
        assert_eq!(unexpected(&json!(7)), "integer `7`");
        assert_eq!(unexpected(&json!(-7)), "integer `-7`");
        assert_eq!(unexpected(&json!(1.5)), "floating point `1.5`");
        assert_eq!(unexpected(&json!(8080.0)), "floating point `8080.0`");
        assert_eq!(unexpected(&json!(1e20)), "floating point `1e+20`");
        assert_eq!(unexpected(&json!("a\"b")), r#"string "a\"b""#);
        assert_eq!(unexpected(&json!([])), "sequence");
        assert_eq!(unexpected(&json!({})), "map");
    }

    #[test]
    fn floats_print_as_serde_json_prints_them() {
        for (f, text) in [
            (1.5, "1.5"),
            (-1.5, "-1.5"),
            (0.0, "0.0"),
            (8080.0, "8080.0"),
            (1e15, "1000000000000000.0"),
            (1.5e15, "1500000000000000.0"),
            (1e16, "1e+16"),
            (1.25e16, "1.25e+16"),
            (1e20, "1e+20"),
            (0.00001, "0.00001"),
            (0.000123, "0.000123"),
            (1e-6, "1e-6"),
            (1.5e-7, "1.5e-7"),
            (123.456, "123.456"),
            (1e300, "1e+300"),
        ] {
            assert_eq!(float_text(f), text, "{f}");
        }
    }

    #[test]
    fn quantities_read_numbers_as_their_text() {
        use serde_json::json;
        assert_eq!(quantity_text(&json!("500m")).as_deref(), Some("500m"));
        assert_eq!(quantity_text(&json!(2)).as_deref(), Some("2"));
        assert_eq!(quantity_text(&json!(-2)).as_deref(), Some("-2"));
        assert_eq!(quantity_text(&json!(0.5)).as_deref(), Some("0.5"));
        assert_eq!(quantity_text(&json!(1.0)).as_deref(), Some("1"));
        assert_eq!(quantity_text(&json!(true)), None);
    }

    #[test]
    fn quantities_are_trimmed_as_the_server_trims_raw_json() {
        use serde_json::json;
        assert_eq!(quantity_text(&json!(" 1 ")).as_deref(), Some("1"));
        assert_eq!(quantity_text(&json!("1\u{a0}")).as_deref(), Some("1"));
        assert_eq!(quantity_text(&json!("1\n")).as_deref(), Some("1\n"));
        assert_eq!(quantity_text(&json!("\t1")).as_deref(), Some("\t1"));
        assert_eq!(quantity_text(&json!("1 Gi")).as_deref(), Some("1 Gi"));
        assert_eq!(quantity_text(&json!("  ")).as_deref(), Some(""));
        let v = KubernetesVersion::V1_35;
        let spec = |cpu: &str| json!({"containers": [{"name": "a", "resources": {"requests": {"cpu": cpu}}}]});
        assert!(read_spec(&spec(" 1"), v).is_ok());
        assert!(read_spec(&spec("1 "), v).is_ok());
        assert!(read_spec(&spec("1\n"), v).is_err());
        assert!(read_spec(&spec(" "), v).is_err());
    }

    /// The errors of reading a Pod as the server, as `field: message`.
    fn server_read(pod: serde_json::Value) -> Vec<String> {
        match read_pod_as_server(&pod, KubernetesVersion::V1_35) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| format!("{}: {}", e.field(), e.message))
                .collect(),
        }
    }

    fn pod_with(spec: serde_json::Value) -> serde_json::Value {
        serde_json::json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec})
    }

    #[test]
    fn the_server_reads_null_elements_as_zero_values() {
        use serde_json::json;
        let spec = json!({
            "containers": [{"name": "a", "image": "x", "args": ["--x", null],
                "resources": {"limits": {"cpu": null}}}],
            "nodeSelector": {"disk": null}
        });
        assert!(server_read(pod_with(spec.clone())).is_empty());
        assert!(read_pod(&pod_with(spec), KubernetesVersion::V1_35).is_err());
        assert_eq!(
            server_read(pod_with(json!({"containers": [null]}))),
            ["spec.containers[0].name: Required value: missing field `name` in Container"]
        );
    }

    #[test]
    fn the_server_takes_api_version_and_kind_from_the_request() {
        use serde_json::json;
        let spec = json!({"containers": [{"name": "a", "image": "x"}]});
        assert!(server_read(json!({"metadata": {"name": "p"}, "spec": spec})).is_empty());
        assert!(
            server_read(json!({"apiVersion": "", "kind": "", "metadata": {}, "spec": spec}))
                .is_empty()
        );
        assert_eq!(
            server_read(json!({"apiVersion": "apps/v1", "kind": "Pods", "spec": spec})),
            [
                r#"apiVersion: invalid value: string "apps/v1", expected v1"#,
                r#"kind: invalid value: string "Pods", expected Pod"#,
            ]
        );
        // No metadata: `validate_object_meta` reports the name.
        assert!(server_read(json!({"spec": spec})).is_empty());
    }

    #[test]
    fn required_fields_as_the_server_validates_them() {
        use serde_json::json;
        let container = |extra: serde_json::Value| {
            let mut c = json!({"name": "a", "image": "x"});
            c.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            c
        };
        // Accepted zero values.
        let probe =
            json!({"livenessProbe": {"httpGet": {"port": 80, "httpHeaders": [{"name": "X"}]}}});
        assert!(server_read(pod_with(json!({"containers": [container(probe)]}))).is_empty());
        let affinity = json!({"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1}]}});
        assert!(
            server_read(pod_with(
                json!({"containers": [container(json!({}))], "affinity": affinity})
            ))
            .is_empty()
        );
        let pull = json!({"containers": [container(json!({}))], "imagePullSecrets": [{}]});
        assert!(server_read(pod_with(pull)).is_empty());
        let status = json!({"containerStatuses": [{}]});
        let mut pod = pod_with(json!({"containers": [container(json!({}))]}));
        pod["status"] = status;
        assert!(server_read(pod).is_empty());
        // Reported elsewhere.
        let headers =
            json!({"livenessProbe": {"httpGet": {"port": 80, "httpHeaders": [{"value": "v"}]}}});
        assert_eq!(
            server_read(pod_with(json!({"containers": [container(headers)]}))),
            [
                "spec.containers[0].livenessProbe.httpGet.httpHeaders: Required value: missing field `name` in HTTPHeader"
            ]
        );
        assert_eq!(
            server_read(pod_with(
                json!({"containers": [container(json!({}))], "schedulingGates": [{}]})
            )),
            ["spec.schedulingGates[0]: Required value: missing field `name` in PodSchedulingGate"]
        );
        let volumes = json!([
            {"name": "t", "projected": {"sources": [{"serviceAccountToken": {}}]}},
            {"name": "d", "downwardAPI": {"items": [{"fieldRef": {}}]}},
            {"name": "g", "gcePersistentDisk": {}},
            {"name": "e", "ephemeral": {"volumeClaimTemplate": {}}}
        ]);
        assert_eq!(
            server_read(pod_with(
                json!({"containers": [container(json!({}))], "volumes": volumes})
            )),
            [
                "spec.volumes[0].projected.path: Required value: missing field `path` in ServiceAccountTokenProjection",
                "spec.volumes[1].downwardAPI.fieldRef.fieldPath: Required value: missing field `fieldPath` in ObjectFieldSelector",
                "spec.volumes[1].downwardAPI.path: Required value: missing field `path` in DownwardAPIVolumeFile",
                "spec.volumes[2].persistentDisk.pdName: Required value: missing field `pdName` in GCEPersistentDiskVolumeSource",
                "spec.volumes[3].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: missing field `spec` in PersistentVolumeClaimTemplate",
            ]
        );
        let owners = json!({"name": "p", "ownerReferences": [{"apiVersion": "v1", "kind": "K", "name": "n"}]});
        let mut pod = pod_with(json!({"containers": [container(json!({}))]}));
        pod["metadata"] = owners;
        assert_eq!(
            server_read(pod),
            ["metadata.ownerReferences.uid: Required value: missing field `uid` in OwnerReference"]
        );
        // Behind a feature gate that is off: dropped.
        let volumes = json!([{"name": "c", "projected": {"sources": [{"podCertificate": {}}]}}]);
        assert!(
            server_read(pod_with(
                json!({"containers": [container(json!({}))], "volumes": volumes})
            ))
            .is_empty()
        );
        let rules = json!({"restartPolicy": "Never", "restartPolicyRules": [{"exitCodes": {"values": [1]}}]});
        let pod = pod_with(json!({"containers": [container(rules)]}));
        assert!(read_pod_as_server(&pod, KubernetesVersion::V1_34).is_ok());
        assert_eq!(
            server_read(pod),
            [
                "spec.containers[0].restartPolicyRules[0].action: Required value: missing field `action` in ContainerRestartRule",
                "spec.containers[0].restartPolicyRules[0].exitCodes.operator: Required value: missing field `operator` in ContainerRestartRuleOnExitCodes",
            ]
        );
        // Where the server names the field itself.
        assert_eq!(
            server_read(pod_with(json!({"containers": [{"image": "x"}]}))),
            ["spec.containers[0].name: Required value: missing field `name` in Container"]
        );
    }
}
