//! What a memory was and what replaced it: duplicates found before a create,
//! supersession, and the earlier states updates keep.

use super::{
    ColumnTrait, Condition, DatabaseTransaction, EntityTrait, Error, Expr, Memory, MemoryStore, Query, QueryFilter,
    QueryOrder, QuerySelect, Set, Uuid, importance_from_entity, importance_to_entity, memories, memory, new_etag,
    not_expired, not_superseded,
};
use crate::{
    domain::memory::{MemoryRevision, NewMemory},
    entity::memory_history,
};
use agentbase_platform::paging::{Direction, Keyset};

impl MemoryStore {
    /// One page of a memory's earlier states, newest first (versions below `before`).
    pub async fn history(
        &self,
        id: Uuid,
        before: Option<i32>,
        limit: u64,
    ) -> Result<(Vec<MemoryRevision>, Option<i32>), Error> {
        // Only while the memory is there for callers (not expired, nor in an
        // expired session): its history goes with it.
        let visible = Query::select()
            .expr(Expr::val(1))
            .from(memories::Entity)
            .cond_where(Condition::all().add(memories::Column::Id.eq(id)).add(not_expired()))
            .to_owned();
        let query = memory_history::Entity::find()
            .filter(memory_history::Column::MemoryId.eq(id))
            .filter(agentbase_platform::tenant::confined::<memory_history::Entity>())
            .filter(Expr::exists(visible))
            .keyset(memory_history::Column::Version, Direction::Descending, before, limit);
        let mut rows = query.all(&self.db).await?;
        // An empty page asks whether the memory is there at all.
        if rows.is_empty() {
            self.read(id).await?;
        }
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |row| row.version);
        let revisions = rows
            .into_iter()
            .map(|row| {
                Ok(MemoryRevision {
                    version: row.version,
                    content: row.content,
                    importance: importance_from_entity(row.importance),
                    tags: serde_json::from_value(row.tags)
                        .map_err(|e| Error::corrupt(format!("memory history tags: {e}")))?,
                    replaced_at: row.replaced_at,
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok((revisions, next))
    }
}

/// A live memory of the same user, session and type as `new` with the same
/// content key. Creates of one content take turns first, so that two of them
/// at once cannot both miss each other.
pub(super) async fn same_memory(
    txn: &DatabaseTransaction,
    new: &NewMemory,
    content_key: &str,
) -> Result<Option<Uuid>, Error> {
    let session_id = new.session_id.map(|id| id.to_string()).unwrap_or_default();
    let key = [
        "memory content",
        new.user_id.as_deref().unwrap_or(""),
        &session_id,
        &new.memory_type,
        content_key,
    ];
    agentbase_platform::db::lock_key(txn, &key).await?;
    let mut query = memories::Entity::find()
        .select_only()
        .column(memories::Column::Id)
        .column(memories::Column::Content)
        .filter(memories::Column::ContentKey.eq(content_key))
        .filter(memories::Column::MemoryType.eq(new.memory_type.as_str()))
        .filter(not_superseded())
        .filter(not_expired())
        .order_by_asc(memories::Column::Id)
        .limit(SAME_KEY_CANDIDATES);
    query = match &new.user_id {
        Some(user_id) => query.filter(memories::Column::UserId.eq(user_id.as_str())),
        None => query.filter(memories::Column::UserId.is_null()),
    };
    query = match new.session_id {
        Some(session_id) => query.filter(memories::Column::SessionId.eq(session_id)),
        None => query.filter(memories::Column::SessionId.is_null()),
    };
    let candidates: Vec<(Uuid, String)> = query.into_tuple().all(txn).await?;
    Ok(candidates
        .into_iter()
        .find(|(_, content)| memory::same_content(content, &new.content))
        .map(|(id, _)| id))
}

/// Live memories of one user, session and type sharing a content key that a
/// create compares with at most: only symbols tell them apart, so more than
/// a few is a user storing the same words with ever other emoji, and a
/// create beyond them stores one more.
const SAME_KEY_CANDIDATES: u64 = 32;

/// Marks the live memory `old` of the same user as superseded by `by`.
pub(super) async fn supersede(
    txn: &DatabaseTransaction,
    old: Uuid,
    by: Uuid,
    user_id: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    let same_user = match user_id {
        Some(user_id) => memories::Column::UserId.eq(user_id),
        None => memories::Column::UserId.is_null(),
    };
    let marked = memories::Entity::update_many()
        .col_expr(memories::Column::SupersededBy, Expr::value(by))
        .col_expr(memories::Column::Etag, Expr::value(new_etag()))
        .col_expr(memories::Column::UpdatedAt, Expr::value(now))
        .filter(memories::Column::Id.eq(old))
        .filter(same_user.clone())
        .filter(not_superseded())
        .filter(not_expired())
        .exec(txn)
        .await?;
    if marked.rows_affected == 1 {
        return Ok(());
    }
    let superseded_by = memories::Entity::find_by_id(old)
        .filter(same_user)
        .filter(not_expired())
        .select_only()
        .column(memories::Column::SupersededBy)
        .into_tuple::<Option<Uuid>>()
        .one(txn)
        .await?
        .flatten();
    Err(match superseded_by {
        Some(by) => Error::AlreadySuperseded { id: old, by },
        None => Error::MemoryNotFound(old.to_string()),
    })
}

/// Keeps `current`'s content, importance and tags as the memory's next
/// revision, before an update replaces them (under the memory's row lock).
pub(super) async fn keep_revision(
    txn: &DatabaseTransaction,
    current: &Memory,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    let latest = memory_history::Entity::find()
        .select_only()
        .column_as(memory_history::Column::Version.max(), "latest")
        .filter(memory_history::Column::MemoryId.eq(current.id))
        .filter(agentbase_platform::tenant::confined::<memory_history::Entity>())
        .into_tuple::<Option<i32>>()
        .one(txn)
        .await?
        .flatten();
    memory_history::Entity::insert(memory_history::ActiveModel {
        memory_id: Set(current.id),
        version: Set(latest.unwrap_or(0) + 1),
        content: Set(current.content.clone()),
        importance: Set(importance_to_entity(current.importance)),
        tags: Set(serde_json::json!(current.tags)),
        replaced_at: Set(now),
        tenant_id: Set(agentbase_platform::tenant::current()),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}
