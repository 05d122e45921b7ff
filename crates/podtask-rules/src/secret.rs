//! Secrets as Flyte injects them into a task's pod, and values that look like secrets written
//! in the code.
//!
//! A task requests a secret by group (the Kubernetes Secret's name) and key (a key in it).
//! Flyte's secret injection (flytepropeller's pod webhook, with Kubernetes secrets) then gives
//! the task's containers either an environment variable, `_FSEC_<GROUP>_<KEY>` in upper case,
//! whose value comes from the Secret, or a file, `/etc/flyte/secrets/<group>/<key>` in lower
//! case, from a read-only secret volume. The names here are those.
//!
//! ```
//! use podtask_rules::secret::{env_var_name, file_path, volume_name};
//! assert_eq!(env_var_name("db", Some("password")), "_FSEC_DB_PASSWORD");
//! assert_eq!(file_path("gcp", Some("sa.json")), "/etc/flyte/secrets/gcp/sa.json");
//! assert_eq!(volume_name("gcp", None), "m4rxaxy");
//! ```

use crate::error::{RuleError, Subject};
use crate::names;

/// The prefix of the environment variable a secret is put in.
pub const ENV_PREFIX: &str = "_FSEC_";
/// The directory secret files are mounted under.
pub const SECRETS_DIR: &str = "/etc/flyte/secrets";
/// The variable that tells a task the prefix of secret variables.
pub const ENV_PREFIX_VAR: &str = "FLYTE_SECRETS_ENV_PREFIX";
/// The variable that tells a task the directory of secret files.
pub const DIR_VAR: &str = "FLYTE_SECRETS_DEFAULT_DIR";
/// The variable that tells a task the prefix of secret file names.
pub const FILE_PREFIX_VAR: &str = "FLYTE_SECRETS_FILE_PREFIX";

/// The environment variable Flyte puts the secret `group`/`key` in: `_FSEC_` and the group
/// and the key in upper case, joined by `_` (the group alone for a secret without a key).
pub fn env_var_name(group: &str, key: Option<&str>) -> String {
    let mut name = String::with_capacity(ENV_PREFIX.len() + group.len() + 32);
    name.push_str(ENV_PREFIX);
    name.push_str(&group.to_ascii_uppercase());
    if let Some(key) = key {
        name.push('_');
        name.push_str(&key.to_ascii_uppercase());
    }
    name
}

/// The directory Flyte mounts the files of the secrets of `group` in.
pub fn group_dir(group: &str) -> String {
    format!("{SECRETS_DIR}/{}", group.to_ascii_lowercase())
}

/// The file Flyte puts the secret `group`/`key` in: `/etc/flyte/secrets/<group>/<key>`, both
/// in lower case (the group's directory for a secret without a key).
pub fn file_path(group: &str, key: Option<&str>) -> String {
    let mut path = group_dir(group);
    if let Some(key) = key {
        path.push('/');
        path.push_str(&key.to_ascii_lowercase());
    }
    path
}

/// The name Flyte gives the volume of a group's secret files: `<group>_<group version>` in
/// base 32 with the alphabet `a`–`z`, `1`–`6` and no padding.
pub fn volume_name(group: &str, group_version: Option<&str>) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz123456";
    let mut input = Vec::with_capacity(group.len() + 1 + group_version.map_or(0, str::len));
    input.extend_from_slice(group.as_bytes());
    input.push(b'_');
    input.extend_from_slice(group_version.unwrap_or("").as_bytes());
    let mut out = String::with_capacity(input.len() * 8 / 5 + 1);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in input {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Checks a secret's group, the name of the Kubernetes Secret it is read from: a DNS-1123
/// subdomain.
pub fn check_group(group: &str) -> Result<(), RuleError> {
    names::dns1123_subdomain(group).map_err(|v| {
        let mut e = v.into_error(Subject::Dns1123Subdomain, group);
        if group.bytes().any(|b| b.is_ascii_uppercase()) {
            e = e.with_suggestion(group.to_ascii_lowercase());
        }
        e
    })
}

/// Checks a secret's key, a key of the Kubernetes Secret.
pub fn check_key(key: &str) -> Result<(), RuleError> {
    names::config_key(key).map_err(|v| v.into_error(Subject::SecretKey, key))
}

/// Checks that the volume Flyte makes for a group's files has a valid name (a DNS-1123 label,
/// at most 63 characters): base 32 makes it 8/5 as long as the group and version, so a long
/// group cannot be mounted as a file.
pub fn check_volume_name(group: &str, group_version: Option<&str>) -> Result<(), RuleError> {
    let name = volume_name(group, group_version);
    if name.len() <= names::DNS1123_LABEL_MAX_LENGTH {
        return Ok(());
    }
    let input = match group_version {
        Some(v) => format!("{group}_{v}"),
        None => group.to_owned(),
    };
    Err(RuleError::whole(
        Subject::Dns1123Label,
        input,
        format!(
            "Flyte names the volume of a secret mounted as a file after its group and group \
             version in base 32 ({} characters here), and a volume name must be at most 63: \
             keep the group and version under 39 characters together, or mount the secret as \
             an environment variable",
            name.len()
        ),
    ))
}

/// Words that mark a variable as holding a secret.
pub const SECRET_WORDS: [&str; 10] = [
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

/// Whether a variable's name says it holds a secret (`DB_PASSWORD`, `githubToken`, `API_KEYS`):
/// it holds one of [`SECRET_WORDS`] as a word of its own (camelCase, `-` and `.` split words),
/// so `TOKENIZERS_PARALLELISM` is no secret.
///
/// ```
/// use podtask_rules::secret::secret_name;
/// assert!(secret_name("githubToken"));
/// assert!(!secret_name("TOKENIZERS_PARALLELISM"));
/// ```
pub fn secret_name(name: &str) -> bool {
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

/// Why an environment variable `name = value` written in the code looks like a secret, if it
/// does: its value has the shape of a well-known kind of key or token, or its name says it
/// holds a secret ([`secret_name`], or it ends in `_KEY`) and its value looks random (at least
/// 8 characters of letters and digits, with both).
///
/// ```
/// use podtask_rules::secret::looks_like_secret;
/// assert!(looks_like_secret("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE").is_some());
/// assert!(looks_like_secret("DB_PASSWORD", "hunter2hunter2").is_some());
/// assert!(looks_like_secret("SORT_KEY", "created_at").is_none());
/// assert!(looks_like_secret("MODE", "fast").is_none());
/// assert!(looks_like_secret("API_TOKEN", "{{.inputs.token}}").is_none());
/// ```
pub fn looks_like_secret(name: &str, value: &str) -> Option<String> {
    if let Some(kind) = known_shape(value) {
        return Some(format!("its value has the shape of {kind}"));
    }
    let named = secret_name(name) || name.to_ascii_uppercase().ends_with("_KEY");
    let random = value.len() >= 8
        && !value.contains("{{")
        && !value.contains("$(")
        && value.bytes().any(|b| b.is_ascii_digit())
        && value.bytes().any(|b| b.is_ascii_alphabetic())
        && !value.bytes().any(|b| b.is_ascii_whitespace());
    (named && random).then(|| "its name says it holds a secret".to_owned())
}

/// The well-known kind of credential `value` has the shape of, if any.
fn known_shape(value: &str) -> Option<&'static str> {
    let alnum = |s: &str, n: usize| s.len() >= n && s.bytes().all(|b| b.is_ascii_alphanumeric());
    let token = |s: &str, n: usize| {
        s.len() >= n
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    let upper_alnum = |s: &str| {
        s.len() == 16
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    };
    if value.contains("-----BEGIN") && value.contains("PRIVATE KEY") {
        return Some("a PEM private key");
    }
    if let Some(rest) = value.strip_prefix("AKIA").or(value.strip_prefix("ASIA"))
        && upper_alnum(rest)
    {
        return Some("an AWS access key ID");
    }
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
        if let Some(rest) = value.strip_prefix(prefix)
            && alnum(rest, 36)
        {
            return Some("a GitHub token");
        }
    }
    if let Some(rest) = value.strip_prefix("github_pat_")
        && token(rest, 40)
    {
        return Some("a GitHub token");
    }
    if let Some(rest) = value.strip_prefix("glpat-")
        && token(rest, 20)
    {
        return Some("a GitLab token");
    }
    for prefix in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"] {
        if let Some(rest) = value.strip_prefix(prefix)
            && token(rest, 10)
        {
            return Some("a Slack token");
        }
    }
    if let Some(rest) = value.strip_prefix("AIza")
        && rest.len() == 35
        && token(rest, 35)
    {
        return Some("a Google API key");
    }
    for prefix in ["sk_live_", "rk_live_"] {
        if let Some(rest) = value.strip_prefix(prefix)
            && alnum(rest, 20)
        {
            return Some("a Stripe secret key");
        }
    }
    if let Some(rest) = value.strip_prefix("sk-ant-")
        && token(rest, 32)
    {
        return Some("an Anthropic API key");
    }
    if let Some(rest) = value.strip_prefix("sk-")
        && token(rest, 32)
    {
        return Some("an OpenAI API key");
    }
    if let Some(rest) = value.strip_prefix("npm_")
        && alnum(rest, 36)
    {
        return Some("an npm token");
    }
    let parts: Vec<&str> = value.split('.').collect();
    if parts.len() == 3 && parts[0].starts_with("eyJ") && parts.iter().all(|p| token(p, 10)) {
        return Some("a JSON Web Token");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths_are_flytes() {
        assert_eq!(
            env_var_name("user-info", Some("user_secret")),
            "_FSEC_USER-INFO_USER_SECRET"
        );
        assert_eq!(env_var_name("slack", None), "_FSEC_SLACK");
        assert_eq!(
            file_path("Warehouse", Some("Token")),
            "/etc/flyte/secrets/warehouse/token"
        );
        assert_eq!(file_path("slack", None), "/etc/flyte/secrets/slack");
    }

    #[test]
    fn volume_names_are_base32_of_group_and_version() {
        // "gcp_" is 67 63 70 5f: 01100 11101 10001 10111 00000 10111 11(000): m 4 r x a x y.
        assert_eq!(volume_name("gcp", None), "m4rxaxy");
        assert_eq!(volume_name("gcp", Some("v1")), "m4rxax2wge");
        assert!(names::dns1123_label(&volume_name("a-b.c", Some("v2"))).is_ok());
        assert!(check_volume_name(&"g".repeat(38), None).is_ok());
        let e = check_volume_name(&"g".repeat(39), None).unwrap_err();
        assert!(e.message().contains("64 characters"), "{e}");
    }

    #[test]
    fn groups_and_keys_follow_kubernetes() {
        assert!(check_group("aws-credentials").is_ok());
        let e = check_group("AWS").unwrap_err();
        assert_eq!(e.suggestion(), Some("aws"));
        assert!(check_key("sa.json").is_ok());
        assert!(check_key("a b").is_err());
        assert_eq!(check_key("").unwrap_err().subject(), Subject::SecretKey);
    }

    #[test]
    fn well_known_shapes_are_recognised_whatever_the_name() {
        for (value, kind) in [
            ("AKIAIOSFODNN7EXAMPLE", "an AWS access key ID"),
            ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "a GitHub token"),
            ("xoxb-1234567890-abcdefghij", "a Slack token"),
            (
                "AIzaSyA-abcdefghijklmnopqrstuvwxyz01234",
                "a Google API key",
            ),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nMIIE...",
                "a PEM private key",
            ),
            (
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijklmno",
                "a JSON Web Token",
            ),
            (
                "sk-proj-abcdefghijklmnopqrstuvwxyz012345",
                "an OpenAI API key",
            ),
        ] {
            assert_eq!(
                looks_like_secret("SETTING", value),
                Some(format!("its value has the shape of {kind}")),
                "{value}"
            );
        }
    }

    #[test]
    fn names_count_only_with_random_looking_values() {
        assert_eq!(
            looks_like_secret("API_TOKEN", "a1b2c3d4e5"),
            Some("its name says it holds a secret".to_owned())
        );
        assert_eq!(
            looks_like_secret("db_password", "s3cretpass"),
            Some("its name says it holds a secret".to_owned())
        );
        // A name that says so as a word of its own, in camelCase too; a `_KEY` of any kind.
        assert!(looks_like_secret("githubToken", "ghx1y2z3w4").is_some());
        assert!(looks_like_secret("STRIPE_KEY", "k3y9k3y9k3").is_some());
        for (name, value) in [
            ("PRIMARY_KEY", "id"),
            ("SORT_KEY", "created_at"),
            ("PASSWORD_FILE", "/run/secrets/db"),
            ("CACHE_KEY", "$(POD_NAME)-v2"),
            ("MY_SECRET", "short1"),
            ("MODEL", "AKIA-but-not-a-key"),
        ] {
            assert_eq!(looks_like_secret(name, value), None, "{name}={value}");
        }
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
            assert!(secret_name(name), "{name}");
        }
        // TOKENIZERS_PARALLELISM is common in ML images: it says TOKEN but holds no secret.
        for name in [
            "PATH",
            "KEY_ID",
            "TOKENIZERS_PARALLELISM",
            "HOME",
            "SECRETARY",
        ] {
            assert!(!secret_name(name), "{name}");
        }
    }
}
