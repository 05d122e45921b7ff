//! A container's `env` (`ValidateEnv`, `validateEnvVarValueFrom`, and the API server's warning
//! about repeated names), and a warning for secrets written in plain text.

use std::collections::BTreeSet;

use podtask_rules::{Subject, names};
use serde_json::Value;

use super::{Cx, REQUIRED, name_rule, set, string};
use crate::{JsonPath, SpecError, SpecWarning};

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    for c in &cx.containers {
        vars(
            &c.path.clone().key("env"),
            c.env,
            &mut cx.errors,
            &mut cx.warnings,
        );
    }
}

/// Words that mark a variable as holding a secret.
const SECRET_WORDS: [&str; 10] = [
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIAL",
    "AUTH_KEY",
];

/// Whether a variable's name says it holds a secret (`DB_PASSWORD`, `githubToken`, `API_KEYS`).
/// A word must end where a word of the name ends, so `TOKENIZERS_PARALLELISM` is no secret.
pub(crate) fn looks_secret(name: &str) -> bool {
    // Split camelCase into words so that `apiKey` reads as `API_KEY`.
    let mut upper = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            upper.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        upper.push(match c {
            '-' | '.' => '_',
            c => c.to_ascii_uppercase(),
        });
    }
    SECRET_WORDS.iter().any(|w| {
        upper.match_indices(w).any(|(at, _)| {
            let rest = &upper[at + w.len()..];
            let rest = rest.strip_prefix('S').unwrap_or(rest);
            rest.is_empty()
                || rest.starts_with('_')
                || rest.starts_with(|c: char| c.is_ascii_digit())
        })
    })
}

/// Checks the variables of one container, under `base` (its `env`).
pub(super) fn vars(
    base: &JsonPath,
    env: &[Value],
    errors: &mut Vec<SpecError>,
    warnings: &mut Vec<SpecWarning>,
) {
    let mut seen = BTreeSet::new();
    for (i, var) in env.iter().enumerate() {
        let path = base.clone().index(i);
        let name_path = path.clone().key("name");
        let name = string(var, "name").unwrap_or_default();
        if name.is_empty() {
            errors.push(SpecError::new(name_path, REQUIRED));
        } else if let Some(e) = name_rule(name_path, Subject::EnvVarName, name, names::env_var_name)
        {
            errors.push(e);
        }
        let literal = string(var, "value").filter(|v| !v.is_empty());
        if literal.is_some() && set(var, "valueFrom").is_some() {
            errors.push(SpecError::new(
                path.clone().key("valueFrom"),
                "Invalid value: \"\": may not be specified when `value` is not empty",
            ));
        }
        if !seen.insert(name) {
            warnings.push(SpecWarning::new(
                path.clone(),
                format!(
                    "hides previous definition of {name:?}, which may be dropped when using apply"
                ),
            ));
        }
        if literal.is_some() && looks_secret(name) {
            warnings.push(SpecWarning::new(
                path.key("value"),
                format!(
                    "{name:?} looks like a secret written in plain text: anyone who can read the task or the pod can read it; use `valueFrom.secretKeyRef` to read it from a Kubernetes Secret"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::looks_secret;
    use crate::check::test_support::{errors, warnings};

    #[test]
    fn names_follow_the_env_rule() {
        let e = errors(
            json!({"containers": [{"name": "main", "env": [
                {"name": "GOOD", "value": "1"},
                {"name": "1BAD", "value": "1"},
                {"name": "", "value": "1"},
                {"name": "..x"}
            ]}]}),
            Some("main"),
        );
        assert_eq!(e.len(), 3, "{e:#?}");
        assert!(e[0].starts_with(r#"containers[0].env[1].name: invalid environment variable name "1BAD": a valid environment variable name must consist of"#));
        assert_eq!(e[1], "containers[0].env[2].name: Required value");
        assert_eq!(
            e[2],
            r#"containers[0].env[3].name: invalid environment variable name "..x": must not start with '..' (at bytes 0..2: "..")"#
        );
    }

    #[test]
    fn value_and_value_from_exclude_each_other() {
        let e = errors(
            json!({"containers": [{"name": "main", "env": [
                {"name": "A", "value": "x", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "B", "value": "", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}
            ]}]}),
            Some("main"),
        );
        assert_eq!(
            e,
            [
                "containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty"
            ]
        );
    }

    #[test]
    fn secrets_in_plain_text_are_warned_about() {
        let w = warnings(
            json!({"containers": [{"name": "main", "env": [
                {"name": "DB_PASSWORD", "value": "hunter2"},
                {"name": "GITHUB_TOKEN", "valueFrom": {"secretKeyRef": {"name": "gh", "key": "token"}}},
                {"name": "LOG_LEVEL", "value": "debug"}
            ]}]}),
            Some("main"),
        );
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(w[0].starts_with(
            r#"containers[0].env[0].value: "DB_PASSWORD" looks like a secret written in plain text"#
        ));
        assert!(w[0].ends_with("use `valueFrom.secretKeyRef` to read it from a Kubernetes Secret"));
    }

    #[test]
    fn secret_words() {
        for name in [
            "API_KEY",
            "stripe-api-key",
            "aws.secret",
            "SSH_PRIVATE_KEY",
            "apiKey",
            "Passwd",
            "githubTokenValue",
            "DB_CREDENTIALS",
            "MYSECRET2",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        // TOKENIZERS_PARALLELISM is common in ML images: it says TOKEN but holds no secret.
        for name in [
            "PATH",
            "KEY_ID",
            "TOKENIZERS_PARALLELISM",
            "HOME",
            "SECRETARY",
        ] {
            assert!(!looks_secret(name), "{name}");
        }
    }

    #[test]
    fn repeated_names_are_warned_about() {
        let w = warnings(
            json!({"containers": [{"name": "main", "env": [{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]}]}),
            Some("main"),
        );
        assert_eq!(
            w,
            [
                r#"containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply"#
            ]
        );
    }
}
