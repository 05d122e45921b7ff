//! `flyteidl.admin` (flyteidl 1.16): the task spec that `flytectl register files` reads, and its
//! description.

use crate::core::{Identifier, TaskTemplate};

message! {
    /// A task as registered: `admin.TaskSpec`. `pyflyte package` writes one per task.
    TaskSpec {
        /// The template (field 1).
        template: message(TaskTemplate) = 1 "template",
        /// Its description (field 2).
        description: message(DescriptionEntity) = 2 "description",
    }
}

message! {
    /// The description of an entity: `admin.DescriptionEntity`.
    #[derive(Eq, Hash)]
    DescriptionEntity {
        /// The entity (field 1).
        id: message(Identifier) = 1 "id",
        /// One line (field 2).
        short_description: string = 2 "shortDescription",
        /// The full text (field 3).
        long_description: message(Description) = 3 "longDescription",
        /// Where the source is (field 4).
        source_code: message(SourceCode) = 4 "sourceCode",
        /// Tags (field 5).
        tags: repeated(string) = 5 "tags",
    }
}

message! {
    /// A long description: `admin.Description`.
    #[derive(Eq, Hash)]
    Description {
        /// The text, or where it is.
        content: oneof(description::Content),
        /// Its format (field 3).
        format: enumeration(DescriptionFormat) = 3 "format",
        /// An icon (field 4).
        icon_link: string = 4 "iconLink",
    }
}

/// The oneof of [`Description`].
pub mod description {
    oneof! {
        /// The `content` oneof of a [`Description`](super::Description).
        #[derive(Eq, Hash)]
        Content {
            /// The text (field 1).
            Value: string = 1 "value",
            /// Where the text is (field 2).
            Uri: string = 2 "uri",
        }
    }
}

enumeration! {
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

message! {
    /// Where an entity's source is: `admin.SourceCode`.
    #[derive(Eq, Hash)]
    SourceCode {
        /// A link to it (field 1).
        link: string = 1 "link",
    }
}
