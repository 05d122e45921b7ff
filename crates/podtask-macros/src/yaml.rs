//! Pod spec files in YAML, read into the JSON value a spec is checked as.
//!
//! Scalars resolve as YAML 1.2's core schema does (`true`, `null`, `~`, integers, floats,
//! anything else a string; quoted scalars are strings), mapping keys become strings as
//! Kubernetes' YAML reader makes them, and aliases are replaced by what they point to.

use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// The one YAML document in `text`, as JSON.
pub fn to_json(text: &str) -> Result<Value, String> {
    let mut docs = YamlLoader::load_from_str(text).map_err(|e| format!("invalid YAML: {e}"))?;
    match docs.len() {
        1 => convert(docs.remove(0)),
        0 => Err("the file holds no YAML document; a pod spec file holds one".to_owned()),
        n => Err(format!(
            "the file holds {n} YAML documents; a pod spec file holds one"
        )),
    }
}

fn convert(y: Yaml) -> Result<Value, String> {
    Ok(match y {
        Yaml::Null => Value::Null,
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Integer(i) => Value::from(i),
        Yaml::Real(text) => match text.parse::<f64>().ok().and_then(Number::from_f64) {
            Some(n) => Value::Number(n),
            None => return Err(format!("the number {text} has no JSON form")),
        },
        Yaml::String(s) => Value::String(s),
        Yaml::Array(items) => {
            Value::Array(items.into_iter().map(convert).collect::<Result<_, _>>()?)
        }
        Yaml::Hash(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                map.insert(key(k)?, convert(v)?);
            }
            Value::Object(map)
        }
        Yaml::Alias(_) | Yaml::BadValue => {
            return Err("an alias that points to no anchor".to_owned());
        }
    })
}

/// A mapping key as a string: Kubernetes reads `1: x` as the key `"1"`.
fn key(k: Yaml) -> Result<String, String> {
    match k {
        Yaml::String(s) | Yaml::Real(s) => Ok(s),
        Yaml::Integer(i) => Ok(i.to_string()),
        Yaml::Boolean(b) => Ok(b.to_string()),
        Yaml::Null => Ok("null".to_owned()),
        _ => Err("a mapping key that is not a scalar".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_pod_spec() {
        let text = "
containers:
  - name: main
    args: [\"--n\", '2']
    resources:
      requests: {cpu: 500m, memory: 1Gi}
      limits:
        cpu: 1
nodeSelector:
  disk: ssd
  1: x
tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
script: |
  echo hi
  echo there
ratio: 1.5
enabled: true
nothing: ~
";
        assert_eq!(
            to_json(text).unwrap(),
            json!({
                "containers": [{"name": "main", "args": ["--n", "2"],
                    "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"cpu": 1}}}],
                "nodeSelector": {"disk": "ssd", "1": "x"},
                "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
                "script": "echo hi\necho there\n",
                "ratio": 1.5,
                "enabled": true,
                "nothing": null,
            })
        );
    }

    #[test]
    fn aliases_are_resolved() {
        let text = "base: &b {cpu: 1}\nother: *b\n";
        assert_eq!(
            to_json(text).unwrap(),
            json!({"base": {"cpu": 1}, "other": {"cpu": 1}})
        );
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(to_json("a: [1, 2").unwrap_err().starts_with("invalid YAML"));
        assert!(to_json("").unwrap_err().contains("no YAML document"));
        assert!(
            to_json("a: 1\n---\nb: 2\n")
                .unwrap_err()
                .contains("2 YAML documents")
        );
        assert!(to_json("a: .nan\n").unwrap_err().contains("no JSON form"));
        assert!(
            to_json("? [1]\n: x\n")
                .unwrap_err()
                .contains("not a scalar")
        );
    }
}
