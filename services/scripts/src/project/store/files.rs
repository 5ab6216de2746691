//! A project's files and its draft: every change revalidates the working copy in its transaction.

use super::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, DbFailure, Draft, EntityTrait, Error,
    FileChange, FileRow, FileType, PaginatorTrait, ProjectFileData, ProjectIssue, ProjectStore, QueryFilter, Set,
    StoredFile, Unchanged, Uuid, check_etag, classify, draft_status_to_entity, editable, file_type_to_entity,
    lock_project, new_etag, project, project_draft, project_file, projects, read_draft, read_file, to_stored_file,
};
use agentbase_platform::write::Write;

impl ProjectStore {
    /// Adds a file and revalidates the draft, in one transaction.
    pub async fn create_file(&self, project_id: Uuid, data: ProjectFileData, by: &str) -> Result<StoredFile, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_project(txn, project_id).await?;
        editable(&row)?;
        let count = project_file::Entity::find()
            .filter(agentbase_platform::tenant::confined::<project_file::Entity>())
            .filter(project_file::Column::ProjectId.eq(project_id))
            .count(txn)
            .await?;
        if count >= project::MAX_FILES as u64 {
            return Err(Error::TooManyFiles);
        }
        let id = Uuid::now_v7();
        let now = agentbase_platform::time::now();
        let inserted = project_file::Entity::insert(file_model(id, project_id, &data, now))
            .exec_without_returning(txn)
            .await;
        if let Err(err) = inserted {
            return Err(file_conflict(err, &data));
        }
        revalidate(txn, project_id, by).await?;
        let read = read_file(txn, project_id, id).await?;
        write.commit(project_id).await?;
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
        let mut query = project_file::Entity::find()
            .filter(agentbase_platform::tenant::confined::<project_file::Entity>())
            .filter(project_file::Column::ProjectId.eq(project_id));
        if let Some(file_type) = file_type {
            query = query.filter(project_file::Column::FileType.eq(file_type_to_entity(file_type)));
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
        change: FileChange,
        etag: Option<&str>,
        by: &str,
    ) -> Result<StoredFile, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let file = editable_file(txn, project_id, file_id, etag).await?;
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
        .map_err(Error::invalid_argument)?;
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
            .filter(agentbase_platform::tenant::confined::<project_file::Entity>())
            .set(active)
            .filter(project_file::Column::Id.eq(file_id))
            .exec(txn)
            .await
        {
            return Err(file_conflict(err, &data));
        }
        revalidate(txn, project_id, by).await?;
        let read = read_file(txn, project_id, file_id).await?;
        write.commit(project_id).await?;
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
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        editable_file(txn, project_id, file_id, etag).await?;
        project_file::Entity::delete_by_id(file_id)
            .filter(agentbase_platform::tenant::confined::<project_file::Entity>())
            .exec(txn)
            .await?;
        revalidate(txn, project_id, by).await?;
        write.commit(project_id).await?;
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
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_project(txn, project_id).await?;
        editable(&row)?;
        let draft = project_draft::Entity::find_by_id(project_id)
            .filter(agentbase_platform::tenant::confined::<project_draft::Entity>())
            .one(txn)
            .await?
            .ok_or_else(|| Error::corrupt(format!("project {project_id} has no draft")))?;
        check_etag(&draft.etag, etag)?;
        project_file::Entity::delete_many()
            .filter(agentbase_platform::tenant::confined::<project_file::Entity>())
            .filter(project_file::Column::ProjectId.eq(project_id))
            .exec(txn)
            .await?;
        replace_files(txn, project_id, &files).await?;
        write_draft(txn, project_id, &files, by, false).await?;
        let read = read_draft(txn, project_id).await?;
        write.commit(project_id).await?;
        Ok(read)
    }
}

/// Locks the project, checks it is editable, and returns its file while it still has `etag`.
pub(super) async fn editable_file(
    txn: &DatabaseTransaction,
    project_id: Uuid,
    file_id: Uuid,
    etag: Option<&str>,
) -> Result<FileRow, Error> {
    editable(&lock_project(txn, project_id).await?)?;
    let file = project_file::Entity::find_by_id(file_id)
        .filter(agentbase_platform::tenant::confined::<project_file::Entity>())
        .filter(project_file::Column::ProjectId.eq(project_id))
        .into_model::<FileRow>()
        .one(txn)
        .await?
        .ok_or_else(|| Error::FileNotFound(file_id.to_string()))?;
    check_etag(&file.etag, etag)?;
    Ok(file)
}

pub(super) fn file_model(
    id: Uuid,
    project_id: Uuid,
    data: &ProjectFileData,
    now: chrono::DateTime<chrono::Utc>,
) -> project_file::ActiveModel {
    project_file::ActiveModel {
        id: Set(id),
        project_id: Set(project_id),
        file_type: Set(file_type_to_entity(data.file_type)),
        file_name: Set(data.file_name.clone()),
        file_path: Set(data.file_path.clone()),
        text: Set(data.text.clone()),
        content: Set(data.content.clone()),
        etag: Set(new_etag()),
        created_at: Set(now),
        updated_at: Set(now),
        tenant_id: Set(agentbase_platform::tenant::current()),
    }
}

/// Inserts a working copy with multi-row inserts (the caller removed the old one).
pub(super) async fn replace_files(
    txn: &DatabaseTransaction,
    project_id: Uuid,
    files: &[ProjectFileData],
) -> Result<(), Error> {
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

pub(super) async fn load_files(db: &impl ConnectionTrait, project_id: Uuid) -> Result<Vec<StoredFile>, Error> {
    let files = project_file::Entity::find()
        .filter(agentbase_platform::tenant::confined::<project_file::Entity>())
        .filter(project_file::Column::ProjectId.eq(project_id))
        .into_model::<FileRow>()
        .all(db)
        .await?;
    Ok(in_file_order(files.into_iter().map(to_stored_file).collect()))
}

/// Files by type (in the contract's order) then name, the same on both backends
/// (PostgreSQL would sort its enum by declaration, SQLite by text).
pub(super) fn in_file_order(mut files: Vec<StoredFile>) -> Vec<StoredFile> {
    files.sort_by(|a, b| (a.data.file_type, &a.data.file_name).cmp(&(b.data.file_type, &b.data.file_name)));
    files
}

/// Recomputes the draft's validation from the working copy, inside the caller's transaction.
pub(super) async fn revalidate(txn: &DatabaseTransaction, project_id: Uuid, by: &str) -> Result<(), Error> {
    let files: Vec<ProjectFileData> = load_files(txn, project_id).await?.into_iter().map(|f| f.data).collect();
    write_draft(txn, project_id, &files, by, false).await
}

/// Validates the working copy `files` into the draft, and sets the file
/// count and draft status ListProjects reads from the project row. Every
/// change to a project's files ends here, in its transaction.
pub(super) async fn write_draft(
    txn: &DatabaseTransaction,
    project_id: Uuid,
    files: &[ProjectFileData],
    by: &str,
    insert: bool,
) -> Result<(), Error> {
    let report = project::validate_working_copy(files);
    let status = draft_status_to_entity(report.status());
    let to_json = |issues: &[ProjectIssue]| serde_json::to_value(issues).map_err(|e| Error::corrupt(e.to_string()));
    let model = project_draft::ActiveModel {
        project_id: Set(project_id),
        validation_status: Set(status),
        validation_errors: Set(to_json(&report.errors)?),
        // Warnings and notes share a column, told apart by their severity.
        validation_warnings: Set(to_json(
            &[report.warnings.as_slice(), report.notes.as_slice()].concat(),
        )?),
        etag: Set(new_etag()),
        updated_at: Set(agentbase_platform::time::now()),
        updated_by: Set(by.to_owned()),
        tenant_id: Set(agentbase_platform::tenant::current()),
    };
    if insert {
        project_draft::Entity::insert(model).exec_without_returning(txn).await?;
    } else {
        model.update(txn).await?;
    }
    projects::Entity::update_many()
        .filter(agentbase_platform::tenant::confined::<projects::Entity>())
        .set(projects::ActiveModel {
            file_count: Set(i32::try_from(files.len()).unwrap_or(i32::MAX)),
            draft_status: Set(status),
            ..Default::default()
        })
        .filter(projects::Column::Id.eq(project_id))
        .exec(txn)
        .await?;
    Ok(())
}

pub(super) fn file_conflict(err: DbErr, data: &ProjectFileData) -> Error {
    match classify(&err) {
        DbFailure::UniqueViolation(detail) if detail.contains("path") => {
            Error::FilePathTaken(data.file_path.clone().unwrap_or_default())
        }
        DbFailure::UniqueViolation(_) => Error::FileNameTaken(data.file_name.clone()),
        _ => Error::from(err),
    }
}
