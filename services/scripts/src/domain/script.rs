//! Scripts: types and statuses, the newtypes that make a request valid by
//! construction, and the commands the script RPCs carry.

use agentbase_platform::idempotency::RequestKey;
use agentbase_platform::mask::{unknown_path, update_paths};
use uuid::Uuid;

use super::validation;
use agentbase_platform::error::FieldViolation;
use agentbase_platform::error::RecordViolation as _;
use agentbase_platform::error::check_text;

/// Largest script content, in bytes.
pub const MAX_CONTENT_BYTES: usize = 1024 * 1024;
/// Longest script name, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 4096;
/// Longest author, in characters.
pub const MAX_AUTHOR_CHARS: usize = 255;
/// Most tags on one script.
pub const MAX_TAGS: usize = 32;
/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 64;
/// Longest version string, in characters.
pub const MAX_VERSION_CHARS: usize = 64;
/// Longest `query` filter of ListScripts, in characters.
pub const MAX_QUERY_CHARS: usize = 255;
/// Most `known_variables` one ValidateScript may name.
pub const MAX_KNOWN_VARIABLES: usize = 1000;
/// Longest variable name ValidateScript accepts as known, in characters.
pub const MAX_VARIABLE_NAME_CHARS: usize = 255;
/// Version of a first revision whose content declares none.
pub const DEFAULT_VERSION: &str = "1.0.0";

/// The two document shapes and their uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptType {
    /// A whole conversation.
    Session,
    /// A reusable technique.
    Technique,
    /// An awareness script (technique shape).
    Awareness,
}

impl ScriptType {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Technique => "technique",
            Self::Awareness => "awareness",
        }
    }
}

/// Where a script is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptStatus {
    Draft,
    /// Usable by sessions.
    Published,
    /// Read-only, not usable by new sessions.
    Archived,
}

impl ScriptStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Archived => "archived",
        }
    }

    /// Whether fields and content may change: archived scripts are read-only.
    pub fn check_editable(self) -> Result<(), LifecycleRefusal> {
        match self {
            Self::Archived => Err(LifecycleRefusal::Archived),
            Self::Draft | Self::Published => Ok(()),
        }
    }

    /// The status after a content change: new content must be published again.
    pub fn after_content_change(self) -> Self {
        match self {
            Self::Published => Self::Draft,
            other => other,
        }
    }

    /// The status after publishing; archived scripts cannot be published.
    pub fn publish(self) -> Result<Self, LifecycleRefusal> {
        self.check_editable().map(|()| Self::Published)
    }

    /// The status after archiving; archiving twice is harmless.
    pub fn archive(self) -> Self {
        Self::Archived
    }
}

/// Why a lifecycle step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecycleRefusal {
    /// The script is archived, hence read-only.
    Archived,
}

/// The changes an UpdateScript asks for; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ScriptPatch {
    pub name: Option<ScriptName>,
    pub description: Option<String>,
    pub tags: Option<Tags>,
    pub author: Option<String>,
    /// New content, validated against the script's type when applied.
    pub content: Option<String>,
    /// Version string of the revision new content creates.
    pub version: Option<String>,
}

/// The fields UpdateScript may change, by mask path.
pub const UPDATABLE_FIELDS: [&str; 6] = ["name", "description", "tags", "author", "content", "version"];

/// Raw UpdateScript fields, before their mask is applied.
#[derive(Debug, Clone, Default)]
pub struct PatchInput {
    /// Mask paths; empty means every non-empty field below (AIP-134).
    pub paths: Vec<String>,
    pub name: String,
    pub description: String,
    pub tags: Vec<String>,
    pub author: String,
    pub content: String,
    pub version: String,
}

impl ScriptPatch {
    /// Applies the mask and checks each masked field; one violation per problem.
    pub fn parse(input: PatchInput) -> Result<Self, Vec<FieldViolation>> {
        let mut violations = Vec::new();
        let present = [
            ("name", !input.name.is_empty()),
            ("description", !input.description.is_empty()),
            ("tags", !input.tags.is_empty()),
            ("author", !input.author.is_empty()),
            ("content", !input.content.is_empty()),
            ("version", !input.version.is_empty()),
        ];
        let paths = update_paths(input.paths, &present)
            .or_record(&mut violations)
            .unwrap_or_default();
        let mut patch = Self::default();
        for path in &paths {
            match path.as_str() {
                "name" => patch.name = ScriptName::parse("name", &input.name).or_record(&mut violations),
                "tags" => patch.tags = Tags::parse("tags", &input.tags).or_record(&mut violations),
                "description" => match check_text("description", &input.description, MAX_DESCRIPTION_CHARS) {
                    Ok(()) => patch.description = Some(input.description.clone()),
                    Err(v) => violations.push(v),
                },
                "author" => match check_text("author", &input.author, MAX_AUTHOR_CHARS) {
                    Ok(()) => patch.author = Some(input.author.clone()),
                    Err(v) => violations.push(v),
                },
                "version" => match check_text("version", &input.version, MAX_VERSION_CHARS) {
                    Ok(()) if input.version.trim().is_empty() => {
                        violations.push(FieldViolation::new("version", "must not be empty"));
                    }
                    Ok(()) => patch.version = Some(input.version.clone()),
                    Err(v) => violations.push(v),
                },
                "content" => match check_content(&input.content) {
                    Ok(()) => patch.content = Some(input.content.clone()),
                    Err(v) => violations.push(v),
                },
                other => violations.push(unknown_path(other, &UPDATABLE_FIELDS)),
            }
        }
        if patch.version.is_some() && patch.content.is_none() {
            violations.push(FieldViolation::new(
                "version",
                "names a new revision, so it changes only together with content",
            ));
        }
        if violations.is_empty() {
            Ok(patch)
        } else {
            Err(violations)
        }
    }
}

/// Checks content size and presence (before validation of its YAML).
pub fn check_content(content: &str) -> Result<(), FieldViolation> {
    if content.trim().is_empty() {
        Err(FieldViolation::new("content", "is required"))
    } else if content.len() > MAX_CONTENT_BYTES {
        Err(FieldViolation::new(
            "content",
            format!("must be at most {MAX_CONTENT_BYTES} bytes"),
        ))
    } else {
        Ok(())
    }
}

/// A new revision's content, validated against the script's type.
#[derive(Debug, Clone)]
pub struct RevisionContent {
    pub content: String,
    /// As JSON.
    pub parsed_content: serde_json::Value,
    /// Hex SHA-256.
    pub content_sha256: String,
    /// Warnings and notes to store.
    pub findings: Vec<validation::Issue>,
    /// `metadata.version`, when the document declares one.
    pub declared_version: Option<String>,
}

impl RevisionContent {
    /// Validates `content` as `script_type`; errors become `content` violations.
    pub fn parse(content: String, script_type: ScriptType) -> Result<Self, Vec<FieldViolation>> {
        check_content(&content).map_err(|v| vec![v])?;
        let report = validation::validate(&content, Some(script_type), &[]);
        if !report.is_valid() {
            return Err(report
                .errors
                .iter()
                .map(|issue| issue.to_violation("content"))
                .collect());
        }
        Ok(Self {
            declared_version: report
                .declared_version()
                .filter(|v| check_text("version", v, MAX_VERSION_CHARS).is_ok()),
            content_sha256: sha256_hex(&content),
            findings: report.findings(),
            parsed_content: report.document.unwrap_or(serde_json::Value::Null),
            content,
        })
    }
}

/// A script name: 1–255 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptName(String);

impl ScriptName {
    /// Parses a name supplied in `field`.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldViolation> {
        if raw.trim().is_empty() {
            return Err(FieldViolation::new(field, "is required"));
        }
        check_text(field, raw, MAX_NAME_CHARS)?;
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Validated labels: at most 32, each 1–64 characters, duplicates dropped, order kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tags(Vec<String>);

impl Tags {
    /// Parses the tags supplied in `field`.
    pub fn parse(field: &str, raw: &[String]) -> Result<Self, FieldViolation> {
        let mut tags: Vec<String> = Vec::with_capacity(raw.len());
        for (i, tag) in raw.iter().enumerate() {
            let tag_field = format!("{field}[{i}]");
            if tag.trim().is_empty() {
                return Err(FieldViolation::new(tag_field, "must not be empty"));
            }
            check_text(&tag_field, tag, MAX_TAG_CHARS)?;
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
        if tags.len() > MAX_TAGS {
            return Err(FieldViolation::new(
                field,
                format!("at most {MAX_TAGS} tags are allowed"),
            ));
        }
        Ok(Self(tags))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// What a caller asked to create, before validation.
#[derive(Debug, Clone, Default)]
pub struct CreateScriptInput {
    pub name: String,
    /// Requested type, if any.
    pub script_type: Option<ScriptType>,
    /// YAML content.
    pub content: String,
    /// Version string, if any.
    pub version: String,
    pub author: String,
    pub description: String,
    pub tags: Vec<String>,
}

/// A create request that passed every check, ready to store.
#[derive(Debug, Clone)]
pub struct NewScript {
    /// The unique name.
    pub name: ScriptName,
    /// The type, requested or inferred.
    pub script_type: ScriptType,
    /// The YAML content.
    pub content: String,
    /// The content as JSON.
    pub parsed_content: serde_json::Value,
    /// Hex SHA-256 of the content.
    pub content_sha256: String,
    /// The revision's version string.
    pub version: String,
    pub author: String,
    pub description: String,
    pub tags: Tags,
    /// Validation warnings and notes, stored with the revision.
    pub findings: Vec<validation::Issue>,
    /// Text searched by `ListScripts.query`: name and description, case-folded.
    pub search_text: String,
}

impl NewScript {
    /// Checks every field and validates the content; returns one violation per problem.
    pub fn parse(input: CreateScriptInput) -> Result<Self, Vec<FieldViolation>> {
        let mut violations = Vec::new();
        let name = ScriptName::parse("name", &input.name).or_record(&mut violations);
        let tags = Tags::parse("tags", &input.tags).or_record(&mut violations);
        for (field, value, max) in [
            ("author", &input.author, MAX_AUTHOR_CHARS),
            ("description", &input.description, MAX_DESCRIPTION_CHARS),
            ("version", &input.version, MAX_VERSION_CHARS),
        ] {
            if let Err(v) = check_text(field, value, max) {
                violations.push(v);
            }
        }

        let report = match check_content(&input.content) {
            Err(v) => {
                violations.push(v);
                None
            }
            Ok(()) => {
                let report = validation::validate(&input.content, input.script_type, &[]);
                violations.extend(report.errors.iter().map(|issue| issue.to_violation("content")));
                Some(report)
            }
        };

        let version = if input.version.is_empty() {
            report
                .as_ref()
                .and_then(validation::Report::declared_version)
                .filter(|v| check_text("version", v, MAX_VERSION_CHARS).is_ok() && !v.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_VERSION.to_owned())
        } else {
            input.version.clone()
        };

        match (name, tags, report) {
            (Some(name), Some(tags), Some(report)) if violations.is_empty() => {
                let findings = report.findings();
                let parsed_content = report.document.unwrap_or(serde_json::Value::Null);
                Ok(Self {
                    search_text: search_text(name.as_str(), &input.description),
                    name,
                    script_type: report.script_type,
                    content_sha256: sha256_hex(&input.content),
                    content: input.content,
                    parsed_content,
                    version,
                    author: input.author,
                    description: input.description,
                    tags,
                    findings,
                })
            }
            _ => Err(violations),
        }
    }

    /// A fingerprint of the request, to tell a retry from a reused request id.
    pub fn fingerprint(&self) -> String {
        agentbase_platform::digest::of_parts(&[
            self.name.as_str(),
            self.script_type.as_str(),
            &self.content_sha256,
            &self.version,
            &self.author,
            &self.description,
            &self.tags.as_slice().join("\u{1f}"),
        ])
    }
}

/// The case-folded text that `query` filters search.
pub fn search_text(name: &str, description: &str) -> String {
    format!("{}\n{}", name.to_lowercase(), description.to_lowercase())
}

/// Hex SHA-256 of `text`.
pub fn sha256_hex(text: &str) -> String {
    agentbase_platform::digest::sha256_hex(text.as_bytes())
}

/// Filters of ListScripts, validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScriptFilter {
    /// Only this type.
    pub script_type: Option<ScriptType>,
    /// Only this status.
    pub status: Option<ScriptStatus>,
    /// Only scripts carrying this tag.
    pub tag: Option<String>,
    /// Only this author.
    pub author: Option<String>,
    /// Case-folded text the name or description must contain.
    pub query: Option<String>,
}

impl ScriptFilter {
    /// The parts that a page token must be issued for.
    pub fn fingerprint(&self) -> String {
        agentbase_platform::paging::fingerprint(&[
            self.script_type.map_or("", ScriptType::as_str),
            self.status.map_or("", ScriptStatus::as_str),
            self.tag.as_deref().unwrap_or(""),
            self.author.as_deref().unwrap_or(""),
            self.query.as_deref().unwrap_or(""),
        ])
    }
}

/// How a caller names one script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptSelector {
    Id(uuid::Uuid),
    /// By unique name.
    Name(ScriptName),
}

impl std::fmt::Display for ScriptSelector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Id(id) => write!(f, "id {id}"),
            Self::Name(name) => write!(f, "name {:?}", name.as_str()),
        }
    }
}

/// A stored script with one of its revisions, as reads return it.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub id: uuid::Uuid,
    pub name: String,
    pub script_type: ScriptType,
    pub status: ScriptStatus,
    pub author: String,
    pub description: String,
    pub tags: Vec<String>,
    /// Newest revision number.
    pub current_revision: i32,
    pub etag: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// The revision read with it, if any.
    pub revision: Option<Revision>,
}

/// One immutable revision; content fields are `None` in the basic view.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub script_id: uuid::Uuid,
    pub revision: i32,
    pub version: String,
    /// YAML content (full view only).
    pub content: Option<String>,
    /// Parsed content (full view only).
    pub parsed_content: Option<serde_json::Value>,
    /// Hex SHA-256 of the content.
    pub content_sha256: String,
    pub author: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub warnings: Vec<validation::Issue>,
    /// Validation notes (deprecated keys).
    pub notes: Vec<validation::Issue>,
}

impl Revision {
    /// The revision with `findings` (as stored) told apart into warnings and notes.
    pub fn with_findings(mut self, findings: Vec<validation::Issue>) -> Self {
        (self.warnings, self.notes) = validation::split_findings(findings);
        self
    }
}

/// How much of a revision a read loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Basic,
    Full,
}

/// CreateScript: a valid new script and the caller's request key.
#[derive(Debug, Clone)]
pub struct CreateScript {
    pub script: NewScript,
    pub request: Option<RequestKey>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl CreateScript {
    pub fn new(script: NewScript, request_id: Option<Uuid>) -> Self {
        let request = request_id.map(|id| RequestKey {
            id,
            fingerprint: script.fingerprint(),
        });
        Self {
            _parsed: crate::domain::Parsed,
            script,
            request,
        }
    }
}

/// GetScript: which script, which revision (None: the current one), how much of it.
#[derive(Debug, Clone)]
pub struct GetScript {
    pub selector: ScriptSelector,
    pub revision: Option<i32>,
    pub view: View,
    /// A release label naming the revision instead of `revision`.
    pub label: Option<super::label::LabelName>,
}

/// ListScripts, apart from its page.
#[derive(Debug, Clone)]
pub struct ListScripts {
    pub filter: ScriptFilter,
    pub view: View,
}

/// UpdateScript: the patch applies only while the script carries `etag`, when given.
#[derive(Debug, Clone)]
pub struct UpdateScript {
    pub id: Uuid,
    pub patch: ScriptPatch,
    pub etag: Option<String>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl UpdateScript {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(id: Uuid, patch: ScriptPatch, etag: Option<String>) -> Self {
        Self {
            id,
            patch,
            etag,
            _parsed: crate::domain::Parsed,
        }
    }
}

/// ListScriptRevisions, apart from its page.
#[derive(Debug, Clone)]
pub struct ListRevisions {
    pub script_id: Uuid,
    pub view: View,
}
