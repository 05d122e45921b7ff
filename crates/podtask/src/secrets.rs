//! Reading a task's secrets while it runs, where Flyte's secret injection puts them.
//!
//! A task requests its secrets with `#[task(secrets(...))]`; in the container Flyte gives it
//! each one as an environment variable, `_FSEC_<GROUP>_<KEY>`, or as a file,
//! `/etc/flyte/secrets/<group>/<key>` (see [`crate::extended`]). [`secret`] reads it from
//! either, as flytekit's `current_context().secrets.get(group, key)` does:
//!
//! ```no_run
//! use podtask::task;
//!
//! #[task(secrets(secret(group = "db", key = "password", mount = "env")))]
//! fn count_rows(table: String) -> Result<i64, podtask::secrets::SecretError> {
//!     let password = podtask::secret("db", "password")?;
//!     # let _ = (password, table);
//!     Ok(0)
//! }
//! ```
//!
//! Locally, `run TASK --secret db.password=VALUE` gives a value (so do the same environment
//! variables and files); a test gives one with [`provide_secret`].
//!
//! Where it looks, in order:
//!
//! 1. values given with `run --secret` or [`provide_secret`];
//! 2. the environment variable of the request's `env_var`, when the task running in this
//!    process (under `run` or `execute`) requested the secret with one: the value for an `env`
//!    mount, the path of the file for the others;
//! 3. the environment variable `$FLYTE_SECRETS_ENV_PREFIX<GROUP>_<KEY>` in upper case (the
//!    prefix is `_FSEC_` unless that variable says otherwise);
//! 4. the file `$FLYTE_SECRETS_DEFAULT_DIR/<group>/$FLYTE_SECRETS_FILE_PREFIX<key>` in lower
//!    case (the directory is `/etc/flyte/secrets` unless that variable says otherwise).
//!
//! A value is returned without the whitespace around it (a file usually ends with a newline),
//! as flytekit returns it. Under `run` and `execute`, reading a secret the task did not
//! request is an error: on a cluster it would not be there.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use podtask_rules::secret::{DIR_VAR, ENV_PREFIX, ENV_PREFIX_VAR, FILE_PREFIX_VAR, SECRETS_DIR};

use crate::extended::{Secret, SecretMount};

/// Why a secret cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretError {
    /// The task running in this process did not request the secret.
    NotRequested {
        /// The task.
        task: String,
        /// The secret, `group.key`.
        secret: String,
        /// What the task requests, each `group.key`.
        requested: Vec<String>,
    },
    /// The secret is nowhere it was looked for.
    NotFound {
        /// The secret, `group.key`.
        secret: String,
        /// Where it was looked for, in order.
        looked: Vec<String>,
    },
    /// The file or variable that holds it cannot be read.
    Unreadable {
        /// The secret, `group.key`.
        secret: String,
        /// The file or variable.
        place: String,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretError::NotRequested {
                task,
                secret,
                requested,
            } => {
                write!(
                    f,
                    "task {task} reads secret {secret}, which it does not request, so Flyte \
                     would not give it; add it to #[task(secrets(...))]"
                )?;
                if requested.is_empty() {
                    f.write_str(" (it requests none)")
                } else {
                    write!(f, " (it requests: {})", requested.join(", "))
                }
            }
            SecretError::NotFound { secret, looked } => write!(
                f,
                "secret {secret} not found; looked in {}. Locally, give it with `run --secret \
                 {secret}=VALUE`",
                looked.join(", ")
            ),
            SecretError::Unreadable {
                secret,
                place,
                reason,
            } => write!(f, "secret {secret}: cannot read {place}: {reason}"),
        }
    }
}

impl std::error::Error for SecretError {}

/// The secrets of this process: values given locally, and the task running here.
#[derive(Default)]
struct State {
    /// (group, key) → value.
    given: BTreeMap<(String, String), String>,
    /// The task running in this process and what it requested, under `run` and `execute`.
    task: Option<(String, Vec<Secret>)>,
}

static STATE: Mutex<State> = Mutex::new(State {
    given: BTreeMap::new(),
    task: None,
});

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Gives the secret `key` (`""` for none) of `group` the value `value` in this process, for a
/// local run or a test: [`secret`] returns it before looking anywhere else. `run --secret`
/// calls this. The value is kept until the process ends or it is given again.
pub fn provide_secret(group: &str, key: &str, value: impl Into<String>) {
    state()
        .given
        .insert((group.to_owned(), key.to_owned()), value.into());
}

/// Records the task that runs in this process, so that [`secret`] refuses what it did not
/// request and finds the variables its requests name.
pub(crate) fn enter_task(name: &str, secrets: &[Secret]) {
    state().task = Some((name.to_owned(), secrets.to_vec()));
}

/// The secret `key` of `group` (`key` = `""` for a secret requested without a key), read where
/// Flyte puts it (see the module's documentation for the order), without the whitespace around
/// it.
pub fn secret(group: &str, key: &str) -> Result<String, SecretError> {
    let shown = if key.is_empty() {
        group.to_owned()
    } else {
        format!("{group}.{key}")
    };
    let key_opt = (!key.is_empty()).then_some(key);
    let request = {
        let st = state();
        if let Some(v) = st.given.get(&(group.to_owned(), key.to_owned())) {
            return Ok(v.clone());
        }
        match &st.task {
            Some((task, requested)) => match requested.iter().find(|s| s.is(group, key)) {
                Some(s) => Some(s.clone()),
                None => {
                    return Err(SecretError::NotRequested {
                        task: task.clone(),
                        secret: shown,
                        requested: requested.iter().map(Secret::to_string).collect(),
                    });
                }
            },
            None => None,
        }
    };
    let unreadable = |place: String, reason: String| SecretError::Unreadable {
        secret: shown.clone(),
        place,
        reason,
    };
    let mut looked = Vec::new();
    if let Some(var) = request.as_ref().and_then(|s| s.env_var.as_deref()) {
        match (std::env::var(var), request.as_ref().map(|s| s.mount)) {
            (Ok(v), Some(SecretMount::Env)) => return Ok(v.trim().to_owned()),
            (Ok(path), _) => return read_file(&PathBuf::from(path), &unreadable),
            (Err(std::env::VarError::NotUnicode(_)), _) => {
                return Err(unreadable(
                    format!("environment variable {var}"),
                    "not UTF-8".to_owned(),
                ));
            }
            (Err(std::env::VarError::NotPresent), _) => {
                looked.push(format!("environment variable {var}"));
            }
        }
    }
    let prefix = std::env::var(ENV_PREFIX_VAR).unwrap_or_else(|_| ENV_PREFIX.to_owned());
    let mut var = prefix;
    var.push_str(&group.to_ascii_uppercase());
    if let Some(k) = key_opt {
        var.push('_');
        var.push_str(&k.to_ascii_uppercase());
    }
    match std::env::var(&var) {
        Ok(v) => return Ok(v.trim().to_owned()),
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(unreadable(
                format!("environment variable {var}"),
                "not UTF-8".to_owned(),
            ));
        }
        Err(std::env::VarError::NotPresent) => looked.push(format!("environment variable {var}")),
    }
    let dir = std::env::var(DIR_VAR).unwrap_or_else(|_| SECRETS_DIR.to_owned());
    let file_prefix = std::env::var(FILE_PREFIX_VAR).unwrap_or_default();
    let mut path = PathBuf::from(dir);
    match key_opt {
        Some(k) => {
            path.push(group.to_ascii_lowercase());
            path.push(format!("{file_prefix}{}", k.to_ascii_lowercase()));
        }
        None => path.push(format!("{file_prefix}{}", group.to_ascii_lowercase())),
    }
    if path.is_file() {
        return read_file(&path, &unreadable);
    }
    looked.push(format!("file {}", path.display()));
    Err(SecretError::NotFound {
        secret: shown,
        looked,
    })
}

fn read_file(
    path: &std::path::Path,
    unreadable: &dyn Fn(String, String) -> SecretError,
) -> Result<String, SecretError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text.trim().to_owned()),
        Err(e) => Err(unreadable(
            format!("file {}", path.display()),
            e.to_string(),
        )),
    }
}
