//! Persistence of projects: working copy, draft, versions. The only user of the project entities.

use agentbase_platform::ids::{check_etag, new_etag};
use agentbase_platform::paging::{Direction, Keyset};
use agentbase_platform::write::Write;
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
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    domain::{
        project::{
            self, CopyProject, CreateProject, DEFAULT_FILES, DeprecateProject, Deprecation, DiffSide, Draft,
            DraftReport, DraftStatus, FileChange, FileDiff, FileType, NewProject, Project, ProjectFileData,
            ProjectFilter, ProjectIssue, ProjectRefusal, ProjectStatus, PublishVersion, StoredFile, UpdateProject,
            Version, VersionNumber,
        },
        search_text,
    },
    entity::{project as projects, project_deprecation, project_draft, project_file, project_version},
    error::Error,
};

mod files;
mod rows;
mod versions;

use files::*;
use rows::*;
use versions::*;

const CREATE_PROJECT: &str = "CreateProject";
const PUBLISH_VERSION: &str = "PublishVersion";

/// Reads and writes projects, their files, drafts and versions.
#[derive(Clone)]
pub struct ProjectStore {
    db: DatabaseConnection,
}

impl ProjectStore {
    /// A store over the scripts context's database.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Reads one project with its aggregates and deprecation history.
    pub async fn get(&self, id: Uuid) -> Result<Project, Error> {
        read_project(&self.db, id).await
    }

    /// One page of projects after `after`, oldest first. File count, draft
    /// status and current version number are columns of the project row,
    /// kept by the writes that change them: a page reads one table.
    pub async fn list(
        &self,
        filter: &ProjectFilter,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<Project>, Option<Uuid>), Error> {
        let backend = self.db.get_database_backend();
        let mut query = projects::Entity::find()
            .filter(agentbase_platform::tenant::confined::<projects::Entity>())
            .keyset(projects::Column::Id, Direction::Ascending, after, limit);
        match filter.status {
            Some(status) => query = query.filter(projects::Column::Status.eq(status_to_entity(status))),
            None if !filter.include_deprecated => {
                query = query.filter(projects::Column::Status.ne(projects::ProjectStatus::Deprecated));
            }
            None => {}
        }
        if let Some(author) = &filter.author {
            query = query.filter(projects::Column::Author.eq(author.as_str()));
        }
        if let Some(tag) = &filter.tag {
            query = query.filter(agentbase_platform::db::json_array_contains(
                backend, "projects", "tags", tag,
            ));
        }
        if let Some(text) = &filter.query {
            query = query.filter(agentbase_platform::db::search_text_contains(backend, "projects", text));
        }
        let mut rows = query.all(&self.db).await?;
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |row| row.id);
        Ok((rows.into_iter().map(to_project).collect::<Result<_, _>>()?, next))
    }

    /// Creates a project with the default files and a validated draft, in one transaction.
    pub async fn create(&self, command: CreateProject) -> Result<Project, Error> {
        let CreateProject {
            project: new, request, ..
        } = command;
        let once = Once {
            operation: CREATE_PROJECT,
            request: request.as_ref(),
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
            write_draft(&txn, id, &files, &new.author, true).await?;
            let read = read_project(&txn, id).await?;
            agentbase_platform::audit::record(&txn, id).await?;
            Ok((txn, read))
        })
        .await
    }

    /// Applies a patch to the project's fields.
    pub async fn update(&self, command: UpdateProject) -> Result<Project, Error> {
        let UpdateProject { id, patch, etag, .. } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_project(txn, id).await?;
        check_etag(&row.etag, etag.as_deref())?;
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
        active.update(txn).await?;
        let read = read_project(txn, id).await?;
        write.commit(id).await?;
        Ok(read)
    }

    /// Copies the working copy (files with their paths, no versions) into a new draft project.
    pub async fn copy(&self, command: CopyProject) -> Result<Project, Error> {
        let CopyProject {
            source_id: source,
            name,
            author,
            ..
        } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = projects::Entity::find_by_id(source)
            .filter(agentbase_platform::tenant::confined::<projects::Entity>())
            .one(txn)
            .await?
            .ok_or_else(|| Error::ProjectNotFound(source.to_string()))?;
        let files = load_files(txn, source).await?;
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
        insert_project(txn, id, &new, &author).await?;
        replace_files(txn, id, &data).await?;
        write_draft(txn, id, &data, &author, true).await?;
        let read = read_project(txn, id).await?;
        write.commit(id).await?;
        Ok(read)
    }

    /// Archives a project (idempotent).
    pub async fn archive(&self, id: Uuid, etag: Option<&str>) -> Result<Project, Error> {
        self.transition(id, etag, |status| Ok(status.archive())).await
    }

    /// Restores a deprecated project to draft and closes its open deprecation, in one transaction.
    pub async fn restore(&self, id: Uuid, etag: Option<&str>) -> Result<Project, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_project(txn, id).await?;
        check_etag(&row.etag, etag)?;
        let next = status_from_entity(row.status)
            .restore()
            .map_err(|refusal| refused(id, refusal))?;
        project_deprecation::Entity::update_many()
            .filter(agentbase_platform::tenant::confined::<project_deprecation::Entity>())
            .col_expr(
                project_deprecation::Column::RestoredAt,
                Expr::value(agentbase_platform::time::now()),
            )
            .filter(project_deprecation::Column::ProjectId.eq(id))
            .filter(project_deprecation::Column::RestoredAt.is_null())
            .exec(txn)
            .await?;
        set_status(txn, row, next).await?;
        let read = read_project(txn, id).await?;
        write.commit(id).await?;
        Ok(read)
    }

    /// Deprecates a project, recording the reason in its history.
    pub async fn deprecate(&self, command: DeprecateProject) -> Result<Project, Error> {
        let DeprecateProject {
            id,
            reason,
            deprecated_by: by,
            etag,
            ..
        } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_project(txn, id).await?;
        check_etag(&row.etag, etag.as_deref())?;
        let next = status_from_entity(row.status)
            .deprecate()
            .map_err(|refusal| refused(id, refusal))?;
        project_deprecation::Entity::insert(project_deprecation::ActiveModel {
            id: Set(Uuid::now_v7()),
            project_id: Set(id),
            reason: Set(reason),
            deprecated_by: Set(by),
            deprecated_at: Set(agentbase_platform::time::now()),
            restored_at: Set(None),
            tenant_id: Set(agentbase_platform::tenant::current()),
        })
        .exec_without_returning(txn)
        .await?;
        set_status(txn, row, next).await?;
        let read = read_project(txn, id).await?;
        write.commit(id).await?;
        Ok(read)
    }

    async fn transition(
        &self,
        id: Uuid,
        etag: Option<&str>,
        step: impl FnOnce(ProjectStatus) -> Result<ProjectStatus, ProjectRefusal>,
    ) -> Result<Project, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_project(txn, id).await?;
        check_etag(&row.etag, etag)?;
        let current = status_from_entity(row.status);
        let next = step(current).map_err(|refusal| refused(id, refusal))?;
        if next != current {
            set_status(txn, row, next).await?;
        }
        let read = read_project(txn, id).await?;
        write.commit(id).await?;
        Ok(read)
    }

    /// Deletes a project with its files, draft, versions and history (cascade).
    pub async fn delete(&self, id: Uuid, etag: Option<&str>) -> Result<(), Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_project(txn, id).await?;
        check_etag(&row.etag, etag)?;
        let labels =
            crate::entity::release_label::names_held(txn, crate::entity::release_label::Column::ProjectId, id).await?;
        if !labels.is_empty() {
            return Err(Error::Labelled {
                resource: format!("projects/{id}"),
                labels,
            });
        }
        projects::Entity::delete_by_id(id)
            .filter(agentbase_platform::tenant::confined::<projects::Entity>())
            .exec(txn)
            .await?;
        write.commit(id).await?;
        Ok(())
    }

    async fn ensure_project(&self, project_id: Uuid) -> Result<(), Error> {
        let found = projects::Entity::find_by_id(project_id)
            .filter(agentbase_platform::tenant::confined::<projects::Entity>())
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

async fn lock_project(txn: &DatabaseTransaction, id: Uuid) -> Result<projects::Model, Error> {
    agentbase_platform::db::lock_by_id::<projects::Entity>(txn, projects::Column::Id, id)
        .await?
        .ok_or_else(|| Error::ProjectNotFound(id.to_string()))
}

fn editable(row: &projects::Model) -> Result<(), Error> {
    status_from_entity(row.status)
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
        // write_draft sets these in the same transaction.
        file_count: Set(0),
        draft_status: Set(project_draft::ValidationStatus::Unknown),
        current_version_number: Set(None),
        tenant_id: Set(agentbase_platform::tenant::current()),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

async fn set_status(txn: &DatabaseTransaction, row: projects::Model, status: ProjectStatus) -> Result<(), Error> {
    let mut active: projects::ActiveModel = row.into();
    active.status = Set(status_to_entity(status));
    active.etag = Set(new_etag());
    active.updated_at = Set(agentbase_platform::time::now());
    active.update(txn).await?;
    Ok(())
}
