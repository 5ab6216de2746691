//! Persistence of memories; the only user of the memory entity.

use agentbase_platform::paging::{Direction, Keyset};
use agentbase_platform::write::Write;
use std::{sync::Arc, time::Duration};

use agentbase_platform::{
    admission::{Admission, Permit},
    db::lock_by_id,
    idempotency::Once,
    ids::new_etag,
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, IdenStatic,
    Iterable, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    sea_query::{Alias, DynIden, Expr, ExprTrait, IntoIden, Query},
};
use uuid::Uuid;

use crate::{
    domain::memory::{self, CreateMemory, Importance, Memory, MemoryFilter, SearchMemories, UpdateMemory},
    entity::{memory as memories, session},
    error::Error,
};

mod history;
mod search;

use history::{keep_revision, same_memory, supersede};

const CREATE_MEMORY: &str = "CreateMemory";

/// How long a search outside any call may wait for a place.
const SEARCH_PATIENCE: Duration = Duration::from_secs(30);

/// Reads and writes memories.
#[derive(Clone)]
pub struct MemoryStore {
    db: DatabaseConnection,
    /// Places for searches (a bulkhead: docs/ARCHITECTURE.md); none, no bound.
    searches: Option<Arc<Admission>>,
}

impl MemoryStore {
    /// A store over the sessions database.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db, searches: None }
    }

    /// The same store, whose searches take a place of `searches` (keyed by
    /// the user searched) for as long as they run.
    pub fn with_search_places(self, searches: Arc<Admission>) -> Self {
        Self {
            searches: Some(searches),
            ..self
        }
    }

    /// A place for a search of `user_id`, waited for as long as half the
    /// call's time left.
    async fn search_place(&self, user_id: Option<&str>) -> Result<Option<Permit>, Error> {
        let Some(searches) = &self.searches else {
            return Ok(None);
        };
        let patience = agentbase_platform::db::time_left().unwrap_or(SEARCH_PATIENCE) / 2;
        let caller = match user_id {
            Some(user_id) => format!("user:{user_id}"),
            None => "unscoped".to_owned(),
        };
        searches
            .admit(&caller, "SearchMemories", patience)
            .await
            .map(Some)
            .map_err(|_| Error::SearchBusy)
    }

    /// Creates a memory; with a request id, a retry returns the first result.
    /// A live memory of the same user, session and type with the same
    /// content is answered instead, and nothing is written. With
    /// `supersedes`, the memory it names is marked superseded in the same
    /// transaction.
    pub async fn create(&self, command: CreateMemory) -> Result<Memory, Error> {
        match self.create_unless_known(command).await {
            // The transaction that found it rolled back, request id and all:
            // a retry finds it again.
            Err(Error::SameMemory(existing)) => read_any_memory(&self.db, existing).await,
            created => created,
        }
    }

    async fn create_unless_known(&self, command: CreateMemory) -> Result<Memory, Error> {
        let CreateMemory {
            memory: new, request, ..
        } = command;
        let once = Once {
            operation: CREATE_MEMORY,
            request: request.as_ref(),
        };
        let id = Uuid::now_v7();
        let now = agentbase_platform::time::now();
        let search_text = memory::search_text(&new.content, &new.tags);
        let content_key = memory::content_key(&new.content);
        let search_scope = memory::search_scope(new.user_id.as_deref(), new.session_id, &new.memory_type);
        // A replay answers as a read would: a memory that expired since (or
        // whose session did) is gone.
        let read = |id| async move {
            if !is_visible(&self.db, id).await? {
                return Err(Error::MemoryNotFound(id.to_string()));
            }
            read_any_memory(&self.db, id).await
        };
        once.replay_or_create(&self.db, id, read, |txn| async move {
            // A session past its expiry is gone: nothing more belongs to it.
            if let Some(session_id) = new.session_id
                && !session_is_live(&txn, session_id, now).await?
            {
                return Err(Error::SessionNotFound(session_id.to_string()));
            }
            if let Some(existing) = same_memory(&txn, &new, &content_key).await? {
                return Err(Error::SameMemory(existing));
            }
            memories::Entity::insert(memories::ActiveModel {
                id: Set(id),
                session_id: Set(new.session_id),
                user_id: Set(new.user_id.clone()),
                memory_type: Set(new.memory_type),
                search_text: Set(search_text.clone()),
                content: Set(new.content),
                importance: Set(importance_to_entity(new.importance)),
                importance_rank: Set(new.importance.rank()),
                tags: Set(serde_json::json!(new.tags)),
                metadata: Set(new.metadata),
                access_count: Set(0),
                accessed_at: Set(None),
                expires_at: Set(new.expires_at),
                etag: Set(new_etag()),
                created_at: Set(now),
                updated_at: Set(now),
                content_key: Set(Some(content_key.clone())),
                supersedes: Set(new.supersedes),
                superseded_by: Set(None),
                search_keys: Set(memory::search_keys(&search_text)),
                search_scope: Set(search_scope),
                tenant_id: Set(agentbase_platform::tenant::current()),
            })
            .exec_without_returning(&txn)
            .await
            .map_err(|err| match agentbase_platform::db::classify(&err) {
                agentbase_platform::db::DbFailure::ForeignKeyViolation => {
                    Error::SessionNotFound(new.session_id.map(|s| s.to_string()).unwrap_or_default())
                }
                _ => Error::from(err),
            })?;
            if let Some(old) = new.supersedes {
                supersede(&txn, old, id, new.user_id.as_deref(), now).await?;
            }
            let read = read_any_memory(&txn, id).await?;
            agentbase_platform::audit::record(&txn, id).await?;
            Ok((txn, read))
        })
        .await
    }

    async fn read(&self, id: Uuid) -> Result<Memory, Error> {
        let row = readable(memories::Entity::find_by_id(id).filter(not_expired()))
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::MemoryNotFound(id.to_string()))?;
        to_memory(row)
    }

    /// Reads a memory and counts the access in one atomic increment.
    pub async fn get(&self, id: Uuid) -> Result<Memory, Error> {
        let counted = memories::Entity::update_many()
            .col_expr(
                memories::Column::AccessCount,
                Expr::col(memories::Column::AccessCount).add(1),
            )
            .col_expr(
                memories::Column::AccessedAt,
                Expr::value(agentbase_platform::time::now()),
            )
            .filter(memories::Column::Id.eq(id))
            .filter(not_expired());
        let write = agentbase_platform::db::OneWrite::on(&self.db).await?;
        let counted = counted.exec(&write).await?;
        write.commit().await?;
        if counted.rows_affected == 0 {
            return Err(Error::MemoryNotFound(id.to_string()));
        }
        self.read(id).await
    }

    /// One page of unexpired memories, newest first.
    pub async fn list(
        &self,
        filter: &MemoryFilter,
        before: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<Memory>, Option<Uuid>), Error> {
        let query = memories::Entity::find().filter(filtered(filter)).keyset(
            memories::Column::Id,
            Direction::Descending,
            before,
            limit,
        );
        let mut rows = readable(query).all(&self.db).await?;
        if rows.is_empty() {
            self.session_named_is_live(filter).await?;
        }
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |r| r.id);
        Ok((rows.into_iter().map(to_memory).collect::<Result<_, _>>()?, next))
    }

    /// An empty answer about one session tells whether the session is there
    /// at all: one past its expiry is NOT_FOUND, as to every other call.
    async fn session_named_is_live(&self, filter: &MemoryFilter) -> Result<(), Error> {
        match filter.session_id {
            Some(id) if !session_is_live(&self.db, id, agentbase_platform::time::now()).await? => {
                Err(Error::SessionNotFound(id.to_string()))
            }
            _ => Ok(()),
        }
    }

    /// Unexpired memories containing every term, best first: the first
    /// window of matches in the engine's order, ranked in the database
    /// (`search`).
    pub async fn search(&self, search: &SearchMemories) -> Result<Vec<(Memory, f64)>, Error> {
        let Some(plan) = search.plan() else {
            self.session_named_is_live(&search.filter).await?;
            return Ok(Vec::new());
        };
        let _place = self.search_place(search.filter.user_id.as_deref()).await?;
        let ranked = search::ranked(&self.db, &plan, &search.filter, &search.terms, search.limit).await?;
        if ranked.is_empty() {
            self.session_named_is_live(&search.filter).await?;
        }
        ranked
            .into_iter()
            .map(|(model, relevance)| Ok((to_memory(model)?, relevance as f64)))
            .collect()
    }

    /// Applies a patch under the row lock.
    pub async fn update(&self, command: UpdateMemory) -> Result<Memory, Error> {
        let UpdateMemory { id, patch, etag, .. } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_by_id::<memories::Entity>(txn, memories::Column::Id, id)
            .await?
            .ok_or_else(|| Error::MemoryNotFound(id.to_string()))?;
        if !is_visible(txn, id).await? {
            return Err(Error::MemoryNotFound(id.to_string()));
        }
        agentbase_platform::ids::check_etag(&row.etag, etag.as_deref())?;
        let current = to_memory(row.clone())?;
        let indexed_text = row.search_text.clone();
        let mut active: memories::ActiveModel = row.into();
        let content = patch.content.unwrap_or_else(|| current.content.clone());
        let tags = patch.tags.unwrap_or_else(|| current.tags.clone());
        let search_text = memory::search_text(&content, &tags);
        let importance = patch.importance.unwrap_or(current.importance);
        let now = agentbase_platform::time::now();
        if memory::changes_revision(&current, &content, importance, &tags) {
            keep_revision(txn, &current, now).await?;
        }
        // The text index is rewritten (a trigger on SQLite, a generated
        // column on PostgreSQL) when what it holds is written: only then.
        if search_text != indexed_text {
            active.search_keys = Set(memory::search_keys(&search_text));
        }
        if importance != current.importance {
            active.importance = Set(importance_to_entity(importance));
            active.importance_rank = Set(importance.rank());
        }
        if let Some(memory_type) = patch
            .memory_type
            .filter(|memory_type| *memory_type != current.memory_type)
        {
            active.search_scope = Set(memory::search_scope(
                current.user_id.as_deref(),
                current.session_id,
                &memory_type,
            ));
            active.memory_type = Set(memory_type);
        }
        active.search_text = Set(search_text);
        active.content_key = Set(Some(memory::content_key(&content)));
        active.content = Set(content);
        active.tags = Set(serde_json::json!(tags));
        if let Some(metadata) = patch.metadata {
            active.metadata = Set(metadata);
        }
        if let Some(expires_at) = patch.expires_at {
            active.expires_at = Set(expires_at);
        }
        active.etag = Set(new_etag());
        active.updated_at = Set(now);
        active.update(txn).await?;
        let read = read_any_memory(txn, id).await?;
        write.commit(id).await?;
        Ok(read)
    }

    /// Deletes a memory.
    pub async fn delete(&self, id: Uuid, etag: Option<&str>) -> Result<(), Error> {
        let query = memories::Entity::delete_many()
            .filter(memories::Column::Id.eq(id))
            .filter(not_expired())
            .filter(agentbase_platform::write::etag_condition(memories::Column::Etag, etag));
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        if query.exec(txn).await?.rows_affected == 1 {
            write.commit(id).await?;
            return Ok(());
        }
        let exists = is_visible(txn, id).await?;
        Err(if exists {
            // The row is there and the DELETE matched nothing: its etag moved on.
            Error::etag_mismatch()
        } else {
            Error::MemoryNotFound(id.to_string())
        })
    }

    /// Deletes (or counts, with `dry_run`) memories whose expiry has passed, in one statement.
    pub async fn purge_expired(&self, dry_run: bool) -> Result<u64, Error> {
        let expired = Condition::all()
            .add(memories::Column::ExpiresAt.lte(agentbase_platform::time::now()))
            .add(agentbase_platform::tenant::confined::<memories::Entity>());
        if dry_run {
            use sea_orm::PaginatorTrait;
            Ok(memories::Entity::find().filter(expired).count(&self.db).await?)
        } else {
            let write = Write::begin(&self.db).await?;
            let txn = write.txn();
            let purged = memories::Entity::delete_many().filter(expired).exec(txn).await?;
            write.commit("").await?;
            Ok(purged.rows_affected)
        }
    }
}

/// Whether memory `id` is there for callers: not expired, nor in an expired
/// session (one query).
async fn is_visible(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, Error> {
    Ok(memories::Entity::find_by_id(id)
        .filter(not_expired())
        .select_only()
        .column(memories::Column::Id)
        .into_tuple::<Uuid>()
        .one(db)
        .await?
        .is_some())
}

/// Whether session `id` exists and has not expired at `now` (one query).
async fn session_is_live(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, Error> {
    Ok(session::Entity::find_by_id(id)
        .filter(agentbase_platform::tenant::confined::<session::Entity>())
        .filter(session::live(now))
        .select_only()
        .column(session::Column::Id)
        .into_tuple::<Uuid>()
        .one(db)
        .await?
        .is_some())
}

/// Memories that have not expired, in sessions that have not: a session's
/// memories are hidden from the moment it expires, before the sweeper
/// deletes them with it (one probe of the session's key per memory of a
/// session).
fn not_expired() -> Condition {
    live_memory(memories::Entity.into_iden())
}

/// Memories of `table` (the `memories` table, or an alias of it) of the
/// running tenant (and end user, for an end user's call) that have not
/// expired, nor are in a session that has.
fn live_memory(table: DynIden) -> Condition {
    let now = agentbase_platform::time::now();
    let session_expired = Query::select()
        .expr(Expr::val(1))
        .from(session::Entity)
        .and_where(
            Expr::col((session::Entity, session::Column::Id)).equals((table.clone(), memories::Column::SessionId)),
        )
        .and_where(Expr::col((session::Entity, session::Column::ExpireAt)).lte(now))
        .to_owned();
    let mut confined = Condition::all().add(agentbase_platform::tenant::is_current((
        table.clone(),
        memories::Column::TenantId,
    )));
    if let Some(user) = agentbase_platform::tenant::end_user() {
        confined = confined.add(agentbase_platform::tenant::of_end_user(table.clone(), &user));
    }
    confined
        .add(
            Condition::any()
                .add(Expr::col((table.clone(), memories::Column::ExpiresAt)).is_null())
                .add(Expr::col((table.clone(), memories::Column::ExpiresAt)).gt(now)),
        )
        .add(
            Condition::any()
                .add(Expr::col((table, memories::Column::SessionId)).is_null())
                .add(Expr::exists(session_expired).not()),
        )
}

/// Memories no live memory supersedes. A successor that expired (or whose
/// session did) is as good as purged, and the purge sets `superseded_by` to
/// NULL: the memory it superseded is live again, before the purge as after.
pub(super) fn not_superseded() -> Condition {
    Condition::any()
        .add(Expr::col((memories::Entity, memories::Column::SupersededBy)).is_null())
        .add(Expr::exists(live_linked(memories::Column::SupersededBy)).not())
}

/// `SELECT 1` of the memory the row's `link` names, if that memory is live.
fn live_linked(link: memories::Column) -> sea_orm::sea_query::SelectStatement {
    let linked = Alias::new("linked");
    Query::select()
        .expr(Expr::val(1))
        .from_as(memories::Entity, linked.clone())
        .and_where(Expr::col((linked.clone(), memories::Column::Id)).equals((memories::Entity, link)))
        .cond_where(live_memory(linked.into_iden()))
        .to_owned()
}

/// A supersession link (`superseded_by`, `supersedes`) as callers read it:
/// the memory it names while that memory is live, NULL once it is not —
/// as the purge leaves it (`ON DELETE SET NULL`) when the memory is gone.
fn live_link(column: memories::Column) -> Option<Expr> {
    matches!(column, memories::Column::SupersededBy | memories::Column::Supersedes).then(|| {
        sea_orm::sea_query::CaseStatement::new()
            .case(Expr::exists(live_linked(column)), Expr::col((memories::Entity, column)))
            .into()
    })
}

/// Every column of a memory as callers read it ([`live_link`]).
pub(super) fn readable_columns(
    select: &mut sea_orm::sea_query::SelectStatement,
) -> &mut sea_orm::sea_query::SelectStatement {
    for column in memories::Column::iter() {
        match live_link(column) {
            Some(link) => select.expr_as(link, Alias::new(column.as_str())),
            None => select.column((memories::Entity, column)),
        };
    }
    select
}

/// `select` reading memories as callers see them ([`readable_columns`]).
fn readable(select: sea_orm::Select<memories::Entity>) -> sea_orm::Selector<sea_orm::SelectModel<memories::Model>> {
    let mut select = select.select_only();
    readable_columns(QueryTrait::query(&mut select));
    select.into_model::<memories::Model>()
}

fn filtered(filter: &MemoryFilter) -> Condition {
    let mut condition = Condition::all().add(not_expired());
    if !filter.include_superseded {
        condition = condition.add(not_superseded());
    }
    if let Some(session_id) = filter.session_id {
        condition = condition.add(memories::Column::SessionId.eq(session_id));
    }
    if let Some(user_id) = &filter.user_id {
        condition = condition.add(memories::Column::UserId.eq(user_id.as_str()));
    }
    if let Some(memory_type) = &filter.memory_type {
        condition = condition.add(memories::Column::MemoryType.eq(memory_type.as_str()));
    }
    if let Some(min) = filter.min_importance {
        condition = condition.add(memories::Column::ImportanceRank.gte(min.rank()));
    }
    condition
}

fn importance_to_entity(importance: Importance) -> memories::Importance {
    match importance {
        Importance::Low => memories::Importance::Low,
        Importance::Medium => memories::Importance::Medium,
        Importance::High => memories::Importance::High,
        Importance::Critical => memories::Importance::Critical,
    }
}

fn importance_from_entity(importance: memories::Importance) -> Importance {
    match importance {
        memories::Importance::Low => Importance::Low,
        memories::Importance::Medium => Importance::Medium,
        memories::Importance::High => Importance::High,
        memories::Importance::Critical => Importance::Critical,
    }
}

fn to_memory(row: memories::Model) -> Result<Memory, Error> {
    Ok(Memory {
        id: row.id,
        session_id: row.session_id,
        user_id: row.user_id,
        memory_type: row.memory_type,
        content: row.content,
        importance: importance_from_entity(row.importance),
        tags: serde_json::from_value(row.tags).map_err(|e| Error::corrupt(format!("memory tags: {e}")))?,
        metadata: row.metadata,
        access_count: row.access_count,
        accessed_at: row.accessed_at,
        expires_at: row.expires_at,
        etag: row.etag,
        created_at: row.created_at,
        updated_at: row.updated_at,
        supersedes: row.supersedes,
        superseded_by: row.superseded_by,
    })
}

/// A memory as stored, expired or not (what a create returns).
async fn read_any_memory<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Memory, Error> {
    let row =
        readable(memories::Entity::find_by_id(id).filter(agentbase_platform::tenant::confined::<memories::Entity>()))
            .one(conn)
            .await?
            .ok_or_else(|| Error::MemoryNotFound(id.to_string()))?;
    to_memory(row)
}
