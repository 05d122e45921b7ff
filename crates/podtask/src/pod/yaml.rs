//! YAML for Pod manifests: a JSON value in block style, as `kubectl get -o yaml` prints one.
//!
//! Every string that YAML could read as something else (a number, a boolean, null, a date,
//! text with `: ` or `#`, leading or trailing spaces, ...) is written in double quotes with
//! JSON's escapes, which YAML reads the same way; keys likewise. So the text reads back as
//! exactly the JSON value written.

use serde_json::Value;

/// `value` as YAML, ending with a newline.
///
/// ```
/// let pod = serde_json::json!({"kind": "Pod", "spec": {"containers": [{"name": "main", "args": ["1", "yes"]}]}});
/// assert_eq!(
///     podtask::pod::to_yaml(&pod),
///     "kind: Pod\nspec:\n  containers:\n  - args:\n    - \"1\"\n    - \"yes\"\n    name: main\n"
/// );
/// ```
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(m) if !m.is_empty() => mapping(&mut out, m, 0),
        Value::Array(a) if !a.is_empty() => sequence(&mut out, a, 0),
        other => {
            scalar(&mut out, other);
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// A mapping whose keys start at column `at`, keys sorted (whatever order the map keeps).
fn mapping(out: &mut String, m: &serde_json::Map<String, Value>, at: usize) {
    let mut entries: Vec<(&String, &Value)> = m.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (i, (k, v)) in entries.into_iter().enumerate() {
        if i > 0 {
            indent(out, at);
        }
        string(out, k);
        out.push(':');
        value_after_key(out, v, at);
    }
}

/// A sequence whose dashes are at column `at` (the first item starts where the caller is).
fn sequence(out: &mut String, a: &[Value], at: usize) {
    for (i, v) in a.iter().enumerate() {
        if i > 0 {
            indent(out, at);
        }
        out.push_str("- ");
        match v {
            Value::Object(m) if !m.is_empty() => mapping(out, m, at + 2),
            Value::Array(inner) if !inner.is_empty() => sequence(out, inner, at + 2),
            other => {
                scalar(out, other);
                out.push('\n');
            }
        }
    }
}

fn value_after_key(out: &mut String, v: &Value, at: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            indent(out, at + 2);
            mapping(out, m, at + 2);
        }
        // kubectl's style: a sequence under a key starts at the key's column.
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            indent(out, at);
            sequence(out, a, at);
        }
        other => {
            out.push(' ');
            scalar(out, other);
            out.push('\n');
        }
    }
}

fn scalar(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => string(out, s),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// A string: plain when YAML reads it back as the same string, else double-quoted.
fn string(out: &mut String, s: &str) {
    if plain_is_safe(s) {
        out.push_str(s);
    } else {
        // JSON's string syntax is YAML's double-quoted style.
        out.push_str(&Value::String(s.to_owned()).to_string());
    }
}

/// Whether `s` reads back as the same string when written plain: no character that starts or
/// breaks a YAML token, and not a word or number YAML 1.1 or 1.2 resolves to another type.
fn plain_is_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if first.is_whitespace() || s.ends_with(char::is_whitespace) {
        return false;
    }
    if "?:,[]{}#&*!|>'\"%@`~".contains(first) {
        return false;
    }
    // `-` starts a plain scalar unless a space, a number (`-1`, `-.5`) or nothing follows.
    if first == '-' && !s[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '-') {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if s.chars().any(|c| c.is_control() || !c.is_ascii()) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".nan", ".inf", "-.inf",
        "+.inf",
    ];
    if WORDS.contains(&lower.as_str()) {
        return false;
    }
    // Anything made of what numbers, dates and times are made of (integers, floats, hex, octal,
    // binary, dates, times, base-60) may resolve to one; `1Gi` or `500m` cannot.
    let numeric = |c: char| c.is_ascii_hexdigit() || "+-._:xXoOtTzZ".contains(c);
    if (first.is_ascii_digit() || first == '+' || first == '.') && s.chars().all(numeric) {
        return false;
    }
    if first == '+' || first == '.' {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_that_yaml_reads_as_other_types_are_quoted() {
        for s in [
            "",
            "1",
            "1.5",
            "0x1f",
            "true",
            "No",
            "null",
            "~",
            "- a",
            "a: b",
            "a #b",
            " a",
            "a ",
            "{x}",
            "2024-01-01",
            "*ref",
            "é",
            "line\nbreak",
            "+1",
            "-1",
            "-.5",
            "-",
            "1e3",
            "12:30",
            "0o17",
            "1_000",
            "2001-12-14t21:59:43.10-05:00",
        ] {
            let out = to_yaml(&json!(s));
            assert!(out.starts_with('"'), "{s:?} -> {out}");
            let back: String = serde_json::from_str(out.trim_end()).unwrap();
            assert_eq!(back, s);
        }
        for s in [
            "main",
            "busybox:1.36",
            "nvidia.com/gpu",
            "a-b_c",
            "sh",
            "Never",
            "500m",
            "1Gi",
            "--input",
            "-c",
            "250Mi",
        ] {
            assert_eq!(to_yaml(&json!(s)), format!("{s}\n"));
        }
    }

    #[test]
    fn nests_mappings_and_sequences_in_kubectl_style() {
        let v = json!({
            "apiVersion": "v1",
            "metadata": {"labels": {"app": "x"}, "name": "p"},
            "spec": {"containers": [{"name": "a", "args": [["x"], {}], "env": []}], "restartPolicy": "Never"}
        });
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\nmetadata:\n  labels:\n    app: x\n  name: p\nspec:\n  containers:\n  \
             - args:\n    - - x\n    - {}\n    env: []\n    name: a\n  restartPolicy: Never\n"
        );
    }
}
