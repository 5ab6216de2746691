//! Persistence of the scripts context; the only user of its entities.

use agentbase_platform::error::FieldViolation;
use agentbase_platform::ids::{Guarded, new_etag};
use agentbase_platform::paging::{Direction, Keyset};
use agentbase_platform::write::Write;
use agentbase_platform::{
    db::{DbFailure, classify},
    idempotency::Once,
    intake::MAX_DOCUMENT_DEPTH,
    json::StoredDocument,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Select,
};
use uuid::Uuid;

use crate::{
    domain::{
        CreateScript, Revision, RevisionContent, Script, ScriptFilter, ScriptSelector, ScriptStatus, ScriptType,
        UpdateScript, View, search_text, validation,
    },
    entity::{script, script_revision},
    error::Error,
};

const CREATE_SCRIPT: &str = "CreateScript";

/// Reads and writes scripts and their revisions.
#[derive(Clone)]
pub struct ScriptStore {
    db: DatabaseConnection,
}

impl ScriptStore {
    /// A store over the scripts context's database.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// One page of the context's audit trail.
    pub async fn audit_events(
        &self,
        query: &agentbase_platform::audit::AuditQuery,
    ) -> Result<agentbase_proto::audit::v1::ListAuditEventsResponse, Error> {
        Ok(agentbase_platform::audit::list(&self.db, query).await?)
    }

    /// Creates a script and its first revision in one transaction.
    ///
    /// With a request id, a retry returns the script the first call created.
    pub async fn create(&self, command: CreateScript) -> Result<Script, Error> {
        let CreateScript {
            script: new, request, ..
        } = command;
        let once = Once {
            operation: CREATE_SCRIPT,
            request: request.as_ref(),
        };
        let now = agentbase_platform::time::now();
        let id = Uuid::now_v7();
        let script = script::ActiveModel {
            id: Set(id),
            name: Set(new.name.as_str().to_owned()),
            script_type: Set(type_to_entity(new.script_type)),
            status: Set(script::ScriptStatus::Draft),
            author: Set(new.author.clone()),
            description: Set(new.description.clone()),
            tags: Set(serde_json::json!(new.tags.as_slice())),
            search_text: Set(new.search_text.clone()),
            current_revision: Set(1),
            etag: Set(new_etag()),
            created_at: Set(now),
            updated_at: Set(now),
            tenant_id: Set(agentbase_platform::tenant::current()),
        };
        let revision = script_revision::ActiveModel {
            script_id: Set(id),
            revision: Set(1),
            version: Set(new.version.clone()),
            content: Set(new.content.clone()),
            parsed_content: Set(new.parsed_content.clone()),
            content_sha256: Set(new.content_sha256.clone()),
            warnings: Set(serde_json::to_value(&new.findings).map_err(|e| Error::corrupt(e.to_string()))?),
            author: Set(new.author.clone()),
            created_at: Set(now),
            tenant_id: Set(agentbase_platform::tenant::current()),
        };
        let read = |id| async move { read_script(&self.db, &ScriptSelector::Id(id), None, View::Full).await };
        once.replay_or_create(&self.db, id, read, |txn| async move {
            let inserted = async {
                script::Entity::insert(script).exec_without_returning(&txn).await?;
                script_revision::Entity::insert(revision)
                    .exec_without_returning(&txn)
                    .await
            }
            .await;
            if let Err(err) = inserted {
                return Err(match classify(&err) {
                    DbFailure::UniqueViolation(_) => Error::NameTaken(new.name.as_str().to_owned()),
                    _ => Error::from(err),
                });
            }
            let script = read_script(&txn, &ScriptSelector::Id(id), None, View::Full).await?;
            agentbase_platform::audit::record(&txn, id).await?;
            Ok((txn, script))
        })
        .await
    }

    /// Reads one script with its current revision, or `revision` when given.
    pub async fn get(&self, selector: &ScriptSelector, revision: Option<i32>, view: View) -> Result<Script, Error> {
        read_script(&self.db, selector, revision, view).await
    }

    /// One page of scripts after `after` (by id), oldest first, in two queries:
    /// the page and the current revisions of its scripts.
    pub async fn list(
        &self,
        filter: &ScriptFilter,
        after: Option<Uuid>,
        limit: u64,
        view: View,
    ) -> Result<(Vec<Script>, Option<Uuid>), Error> {
        let backend = self.db.get_database_backend();
        let mut query = script::Entity::find()
            .filter(agentbase_platform::tenant::confined::<script::Entity>())
            .keyset(script::Column::Id, Direction::Ascending, after, limit);
        if let Some(script_type) = filter.script_type {
            query = query.filter(script::Column::ScriptType.eq(type_to_entity(script_type)));
        }
        if let Some(status) = filter.status {
            query = query.filter(script::Column::Status.eq(status_to_entity(status)));
        }
        if let Some(author) = &filter.author {
            query = query.filter(script::Column::Author.eq(author.as_str()));
        }
        if let Some(tag) = &filter.tag {
            query = query.filter(agentbase_platform::db::json_array_contains(
                backend, "scripts", "tags", tag,
            ));
        }
        if let Some(text) = &filter.query {
            query = query.filter(agentbase_platform::db::search_text_contains(backend, "scripts", text));
        }
        let mut rows = query.all(&self.db).await?;
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |row| row.id);

        let keys: Vec<(Uuid, i32)> = rows.iter().map(|row| (row.id, row.current_revision)).collect();
        let mut revisions = read_revisions(&self.db, &keys, view).await?;
        let scripts = rows
            .into_iter()
            .map(|row| {
                let position = revisions.iter().position(|r| r.script_id == row.id);
                let revision = position.map(|i| revisions.swap_remove(i));
                to_script(row, revision)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((scripts, next))
    }

    /// One page of a script's revisions after revision `after`, oldest first.
    pub async fn list_revisions(
        &self,
        script_id: Uuid,
        after: Option<i32>,
        limit: u64,
        view: View,
    ) -> Result<(Vec<Revision>, Option<i32>), Error> {
        let exists = script::Entity::find_by_id(script_id)
            .filter(agentbase_platform::tenant::confined::<script::Entity>())
            .select_only()
            .column(script::Column::Id)
            .into_tuple::<Uuid>()
            .one(&self.db)
            .await?;
        if exists.is_none() {
            return Err(Error::ScriptNotFound(ScriptSelector::Id(script_id).to_string()));
        }
        let query = script_revision::Entity::find()
            .filter(agentbase_platform::tenant::confined::<script_revision::Entity>())
            .filter(script_revision::Column::ScriptId.eq(script_id))
            .keyset(script_revision::Column::Revision, Direction::Ascending, after, limit);
        let mut revisions = load_revisions(&self.db, query, view).await?;
        let next = agentbase_platform::paging::trim_page(&mut revisions, limit, |r| r.revision);
        Ok((revisions, next))
    }

    /// Applies `patch` in one transaction; new content appends revision n + 1.
    pub async fn update(&self, command: UpdateScript) -> Result<Script, Error> {
        let UpdateScript { id, patch, etag, .. } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_script(txn, id).await?;
        agentbase_platform::ids::check_etag(&row.etag, etag.as_deref())?;
        let status = status_from_entity(row.status);
        status
            .check_editable()
            .map_err(|_| Error::ScriptArchived(id.to_string()))?;

        let new_name = patch.name.as_ref().map(|name| name.as_str().to_owned());
        let now = agentbase_platform::time::now();
        let mut changed = false;
        let mut active: script::ActiveModel = row.clone().into();
        if let Some(name) = patch.name.filter(|n| n.as_str() != row.name) {
            active.name = Set(name.as_str().to_owned());
            changed = true;
        }
        if let Some(description) = patch.description.filter(|d| *d != row.description) {
            active.description = Set(description);
            changed = true;
        }
        if let Some(author) = patch.author.filter(|a| *a != row.author) {
            active.author = Set(author);
            changed = true;
        }
        if let Some(tags) = patch.tags {
            let tags = serde_json::json!(tags.as_slice());
            if tags != row.tags {
                active.tags = Set(tags);
                changed = true;
            }
        }
        if let Some(content) = patch.content {
            let current = script_revision::Entity::find_by_id((id, row.current_revision))
                .filter(agentbase_platform::tenant::confined::<script_revision::Entity>())
                .into_model::<FullRevisionRow>()
                .one(txn)
                .await?
                .ok_or_else(|| Error::corrupt(format!("script {id} has no current revision")))?;
            if crate::domain::sha256_hex(&content) == current.content_sha256 {
                if patch.version.is_some_and(|v| v != current.version) {
                    return Err(FieldViolation::new(
                        "version",
                        "the content is unchanged, so there is no new revision to version",
                    )
                    .into());
                }
            } else {
                let script_type = type_from_entity(row.script_type);
                let parsed = RevisionContent::parse(content, script_type).map_err(Error::invalid_argument)?;
                let version = patch
                    .version
                    .or(parsed.declared_version.clone())
                    .unwrap_or(current.version);
                let revision = row.current_revision + 1;
                script_revision::Entity::insert(script_revision::ActiveModel {
                    script_id: Set(id),
                    revision: Set(revision),
                    version: Set(version),
                    content: Set(parsed.content),
                    parsed_content: Set(parsed.parsed_content),
                    content_sha256: Set(parsed.content_sha256),
                    warnings: Set(serde_json::to_value(&parsed.findings).map_err(|e| Error::corrupt(e.to_string()))?),
                    author: Set(active.author.as_ref().clone()),
                    created_at: Set(now),
                    tenant_id: Set(agentbase_platform::tenant::current()),
                })
                .exec_without_returning(txn)
                .await?;
                active.current_revision = Set(revision);
                active.status = Set(status_to_entity(status.after_content_change()));
                changed = true;
            }
        }
        if !changed {
            write.rollback().await?;
            return self.get(&ScriptSelector::Id(id), None, View::Full).await;
        }
        active.search_text = Set(search_text(active.name.as_ref(), active.description.as_ref()));
        active.etag = Set(new_etag());
        active.updated_at = Set(now);
        if let Err(err) = active.update(txn).await {
            return Err(match classify(&err) {
                DbFailure::UniqueViolation(_) => Error::NameTaken(new_name.unwrap_or(row.name)),
                _ => Error::from(err),
            });
        }
        let script = read_script(txn, &ScriptSelector::Id(id), None, View::Full).await?;
        write.commit(id).await?;
        Ok(script)
    }

    /// Publishes the current revision once it validates; publishing twice is harmless.
    pub async fn publish(&self, target: &Guarded) -> Result<Script, Error> {
        let id = target.id;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_script(txn, id).await?;
        target.check(&row.etag)?;
        let status = status_from_entity(row.status);
        let published = status.publish().map_err(|_| Error::ScriptArchived(id.to_string()))?;
        if status != published {
            let current = script_revision::Entity::find_by_id((id, row.current_revision))
                .filter(agentbase_platform::tenant::confined::<script_revision::Entity>())
                .into_model::<FullRevisionRow>()
                .one(txn)
                .await?
                .ok_or_else(|| Error::corrupt(format!("script {id} has no current revision")))?;
            let report = validation::validate(&current.content, Some(type_from_entity(row.script_type)), &[]);
            if !report.is_valid() {
                return Err(Error::ScriptInvalid {
                    script_id: id.to_string(),
                    errors: report.errors,
                });
            }
            self.set_status(txn, row, published).await?;
        }
        let script = read_script(txn, &ScriptSelector::Id(id), None, View::Full).await?;
        write.commit(id).await?;
        Ok(script)
    }

    /// Archives a script; archiving twice is harmless.
    pub async fn archive(&self, target: &Guarded) -> Result<Script, Error> {
        let id = target.id;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_script(txn, id).await?;
        target.check(&row.etag)?;
        let status = status_from_entity(row.status);
        let archived = status.archive();
        if status != archived {
            self.set_status(txn, row, archived).await?;
        }
        let script = read_script(txn, &ScriptSelector::Id(id), None, View::Full).await?;
        write.commit(id).await?;
        Ok(script)
    }

    /// Deletes a script; its revisions go with it (foreign key cascade).
    pub async fn delete(&self, target: &Guarded) -> Result<(), Error> {
        let id = target.id;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_script(txn, id).await?;
        target.check(&row.etag)?;
        let labels =
            crate::entity::release_label::names_held(txn, crate::entity::release_label::Column::ScriptId, id).await?;
        if !labels.is_empty() {
            return Err(Error::Labelled {
                resource: format!("scripts/{id}"),
                labels,
            });
        }
        script::Entity::delete_by_id(id)
            .filter(agentbase_platform::tenant::confined::<script::Entity>())
            .exec(txn)
            .await?;
        write.commit(id).await?;
        Ok(())
    }

    async fn set_status(
        &self,
        txn: &DatabaseTransaction,
        row: script::Model,
        status: ScriptStatus,
    ) -> Result<(), Error> {
        let mut active: script::ActiveModel = row.into();
        active.status = Set(status_to_entity(status));
        active.etag = Set(new_etag());
        active.updated_at = Set(agentbase_platform::time::now());
        active.update(txn).await?;
        Ok(())
    }
}

/// Locks one script row until the transaction ends and returns it.
async fn lock_script(txn: &DatabaseTransaction, id: Uuid) -> Result<script::Model, Error> {
    agentbase_platform::db::lock_by_id::<script::Entity>(txn, script::Column::Id, id)
        .await?
        .ok_or_else(|| Error::ScriptNotFound(ScriptSelector::Id(id).to_string()))
}

/// A revision with its content, the parsed form read as stored (any depth).
#[derive(Debug, FromQueryResult)]
struct FullRevisionRow {
    script_id: Uuid,
    revision: i32,
    version: String,
    content: String,
    parsed_content: StoredDocument,
    content_sha256: String,
    warnings: serde_json::Value,
    author: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

/// A revision without its content.
#[derive(Debug, FromQueryResult)]
struct RevisionMeta {
    script_id: Uuid,
    revision: i32,
    version: String,
    content_sha256: String,
    warnings: serde_json::Value,
    author: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

fn basic_revision(meta: RevisionMeta) -> Result<Revision, Error> {
    Ok(Revision {
        script_id: meta.script_id,
        revision: meta.revision,
        version: meta.version,
        content: None,
        parsed_content: None,
        content_sha256: meta.content_sha256,
        author: meta.author,
        created_at: meta.created_at,
        warnings: Vec::new(),
        notes: Vec::new(),
    }
    .with_findings(read_findings(meta.warnings)?))
}

/// A revision as served. A parsed form deeper than the document limit (a row
/// stored before the limit existed) is left out, with a warning saying so,
/// so that every client can decode the answer.
fn full_revision(row: FullRevisionRow) -> Result<Revision, Error> {
    let mut findings = read_findings(row.warnings)?;
    let parsed_content = row.parsed_content.within(MAX_DOCUMENT_DEPTH);
    if parsed_content.is_none() {
        findings.push(validation::too_deep_to_serve());
    }
    Ok(Revision {
        script_id: row.script_id,
        revision: row.revision,
        version: row.version,
        content: Some(row.content),
        parsed_content,
        content_sha256: row.content_sha256,
        author: row.author,
        created_at: row.created_at,
        warnings: Vec::new(),
        notes: Vec::new(),
    }
    .with_findings(findings))
}

/// The warnings and notes stored with a revision (one column, told apart by severity).
fn read_findings(raw: serde_json::Value) -> Result<Vec<validation::Issue>, Error> {
    serde_json::from_value(raw).map_err(|e| Error::corrupt(format!("revision warnings: {e}")))
}

fn to_script(row: script::Model, revision: Option<Revision>) -> Result<Script, Error> {
    let tags: Vec<String> =
        serde_json::from_value(row.tags).map_err(|e| Error::corrupt(format!("script tags: {e}")))?;
    Ok(Script {
        id: row.id,
        name: row.name,
        script_type: type_from_entity(row.script_type),
        status: status_from_entity(row.status),
        author: row.author,
        description: row.description,
        tags,
        current_revision: row.current_revision,
        etag: row.etag,
        created_at: row.created_at,
        updated_at: row.updated_at,
        revision,
    })
}

fn type_from_entity(script_type: script::ScriptType) -> ScriptType {
    match script_type {
        script::ScriptType::Session => ScriptType::Session,
        script::ScriptType::Technique => ScriptType::Technique,
        script::ScriptType::Awareness => ScriptType::Awareness,
    }
}

fn status_from_entity(status: script::ScriptStatus) -> ScriptStatus {
    match status {
        script::ScriptStatus::Draft => ScriptStatus::Draft,
        script::ScriptStatus::Published => ScriptStatus::Published,
        script::ScriptStatus::Archived => ScriptStatus::Archived,
    }
}

fn type_to_entity(script_type: ScriptType) -> script::ScriptType {
    match script_type {
        ScriptType::Session => script::ScriptType::Session,
        ScriptType::Technique => script::ScriptType::Technique,
        ScriptType::Awareness => script::ScriptType::Awareness,
    }
}

fn status_to_entity(status: ScriptStatus) -> script::ScriptStatus {
    match status {
        ScriptStatus::Draft => script::ScriptStatus::Draft,
        ScriptStatus::Published => script::ScriptStatus::Published,
        ScriptStatus::Archived => script::ScriptStatus::Archived,
    }
}

/// Reads one script with its current revision, or `revision` when given.
async fn read_script<C: ConnectionTrait>(
    conn: &C,
    selector: &ScriptSelector,
    revision: Option<i32>,
    view: View,
) -> Result<Script, Error> {
    let query = match selector {
        ScriptSelector::Id(id) => {
            script::Entity::find_by_id(*id).filter(agentbase_platform::tenant::confined::<script::Entity>())
        }
        ScriptSelector::Name(name) => script::Entity::find()
            .filter(agentbase_platform::tenant::confined::<script::Entity>())
            .filter(script::Column::Name.eq(name.as_str())),
    };
    let row = query
        .one(conn)
        .await?
        .ok_or_else(|| Error::ScriptNotFound(selector.to_string()))?;
    let wanted = revision.unwrap_or(row.current_revision);
    let mut revisions = read_revisions(conn, &[(row.id, wanted)], view).await?;
    let Some(revision) = revisions.pop() else {
        return Err(if revision.is_some() {
            Error::RevisionNotFound {
                script_id: row.id.to_string(),
                revision: wanted,
            }
        } else {
            Error::corrupt(format!("script {} has no current revision", row.id))
        });
    };
    to_script(row, Some(revision))
}

/// Loads the given (script, revision) pairs in one query; content only in the full view.
async fn read_revisions<C: ConnectionTrait>(
    conn: &C,
    keys: &[(Uuid, i32)],
    view: View,
) -> Result<Vec<Revision>, Error> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let condition = keys.iter().fold(Condition::any(), |any, (id, revision)| {
        any.add(
            Condition::all()
                .add(script_revision::Column::ScriptId.eq(*id))
                .add(script_revision::Column::Revision.eq(*revision)),
        )
    });
    load_revisions(
        conn,
        script_revision::Entity::find()
            .filter(agentbase_platform::tenant::confined::<script_revision::Entity>())
            .filter(condition),
        view,
    )
    .await
}

/// Runs a revision query, loading content only in the full view.
async fn load_revisions<C: ConnectionTrait>(
    conn: &C,
    query: Select<script_revision::Entity>,
    view: View,
) -> Result<Vec<Revision>, Error> {
    match view {
        View::Full => query
            .into_model::<FullRevisionRow>()
            .all(conn)
            .await?
            .into_iter()
            .map(full_revision)
            .collect(),
        View::Basic => query
            .select_only()
            .columns([
                script_revision::Column::ScriptId,
                script_revision::Column::Revision,
                script_revision::Column::Version,
                script_revision::Column::ContentSha256,
                script_revision::Column::Warnings,
                script_revision::Column::Author,
                script_revision::Column::CreatedAt,
            ])
            .into_model::<RevisionMeta>()
            .all(conn)
            .await?
            .into_iter()
            .map(basic_revision)
            .collect(),
    }
}
