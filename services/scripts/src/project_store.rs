//! Persistence of projects: working copy, draft, versions. The only user of the project entities.

use agentbase_platform::ids::new_etag;
use agentbase_platform::{
    db::{DbFailure, classify},
    idempotency::Once,
    intake::MAX_DOCUMENT_DEPTH,
    json::StoredDocument,
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{Set, Unchanged},
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    domain::{
        project::{
            self, DEFAULT_FILES, Deprecation, DiffSide, Draft, DraftReport, DraftStatus, FileDiff, FileType,
            NewProject, Project, ProjectFileData, ProjectFilter, ProjectIssue, ProjectPatch, ProjectRefusal,
            ProjectStatus, StoredFile, Version, VersionNumber,
        },
        search_text,
    },
    entity::{project as projects, project_deprecation, project_draft, project_file, project_version},
    error::Error,
    store::{check_etag, has_tag},
};

const CREATE_PROJECT: &str = "CreateProject";
const PUBLISH_VERSION: &str = "PublishVersion";

/// Reads and writes projects, their files, drafts and versions.
#[derive(Clone)]
pub struct ProjectStore {
    db: DatabaseConnection,
}

/// A project row with the aggregates lists show, read in one query.
#[derive(Debug, FromQueryResult)]
struct ProjectRow {
    id: Uuid,
    name: String,
    description: String,
    engine_version: String,
    engine_version_min: String,
    status: projects::ProjectStatus,
    author: String,
    tags: serde_json::Value,
    metadata: serde_json::Value,
    current_version_id: Option<Uuid>,
    etag: String,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
    file_count: i64,
    current_version_number: Option<String>,
    draft_status: Option<String>,
}

/// A version without its snapshot.
#[derive(Debug, FromQueryResult)]
struct VersionMeta {
    id: Uuid,
    project_id: Uuid,
    version_number: String,
    content_sha256: String,
    release_note: String,
    is_rollback: bool,
    rollback_from_version_id: Option<Uuid>,
    published_at: chrono::DateTime<chrono::Utc>,
    published_by: String,
    file_count: i32,
}

impl ProjectStore {
    /// A store over the scripts context's database.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    fn project_rows() -> sea_orm::Select<projects::Entity> {
        projects::Entity::find()
            .column_as(
                Expr::cust(r#"(SELECT COUNT(*) FROM "project_files" AS f WHERE f."project_id" = "projects"."id")"#),
                "file_count",
            )
            .column_as(
                Expr::cust(
                    r#"(SELECT v."version_number" FROM "project_versions" AS v WHERE v."id" = "projects"."current_version_id")"#,
                ),
                "current_version_number",
            )
            .column_as(
                Expr::cust(
                    r#"(SELECT CAST(d."validation_status" AS TEXT) FROM "project_drafts" AS d WHERE d."project_id" = "projects"."id")"#,
                ),
                "draft_status",
            )
    }

    /// Reads one project with its aggregates and deprecation history.
    pub async fn get(&self, id: Uuid) -> Result<Project, Error> {
        read_project(&self.db, id).await
    }

    /// One page of projects after `after`, oldest first, with file counts,
    /// current version and draft status from the same query.
    pub async fn list(
        &self,
        filter: &ProjectFilter,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<Project>, Option<Uuid>), Error> {
        let backend = self.db.get_database_backend();
        let mut query = Self::project_rows().order_by_asc(projects::Column::Id).limit(limit + 1);
        if let Some(after) = after {
            query = query.filter(projects::Column::Id.gt(after));
        }
        match filter.status {
            Some(status) => query = query.filter(projects::Column::Status.eq(to_entity_status(status))),
            None if !filter.include_deprecated => {
                query = query.filter(projects::Column::Status.ne(projects::ProjectStatus::Deprecated));
            }
            None => {}
        }
        if let Some(author) = &filter.author {
            query = query.filter(projects::Column::Author.eq(author.as_str()));
        }
        if let Some(tag) = &filter.tag {
            query = query.filter(has_tag(backend, "projects", tag));
        }
        if let Some(text) = &filter.query {
            query = query.filter(agentbase_platform::db::search_text_contains(backend, "projects", text));
        }
        let mut rows = query.into_model::<ProjectRow>().all(&self.db).await?;
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |row| row.id);
        Ok((rows.into_iter().map(to_project).collect::<Result<_, _>>()?, next))
    }

    /// Creates a project with the default files and a validated draft, in one transaction.
    pub async fn create(&self, new: NewProject, request_id: Option<Uuid>) -> Result<Project, Error> {
        let fingerprint = project_fingerprint(&new);
        let once = Once {
            operation: CREATE_PROJECT,
            request: request_id.map(|request_id| (request_id, fingerprint.as_str())),
        };
        let files: Vec<ProjectFileData> = DEFAULT_FILES
            .iter()
            .map(|(file_type, name, text)| ProjectFileData {
                file_type: *file_type,
                file_name: (*name).to_owned(),
                file_path: None,
                text: (*text).to_owned(),
                // The default files are a few bytes of fixed YAML, far within the limits.
                content: project::parse_content(*file_type, text).unwrap_or_default(),
            })
            .collect();
        let id = Uuid::now_v7();
        let read = |id| async move { read_project(&self.db, id).await };
        once.replay_or_create(&self.db, id, read, |txn| async move {
            insert_project(&txn, id, &new, &new.author).await?;
            replace_files(&txn, id, &files).await?;
            write_draft(&txn, id, &project::validate_working_copy(&files), &new.author, true).await?;
            let read = read_project(&txn, id).await?;
            agentbase_platform::audit::record(&txn, id).await?;
            Ok((txn, read))
        })
        .await
    }

    /// Applies a patch to the project's fields.
    pub async fn update(&self, id: Uuid, patch: ProjectPatch, etag: Option<&str>) -> Result<Project, Error> {
        let txn = self.db.begin().await?;
        let row = lock_project(&txn, id).await?;
        check_etag(&row.etag, etag)?;
        editable(&row)?;
        let mut active: projects::ActiveModel = row.into();
        let values = patch.values;
        for path in &patch.paths {
            match path.as_str() {
                "name" => active.name = Set(values.name.clone()),
                "description" => active.description = Set(values.description.clone()),
                "engine_version" => active.engine_version = Set(values.engine_version.clone()),
                "engine_version_min" => active.engine_version_min = Set(values.engine_version_min.clone()),
                "author" => active.author = Set(values.author.clone()),
                "tags" => {
                    let tags = crate::domain::Tags::parse("tags", &values.tags).map_err(Error::from)?;
                    active.tags = Set(serde_json::json!(tags.as_slice()));
                }
                "metadata" => active.metadata = Set(serde_json::Value::Object(values.metadata.clone())),
                _ => {}
            }
        }
        active.search_text = Set(search_text(active.name.as_ref(), active.description.as_ref()));
        active.etag = Set(new_etag());
        active.updated_at = Set(agentbase_platform::time::now());
        active.update(&txn).await?;
        let read = read_project(&txn, id).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// Copies the working copy (files with their paths, no versions) into a new draft project.
    pub async fn copy(&self, source: Uuid, name: String, author: Option<String>) -> Result<Project, Error> {
        let txn = self.db.begin().await?;
        let row = projects::Entity::find_by_id(source)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::ProjectNotFound(source.to_string()))?;
        let files = load_files(&txn, source).await?;
        let data: Vec<ProjectFileData> = files.into_iter().map(|f| f.data).collect();
        let author = author.unwrap_or(row.author.clone());
        let new = NewProject {
            name,
            description: row.description,
            engine_version: row.engine_version,
            engine_version_min: row.engine_version_min,
            author: author.clone(),
            tags: crate::domain::Tags::parse(
                "tags",
                &serde_json::from_value::<Vec<String>>(row.tags).unwrap_or_default(),
            )
            .unwrap_or_default(),
            metadata: match row.metadata {
                serde_json::Value::Object(map) => map,
                _ => serde_json::Map::new(),
            },
        };
        let id = Uuid::now_v7();
        insert_project(&txn, id, &new, &author).await?;
        replace_files(&txn, id, &data).await?;
        write_draft(&txn, id, &project::validate_working_copy(&data), &author, true).await?;
        let read = read_project(&txn, id).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// Archives a project (idempotent).
    pub async fn archive(&self, id: Uuid, etag: Option<&str>) -> Result<Project, Error> {
        self.transition(id, etag, |status| Ok(status.archive())).await
    }

    /// Restores a deprecated project to draft and closes its open deprecation, in one transaction.
    pub async fn restore(&self, id: Uuid, etag: Option<&str>) -> Result<Project, Error> {
        let txn = self.db.begin().await?;
        let row = lock_project(&txn, id).await?;
        check_etag(&row.etag, etag)?;
        let next = to_domain_status(row.status)
            .restore()
            .map_err(|refusal| refused(id, refusal))?;
        project_deprecation::Entity::update_many()
            .col_expr(
                project_deprecation::Column::RestoredAt,
                Expr::value(agentbase_platform::time::now()),
            )
            .filter(project_deprecation::Column::ProjectId.eq(id))
            .filter(project_deprecation::Column::RestoredAt.is_null())
            .exec(&txn)
            .await?;
        set_status(&txn, row, next).await?;
        let read = read_project(&txn, id).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// Deprecates a project, recording the reason in its history.
    pub async fn deprecate(&self, id: Uuid, reason: String, by: String, etag: Option<&str>) -> Result<Project, Error> {
        let txn = self.db.begin().await?;
        let row = lock_project(&txn, id).await?;
        check_etag(&row.etag, etag)?;
        let next = to_domain_status(row.status)
            .deprecate()
            .map_err(|refusal| refused(id, refusal))?;
        project_deprecation::Entity::insert(project_deprecation::ActiveModel {
            id: Set(Uuid::now_v7()),
            project_id: Set(id),
            reason: Set(reason),
            deprecated_by: Set(by),
            deprecated_at: Set(agentbase_platform::time::now()),
            restored_at: Set(None),
        })
        .exec_without_returning(&txn)
        .await?;
        set_status(&txn, row, next).await?;
        let read = read_project(&txn, id).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(read)
    }

    async fn transition(
        &self,
        id: Uuid,
        etag: Option<&str>,
        step: impl FnOnce(ProjectStatus) -> Result<ProjectStatus, ProjectRefusal>,
    ) -> Result<Project, Error> {
        let txn = self.db.begin().await?;
        let row = lock_project(&txn, id).await?;
        check_etag(&row.etag, etag)?;
        let current = to_domain_status(row.status);
        let next = step(current).map_err(|refusal| refused(id, refusal))?;
        if next != current {
            set_status(&txn, row, next).await?;
        }
        let read = read_project(&txn, id).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// Deletes a project with its files, draft, versions and history (cascade).
    pub async fn delete(&self, id: Uuid, etag: Option<&str>) -> Result<(), Error> {
        let txn = self.db.begin().await?;
        let row = lock_project(&txn, id).await?;
        check_etag(&row.etag, etag)?;
        projects::Entity::delete_by_id(id).exec(&txn).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Adds a file and revalidates the draft, in one transaction.
    pub async fn create_file(&self, project_id: Uuid, data: ProjectFileData, by: &str) -> Result<StoredFile, Error> {
        let txn = self.db.begin().await?;
        let row = lock_project(&txn, project_id).await?;
        editable(&row)?;
        let count = project_file::Entity::find()
            .filter(project_file::Column::ProjectId.eq(project_id))
            .count(&txn)
            .await?;
        if count >= project::MAX_FILES as u64 {
            return Err(Error::TooManyFiles);
        }
        let id = Uuid::now_v7();
        let now = agentbase_platform::time::now();
        let inserted = project_file::Entity::insert(file_model(id, project_id, &data, now))
            .exec_without_returning(&txn)
            .await;
        if let Err(err) = inserted {
            return Err(file_conflict(err, &data));
        }
        revalidate(&txn, project_id, by).await?;
        let read = read_file(&txn, project_id, id).await?;
        agentbase_platform::audit::record(&txn, project_id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// Reads one file of a project.
    pub async fn get_file(&self, project_id: Uuid, file_id: Uuid) -> Result<StoredFile, Error> {
        read_file(&self.db, project_id, file_id).await
    }

    /// The working copy's files by type then name (at most 200), optionally without text.
    pub async fn list_files(
        &self,
        project_id: Uuid,
        file_type: Option<FileType>,
        names_only: bool,
    ) -> Result<Vec<StoredFile>, Error> {
        self.ensure_project(project_id).await?;
        let mut query = project_file::Entity::find().filter(project_file::Column::ProjectId.eq(project_id));
        if let Some(file_type) = file_type {
            query = query.filter(project_file::Column::FileType.eq(to_entity_file_type(file_type)));
        }
        let files = in_file_order(
            query
                .into_model::<FileRow>()
                .all(&self.db)
                .await?
                .into_iter()
                .map(to_stored_file)
                .collect(),
        );
        Ok(files
            .into_iter()
            .map(|mut stored| {
                if names_only {
                    stored.data.text.clear();
                    stored.data.content = None;
                }
                stored
            })
            .collect())
    }

    /// Changes a file (name, path, text) and revalidates the draft.
    pub async fn update_file(
        &self,
        project_id: Uuid,
        file_id: Uuid,
        change: FileChangeRequest,
        etag: Option<&str>,
        by: &str,
    ) -> Result<StoredFile, Error> {
        let txn = self.db.begin().await?;
        let file = editable_file(&txn, project_id, file_id, etag).await?;
        let current = to_stored_file(file).data;
        let data = ProjectFileData::parse(
            "",
            current.file_type,
            change.file_name.as_deref().unwrap_or(&current.file_name),
            change
                .file_path
                .as_deref()
                .unwrap_or(current.file_path.as_deref().unwrap_or("")),
            change.text.as_deref().unwrap_or(&current.text),
        )
        .map_err(Error::InvalidArgument)?;
        let active = project_file::ActiveModel {
            id: Unchanged(file_id),
            file_name: Set(data.file_name.clone()),
            file_path: Set(data.file_path.clone()),
            text: Set(data.text.clone()),
            content: Set(data.content.clone()),
            etag: Set(new_etag()),
            updated_at: Set(agentbase_platform::time::now()),
            ..Default::default()
        };
        if let Err(err) = project_file::Entity::update_many()
            .set(active)
            .filter(project_file::Column::Id.eq(file_id))
            .exec(&txn)
            .await
        {
            return Err(file_conflict(err, &data));
        }
        revalidate(&txn, project_id, by).await?;
        let read = read_file(&txn, project_id, file_id).await?;
        agentbase_platform::audit::record(&txn, project_id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// Removes a file and revalidates the draft.
    pub async fn delete_file(
        &self,
        project_id: Uuid,
        file_id: Uuid,
        etag: Option<&str>,
        by: &str,
    ) -> Result<(), Error> {
        let txn = self.db.begin().await?;
        editable_file(&txn, project_id, file_id, etag).await?;
        project_file::Entity::delete_by_id(file_id).exec(&txn).await?;
        revalidate(&txn, project_id, by).await?;
        agentbase_platform::audit::record(&txn, project_id).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The draft with the working copy.
    pub async fn get_draft(&self, project_id: Uuid) -> Result<Draft, Error> {
        read_draft(&self.db, project_id).await
    }

    /// Replaces the whole working copy while the draft still has `etag`.
    pub async fn save_draft(
        &self,
        project_id: Uuid,
        files: Vec<ProjectFileData>,
        etag: Option<&str>,
        by: &str,
    ) -> Result<Draft, Error> {
        let txn = self.db.begin().await?;
        let row = lock_project(&txn, project_id).await?;
        editable(&row)?;
        let draft = project_draft::Entity::find_by_id(project_id)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::Corrupt(format!("project {project_id} has no draft")))?;
        check_etag(&draft.etag, etag)?;
        project_file::Entity::delete_many()
            .filter(project_file::Column::ProjectId.eq(project_id))
            .exec(&txn)
            .await?;
        replace_files(&txn, project_id, &files).await?;
        write_draft(&txn, project_id, &project::validate_working_copy(&files), by, false).await?;
        let read = read_draft(&txn, project_id).await?;
        agentbase_platform::audit::record(&txn, project_id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// Publishes the working copy as a new version (see DESIGN.md §4).
    pub async fn publish(&self, project_id: Uuid, request: PublishRequest) -> Result<Version, Error> {
        let fingerprint = agentbase_platform::paging::fingerprint(&[
            &project_id.to_string(),
            &request.version_number.map(|v| v.to_string()).unwrap_or_default(),
            &request.release_note,
            &request.published_by,
        ]);
        let once = Once {
            operation: PUBLISH_VERSION,
            request: request.request_id.map(|request_id| (request_id, fingerprint.as_str())),
        };
        let id = Uuid::now_v7();
        let read = |version_id| async move { read_version(&self.db, project_id, version_id, true).await };
        once.replay_or_create(&self.db, id, read, |txn| async move {
            let row = lock_project(&txn, project_id).await?;
            let next_status = to_domain_status(row.status)
                .publish()
                .map_err(|refusal| refused(project_id, refusal))?;
            let files: Vec<ProjectFileData> = load_files(&txn, project_id)
                .await?
                .into_iter()
                .map(|f| f.data)
                .collect();
            let report = project::validate_working_copy(&files);
            if !report.is_valid() {
                return Err(Error::DraftInvalid(report.errors));
            }
            let sha = project::snapshot_sha256(&files);
            if let Some(current) = row.current_version_id {
                let current_sha = project_version::Entity::find_by_id(current)
                    .select_only()
                    .column(project_version::Column::ContentSha256)
                    .into_tuple::<String>()
                    .one(&txn)
                    .await?;
                if current_sha.as_deref() == Some(sha.as_str()) {
                    return Err(Error::NoChanges);
                }
            }
            let latest = latest_version(&txn, project_id).await?;
            let number = VersionNumber::choose(request.version_number, latest)
                .map_err(|_| Error::VersionNotGreater(latest.map(|v| v.to_string()).unwrap_or_default()))?;
            insert_version(
                &txn,
                NewVersion {
                    id,
                    project_id,
                    number,
                    files,
                    content_sha256: sha,
                    release_note: request.release_note,
                    rollback_from: None,
                    published_by: request.published_by,
                },
            )
            .await?;
            point_at_version(&txn, row, id, next_status).await?;
            let read = read_version(&txn, project_id, id, true).await?;
            agentbase_platform::audit::record(&txn, project_id).await?;
            Ok((txn, read))
        })
        .await
    }

    /// Restores the working copy to `version_id` and publishes it as a new version, atomically.
    pub async fn rollback(
        &self,
        project_id: Uuid,
        version_id: Uuid,
        published_by: String,
        release_note: Option<String>,
    ) -> Result<Version, Error> {
        let txn = self.db.begin().await?;
        let row = lock_project(&txn, project_id).await?;
        let next_status = to_domain_status(row.status)
            .publish()
            .map_err(|refusal| refused(project_id, refusal))?;
        let target = project_version::Entity::find_by_id(version_id)
            .filter(project_version::Column::ProjectId.eq(project_id))
            .one(&txn)
            .await?
            .ok_or_else(|| Error::VersionNotFound(version_id.to_string()))?;
        let files: Vec<ProjectFileData> = serde_json::from_value(target.files.clone())
            .map_err(|e| Error::Corrupt(format!("version snapshot: {e}")))?;
        project_file::Entity::delete_many()
            .filter(project_file::Column::ProjectId.eq(project_id))
            .exec(&txn)
            .await?;
        replace_files(&txn, project_id, &files).await?;
        write_draft(
            &txn,
            project_id,
            &project::validate_working_copy(&files),
            &published_by,
            false,
        )
        .await?;
        let latest = latest_version(&txn, project_id).await?;
        let number = VersionNumber::choose(None, latest).map_err(|v| Error::InvalidArgument(vec![v]))?;
        let id = Uuid::now_v7();
        insert_version(
            &txn,
            NewVersion {
                id,
                project_id,
                number,
                content_sha256: target.content_sha256.clone(),
                files,
                release_note: release_note.unwrap_or_else(|| format!("Rollback to {}", target.version_number)),
                rollback_from: Some(version_id),
                published_by,
            },
        )
        .await?;
        point_at_version(&txn, row, id, next_status).await?;
        let read = read_version(&txn, project_id, id, true).await?;
        agentbase_platform::audit::record(&txn, project_id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// One page of versions, newest first.
    pub async fn list_versions(
        &self,
        project_id: Uuid,
        before: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<Version>, Option<Uuid>), Error> {
        self.ensure_project(project_id).await?;
        let mut query = version_meta_query()
            .filter(project_version::Column::ProjectId.eq(project_id))
            .order_by_desc(project_version::Column::Id)
            .limit(limit + 1);
        if let Some(before) = before {
            query = query.filter(project_version::Column::Id.lt(before));
        }
        let mut rows = query.into_model::<VersionMeta>().all(&self.db).await?;
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |v| v.id);
        Ok((rows.into_iter().map(|meta| to_version(meta, None)).collect(), next))
    }

    /// One version, with its snapshot when `with_files`.
    pub async fn get_version(&self, project_id: Uuid, version_id: Uuid, with_files: bool) -> Result<Version, Error> {
        read_version(&self.db, project_id, version_id, with_files).await
    }

    /// Compares two sides file by file.
    pub async fn diff(&self, project_id: Uuid, from: DiffSide, to: DiffSide) -> Result<Vec<FileDiff>, Error> {
        self.ensure_project(project_id).await?;
        let from = self.side_files(project_id, from).await?;
        let to = self.side_files(project_id, to).await?;
        Ok(project::diff(&from, &to))
    }

    async fn side_files(&self, project_id: Uuid, side: DiffSide) -> Result<Vec<ProjectFileData>, Error> {
        match side {
            DiffSide::WorkingCopy => Ok(load_files(&self.db, project_id)
                .await?
                .into_iter()
                .map(|f| f.data)
                .collect()),
            DiffSide::Version(id) => Ok(self.get_version(project_id, id, true).await?.files.unwrap_or_default()),
        }
    }

    async fn ensure_project(&self, project_id: Uuid) -> Result<(), Error> {
        let found = projects::Entity::find_by_id(project_id)
            .select_only()
            .column(projects::Column::Id)
            .into_tuple::<Uuid>()
            .one(&self.db)
            .await?;
        found
            .map(|_| ())
            .ok_or_else(|| Error::ProjectNotFound(project_id.to_string()))
    }
}

/// A file change: `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct FileChangeRequest {
    /// New name.
    pub file_name: Option<String>,
    /// New path (empty clears it).
    pub file_path: Option<String>,
    /// New text.
    pub text: Option<String>,
}

/// What a PublishVersion asks for, validated.
#[derive(Debug, Clone)]
pub struct PublishRequest {
    /// Requested number.
    pub version_number: Option<VersionNumber>,
    /// Release note.
    pub release_note: String,
    /// Publisher.
    pub published_by: String,
    /// Idempotency key.
    pub request_id: Option<Uuid>,
}

struct NewVersion {
    id: Uuid,
    project_id: Uuid,
    number: VersionNumber,
    files: Vec<ProjectFileData>,
    content_sha256: String,
    release_note: String,
    rollback_from: Option<Uuid>,
    published_by: String,
}

async fn lock_project(txn: &DatabaseTransaction, id: Uuid) -> Result<projects::Model, Error> {
    agentbase_platform::db::lock_by_id::<projects::Entity>(txn, projects::Column::Id, id)
        .await?
        .ok_or_else(|| Error::ProjectNotFound(id.to_string()))
}

/// Locks the project, checks it is editable, and returns its file while it still has `etag`.
async fn editable_file(
    txn: &DatabaseTransaction,
    project_id: Uuid,
    file_id: Uuid,
    etag: Option<&str>,
) -> Result<FileRow, Error> {
    editable(&lock_project(txn, project_id).await?)?;
    let file = project_file::Entity::find_by_id(file_id)
        .filter(project_file::Column::ProjectId.eq(project_id))
        .into_model::<FileRow>()
        .one(txn)
        .await?
        .ok_or_else(|| Error::FileNotFound(file_id.to_string()))?;
    check_etag(&file.etag, etag)?;
    Ok(file)
}

fn editable(row: &projects::Model) -> Result<(), Error> {
    to_domain_status(row.status)
        .check_editable()
        .map_err(|refusal| refused(row.id, refusal))
}

fn refused(id: Uuid, refusal: ProjectRefusal) -> Error {
    Error::ProjectRefused {
        project_id: id.to_string(),
        refusal,
    }
}

async fn insert_project(txn: &DatabaseTransaction, id: Uuid, new: &NewProject, author: &str) -> Result<(), Error> {
    let now = agentbase_platform::time::now();
    projects::Entity::insert(projects::ActiveModel {
        id: Set(id),
        name: Set(new.name.clone()),
        description: Set(new.description.clone()),
        engine_version: Set(new.engine_version.clone()),
        engine_version_min: Set(new.engine_version_min.clone()),
        status: Set(projects::ProjectStatus::Draft),
        author: Set(author.to_owned()),
        tags: Set(serde_json::json!(new.tags.as_slice())),
        metadata: Set(serde_json::Value::Object(new.metadata.clone())),
        search_text: Set(search_text(&new.name, &new.description)),
        current_version_id: Set(None),
        etag: Set(new_etag()),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

fn file_model(
    id: Uuid,
    project_id: Uuid,
    data: &ProjectFileData,
    now: chrono::DateTime<chrono::Utc>,
) -> project_file::ActiveModel {
    project_file::ActiveModel {
        id: Set(id),
        project_id: Set(project_id),
        file_type: Set(to_entity_file_type(data.file_type)),
        file_name: Set(data.file_name.clone()),
        file_path: Set(data.file_path.clone()),
        text: Set(data.text.clone()),
        content: Set(data.content.clone()),
        etag: Set(new_etag()),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// Inserts a working copy with multi-row inserts (the caller removed the old one).
async fn replace_files(txn: &DatabaseTransaction, project_id: Uuid, files: &[ProjectFileData]) -> Result<(), Error> {
    let now = agentbase_platform::time::now();
    // 10 bind parameters a row; 50 rows stay far below every backend's parameter limit.
    for chunk in files.chunks(50) {
        let models = chunk
            .iter()
            .map(|data| file_model(Uuid::now_v7(), project_id, data, now));
        project_file::Entity::insert_many(models)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

async fn load_files(db: &impl ConnectionTrait, project_id: Uuid) -> Result<Vec<StoredFile>, Error> {
    let files = project_file::Entity::find()
        .filter(project_file::Column::ProjectId.eq(project_id))
        .into_model::<FileRow>()
        .all(db)
        .await?;
    Ok(in_file_order(files.into_iter().map(to_stored_file).collect()))
}

/// Files by type (in the contract's order) then name, the same on both backends
/// (PostgreSQL would sort its enum by declaration, SQLite by text).
fn in_file_order(mut files: Vec<StoredFile>) -> Vec<StoredFile> {
    files.sort_by(|a, b| (a.data.file_type, &a.data.file_name).cmp(&(b.data.file_type, &b.data.file_name)));
    files
}

/// Recomputes the draft's validation from the working copy, inside the caller's transaction.
async fn revalidate(txn: &DatabaseTransaction, project_id: Uuid, by: &str) -> Result<(), Error> {
    let files: Vec<ProjectFileData> = load_files(txn, project_id).await?.into_iter().map(|f| f.data).collect();
    write_draft(txn, project_id, &project::validate_working_copy(&files), by, false).await
}

async fn write_draft(
    txn: &DatabaseTransaction,
    project_id: Uuid,
    report: &DraftReport,
    by: &str,
    insert: bool,
) -> Result<(), Error> {
    let to_json = |issues: &[ProjectIssue]| serde_json::to_value(issues).map_err(|e| Error::Corrupt(e.to_string()));
    let model = project_draft::ActiveModel {
        project_id: Set(project_id),
        validation_status: Set(match report.status() {
            DraftStatus::Valid => project_draft::ValidationStatus::Valid,
            DraftStatus::Invalid => project_draft::ValidationStatus::Invalid,
            DraftStatus::Unknown => project_draft::ValidationStatus::Unknown,
        }),
        validation_errors: Set(to_json(&report.errors)?),
        // Warnings and notes share a column, told apart by their severity.
        validation_warnings: Set(to_json(
            &[report.warnings.as_slice(), report.notes.as_slice()].concat(),
        )?),
        etag: Set(new_etag()),
        updated_at: Set(agentbase_platform::time::now()),
        updated_by: Set(by.to_owned()),
    };
    if insert {
        project_draft::Entity::insert(model).exec_without_returning(txn).await?;
    } else {
        model.update(txn).await?;
    }
    Ok(())
}

async fn set_status(txn: &DatabaseTransaction, row: projects::Model, status: ProjectStatus) -> Result<(), Error> {
    let mut active: projects::ActiveModel = row.into();
    active.status = Set(to_entity_status(status));
    active.etag = Set(new_etag());
    active.updated_at = Set(agentbase_platform::time::now());
    active.update(txn).await?;
    Ok(())
}

async fn point_at_version(
    txn: &DatabaseTransaction,
    row: projects::Model,
    version: Uuid,
    status: ProjectStatus,
) -> Result<(), Error> {
    let mut active: projects::ActiveModel = row.into();
    active.current_version_id = Set(Some(version));
    active.status = Set(to_entity_status(status));
    active.etag = Set(new_etag());
    active.updated_at = Set(agentbase_platform::time::now());
    active.update(txn).await?;
    Ok(())
}

async fn latest_version(txn: &DatabaseTransaction, project_id: Uuid) -> Result<Option<VersionNumber>, Error> {
    let latest = project_version::Entity::find()
        .select_only()
        .columns([
            project_version::Column::VersionMajor,
            project_version::Column::VersionMinor,
            project_version::Column::VersionPatch,
        ])
        .filter(project_version::Column::ProjectId.eq(project_id))
        .order_by_desc(project_version::Column::VersionMajor)
        .order_by_desc(project_version::Column::VersionMinor)
        .order_by_desc(project_version::Column::VersionPatch)
        .into_tuple::<(i32, i32, i32)>()
        .one(txn)
        .await?;
    Ok(latest.map(|(major, minor, patch)| VersionNumber {
        major: major.max(0) as u32,
        minor: minor.max(0) as u32,
        patch: patch.max(0) as u32,
    }))
}

async fn insert_version(txn: &DatabaseTransaction, new: NewVersion) -> Result<(), Error> {
    let file_count = i32::try_from(new.files.len()).unwrap_or(i32::MAX);
    let files = serde_json::to_value(&new.files).map_err(|e| Error::Corrupt(e.to_string()))?;
    let inserted = project_version::Entity::insert(project_version::ActiveModel {
        id: Set(new.id),
        project_id: Set(new.project_id),
        version_number: Set(new.number.to_string()),
        version_major: Set(new.number.major as i32),
        version_minor: Set(new.number.minor as i32),
        version_patch: Set(new.number.patch as i32),
        files: Set(files),
        file_count: Set(file_count),
        content_sha256: Set(new.content_sha256),
        release_note: Set(new.release_note),
        is_rollback: Set(new.rollback_from.is_some()),
        rollback_from_version_id: Set(new.rollback_from),
        published_at: Set(agentbase_platform::time::now()),
        published_by: Set(new.published_by),
    })
    .exec_without_returning(txn)
    .await;
    match inserted {
        Ok(_) => Ok(()),
        Err(err) => Err(match classify(&err) {
            DbFailure::UniqueViolation(_) => Error::VersionNotGreater(new.number.to_string()),
            _ => Error::Database(err),
        }),
    }
}

fn version_meta_query() -> sea_orm::Select<project_version::Entity> {
    project_version::Entity::find().select_only().columns([
        project_version::Column::Id,
        project_version::Column::ProjectId,
        project_version::Column::VersionNumber,
        project_version::Column::ContentSha256,
        project_version::Column::ReleaseNote,
        project_version::Column::IsRollback,
        project_version::Column::RollbackFromVersionId,
        project_version::Column::PublishedAt,
        project_version::Column::PublishedBy,
        project_version::Column::FileCount,
    ])
}

fn file_conflict(err: DbErr, data: &ProjectFileData) -> Error {
    match classify(&err) {
        DbFailure::UniqueViolation(detail) if detail.contains("path") => {
            Error::FilePathTaken(data.file_path.clone().unwrap_or_default())
        }
        DbFailure::UniqueViolation(_) => Error::FileNameTaken(data.file_name.clone()),
        _ => Error::Database(err),
    }
}

fn project_fingerprint(new: &NewProject) -> String {
    agentbase_platform::paging::fingerprint(&[
        &new.name,
        &new.description,
        &new.engine_version,
        &new.engine_version_min,
        &new.author,
        &new.tags.as_slice().join("\u{1f}"),
        &serde_json::Value::Object(new.metadata.clone()).to_string(),
    ])
}

fn to_project(row: ProjectRow) -> Result<Project, Error> {
    Ok(Project {
        id: row.id,
        name: row.name,
        description: row.description,
        engine_version: row.engine_version,
        engine_version_min: row.engine_version_min,
        status: to_domain_status(row.status),
        author: row.author,
        tags: serde_json::from_value(row.tags).map_err(|e| Error::Corrupt(format!("project tags: {e}")))?,
        metadata: row.metadata,
        current_version_id: row.current_version_id,
        current_version_number: row.current_version_number,
        file_count: row.file_count,
        draft_status: match row.draft_status.as_deref() {
            Some("valid") => DraftStatus::Valid,
            Some("invalid") => DraftStatus::Invalid,
            _ => DraftStatus::Unknown,
        },
        etag: row.etag,
        created_at: row.created_at,
        updated_at: row.updated_at,
        deprecations: Vec::new(),
    })
}

/// A working-copy file, its parsed form read as stored (any depth).
#[derive(Debug, FromQueryResult)]
struct FileRow {
    id: Uuid,
    project_id: Uuid,
    file_type: project_file::FileType,
    file_name: String,
    file_path: Option<String>,
    text: String,
    content: Option<StoredDocument>,
    etag: String,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

/// A file as served. A parsed form deeper than the document limit (stored
/// before the limit existed) is left out; the draft's validation reports the
/// text as over the limit, with its line and column.
fn to_stored_file(file: FileRow) -> StoredFile {
    StoredFile {
        id: file.id,
        project_id: file.project_id,
        data: ProjectFileData {
            file_type: to_domain_file_type(file.file_type),
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

fn to_draft(draft: project_draft::Model, files: Vec<StoredFile>) -> Result<Draft, Error> {
    let read = |value: serde_json::Value| -> Result<Vec<ProjectIssue>, Error> {
        serde_json::from_value(value).map_err(|e| Error::Corrupt(format!("draft findings: {e}")))
    };
    Ok(Draft {
        project_id: draft.project_id,
        status: match draft.validation_status {
            project_draft::ValidationStatus::Valid => DraftStatus::Valid,
            project_draft::ValidationStatus::Invalid => DraftStatus::Invalid,
            project_draft::ValidationStatus::Unknown => DraftStatus::Unknown,
        },
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

fn to_version(meta: VersionMeta, files: Option<Vec<ProjectFileData>>) -> Version {
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

fn to_domain_status(status: projects::ProjectStatus) -> ProjectStatus {
    match status {
        projects::ProjectStatus::Draft => ProjectStatus::Draft,
        projects::ProjectStatus::Published => ProjectStatus::Published,
        projects::ProjectStatus::Archived => ProjectStatus::Archived,
        projects::ProjectStatus::Deprecated => ProjectStatus::Deprecated,
    }
}

fn to_entity_status(status: ProjectStatus) -> projects::ProjectStatus {
    match status {
        ProjectStatus::Draft => projects::ProjectStatus::Draft,
        ProjectStatus::Published => projects::ProjectStatus::Published,
        ProjectStatus::Archived => projects::ProjectStatus::Archived,
        ProjectStatus::Deprecated => projects::ProjectStatus::Deprecated,
    }
}

fn to_domain_file_type(file_type: project_file::FileType) -> FileType {
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

fn to_entity_file_type(file_type: FileType) -> project_file::FileType {
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
async fn read_project<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Project, Error> {
    let row = ProjectStore::project_rows()
        .filter(projects::Column::Id.eq(id))
        .into_model::<ProjectRow>()
        .one(conn)
        .await?
        .ok_or_else(|| Error::ProjectNotFound(id.to_string()))?;
    let deprecations = project_deprecation::Entity::find()
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
async fn read_file<C: ConnectionTrait>(conn: &C, project_id: Uuid, file_id: Uuid) -> Result<StoredFile, Error> {
    let file = project_file::Entity::find_by_id(file_id)
        .filter(project_file::Column::ProjectId.eq(project_id))
        .into_model::<FileRow>()
        .one(conn)
        .await?
        .ok_or_else(|| Error::FileNotFound(file_id.to_string()))?;
    Ok(to_stored_file(file))
}

/// The draft with the working copy.
async fn read_draft<C: ConnectionTrait>(conn: &C, project_id: Uuid) -> Result<Draft, Error> {
    let draft = project_draft::Entity::find_by_id(project_id)
        .one(conn)
        .await?
        .ok_or_else(|| Error::ProjectNotFound(project_id.to_string()))?;
    let files = load_files(conn, project_id).await?;
    to_draft(draft, files)
}

/// One version, with its snapshot when `with_files`.
async fn read_version<C: ConnectionTrait>(
    conn: &C,
    project_id: Uuid,
    version_id: Uuid,
    with_files: bool,
) -> Result<Version, Error> {
    let row = project_version::Entity::find_by_id(version_id)
        .filter(project_version::Column::ProjectId.eq(project_id))
        .one(conn)
        .await?
        .ok_or_else(|| Error::VersionNotFound(version_id.to_string()))?;
    let files = if with_files {
        Some(serde_json::from_value(row.files.clone()).map_err(|e| Error::Corrupt(format!("version snapshot: {e}")))?)
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
