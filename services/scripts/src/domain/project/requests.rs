//! Project requests parsed into commands: a new project, a patch, list filters.

use agentbase_platform::idempotency::RequestKey;
use agentbase_platform::mask::{unknown_path, update_paths};
use uuid::Uuid;

use super::{
    DiffSide, FieldViolation, MAX_METADATA_BYTES, MAX_NAME_CHARS, ProjectFileData, ProjectStatus, VersionNumber,
    check_text,
};
use crate::domain::MAX_VERSION_CHARS;

/// A validated CreateProject (or the new project of a copy).
#[derive(Debug, Clone, Default)]
pub struct NewProject {
    pub name: String,
    pub description: String,
    pub engine_version: String,
    /// Oldest engine version.
    pub engine_version_min: String,
    pub author: String,
    pub tags: crate::domain::Tags,
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// Raw project fields as a request carries them.
#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    pub name: String,
    pub description: String,
    pub engine_version: String,
    /// Oldest engine version.
    pub engine_version_min: String,
    pub author: String,
    pub tags: Vec<String>,
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// The fields UpdateProject may change, by mask path.
pub const PROJECT_FIELDS: [&str; 7] = [
    "name",
    "description",
    "engine_version",
    "engine_version_min",
    "author",
    "tags",
    "metadata",
];

/// Checks one project field; `Ok` carries nothing, the caller keeps the raw value.
pub fn check_project_field(path: &str, input: &ProjectInput) -> Result<(), FieldViolation> {
    match path {
        "name" => {
            if input.name.trim().is_empty() {
                Err(FieldViolation::new("name", "is required"))
            } else {
                check_text("name", &input.name, MAX_NAME_CHARS)
            }
        }
        "description" => check_text("description", &input.description, crate::domain::MAX_DESCRIPTION_CHARS),
        "engine_version" => check_text("engine_version", &input.engine_version, MAX_VERSION_CHARS),
        "engine_version_min" => check_text("engine_version_min", &input.engine_version_min, MAX_VERSION_CHARS),
        "author" => check_text("author", &input.author, crate::domain::MAX_AUTHOR_CHARS),
        "tags" => crate::domain::Tags::parse("tags", &input.tags).map(|_| ()),
        "metadata" => {
            let size = serde_json::to_vec(&input.metadata).map_or(usize::MAX, |bytes| bytes.len());
            if size > MAX_METADATA_BYTES {
                Err(FieldViolation::new(
                    "metadata",
                    format!("must be at most {MAX_METADATA_BYTES} bytes as JSON"),
                ))
            } else if serde_json::Value::Object(input.metadata.clone())
                .to_string()
                .contains("\\u0000")
            {
                Err(FieldViolation::new("metadata", "must not contain NUL characters"))
            } else {
                Ok(())
            }
        }
        other => Err(unknown_path(other, &PROJECT_FIELDS)),
    }
}

impl NewProject {
    /// Checks every field; one violation per problem.
    pub fn parse(input: ProjectInput) -> Result<Self, Vec<FieldViolation>> {
        let violations: Vec<FieldViolation> = PROJECT_FIELDS
            .iter()
            .filter_map(|path| check_project_field(path, &input).err())
            .collect();
        if !violations.is_empty() {
            return Err(violations);
        }
        Ok(Self {
            tags: crate::domain::Tags::parse("tags", &input.tags).map_err(|v| vec![v])?,
            name: input.name,
            description: input.description,
            engine_version: input.engine_version,
            engine_version_min: input.engine_version_min,
            author: input.author,
            metadata: input.metadata,
        })
    }
}

/// Which fields an UpdateProject changes, with the new raw values.
#[derive(Debug, Clone, Default)]
pub struct ProjectPatch {
    /// Mask paths that apply.
    pub paths: Vec<String>,
    pub values: ProjectInput,
}

impl ProjectPatch {
    /// Applies AIP-134 mask rules and checks each masked field.
    pub fn parse(paths: Vec<String>, values: ProjectInput) -> Result<Self, Vec<FieldViolation>> {
        let present = [
            ("name", !values.name.is_empty()),
            ("description", !values.description.is_empty()),
            ("engine_version", !values.engine_version.is_empty()),
            ("engine_version_min", !values.engine_version_min.is_empty()),
            ("author", !values.author.is_empty()),
            ("tags", !values.tags.is_empty()),
            ("metadata", !values.metadata.is_empty()),
        ];
        let paths = update_paths(paths, &present).map_err(|v| vec![v])?;
        let violations: Vec<FieldViolation> = paths
            .iter()
            .filter_map(|path| check_project_field(path, &values).err())
            .collect();
        if violations.is_empty() {
            Ok(Self { paths, values })
        } else {
            Err(violations)
        }
    }
}

/// Filters of ListProjects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectFilter {
    /// Only this status.
    pub status: Option<ProjectStatus>,
    /// With no status: include deprecated projects too.
    pub include_deprecated: bool,
    /// Only by this author.
    pub author: Option<String>,
    /// Only with this tag.
    pub tag: Option<String>,
    /// Case-folded text the name or description contains.
    pub query: Option<String>,
}

impl ProjectFilter {
    /// The parts a page token is bound to.
    pub fn fingerprint(&self) -> String {
        agentbase_platform::paging::fingerprint(&[
            "projects",
            self.status.map_or("", ProjectStatus::as_str),
            if self.include_deprecated { "1" } else { "0" },
            self.author.as_deref().unwrap_or(""),
            self.tag.as_deref().unwrap_or(""),
            self.query.as_deref().unwrap_or(""),
        ])
    }
}

/// CreateProject: a valid new project and the caller's request key.
#[derive(Debug, Clone)]
pub struct CreateProject {
    pub project: NewProject,
    pub request: Option<RequestKey>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl CreateProject {
    pub fn new(project: NewProject, request_id: Option<Uuid>) -> Self {
        let request = RequestKey::of(
            request_id,
            &[
                &project.name,
                &project.description,
                &project.engine_version,
                &project.engine_version_min,
                &project.author,
                &project.tags.as_slice().join("\u{1f}"),
                &serde_json::Value::Object(project.metadata.clone()).to_string(),
            ],
        );
        Self {
            _parsed: crate::domain::Parsed,
            project,
            request,
        }
    }
}

/// UpdateProject: the patch applies only while the project carries `etag`, when given.
#[derive(Debug, Clone)]
pub struct UpdateProject {
    pub id: Uuid,
    pub patch: ProjectPatch,
    pub etag: Option<String>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl UpdateProject {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(id: Uuid, patch: ProjectPatch, etag: Option<String>) -> Self {
        Self {
            id,
            patch,
            etag,
            _parsed: crate::domain::Parsed,
        }
    }
}

/// CopyProject: a new project named `name` from the source's current files.
#[derive(Debug, Clone)]
pub struct CopyProject {
    pub source_id: Uuid,
    pub name: String,
    /// None keeps the source's author.
    pub author: Option<String>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl CopyProject {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(source_id: Uuid, name: String, author: Option<String>) -> Self {
        Self {
            source_id,
            name,
            author,
            _parsed: crate::domain::Parsed,
        }
    }
}

/// DeprecateProject: why, and who says so.
#[derive(Debug, Clone)]
pub struct DeprecateProject {
    pub id: Uuid,
    pub reason: String,
    pub deprecated_by: String,
    pub etag: Option<String>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl DeprecateProject {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(id: Uuid, reason: String, deprecated_by: String, etag: Option<String>) -> Self {
        Self {
            id,
            reason,
            deprecated_by,
            etag,
            _parsed: crate::domain::Parsed,
        }
    }
}

/// One file of one project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRef {
    pub project_id: Uuid,
    pub file_id: Uuid,
}

/// CreateProjectFile: a valid file added to the working copy.
#[derive(Debug, Clone)]
pub struct CreateFile {
    pub project_id: Uuid,
    pub file: ProjectFileData,
    pub updated_by: String,
}

/// A file change: `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct FileChange {
    pub file_name: Option<String>,
    /// Empty clears the path.
    pub file_path: Option<String>,
    pub text: Option<String>,
}

/// UpdateProjectFile; the change is checked against the draft in the store.
#[derive(Debug, Clone)]
pub struct UpdateFile {
    pub file: FileRef,
    pub change: FileChange,
    pub etag: Option<String>,
    pub updated_by: String,
}

/// SaveDraft: a whole new working copy, valid file by file and across files.
#[derive(Debug, Clone)]
pub struct SaveDraft {
    pub project_id: Uuid,
    pub files: Vec<ProjectFileData>,
    pub etag: Option<String>,
    pub updated_by: String,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl SaveDraft {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(project_id: Uuid, files: Vec<ProjectFileData>, etag: Option<String>, updated_by: String) -> Self {
        Self {
            project_id,
            files,
            etag,
            updated_by,
            _parsed: crate::domain::Parsed,
        }
    }
}

/// PublishVersion: the draft becomes an immutable version.
#[derive(Debug, Clone)]
pub struct PublishVersion {
    pub project_id: Uuid,
    /// None: the next patch number after the latest version.
    pub version_number: Option<VersionNumber>,
    pub release_note: String,
    pub published_by: String,
    pub request_id: Option<Uuid>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl PublishVersion {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(
        project_id: Uuid,
        version_number: Option<VersionNumber>,
        release_note: String,
        published_by: String,
        request_id: Option<Uuid>,
    ) -> Self {
        Self {
            project_id,
            version_number,
            release_note,
            published_by,
            request_id,
            _parsed: crate::domain::Parsed,
        }
    }
}

impl PublishVersion {
    /// The request id with what a retry must repeat.
    pub fn request_key(&self) -> Option<RequestKey> {
        RequestKey::of(
            self.request_id,
            &[
                &self.project_id.to_string(),
                &self.version_number.map(|v| v.to_string()).unwrap_or_default(),
                &self.release_note,
                &self.published_by,
            ],
        )
    }
}

/// RollbackToVersion: a new version with an earlier version's files.
#[derive(Debug, Clone)]
pub struct Rollback {
    pub project_id: Uuid,
    pub version_id: Uuid,
    pub published_by: String,
    pub release_note: Option<String>,
}

/// DiffVersions: what changed from one side to the other.
#[derive(Debug, Clone)]
pub struct DiffVersions {
    pub project_id: Uuid,
    pub from: DiffSide,
    pub to: DiffSide,
}
