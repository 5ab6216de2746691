//! Rules of projects: lifecycle, file types, semantic version numbers, draft
//! validation across files, snapshots and diffs. No tonic, no sea-orm.

use std::{cmp::Ordering, collections::BTreeMap, fmt};

use agentbase_platform::error::FieldViolation;
use serde::{Deserialize, Serialize};

use super::{
    ScriptType, check_text,
    validation::{self, Issue, Severity},
    yaml,
};

mod diff;
mod draft;
mod requests;
#[cfg(test)]
mod tests;

pub use diff::*;
pub use draft::*;
pub use requests::*;

/// Most files in one project.
pub const MAX_FILES: usize = 200;
/// Largest file text, in bytes.
pub const MAX_FILE_TEXT_BYTES: usize = 1024 * 1024;
/// Longest file or project name, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Longest file path, in characters.
pub const MAX_PATH_CHARS: usize = 1024;
/// Largest metadata, as JSON bytes.
pub const MAX_METADATA_BYTES: usize = 256 * 1024;
/// Longest actor (`updated_by`, `published_by`, `deprecated_by`), in characters.
pub const MAX_ACTOR_CHARS: usize = 255;
/// Longest release note or deprecation reason, in characters.
pub const MAX_NOTE_CHARS: usize = 4096;
/// Longest ListProjects text filter (tag, author, query), in characters.
pub const MAX_FILTER_CHARS: usize = 255;

/// Where a project is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProjectStatus {
    /// Never published, or restored.
    Draft,
    /// Has a current version.
    Published,
    Archived,
    /// Superseded; read-only until restored.
    Deprecated,
}

/// Why a lifecycle step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectRefusal {
    /// The project is archived.
    Archived,
    /// The project is deprecated.
    Deprecated,
    /// Only a deprecated project can be restored.
    NotDeprecated,
}

impl ProjectRefusal {
    /// The UPPER_SNAKE reason.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Archived => "PROJECT_ARCHIVED",
            Self::Deprecated => "PROJECT_DEPRECATED",
            Self::NotDeprecated => "PROJECT_NOT_DEPRECATED",
        }
    }

    /// What is wrong, for callers.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Archived => "the project is archived and read-only",
            Self::Deprecated => "the project is deprecated; restore it first",
            Self::NotDeprecated => "only a deprecated project can be restored",
        }
    }
}

impl ProjectStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Archived => "archived",
            Self::Deprecated => "deprecated",
        }
    }

    /// Fields, files and the draft may change only in draft or published.
    pub fn check_editable(self) -> Result<(), ProjectRefusal> {
        match self {
            Self::Draft | Self::Published => Ok(()),
            Self::Archived => Err(ProjectRefusal::Archived),
            Self::Deprecated => Err(ProjectRefusal::Deprecated),
        }
    }

    /// After a publish or rollback.
    pub fn publish(self) -> Result<Self, ProjectRefusal> {
        self.check_editable().map(|()| Self::Published)
    }

    /// After archiving; archiving twice is harmless.
    pub fn archive(self) -> Self {
        Self::Archived
    }

    /// After deprecating; only editable projects can be deprecated.
    pub fn deprecate(self) -> Result<Self, ProjectRefusal> {
        self.check_editable().map(|()| Self::Deprecated)
    }

    /// After restoring: deprecated → draft.
    pub fn restore(self) -> Result<Self, ProjectRefusal> {
        match self {
            Self::Deprecated => Ok(Self::Draft),
            _ => Err(ProjectRefusal::NotDeprecated),
        }
    }
}

/// The role of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    /// Project-wide variables.
    Global,
    Roles,
    Skills,
    Forms,
    Rules,
    /// A session script.
    Session,
    /// A template (text, not parsed).
    Template,
}

impl FileType {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::Roles => "roles",
            Self::Skills => "skills",
            Self::Forms => "forms",
            Self::Rules => "rules",
            Self::Session => "session",
            Self::Template => "template",
        }
    }

    /// Whether the text is YAML to parse.
    pub fn is_yaml(self) -> bool {
        self != Self::Template
    }
}

/// The files every project starts with and must keep.
pub const DEFAULT_FILES: [(FileType, &str, &str); 3] = [
    (FileType::Global, "global", "variables: {}\n"),
    (FileType::Roles, "roles", "roles: []\n"),
    (FileType::Skills, "skills", "skills: []\n"),
];

/// A `MAJOR.MINOR.PATCH` version number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionNumber {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl VersionNumber {
    /// The first version of a project.
    pub const FIRST: Self = Self {
        major: 1,
        minor: 0,
        patch: 0,
    };

    /// Parses `MAJOR.MINOR.PATCH` (digits only, no leading zeros, each ≤ 2^31 − 1).
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldViolation> {
        let invalid = || FieldViolation::new(field, "must be a version like 1.2.3 (MAJOR.MINOR.PATCH)");
        let parts: Vec<&str> = raw.split('.').collect();
        let [major, minor, patch] = parts.as_slice() else {
            return Err(invalid());
        };
        let number = |part: &str| -> Result<u32, FieldViolation> {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) || (part.len() > 1 && part.starts_with('0'))
            {
                return Err(invalid());
            }
            part.parse::<u32>()
                .ok()
                .filter(|n| *n <= i32::MAX as u32)
                .ok_or_else(invalid)
        };
        Ok(Self {
            major: number(major)?,
            minor: number(minor)?,
            patch: number(patch)?,
        })
    }

    /// The next patch version.
    pub fn next_patch(self) -> Self {
        Self {
            patch: self.patch.saturating_add(1),
            ..self
        }
    }

    /// The version a publish gets: the one asked for, which must be above the
    /// latest, or the latest's next patch (1.0.0 for the first).
    pub fn choose(requested: Option<Self>, latest: Option<Self>) -> Result<Self, FieldViolation> {
        match (requested, latest) {
            (Some(requested), Some(latest)) if requested.cmp(&latest) != Ordering::Greater => Err(FieldViolation::new(
                "version_number",
                format!("must be greater than the latest version {latest}"),
            )),
            (Some(requested), _) => Ok(requested),
            (None, Some(latest)) => Ok(latest.next_patch()),
            (None, None) => Ok(Self::FIRST),
        }
    }
}

impl fmt::Display for VersionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A file of the working copy or of a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectFileData {
    pub file_type: FileType,
    /// Name, unique per type.
    pub file_name: String,
    /// Path, unique when set.
    pub file_path: Option<String>,
    pub text: String,
    /// Parsed YAML, when it parses.
    pub content: Option<serde_json::Value>,
}

impl ProjectFileData {
    /// Checks the fields of one file (supplied under `field`) and parses its text.
    pub fn parse(
        field: &str,
        file_type: FileType,
        file_name: &str,
        file_path: &str,
        text: &str,
    ) -> Result<Self, Vec<FieldViolation>> {
        let mut violations = Vec::new();
        let name_field = format!("{field}file_name");
        if file_name.trim().is_empty() {
            violations.push(FieldViolation::new(&name_field, "is required"));
        } else if let Err(v) = check_text(&name_field, file_name, MAX_NAME_CHARS) {
            violations.push(v);
        }
        if let Err(v) = check_text(&format!("{field}file_path"), file_path, MAX_PATH_CHARS) {
            violations.push(v);
        }
        if text.len() > MAX_FILE_TEXT_BYTES {
            violations.push(FieldViolation::new(
                format!("{field}text"),
                format!("must be at most {MAX_FILE_TEXT_BYTES} bytes"),
            ));
        } else if text.contains('\0') {
            violations.push(FieldViolation::new(
                format!("{field}text"),
                "must not contain NUL characters",
            ));
        }
        if !violations.is_empty() {
            return Err(violations);
        }
        // A file that does not parse is kept (the draft says what is wrong);
        // one beyond the document limits is refused.
        let content = parse_content(file_type, text).map_err(|err| {
            vec![FieldViolation::new(
                format!("{field}text"),
                format!("document (line {}, column {}): {}", err.line, err.column, err.message),
            )]
        })?;
        Ok(Self {
            file_type,
            file_name: file_name.to_owned(),
            file_path: (!file_path.is_empty()).then(|| file_path.to_owned()),
            text: text.to_owned(),
            content,
        })
    }
}

/// Parsed YAML of a YAML file whose text parses (and is free of NUL), `None`
/// when it does not parse; an error when the document is beyond the limits.
pub fn parse_content(file_type: FileType, text: &str) -> Result<Option<serde_json::Value>, yaml::SyntaxError> {
    if !file_type.is_yaml() {
        return Ok(None);
    }
    match yaml::parse(text) {
        Ok(root) => {
            let json = root.to_json();
            Ok((!json.to_string().contains("\\u0000")).then_some(json))
        }
        Err(err) if err.over_limit => Err(err),
        Err(_) => Ok(None),
    }
}

/// One deprecation of a project.
#[derive(Debug, Clone, PartialEq)]
pub struct Deprecation {
    pub reason: String,
    pub deprecated_by: String,
    pub deprecated_at: chrono::DateTime<chrono::Utc>,
    /// When it was restored.
    pub restored_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A stored project, as reads return it.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub id: uuid::Uuid,
    pub name: String,
    pub description: String,
    pub engine_version: String,
    /// Oldest engine version.
    pub engine_version_min: String,
    pub status: ProjectStatus,
    pub author: String,
    pub tags: Vec<String>,
    /// Metadata (a JSON object).
    pub metadata: serde_json::Value,
    pub current_version_id: Option<uuid::Uuid>,
    pub current_version_number: Option<String>,
    /// Files in the working copy.
    pub file_count: i64,
    /// Validation state of the working copy.
    pub draft_status: DraftStatus,
    pub etag: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Deprecation history (GetProject only).
    pub deprecations: Vec<Deprecation>,
}

/// A stored working-copy file.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFile {
    pub id: uuid::Uuid,
    pub project_id: uuid::Uuid,
    pub data: ProjectFileData,
    pub etag: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A draft: the working copy and its validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub project_id: uuid::Uuid,
    pub status: DraftStatus,
    pub report: DraftReport,
    /// Concurrency token of the working copy.
    pub etag: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Who changed it last.
    pub updated_by: String,
    /// The working copy.
    pub files: Vec<StoredFile>,
}

/// A published version.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub id: uuid::Uuid,
    pub project_id: uuid::Uuid,
    /// `MAJOR.MINOR.PATCH`.
    pub version_number: String,
    /// Hex SHA-256 of the snapshot.
    pub content_sha256: String,
    pub release_note: String,
    /// Made by a rollback.
    pub is_rollback: bool,
    /// The version rolled back to.
    pub rollback_from_version_id: Option<uuid::Uuid>,
    pub published_at: chrono::DateTime<chrono::Utc>,
    pub published_by: String,
    /// Files in the snapshot.
    pub file_count: i32,
    /// The snapshot (GetVersion only).
    pub files: Option<Vec<ProjectFileData>>,
}
