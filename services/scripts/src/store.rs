//! Persistence of the scripts context; the only user of its entities.

use agentbase_platform::{
    db::{DbFailure, classify},
    idempotency,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    domain::{NewScript, Revision, Script, ScriptFilter, ScriptSelector, ScriptStatus, ScriptType, View, validation},
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

    /// Creates a script and its first revision in one transaction.
    ///
    /// With a request id, a retry returns the script the first call created.
    pub async fn create(&self, new: NewScript, request_id: Option<Uuid>) -> Result<Script, Error> {
        let fingerprint = new.fingerprint();
        if let Some(request_id) = request_id
            && let Some(script) = self.replay(request_id, &fingerprint).await?
        {
            return Ok(script);
        }

        let now = agentbase_platform::time::now();
        let id = Uuid::now_v7();
        let script = script::ActiveModel {
            id: Set(id),
            name: Set(new.name.as_str().to_owned()),
            script_type: Set(to_entity_type(new.script_type)),
            status: Set(script::ScriptStatus::Draft),
            author: Set(new.author.clone()),
            description: Set(new.description.clone()),
            tags: Set(serde_json::json!(new.tags.as_slice())),
            search_text: Set(new.search_text.clone()),
            current_revision: Set(1),
            etag: Set(new_etag()),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let revision = script_revision::ActiveModel {
            script_id: Set(id),
            revision: Set(1),
            version: Set(new.version.clone()),
            content: Set(new.content.clone()),
            parsed_content: Set(new.parsed_content.clone()),
            content_sha256: Set(new.content_sha256.clone()),
            warnings: Set(serde_json::to_value(&new.warnings).map_err(|e| Error::Corrupt(e.to_string()))?),
            author: Set(new.author.clone()),
            created_at: Set(now),
        };

        let txn = self.db.begin().await?;
        if let Some(request_id) = request_id
            && !idempotency::remember(&txn, CREATE_SCRIPT, request_id, &fingerprint, id).await?
        {
            // A concurrent call with the same request id committed first.
            txn.rollback().await?;
            return self
                .replay(request_id, &fingerprint)
                .await?
                .ok_or_else(|| Error::Corrupt("request id recorded without its script".into()));
        }
        let inserted = async {
            script::Entity::insert(script).exec_without_returning(&txn).await?;
            script_revision::Entity::insert(revision)
                .exec_without_returning(&txn)
                .await?;
            Ok::<_, DbErr>(())
        }
        .await;
        match inserted {
            Ok(()) => txn.commit().await?,
            Err(err) => {
                txn.rollback().await.ok();
                return Err(match classify(&err) {
                    DbFailure::UniqueViolation(_) => Error::NameTaken(new.name.as_str().to_owned()),
                    _ => Error::Database(err),
                });
            }
        }
        self.get(&ScriptSelector::Id(id), None, View::Full).await
    }

    /// The script a previous call with `request_id` created, if any.
    async fn replay(&self, request_id: Uuid, fingerprint: &str) -> Result<Option<Script>, Error> {
        let Some(recorded) = idempotency::lookup(&self.db, CREATE_SCRIPT, request_id).await? else {
            return Ok(None);
        };
        if recorded.fingerprint != fingerprint {
            return Err(Error::RequestIdReused);
        }
        self.get(&ScriptSelector::Id(recorded.resource_id), None, View::Full)
            .await
            .map(Some)
    }

    /// Reads one script with its current revision, or `revision` when given.
    pub async fn get(&self, selector: &ScriptSelector, revision: Option<i32>, view: View) -> Result<Script, Error> {
        let query = match selector {
            ScriptSelector::Id(id) => script::Entity::find_by_id(*id),
            ScriptSelector::Name(name) => script::Entity::find().filter(script::Column::Name.eq(name.as_str())),
        };
        let row = query
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::ScriptNotFound(selector.to_string()))?;
        let wanted = revision.unwrap_or(row.current_revision);
        let mut revisions = self.revisions(&[(row.id, wanted)], view).await?;
        let Some(revision) = revisions.pop() else {
            return Err(if revision.is_some() {
                Error::RevisionNotFound {
                    script_id: row.id.to_string(),
                    revision: wanted,
                }
            } else {
                Error::Corrupt(format!("script {} has no current revision", row.id))
            });
        };
        to_script(row, Some(revision))
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
        let mut query = script::Entity::find().order_by_asc(script::Column::Id).limit(limit + 1);
        if let Some(after) = after {
            query = query.filter(script::Column::Id.gt(after));
        }
        if let Some(script_type) = filter.script_type {
            query = query.filter(script::Column::ScriptType.eq(to_entity_type(script_type)));
        }
        if let Some(status) = filter.status {
            query = query.filter(script::Column::Status.eq(to_entity_status(status)));
        }
        if let Some(author) = &filter.author {
            query = query.filter(script::Column::Author.eq(author.as_str()));
        }
        if let Some(tag) = &filter.tag {
            query = query.filter(has_tag(backend, tag));
        }
        if let Some(text) = &filter.query {
            query = query.filter(contains_text(backend, text));
        }
        let mut rows = query.all(&self.db).await?;
        let next = if rows.len() as u64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|row| row.id)
        } else {
            None
        };

        let keys: Vec<(Uuid, i32)> = rows.iter().map(|row| (row.id, row.current_revision)).collect();
        let mut revisions = self.revisions(&keys, view).await?;
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

    /// Loads the given (script, revision) pairs in one query; content only in the full view.
    async fn revisions(&self, keys: &[(Uuid, i32)], view: View) -> Result<Vec<Revision>, Error> {
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
        let query = script_revision::Entity::find().filter(condition);
        match view {
            View::Full => query.all(&self.db).await?.into_iter().map(full_revision).collect(),
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
                .all(&self.db)
                .await?
                .into_iter()
                .map(basic_revision)
                .collect(),
        }
    }
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
        warnings: read_warnings(meta.warnings)?,
    })
}

fn full_revision(model: script_revision::Model) -> Result<Revision, Error> {
    Ok(Revision {
        script_id: model.script_id,
        revision: model.revision,
        version: model.version,
        content: Some(model.content),
        parsed_content: Some(model.parsed_content),
        content_sha256: model.content_sha256,
        author: model.author,
        created_at: model.created_at,
        warnings: read_warnings(model.warnings)?,
    })
}

fn read_warnings(raw: serde_json::Value) -> Result<Vec<validation::Issue>, Error> {
    serde_json::from_value(raw).map_err(|e| Error::Corrupt(format!("revision warnings: {e}")))
}

fn to_script(row: script::Model, revision: Option<Revision>) -> Result<Script, Error> {
    let tags: Vec<String> =
        serde_json::from_value(row.tags).map_err(|e| Error::Corrupt(format!("script tags: {e}")))?;
    Ok(Script {
        id: row.id,
        name: row.name,
        script_type: match row.script_type {
            script::ScriptType::Session => ScriptType::Session,
            script::ScriptType::Technique => ScriptType::Technique,
            script::ScriptType::Awareness => ScriptType::Awareness,
        },
        status: match row.status {
            script::ScriptStatus::Draft => ScriptStatus::Draft,
            script::ScriptStatus::Published => ScriptStatus::Published,
            script::ScriptStatus::Archived => ScriptStatus::Archived,
        },
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

fn to_entity_type(script_type: ScriptType) -> script::ScriptType {
    match script_type {
        ScriptType::Session => script::ScriptType::Session,
        ScriptType::Technique => script::ScriptType::Technique,
        ScriptType::Awareness => script::ScriptType::Awareness,
    }
}

fn to_entity_status(status: ScriptStatus) -> script::ScriptStatus {
    match status {
        ScriptStatus::Draft => script::ScriptStatus::Draft,
        ScriptStatus::Published => script::ScriptStatus::Published,
        ScriptStatus::Archived => script::ScriptStatus::Archived,
    }
}

/// Tags are a JSON array; membership is tested natively per backend.
/// (Custom SQL takes the backend's own placeholder: `$1` or `?`.)
fn has_tag(backend: DatabaseBackend, tag: &str) -> Expr {
    match backend {
        DatabaseBackend::Postgres => Expr::cust_with_values(
            r#""scripts"."tags" @> jsonb_build_array(CAST($1 AS text))"#,
            [tag.to_owned()],
        ),
        _ => Expr::cust_with_values(
            r#"EXISTS (SELECT 1 FROM json_each("scripts"."tags") AS t WHERE t.value = ?)"#,
            [tag.to_owned()],
        ),
    }
}

/// `search_text` contains `text` literally; both sides are case-folded in Rust,
/// so this behaves the same on both backends and for any script.
fn contains_text(backend: DatabaseBackend, text: &str) -> Expr {
    let pattern = format!("%{}%", escape_like(text));
    let sql = match backend {
        DatabaseBackend::Postgres => r#""scripts"."search_text" LIKE $1 ESCAPE '\'"#,
        _ => r#""scripts"."search_text" LIKE ? ESCAPE '\'"#,
    };
    Expr::cust_with_values(sql, [pattern])
}

/// Escapes LIKE wildcards so user text matches literally (with `ESCAPE '\'`).
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn new_etag() -> String {
    Uuid::now_v7().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like(r"50%_a\b"), r"50\%\_a\\b");
    }
}
