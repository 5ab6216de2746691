//! Versions: publishing, rolling back, listing and diffing immutable snapshots.

use super::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbFailure, DiffSide, EntityTrait, Error, FileDiff,
    FromQueryResult, Once, PUBLISH_VERSION, ProjectFileData, ProjectStatus, ProjectStore, PublishVersion, QueryFilter,
    QueryOrder, QuerySelect, Set, Uuid, Version, VersionNumber, classify, load_files, lock_project, new_etag, project,
    project_file, project_version, projects, read_version, refused, replace_files, status_from_entity,
    status_to_entity, to_version, write_draft,
};
use agentbase_platform::paging::{Direction, Keyset};
use agentbase_platform::write::Write;

impl ProjectStore {
    /// Publishes the working copy as a new version: it must validate and differ from the current one.
    pub async fn publish(&self, request: PublishVersion) -> Result<Version, Error> {
        let project_id = request.project_id;
        let key = request.request_key();
        let once = Once {
            operation: PUBLISH_VERSION,
            request: key.as_ref(),
        };
        let id = Uuid::now_v7();
        let read = |version_id| async move { read_version(&self.db, project_id, version_id, true).await };
        once.replay_or_create(&self.db, id, read, |txn| async move {
            let row = lock_project(&txn, project_id).await?;
            let next_status = status_from_entity(row.status)
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
                    .filter(agentbase_platform::tenant::confined::<project_version::Entity>())
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
            point_at_version(&txn, row, id, number, next_status).await?;
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
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_project(txn, project_id).await?;
        let next_status = status_from_entity(row.status)
            .publish()
            .map_err(|refusal| refused(project_id, refusal))?;
        let target = project_version::Entity::find_by_id(version_id)
            .filter(agentbase_platform::tenant::confined::<project_version::Entity>())
            .filter(project_version::Column::ProjectId.eq(project_id))
            .one(txn)
            .await?
            .ok_or_else(|| Error::VersionNotFound(version_id.to_string()))?;
        let files: Vec<ProjectFileData> = serde_json::from_value(target.files.clone())
            .map_err(|e| Error::corrupt(format!("version snapshot: {e}")))?;
        project_file::Entity::delete_many()
            .filter(agentbase_platform::tenant::confined::<project_file::Entity>())
            .filter(project_file::Column::ProjectId.eq(project_id))
            .exec(txn)
            .await?;
        replace_files(txn, project_id, &files).await?;
        write_draft(txn, project_id, &files, &published_by, false).await?;
        let latest = latest_version(txn, project_id).await?;
        let number = VersionNumber::choose(None, latest).map_err(|v| Error::invalid_argument(vec![v]))?;
        let id = Uuid::now_v7();
        insert_version(
            txn,
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
        point_at_version(txn, row, id, number, next_status).await?;
        let read = read_version(txn, project_id, id, true).await?;
        write.commit(project_id).await?;
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
        let query = version_meta_query()
            .filter(project_version::Column::ProjectId.eq(project_id))
            .keyset(project_version::Column::Id, Direction::Descending, before, limit);
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
}

/// A version without its snapshot.
#[derive(Debug, FromQueryResult)]
pub(super) struct VersionMeta {
    pub(super) id: Uuid,
    pub(super) project_id: Uuid,
    pub(super) version_number: String,
    pub(super) content_sha256: String,
    pub(super) release_note: String,
    pub(super) is_rollback: bool,
    pub(super) rollback_from_version_id: Option<Uuid>,
    pub(super) published_at: chrono::DateTime<chrono::Utc>,
    pub(super) published_by: String,
    pub(super) file_count: i32,
}

pub(super) struct NewVersion {
    pub(super) id: Uuid,
    pub(super) project_id: Uuid,
    pub(super) number: VersionNumber,
    pub(super) files: Vec<ProjectFileData>,
    pub(super) content_sha256: String,
    pub(super) release_note: String,
    pub(super) rollback_from: Option<Uuid>,
    pub(super) published_by: String,
}

pub(super) async fn point_at_version(
    txn: &DatabaseTransaction,
    row: projects::Model,
    version: Uuid,
    number: VersionNumber,
    status: ProjectStatus,
) -> Result<(), Error> {
    let mut active: projects::ActiveModel = row.into();
    active.current_version_id = Set(Some(version));
    active.current_version_number = Set(Some(number.to_string()));
    active.status = Set(status_to_entity(status));
    active.etag = Set(new_etag());
    active.updated_at = Set(agentbase_platform::time::now());
    active.update(txn).await?;
    Ok(())
}

pub(super) async fn latest_version(
    txn: &DatabaseTransaction,
    project_id: Uuid,
) -> Result<Option<VersionNumber>, Error> {
    let latest = project_version::Entity::find()
        .filter(agentbase_platform::tenant::confined::<project_version::Entity>())
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

pub(super) async fn insert_version(txn: &DatabaseTransaction, new: NewVersion) -> Result<(), Error> {
    let file_count = i32::try_from(new.files.len()).unwrap_or(i32::MAX);
    let files = serde_json::to_value(&new.files).map_err(|e| Error::corrupt(e.to_string()))?;
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
        tenant_id: Set(agentbase_platform::tenant::current()),
    })
    .exec_without_returning(txn)
    .await;
    match inserted {
        Ok(_) => Ok(()),
        Err(err) => Err(match classify(&err) {
            DbFailure::UniqueViolation(_) => Error::VersionNotGreater(new.number.to_string()),
            _ => Error::from(err),
        }),
    }
}

pub(super) fn version_meta_query() -> sea_orm::Select<project_version::Entity> {
    project_version::Entity::find()
        .filter(agentbase_platform::tenant::confined::<project_version::Entity>())
        .select_only()
        .columns([
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
