//! What building a task's template or Pod needs beyond the task itself: the project, domain,
//! version, image and the task binary's path inside the image ([`SerializeSettings`]), and why
//! a task cannot be built ([`TemplateError`]).

use std::borrow::Cow;
use std::fmt;

use podtask_rules::RuleError;

use crate::model::PodError;

/// The Flyte project used when none is given (the project of Flyte's own examples).
pub const DEFAULT_PROJECT: &str = "flytesnacks";
/// The Flyte domain used when none is given.
pub const DEFAULT_DOMAIN: &str = "development";
/// The directory the task binary is taken to be in, inside the image, when no entrypoint is
/// given: the binary is `/usr/local/bin/<the running program's file name>`.
pub const DEFAULT_ENTRYPOINT_DIR: &str = "/usr/local/bin";
/// How many hex digits of the SHA-256 of the template make a computed version.
pub const VERSION_HEX_DIGITS: usize = 16;

/// What serializing needs beyond the tasks themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SerializeSettings {
    /// The Flyte project ([`DEFAULT_PROJECT`] by default).
    pub project: String,
    /// The Flyte domain ([`DEFAULT_DOMAIN`] by default).
    pub domain: String,
    /// The version to register under; `None` computes one from the template (see
    /// [`crate::version_of`]).
    pub version: Option<String>,
    /// The image for tasks that name none.
    pub image: Option<String>,
    /// The path of the task binary inside the image, for Rust function tasks; `None` means
    /// [`DEFAULT_ENTRYPOINT_DIR`]`/<the running program's file name>`.
    pub entrypoint: Option<String>,
}

impl Default for SerializeSettings {
    fn default() -> Self {
        SerializeSettings {
            project: DEFAULT_PROJECT.to_owned(),
            domain: DEFAULT_DOMAIN.to_owned(),
            version: None,
            image: None,
            entrypoint: None,
        }
    }
}

/// Why a task has no template.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TemplateError {
    /// The task names no image and none was given when serializing.
    NoImage {
        /// The task's name.
        task: String,
    },
    /// A setting breaks a rule (an image reference given when serializing).
    InvalidSetting {
        /// The setting (`image`).
        setting: &'static str,
        /// The broken rule.
        error: RuleError,
    },
    /// A setting is empty.
    EmptySetting {
        /// The setting (`project`, `domain`, `version`, `entrypoint`).
        setting: &'static str,
    },
    /// No entrypoint was given and the running program's file name cannot be found.
    NoEntrypoint {
        /// Why.
        reason: String,
    },
    /// The task's pod spec cannot be read or breaks a rule (a spec built by code).
    InvalidPod {
        /// The task's name.
        task: String,
        /// What is wrong, at its path in the spec.
        error: PodError,
    },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::NoImage { task } => write!(
                f,
                "task {task} has no image: set container(image = ...) or pass --image"
            ),
            TemplateError::InvalidSetting { setting, error } => {
                write!(f, "--{setting}: {error}")
            }
            TemplateError::EmptySetting { setting } => write!(f, "--{setting} must not be empty"),
            TemplateError::NoEntrypoint { reason } => write!(
                f,
                "cannot name the task binary ({reason}); pass --entrypoint PATH"
            ),
            TemplateError::InvalidPod { task, error } => {
                write!(f, "task {task}: invalid pod spec: {error}")
            }
        }
    }
}

impl std::error::Error for TemplateError {}

impl SerializeSettings {
    /// Checks the settings once for many tasks, and resolves the entrypoint.
    pub(crate) fn resolve(&self) -> Result<Resolved<'_>, TemplateError> {
        for (setting, value) in [("project", &self.project), ("domain", &self.domain)] {
            if value.is_empty() {
                return Err(TemplateError::EmptySetting { setting });
            }
        }
        if self.version.as_deref() == Some("") {
            return Err(TemplateError::EmptySetting { setting: "version" });
        }
        if let Some(image) = &self.image {
            crate::rulebook::check_image(image).map_err(|error| TemplateError::InvalidSetting {
                setting: "image",
                error,
            })?;
        }
        let entrypoint = match &self.entrypoint {
            Some(e) if e.is_empty() => {
                return Err(TemplateError::EmptySetting {
                    setting: "entrypoint",
                });
            }
            Some(e) => e.clone(),
            None => default_entrypoint()?,
        };
        Ok(Resolved {
            settings: self,
            entrypoint: Cow::Owned(entrypoint),
        })
    }
}

/// Settings checked once, to build many templates.
pub(crate) struct Resolved<'a> {
    pub(crate) settings: &'a SerializeSettings,
    entrypoint: Cow<'static, str>,
}

impl Resolved<'_> {
    /// The task binary's path inside the image.
    pub(crate) fn entrypoint(&self) -> &Cow<'static, str> {
        &self.entrypoint
    }
}

/// `/usr/local/bin/<the running program's file name>`, found once per program.
fn default_entrypoint() -> Result<String, TemplateError> {
    static FOUND: std::sync::OnceLock<Result<String, String>> = std::sync::OnceLock::new();
    FOUND
        .get_or_init(|| {
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            let name = exe
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| format!("{} has no UTF-8 file name", exe.display()))?;
            Ok(format!("{DEFAULT_ENTRYPOINT_DIR}/{name}"))
        })
        .clone()
        .map_err(|reason| TemplateError::NoEntrypoint { reason })
}

/// The arguments after the task binary's path for a Rust function task: the `execute`
/// command with the placeholders Flyte fills in, as `pyflyte-execute` takes them.
pub fn execute_args(task_name: &str) -> Vec<Cow<'static, str>> {
    let b = Cow::Borrowed;
    vec![
        b("execute"),
        b("--task"),
        Cow::Owned(task_name.to_owned()),
        b("--inputs"),
        b("{{.input}}"),
        b("--output-prefix"),
        b("{{.outputPrefix}}"),
        b("--raw-output-data-prefix"),
        b("{{.rawOutputDataPrefix}}"),
        b("--checkpoint-path"),
        b("{{.checkpointOutputPrefix}}"),
        b("--prev-checkpoint"),
        b("{{.prevCheckpointPrefix}}"),
    ]
}
