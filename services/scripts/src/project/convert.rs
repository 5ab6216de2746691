//! Conversions between the project wire types of `agentbase.scripts.v1` and the domain.

use agentbase_platform::error::RecordViolation as _;
use agentbase_platform::error::{all_ok, check_required_text};
use agentbase_platform::mask::{unknown_path, update_paths};
use agentbase_platform::{
    error::FieldViolation, idempotency::parse_request_id, ids::optional_etag, json, time::to_timestamp,
};
use agentbase_proto::scripts::v1 as pb;

use crate::script::convert::issue_to_pb;
use crate::{
    domain::{
        check_text,
        project::{
            Change, CopyProject, CreateFile, CreateProject, DeprecateProject, DiffSide, DiffVersions, Draft,
            DraftStatus, FileChange, FileDiff, FileRef, FileType, MAX_ACTOR_CHARS, MAX_FILTER_CHARS, MAX_NOTE_CHARS,
            NewProject, Project, ProjectFileData, ProjectFilter, ProjectInput, ProjectIssue, ProjectPatch,
            ProjectStatus, PublishVersion, Rollback, SaveDraft, StoredFile, UpdateFile, UpdateProject, Version,
            VersionNumber, check_working_copy,
        },
    },
    error::Error,
};
use agentbase_platform::ids::parse_id;

fn metadata(value: Option<prost_types::Struct>) -> serde_json::Map<String, serde_json::Value> {
    match value.map(|s| json::from_struct(&s)) {
        Some(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

/// A required actor name (`published_by`, `deprecated_by`…).
fn actor(field: &str, raw: &str) -> Result<String, FieldViolation> {
    check_required_text(field, raw, MAX_ACTOR_CHARS).map(|()| raw.to_owned())
}

/// Parses a file type; unspecified is refused when `required`.
pub fn file_type(field: &str, raw: i32, required: bool) -> Result<Option<FileType>, FieldViolation> {
    match pb::ProjectFileType::try_from(raw) {
        Ok(pb::ProjectFileType::Unspecified) if required => Err(FieldViolation::new(field, "is required")),
        Ok(pb::ProjectFileType::Unspecified) => Ok(None),
        Ok(pb::ProjectFileType::Global) => Ok(Some(FileType::Global)),
        Ok(pb::ProjectFileType::Roles) => Ok(Some(FileType::Roles)),
        Ok(pb::ProjectFileType::Skills) => Ok(Some(FileType::Skills)),
        Ok(pb::ProjectFileType::Forms) => Ok(Some(FileType::Forms)),
        Ok(pb::ProjectFileType::Rules) => Ok(Some(FileType::Rules)),
        Ok(pb::ProjectFileType::Session) => Ok(Some(FileType::Session)),
        Ok(pb::ProjectFileType::Template) => Ok(Some(FileType::Template)),
        Err(_) => Err(FieldViolation::new(field, "is not a known ProjectFileType")),
    }
}

fn file_type_to_pb(file_type: FileType) -> pb::ProjectFileType {
    match file_type {
        FileType::Global => pb::ProjectFileType::Global,
        FileType::Roles => pb::ProjectFileType::Roles,
        FileType::Skills => pb::ProjectFileType::Skills,
        FileType::Forms => pb::ProjectFileType::Forms,
        FileType::Rules => pb::ProjectFileType::Rules,
        FileType::Session => pb::ProjectFileType::Session,
        FileType::Template => pb::ProjectFileType::Template,
    }
}

fn status_to_pb(status: ProjectStatus) -> pb::ProjectStatus {
    match status {
        ProjectStatus::Draft => pb::ProjectStatus::Draft,
        ProjectStatus::Published => pb::ProjectStatus::Published,
        ProjectStatus::Archived => pb::ProjectStatus::Archived,
        ProjectStatus::Deprecated => pb::ProjectStatus::Deprecated,
    }
}

fn draft_status_to_pb(status: DraftStatus) -> pb::DraftValidationStatus {
    match status {
        DraftStatus::Valid => pb::DraftValidationStatus::Valid,
        DraftStatus::Invalid => pb::DraftValidationStatus::Invalid,
        DraftStatus::Unknown => pb::DraftValidationStatus::Unknown,
    }
}

fn project_input(
    name: String,
    description: String,
    engine_version: String,
    engine_version_min: String,
    author: String,
    tags: Vec<String>,
    metadata_value: Option<prost_types::Struct>,
) -> ProjectInput {
    ProjectInput {
        name,
        description,
        engine_version,
        engine_version_min,
        author,
        tags,
        metadata: metadata(metadata_value),
    }
}

/// A validated CreateProject.
pub fn create_project(request: pb::CreateProjectRequest) -> Result<CreateProject, Error> {
    let mut violations = Vec::new();
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    let input = project_input(
        request.name,
        request.description,
        request.engine_version,
        request.engine_version_min,
        request.author,
        request.tags,
        request.metadata,
    );
    let new = NewProject::parse(input).or_record(&mut violations);
    all_ok(new, violations)
        .map(|new| CreateProject::new(new, request_id))
        .map_err(Error::from)
}

/// A validated UpdateProject.
pub fn update_project(request: pb::UpdateProjectRequest) -> Result<UpdateProject, Error> {
    let mut violations = Vec::new();
    let id = parse_id("id", &request.id).or_record(&mut violations);
    let paths = request.update_mask.map(|m| m.paths).unwrap_or_default();
    let input = project_input(
        request.name,
        request.description,
        request.engine_version,
        request.engine_version_min,
        request.author,
        request.tags,
        request.metadata,
    );
    let patch = ProjectPatch::parse(paths, input).or_record(&mut violations);
    let etag = optional_etag(&request.etag);
    all_ok(id.zip(patch), violations)
        .map(|(id, patch)| UpdateProject::new(id, patch, etag))
        .map_err(Error::from)
}

/// Validated ListProjects filters.
pub fn list_filter(request: &pb::ListProjectsRequest) -> Result<ProjectFilter, Error> {
    let mut violations = Vec::new();
    let status = match pb::ProjectStatus::try_from(request.status) {
        Ok(pb::ProjectStatus::Unspecified) => None,
        Ok(pb::ProjectStatus::Draft) => Some(ProjectStatus::Draft),
        Ok(pb::ProjectStatus::Published) => Some(ProjectStatus::Published),
        Ok(pb::ProjectStatus::Archived) => Some(ProjectStatus::Archived),
        Ok(pb::ProjectStatus::Deprecated) => Some(ProjectStatus::Deprecated),
        Err(_) => {
            violations.push(FieldViolation::new("status", "is not a known ProjectStatus"));
            None
        }
    };
    for (field, value) in [
        ("tag", &request.tag),
        ("author", &request.author),
        ("query", &request.query),
    ] {
        if let Err(v) = check_text(field, value, MAX_FILTER_CHARS) {
            violations.push(v);
        }
    }
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    let filter = ProjectFilter {
        status,
        include_deprecated: request.include_deprecated,
        author: non_empty(&request.author),
        tag: non_empty(&request.tag),
        query: non_empty(&request.query.to_lowercase()),
    };
    all_ok(Some(filter), violations).map_err(Error::from)
}

/// A validated CopyProject.
pub fn copy_project(request: &pb::CopyProjectRequest) -> Result<CopyProject, Error> {
    let mut violations = Vec::new();
    let id = parse_id("id", &request.id).or_record(&mut violations);
    let input = ProjectInput {
        name: request.name.clone(),
        author: request.author.clone(),
        ..Default::default()
    };
    for path in ["name", "author"] {
        if let Err(v) = crate::domain::project::check_project_field(path, &input) {
            violations.push(v);
        }
    }
    all_ok(id, violations)
        .map(|source_id| {
            CopyProject::new(
                source_id,
                request.name.clone(),
                (!request.author.is_empty()).then(|| request.author.clone()),
            )
        })
        .map_err(Error::from)
}

/// A validated DeprecateProject.
pub fn deprecate(request: &pb::DeprecateProjectRequest) -> Result<DeprecateProject, Error> {
    let mut violations = Vec::new();
    let id = parse_id("id", &request.id).or_record(&mut violations);
    if let Err(v) = check_required_text("reason", &request.reason, MAX_NOTE_CHARS) {
        violations.push(v);
    }
    if let Err(v) = check_text("deprecated_by", &request.deprecated_by, MAX_ACTOR_CHARS) {
        violations.push(v);
    }
    all_ok(id, violations).map_err(Error::from).map(|id| {
        DeprecateProject::new(
            id,
            request.reason.clone(),
            request.deprecated_by.clone(),
            optional_etag(&request.etag),
        )
    })
}

/// A validated CreateProjectFile.
pub fn create_file(request: &pb::CreateProjectFileRequest) -> Result<CreateFile, Error> {
    let mut violations = Vec::new();
    let project_id = parse_id("project_id", &request.project_id).or_record(&mut violations);
    let file_type = file_type("file_type", request.file_type, true)
        .or_record(&mut violations)
        .flatten();
    if let Err(v) = check_text("updated_by", &request.updated_by, MAX_ACTOR_CHARS) {
        violations.push(v);
    }
    let data = file_type.and_then(|file_type| {
        ProjectFileData::parse("", file_type, &request.file_name, &request.file_path, &request.text)
            .or_record(&mut violations)
    });
    all_ok(project_id.zip(data), violations)
        .map(|(project_id, file)| CreateFile {
            project_id,
            file,
            updated_by: request.updated_by.clone(),
        })
        .map_err(Error::from)
}

/// Project and file ids.
pub fn file_ref(project_id: &str, file_id: &str) -> Result<FileRef, Error> {
    let project = parse_id("project_id", project_id);
    let file = parse_id("file_id", file_id);
    match (project, file) {
        (Ok(project_id), Ok(file_id)) => Ok(FileRef { project_id, file_id }),
        (p, f) => Err(Error::invalid_argument(p.err().into_iter().chain(f.err()).collect())),
    }
}

/// A validated UpdateProjectFile.
pub fn update_file(request: pb::UpdateProjectFileRequest) -> Result<UpdateFile, Error> {
    let file = file_ref(&request.project_id, &request.file_id)?;
    let present = [
        ("file_name", !request.file_name.is_empty()),
        ("file_path", !request.file_path.is_empty()),
        ("text", !request.text.is_empty()),
    ];
    let paths = update_paths(request.update_mask.map(|m| m.paths).unwrap_or_default(), &present)?;
    let mut change = FileChange::default();
    for path in paths {
        match path.as_str() {
            "file_name" => change.file_name = Some(request.file_name.clone()),
            "file_path" => change.file_path = Some(request.file_path.clone()),
            "text" => change.text = Some(request.text.clone()),
            other => return Err(unknown_path(other, &["file_name", "file_path", "text"]).into()),
        }
    }
    check_text("updated_by", &request.updated_by, MAX_ACTOR_CHARS)?;
    Ok(UpdateFile {
        file,
        change,
        etag: optional_etag(&request.etag),
        updated_by: request.updated_by,
    })
}

/// A validated SaveDraft.
pub fn save_draft(request: pb::SaveDraftRequest) -> Result<SaveDraft, Error> {
    let mut violations = Vec::new();
    let project_id = parse_id("project_id", &request.project_id).or_record(&mut violations);
    if let Err(v) = check_text("updated_by", &request.updated_by, MAX_ACTOR_CHARS) {
        violations.push(v);
    }
    let mut files = Vec::with_capacity(request.files.len());
    for (i, file) in request.files.iter().enumerate() {
        let prefix = format!("files[{i}].");
        match file_type(&format!("{prefix}file_type"), file.file_type, true) {
            Ok(Some(file_type)) => {
                match ProjectFileData::parse(&prefix, file_type, &file.file_name, &file.file_path, &file.text) {
                    Ok(data) => files.push(data),
                    Err(more) => violations.extend(more),
                }
            }
            Ok(None) => {}
            Err(v) => violations.push(v),
        }
    }
    if violations.is_empty()
        && let Err(more) = check_working_copy(&files)
    {
        violations.extend(more);
    }
    all_ok(project_id, violations)
        .map(|project_id| SaveDraft::new(project_id, files, optional_etag(&request.etag), request.updated_by))
        .map_err(Error::from)
}

/// A validated PublishVersion.
pub fn publish(request: pb::PublishVersionRequest) -> Result<PublishVersion, Error> {
    let mut violations = Vec::new();
    let project_id = parse_id("project_id", &request.project_id).or_record(&mut violations);
    let version_number = if request.version_number.is_empty() {
        None
    } else {
        VersionNumber::parse("version_number", &request.version_number).or_record(&mut violations)
    };
    let published_by = actor("published_by", &request.published_by).or_record(&mut violations);
    if let Err(v) = check_text("release_note", &request.release_note, MAX_NOTE_CHARS) {
        violations.push(v);
    }
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    all_ok(project_id.zip(published_by), violations)
        .map_err(Error::from)
        .map(|(project_id, published_by)| {
            PublishVersion::new(
                project_id,
                version_number,
                request.release_note,
                published_by,
                request_id,
            )
        })
}

/// A validated RollbackToVersion.
pub fn rollback(request: pb::RollbackToVersionRequest) -> Result<Rollback, Error> {
    let mut violations = Vec::new();
    let project_id = parse_id("project_id", &request.project_id).or_record(&mut violations);
    let version_id = parse_id("version_id", &request.version_id).or_record(&mut violations);
    let by = actor("published_by", &request.published_by).or_record(&mut violations);
    if let Err(v) = check_text("release_note", &request.release_note, MAX_NOTE_CHARS) {
        violations.push(v);
    }
    let release_note = (!request.release_note.is_empty()).then_some(request.release_note);
    all_ok(project_id.zip(version_id).zip(by), violations)
        .map(|((project_id, version_id), published_by)| Rollback {
            project_id,
            version_id,
            published_by,
            release_note,
        })
        .map_err(Error::from)
}

/// A validated DiffVersions.
pub fn diff(request: &pb::DiffVersionsRequest) -> Result<DiffVersions, Error> {
    let mut violations = Vec::new();
    let project_id = parse_id("project_id", &request.project_id).or_record(&mut violations);
    let mut side = |field: &str, side: &Option<pb::DiffSide>| match side.as_ref().and_then(|s| s.side.as_ref()) {
        Some(pb::diff_side::Side::VersionId(id)) => parse_id(&format!("{field}.version_id"), id)
            .map(DiffSide::Version)
            .or_record(&mut violations),
        Some(pb::diff_side::Side::WorkingCopy(true)) => Some(DiffSide::WorkingCopy),
        _ => {
            violations.push(FieldViolation::new(field, "must name a version_id or set working_copy"));
            None
        }
    };
    let from = side("from", &request.from);
    let to = side("to", &request.to);
    all_ok(project_id.zip(from).zip(to), violations)
        .map(|((project_id, from), to)| DiffVersions { project_id, from, to })
        .map_err(Error::from)
}

/// A project on the wire.
pub fn project_to_pb(project: Project) -> pb::Project {
    pb::Project {
        id: project.id.to_string(),
        name: project.name,
        description: project.description,
        engine_version: project.engine_version,
        engine_version_min: project.engine_version_min,
        status: status_to_pb(project.status) as i32,
        author: project.author,
        tags: project.tags,
        metadata: match project.metadata {
            serde_json::Value::Object(map) => Some(json::to_struct(&map)),
            _ => None,
        },
        current_version_id: project.current_version_id.map(|id| id.to_string()).unwrap_or_default(),
        current_version_number: project.current_version_number.unwrap_or_default(),
        file_count: i32::try_from(project.file_count).unwrap_or(i32::MAX),
        draft_status: draft_status_to_pb(project.draft_status) as i32,
        etag: project.etag,
        create_time: Some(to_timestamp(project.created_at)),
        update_time: Some(to_timestamp(project.updated_at)),
        deprecations: project
            .deprecations
            .into_iter()
            .map(|d| pb::Deprecation {
                reason: d.reason,
                deprecated_by: d.deprecated_by,
                deprecate_time: Some(to_timestamp(d.deprecated_at)),
                restore_time: d.restored_at.map(to_timestamp),
            })
            .collect(),
    }
}

fn content_to_pb(content: Option<serde_json::Value>) -> Option<prost_types::Struct> {
    match content {
        Some(serde_json::Value::Object(map)) => Some(json::to_struct(&map)),
        _ => None,
    }
}

/// A working-copy file on the wire.
pub fn file_to_pb(file: StoredFile) -> pb::ProjectFile {
    pb::ProjectFile {
        id: file.id.to_string(),
        project_id: file.project_id.to_string(),
        file_type: file_type_to_pb(file.data.file_type) as i32,
        file_name: file.data.file_name,
        file_path: file.data.file_path.unwrap_or_default(),
        text: file.data.text,
        content: content_to_pb(file.data.content),
        etag: file.etag,
        create_time: Some(to_timestamp(file.created_at)),
        update_time: Some(to_timestamp(file.updated_at)),
    }
}

fn project_issue_to_pb(issue: ProjectIssue) -> pb::ProjectIssue {
    pb::ProjectIssue {
        file_type: file_type_to_pb(issue.file_type) as i32,
        file_name: issue.file_name,
        issue: Some(issue_to_pb(issue.issue)),
    }
}

/// A draft on the wire.
pub fn draft_to_pb(draft: Draft) -> pb::Draft {
    pb::Draft {
        project_id: draft.project_id.to_string(),
        validation_status: draft_status_to_pb(draft.status) as i32,
        errors: draft.report.errors.into_iter().map(project_issue_to_pb).collect(),
        warnings: draft.report.warnings.into_iter().map(project_issue_to_pb).collect(),
        notes: draft.report.notes.into_iter().map(project_issue_to_pb).collect(),
        etag: draft.etag,
        update_time: Some(to_timestamp(draft.updated_at)),
        updated_by: draft.updated_by,
        files: draft.files.into_iter().map(file_to_pb).collect(),
    }
}

/// A version on the wire.
pub fn version_to_pb(version: Version) -> pb::ProjectVersion {
    pb::ProjectVersion {
        id: version.id.to_string(),
        project_id: version.project_id.to_string(),
        version_number: version.version_number,
        content_sha256: version.content_sha256,
        release_note: version.release_note,
        is_rollback: version.is_rollback,
        rollback_from_version_id: version
            .rollback_from_version_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        publish_time: Some(to_timestamp(version.published_at)),
        published_by: version.published_by,
        files: version
            .files
            .unwrap_or_default()
            .into_iter()
            .map(|f| pb::VersionFile {
                file_type: file_type_to_pb(f.file_type) as i32,
                file_name: f.file_name,
                file_path: f.file_path.unwrap_or_default(),
                text: f.text,
                content: content_to_pb(f.content),
            })
            .collect(),
        file_count: version.file_count,
    }
}

/// A diff on the wire.
pub fn diff_to_pb(files: Vec<FileDiff>) -> pb::DiffVersionsResponse {
    pb::DiffVersionsResponse {
        files: files
            .into_iter()
            .map(|d| pb::FileDiff {
                file_type: file_type_to_pb(d.file_type) as i32,
                file_name: d.file_name,
                change: match d.change {
                    Change::Added => pb::FileChange::Added,
                    Change::Removed => pb::FileChange::Removed,
                    Change::Modified => pb::FileChange::Modified,
                    Change::Unchanged => pb::FileChange::Unchanged,
                } as i32,
                changed_paths: d.changed_paths,
                from_path: d.from_path.unwrap_or_default(),
                to_path: d.to_path.unwrap_or_default(),
            })
            .collect(),
    }
}
