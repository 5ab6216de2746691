//! Project requests parsed into commands: a new project, a patch, list filters.

use super::*;

/// A validated CreateProject (or the new project of a copy).
#[derive(Debug, Clone, Default)]
pub struct NewProject {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Engine version.
    pub engine_version: String,
    /// Oldest engine version.
    pub engine_version_min: String,
    /// Owner.
    pub author: String,
    /// Tags.
    pub tags: crate::domain::Tags,
    /// Metadata object.
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// Raw project fields as a request carries them.
#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Engine version.
    pub engine_version: String,
    /// Oldest engine version.
    pub engine_version_min: String,
    /// Owner.
    pub author: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Metadata object.
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
        "engine_version" => check_text("engine_version", &input.engine_version, 64),
        "engine_version_min" => check_text("engine_version_min", &input.engine_version_min, 64),
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
        other => Err(FieldViolation::new(
            "update_mask",
            format!("`{other}` is not one of {}", PROJECT_FIELDS.join(", ")),
        )),
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
    /// The values.
    pub values: ProjectInput,
}

impl ProjectPatch {
    /// Applies AIP-134 mask rules and checks each masked field.
    pub fn parse(paths: Vec<String>, values: ProjectInput) -> Result<Self, Vec<FieldViolation>> {
        let paths = if paths.is_empty() {
            let present = [
                ("name", !values.name.is_empty()),
                ("description", !values.description.is_empty()),
                ("engine_version", !values.engine_version.is_empty()),
                ("engine_version_min", !values.engine_version_min.is_empty()),
                ("author", !values.author.is_empty()),
                ("tags", !values.tags.is_empty()),
                ("metadata", !values.metadata.is_empty()),
            ];
            present
                .iter()
                .filter(|(_, set)| *set)
                .map(|(p, _)| (*p).to_owned())
                .collect()
        } else {
            paths
        };
        if paths.is_empty() {
            return Err(vec![FieldViolation::new("update_mask", "names no field to update")]);
        }
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
