//! Rows to domain values and back, and the reads a write answers with.

use super::{
    ColumnTrait, ConnectionTrait, Deprecation, Draft, DraftReport, DraftStatus, EntityTrait, Error, FileType,
    FromQueryResult, MAX_DOCUMENT_DEPTH, Project, ProjectFileData, ProjectIssue, ProjectStatus, QueryFilter,
    QueryOrder, StoredDocument, StoredFile, Uuid, Version, VersionMeta, load_files, project_deprecation, project_draft,
    project_file, project_version, projects,
};

pub(super) fn to_project(row: projects::Model) -> Result<Project, Error> {
    Ok(Project {
        id: row.id,
        name: row.name,
        description: row.description,
        engine_version: row.engine_version,
        engine_version_min: row.engine_version_min,
        status: status_from_entity(row.status),
        author: row.author,
        tags: serde_json::from_value(row.tags).map_err(|e| Error::corrupt(format!("project tags: {e}")))?,
        metadata: row.metadata,
        current_version_id: row.current_version_id,
        current_version_number: row.current_version_number,
        file_count: i64::from(row.file_count),
        draft_status: draft_status_from_entity(row.draft_status),
        etag: row.etag,
        created_at: row.created_at,
        updated_at: row.updated_at,
        deprecations: Vec::new(),
    })
}

/// A working-copy file, its parsed form read as stored (any depth).
#[derive(Debug, FromQueryResult)]
pub(super) struct FileRow {
    pub(super) id: Uuid,
    pub(super) project_id: Uuid,
    pub(super) file_type: project_file::FileType,
    pub(super) file_name: String,
    pub(super) file_path: Option<String>,
    pub(super) text: String,
    pub(super) content: Option<StoredDocument>,
    pub(super) etag: String,
    pub(super) created_at: chrono::DateTime<chrono::Utc>,
    pub(super) updated_at: chrono::DateTime<chrono::Utc>,
}

/// A file as served. A parsed form deeper than the document limit (stored
/// before the limit existed) is left out; the draft's validation reports the
/// text as over the limit, with its line and column.
pub(super) fn to_stored_file(file: FileRow) -> StoredFile {
    StoredFile {
        id: file.id,
        project_id: file.project_id,
        data: ProjectFileData {
            file_type: file_type_from_entity(file.file_type),
            file_name: file.file_name,
            file_path: file.file_path,
            text: file.text,
            content: file.content.and_then(|document| document.within(MAX_DOCUMENT_DEPTH)),
        },
        etag: file.etag,
        created_at: file.created_at,
        updated_at: file.updated_at,
    }
}

pub(super) fn to_draft(draft: project_draft::Model, files: Vec<StoredFile>) -> Result<Draft, Error> {
    let read = |value: serde_json::Value| -> Result<Vec<ProjectIssue>, Error> {
        serde_json::from_value(value).map_err(|e| Error::corrupt(format!("draft findings: {e}")))
    };
    Ok(Draft {
        project_id: draft.project_id,
        status: draft_status_from_entity(draft.validation_status),
        report: {
            let (notes, warnings) = read(draft.validation_warnings)?
                .into_iter()
                .partition(|finding: &ProjectIssue| {
                    finding.issue.severity == crate::domain::validation::Severity::Info
                });
            DraftReport {
                errors: read(draft.validation_errors)?,
                warnings,
                notes,
            }
        },
        etag: draft.etag,
        updated_at: draft.updated_at,
        updated_by: draft.updated_by,
        files,
    })
}

pub(super) fn to_version(meta: VersionMeta, files: Option<Vec<ProjectFileData>>) -> Version {
    Version {
        id: meta.id,
        project_id: meta.project_id,
        version_number: meta.version_number,
        content_sha256: meta.content_sha256,
        release_note: meta.release_note,
        is_rollback: meta.is_rollback,
        rollback_from_version_id: meta.rollback_from_version_id,
        published_at: meta.published_at,
        published_by: meta.published_by,
        file_count: meta.file_count,
        files,
    }
}

pub(super) fn draft_status_from_entity(status: project_draft::ValidationStatus) -> DraftStatus {
    match status {
        project_draft::ValidationStatus::Valid => DraftStatus::Valid,
        project_draft::ValidationStatus::Invalid => DraftStatus::Invalid,
        project_draft::ValidationStatus::Unknown => DraftStatus::Unknown,
    }
}

pub(super) fn draft_status_to_entity(status: DraftStatus) -> project_draft::ValidationStatus {
    match status {
        DraftStatus::Valid => project_draft::ValidationStatus::Valid,
        DraftStatus::Invalid => project_draft::ValidationStatus::Invalid,
        DraftStatus::Unknown => project_draft::ValidationStatus::Unknown,
    }
}

pub(super) fn status_from_entity(status: projects::ProjectStatus) -> ProjectStatus {
    match status {
        projects::ProjectStatus::Draft => ProjectStatus::Draft,
        projects::ProjectStatus::Published => ProjectStatus::Published,
        projects::ProjectStatus::Archived => ProjectStatus::Archived,
        projects::ProjectStatus::Deprecated => ProjectStatus::Deprecated,
    }
}

pub(super) fn status_to_entity(status: ProjectStatus) -> projects::ProjectStatus {
    match status {
        ProjectStatus::Draft => projects::ProjectStatus::Draft,
        ProjectStatus::Published => projects::ProjectStatus::Published,
        ProjectStatus::Archived => projects::ProjectStatus::Archived,
        ProjectStatus::Deprecated => projects::ProjectStatus::Deprecated,
    }
}

pub(super) fn file_type_from_entity(file_type: project_file::FileType) -> FileType {
    match file_type {
        project_file::FileType::Global => FileType::Global,
        project_file::FileType::Roles => FileType::Roles,
        project_file::FileType::Skills => FileType::Skills,
        project_file::FileType::Forms => FileType::Forms,
        project_file::FileType::Rules => FileType::Rules,
        project_file::FileType::Session => FileType::Session,
        project_file::FileType::Template => FileType::Template,
    }
}

pub(super) fn file_type_to_entity(file_type: FileType) -> project_file::FileType {
    match file_type {
        FileType::Global => project_file::FileType::Global,
        FileType::Roles => project_file::FileType::Roles,
        FileType::Skills => project_file::FileType::Skills,
        FileType::Forms => project_file::FileType::Forms,
        FileType::Rules => project_file::FileType::Rules,
        FileType::Session => project_file::FileType::Session,
        FileType::Template => project_file::FileType::Template,
    }
}

/// Reads one project with its aggregates and deprecation history.
pub(super) async fn read_project<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Project, Error> {
    let row = projects::Entity::find_by_id(id)
        .filter(agentbase_platform::tenant::confined::<projects::Entity>())
        .one(conn)
        .await?
        .ok_or_else(|| Error::ProjectNotFound(id.to_string()))?;
    let deprecations = project_deprecation::Entity::find()
        .filter(agentbase_platform::tenant::confined::<project_deprecation::Entity>())
        .filter(project_deprecation::Column::ProjectId.eq(id))
        .order_by_asc(project_deprecation::Column::DeprecatedAt)
        .order_by_asc(project_deprecation::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|d| Deprecation {
            reason: d.reason,
            deprecated_by: d.deprecated_by,
            deprecated_at: d.deprecated_at,
            restored_at: d.restored_at,
        })
        .collect();
    let mut project = to_project(row)?;
    project.deprecations = deprecations;
    Ok(project)
}

/// Reads one file of a project.
pub(super) async fn read_file<C: ConnectionTrait>(
    conn: &C,
    project_id: Uuid,
    file_id: Uuid,
) -> Result<StoredFile, Error> {
    let file = project_file::Entity::find_by_id(file_id)
        .filter(agentbase_platform::tenant::confined::<project_file::Entity>())
        .filter(project_file::Column::ProjectId.eq(project_id))
        .into_model::<FileRow>()
        .one(conn)
        .await?
        .ok_or_else(|| Error::FileNotFound(file_id.to_string()))?;
    Ok(to_stored_file(file))
}

/// The draft with the working copy.
pub(super) async fn read_draft<C: ConnectionTrait>(conn: &C, project_id: Uuid) -> Result<Draft, Error> {
    let draft = project_draft::Entity::find_by_id(project_id)
        .filter(agentbase_platform::tenant::confined::<project_draft::Entity>())
        .one(conn)
        .await?
        .ok_or_else(|| Error::ProjectNotFound(project_id.to_string()))?;
    let files = load_files(conn, project_id).await?;
    to_draft(draft, files)
}

/// One version, with its snapshot when `with_files`.
pub(super) async fn read_version<C: ConnectionTrait>(
    conn: &C,
    project_id: Uuid,
    version_id: Uuid,
    with_files: bool,
) -> Result<Version, Error> {
    let row = project_version::Entity::find_by_id(version_id)
        .filter(agentbase_platform::tenant::confined::<project_version::Entity>())
        .filter(project_version::Column::ProjectId.eq(project_id))
        .one(conn)
        .await?
        .ok_or_else(|| Error::VersionNotFound(version_id.to_string()))?;
    let files = if with_files {
        Some(serde_json::from_value(row.files.clone()).map_err(|e| Error::corrupt(format!("version snapshot: {e}")))?)
    } else {
        None
    };
    Ok(to_version(
        VersionMeta {
            id: row.id,
            project_id: row.project_id,
            version_number: row.version_number,
            content_sha256: row.content_sha256,
            release_note: row.release_note,
            is_rollback: row.is_rollback,
            rollback_from_version_id: row.rollback_from_version_id,
            published_at: row.published_at,
            published_by: row.published_by,
            file_count: row.file_count,
        },
        files,
    ))
}
