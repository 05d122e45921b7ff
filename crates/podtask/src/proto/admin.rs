//! `flyteidl.admin` (flyteidl 1.16): the task spec that `flytectl register files` reads, and its
//! description.

use super::core::{Identifier, TaskTemplate};

/// A task as registered: `admin.TaskSpec`. `pyflyte package` writes one per task.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct TaskSpec {
    /// The template (field 1).
    #[prost(message, optional, tag = "1")]
    pub template: Option<TaskTemplate>,
    /// Its description (field 2).
    #[prost(message, optional, tag = "2")]
    pub description: Option<DescriptionEntity>,
}

/// The description of an entity: `admin.DescriptionEntity`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct DescriptionEntity {
    /// The entity (field 1).
    #[prost(message, optional, tag = "1")]
    pub id: Option<Identifier>,
    /// One line (field 2).
    #[prost(string, tag = "2")]
    pub short_description: String,
    /// The full text (field 3).
    #[prost(message, optional, tag = "3")]
    pub long_description: Option<Description>,
    /// Where the source is (field 4).
    #[prost(message, optional, tag = "4")]
    pub source_code: Option<SourceCode>,
    /// Tags (field 5).
    #[prost(string, repeated, tag = "5")]
    pub tags: Vec<String>,
}

/// A long description: `admin.Description`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Description {
    /// The text, or where it is.
    #[prost(oneof = "description::Content", tags = "1, 2")]
    pub content: Option<description::Content>,
    /// Its format (field 3).
    #[prost(enumeration = "DescriptionFormat", tag = "3")]
    pub format: i32,
    /// An icon (field 4).
    #[prost(string, tag = "4")]
    pub icon_link: String,
}

/// The oneof of [`Description`].
pub mod description {
    /// The `content` oneof of a [`Description`](super::Description).
    #[derive(Clone, PartialEq, Eq, Hash, ::prost::Oneof)]
    pub enum Content {
        /// The text (field 1).
        #[prost(string, tag = "1")]
        Value(String),
        /// Where the text is (field 2).
        #[prost(string, tag = "2")]
        Uri(String),
    }
}

proto_enum! {
    /// The format of a [`Description`]: `admin.DescriptionFormat`.
    DescriptionFormat {
        /// Not known.
        Unknown = 0 => "DESCRIPTION_FORMAT_UNKNOWN",
        /// Markdown.
        Markdown = 1 => "DESCRIPTION_FORMAT_MARKDOWN",
        /// HTML.
        Html = 2 => "DESCRIPTION_FORMAT_HTML",
        /// reStructuredText.
        Rst = 3 => "DESCRIPTION_FORMAT_RST",
    }
}

/// Where an entity's source is: `admin.SourceCode`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct SourceCode {
    /// A link to it (field 1).
    #[prost(string, tag = "1")]
    pub link: String,
}
