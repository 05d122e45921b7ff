//! From a [`Task`] to the Flyte [`TaskTemplate`] that registers it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use podtask_rules::RuleError;
use sha2::{Digest, Sha256};

use crate::flyte::{
    self, DataLoadingConfig, Identifier, K8sObjectMetadata, RetryStrategy, TaskMetadata,
    TaskTemplate,
};
use crate::model::RuntimeMetadata;
use crate::registry::{Task, TaskKind};

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
    /// [`version_of`]).
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
        error: crate::pod::PodError,
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
    settings: &'a SerializeSettings,
    entrypoint: Cow<'static, str>,
}

impl Resolved<'_> {
    /// The task binary's path inside the image.
    pub(crate) fn entrypoint(&self) -> &Cow<'static, str> {
        &self.entrypoint
    }
}

fn default_entrypoint() -> Result<String, TemplateError> {
    let exe = std::env::current_exe().map_err(|e| TemplateError::NoEntrypoint {
        reason: e.to_string(),
    })?;
    let name =
        exe.file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| TemplateError::NoEntrypoint {
                reason: format!("{} has no UTF-8 file name", exe.display()),
            })?;
    Ok(format!("{DEFAULT_ENTRYPOINT_DIR}/{name}"))
}

impl Task {
    /// The Flyte task template of this task, proto3-JSON ready (see `docs/flyte-output.md`).
    ///
    /// Fails when the task has no image and `settings` gives none, or a setting is invalid.
    pub fn template(&self, settings: &SerializeSettings) -> Result<TaskTemplate, TemplateError> {
        self.template_resolved(&settings.resolve()?)
    }

    /// The template as `serialize` writes it: pretty JSON and a newline. The same bytes as
    /// [`Task::template`] written with `serde_json::to_writer_pretty`, made with one
    /// serialization: the computed version is the hash of these very bytes.
    pub fn template_json(&self, settings: &SerializeSettings) -> Result<Vec<u8>, TemplateError> {
        self.template_json_resolved(&settings.resolve()?)
    }

    pub(crate) fn template_resolved(
        &self,
        resolved: &Resolved<'_>,
    ) -> Result<TaskTemplate, TemplateError> {
        let mut template = self.blank_template(resolved)?;
        let settings = resolved.settings;
        template.id.version = match &settings.version {
            Some(v) => v.clone(),
            None => hash_json(&pretty_json(&template)),
        };
        template.id.project.clone_from(&settings.project);
        template.id.domain.clone_from(&settings.domain);
        Ok(template)
    }

    pub(crate) fn template_json_resolved(
        &self,
        resolved: &Resolved<'_>,
    ) -> Result<Vec<u8>, TemplateError> {
        let mut template = self.blank_template(resolved)?;
        let settings = resolved.settings;
        let blank = pretty_json(&template);
        template.id.version = match &settings.version {
            Some(v) => v.clone(),
            None => hash_json(&blank),
        };
        template.id.project.clone_from(&settings.project);
        template.id.domain.clone_from(&settings.domain);
        let mut json = with_id(&blank, &template.id);
        json.push(b'\n');
        Ok(json)
    }

    /// The template with its project, domain and version left empty: what the version hashes.
    fn blank_template(&self, resolved: &Resolved<'_>) -> Result<TaskTemplate, TemplateError> {
        let settings = resolved.settings;
        let container = self.container();
        // A pod task may take its image from its spec's primary container instead.
        let image: Option<Cow<'static, str>> = match (&container.image, &settings.image) {
            (Some(image), _) => Some(image.clone()),
            (None, Some(image)) => Some(Cow::Owned(image.clone())),
            (None, None) => None,
        };
        let no_image = || TemplateError::NoImage {
            task: self.name().to_owned(),
        };
        let (r#type, command, args, data_config) = match self.kind() {
            TaskKind::Function => (
                flyte::FUNCTION_TASK_TYPE,
                Cow::Owned(vec![resolved.entrypoint.clone()]),
                Cow::Owned(execute_args(self.name())),
                None,
            ),
            TaskKind::RawContainer => (
                flyte::RAW_CONTAINER_TASK_TYPE,
                container.command.clone(),
                container.args.clone(),
                Some(DataLoadingConfig::enabled(
                    DataLoadingConfig::DEFAULT_INPUT_PATH,
                    DataLoadingConfig::DEFAULT_OUTPUT_PATH,
                )),
            ),
        };
        let def = self.metadata();
        let mut metadata = TaskMetadata {
            runtime: Some(RuntimeMetadata::PODTASK),
            timeout: def.timeout_seconds,
            retries: Some(RetryStrategy::new(def.retries)),
            deprecated_error_message: def.deprecated.unwrap_or_default().to_owned(),
            interruptible: def.interruptible.then_some(true),
            // flytekit writes these two always; see docs/flyte-output.md.
            generates_deck: Some(false),
            metadata: Some(K8sObjectMetadata::default()),
            ..TaskMetadata::default()
        };
        if let Some(cache) = &def.cache {
            metadata.discoverable = true;
            metadata.discovery_version = cache.version.to_owned();
            metadata.cache_serializable = cache.serialize;
            metadata.cache_ignore_input_vars = cache
                .ignored_inputs
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
        }
        let mut template = TaskTemplate {
            id: Identifier::task(String::new(), String::new(), self.name(), String::new()),
            r#type: r#type.to_owned(),
            metadata,
            interface: self.interface().clone(),
            container: None,
            config: BTreeMap::new(),
            k8s_pod: None,
        };
        match self.def().pod {
            Some(pod) => {
                let target = crate::pod::flyte_target(
                    self,
                    pod,
                    image.as_deref(),
                    &command,
                    &args,
                    data_config,
                )?;
                template.config.insert(
                    flyte::PRIMARY_CONTAINER_NAME_KEY.to_owned(),
                    pod.primary_container_name().to_owned(),
                );
                template.k8s_pod = Some(target);
            }
            None => {
                template.container = Some(flyte::Container::new(
                    image.ok_or_else(no_image)?,
                    command,
                    args,
                    self.resources().clone(),
                    container.env.clone(),
                    container.config.clone(),
                    data_config,
                ));
            }
        }
        Ok(template)
    }
}

/// A template as pretty JSON, as `serialize` writes it (without the final newline).
fn pretty_json(template: &TaskTemplate) -> Vec<u8> {
    // The model has only string map keys and no floats, so serializing cannot fail.
    let mut json = Vec::with_capacity(4096);
    serde_json::to_writer_pretty(&mut json, template)
        .expect("a task template always serializes to JSON");
    json
}

/// `blank` (a template's pretty JSON, whose `id` comes first) with its `id` replaced by `id`:
/// the bytes `to_writer_pretty` writes for the template with that `id`.
fn with_id(blank: &[u8], id: &Identifier) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct IdOnly<'a> {
        id: &'a Identifier,
    }
    // `{\n  "id": {...}\n}`: the member, indented as in the whole template.
    let id_json = pretty_json_of(&IdOnly { id });
    let member = &id_json[2..id_json.len() - 2];
    // The blank id object ends at its first closing brace at depth 1: no string in the JSON
    // holds a raw newline, so `\n  }` cannot occur inside one.
    let end = find(blank, b"\n  }").map_or(blank.len(), |i| i + 4);
    let mut out = Vec::with_capacity(blank.len() + 64);
    out.extend_from_slice(b"{\n");
    out.extend_from_slice(member);
    out.extend_from_slice(&blank[end..]);
    out
}

fn pretty_json_of<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut json = Vec::with_capacity(256);
    serde_json::to_writer_pretty(&mut json, value)
        .expect("an identifier always serializes to JSON");
    json
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
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

/// The version computed for a template: the first [`VERSION_HEX_DIGITS`] hex digits of the
/// SHA-256 of its pretty JSON (as `serialize` writes it) with the project, domain and version
/// left empty.
///
/// So the version changes with anything Flyte would refuse to register again under one
/// version (image, command, resources, interface, metadata, ...), and with nothing else: the
/// same task gets the same version in every project and domain.
pub fn version_of(template: &TaskTemplate) -> String {
    let mut blank = template.clone();
    blank.id.project.clear();
    blank.id.domain.clear();
    blank.id.version.clear();
    hash_json(&pretty_json(&blank))
}

/// The version for the JSON of a blank template.
fn hash_json(json: &[u8]) -> String {
    let digest = Sha256::digest(json);
    let mut out = String::with_capacity(VERSION_HEX_DIGITS);
    for byte in digest.iter().take(VERSION_HEX_DIGITS / 2) {
        out.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
    }
    out
}
